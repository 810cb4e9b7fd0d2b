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
 *
 * <p><b>Threads.</b> An Sgd never changes once made, so one Sgd may train several networks,
 * on several threads at once. A network, though, trains in one run at a time (see
 * {@link Network}): {@link #train} holds it while it runs, and a second run on it fails at
 * once. The listeners are called on the thread that trains.
 */
public final class Sgd {

    private double eta;
    private int batchSize = 10;          // FULL_BATCH: the whole training set
    private int epochs = 1;
    private long seed;
    private boolean shuffle = true;
    private Cost cost = Cost.QUADRATIC;
    private double lambda;               // the weight decay λ
    private DataSet evaluation;          // null: none
    private boolean perExample;
    private List<Consumer<Epoch>> listeners = List.of();

    private static final int FULL_BATCH = -1;

    /**
     * The largest learning rate η taken: ten times the η = 100 with which Nielsen's book shows a
     * rate far too large to learn. A larger η is almost surely a slip (1e3 for 1e-3), and near
     * 1e300 the first step overflows.
     */
    public static final double MAX_ETA = 1000;

    private Sgd() {
    }

    /**
     * SGD with learning rate 0 &lt; η ≤ {@link #MAX_ETA}, and to begin with: mini-batches of 10,
     * one epoch, seed 0, shuffled, quadratic cost, no weight decay.
     */
    public static Sgd eta(double eta) {
        Require.positive(eta, "the learning rate η (eta)", MAX_ETA);
        Sgd sgd = new Sgd();
        sgd.eta = eta;
        return sgd;
    }

    // ---- the training loop -----------------------------------------------------------------------

    /**
     * Trains the network in place and returns what each epoch measured: every epoch shuffles the
     * training data and cuts it into mini-batches; each mini-batch is backpropagated and gives
     * one step. Fails at once if another run is training the network (see {@link Network}).
     */
    public History train(Network net, DataSet training) {
        check(net, training);
        Training hold = net.startTraining();                   // one run at a time (see Network)
        try {
            int n = training.size();
            int m = miniBatchSize(n);
            int batches = (n + m - 1) / m;                     // the last one may be smaller
            Random random = new Random(seed);
            List<Epoch> history = new ArrayList<>();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                DataSet examples = shuffle ? training.shuffled(random) : training;
                Epoch.Totals totals = new Epoch.Totals(net.depth());
                for (int batch = 1; batch <= batches; batch++) {
                    DataSet miniBatch = examples.range((batch - 1) * m, Math.min(batch * m, n));
                    Gradients g = perExample ? backpropEachExample(net, miniBatch)
                            : net.backprop(miniBatch.x(), miniBatch.y(), cost); // BP1–BP4, the batch's mean
                    String problem = g.whyNotFinite();
                    if (problem != null) {
                        throw new TrainingDiverged(epoch, batch, batches, eta, problem);
                    }
                    step(net, g, n);                           // w ← (1 − ηλ/n) w − η ∂C/∂w, …
                    totals.add(g);
                }
                Epoch result = totals.epoch(epoch, net, evaluation, cost, System.nanoTime() - start);
                history.add(result);
                listeners.forEach(listener -> listener.accept(result));
            }
            return History.of(history);
        } finally {
            hold.close();
        }
    }

    /**
     * ∂C/∂w and ∂C/∂b on one mini-batch as network.py computes them ({@link #perExample()}): one
     * backprop per example, then their mean. The same, to rounding, as one backprop of the batch.
     */
    private Gradients backpropEachExample(Network net, DataSet miniBatch) {
        List<Gradients> each = new ArrayList<>();
        for (int i = 0; i < miniBatch.size(); i++) {
            each.add(net.backprop(miniBatch.x(i), miniBatch.y(i), cost));
        }
        return Gradients.mean(each);
    }

    // ---- the update rule -------------------------------------------------------------------------

    /**
     * One step down the gradient g, taking the examples g was computed on as the whole training
     * set (as full-batch gradient descent does): {@code step(net, g, g.examples())}.
     */
    public void step(Network net, Gradients g) {
        step(net, g, Require.nonNull(g, "the gradients g").examples());
    }

    /**
     * One step down the gradient g of a mini-batch from a training set of n examples, for every
     * layer: w ← (1 − ηλ/n) w − η ∂C/∂w and b ← b − η ∂C/∂b. Without weight decay (λ = 0) the
     * first factor is 1, and this is w ← w − η ∂C/∂w. {@link #train} takes exactly this step.
     */
    public void step(Network net, Gradients g, int n) {
        Require.nonNull(net, "the network net");
        if (Require.nonNull(g, "the gradients g").depth() != net.depth()) {
            throw new IllegalArgumentException("the gradients are for " + g.depth()
                    + " layers but the network has " + net.depth());
        }
        double shrink = shrink(n);
        for (int l = 1; l <= net.depth(); l++) {
            Layer layer = net.layer(l);
            Matrix w = layer.weights().times(shrink).minus(g.nablaW(l).times(eta));
            Matrix b = layer.hasBias() ? layer.biases().minus(g.nablaB(l).times(eta)) : null;
            net.setLayer(l, layer.with(w, b));
        }
    }

    /**
     * The factor 1 − ηλ/n by which weight decay shrinks every weight before a step, for a
     * training set of n examples; 1 without weight decay. It must stay above 0, so ηλ &lt; n is
     * required: at ηλ/n ≥ 1 a step would zero the weights or flip their sign, which is no decay.
     */
    public double shrink(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the training set size n must be at least 1, got " + n);
        }
        double decay = eta * lambda / n;                       // ηλ/n
        if (!(decay < 1)) {
            throw new IllegalArgumentException("weight decay multiplies the weights by 1 − ηλ/n, which "
                    + "must stay above 0, but eta η = " + TextTable.format(eta) + ", lambda λ = " + TextTable.format(lambda)
                    + " and n = " + n + " give ηλ/n = " + TextTable.format(decay)
                    + ": choose ηλ < n (a smaller λ or η)");
        }
        return 1 - decay;
    }

    // ---- the settings ----------------------------------------------------------------------------

    /** Examples per mini-batch (the last batch of an epoch may be smaller). */
    public Sgd batchSize(int m) {
        if (m <= 0) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + m);
        }
        Sgd copy = copy();
        copy.batchSize = m;
        return copy;
    }

    /** Full-batch gradient descent: every update uses the whole training set. */
    public Sgd fullBatch() {
        Sgd copy = copy();
        copy.batchSize = FULL_BATCH;
        return copy;
    }

    /** Passes through the training data; 0 trains nothing. */
    public Sgd epochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of epochs cannot be negative, got " + n);
        }
        Sgd copy = copy();
        copy.epochs = n;
        return copy;
    }

    /** The seed of the shuffling: the same seed gives bit-identical training. */
    public Sgd seed(long seed) {
        Sgd copy = copy();
        copy.seed = seed;
        return copy;
    }

    /** Whether to shuffle the training data before each epoch (yes unless set). */
    public Sgd shuffle(boolean shuffle) {
        Sgd copy = copy();
        copy.shuffle = shuffle;
        return copy;
    }

    /** The cost C whose gradient each step follows ({@link Cost#QUADRATIC} unless set). */
    public Sgd cost(Cost cost) {
        Require.nonNull(cost, "the cost");
        Sgd copy = copy();
        copy.cost = cost;
        return copy;
    }

    /**
     * L2 weight decay with strength λ ≥ 0, as in network2.py: each update first shrinks the
     * weights, w ← (1 − ηλ/n) w − η ∂C/∂w, with n the size of the training set. Biases do not
     * decay. Training refuses a λ with ηλ/n ≥ 1 (see {@link #shrink}), when n is known.
     */
    public Sgd weightDecay(double lambda) {
        Require.nonNegative(lambda, "the weight decay λ (lambda)");
        Sgd copy = copy();
        copy.lambda = lambda;
        return copy;
    }

    /** Measures cost and accuracy on these examples after every epoch. */
    public Sgd evaluateOn(DataSet evaluation) {
        Require.nonNull(evaluation, "the evaluation data");
        Sgd copy = copy();
        copy.evaluation = evaluation;
        return copy;
    }

    /** Called after every epoch, e.g. to print progress or draw a live loss curve. */
    public Sgd onEpoch(Consumer<Epoch> listener) {
        Require.nonNull(listener, "the listener");
        List<Consumer<Epoch>> more = new ArrayList<>(listeners);
        more.add(listener);
        Sgd copy = copy();
        copy.listeners = List.copyOf(more);
        return copy;
    }

    /**
     * Backpropagates one example at a time and averages the gradients, as network.py does, rather
     * than sending the mini-batch through as one matrix. Same result, to rounding; slower.
     */
    public Sgd perExample() {
        Sgd copy = copy();
        copy.perExample = true;
        return copy;
    }

    /** Whether each example is backpropagated alone, as network.py does ({@link #perExample()}). */
    public boolean isPerExample() {
        return perExample;
    }

    /** η, the learning rate. */
    public double eta() {
        return eta;
    }

    /** The cost C that training minimises. */
    public Cost cost() {
        return cost;
    }

    /** The number of epochs: passes through the training data. */
    public int epochs() {
        return epochs;
    }

    /** The seed of the shuffling. */
    public long seed() {
        return seed;
    }

    /** Whether each epoch shuffles the training data first. */
    public boolean shuffles() {
        return shuffle;
    }

    /** The weight decay λ (0: none). */
    public double weightDecay() {
        return lambda;
    }

    /** The examples measured after every epoch, or null. */
    public DataSet evaluation() {
        return evaluation;
    }

    /** The listeners called after every epoch, in the order they were added. */
    public List<Consumer<Epoch>> listeners() {
        return listeners;
    }

    /** Examples per mini-batch on a training set of n: the batch size, at most n (n for full batch). */
    public int miniBatchSize(int n) {
        return batchSize == FULL_BATCH ? n : Math.min(batchSize, n);
    }

    /**
     * Fails, before any step, unless these settings can train the network on these examples:
     * the training and evaluation data fit its first and last layer, the cost suits its output
     * activation ({@link Cost#checkOutputActivation}) and their targets, weight decay leaves
     * ηλ/n &lt; 1 ({@link #shrink}), and every weight and bias is finite. {@link #train} checks
     * this first; so does a second implementation of training.
     */
    public void check(Network net, DataSet training) {
        checkFits(net, training, "training");
        shrink(training.size());                               // weight decay: ηλ/n < 1
        cost.checkOutputActivation(net.activation(net.depth()));
        checkTargets(training, "training");
        if (evaluation != null) {
            checkFits(net, evaluation, "evaluation");
            checkTargets(evaluation, "evaluation");
        }
        for (int l = 1; l <= net.depth(); l++) {
            Layer layer = net.layer(l);
            String finite = "training needs finite weights and biases";
            Require.finite(layer.weights(), "layer " + l + "'s weights w^" + l, finite);
            if (layer.hasBias()) {
                Require.finite(layer.biases(), "layer " + l + "'s biases b^" + l, finite);
            }
        }
    }

    /**
     * The cost's rule for targets, checked on the whole data set before training, so that a bad
     * entry is named by its place there, (output, example), however the examples are then batched.
     */
    private void checkTargets(DataSet data, String which) {
        try {
            cost.checkTargets(data.y());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + which + " targets y: " + e.getMessage(), e);
        }
    }

    /** Fails unless the data's inputs and targets fit the network's first and last layer. */
    public static void checkFits(Network net, DataSet data, String which) {
        int[] sizes = Require.nonNull(net, "the network net").sizes();
        Require.nonNull(data, "the " + which + " data");
        if (data.inputSize() != sizes[0] || data.outputSize() != sizes[sizes.length - 1]) {
            throw new IllegalArgumentException("the " + which + " data has "
                    + TextTable.count(data.inputSize(), "input") + " and "
                    + TextTable.count(data.outputSize(), "output") + " per example, but the network "
                    + "takes " + sizes[0] + " and gives " + sizes[sizes.length - 1]);
        }
    }

    private Sgd copy() {
        Sgd copy = new Sgd();
        copy.eta = eta;
        copy.batchSize = batchSize;
        copy.epochs = epochs;
        copy.seed = seed;
        copy.shuffle = shuffle;
        copy.cost = cost;
        copy.lambda = lambda;
        copy.evaluation = evaluation;
        copy.perExample = perExample;
        copy.listeners = listeners;
        return copy;
    }
}
