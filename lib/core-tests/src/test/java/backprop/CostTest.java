package backprop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostTest {

    @Test
    void valuesAreMeansOverExamples() {
        Matrix a = Matrix.of(new double[][] {{0.5, 1.0}, {0.25, 0.0}});
        Matrix y = Matrix.of(new double[][] {{1.0, 1.0}, {0.0, 1.0}});
        // example 0: ½(0.25 + 0.0625); example 1: ½(0 + 1)
        assertEquals((0.5 * 0.3125 + 0.5) / 2, Cost.QUADRATIC.value(a, y), 1e-16);
        assertEquals((0.3125 + 1) / 2, Cost.SQUARED_ERROR.value(a, y), 1e-16);
    }

    @Test
    void crossEntropiesByHand() {
        Matrix a = Matrix.vector(0.8, 0.3);
        Matrix y = Matrix.vector(1, 0);
        assertEquals(-(Math.log(0.8) + Math.log(0.7)), Cost.BINARY_CROSS_ENTROPY.value(a, y), 1e-15);
        Matrix p = Matrix.vector(0.7, 0.2, 0.1);
        assertEquals(-Math.log(0.2), Cost.SOFTMAX_CROSS_ENTROPY.value(p, Matrix.vector(0, 1, 0)), 1e-15);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Matrix a = Matrix.vector(0.3, 0.6, 0.1);
        Matrix y = Matrix.vector(0, 1, 0);
        double h = 1e-7;
        for (Cost cost : Cost.values()) {
            Matrix g = cost.gradient(a, y);
            for (int i = 0; i < 3; i++) {
                double numeric = (cost.value(a.with(i, 0, a.get(i, 0) + h), y)
                        - cost.value(a.with(i, 0, a.get(i, 0) - h), y)) / (2 * h);
                assertEquals(numeric, g.get(i, 0), 1e-6, cost + " entry " + i);
            }
        }
    }

    @Test
    void sigmoidWithBinaryCrossEntropyGivesAMinusY() {
        Matrix z = Matrix.vector(-2, 0.5, 3);
        Matrix a = Activation.SIGMOID.apply(z);
        Matrix y = Matrix.vector(0, 1, 0.3);
        Matrix shortcut = Cost.BINARY_CROSS_ENTROPY.delta(z, a, y, Activation.SIGMOID);
        Matrix general = Cost.BINARY_CROSS_ENTROPY.gradient(a, y).hadamard(Activation.SIGMOID.derivative(z));
        assertEquals(a.minus(y), shortcut);
        assertEquals(0, shortcut.minus(general).maxAbs(), 1e-15);
    }

    @Test
    void softmaxWithCrossEntropyGivesAMinusY() {
        Matrix z = Matrix.vector(1, -0.5, 2);
        Matrix a = Activation.SOFTMAX.apply(z);
        Matrix y = Matrix.vector(0, 0, 1);
        Matrix shortcut = Cost.SOFTMAX_CROSS_ENTROPY.delta(z, a, y, Activation.SOFTMAX);
        Matrix general = Activation.SOFTMAX.backward(z, Cost.SOFTMAX_CROSS_ENTROPY.gradient(a, y));
        assertEquals(a.minus(y), shortcut);
        assertEquals(0, shortcut.minus(general).maxAbs(), 1e-15);
    }

    @Test
    void quadraticDeltaIsErrorTimesActivationSlope() {
        Matrix z = Matrix.vector(-1.15);
        Matrix a = Activation.SIGMOID.apply(z);
        Matrix y = Matrix.vector(1);
        double s = a.get(0);
        assertEquals((s - 1) * s * (1 - s), Cost.QUADRATIC.delta(z, a, y, Activation.SIGMOID).get(0), 1e-16);
    }

    @Test
    void aSaturatedOutputCostsMuchButStaysFinite() {
        double c = Cost.BINARY_CROSS_ENTROPY.value(Matrix.vector(1.0), Matrix.vector(0.0));
        assertTrue(Double.isFinite(c) && c > 600, "cost " + c);
    }

    @Test
    void badTargetsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Cost.SOFTMAX_CROSS_ENTROPY.value(Matrix.vector(0.5, 0.5), Matrix.vector(1, 1)));
        assertEquals("softmax cross-entropy needs each target column to be a probability distribution "
                + "(entries between 0 and 1 that sum to 1, such as a one-hot label); column 0 sums to 2.0",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cost.BINARY_CROSS_ENTROPY.value(Matrix.vector(0.5), Matrix.vector(2)));
        assertEquals("binary cross-entropy needs targets between 0 and 1; entry (0, 0) is 2.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cost.QUADRATIC.value(Matrix.vector(0.5, 1), Matrix.vector(2)));
        assertEquals("the output a is 2×1 but the target y is 1×1: they must have the same shape", e.getMessage());
    }
}
