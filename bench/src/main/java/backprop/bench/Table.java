package backprop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one table bench/run prints: examples/s of every program (the median of the rounds), its
 * GFLOP/s and its share of the machine's GEMM limit, the BLAS each baseline ran, the targets as
 * medians of each round's ratio, and the garbage collections.
 */
final class Table {

    /** Weights and biases of the [784, 30, 10] network: N, the count of the 6N rule. */
    static final long PARAMETERS = 784L * 30 + 30 + 30L * 10 + 10;

    /** Floating-point operations per example by the 6N rule: 2N forward, 2N for δ, 2N for ∂C/∂w. */
    static final double FLOPS_PER_EXAMPLE = 6.0 * PARAMETERS;

    private Table() {
    }

    /**
     * Everything a run gathered: each number by key and round (rounds counted from 1), the text
     * lines ("blas …", "versions", "machine-settings") by key, notes and load averages.
     */
    record Results(Map<String, TreeMap<Integer, Double>> numbers, Map<String, String> text,
                   List<String> notes, List<String> loads, int rounds) {

        /** The median over the rounds, or null if never measured. */
        Double median(String key) {
            TreeMap<Integer, Double> byRound = numbers.get(key);
            return byRound == null ? null : Table.median(byRound.values());
        }

        /** The largest over the rounds (a limit: the best the machine showed), or null. */
        Double best(String key) {
            TreeMap<Integer, Double> byRound = numbers.get(key);
            return byRound == null ? null : byRound.values().stream().max(Double::compare).orElse(null);
        }

        /** The last round's value (counts: collections, bytes, epochs), or null. */
        Double last(String key) {
            TreeMap<Integer, Double> byRound = numbers.get(key);
            return byRound == null ? null : byRound.lastEntry().getValue();
        }
    }

