package backprop.bench;

import backprop.Cost;
import backprop.DataSet;
import backprop.Epoch;
import backprop.History;
import backprop.Matrix;
import backprop.Network;
import backprop.Sgd;
import backprop.data.DataSets;
import backprop.fast.FastSgd;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's workload, timed: a [784, 30, 10] sigmoid network, quadratic cost, plain SGD with
 * η = 3, on 10,000 synthetic MNIST-shaped examples (inputs uniform in [0, 1), labels uniform in
 * 0…9, one-hot targets), float64. Each figure is examples per second, the median over several
 * epochs after warm-up epochs, from {@link Epoch#seconds()} (the time of the epoch's mini-batches
 * and updates; there is no evaluation data).
 *
 * <p>Then the [64, 30, 10] digits task: wall time from an untrained network to 95 % accuracy on
 * held-out digits. Finally one table, with the baselines from bench/python (measured in the same
 * run by bench/run and passed in with {@code --emit}/{@code --table}) and the ratios between them.
 *
 * <pre>java -cp … backprop.bench.Workload [--quick] [--baselines FILE]</pre>
 */
public final class Workload {

    static final int N = 10_000;
    static final int[] SIZES = {784, 30, 10};
    static final double ETA = 3.0;

    private final boolean quick;
    private final DataSet data;
    private final Map<String, Double> results = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    Workload(boolean quick) {
        this.quick = quick;
        this.data = syntheticMnist(N, new Random(1));
    }

    /** 10,000 MNIST-shaped examples: 784 inputs uniform in [0, 1), a random label 0…9 each. */
    static DataSet syntheticMnist(int n, Random random) {
        Matrix x = Matrix.fill(784, n, (i, j) -> random.nextDouble());
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        return DataSet.labelled(x, labels, 10);
    }

    static Network network() {
        return Network.sizes(SIZES).seed(1).build();
    }

    // ---- the library's paths --------------------------------------------------------------------

    /** FastSgd: examples/s, median of the measured epochs; GC counts. */
    void fastPath(int batch, int threads, boolean vectorApi) {
        String key = "java fast " + batch + (threads == 1 ? " 1thread" : "") + (vectorApi ? "" : " plain");
        Sgd sgd = Sgd.eta(ETA).batchSize(batch).cost(Cost.QUADRATIC);
        warmUp(sgd, fast(sgd, threads, vectorApi), quick ? 1.0 : 3.0);
        int epochs = quick ? 5 : 11;
        long[] gcAtFirstEpoch = new long[3];
        long[] gcAtLastEpoch = new long[3];
        Sgd measured = sgd.epochs(epochs).seed(7).onEpoch(e -> {
            if (e.number() == 1) {
                gcCounts(gcAtFirstEpoch);
            }
            if (e.number() == epochs) {
                gcCounts(gcAtLastEpoch);
            }
        });
        History h = fast(measured, threads, vectorApi).train(network(), data);
        results.put(key, medianExamplesPerSecond(h, N));
        if (threads != 1 && vectorApi == VECTOR_API) {
            long batches = (long) (epochs - 1) * ((N + batch - 1) / batch);
            results.put(key + " gc", (double) (gcAtLastEpoch[0] - gcAtFirstEpoch[0]));
            results.put(key + " gcms", (double) (gcAtLastEpoch[1] - gcAtFirstEpoch[1]));
            results.put(key + " batches", (double) batches);
            results.put(key + " bytes per epoch",
                    (double) (gcAtLastEpoch[2] - gcAtFirstEpoch[2]) / (epochs - 1));
        }
        progress(key, results.get(key));
    }

    /** FastSgd on one thread, or on as many as pay (threads = 2), with or without the Vector API. */
    static FastSgd fast(Sgd sgd, int threads, boolean vectorApi) {
        FastSgd fast = FastSgd.of(sgd).vectorApi(vectorApi);
        return threads == 1 ? fast.threads(1) : fast;
    }

