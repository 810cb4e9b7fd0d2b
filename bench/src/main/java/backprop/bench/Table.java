package backprop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one table bench/run prints: examples/s of every program, the ratios to the baselines, GC counts. */
final class Table {

    private Table() {
    }

    /** Everything a run gathered, merged over its rounds. */
    record Results(Map<String, Double> java, Map<String, String> python, List<String> notes,
                   List<String> loads, int rounds) {
    }

    /**
     * Reads the lines of every round: "java:KEY TAB VALUE" from Workload --emit, "KEY TAB VALUE"
     * from the Python scripts, "load", "note" and "versions" lines from both. A speed keeps its
     * best round (the least disturbed by whatever else ran on the machine), a time its shortest;
     * counts keep the last round's.
     */
    static Results read(Path file) throws IOException {
        Map<String, Double> java = new LinkedHashMap<>();
        Map<String, String> python = new LinkedHashMap<>();
        List<String> notes = new java.util.ArrayList<>();
        List<String> loads = new java.util.ArrayList<>();
        int rounds = 0;
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
                case "round" -> rounds++;
                default -> {
                    boolean isJava = key.startsWith("java:");
                    String k = isJava ? key.substring(5) : key;
                    Double v = number(value);
                    if (v == null) {
                        python.put(k, value);
                        continue;
                    }
                    Map<String, Double> numbers = java;
                    Double old = isJava ? java.get(k) : number(python.get(k));
                    double merged = old == null ? v
                            : k.endsWith(" ms") ? Math.min(old, v)
                            : k.contains(" gc") || k.contains(" bytes") || k.contains(" batches")
                              || k.endsWith(" epochs") ? v
                            : Math.max(old, v);
                    if (isJava) {
                        numbers.put(k, merged);
                    } else {
                        python.put(k, String.valueOf(merged));
                    }
                }
            }
        }
        return new Results(java, python, notes, loads, Math.max(rounds, 1));
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

    static String render(Results results, String cpu, boolean vectorApi) {
        Map<String, Double> java = results.java();
        Map<String, String> python = results.python();
        List<String> notes = new java.util.ArrayList<>(results.notes());
        StringBuilder out = new StringBuilder();
        out.append("\nBackprop Lab training speed: [784, 30, 10] sigmoid, quadratic cost, plain SGD η = 3, ")
                .append("10,000 synthetic MNIST-shaped examples, float64\n");
        out.append("examples per second, median of several epochs after warm-up; higher is better\n\n");
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s, Java %s (%s)%n",
                Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name")));
        out.append("python:  ").append(python.getOrDefault("versions",
                "numpy/torch not measured")).append('\n');
        out.append("load average (1, 5, 15 min), as each part of the run began and ended:\n");
        for (String load : results.loads()) {
            out.append("  ").append(load).append('\n');
        }
        if (results.rounds() > 1) {
            out.append(results.rounds()).append(" rounds, Python and Java in alternating order; each figure is ")
                    .append("its program's best round\n");
        }
        out.append('\n');

        String kernels = vectorApi ? "Vector API kernels" : "plain-Java kernels";
        String[][] rows = {
            {"Backprop Lab, FastSgd (" + kernels + ", 2 threads)", "java fast %d"},
            {"Backprop Lab, FastSgd, " + kernels + ", 1 thread", "java fast %d 1thread"},
            {"Backprop Lab, FastSgd, plain-Java kernels (no Vector API), 2 threads", "java fast %d plain"},
            {"Backprop Lab, per-example (Sgd.perExample(), network.py's loop)", "java per-example %d"},
            {"Backprop Lab, Sgd.train (readable: net.backprop + sgd.step)", "java readable matrix %d"},
            {"numpy, per-example loop (network.py)", "numpy per-example %d"},
            {"numpy, whole mini-batch as matrices (OpenBLAS default: all cores)", "numpy matrix %d"},
            {"numpy, whole mini-batch as matrices, OpenBLAS on 1 thread", "numpy matrix 1thread %d"},
            {"PyTorch CPU, 1 thread", "torch 1thread %d"},
            {"PyTorch CPU, 2 threads", "torch 2threads %d"},
        };
        int width = Arrays.stream(rows).mapToInt(r -> r[0].length()).max().orElse(7);
        out.append(String.format(Locale.ROOT, "| %-" + width + "s | %10s | %10s |%n", "program", "batch 10",
                "batch 100"));
        out.append("|").append("-".repeat(width + 2)).append("|-----------:|-----------:|\n");
        for (String[] row : rows) {
            String b10 = cell(java, python, String.format(Locale.ROOT, row[1], 10));
            String b100 = cell(java, python, String.format(Locale.ROOT, row[1], 100));
            if (b10 == null && b100 == null) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %-" + width + "s | %10s | %10s |%n", row[0],
                    b10 == null ? "–" : b10, b100 == null ? "–" : b100));
        }

        out.append("\ntargets, ratios from this run (against the faster of each baseline's thread settings):\n");
        ratio(out, java, python, "batch 10:  FastSgd / numpy matrix form", "java fast 10", 1.2,
                "numpy matrix 10", "numpy matrix 1thread 10");
        ratio(out, java, python, "batch 10:  FastSgd / PyTorch CPU", "java fast 10", 3.0,
                "torch 1thread 10", "torch 2threads 10");
        ratio(out, java, python, "batch 100: FastSgd / numpy matrix form", "java fast 100", 1.0,
                "numpy matrix 100", "numpy matrix 1thread 100");
        ratio(out, java, python, "batch 10:  per-example / numpy per-example", "java per-example 10", 3.0,
                "numpy per-example 10");
        ratio(out, java, python, "batch 100: per-example / numpy per-example", "java per-example 100", 3.0,
                "numpy per-example 100");

        out.append("\nFastSgd, garbage collections during the measured epochs (JVM-wide):\n");
        for (int batch : new int[] {10, 100}) {
            String key = "java fast " + batch;
            if (java.containsKey(key + " gc")) {
                double batches = java.get(key + " batches");
                double perEpoch = java.get(key + " bytes per epoch");
                double batchesPerEpoch = Math.ceil(10_000.0 / batch);
                out.append(String.format(Locale.ROOT,
                        "  batch %d: %.0f collections (%.0f ms) in %,.0f mini-batches; %,.0f bytes allocated per epoch"
                                + " (%,.0f per mini-batch on average: the epoch's shuffled order and the weights"
                                + " written back)%n",
                        batch, java.get(key + " gc"), java.get(key + " gcms"), batches, perEpoch,
                        perEpoch / batchesPerEpoch));
            }
        }
        if (java.containsKey("java digits fast ms")) {
            out.append(String.format(Locale.ROOT, "%ndigits [64, 30, 10], η = 3, batch 10, %,.0f training / %,.0f test digits: ",
                            java.get("java digits training"), java.get("java digits test")))
                    .append("wall time to 95 % test accuracy (median of runs)\n");
            for (String path : new String[] {"fast", "per-example"}) {
                String key = "java digits " + path;
                if (java.containsKey(key + " ms")) {
                    double epochs = java.get(key + " epochs");
                    String label = path.equals("fast") ? "FastSgd" : "Sgd, per-example";
                    out.append(String.format(Locale.ROOT, "  %-16s %8.1f ms  (%s)%n", label,
                            java.get(key + " ms"),
                            epochs < 0 ? "did not reach 95 % in 200 epochs" : String.format(Locale.ROOT, "%.0f epochs", epochs)));
                }
            }
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append("note: ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static String cell(Map<String, Double> java, Map<String, String> python, String key) {
        Double v = value(java, python, key);
        return v == null ? null : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static Double value(Map<String, Double> java, Map<String, String> python, String key) {
        return java.containsKey(key) ? java.get(key) : number(python.get(key));
    }

    private static void ratio(StringBuilder out, Map<String, Double> java, Map<String, String> python,
                              String what, String ours, double needed, String... baselines) {
        Double a = value(java, python, ours);
        Double b = null;
        for (String key : baselines) {
            Double v = value(java, python, key);
            if (v != null && (b == null || v > b)) {
                b = v;
            }
        }
        if (a == null || b == null || b == 0) {
            out.append(String.format(Locale.ROOT, "  %-44s %7s   (needs ≥ %.1f×; baseline not measured)%n",
                    what, "–", needed));
            return;
        }
        double r = a / b;
        out.append(String.format(Locale.ROOT, "  %-44s %6.2f×   needs ≥ %.1f×   %s%n", what, r, needed,
                r >= needed ? "met" : "MISSED"));
    }
}
