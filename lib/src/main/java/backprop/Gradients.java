package backprop;

/**
 * What backpropagation computed: for every layer l = 1 … L the error δ^l = ∂C/∂z^l, and the
 * gradients ∂C/∂w^l and ∂C/∂b^l (the mean over the examples that went through together).
 */
public final class Gradients {

    private final Trace trace;
    private final Matrix y;
    private final Cost cost;
    private final Matrix[] delta;
    private final Matrix[] dCda; // filled for hidden layers by BP2; the output layer's on demand
    private final Matrix[] nablaW;
    private final Matrix[] nablaB; // null for layers without biases

    Gradients(Trace trace, Matrix y, Cost cost, Matrix[] delta, Matrix[] dCda, Matrix[] nablaW,
              Matrix[] nablaB) {
        this.trace = trace;
        this.y = y;
        this.cost = cost;
        this.delta = delta;
        this.dCda = dCda;
        this.nablaW = nablaW;
        this.nablaB = nablaB;
    }

    /** L, the number of layers with weights. */
    public int depth() {
        return delta.length - 1;
    }

    /** δ^l = ∂C/∂z^l, one column per example. */
    public Matrix delta(int l) {
        return delta[check(l)];
    }

    /** ∂C/∂w^l: entry (j, k) is ∂C/∂w^l_jk. */
    public Matrix nablaW(int l) {
        return nablaW[check(l)];
    }

    /** ∂C/∂b^l, a column; fails for a layer without biases. */
    public Matrix nablaB(int l) {
        if (nablaB[check(l)] == null) {
            throw new IllegalStateException("layer " + l + " has no biases, so no ∂C/∂b");
        }
        return nablaB[l];
    }

    /** True when layer l has biases (and so a ∂C/∂b). */
    public boolean hasBias(int l) {
        return nablaB[check(l)] != null;
    }

    /**
     * ∂C/∂a^l, the slope of the cost with respect to each neuron's value. For the output layer it
     * is ∇_a C; for a hidden layer it is (w^(l+1))ᵀ δ^(l+1): the sum over the weights leaving
     * each neuron of weight × the slope at the neuron it feeds.
     */
    public Matrix dCda(int l) {
        check(l);
        if (l == depth()) {
            return cost.gradient(trace.output(), y);
        }
        return dCda[l];
    }

    /** The mean cost of the examples, measured on this forward pass. */
    public double cost() {
        return cost.value(trace.output(), y);
    }

    /** The forward pass these gradients were computed from. */
    public Trace trace() {
        return trace;
    }

    /** The target the cost compared the output with. */
    public Matrix target() {
        return y;
    }

    /** ‖∂C/∂w^l‖, how fast layer l's weights are learning right now. */
    public double norm(int l) {
        return nablaW(l).norm();
    }

    /**
     * The three factors whose product is ∂C/∂w^l_jk (seeds 000 and 003): the value of the
     * neuron k feeding the weight, the slope of the cost with respect to the neuron j it feeds,
     * and the slope of the activation at that neuron. For a single example.
     */
    public ThreeFactors threeFactors(int l, int j, int k) {
        check(l);
        if (trace.examples() != 1) {
            throw new IllegalStateException("the three factors are for one example; these "
                    + "gradients come from " + trace.examples() + " examples");
        }
        if (trace.activation(l) == Activation.SOFTMAX) {
            throw new IllegalStateException("layer " + l + " is softmax, which has no single "
                    + "activation slope per neuron: use delta(l) instead");
        }
        return new ThreeFactors(
                trace.a(l - 1).get(k, 0),
                dCda(l).get(j, 0),
                trace.activation(l).derivative(trace.z(l).get(j, 0)));
    }

    /** One line per weight and bias: layer, j, k, ∂C/∂w (∂C/∂b on the bias lines). */
    @Override
    public String toString() {
        TextTable table = new TextTable("layer", "parameter", "j", "k", "∂C/∂parameter");
        for (int l = 1; l <= depth(); l++) {
            for (int j = 0; j < nablaW[l].rows(); j++) {
                for (int k = 0; k < nablaW[l].cols(); k++) {
                    table.row(l, "w", j, k, nablaW[l].get(j, k));
                }
                if (nablaB[l] != null) {
                    table.row(l, "b", j, "", nablaB[l].get(j, 0));
                }
            }
        }
        return table.toString();
    }

    private int check(int l) {
        if (l < 1 || l > depth()) {
            throw new IllegalArgumentException("layer " + l + " does not exist: gradients are "
                    + "for layers 1 to " + depth());
        }
        return l;
    }
}
