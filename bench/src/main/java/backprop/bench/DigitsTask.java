package backprop.bench;

import java.util.Locale;

/** The table's last part: the wall time to 95 % test accuracy on the [64, 30, 10] digits task. */
final class DigitsTask {

    private DigitsTask() {
    }

    static void render(StringBuilder out, Table.Results r) {
        if (r.median("java digits fast ms") == null) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%ndigits [64, 30, 10], η = 3, batch 10, %,.0f training / %,.0f test digits: ",
                        r.last("java digits training"), r.last("java digits test")))
                .append("wall time to 95 % test accuracy (median of runs, then of rounds)\n");
        for (String path : new String[] {"fast", "per-example"}) {
            String key = "java digits " + path;
            Double ms = r.median(key + " ms");
            if (ms != null) {
                double epochs = r.last(key + " epochs");
                String label = path.equals("fast") ? "FastSgd" : "Sgd, per-example";
                out.append(String.format(Locale.ROOT, "  %-16s %8.1f ms  (%s)%n", label, ms,
                        epochs < 0 ? "did not reach 95 % in 200 epochs"
                                : String.format(Locale.ROOT, "%.0f epochs", epochs)));
            }
        }
    }
}
