package backprop;

/**
 * A cost function C(a, y): how far the network's output a is from the target y.
 *
 * <p>For a mini-batch (one example per column) {@link #value} is the mean of the examples' costs,
 * C = (1/n) Σ_x C_x, while {@link #gradient} gives ∇_a C_x for each example, column by column.
 */
public enum Cost {

    /** C = ½‖a − y‖², and ∇_a C = a − y. */
    QUADRATIC {
        @Override
        public double value(double a, double y) {
            return 0.5 * (a - y) * (a - y);
        }

        @Override
        public double slope(double a, double y) {
            return a - y;
        }
    },

    /**
     * C = ‖a − y‖², the squared error without the ½, as in the deeper ReLU network of
     * "backpropagation in practice" (lecture 05): its slope is 2 × error, ∇_a C = 2(a − y).
     */
    SQUARED_ERROR {
        @Override
        public double value(double a, double y) {
            return (a - y) * (a - y);
        }

        @Override
        public double slope(double a, double y) {
            return 2.0 * (a - y);
        }
    },

    /**
     * Binary cross-entropy C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], with ∇_a C =
     * (a − y) / (a(1 − a)). With a sigmoid output the σ'(z) = a(1 − a) cancels: δ^L = a − y.
     */
    BINARY_CROSS_ENTROPY {
        @Override
        public double value(double a, double y) {
            return -(yLogA(y, a) + yLogA(1.0 - y, 1.0 - a));
        }

        @Override
        public double slope(double a, double y) {
            return (a - y) / (a * (1.0 - a));
        }

        @Override
        public boolean cancels(Activation f) {
            return f == Activation.SIGMOID;
        }

        @Override
        public void checkOutputActivation(Activation f) {
            requireBetween0And1(f, "binary cross-entropy takes ln a and ln(1 − a)");
        }

        @Override
        public void checkOutputs(Matrix a) {
            requireBetween0And1(a, "binary cross-entropy");
        }

        @Override
        public void checkTargets(Matrix y) {
            Require.nonNull(y, "the target y");
            for (int i = 0; i < y.rows(); i++) {
                for (int e = 0; e < y.cols(); e++) {
                    if (!(y.get(i, e) >= 0 && y.get(i, e) <= 1)) {
                        throw new IllegalArgumentException("binary cross-entropy needs targets "
                                + "between 0 and 1; entry (" + i + ", " + e + ") is " + y.get(i, e));
                    }
                }
            }
        }
    },

    /**
     * Cross-entropy for a softmax output, C = −Σ_j y_j ln a_j, with ∇_a C = −y / a. With a
     * softmax output layer and targets that sum to 1, δ^L = a − y. Each target column must be a
     * probability distribution: entries between 0 and 1 that sum to 1 (to within 10⁻⁹), a
     * one-hot label being one; a target such as (2, −1) sums to 1 but is refused.
     */
    SOFTMAX_CROSS_ENTROPY {
        @Override
        public double value(double a, double y) {
            return -yLogA(y, a);
        }

        @Override
        public double slope(double a, double y) {
            return -y / a;
        }

        @Override
        public boolean cancels(Activation f) {
            return f == Activation.SOFTMAX;
        }

        @Override
        public void checkOutputActivation(Activation f) {
            requireBetween0And1(f, "softmax cross-entropy takes ln a");
        }

        @Override
        public void checkOutputs(Matrix a) {
            requireBetween0And1(a, "softmax cross-entropy");
        }

        @Override
        public void checkTargets(Matrix y) {
            Require.nonNull(y, "the target y");
            String rule = "softmax cross-entropy needs each target column to be a probability "
                    + "distribution (entries between 0 and 1 that sum to 1, such as a one-hot label); ";
            for (int i = 0; i < y.rows(); i++) {
                for (int e = 0; e < y.cols(); e++) {
                    if (!(y.get(i, e) >= 0 && y.get(i, e) <= 1)) {
                        throw new IllegalArgumentException(rule + "entry (" + i + ", " + e + ") is "
                                + y.get(i, e));
                    }
                }
            }
            Matrix sums = y.columnSums();
            for (int e = 0; e < y.cols(); e++) {
                if (Math.abs(sums.get(0, e) - 1.0) > 1e-9) {
                    throw new IllegalArgumentException(rule + "column " + e + " sums to " + sums.get(0, e));
                }
            }
        }
    };

