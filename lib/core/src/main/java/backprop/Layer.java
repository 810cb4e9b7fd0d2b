package backprop;

/**
 * One layer l of a network: its weights w^l, its biases b^l and its activation f, so that
 * z^l = w^l a^(l−1) + b^l and a^l = f(z^l).
 *
 * <p>w^l has one row per neuron of this layer and one column per neuron of the layer before:
 * {@code weights().get(j, k)} is w^l_jk, the weight from neuron k of layer l−1 to neuron j of
 * layer l. A layer without biases (z = w a, as in the networks of lectures 04 and 05) has
 * {@code biases() == null}.
 *
 * <p>A softmax layer has at least 2 neurons: softmax of a single z is e^z / e^z = 1, an output
 * that no weight can change.
 *
 * @param weights    w^l, one row per neuron of this layer, one column per neuron of the layer before
 * @param biases     b^l, a column with one entry per neuron, or null for a layer without biases
 * @param activation f, the activation applied to z^l
 */
public record Layer(Matrix weights, Matrix biases, Activation activation) {

    public Layer {
        Require.nonNull(weights, "the weights");
        Require.nonNull(activation, "the activation");
        if (biases != null && (biases.cols() != 1 || biases.rows() != weights.rows())) {
            throw new IllegalArgumentException("biases must be a " + weights.rows()
                    + "×1 column (one per neuron, as w is " + weights.shape() + "), got "
                    + biases.shape());
        }
        if (activation == Activation.SOFTMAX && weights.rows() == 1) {
            throw new IllegalArgumentException("a softmax layer needs at least 2 neurons, but these "
                    + "weights are " + weights.shape() + ": for one neuron softmax(z) = e^z / e^z = 1 "
                    + "whatever z is, so it never learns; for one output, use sigmoid");
        }
    }

    /** A layer with biases: z = w a + b. */
    public static Layer of(Matrix weights, Matrix biases, Activation activation) {
        if (biases == null) {
            throw new IllegalArgumentException("biases are null: use Layer.withoutBias(w, f) "
                    + "for a layer without biases");
        }
        return new Layer(weights, biases, activation);
    }

    /** A layer without biases: z = w a. */
    public static Layer withoutBias(Matrix weights, Activation activation) {
        return new Layer(weights, null, activation);
    }

    /** Whether the layer has biases b^l (z = w a + b), not only weights (z = w a). */
    public boolean hasBias() {
        return biases != null;
    }

    /** Neurons in the layer before (the columns of w). */
    public int inputs() {
        return weights.cols();
    }

    /** Neurons in this layer (the rows of w). */
    public int outputs() {
        return weights.rows();
    }

    /** Weights plus biases. */
    public int parameterCount() {
        return weights.rows() * weights.cols() + (hasBias() ? biases.rows() : 0);
    }

    /** z = w a + b, for one example (a column) or a mini-batch (one column per example). */
    public Matrix weightedInput(Matrix aPrevious) {
        Matrix wa = weights.times(Require.nonNull(aPrevious, "aPrevious"));
        return hasBias() ? wa.plusColumn(biases) : wa;
    }

    /** This layer with other weights and biases (same activation, same bias or not). */
    public Layer with(Matrix newWeights, Matrix newBiases) {
        return new Layer(newWeights, hasBias() ? newBiases : null, activation);
    }
}
