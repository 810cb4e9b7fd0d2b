package backprop.fast;

import backprop.Activation;
import backprop.Cost;
import backprop.DataSet;

/**
 * The steps of backpropagation that {@link Part} takes one example at a time, on rows of plain
 * arrays. Each is the readable library's own rule written for one example, and names the method
 * it must equal (FastSgdTest holds the whole run to it).
 */
final class PerExample {

    private PerExample() {
    }

    /** a = f(z) for one example: {@link Activation#apply}, a column of it. */
    static void activate(Activation f, double[] z, double[] a) {
        if (f == Activation.SOFTMAX) {
            Activation.softmax(z, a);
            return;
        }
        for (int i = 0; i < z.length; i++) {
            a[i] = f.value(z[i]);
        }
    }

    /** δ = ∂C/∂a ⊙ f'(z) for one example: {@link Activation#backward}, a column of it. */
    static void backward(Activation f, double[] z, double[] a, double[] dCda, double[] delta) {
        if (f == Activation.SOFTMAX) {
            Activation.softmaxBackward(a, dCda, delta);
            return;
        }
        for (int i = 0; i < z.length; i++) {
            delta[i] = dCda[i] * f.derivative(z[i], a[i]);
        }
    }

    /**
     * BP1 for one example, δ^L = ∇_a C ⊙ f'(z^L) or a − y where cost and activation cancel:
     * {@link Cost#delta}, a column of it. Returns the example's cost C_x, as {@link Cost#value}
     * adds it up; {@code dCda} is scratch.
     */
    static double outputError(Cost cost, Activation f, double[] z, double[] a, double[] y,
                              double[] dCda, double[] delta) {
        double c = 0;
        for (int i = 0; i < a.length; i++) {
            c += cost.value(a[i], y[i]);
        }
        if (cost.cancels(f)) {
            for (int i = 0; i < a.length; i++) {
                delta[i] = a[i] - y[i];                                 // δ^L = a − y
            }
        } else {
            for (int i = 0; i < a.length; i++) {
                dCda[i] = cost.slope(a[i], y[i]);                       // ∇_a C
            }
            backward(f, z, a, dCda, delta);                             // ⊙ f'(z^L)
        }
        return c;
    }

    /**
     * BP2 for one example, δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ f'(z^l): {@code Network.backprop}'s BP2,
     * a column of it, with the sum over j in the same order. {@code dCda} is scratch.
     */
    static void hiddenError(double[][] wNext, double[] deltaNext, Activation f, double[] z,
                            double[] a, double[] dCda, double[] delta) {
        int size = z.length;
        java.util.Arrays.fill(dCda, 0, size, 0.0);
        for (int j = 0; j < deltaNext.length; j++) {
            double dj = deltaNext[j];
            double[] row = wNext[j];
            for (int k = 0; k < size; k++) {
                dCda[k] += row[k] * dj;                                 // ∂C/∂a^l = (w^(l+1))ᵀ δ^(l+1)
            }
        }
        backward(f, z, a, dCda, delta);                                 // ⊙ f'(z^l)
    }

    /** Whether the output has the class of the target: {@link DataSet#countCorrect}, for one example. */
    static boolean correct(double[] output, double[] target) {
        return DataSet.classOf(output) == DataSet.classOf(target);
    }

    static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