    /** The cost of one output entry a_j with its target y_j; an example's cost C_x sums them over j. */
    public abstract double value(double a, double y);

    /** ∂C_x/∂a_j, the slope of the cost with respect to one output entry. */
    public abstract double slope(double a, double y);

    /**
     * True when this cost's slope and the activation's cancel, so that δ^L = a − y; the
     * cross-entropies override it for their activation.
     */
    public boolean cancels(Activation f) {
        return false;
    }

    /** Rejects targets this cost cannot take; the cross-entropies override it. */
    public void checkTargets(Matrix y) {
        Require.nonNull(y, "the target y");
    }

    /**
     * Rejects an output layer's activation f whose values this cost cannot take. The
     * cross-entropies take logarithms of the outputs, so they need outputs between 0 and 1, from
     * a sigmoid or softmax output layer: on a ReLU or identity output they would give NaN or a
     * negative cost. Training, backprop and {@link Network#cost} check this first.
     */
    public void checkOutputActivation(Activation f) {
        Require.nonNull(f, "the output activation f");
    }

    /**
     * Rejects outputs a this cost cannot take: for the cross-entropies, an entry below 0 or above
     * 1 (NaN passes, so that training can report that it diverged).
     */
    public void checkOutputs(Matrix a) {
        Require.nonNull(a, "the output a");
    }

    /** The mean cost over the examples (columns): C = (1/n) Σ_x C_x. */
    public double value(Matrix a, Matrix y) {
        checkSameShape(a, y);
        checkOutputs(a);
        checkTargets(y);
        double total = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int e = 0; e < a.cols(); e++) {
                total += value(a.get(i, e), y.get(i, e));
            }
        }
        return total / a.cols();
    }

    /** ∇_a C_x, the slope of each example's cost with respect to each output, column by column. */
    public Matrix gradient(Matrix a, Matrix y) {
        checkSameShape(a, y);
        checkOutputs(a);
        return a.zip(y, this::slope);
    }

    /**
     * BP1, the output error δ^L = ∇_a C ⊙ f'(z^L) for an output layer with activation f; the
     * cross-entropies override it with the simpler a − y where their activation cancels.
     */
    public Matrix delta(Matrix z, Matrix a, Matrix y, Activation f) {
        checkOutputActivation(f);
        Require.nonNull(z, "the weighted input z");
        checkSameShape(a, y);
        checkTargets(y);
        return cancels(f) ? a.minus(y) : f.backward(z, gradient(a, y));
    }

    /** The lower-case name used in saved files and tables: "quadratic", …. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** y ln a, with 0 ln 0 = 0 and ln of 0 read as ln 1e-300, so a saturated output costs a
     * large finite amount (about 690 per entry) instead of infinity. */
    private static double yLogA(double y, double a) {
        return y == 0 ? 0 : y * Math.log(Math.max(a, 1e-300));
    }

    /** The output activations whose values lie between 0 and 1: sigmoid and softmax. */
    private static void requireBetween0And1(Activation f, String logarithms) {
        Require.nonNull(f, "the output activation f");
        if (f != Activation.SIGMOID && f != Activation.SOFTMAX) {
            throw new IllegalArgumentException(logarithms + ", so it needs outputs between 0 and 1, "
                    + "but the output layer's activation is " + f.id() + ": use sigmoid or softmax there");
        }
    }

    private static void requireBetween0And1(Matrix a, String cost) {
        Require.nonNull(a, "the output a");
        for (int i = 0; i < a.rows(); i++) {
            for (int e = 0; e < a.cols(); e++) {
                if (a.get(i, e) < 0 || a.get(i, e) > 1) {
                    throw new IllegalArgumentException(cost + " needs outputs a between 0 and 1 (from a "
                            + "sigmoid or softmax output layer); entry (" + i + ", " + e + ") of a is "
                            + a.get(i, e));
                }
            }
        }
    }

    private static void checkSameShape(Matrix a, Matrix y) {
        Require.nonNull(a, "the output a");
        Require.nonNull(y, "the target y");
        if (a.rows() != y.rows() || a.cols() != y.cols()) {
            throw new IllegalArgumentException("the output a is " + a.shape()
                    + " but the target y is " + y.shape() + ": they must have the same shape");
        }
    }
}
