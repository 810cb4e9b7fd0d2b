package backprop.fast;

import backprop.DataSet;
import backprop.Epoch;
import backprop.History;
import backprop.Network;
import backprop.Sgd;
import backprop.Training;
import backprop.TrainingDiverged;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;

/**
 * A second implementation of {@link Sgd#train}, for speed: the same settings, the same shuffles
 * and mini-batches, the same steps and the same {@link History}, to rounding (FastSgdTest holds
 * the weights after training to a relative 1e-12 for every activation, cost, batch size, weight
 * decay, thread count and kernel). Read {@link Sgd#train} and {@code Network.backprop} to learn
 * the algorithm; this is about running it quickly.
 *
 * <pre>{@code
 * Sgd sgd = Sgd.eta(3).batchSize(10).epochs(30).seed(1);
 * History history = FastSgd.of(sgd).train(net, training);   // as sgd.train(net, training)
 * }</pre>
 *
 * <p>What it does differently, and why:
 * <ul>
 *   <li><b>Memory.</b> The weights live in rows and change in place, and every buffer is made
 *       once, for the largest mini-batch ({@link Buffers}), so training allocates nothing per
 *       mini-batch. The training data is read one example per row, transposed once and kept for
 *       the next run on the same data set.</li>
 *   <li><b>No stored ∂C/∂w.</b> Each row of ∂C/∂w^l is used at once for the step and for the
 *       gradient norm each {@link Epoch} reports ({@link Update}).</li>
 *   <li><b>Loops the CPU runs quickly</b>, and the JDK's Vector API where the JVM has it
 *       ({@code --add-modules jdk.incubator.vector}): explicit vector registers and fused
 *       multiply-adds ({@link VectorWeightedInputs}, {@link VectorUpdate}), about twice as fast
 *       as the plain loops ({@link WeightedInputs}, {@link Update}).</li>
 *   <li><b>Two threads</b> when the machine has two cores and a mini-batch is big enough to pay
 *       for them ({@link Engine}, {@link Crew}, {@link Pacer}); the weights are the same to the
 *       bit on one thread or two.</li>
 *   <li><b>network.py's loop too.</b> With {@link Sgd#perExample()} it keeps that structure:
 *       each example forward and back alone, its ∂C/∂w added to the mini-batch's sums, then
 *       the step ({@code Part.examplesOneByOne}), on one thread; the readable per-example
 *       {@code Sgd.train}'s weights to 1e-12.</li>
 * </ul>
 */
public final class FastSgd {

    /** Each data set trained on, one example per row: {inputs, targets}. Kept while the data set lives. */
    private static final Map<DataSet, double[][][]> ROWS = Collections.synchronizedMap(new WeakHashMap<>());

    private final Sgd sgd;
    private final int threads;
    private final boolean vectorApi;

    private FastSgd(Sgd sgd, int threads, boolean vectorApi) {
        this.sgd = sgd;
        this.threads = threads;
        this.vectorApi = vectorApi;
    }

    /** Training with these settings, on the fastest kernels this JVM has and as many threads as pay. */
    public static FastSgd of(Sgd sgd) {
        if (sgd == null) {
            throw new IllegalArgumentException("the settings (an Sgd) must not be null");
        }
        return new FastSgd(sgd, 0, true);
    }

    /**
     * On exactly 1 or 2 threads, rather than as many as pay (the weights are the same either way).
     * The per-example loop ({@link Sgd#perExample()}) runs on one thread only.
     */
    public FastSgd threads(int threads) {
        if (threads != 1 && threads != 2) {
            throw new IllegalArgumentException("FastSgd trains on 1 or 2 threads, not " + threads);
        }
        return new FastSgd(sgd, threads, vectorApi);
    }

    /** Whether to use the Vector API kernels where the JVM has them (yes unless set). */
    public FastSgd vectorApi(boolean use) {
        return new FastSgd(sgd, threads, use);
    }

    /** True when this JVM runs the Vector API kernels (it was started with {@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorApiAvailable() {
        return VectorApi.AVAILABLE;
    }

    /**
     * Trains the network in place, as {@code sgd.train(net, training)} does, and returns what each
     * epoch measured; as it, fails at once if another run is training the network.
     */
    public History train(Network net, DataSet training) {
        if (threads == 2 && sgd.isPerExample()) {
            throw new IllegalArgumentException("the per-example loop (Sgd.perExample()) runs on one "
                    + "thread: leave FastSgd.threads unset, or set it to 1");
        }
        sgd.check(net, training);
        Training hold = net.startTraining();
        try {
            return epochs(net, training);
        } finally {
            hold.close();
        }
    }

    /** The epochs of {@link #train}, on a network this run holds. */
    private History epochs(Network net, DataSet training) {
        int n = training.size();
        int m = sgd.miniBatchSize(n);
        int batches = (n + m - 1) / m;
        Random random = new Random(sgd.seed());
        List<Epoch> history = new ArrayList<>();
        try (Engine engine = new Engine(net, rows(training), m, sgd.cost(), sgd.eta(), sgd.shrink(n),
                threads, vectorApi, sgd.isPerExample())) {
            for (int epoch = 1; epoch <= sgd.epochs(); epoch++) {
                long start = System.nanoTime();
                int[] order = sgd.shuffles() ? DataSet.shuffledOrder(n, random) : inOrder(n);
                Epoch.Totals totals = new Epoch.Totals(net.depth());
                Engine.Problem problem = engine.epoch(order, totals);
                if (problem != null) {
                    throw new TrainingDiverged(epoch, problem.batch(), batches, sgd.eta(), problem.why());
                }
                Epoch result = totals.epoch(epoch, net, sgd.evaluation(), sgd.cost(),
                        System.nanoTime() - start);
                history.add(result);
                sgd.listeners().forEach(listener -> listener.accept(result));
            }
        }
        return History.of(history);
    }

    /** The examples one per row, {inputs, targets}: the data set transposed, once per data set. */
    private static double[][][] rows(DataSet data) {
        return ROWS.computeIfAbsent(data,
                d -> new double[][][] {d.x().transpose().toArray(), d.y().transpose().toArray()});
    }

    private static int[] inOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
