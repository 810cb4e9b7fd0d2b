package backprop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Mini-batch stochastic gradient descent: for each epoch, shuffle the training data, cut it into
 * mini-batches, and for each mini-batch compute the gradient by backpropagation and take a step
 * against it: w ← w − η ∂C/∂w, b ← b − η ∂C/∂b.
 *
 * <pre>{@code
 * History history = Sgd.eta(3.0).batchSize(10).epochs(30).seed(1)
 *         .cost(Cost.QUADRATIC).evaluateOn(test)
 *         .train(net, training);
 * }</pre>
 *
 * An Sgd is a set of settings: each setter returns a new Sgd and leaves this one as it was.
 * Full-batch gradient descent is {@link #fullBatch()}: the batch is the whole data set.
 */
public final class Sgd {

    private static final int FULL_BATCH = -1;

    private final double eta;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final boolean shuffle;
    private final Cost cost;
    private final double lambda;
    private final DataSet evaluation;
    private final boolean perExample;
    private final List<Consumer<Epoch>> listeners;

    private Sgd(double eta, int batchSize, int epochs, long seed, boolean shuffle, Cost cost,
                double lambda, DataSet evaluation, boolean perExample,
                List<Consumer<Epoch>> listeners) {
        this.eta = eta;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.seed = seed;
        this.shuffle = shuffle;
        this.cost = cost;
        this.lambda = lambda;
        this.evaluation = evaluation;
        this.perExample = perExample;
        this.listeners = listeners;
    }

    /**
     * SGD with learning rate η &gt; 0, and to begin with: mini-batches of 10, one epoch, seed 0,
     * shuffled, quadratic cost, no weight decay.
     */
    public static Sgd eta(double eta) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("the learning rate η must be a positive number, got "
                    + eta);
        }
        return new Sgd(eta, 10, 1, 0, true, Cost.QUADRATIC, 0, null, false, List.of());
    }

    /** Examples per mini-batch (the last batch of an epoch may be smaller). */
    public Sgd batchSize(int m) {
        if (m <= 0) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + m);
        }
        return new Sgd(eta, m, epochs, seed, shuffle, cost, lambda, evaluation, perExample,
                listeners);
    }

    /** Full-batch gradient descent: every update uses the whole training set. */
    public Sgd fullBatch() {
        return new Sgd(eta, FULL_BATCH, epochs, seed, shuffle, cost, lambda, evaluation,
                perExample, listeners);
    }

    /** Passes through the training data; 0 trains nothing. */
    public Sgd epochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of epochs cannot be negative, got " + n);
        }
        return new Sgd(eta, batchSize, n, seed, shuffle, cost, lambda, evaluation, perExample,
                listeners);
    }

    /** The seed of the shuffling: the same seed gives bit-identical training. */
    public Sgd seed(long seed) {
        return new Sgd(eta, batchSize, epochs, seed, shuffle, cost, lambda, evaluation,
                perExample, listeners);
    }

    /** Whether to shuffle the training data before each epoch (yes unless set). */
    public Sgd shuffle(boolean shuffle) {
        return new Sgd(eta, batchSize, epochs, seed, shuffle, cost, lambda, evaluation,
                perExample, listeners);
    }

    public Sgd cost(Cost cost) {
        if (cost == null) {
            throw new IllegalArgumentException("the cost must not be null");
        }
        return new Sgd(eta, batchSize, epochs, seed, shuffle, cost, lambda, evaluation,
                perExample, listeners);
    }

    /**
     * L2 weight decay with strength λ ≥ 0, as in network2.py: each update first shrinks the
     * weights, w ← (1 − ηλ/n) w − η ∂C/∂w, with n the size of the training set. Biases do not
     * decay.
     */
    public Sgd weightDecay(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("the weight decay λ must be a number ≥ 0, got "
                    + lambda);
        }
        return new Sgd(eta, batchSize, epochs, seed, shuffle, cost, lambda, evaluation,
                perExample, listeners);
    }

    /** Measures cost and accuracy on these examples after every epoch. */
    public Sgd evaluateOn(DataSet evaluation) {
        return new Sgd(eta, batchSize, epochs, seed, shuffle, cost, lambda, evaluation,
                perExample, listeners);
    }

    /** Called after every epoch, e.g. to print progress or draw a live loss curve. */
    public Sgd onEpoch(Consumer<Epoch> listener) {
        List<Consumer<Epoch>> more = new ArrayList<>(listeners);
        more.add(listener);
        return new Sgd(eta, batchSize, epochs, seed, shuffle, cost, lambda, evaluation,
                perExample, List.copyOf(more));
    }

    /**
     * Backpropagates one example at a time and adds up the gradients, as network.py does, rather
     * than sending the mini-batch through as one matrix. Same result, to rounding; slower.
     */
    public Sgd perExample() {
        return new Sgd(eta, batchSize, epochs, seed, shuffle, cost, lambda, evaluation, true,
                listeners);
    }

    public double eta() {
        return eta;
    }

    public Cost cost() {
        return cost;
    }

    // ---- training ------------------------------------------------------------------------------

    /**
     * Trains the network in place and returns what each epoch measured.
     *
     * <p>The matrix form (the default) sends each mini-batch through as a whole, exactly as
     * {@code sgd.step(net, net.backprop(x, y, cost))} would, but on {@link SgdEngine}: the same
     * arithmetic on buffers made once, on two threads where that pays. {@link #perExample()} runs
     * network.py's loop below, one example at a time.
     */
    public History train(Network net, DataSet training) {
        checkFits(net, training, "training");
        if (evaluation != null) {
            checkFits(net, evaluation, "evaluation");
        }
        int n = training.size();
        int m = batchSize == FULL_BATCH ? n : Math.min(batchSize, n);
        double shrink = 1 - eta * lambda / n;
        Random random = new Random(seed);
        History history = new History();
        training.rows(); // each example as one run of memory: x(i) and y(i) read it
        try (SgdEngine engine = perExample ? null
                : new SgdEngine(net, training, m, cost, eta, shrink)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                int[] order = shuffle ? DataSet.shuffledIndices(n, random) : inOrder(n);
                EpochSums sums = perExample
                        ? exampleByExample(net, training, order, m, shrink)
                        : engine.epoch(order);
                history.countUpdates(sums.batches);
                if (sums.problem != null) {
                    throw new IllegalStateException("training diverged in epoch " + epoch
                            + " (mini-batch " + sums.problemBatch + " of " + (n + m - 1) / m
                            + "): " + sums.problem + ". Try a smaller learning rate than η = "
                            + TextTable.format(eta) + ".");
                }
                double[] norms = sums.normSums.clone();
                for (int l = 0; l < norms.length; l++) {
                    norms[l] /= sums.batches;
                }
                double evaluationCost = Double.NaN;
                double evaluationAccuracy = Double.NaN;
                if (evaluation != null) {
                    Matrix output = net.feedForward(evaluation.x());
                    evaluationCost = cost.value(output, evaluation.y());
                    evaluationAccuracy = (double) countCorrect(output, evaluation.y())
                            / evaluation.size();
                }
                Epoch result = new Epoch(epoch, sums.costSum / n, (double) sums.correct / n,
                        evaluationCost, evaluationAccuracy, norms,
                        (System.nanoTime() - start) / 1e9);
                history.add(result);
                for (Consumer<Epoch> listener : listeners) {
                    listener.accept(result);
                }
            }
        }
        return history;
    }

    /**
     * One epoch of network.py's loop: for each mini-batch, backprop each example alone, add up
     * the gradients, average them and take a step.
     */
    private EpochSums exampleByExample(Network net, DataSet training, int[] order, int m,
                                       double shrink) {
        int L = net.depth();
        EpochSums sums = new EpochSums(L);
        RunningSum[] sumW = new RunningSum[L + 1]; // Σ_x ∂C_x/∂w^l over a mini-batch
        RunningSum[] sumB = new RunningSum[L + 1]; // Σ_x ∂C_x/∂b^l
        for (int l = 1; l <= L; l++) {
            sumW[l] = new RunningSum(net.w(l).rows(), net.w(l).cols());
            sumB[l] = net.layer(l).hasBias() ? new RunningSum(net.w(l).rows(), 1) : null;
        }
        for (int from = 0; from < training.size(); from += m) {
            int to = Math.min(from + m, training.size());
            for (int l = 1; l <= L; l++) {
                sumW[l].clear();
                if (sumB[l] != null) {
                    sumB[l].clear();
                }
            }
            double batchCost = 0;
            int batchCorrect = 0;
            for (int i = from; i < to; i++) {
                Matrix x = training.x(order[i]);
                Matrix y = training.y(order[i]);
                Trace trace = net.forward(x);
                Matrix[] delta = net.errors(trace, y, cost, new Matrix[L + 1]); // BP1, BP2
                for (int l = 1; l <= L; l++) {
                    // BP4: ∂C_x/∂w^l_jk = a^(l−1)_k δ^l_j, added straight into the sum (the
                    // example's own ∂C_x/∂w^l, δ^l (a^(l−1))ᵀ, is never stored as a matrix)
                    sumW[l].addOuterProduct(delta[l], trace.a(l - 1));
                    if (sumB[l] != null) {
                        sumB[l].add(delta[l]);              // BP3: ∂C_x/∂b^l_j = δ^l_j
                    }
                }
                net.countPasses(0, 1);
                batchCost += cost.value(trace.output(), y);
                batchCorrect += countCorrect(trace.output(), y);
            }
            String problem = problem(batchCost, sumW, sumB);
            if (problem != null) {
                sums.problem = problem;
                sums.problemBatch = sums.batches + 1;
                return sums;
            }
            // The step, as network.py takes it: w ← w − (η/m) Σ_x ∂C_x/∂w, b ← b − (η/m) Σ_x ∂C_x/∂b
            // (with weight decay, w is first shrunk by 1 − ηλ/n)
            double rate = eta / (to - from);
            for (int l = 1; l <= L; l++) {
                Layer layer = net.layer(l);
                Matrix w = sumW[l].subtractFrom(layer.weights(), shrink, rate);
                Matrix b = layer.hasBias() ? sumB[l].subtractFrom(layer.biases(), 1, rate) : null;
                net.setLayer(l, layer.with(w, b));
                sums.normSums[l - 1] += sumW[l].norm() / (to - from);   // ‖∂C/∂w^l‖, of the mean
            }
            sums.costSum += batchCost;
            sums.correct += batchCorrect;
            sums.batches++;
        }
        return sums;
    }

    /** One step down the gradient: w ← w − η ∂C/∂w and b ← b − η ∂C/∂b, for every layer. */
    public void step(Network net, Gradients g) {
        if (g.depth() != net.depth()) {
            throw new IllegalArgumentException("the gradients are for " + g.depth()
                    + " layers but the network has " + net.depth());
        }
        Matrix[] nablaW = new Matrix[net.depth() + 1];
        Matrix[] nablaB = new Matrix[net.depth() + 1];
        for (int l = 1; l <= net.depth(); l++) {
            nablaW[l] = g.nablaW(l);
            nablaB[l] = g.hasBias(l) ? g.nablaB(l) : null;
        }
        update(net, nablaW, nablaB, 1);
    }

    /** The SGD update rule; {@code shrink} = 1 − ηλ/n is below 1 only with weight decay. */
    private void update(Network net, Matrix[] nablaW, Matrix[] nablaB, double shrink) {
        for (int l = 1; l <= net.depth(); l++) {
            Layer layer = net.layer(l);
            Matrix w = shrink == 1 ? layer.weights() : layer.weights().times(shrink);
            w = w.minus(nablaW[l].times(eta));                          // w ← w − η ∂C/∂w
            Matrix b = layer.hasBias()
                    ? layer.biases().minus(nablaB[l].times(eta))        // b ← b − η ∂C/∂b
                    : null;
            net.setLayer(l, layer.with(w, b));
        }
    }

    private static int countCorrect(Matrix output, Matrix y) {
        int correct = 0;
        for (int e = 0; e < output.cols(); e++) {
            if (DataSet.classOf(output, e) == DataSet.classOf(y, e)) {
                correct++;
            }
        }
        return correct;
    }

    /** Why training must stop before this update, or null when all is finite. */
    private static String problem(double costSum, RunningSum[] sumW, RunningSum[] sumB) {
        if (!Double.isFinite(costSum)) {
            return "the cost became " + (Double.isNaN(costSum) ? "NaN" : "infinite");
        }
        for (int l = 1; l < sumW.length; l++) {
            if (!sumW[l].isFinite() || (sumB[l] != null && !sumB[l].isFinite())) {
                return "the gradient of layer " + l + " is no longer finite";
            }
        }
        return null;
    }

    private static void checkFits(Network net, DataSet data, String which) {
        int[] sizes = net.sizes();
        if (data.inputSize() != sizes[0] || data.outputSize() != sizes[sizes.length - 1]) {
            throw new IllegalArgumentException("the " + which + " data has "
                    + TextTable.count(data.inputSize(), "input") + " and "
                    + TextTable.count(data.outputSize(), "output") + " per example, but the network "
                    + "takes " + sizes[0] + " and gives " + sizes[sizes.length - 1]);
        }
    }

    private static int[] inOrder(int n) {
        int[] order = new int[n];
        java.util.Arrays.setAll(order, i -> i);
        return order;
    }
}
