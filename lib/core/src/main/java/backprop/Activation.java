package backprop;

/**
 * An activation function f, applied to a layer's weighted input z to give its activation
 * a = f(z), with its derivative f'(z) for backpropagation. Each function states its rule and,
 * beside it, its derivative.
 *
 * <p>All but softmax act on each entry alone, so they work on a single number, a vector or a
 * whole mini-batch alike. Softmax mixes the entries of each column (each example), so it has no
 * single-number form; {@link #backward} handles it.
 */
public enum Activation {

    /** σ(z) = 1 / (1 + e^(−z)), and σ'(z) = σ(z)(1 − σ(z)), which vanishes as |z| grows. */
    SIGMOID {
        @Override
        public double value(double z) {
            return 1.0 / (1.0 + Math.exp(-z));                 // σ(z) = 1 / (1 + e^(−z))
        }

        @Override
        public double derivative(double z, double a) {
            return a * (1.0 - a);                               // σ'(z) = σ(z)(1 − σ(z))
        }
    },

    /**
     * ReLU(z) = max(0, z), and ReLU'(z) = 1 for z &gt; 0, 0 for z &lt; 0. At exactly z = 0 the
     * function has no derivative; we use 0 there, as PyTorch and TensorFlow do.
     */
    RELU {
        @Override
        public double value(double z) {
            return Math.max(0.0, z);                            // ReLU(z) = max(0, z)
        }

        @Override
        public double derivative(double z, double a) {
            return z > 0 ? 1.0 : 0.0;                           // ReLU'(z) = 1 if z > 0, else 0
        }
    },

    /** tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), and tanh'(z) = 1 − tanh²(z). */
    TANH {
        @Override
        public double value(double z) {
            return Math.tanh(z);                                // tanh(z)
        }

        @Override
        public double derivative(double z, double a) {
            return 1.0 - a * a;                                 // tanh'(z) = 1 − tanh²(z)
        }
    },

    /** f(z) = z, and f'(z) = 1: a linear output layer, as in regression. */
    IDENTITY {
        @Override
        public double value(double z) {
            return z;                                           // f(z) = z
        }

        @Override
        public double derivative(double z, double a) {
            return 1.0;                                         // f'(z) = 1
        }
    },

    /**
     * softmax(z)_j = e^(z_j) / Σ_k e^(z_k), column by column: each example's outputs are
     * positive and sum to 1. ∂a_j/∂z_i = a_j (1[i = j] − a_i), a full Jacobian rather than one
     * slope per entry.
     */
    SOFTMAX {
        @Override
        public double value(double z) {
            throw notElementWise();
        }

        @Override
        public double derivative(double z, double a) {
            throw notElementWise();
        }

        @Override
        public Matrix apply(Matrix z) {
            double[][] columns = Require.nonNull(z, "z").transpose().toArray(); // one example per row
            for (double[] column : columns) {
                softmax(column, column);
            }
            return Matrix.computed(z.rows(), z.cols(), (j, e) -> columns[e][j]);
        }

        @Override
        public Matrix derivative(Matrix z) {
            throw notElementWise();
        }

        @Override
        public Matrix backward(Matrix z, Matrix dCda) {
            double[][] a = apply(z).transpose().toArray();
            double[][] slopes = Require.nonNull(dCda, "dCda").transpose().toArray();
            double[][] delta = new double[z.cols()][z.rows()];
            for (int e = 0; e < delta.length; e++) {
                softmaxBackward(a[e], slopes[e], delta[e]);
            }
            return Matrix.computed(z.rows(), z.cols(), (i, e) -> delta[e][i]);
        }

        private UnsupportedOperationException notElementWise() {
            return new UnsupportedOperationException("softmax is not element-wise: it needs a "
                    + "whole column z, and its derivative is a Jacobian, not one slope per entry. "
                    + "Use apply(Matrix) for a = softmax(z) and backward(z, dCda) for δ");
        }
    };

    /** f(z) for one number. */
    public abstract double value(double z);

    /**
     * f'(z) for one number, given also a = f(z): the sigmoid's and tanh's derivatives are
     * simplest written with a, as σ(z)(1 − σ(z)) = a(1 − a) and 1 − tanh²(z) = 1 − a².
     */
    public abstract double derivative(double z, double a);

    /** f'(z) for one number. */
    public double derivative(double z) {
        return derivative(z, value(z));
    }

    /** a = f(z), entry by entry (softmax: column by column). */
    public Matrix apply(Matrix z) {
        return Require.nonNull(z, "z").map(this::value);
    }

    /** f'(z), entry by entry. */
    public Matrix derivative(Matrix z) {
        return Require.nonNull(z, "z").map(this::derivative);
    }

    /**
     * δ = ∂C/∂z from ∂C/∂a, the chain rule through this layer's activation: δ = ∂C/∂a ⊙ f'(z)
     * for the element-wise functions (the ⊙ σ'(z) of BP1 and BP2).
     */
    public Matrix backward(Matrix z, Matrix dCda) {
        return Require.nonNull(dCda, "dCda").hadamard(derivative(z));
    }

    /**
     * Softmax of one example: a_j = e^(z_j − max z) / Σ_k e^(z_k − max z), the same as
     * e^(z_j) / Σ_k e^(z_k), with the largest z subtracted first so that e^z never overflows.
     * {@code a} may be {@code z} itself.
     */
    public static void softmax(double[] z, double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double zj : z) {
            max = Math.max(max, zj);
        }
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            a[j] = Math.exp(z[j] - max);
            sum += a[j];
        }
        for (int j = 0; j < z.length; j++) {
            a[j] /= sum;
        }
    }

    /**
     * The chain rule through softmax for one example: δ_i = Σ_j ∂C/∂a_j · a_j (1[i = j] − a_i)
     * = a_i (∂C/∂a_i − Σ_j a_j ∂C/∂a_j).
     */
    public static void softmaxBackward(double[] a, double[] dCda, double[] delta) {
        double weightedMean = 0; // Σ_j a_j ∂C/∂a_j
        for (int j = 0; j < a.length; j++) {
            weightedMean += a[j] * dCda[j];
        }
        for (int i = 0; i < a.length; i++) {
            delta[i] = a[i] * (dCda[i] - weightedMean);
        }
    }

    /** The lower-case name used in saved networks and tables: "sigmoid", "relu", …. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The activation with this {@link #id()} (case-insensitive). */
    public static Activation byId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("the activation's id is null: expected one of "
                    + "sigmoid, relu, tanh, identity, softmax");
        }
        for (Activation f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown activation \"" + id + "\": expected one of "
                + "sigmoid, relu, tanh, identity, softmax");
    }
}