    /** Whether this JVM has the Vector API (bench/run starts it with the module). */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * Trains throw-away networks for at least this many seconds (and two epochs), so that the JIT
     * has compiled the hot loops before anything is timed; the Vector API in particular runs
     * many times slower until C2 has compiled it.
     */
    void warmUp(Sgd sgd, FastSgd fast, double seconds) {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        int epochs = 0;
        while (epochs < 2 || System.nanoTime() < until) {
            Network net = network();
            if (fast != null) {
                fast.train(net, data);
            } else {
                sgd.epochs(1).seed(99 + epochs).train(net, data);
            }
            epochs++;
        }
    }

    /** FastSgd's twin of the per-example form: network.py's loop, one example at a time, on one thread. */
    void fastPerExample(int batch) {
        String key = "java fast per-example " + batch;
        Sgd sgd = Sgd.eta(ETA).batchSize(batch).cost(Cost.QUADRATIC).perExample();
        warmUp(sgd, FastSgd.of(sgd), quick ? 1.0 : 3.0);
        History h = FastSgd.of(sgd.epochs(quick ? 5 : 11).seed(7)).train(network(), data);
        results.put(key, medianExamplesPerSecond(h, N));
        progress(key, results.get(key));
    }

    /** Sgd's per-example form: network.py's loop, one backprop per example. */
    void perExample(int batch) {
        String key = "java per-example " + batch;
        Sgd sgd = Sgd.eta(ETA).batchSize(batch).cost(Cost.QUADRATIC).perExample();
        warmUp(sgd, null, quick ? 1.0 : 2.0);
        History h = sgd.epochs(quick ? 3 : 5).seed(7).train(network(), data);
        results.put(key, medianExamplesPerSecond(h, N));
        progress(key, results.get(key));
    }

    /** Sgd.train, the readable loop the lectures run: each mini-batch backpropagated as matrices. */
    void readableMatrix(int batch) {
        String key = "java readable matrix " + batch;
        Sgd sgd = Sgd.eta(ETA).batchSize(batch).cost(Cost.QUADRATIC);
        warmUp(sgd, null, quick ? 1.0 : 2.0);
        History h = sgd.epochs(quick ? 3 : 5).seed(7).train(network(), data);
        results.put(key, medianExamplesPerSecond(h, N));
        progress(key, results.get(key));
    }

    // ---- the digits task -----------------------------------------------------------------------

