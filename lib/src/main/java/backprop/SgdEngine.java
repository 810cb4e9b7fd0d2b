package backprop;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The fast path behind {@link Sgd}'s matrix form. For each mini-batch it does what
 * {@code Gradients g = net.backprop(x, y, cost); sgd.step(net, g);} does — the forward pass,
 * BP1 to BP4, w ← w − η ∂C/∂w, b ← b − η ∂C/∂b — with the same arithmetic, so the weights agree
 * with that readable path and with the per-example loop to rounding (a test holds it to 1e-12).
 * Read {@link Network#backprop} to learn backpropagation; this class is about doing it quickly.
 *
 * <p>What it does differently, and why:
 * <ul>
 *   <li><b>Memory.</b> Weights live in rows ({@code w[l][j]} is row j of w^l) and change in place.
 *       Every buffer is made once, for the largest mini-batch, so training allocates nothing per
 *       mini-batch. The data set is read one example per row ({@link DataSet#rows}), so a
 *       mini-batch's inputs are the data set's own arrays: nothing is copied.</li>
 *   <li><b>Loops the CPU runs quickly.</b> z = w a + b is a dot product of a weight row and an
 *       example; four rows times two examples go along together, so eight running sums overlap
 *       in the CPU (HotSpot does not vectorise a sum, but it does not have to wait for one
 *       addition before the next either). BP4 and the update build ∂C/∂w one row at a time in a
 *       scratch row, with loops of the shape {@code g[k] += c * a[k]}, which HotSpot compiles to
 *       vector instructions.</li>
 *   <li><b>No stored ∂C/∂w.</b> Each row of ∂C/∂w^l is used at once: w^l_j ← w^l_j − η g, and its
 *       squares are added up for ‖∂C/∂w^l‖, the gradient norm each {@link Epoch} reports.</li>
 *   <li><b>The Vector API where the JVM has it.</b> With {@code --add-modules
 *       jdk.incubator.vector}, the two big kernels run as {@link VectorKernels}: explicit vector
 *       registers and fused multiply-adds, about twice as fast. Without it, the plain kernels
 *       below do the same work (the system property {@code backprop.vector=false} asks for them).</li>
 *   <li><b>Two threads</b> when the machine has two cores and a mini-batch is big enough to pay
 *       for them ({@link #TWO_THREADS_FROM} multiply-adds). A mini-batch goes through three
 *       phases, each cut into two parts. Phase 1: each part computes z^1 = w^1 x + b^1 for half
 *       of the rows of w^1 (the biggest product). Phase 2: each part takes half of the examples
 *       through the rest of the forward pass, BP1 and BP2 (examples do not depend on each other).
 *       Phase 3: each part updates half of the rows of every w^l and b^l (BP3, BP4 and the step),
 *       from the δ and a of all examples. A part of w^1 is read in phase 1 and written in phase 3
 *       by the same part, so on two threads it stays in one core's cache. The calling thread and
 *       a helper thread share the parts ({@link Crew}); a phase ends when both parts are done,
 *       and there is no other locking. A part's result does not depend on the thread that ran
 *       it, so one thread and two give the same weights to the bit. On a busy machine a helper
 *       thread can cost more than it brings; {@link Pacer} times both ways as training goes and
 *       keeps to the faster. The system property {@code backprop.threads} (1 or 2) overrides the
 *       choice of a helper thread at all.</li>
 * </ul>
 *
 * <p>The weights go back into the {@link Network} at the end of every epoch (and when training
 * stops with an error), so listeners and evaluation see them.
 */
final class SgdEngine implements AutoCloseable {

    /** Multiply-adds per mini-batch from which a second thread pays for the hand-overs. */
    static final long TWO_THREADS_FROM = 60_000;

    /** The work of a mini-batch is cut into this many parts, one per thread at most. */
    private static final int PARTS = 2;

    private final Network net;
    private final int depth;             // L
    private final int[] n;               // n[l]: neurons in layer l; n[0] inputs
    private final Activation[] f;        // f[l]
    private final double[][][] w;        // w[l][j][k] = w^l_jk, changed in place
    private final double[][] b;          // b[l][j] = b^l_j; b[l] == null without biases
    private final Cost cost;
    private final boolean costCancels;   // δ^L = a − y
    private final double eta;
    private final double shrink;         // 1 − ηλ/n, below 1 only with weight decay
    private final double[][] inputs;     // the training examples, one per row
    private final double[][] targets;
    private final int batchSize;

    // One slot per example of a mini-batch, e = 0 … m−1.
    private final double[][][] z;        // z[l][e] = z^l of example e
    private final double[][][] a;        // a[l][e] = a^l; a[0][e] is the example's input row
    private final double[][][] delta;    // delta[l][e] = δ^l
    private final double[][] y;          // y[e], the example's target row
    private final double[] exampleCost;
    private final boolean[] exampleCorrect;
    private final int[] firstBadLayer;   // the first l whose δ^l or a^(l−1) is not finite, or L+1

    private final Part[] parts = new Part[PARTS];
    private final int threads;
    private final Crew crew;             // null on one thread
    private final boolean vector;        // VectorKernels rather than the plain kernels below
    private final Pacer pacer = new Pacer();
    private boolean together;            // the current mini-batch is shared with the helper

    // The epoch in progress: set by the calling thread before it publishes a phase.
    private int[] order;
    private final EpochSums sums;

    SgdEngine(Network net, DataSet training, int batchSize, Cost cost, double eta, double shrink) {
        this(net, training, batchSize, cost, eta, shrink, 0, vectorApiWanted());
    }

    /**
     * With {@code threads} = 1 or 2, or 0 to choose (see the class comment), and with the
     * Vector API kernels or not (only where {@link #VECTOR_API} is true).
     */
    SgdEngine(Network net, DataSet training, int batchSize, Cost cost, double eta, double shrink,
              int threads, boolean vector) {
        this.net = net;
        this.depth = net.depth();
        this.n = net.sizes();
        this.f = new Activation[depth + 1];
        this.w = new double[depth + 1][][];
        this.b = new double[depth + 1][];
        long multiplyAdds = 0;
        for (int l = 1; l <= depth; l++) {
            f[l] = net.activation(l);
            w[l] = net.w(l).toArray();
            b[l] = net.layer(l).hasBias() ? net.b(l).toFlatArray() : null;
            multiplyAdds += 2L * n[l] * n[l - 1] * batchSize;
        }
        this.cost = cost;
        this.costCancels = cost.cancels(f[depth]);
        this.eta = eta;
        this.shrink = shrink;
        DataSet.Rows rows = training.rows();
        cost.checkTargets(training.y());
        this.inputs = rows.inputs();
        this.targets = rows.targets();
        this.batchSize = batchSize;

        this.z = new double[depth + 1][][];
        this.a = new double[depth + 1][][];
        this.delta = new double[depth + 1][][];
        a[0] = new double[batchSize][];
        for (int l = 1; l <= depth; l++) {
            z[l] = new double[batchSize][n[l]];
            a[l] = new double[batchSize][n[l]];
            delta[l] = new double[batchSize][n[l]];
        }
        this.y = new double[batchSize][];
        this.exampleCost = new double[batchSize];
        this.exampleCorrect = new boolean[batchSize];
        this.firstBadLayer = new int[batchSize];
        for (int p = 0; p < PARTS; p++) {
            parts[p] = new Part(p);
        }
        this.sums = new EpochSums(depth);

        this.threads = threads == 0 ? threadCount(multiplyAdds) : threads;
        this.crew = this.threads > 1 ? new Crew() : null;
        this.vector = vector && VECTOR_API;
    }

    /**
     * True when the JVM has the Vector API (started with {@code --add-modules
     * jdk.incubator.vector}) and {@link VectorKernels} run on it: an incubator API may differ in
     * another JDK, so the kernels must first compute one small product as the plain kernels do.
     */
    static final boolean VECTOR_API = vectorApiRuns();

    private static boolean vectorApiRuns() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            double[][] w = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {-1, 0.5, 2, 0, 3, 1, -2, 4, 0.25}};
            double[] b = {0.5, -1};
            double[][] in = {{1, 1, 1, 1, 1, 1, 1, 1, 1}, {0, 1, 0, 1, 0, 1, 0, 1, 0}};
            double[][] byVector = new double[2][2];
            double[][] byPlain = new double[2][2];
            VectorKernels.weightedInputs(w, b, in, byVector, 0, 2, 0, 2, new double[VectorKernels.LANES]);
            weightedInputs(w, b, in, byPlain, 0, 2, 0, 2);
            return Arrays.deepEquals(byVector, byPlain);
        } catch (LinkageError | RuntimeException e) {
            return false; // an incubator API this code was not compiled for: use the plain kernels
        }
    }

    /** The Vector API kernels unless the system property {@code backprop.vector} is "false". */
    static boolean vectorApiWanted() {
        return VECTOR_API && !"false".equalsIgnoreCase(System.getProperty("backprop.vector", "").strip());
    }

    /** Whether this engine runs the Vector API kernels. */
    boolean vector() {
        return vector;
    }

    private static int threadCount(long multiplyAddsPerBatch) {
        String forced = System.getProperty("backprop.threads");
        if (forced != null) {
            return forced.strip().equals("1") ? 1 : 2;
        }
        boolean pays = multiplyAddsPerBatch >= TWO_THREADS_FROM;
        return pays && Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
    }

    /** How many threads train: 1 or 2. */
    int threads() {
        return threads;
    }

    // ---- an epoch --------------------------------------------------------------------------------

    /**
     * One pass over the training data in the given order, a mini-batch at a time. Stops at the
     * first mini-batch whose cost or gradient is not finite, before its update, and says so in
     * the sums. Writes the weights back into the network either way.
     */
    EpochSums epoch(int[] order) {
        this.order = order;
        sums.clear();
        try {
            int total = inputs.length;
            int batch = 0;
            for (int from = 0; from < total; from += batchSize) {
                int m = Math.min(batchSize, total - from);
                batch++;
                long start = System.nanoTime();
                together = crew != null && pacer.together();
                for (int e = 0; e < m; e++) {
                    a[0][e] = inputs[order[from + e]];
                    y[e] = targets[order[from + e]];
                }
                runPhase(FIRST_LAYER, m);                // z^1, by rows
                runPhase(REST_AND_BACK, m);              // the forward pass, BP1, BP2, by examples
                String problem = problem(m);
                if (problem != null) {
                    sums.problem = problem;
                    sums.problemBatch = batch;
                    break;
                }
                addCostAndAccuracy(m);
                runPhase(UPDATE, m);                     // BP3, BP4 and the step, by rows
                addGradientNorms();
                sums.batches++;
                if (crew != null) {
                    pacer.record(together, System.nanoTime() - start);
                }
            }
        } finally {
            writeBack();
        }
        return sums;
    }

    private static final int FIRST_LAYER = 1;
    private static final int REST_AND_BACK = 2;
    private static final int UPDATE = 3;

    /** Both parts of a phase, shared with the helper thread or on this one. */
    private void runPhase(int phase, int m) {
        if (!together) {
            for (int p = 0; p < PARTS; p++) {
                work(phase, p, m);
            }
        } else {
            crew.run(phase, m);
        }
    }

    private void work(int phase, int p, int m) {
        switch (phase) {
            case FIRST_LAYER -> parts[p].firstLayer(m);
            case REST_AND_BACK -> parts[p].restAndBack(m);
            default -> parts[p].update(m);
        }
    }

    private String problem(int m) {
        double costSum = 0;
        int bad = depth + 1;
        for (int e = 0; e < m; e++) {
            costSum += exampleCost[e];
            bad = Math.min(bad, firstBadLayer[e]);
        }
        if (!Double.isFinite(costSum)) {
            return "the cost became " + (Double.isNaN(costSum) ? "NaN" : "infinite");
        }
        if (bad <= depth) {
            return "the gradient of layer " + bad + " is no longer finite";
        }
        return null;
    }

    private void addCostAndAccuracy(int m) {
        for (int e = 0; e < m; e++) {
            sums.costSum += exampleCost[e];
            sums.correct += exampleCorrect[e] ? 1 : 0;
        }
    }

    private void addGradientNorms() {
        for (int l = 1; l <= depth; l++) {
            double squares = 0;
            for (Part part : parts) {
                for (double s : part.squares[l]) {
                    squares += s;
                }
            }
            sums.normSums[l - 1] += Math.sqrt(squares);
        }
    }

    /** The weights back into the network, as new immutable matrices. */
    private void writeBack() {
        for (int l = 1; l <= depth; l++) {
            double[] flat = new double[n[l] * n[l - 1]];
            for (int j = 0; j < n[l]; j++) {
                System.arraycopy(w[l][j], 0, flat, j * n[l - 1], n[l - 1]);
            }
            Matrix biases = b[l] == null ? null : Matrix.wrap(n[l], 1, b[l].clone());
            net.setLayer(l, net.layer(l).with(Matrix.wrap(n[l], n[l - 1], flat), biases));
        }
        net.countPasses(sums.batches, sums.batches);
    }

    /** Stops the helper thread, if there is one. */
    @Override
    public void close() {
        if (crew != null) {
            crew.close();
        }
    }

    // ---- one part of a mini-batch ----------------------------------------------------------------

    /** Half of a mini-batch's examples in phase 1 and half of every layer's rows in phase 2. */
    private final class Part {
        private final int p;
        private final double[] dCda;        // scratch: ∂C/∂a of one example in one layer
        private final double[][] g;         // g[l]: scratch, one row of ∂C/∂w^l
        private final double[][] h;         // h[l]: a second one, for VectorKernels.step
        private final double[] lanes = new double[16]; // scratch for VectorKernels
        final double[][] squares;           // squares[l][k]: Σ_j (∂C/∂w^l_jk)², this part's rows

        Part(int p) {
            this.p = p;
            int widest = Arrays.stream(n).max().orElse(1);
            this.dCda = new double[widest];
            this.g = new double[depth + 1][];
            this.h = new double[depth + 1][];
            this.squares = new double[depth + 1][];
            for (int l = 1; l <= depth; l++) {
                g[l] = new double[n[l - 1]];
                h[l] = new double[n[l - 1]];
                squares[l] = new double[n[l - 1]];
            }
        }

        /**
         * Phase 1: z^1 = w^1 x + b^1 for this part's rows of w^1 and every example. Split by rows,
         * so each thread reads the rows of w^1 that it updates in phase 3: they stay in its
         * core's cache rather than travelling between the cores every mini-batch.
         */
        void firstLayer(int m) {
            int r0 = p * n[1] / PARTS;
            int r1 = (p + 1) * n[1] / PARTS;
            if (vector) {
                VectorKernels.weightedInputs(w[1], b[1], a[0], z[1], 0, m, r0, r1, lanes);
            } else {
                weightedInputs(w[1], b[1], a[0], z[1], 0, m, r0, r1);
            }
        }

        /** Phase 2: this part's examples through the rest of the forward pass, BP1 and BP2. */
        void restAndBack(int m) {
            int e0 = p * m / PARTS;
            int e1 = (p + 1) * m / PARTS;
            for (int l = 1; l <= depth; l++) {
                if (l > 1) {                                            // z^l = w^l a^(l−1) + b^l
                    if (vector) {
                        VectorKernels.weightedInputs(w[l], b[l], a[l - 1], z[l], e0, e1, 0, n[l], lanes);
                    } else {
                        weightedInputs(w[l], b[l], a[l - 1], z[l], e0, e1, 0, n[l]);
                    }
                }
                for (int e = e0; e < e1; e++) {
                    activate(f[l], z[l][e], a[l][e]);                 // a^l = f(z^l)
                }
            }
            for (int e = e0; e < e1; e++) {
                outputError(e);
                for (int l = depth - 1; l >= 1; l--) {
                    hiddenError(l, e);
                }
                firstBadLayer[e] = firstBadLayer(e);
            }
        }

        /** BP1 for example e, with its cost and whether its answer is right. */
        private void outputError(int e) {
            double[] aL = a[depth][e];
            double[] target = y[e];
            double[] d = delta[depth][e];
            double c = 0;
            for (int i = 0; i < aL.length; i++) {
                c += cost.exampleCost(aL[i], target[i]);
            }
            exampleCost[e] = c;
            exampleCorrect[e] = classOf(aL) == classOf(target);
            if (costCancels) {
                for (int i = 0; i < aL.length; i++) {
                    d[i] = aL[i] - target[i];                           // δ^L = a − y
                }
            } else {
                for (int i = 0; i < aL.length; i++) {
                    dCda[i] = cost.slope(aL[i], target[i]);             // ∇_a C
                }
                backward(f[depth], z[depth][e], aL, dCda, d);          // δ^L = ∇_a C ⊙ f'(z^L)
            }
        }

        /** BP2 for example e: δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ f'(z^l). */
        private void hiddenError(int l, int e) {
            int size = n[l];
            Arrays.fill(dCda, 0, size, 0.0);
            double[] next = delta[l + 1][e];
            double[][] wNext = w[l + 1];
            for (int j = 0; j < next.length; j++) {
                double dj = next[j];
                double[] row = wNext[j];
                for (int k = 0; k < size; k++) {
                    dCda[k] += row[k] * dj;
                }
            }
            backward(f[l], z[l][e], a[l][e], dCda, delta[l][e]);
        }

        private int firstBadLayer(int e) {
            for (int l = 1; l <= depth; l++) {
                if (!finite(delta[l][e]) || (l > 1 && !finite(a[l - 1][e]))) {
                    return l;
                }
            }
            return depth + 1;
        }

        /**
         * Phase 2: BP3, BP4 and the update for this part's rows of every layer. Row j of ∂C/∂w^l
         * is g = Σ_e (δ^l_ej / m) a^(l−1)_e — the mean over the examples, with the 1/m folded
         * into δ — built in a scratch row, then w^l_j ← (1 − ηλ/n) w^l_j − η g at once.
         */
        void update(int m) {
            for (int l = 1; l <= depth; l++) {
                int r0 = p * n[l] / PARTS;
                int r1 = (p + 1) * n[l] / PARTS;
                if (vector) {
                    VectorKernels.step(w[l], b[l], a[l - 1], delta[l], m, r0, r1, eta, shrink,
                            g[l], h[l], squares[l]);
                } else {
                    step(w[l], b[l], a[l - 1], delta[l], m, r0, r1, eta, shrink, g[l], squares[l]);
                }
            }
        }
    }

    // ---- kernels on plain arrays ---------------------------------------------------------------

    /**
     * BP3, BP4 and the step for rows r0 … r1−1 of one layer. Row j of ∂C/∂w is
     * g = Σ_e (δ_ej / m) a_e, the mean over the m examples with the 1/m folded into δ, built in
     * the scratch row g; then w_j ← shrink · w_j − η g, and g's squares go into {@code squares}
     * (cleared first) for ‖∂C/∂w‖.
     */
    static void step(double[][] w, double[] b, double[][] aPrevious, double[][] delta, int m,
                     int r0, int r1, double eta, double shrink, double[] g, double[] squares) {
        Arrays.fill(squares, 0.0);
        stepRows(w, b, aPrevious, delta, m, r0, r1, eta, shrink, g, squares);
    }

    /** {@link #step} without clearing {@code squares} first. */
    static void stepRows(double[][] w, double[] b, double[][] aPrevious, double[][] delta, int m,
                         int r0, int r1, double eta, double shrink, double[] g,
                         double[] squares) {
        double perExample = 1.0 / m;
        for (int j = r0; j < r1; j++) {
            // BP4: ∂C/∂w_jk = (1/m) Σ_e δ_ej a_ek
            double c0 = delta[0][j] * perExample;
            double[] a0 = aPrevious[0];
            for (int k = 0; k < g.length; k++) {
                g[k] = c0 * a0[k];
            }
            double biasGradient = c0;
            int e = 1;
            for (; e + 3 < m; e += 4) { // four examples a pass: fewer loads and stores of g
                double c1 = delta[e][j] * perExample;
                double c2 = delta[e + 1][j] * perExample;
                double c3 = delta[e + 2][j] * perExample;
                double c4 = delta[e + 3][j] * perExample;
                double[] a1 = aPrevious[e];
                double[] a2 = aPrevious[e + 1];
                double[] a3 = aPrevious[e + 2];
                double[] a4 = aPrevious[e + 3];
                for (int k = 0; k < g.length; k++) {
                    g[k] += c1 * a1[k] + c2 * a2[k] + c3 * a3[k] + c4 * a4[k];
                }
                biasGradient += c1;
                biasGradient += c2;
                biasGradient += c3;
                biasGradient += c4;
            }
            for (; e < m; e++) {
                double c1 = delta[e][j] * perExample;
                double[] a1 = aPrevious[e];
                for (int k = 0; k < g.length; k++) {
                    g[k] += c1 * a1[k];
                }
                biasGradient += c1;
            }
            // the step, w ← (1 − ηλ/n) w − η ∂C/∂w, and the squares for ‖∂C/∂w‖
            double[] row = w[j];
            for (int k = 0; k < row.length; k++) {
                double gk = g[k];
                row[k] = shrink * row[k] - eta * gk;
                squares[k] += gk * gk;
            }
            // BP3: ∂C/∂b_j = (1/m) Σ_e δ_ej, and b ← b − η ∂C/∂b
            if (b != null) {
                b[j] -= eta * biasGradient;
            }
        }
    }

    /**
     * z_e = w a_e + b, rows j0 … j1−1, for examples e0 … e1−1: each entry a dot product of a
     * weight row and an example. Four rows and two examples go along together: eight independent running sums
     * share each load, and the CPU overlaps their additions (a single sum would wait for each
     * addition to finish before the next).
     */
    static void weightedInputs(double[][] w, double[] b, double[][] in, double[][] out,
                               int e0, int e1, int j0, int j1) {
        int e = e0;
        for (; e + 1 < e1; e += 2) {
            double[] x0 = in[e];
            double[] x1 = in[e + 1];
            double[] z0 = out[e];
            double[] z1 = out[e + 1];
            int j = j0;
            for (; j + 3 < j1; j += 4) {
                double[] w0 = w[j];
                double[] w1 = w[j + 1];
                double[] w2 = w[j + 2];
                double[] w3 = w[j + 3];
                double s00 = 0, s10 = 0, s20 = 0, s30 = 0; // s_je: row j, example e
                double s01 = 0, s11 = 0, s21 = 0, s31 = 0;
                for (int k = 0; k < w0.length; k++) {
                    double p = x0[k];
                    double q = x1[k];
                    s00 += w0[k] * p;
                    s10 += w1[k] * p;
                    s20 += w2[k] * p;
                    s30 += w3[k] * p;
                    s01 += w0[k] * q;
                    s11 += w1[k] * q;
                    s21 += w2[k] * q;
                    s31 += w3[k] * q;
                }
                z0[j] = plusBias(s00, b, j);
                z0[j + 1] = plusBias(s10, b, j + 1);
                z0[j + 2] = plusBias(s20, b, j + 2);
                z0[j + 3] = plusBias(s30, b, j + 3);
                z1[j] = plusBias(s01, b, j);
                z1[j + 1] = plusBias(s11, b, j + 1);
                z1[j + 2] = plusBias(s21, b, j + 2);
                z1[j + 3] = plusBias(s31, b, j + 3);
            }
            for (; j < j1; j++) {
                double[] w0 = w[j];
                double s0 = 0, s1 = 0;
                for (int k = 0; k < w0.length; k++) {
                    s0 += w0[k] * x0[k];
                    s1 += w0[k] * x1[k];
                }
                z0[j] = plusBias(s0, b, j);
                z1[j] = plusBias(s1, b, j);
            }
        }
        for (; e < e1; e++) {
            double[] x0 = in[e];
            double[] z0 = out[e];
            int j = j0;
            for (; j + 3 < j1; j += 4) {
                double[] w0 = w[j];
                double[] w1 = w[j + 1];
                double[] w2 = w[j + 2];
                double[] w3 = w[j + 3];
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int k = 0; k < w0.length; k++) {
                    double p = x0[k];
                    s0 += w0[k] * p;
                    s1 += w1[k] * p;
                    s2 += w2[k] * p;
                    s3 += w3[k] * p;
                }
                z0[j] = plusBias(s0, b, j);
                z0[j + 1] = plusBias(s1, b, j + 1);
                z0[j + 2] = plusBias(s2, b, j + 2);
                z0[j + 3] = plusBias(s3, b, j + 3);
            }
            for (; j < j1; j++) {
                double[] w0 = w[j];
                double s0 = 0;
                for (int k = 0; k < w0.length; k++) {
                    s0 += w0[k] * x0[k];
                }
                z0[j] = plusBias(s0, b, j);
            }
        }
    }

    /** wa + b, added after the sum as {@link Layer#weightedInput} does. */
    private static double plusBias(double wa, double[] b, int j) {
        return b == null ? wa : wa + b[j];
    }

    /** a = f(z) for one example: entry by entry, or, for softmax, the whole column at once. */
    static void activate(Activation f, double[] z, double[] a) {
        if (f == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY; // as Activation.SOFTMAX.apply does
            for (double zi : z) {
                max = Math.max(max, zi);
            }
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
                a[i] = Math.exp(z[i] - max);
                sum += a[i];
            }
            for (int i = 0; i < z.length; i++) {
                a[i] /= sum;
            }
            return;
        }
        for (int i = 0; i < z.length; i++) {
            a[i] = f.value(z[i]);
        }
    }

    /** δ = ∂C/∂z from ∂C/∂a for one example, as {@link Activation#backward} computes it. */
    static void backward(Activation f, double[] z, double[] a, double[] dCda, double[] delta) {
        switch (f) {
            case SOFTMAX -> {
                double weightedMean = 0; // Σ_j a_j ∂C/∂a_j
                for (int i = 0; i < a.length; i++) {
                    weightedMean += a[i] * dCda[i];
                }
                for (int i = 0; i < a.length; i++) {
                    delta[i] = a[i] * (dCda[i] - weightedMean);
                }
            }
            // f'(z) from a = f(z), as SIGMOID.derivative and TANH.derivative compute it
            case SIGMOID -> {
                for (int i = 0; i < a.length; i++) {
                    delta[i] = dCda[i] * (a[i] * (1.0 - a[i]));
                }
            }
            case TANH -> {
                for (int i = 0; i < a.length; i++) {
                    delta[i] = dCda[i] * (1.0 - a[i] * a[i]);
                }
            }
            default -> {
                for (int i = 0; i < a.length; i++) {
                    delta[i] = dCda[i] * f.derivative(z[i]);
                }
            }
        }
    }

    /** The class of an output or target row, as {@link DataSet#classOf} reads a column. */
    static int classOf(double[] values) {
        if (values.length == 1) {
            return values[0] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    // ---- two threads ---------------------------------------------------------------------------

    /**
     * Decides, a window of mini-batches at a time, whether the helper thread takes part. On a
     * quiet machine two threads are faster; on a busy one the helper may wait for a core while
     * the caller waits for it, and one thread is faster. So the pacer times both: it tries each
     * way first, then keeps to the faster one, trying the other again every few windows in case
     * the machine has changed. The weights do not depend on this choice, only the speed does.
     */
    static final class Pacer {
        static final int WINDOW = 32;        // mini-batches timed together
        static final int RETRY_EVERY = 8;    // windows

        private double together = Double.NaN; // smoothed nanoseconds per mini-batch, each way
        private double alone = Double.NaN;
        private boolean current = true;
        private int batches;
        private long nanos;
        private int windows;

        /** Whether the next mini-batch is shared between the two threads. */
        boolean together() {
            return current;
        }

        void record(boolean wasTogether, long batchNanos) {
            nanos += batchNanos;
            if (++batches < WINDOW) {
                return;
            }
            double perBatch = (double) nanos / batches;
            if (wasTogether) {
                together = Double.isNaN(together) ? perBatch : (together + perBatch) / 2;
            } else {
                alone = Double.isNaN(alone) ? perBatch : (alone + perBatch) / 2;
            }
            batches = 0;
            nanos = 0;
            windows++;
            boolean faster = Double.isNaN(alone) ? false
                    : Double.isNaN(together) || together <= alone;
            current = windows % RETRY_EVERY == 0 ? !faster : faster;
        }
    }

    /**
     * The calling thread and one helper thread, sharing the two parts of each phase. The caller
     * publishes a phase; each thread claims a part (the caller part 0, the helper part 1), does
     * it, then claims the other part if nobody has yet; the phase is over when both parts are
     * done. So when the helper is late (asleep, or its core busy with another program) the
     * caller does both parts rather than wait. A claim is one compare-and-set, so each part runs
     * exactly once. Waiting threads spin for a few microseconds (a phase of the workload lasts
     * tens of them; waking a parked thread takes longer), then park, so a helper between epochs
     * gives its core away. Nothing here allocates.
     */
    private final class Crew {
        private static final long SPIN_NANOS = 50_000;

        private final AtomicLong[] claimed = {new AtomicLong(-1), new AtomicLong(-1)};
        private final AtomicLong done = new AtomicLong();
        private final AtomicReference<Thread> callerParked = new AtomicReference<>();
        private final AtomicReference<Thread> helperParked = new AtomicReference<>();
        private final Thread helper;
        private volatile long published = -1;
        private volatile boolean closing;
        private volatile Throwable failure;
        // The published phase's work; written before the volatile write of published.
        private int phase;
        private int m;
        private long count = -1; // phases published so far − 1 (caller only)

        Crew() {
            helper = new Thread(this::helperLoop, "backprop-sgd-helper");
            helper.setDaemon(true);
            helper.start();
        }

        /** Runs one phase on both threads; returns when both parts are done. */
        void run(int phase, int m) {
            long k = ++count;
            this.phase = phase;
            this.m = m;
            published = k;
            wake(helperParked);
            tryPart(k, 0);
            tryPart(k, 1);
            long target = 2 * (k + 1);
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (done.get() < target) {
                if (failure != null) {
                    throw new IllegalStateException("the training helper thread failed", failure);
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    callerParked.set(Thread.currentThread());
                    if (done.get() < target && failure == null) {
                        LockSupport.parkNanos(this, 1_000_000L);
                    }
                    callerParked.set(null);
                }
            }
        }

        /** Part p of phase k, unless the other thread has claimed it. */
        private void tryPart(long k, int p) {
            if (claimed[p].compareAndSet(k - 1, k)) {
                work(phase, p, m);
                done.incrementAndGet();
                wake(callerParked);
            }
        }

        private void helperLoop() {
            long seen = -1;
            try {
                while (!closing) {
                    long k = published;
                    if (k != seen) {
                        seen = k;
                        tryPart(k, 1);
                        tryPart(k, 0);
                        continue;
                    }
                    long spinUntil = System.nanoTime() + SPIN_NANOS;
                    while (published == seen && !closing) {
                        if (System.nanoTime() < spinUntil) {
                            Thread.onSpinWait();
                        } else {
                            helperParked.set(Thread.currentThread());
                            if (published == seen && !closing) {
                                LockSupport.parkNanos(this, 50_000_000L);
                            }
                            helperParked.set(null);
                        }
                    }
                }
            } catch (Throwable t) {
                failure = t;
                wake(callerParked);
            }
        }

        private void wake(AtomicReference<Thread> parked) {
            Thread t = parked.get();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        void close() {
            closing = true;
            wake(helperParked);
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
