package backprop;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fully connected feed-forward network: layers 1 … L, each with weights w^l, biases b^l and an
 * activation f^l. Layer 0 is the input, a^0 = x.
 *
 * <p>Layers are counted from 1, as in the texts: {@code w(1)} is w^1, the weights from the input
 * to the first layer of neurons, and {@code w(depth())} is w^L. Weights change only when a layer
 * is replaced ({@link #setLayer}), which is how training ({@link Sgd#step}) takes its steps.
 *
 * <pre>{@code
 * Network net = Network.sizes(2, 3, 1).activation(Activation.SIGMOID).seed(42).build();
 * Gradients g = net.backprop(x, y, Cost.QUADRATIC);   // ∂C/∂w^l and ∂C/∂b^l for every l
 * }</pre>
 *
 * <p><b>Threads.</b> A Network is not thread-safe, so it trains in one run at a time: a run
 * holds it ({@link #startTraining}), and a second run, from another thread or from a listener of
 * the first, fails at once with an IllegalStateException, as does {@link #setLayer} (and so
 * {@link Sgd#step}) from another thread. Reading it (forward, cost, …) while another thread
 * trains it gives the weights of no particular step. To train on several threads, give each
 * thread its own network ({@link #copy}).
 */
public final class Network {

    private final Layer[] layers; // layers[l - 1] is layer l
    private long forwardPasses;
    private long backwardPasses;
    private final AtomicReference<Thread> trainer = new AtomicReference<>(); // see startTraining

    private Network(Layer[] layers) {
        this.layers = layers;
    }

    /** A network from explicit layers, e.g. to type in a worked example exactly. */
    public static Network of(Layer... layers) {
        if (Require.noNulls(layers, "layers").length == 0) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int l = 1; l < layers.length; l++) {
            if (layers[l].inputs() != layers[l - 1].outputs()) {
                throw new IllegalArgumentException("layer " + (l + 1) + " has weights "
                        + layers[l].weights().shape() + ", so it expects "
                        + TextTable.count(layers[l].inputs(), "input") + ", but layer " + l
                        + " has " + TextTable.count(layers[l - 1].outputs(), "neuron"));
            }
        }
        return new Network(layers.clone());
    }

    /** Starts a network of the given layer sizes, input first: {@code sizes(784, 30, 10)}. */
    public static Builder sizes(int... sizes) {
        return new Builder(sizes);
    }

    // ---- what the network is -----------------------------------------------------------------

    /** L, the number of layers with weights (the input layer does not count). */
    public int depth() {
        return layers.length;
    }

    /** The neurons per layer, input first: [n_0, n_1, …, n_L]. */
    public int[] sizes() {
        int[] sizes = new int[layers.length + 1];
        sizes[0] = layers[0].inputs();
        for (int l = 1; l <= layers.length; l++) {
            sizes[l] = layers[l - 1].outputs();
        }
        return sizes;
    }

    /** Layer l, for l = 1 … L. */
    public Layer layer(int l) {
        if (l < 1 || l > layers.length) {
            throw new IllegalArgumentException("layer " + l + " does not exist: this network has "
                    + "layers 1 to " + layers.length + " (layer 0 is the input, without weights)");
        }
        return layers[l - 1];
    }

    /** w^l: {@code w(l).get(j, k)} connects neuron k of layer l−1 to neuron j of layer l. */
    public Matrix w(int l) {
        return layer(l).weights();
    }

    /** b^l, a column; fails for a layer without biases. */
    public Matrix b(int l) {
        Layer layer = layer(l);
        if (!layer.hasBias()) {
            throw new IllegalStateException("layer " + l + " has no biases");
        }
        return layer.biases();
    }

    /** f^l, the activation of layer l, for l = 1 … L. */
    public Activation activation(int l) {
        return layer(l).activation();
    }

    /** All weights and biases. */
    public int parameterCount() {
        return Arrays.stream(layers).mapToInt(Layer::parameterCount).sum();
    }

    // ---- the forward pass --------------------------------------------------------------------

    /**
     * The forward pass, keeping every z^l and a^l: z^l = w^l a^(l−1) + b^l, a^l = f(z^l).
     * x is one example (a column) or a mini-batch (one example per column).
     */
    public Trace forward(Matrix x) {
        if (Require.nonNull(x, "the input x").rows() != layers[0].inputs()) {
            throw new IllegalArgumentException("the input has " + TextTable.count(x.rows(), "row")
                    + " (shape " + x.shape() + ") but this network takes "
                    + TextTable.count(layers[0].inputs(), "input") + ": give one example per column");
        }
        Matrix[] z = new Matrix[layers.length + 1];
        Matrix[] a = new Matrix[layers.length + 1];
        a[0] = x;
        for (int l = 1; l <= layers.length; l++) {
            Layer layer = layers[l - 1];
            z[l] = layer.weightedInput(a[l - 1]);      // z^l = w^l a^(l−1) + b^l
            a[l] = layer.activation().apply(z[l]);     // a^l = f(z^l)
        }
        forwardPasses++;
        return new Trace(this, z, a);
    }

    /** The output a^L for input x. */
    public Matrix feedForward(Matrix x) {
        return forward(x).output();
    }

    // ---- backpropagation ---------------------------------------------------------------------

    /**
     * Backpropagation: the gradient of the cost with respect to every weight and bias.
     *
     * <p>x and y are one example (columns) or a mini-batch (one example per column). For a
     * mini-batch the whole batch goes through as matrices at once, and ∂C/∂w, ∂C/∂b are the mean
     * over its examples, the same as averaging the examples' gradients one by one.
     */
    public Gradients backprop(Matrix x, Matrix y, Cost cost) {
        Require.nonNull(x, "the input x");
        Require.nonNull(y, "the target y");
        Require.nonNull(cost, "the cost");
        int L = layers.length;
        if (y.rows() != layers[L - 1].outputs() || y.cols() != x.cols()) {
            throw new IllegalArgumentException("the target y is " + y.shape() + " but must be "
                    + layers[L - 1].outputs() + "×" + x.cols() + ": one row per output of the network ("
                    + TextTable.count(layers[L - 1].outputs(), "output") + "), one column per example in x ("
                    + TextTable.count(x.cols(), "example") + ")");
        }
        Trace trace = forward(x);
        int m = x.cols();
        Matrix[] dCda = new Matrix[L + 1];
        Matrix[] delta = errors(trace, y, cost, dCda);    // BP1 and BP2
        Matrix[] nablaW = new Matrix[L + 1];
        Matrix[] nablaB = new Matrix[L + 1];
        for (int l = L; l >= 1; l--) {
            // BP3: ∂C/∂b^l_j = δ^l_j, averaged over the examples
            nablaB[l] = layer(l).hasBias() ? delta[l].rowMeans() : null;
            // BP4: ∂C/∂w^l_jk = a^(l−1)_k δ^l_j, averaged over the examples: (1/m) δ^l (a^(l−1))ᵀ
            nablaW[l] = delta[l].times(1.0 / m).times(trace.a(l - 1).transpose());
        }
        backwardPasses++;
        return new Gradients(trace, y, cost, delta, dCda, nablaW, nablaB);
    }

    /**
     * The errors δ^l = ∂C/∂z^l of every layer, from the output back: BP1 and BP2. Fills
     * {@code dCda[l]} = (w^(l+1))ᵀ δ^(l+1) for the hidden layers on the way.
     */
    private Matrix[] errors(Trace trace, Matrix y, Cost cost, Matrix[] dCda) {
        int L = layers.length;
        Matrix[] delta = new Matrix[L + 1];

        // BP1: δ^L = ∇_a C ⊙ f'(z^L)   (the cost knows the shortcuts, such as a − y)
        delta[L] = cost.delta(trace.z(L), trace.a(L), y, activation(L));

        for (int l = L - 1; l >= 1; l--) {
            // BP2: δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ f'(z^l)
            dCda[l] = w(l + 1).transpose().times(delta[l + 1]);
            delta[l] = activation(l).backward(trace.z(l), dCda[l]);
        }
        return delta;
    }

    /**
     * Counts passes that were made without {@link #forward} and {@link #backprop}: by a second
     * implementation of training that computes them itself (such as {@code FastSgd}), so that
     * {@link #passes} tells the same as for {@link Sgd#train}.
     */
    public void countPasses(long forward, long backward) {
        if (forward < 0 || backward < 0) {
            throw new IllegalArgumentException("pass counts cannot be negative, got " + forward
                    + " forward and " + backward + " backward");
        }
        forwardPasses += forward;
        backwardPasses += backward;
    }

    // ---- measuring -----------------------------------------------------------------------------

    /** The mean cost over a data set. */
    public double cost(DataSet data, Cost cost) {
        Require.nonNull(data, "data");
        Require.nonNull(cost, "the cost").checkOutputActivation(activation(depth()));
        return cost.value(feedForward(data.x()), data.y());
    }

    /** The fraction of examples whose predicted class is their label (see {@link DataSet#label}). */
    public double accuracy(DataSet data) {
        Require.nonNull(data, "data");
        return (double) DataSet.countCorrect(feedForward(data.x()), data.y()) / data.size();
    }

    /**
     * The predicted class of one example x, a column: the largest output, or output ≥ 0.5 for one
     * output. Several examples are refused, not answered for the first: see {@link #predictAll}.
     */
    public int predict(Matrix x) {
        if (Require.nonNull(x, "x").cols() != 1) {
            throw new IllegalArgumentException("predict(x) answers for one example, a column, but x is "
                    + x.shape() + " (" + TextTable.count(x.cols(), "example") + "): use predictAll(x) "
                    + "for the class of every column");
        }
        return DataSet.classOf(feedForward(x), 0);
    }

    /** The predicted class of every example (column) of x, as {@link #predict} gives it for one. */
    public int[] predictAll(Matrix x) {
        Matrix outputs = feedForward(Require.nonNull(x, "x"));
        int[] classes = new int[outputs.cols()];
        for (int e = 0; e < classes.length; e++) {
            classes[e] = DataSet.classOf(outputs, e);
        }
        return classes;
    }

    /** How many forward and backward passes this network has made (a mini-batch counts once). */
    public Passes passes() {
        return new Passes(forwardPasses, backwardPasses);
    }

    /** Sets both pass counts back to 0. */
    public void resetPasses() {
        forwardPasses = 0;
        backwardPasses = 0;
    }

    /**
     * Forward and backward passes counted so far.
     *
     * @param forward  the forward passes (a mini-batch counts once)
     * @param backward the backward passes (a mini-batch counts once)
     */
    public record Passes(long forward, long backward) {
    }

    // ---- changing and copying ------------------------------------------------------------------

    /** An independent copy with the same weights (pass counts start at 0). */
    public Network copy() {
        return new Network(layers.clone());
    }

    /** A copy with layer l replaced: how a gradient check nudges one parameter. */
    public Network withLayer(int l, Layer replacement) {
        checkFits(l, replacement);
        Layer[] copy = layers.clone();
        copy[l - 1] = replacement;
        return new Network(copy);
    }

    /**
     * Replaces layer l of this network by one of the same shape: how a step of training
     * ({@link Sgd#step}) changes the weights and biases. Fails while another thread trains it.
     */
    public void setLayer(int l, Layer replacement) {
        checkFits(l, replacement);
        Training.checkNotTrainingElsewhere(trainer, l);
        layers[l - 1] = replacement;
    }

    /** Holds this network for a training run on this thread, or fails when another run holds it (see "Threads"). */
    public Training startTraining() {
        return Training.start(trainer);
    }

    private void checkFits(int l, Layer replacement) {
        Layer current = layer(l);
        Require.nonNull(replacement, "the replacement of layer " + l);
        if (replacement.inputs() != current.inputs() || replacement.outputs() != current.outputs()
                || replacement.hasBias() != current.hasBias()) {
            throw new IllegalArgumentException("layer " + l + " is " + current.weights().shape()
                    + (current.hasBias() ? " with" : " without") + " biases; a replacement of shape "
                    + replacement.weights().shape() + (replacement.hasBias() ? " with" : " without")
                    + " biases does not fit");
        }
    }

    /**
     * The largest difference between the weights and biases of this network and another of the
     * same shape, entry by entry: how far two ways of training the same start agree.
     */
    public double largestDifference(Network other) {
        if (!Arrays.equals(Require.nonNull(other, "other").sizes(), sizes())) {
            throw new IllegalArgumentException("this network is " + Arrays.toString(sizes())
                    + ", the other " + Arrays.toString(other.sizes()) + ": compare networks of one shape");
        }
        double largest = 0;
        for (int l = 1; l <= depth(); l++) {
            largest = Math.max(largest, w(l).minus(other.w(l)).maxAbs());
            if (layer(l).hasBias() && other.layer(l).hasBias()) {
                largest = Math.max(largest, b(l).minus(other.b(l)).maxAbs());
            }
        }
        return largest;
    }

    /** Sizes and activations: "[2, 3, 1] relu → sigmoid". */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(Arrays.toString(sizes())).append(' ');
        for (int l = 1; l <= layers.length; l++) {
            out.append(l > 1 ? " → " : "").append(activation(l).id());
            if (!layer(l).hasBias()) {
                out.append(" (no bias)");
            }
        }
        return out.toString();
    }

    /** Builds a network from layer sizes, activations and an initialiser. */
    public static final class Builder {
        private final int[] sizes;
        private Activation[] activations;
        private Init init = Init.SCALED_GAUSSIAN;
        private long seed = 0;
        private boolean biases = true;

        private Builder(int[] sizes) {
            if (Require.nonNull(sizes, "sizes").length < 2) {
                throw new IllegalArgumentException("a network needs at least two sizes (inputs "
                        + "and outputs), got " + Arrays.toString(sizes));
            }
            for (int size : sizes) {
                if (size <= 0) {
                    throw new IllegalArgumentException("layer sizes must be positive, got "
                            + Arrays.toString(sizes));
                }
            }
            for (int l = 1; l < sizes.length; l++) {
                Require.entries(sizes[l], sizes[l - 1], "layer " + l + "'s weights w^" + l);
            }
            this.sizes = sizes.clone();
            this.activations = new Activation[sizes.length - 1];
            Arrays.fill(activations, Activation.SIGMOID);
        }

        /** The same activation in every layer (sigmoid unless set). */
        public Builder activation(Activation f) {
            Require.nonNull(f, "the activation f");
            Arrays.fill(activations, f);
            return this;
        }

        /** One activation per layer 1 … L, e.g. {@code activations(RELU, SOFTMAX)}. */
        public Builder activations(Activation... perLayer) {
            if (Require.noNulls(perLayer, "perLayer").length != sizes.length - 1) {
                throw new IllegalArgumentException(perLayer.length + " activations given for "
                        + (sizes.length - 1) + " layers: give one per layer after the input");
            }
            this.activations = perLayer.clone();
            return this;
        }

        /** How weights are drawn ({@link Init#SCALED_GAUSSIAN} unless set). */
        public Builder init(Init init) {
            this.init = Require.nonNull(init, "init");
            return this;
        }

        /** The seed of the random source: the same seed gives the same network. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Layers without biases: z = w a. */
        public Builder withoutBiases() {
            this.biases = false;
            return this;
        }

        /** The network: each layer's w and b drawn by the initialiser from the seed. */
        public Network build() {
            Random random = new Random(seed);
            Layer[] layers = new Layer[sizes.length - 1];
            for (int l = 1; l < sizes.length; l++) {
                Matrix w = init.weights(sizes[l], sizes[l - 1], random);
                Matrix b = biases ? init.biases(sizes[l], random) : null;
                layers[l - 1] = new Layer(w, b, activations[l - 1]);
            }
            return new Network(layers);
        }
    }
}
