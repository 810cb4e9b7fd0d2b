package backprop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What backpropagation computed: for every layer l = 1 … L the error δ^l = ∂C/∂z^l, and the
 * gradients ∂C/∂w^l and ∂C/∂b^l (the mean over the examples that went through together).
 */
public final class Gradients {

    private final Trace trace;
    private final Matrix y;
    private final Cost cost;
    private final double meanCost;     // C on this forward pass, computed once
    private final Matrix[] delta;
    private final Matrix[] dCda; // filled for hidden layers by BP2; the output layer's on demand
    private final Matrix[] nablaW;
    private final Matrix[] nablaB; // null for layers without biases

    Gradients(Trace trace, Matrix y, Cost cost, Matrix[] delta, Matrix[] dCda, Matrix[] nablaW,
              Matrix[] nablaB) {
        this.trace = trace;
        this.y = y;
        this.cost = cost;
        this.meanCost = cost.value(trace.output(), y);
        this.delta = delta;
        this.dCda = dCda;
        this.nablaW = nablaW;
        this.nablaB = nablaB;
    }

    /**
     * The gradients of a mini-batch from its examples' gradients, as network.py adds them up:
     * ∂C/∂w and ∂C/∂b are the means of the examples' (the first assumption about the cost: it is
     * the mean of the examples' costs), and δ, z and a hold the examples' columns side by side.
     * The result equals {@code net.backprop(X, Y, cost)} on the mini-batch as one matrix, to
     * rounding.
     */
    public static Gradients mean(List<Gradients> examples) {
        Require.noNulls(Require.nonNull(examples, "examples").toArray(new Gradients[0]), "examples");
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the mean of no gradients: give at least one");
        }
        Gradients first = examples.get(0);
        int L = first.depth();
        for (Gradients g : examples) {
            if (g.depth() != L || g.cost != first.cost || g.trace.network() != first.trace.network()) {
                throw new IllegalArgumentException("gradients to average must come from one "
                        + "network and one cost");
            }
        }
        int m = examples.size();
        Matrix[] z = new Matrix[L + 1];
        Matrix[] a = new Matrix[L + 1];
        Matrix[] delta = new Matrix[L + 1];
        Matrix[] dCda = new Matrix[L + 1];
        Matrix[] nablaW = new Matrix[L + 1];
        Matrix[] nablaB = new Matrix[L + 1];
        a[0] = join(examples, g -> g.trace.a(0));
        for (int l = 1; l <= L; l++) {
            int layer = l;
            z[l] = join(examples, g -> g.trace.z(layer));
            a[l] = join(examples, g -> g.trace.a(layer));
            delta[l] = join(examples, g -> g.delta[layer]);
            dCda[l] = l < L ? join(examples, g -> g.dCda[layer]) : null;
            Matrix sumW = first.nablaW[l];
            Matrix sumB = first.nablaB[l];
            for (Gradients g : examples.subList(1, m)) {
                sumW = sumW.plus(g.nablaW[l]);                          // Σ_x ∂C_x/∂w^l
                sumB = sumB == null ? null : sumB.plus(g.nablaB[l]);    // Σ_x ∂C_x/∂b^l
            }
            nablaW[l] = sumW.times(1.0 / m);
            nablaB[l] = sumB == null ? null : sumB.times(1.0 / m);
        }
        Trace trace = new Trace(first.trace.network(), z, a);
        return new Gradients(trace, join(examples, g -> g.y), first.cost, delta, dCda, nablaW, nablaB);
    }

    /** The columns of one part of every example's gradients, side by side. */
    private static Matrix join(List<Gradients> examples, Function<Gradients, Matrix> part) {
        List<double[]> columns = new ArrayList<>();
        for (Gradients g : examples) {
            columns.addAll(Arrays.asList(part.apply(g).transpose().toArray()));
        }
        return Matrix.computed(columns.get(0).length, columns.size(), (i, e) -> columns.get(e)[i]);
    }

    /** L, the number of layers with weights. */
    public int depth() {
        return delta.length - 1;
    }

    /** The number of examples these gradients were computed on (their mean, for more than one). */
    public int examples() {
        return trace.examples();
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
        return meanCost;
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

    /** The largest |∂C/∂w| or |∂C/∂b| of any weight or bias. */
    public double largestEntry() {
        double largest = 0;
        for (int l = 1; l <= depth(); l++) {
            largest = Math.max(largest, nablaW[l].maxAbs());
            largest = nablaB[l] == null ? largest : Math.max(largest, nablaB[l].maxAbs());
        }
        return largest;
    }

    /**
     * The largest difference between these gradients and others of the same network, entry by
     * entry, over every ∂C/∂w and ∂C/∂b, and over every δ when both came from the same number
     * of examples: how far two ways of computing the same gradients agree.
     */
    public double largestDifference(Gradients other) {
        if (Require.nonNull(other, "other").depth() != depth()) {
            throw new IllegalArgumentException("these gradients are for " + depth() + " layers, "
                    + "the others for " + other.depth() + ": compare gradients of one network");
        }
        return largestDifference(examples() == other.examples() ? other.delta : null, other.nablaW,
                other.nablaB);
    }

    /**
     * The largest difference between these gradients and δ^l, ∂C/∂w^l and ∂C/∂b^l computed some
     * other way (by hand, say), entry by entry. Each array holds layer l at index l (index 0 is
     * not used); an array that is null is left out, and so are the biases of a layer without.
     */
    public double largestDifference(Matrix[] delta, Matrix[] nablaW, Matrix[] nablaB) {
        double largest = 0;
        for (int l = 1; l <= depth(); l++) {
            largest = Math.max(largest, difference(this.delta, delta, l, "δ"));
            largest = Math.max(largest, difference(this.nablaW, nablaW, l, "∂C/∂w"));
            if (hasBias(l)) {
                largest = Math.max(largest, difference(this.nablaB, nablaB, l, "∂C/∂b"));
            }
        }
        return largest;
    }

    private double difference(Matrix[] ours, Matrix[] theirs, int l, String what) {
        if (theirs == null) {
            return 0;
        }
        if (theirs.length != depth() + 1 || theirs[l] == null) {
            throw new IllegalArgumentException("give " + what + " for layers 1 to " + depth()
                    + " at indices 1 to " + depth() + " (an array of " + (depth() + 1)
                    + "): layer " + l + " has none");
        }
        return ours[l].minus(theirs[l]).maxAbs();
    }

    /**
     * Why these gradients cannot be used for a step, or null when they can: the cost is not a
     * finite number, or the gradient of some layer (the first one named) is not.
     */
    String whyNotFinite() {
        double c = cost();
        if (!Double.isFinite(c)) {
            return "the cost became " + (Double.isNaN(c) ? "NaN" : "infinite");
        }
        for (int l = 1; l <= depth(); l++) {
            if (!nablaW[l].isFinite() || (nablaB[l] != null && !nablaB[l].isFinite())) {
                return "the gradient of layer " + l + " is no longer finite";
            }
        }
        return null;
    }

    /**
     * The three factors whose product is ∂C/∂w^l_jk (lectures 04 and 05): the value of the
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
