package backprop.fast;

import backprop.Cost;
import backprop.Epoch;
import backprop.Network;

/**
 * {@link FastSgd}'s epoch: for each mini-batch, what {@code Sgd.train} does with it — the forward
 * pass, BP1 to BP4 and the step — in three {@link Phase}s on {@link Buffers} made once, on two
 * threads where that pays ({@link Crew}, {@link Pacer}). The weights go back into the
 * {@link Network} at the end of every epoch, and when training stops with an error.
 */
final class Engine implements AutoCloseable {

    /** Multiply-adds per mini-batch from which a second thread pays for the hand-overs. */
    static final long TWO_THREADS_FROM = 60_000;

    /** The mini-batch (counted from 1) whose cost or gradient was not finite, and why. */
    record Problem(int batch, String why) {
    }

    private final Network net;
    private final Buffers buffers;
    private final double[][] inputs;     // the training examples, one per row
    private final double[][] targets;
    private final int batchSize;
    private final Part[] parts = new Part[Part.PARTS];
    private final int threads;
    private final Crew crew;             // null on one thread
    private final Pacer pacer = new Pacer();
    private final boolean perExample;    // network.py's loop (Sgd.perExample()), on one thread

    /**
     * @param threads 1 or 2, or 0 to choose: two when the machine has two cores and a mini-batch
     *                is big enough to pay for them
     * @param vector  whether to use the Vector API kernels (only where {@link VectorApi} says so)
     * @param perExample each example backpropagated alone, its gradient added to the sums, as
     *                network.py does; then on one thread
     */
    Engine(Network net, double[][][] rows, int batchSize, Cost cost, double eta, double shrink,
           int threads, boolean vector, boolean perExample) {
        this.net = net;
        this.perExample = perExample;
        this.buffers = new Buffers(net, batchSize, perExample);
        this.inputs = rows[0];
        this.targets = rows[1];
        this.batchSize = batchSize;
        for (int p = 0; p < Part.PARTS; p++) {
            parts[p] = new Part(p, buffers, cost, eta, shrink, vector && VectorApi.AVAILABLE);
        }
        boolean pays = !perExample && buffers.multiplyAdds(batchSize) >= TWO_THREADS_FROM
                && Runtime.getRuntime().availableProcessors() >= 2;
        this.threads = perExample ? 1 : threads == 0 ? (pays ? 2 : 1) : threads;
        this.crew = this.threads > 1 ? new Crew((phase, p, m) -> parts[p].run(phase, m)) : null;
    }

    /** How many threads train: 1 or 2. */
    int threads() {
        return threads;
    }

    /**
     * One pass over the training data in the given order, a mini-batch at a time, each added to
     * the epoch's totals after its step. Stops at the first mini-batch whose cost or gradient is
     * not finite, before its step, and returns which and why (null when all went well).
     */
    Problem epoch(int[] order, Epoch.Totals totals) {
        Buffers s = buffers;
        int batch = 0;
        int passes = 0;      // forward and backward passes, as the readable loop counts them
        try {
            for (int from = 0; from < order.length; from += batchSize) {
                int m = Math.min(batchSize, order.length - from);
                batch++;
                passes += perExample ? m : 1;
                long start = System.nanoTime();
                boolean together = crew != null && pacer.together();
                for (int e = 0; e < m; e++) {
                    s.a[0][e] = inputs[order[from + e]];
                    s.y[e] = targets[order[from + e]];
                }
                if (perExample) {
                    parts[0].examplesOneByOne(m);
                } else {
                    run(Phase.FIRST_LAYER, m, together);
                    run(Phase.FORWARD_AND_BACK, m, together);
                }
                String why = whyNotFinite(m);
                if (why != null) {
                    return new Problem(batch, why);
                }
                if (perExample) {
                    parts[0].stepFromSums(m);
                } else {
                    run(Phase.UPDATE, m, together);
                }
                add(totals, m);
                if (crew != null) {
                    pacer.record(together, System.nanoTime() - start);
                }
            }
            return null;
        } finally {
            buffers.writeBack(net);
            net.countPasses(passes, passes);
        }
    }

    /** Both parts of a phase, shared with the helper thread or on this one. */
    private void run(Phase phase, int m, boolean together) {
        if (together) {
            crew.run(phase, m);
        } else {
            for (Part part : parts) {
                part.run(phase, m);
            }
        }
    }

    /** As {@code Gradients.whyNotFinite}: the cost first, then the first layer whose gradient is not finite. */
    private String whyNotFinite(int m) {
        Buffers s = buffers;
        double costSum = 0;
        int bad = s.depth + 1;
        for (int e = 0; e < m; e++) {
            costSum += s.exampleCost[e];
            bad = Math.min(bad, s.firstBadLayer[e]);
        }
        if (!Double.isFinite(costSum)) {
            return "the cost became " + (Double.isNaN(costSum) ? "NaN" : "infinite");
        }
        return bad <= s.depth ? "the gradient of layer " + bad + " is no longer finite" : null;
    }

    /** The mini-batch's cost, right answers and ‖∂C/∂w^l‖ into the epoch's totals. */
    private void add(Epoch.Totals totals, int m) {
        Buffers s = buffers;
        double costSum = 0;
        int correct = 0;
        for (int e = 0; e < m; e++) {
            costSum += s.exampleCost[e];
            correct += s.exampleCorrect[e] ? 1 : 0;
        }
        double[] norms = new double[s.depth];
        for (int l = 1; l <= s.depth; l++) {
            double squares = 0;
            for (Part part : parts) {
                for (double q : part.squares[l]) {
                    squares += q;
                }
            }
            norms[l - 1] = Math.sqrt(squares);
        }
        totals.add(costSum, correct, m, norms);
    }

    /** Stops the helper thread, if there is one. */
    @Override
    public void close() {
        if (crew != null) {
            crew.close();
        }
    }
}