    /**
     * Reads the lines of every round: "java:KEY TAB VALUE" from Workload --emit, "KEY TAB VALUE"
     * from the Python scripts, "round", "load", "note", "versions", "blas …" and
     * "machine-settings" lines. A line before the first "round" belongs to round 1.
     */
    static Results read(Path file) throws IOException {
        Map<String, TreeMap<Integer, Double>> numbers = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        int round = 0;
        for (String line : Files.readAllLines(file)) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                continue;
            }
            String key = line.substring(0, tab).strip();
            String value = line.substring(tab + 1).strip();
            switch (key) {
                case "note" -> {
                    if (!notes.contains(value)) {
                        notes.add(value);
                    }
                }
                case "load" -> loads.add(value);
                case "round" -> round++;
                default -> {
                    String k = key.startsWith("java:") ? key.substring(5) : key;
                    Double v = number(value);
                    if (v == null) {
                        text.put(k, value);
                    } else {
                        numbers.computeIfAbsent(k, x -> new TreeMap<>()).put(Math.max(round, 1), v);
                    }
                }
            }
        }
        return new Results(numbers, text, notes, loads, Math.max(round, 1));
    }

    /** A program of the table: its name, its key (with %d for the batch size), the threads it may use. */
    private record Program(String name, String key, int threads) {
    }

    static String render(Results r, String cpu, boolean vectorApi) {
        StringBuilder out = new StringBuilder();
        out.append("\nBackprop Lab training speed: [784, 30, 10] sigmoid, quadratic cost, plain SGD η = 3, ")
                .append("10,000 synthetic MNIST-shaped examples, float64\n");
        out.append("examples per second, the median of the rounds (each the median of several epochs after warm-up); ")
                .append("higher is better\n\n");
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s, Java %s (%s)%n",
                Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name")));
        out.append("python:  ").append(r.text().getOrDefault("versions", "numpy/torch not measured")).append('\n');
        out.append("load average (1, 5, 15 min), as each part of the run began and ended:\n");
        for (String load : r.loads()) {
            out.append("  ").append(load).append('\n');
        }
        out.append(r.rounds()).append(r.rounds() == 1 ? " round\n" : " rounds, Python and Java in alternating order\n");

        Double limit1 = r.best("gemm 1thread");
        Double limit2 = r.best("gemm 2thread");
        if (limit1 != null) {
            out.append(String.format(Locale.ROOT, "%nthe machine's limit, float64 GEMM of large square matrices "
                    + "(numpy, best kernels): %.1f GFLOP/s on 1 thread, %.1f on 2%n", limit1,
                    limit2 == null ? Double.NaN : limit2));
            out.append(String.format(Locale.ROOT, "each program's GFLOP/s counts 6N = %,.0f operations per example "
                    + "(N = %,d weights and biases), against the limit for the threads it may use%n",
                    FLOPS_PER_EXAMPLE, PARAMETERS));
        }
        out.append('\n');

        String kernels = vectorApi ? "Vector API kernels" : "plain-Java kernels";
        String settings = r.text().getOrDefault("machine-settings", "?");
        Program[] programs = {
            new Program("Backprop Lab, FastSgd (" + kernels + ", as many threads as pay: 2)", "java fast %d", 2),
            new Program("Backprop Lab, FastSgd, " + kernels + ", 1 thread", "java fast %d 1thread", 1),
            new Program("Backprop Lab, FastSgd, plain-Java kernels (no Vector API), 2 threads", "java fast %d plain", 2),
            new Program("Backprop Lab, FastSgd's per-example loop (Sgd.perExample(), 1 thread)", "java fast per-example %d", 1),
            new Program("Backprop Lab, per-example, readable (Sgd.perExample(), network.py's loop)", "java per-example %d", 1),
            new Program("Backprop Lab, Sgd.train (readable: net.backprop + sgd.step)", "java readable matrix %d", 1),
            new Program("numpy, per-example loop (network.py)", "numpy per-example %d", 2),
            new Program("numpy, whole mini-batch as matrices (OpenBLAS on all cores)", "numpy matrix %d", 2),
            new Program("numpy, whole mini-batch as matrices, OpenBLAS on 1 thread", "numpy matrix 1thread %d", 1),
            new Program("numpy, matrices, 1 thread, on this machine's OpenBLAS settings (below)",
                    "numpy matrix machine-settings %d", 1),
            new Program("PyTorch CPU, 1 thread", "torch 1thread %d", 1),
            new Program("PyTorch CPU, 2 threads", "torch 2threads %d", 2),
        };
        int width = Arrays.stream(programs).mapToInt(p -> p.name().length()).max().orElse(7);
        String format = "| %-" + width + "s | %10s | %15s | %10s | %15s |%n";
        out.append(String.format(Locale.ROOT, format, "program", "batch 10", "GFLOP/s (limit)", "batch 100",
                "GFLOP/s (limit)"));
        out.append("|").append("-".repeat(width + 2)).append("|-----------:|----------------:|-----------:|----------------:|\n");
        StringBuilder ranges = new StringBuilder();
        for (Program p : programs) {
            Double b10 = r.median(key(p, 10));
            Double b100 = r.median(key(p, 100));
            if (b10 == null && b100 == null) {
                continue;
            }
            Double limit = p.threads() == 1 ? limit1 : limit2;
            out.append(String.format(Locale.ROOT, format, p.name(), rate(b10), flops(b10, limit), rate(b100),
                    flops(b100, limit)));
            ranges.append(String.format(Locale.ROOT, "  %-" + width + "s  %s   %s%n", p.name(),
                    range(r, key(p, 10)), range(r, key(p, 100))));
        }
        out.append("\nthis machine's OpenBLAS settings: ").append(settings)
                .append(" (the other baselines run without them)\n");
        if (r.rounds() > 1) {
            out.append("\nrun-to-run range over the rounds (lowest–highest), batch 10 then batch 100:\n").append(ranges);
        }

        out.append("\nthe BLAS each baseline ran (threadpoolctl; bench/python/blas.py stops a baseline that is not "
                + "on the best kernels for this CPU):\n");
        boolean anyBlas = false;
        for (Map.Entry<String, String> e : r.text().entrySet()) {
            if (e.getKey().startsWith("blas ")) {
                out.append(String.format(Locale.ROOT, "  %-32s %s%n", e.getKey().substring(5), e.getValue()));
                anyBlas = true;
            }
        }
        if (!anyBlas) {
            out.append("  (no Python baselines ran)\n");
        }

        out.append("\ntargets: the median of each round's ratio (against the faster of the baseline's thread settings "
                + "in that round):\n");
        ratio(out, r, "batch 10:  FastSgd / numpy matrix form", "java fast 10", 1.5,
                "numpy matrix 10", "numpy matrix 1thread 10");
        ratio(out, r, "batch 10:  FastSgd / PyTorch CPU", "java fast 10", 5.0,
                "torch 1thread 10", "torch 2threads 10");
        ratio(out, r, "batch 100: FastSgd / numpy matrix form", "java fast 100", 1.2,
                "numpy matrix 100", "numpy matrix 1thread 100");
        ratio(out, r, "batch 10:  per-example loop / numpy per-example", "java fast per-example 10", 3.0,
                "numpy per-example 10");
        ratio(out, r, "batch 100: per-example loop / numpy per-example", "java fast per-example 100", 3.0,
                "numpy per-example 100");
        collections(out, r);
        DigitsTask.render(out, r);
        if (!r.notes().isEmpty()) {
            out.append('\n');
            for (String note : r.notes()) {
                out.append("note: ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static String key(Program p, int batch) {
        return String.format(Locale.ROOT, p.key(), batch);
    }

    private static String rate(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** GFLOP/s by the 6N count and its share of the limit, e.g. "41.2 (47 %)". */
    private static String flops(Double examplesPerSecond, Double limit) {
        if (examplesPerSecond == null) {
            return "–";
        }
        double gflops = examplesPerSecond * FLOPS_PER_EXAMPLE / 1e9;
        return limit == null ? String.format(Locale.ROOT, "%.1f", gflops)
                : String.format(Locale.ROOT, "%.1f (%.0f %%)", gflops, 100 * gflops / limit);
    }

    private static String range(Results r, String key) {
        TreeMap<Integer, Double> byRound = r.numbers().get(key);
        if (byRound == null) {
            return String.format(Locale.ROOT, "%21s", "–");
        }
        double lo = byRound.values().stream().min(Double::compare).orElseThrow();
        double hi = byRound.values().stream().max(Double::compare).orElseThrow();
        return String.format(Locale.ROOT, "%,9.0f–%,-11.0f", lo, hi);
    }

    /**
     * The target's ratio in each round (ours over the fastest baseline of that round), their
     * median, and whether it meets the target.
     */
    private static void ratio(StringBuilder out, Results r, String what, String ours, double needed,
                              String... baselines) {
        List<Double> ratios = new ArrayList<>();
        TreeMap<Integer, Double> mine = r.numbers().get(ours);
        for (int round = 1; mine != null && round <= r.rounds(); round++) {
            Double a = mine.get(round);
            Double b = null;
            for (String key : baselines) {
                TreeMap<Integer, Double> theirs = r.numbers().get(key);
                Double v = theirs == null ? null : theirs.get(round);
                if (v != null && (b == null || v > b)) {
                    b = v;
                }
            }
            if (a != null && b != null && b > 0) {
                ratios.add(a / b);
            }
        }
        if (ratios.isEmpty()) {
            out.append(String.format(Locale.ROOT, "  %-50s %7s   (needs ≥ %.1f×; baseline not measured)%n",
                    what, "–", needed));
            return;
        }
        double m = median(ratios);
        StringBuilder each = new StringBuilder();
        for (double x : ratios) {
            each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", x));
        }
        out.append(String.format(Locale.ROOT, "  %-50s %6.2f×   needs ≥ %.1f×   %-6s  (rounds: %s)%n", what, m,
                needed, m >= needed ? "met" : "MISSED", each));
    }

    private static void collections(StringBuilder out, Results r) {
        out.append("\nFastSgd, garbage collections during the measured epochs (JVM-wide, last round):\n");
        for (int batch : new int[] {10, 100}) {
            String key = "java fast " + batch;
            Double gc = r.last(key + " gc");
            if (gc == null) {
                continue;
            }
            double perEpoch = r.last(key + " bytes per epoch");
            double batchesPerEpoch = Math.ceil(10_000.0 / batch);
            out.append(String.format(Locale.ROOT,
                    "  batch %d: %.0f collections (%.0f ms) in %,.0f mini-batches   %s; %,.0f bytes allocated per epoch"
                            + " (%,.0f per mini-batch on average: the epoch's shuffled order and the weights"
                            + " written back)%n",
                    batch, gc, r.last(key + " gcms"), r.last(key + " batches"), gc == 0 ? "met" : "MISSED",
                    perEpoch, perEpoch / batchesPerEpoch));
        }
    }

    static double median(java.util.Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }

    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
