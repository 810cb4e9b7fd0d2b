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

    /** Trains the network in place and returns what each epoch measured. */
    public History train(Network net, DataSet training) {
        checkFits(net, training, "training");
        if (evaluation != null) {
            checkFits(net, evaluation, "evaluation");
        }
        int n = training.size();
        int m = batchSize == FULL_BATCH ? n : Math.min(batchSize, n);
        Random random = new Random(seed);
        History history = new History();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            int[] order = shuffle ? DataSet.shuffledIndices(n, random) : inOrder(n);
            double costSum = 0;
            int correct = 0;
            double[] normSums = new double[net.depth()];
            int batches = 0;
            for (int from = 0; from < n; from += m) {
                int to = Math.min(from + m, n);
                Matrix x = training.x().columns(order, from, to);
                Matrix y = training.y().columns(order, from, to);
                BatchGradient g = perExample ? exampleByExample(net, x, y) : wholeBatch(net, x, y);
                checkFinite(g, epoch, batches + 1, (n + m - 1) / m);
                update(net, g.nablaW, g.nablaB, 1 - eta * lambda / n);
                history.countUpdate();
                costSum += g.costSum;
                correct += g.correct;
                for (int l = 1; l <= net.depth(); l++) {
                    normSums[l - 1] += g.nablaW[l].norm();
                }
                batches++;
            }
            for (int l = 0; l < normSums.length; l++) {
                normSums[l] /= batches;
            }
            double evaluationCost = Double.NaN;
            double evaluationAccuracy = Double.NaN;
            if (evaluation != null) {
                Matrix output = net.feedForward(evaluation.x());
                evaluationCost = cost.value(output, evaluation.y());
                evaluationAccuracy = (double) countCorrect(output, evaluation.y()) / evaluation.size();
            }
            Epoch result = new Epoch(epoch, costSum / n, (double) correct / n, evaluationCost,
                    evaluationAccuracy, normSums, (System.nanoTime() - start) / 1e9);
            history.add(result);
            for (Consumer<Epoch> listener : listeners) {
                listener.accept(result);
            }
        }
        return history;
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

    /** ∂C/∂w and ∂C/∂b averaged over a mini-batch, with its summed cost and correct answers. */
    private record BatchGradient(Matrix[] nablaW, Matrix[] nablaB, double costSum, int correct) {
    }

    /** The whole mini-batch through backprop at once, as matrices. */
    private BatchGradient wholeBatch(Network net, Matrix x, Matrix y) {
        Gradients g = net.backprop(x, y, cost);
        Matrix[] nablaW = new Matrix[net.depth() + 1];
        Matrix[] nablaB = new Matrix[net.depth() + 1];
        for (int l = 1; l <= net.depth(); l++) {
            nablaW[l] = g.nablaW(l);
            nablaB[l] = g.hasBias(l) ? g.nablaB(l) : null;
        }
        return new BatchGradient(nablaW, nablaB, g.cost() * x.cols(),
                countCorrect(g.trace().output(), y));
    }

    /** network.py's loop: backprop each example alone, add up the gradients, then average. */
    private BatchGradient exampleByExample(Network net, Matrix x, Matrix y) {
        int m = x.cols();
        Matrix[] nablaW = new Matrix[net.depth() + 1];
        Matrix[] nablaB = new Matrix[net.depth() + 1];
        double costSum = 0;
        int correct = 0;
        for (int e = 0; e < m; e++) {
            Gradients g = net.backprop(x.column(e), y.column(e), cost);
            for (int l = 1; l <= net.depth(); l++) {
                nablaW[l] = nablaW[l] == null ? g.nablaW(l) : nablaW[l].plus(g.nablaW(l));
                if (g.hasBias(l)) {
                    nablaB[l] = nablaB[l] == null ? g.nablaB(l) : nablaB[l].plus(g.nablaB(l));
                }
            }
            costSum += g.cost();
            correct += countCorrect(g.trace().output(), g.target());
        }
        for (int l = 1; l <= net.depth(); l++) {
            nablaW[l] = nablaW[l].times(1.0 / m);
            nablaB[l] = nablaB[l] == null ? null : nablaB[l].times(1.0 / m);
        }
        return new BatchGradient(nablaW, nablaB, costSum, correct);
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

    private void checkFinite(BatchGradient g, int epoch, int batch, int batches) {
        String what = null;
        if (!Double.isFinite(g.costSum)) {
            what = "the cost became " + (Double.isNaN(g.costSum) ? "NaN" : "infinite");
        } else {
            for (int l = 1; l < g.nablaW.length && what == null; l++) {
                if (!g.nablaW[l].isFinite() || (g.nablaB[l] != null && !g.nablaB[l].isFinite())) {
                    what = "the gradient of layer " + l + " is no longer finite";
                }
            }
        }
        if (what != null) {
            throw new IllegalStateException("training diverged in epoch " + epoch
                    + " (mini-batch " + batch + " of " + batches + "): " + what
                    + ". Try a smaller learning rate than η = " + TextTable.format(eta) + ".");
        }
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
