package backprop;

/**
 * An activation function f, applied to a layer's weighted input z to give its activation
 * a = f(z), with its derivative f'(z) for backpropagation.
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
            return 1.0 / (1.0 + Math.exp(-z));
        }

        @Override
        public double derivative(double z) {
            double s = value(z);
            return s * (1.0 - s);
        }
    },

    /**
     * ReLU(z) = max(0, z), and ReLU'(z) = 1 for z &gt; 0, 0 for z &lt; 0. At exactly z = 0 the
     * function has no derivative; we use 0 there, as PyTorch and TensorFlow do.
     */
    RELU {
        @Override
        public double value(double z) {
            return Math.max(0.0, z);
        }

        @Override
        public double derivative(double z) {
            return z > 0 ? 1.0 : 0.0;
        }
    },

    /** tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), and tanh'(z) = 1 − tanh²(z). */
    TANH {
        @Override
        public double value(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z) {
            double t = Math.tanh(z);
            return 1.0 - t * t;
        }
    },

    /** f(z) = z, and f'(z) = 1: a linear output layer, as in regression. */
    IDENTITY {
        @Override
        public double value(double z) {
            return z;
        }

        @Override
        public double derivative(double z) {
            return 1.0;
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
        public double derivative(double z) {
            throw notElementWise();
        }

        @Override
        public Matrix apply(Matrix z) {
            double[][] a = z.toArray();
            for (int j = 0; j < z.cols(); j++) {
                double max = Double.NEGATIVE_INFINITY; // subtracted first, so e^z never overflows
                for (double[] row : a) {
                    max = Math.max(max, row[j]);
                }
                double sum = 0;
                for (double[] row : a) {
                    row[j] = Math.exp(row[j] - max);
                    sum += row[j];
                }
                for (double[] row : a) {
                    row[j] /= sum;
                }
            }
            return Matrix.of(a);
        }

        @Override
        public Matrix derivative(Matrix z) {
            throw notElementWise();
        }

        /** δ_i = Σ_j ∂C/∂a_j · a_j (1[i = j] − a_i) = a_i (∂C/∂a_i − Σ_j a_j ∂C/∂a_j). */
        @Override
        public Matrix backward(Matrix z, Matrix dCda) {
            Matrix a = apply(z);
            Matrix weightedMean = a.hadamard(dCda).columnSums(); // Σ_j a_j ∂C/∂a_j, per example
            return Matrix.fill(z.rows(), z.cols(),
                    (i, e) -> a.get(i, e) * (dCda.get(i, e) - weightedMean.get(0, e)));
        }

        private UnsupportedOperationException notElementWise() {
            return new UnsupportedOperationException("softmax is not element-wise: it needs a "
                    + "whole column z, and its derivative is a Jacobian, not one slope per entry. "
                    + "Use apply(Matrix) for a = softmax(z) and backward(z, dCda) for δ");
        }
    };

    /** f(z) for one number. */
    public abstract double value(double z);

    /** f'(z) for one number. */
    public abstract double derivative(double z);

    /** a = f(z), entry by entry (softmax: column by column). */
    public Matrix apply(Matrix z) {
        return z.map(this::value);
    }

    /** f'(z), entry by entry. */
    public Matrix derivative(Matrix z) {
        return z.map(this::derivative);
    }

    /**
     * δ = ∂C/∂z from ∂C/∂a, the chain rule through this layer's activation: δ = ∂C/∂a ⊙ f'(z)
     * for the element-wise functions (the ⊙ σ'(z) of BP1 and BP2).
     */
    public Matrix backward(Matrix z, Matrix dCda) {
        return dCda.hadamard(derivative(z));
    }

    /** The lower-case name used in saved networks and tables: "sigmoid", "relu", …. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The activation with this {@link #id()} (case-insensitive). */
    public static Activation byId(String id) {
        for (Activation f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown activation \"" + id + "\": expected one of "
                + "sigmoid, relu, tanh, identity, softmax");
    }
}