    /**
     * [64, 30, 10] sigmoid, quadratic cost, η = 3, mini-batches of 10, on the 1,797 8×8 digits
     * (inputs scaled to [0, 1]), 80 % to train and 20 % held out: the wall time from an untrained
     * network until an epoch ends with 95 % accuracy on the held-out digits (evaluation
     * included), and the number of epochs that took. The median of several runs.
     */
    void digits(boolean perExample) {
        String key = "java digits " + (perExample ? "per-example" : "fast");
        DataSet.Split split = DataSets.digits().split(0.8, 1);
        results.put("java digits training", (double) split.training().size());
        results.put("java digits test", (double) split.test().size());
        int runs = quick ? 3 : 7;
        double[] seconds = new double[runs + 1];
        int[] epochs = new int[runs + 1];
        for (int run = 0; run <= runs; run++) { // run 0 warms the JIT up
            Network net = Network.sizes(64, 30, 10).seed(run).build();
            Sgd sgd = Sgd.eta(ETA).batchSize(10).epochs(1).cost(Cost.QUADRATIC);
            if (perExample) {
                sgd = sgd.perExample();
            }
            long start = System.nanoTime();
            int epoch = 0;
            double accuracy = 0;
            while (accuracy < 0.95 && epoch < 200) {
                epoch++;
                Sgd oneEpoch = sgd.seed(1000L * run + epoch);
                if (perExample) {
                    oneEpoch.train(net, split.training());
                } else {
                    FastSgd.of(oneEpoch).train(net, split.training());
                }
                accuracy = net.accuracy(split.test());
            }
            seconds[run] = (System.nanoTime() - start) / 1e9;
            epochs[run] = accuracy >= 0.95 ? epoch : -1;
        }
        double[] measured = Arrays.copyOfRange(seconds, 1, runs + 1);
        int[] measuredEpochs = Arrays.copyOfRange(epochs, 1, runs + 1);
        results.put(key + " ms", 1000 * median(measured));
        results.put(key + " epochs", (double) medianInt(measuredEpochs));
        progress(key, results.get(key + " ms"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    static double medianExamplesPerSecond(History h, int n) {
        return median(h.epochs().stream().mapToDouble(e -> n / e.seconds()).toArray());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int k = sorted.length;
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }

    static int medianInt(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Collections and milliseconds spent in them, summed over the collectors. */
    static void gcCounts(long[] out) {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        out[0] = count;
        out[1] = millis;
        out[2] = allocatedBytes();
    }

    /** Bytes allocated so far by all live threads (the helper thread included), or -1. */
    static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)) {
            return -1;
        }
        long total = 0;
        for (long id : mx.getAllThreadIds()) {
            long bytes = mx.getThreadAllocatedBytes(id);
            if (bytes > 0) {
                total += bytes;
            }
        }
        return total;
    }

    static void progress(String what, double value) {
        System.err.printf(Locale.ROOT, "  %-34s %,12.0f   (load %s)%n", what, value, loadAverage());
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    // ---- main ----------------------------------------------------------------------------------

    /**
     * {@code --emit FILE}: measure and append "java:KEY TAB VALUE" lines to FILE (bench/run runs
     * this and the Python scripts in alternating order, once per round). {@code --table FILE}:
     * print the one table from everything FILE gathered. Without either: measure and print.
     */
    public static void main(String[] args) throws IOException {
        boolean quick = false;
        Path emit = null;
        Path table = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--emit" -> emit = Path.of(args[++i]);
                case "--table" -> table = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (table != null) {
            System.out.println(Table.render(Table.read(table), cpuModel(), VECTOR_API));
            return;
        }
        String loadBefore = loadAverage();
        Workload w = new Workload(quick);
        System.err.println("Java: [784, 30, 10] sigmoid, quadratic cost, η = 3, " + N
                + " synthetic examples; examples/s, median of epochs after warm-up");
        w.fastPath(10, 2, VECTOR_API);
        w.fastPath(100, 2, VECTOR_API);
        w.fastPath(10, 1, VECTOR_API);
        w.fastPath(100, 1, VECTOR_API);
        if (VECTOR_API) {
            w.fastPath(10, 2, false);
            w.fastPath(100, 2, false);
        } else {
            w.notes.add("this JVM lacks the Vector API (java --add-modules jdk.incubator.vector): "
                    + "FastSgd ran its plain-Java kernels");
        }
        w.fastPerExample(10);
        w.fastPerExample(100);
        w.perExample(10);
        w.perExample(100);
        w.readableMatrix(10);
        w.readableMatrix(100);
        w.digits(false);
        w.digits(true);
        StringBuilder lines = new StringBuilder();
        lines.append("load\t").append(loadBefore).append(" (Java start), ").append(loadAverage())
                .append(" (Java end)\n");
        w.results.forEach((k, v) -> lines.append("java:").append(k).append('\t').append(v).append('\n'));
        w.notes.forEach(n -> lines.append("note\t").append(n).append('\n'));
        if (emit != null) {
            Files.writeString(emit, lines, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } else {
            Path tmp = Files.createTempFile("bench", ".tsv");
            Files.writeString(tmp, lines);
            System.out.println(Table.render(Table.read(tmp), cpuModel(), VECTOR_API));
            Files.delete(tmp);
        }
    }
}
