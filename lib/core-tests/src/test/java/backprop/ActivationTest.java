package backprop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationTest {

    static final double[] POINTS = {-7.5, -2, -0.3, 0.4, 1, 3.3, 9};

    @Test
    void knownValues() {
        assertEquals(0.5, Activation.SIGMOID.value(0));
        assertEquals(0.25, Activation.SIGMOID.derivative(0));
        assertEquals(1 / (1 + Math.exp(1.15)), Activation.SIGMOID.value(-1.15), 1e-16);
        assertEquals(0.0, Activation.RELU.value(-2));
        assertEquals(3.0, Activation.RELU.value(3));
        assertEquals(0.0, Activation.TANH.value(0));
        assertEquals(1.0, Activation.TANH.derivative(0));
        assertEquals(-4.2, Activation.IDENTITY.value(-4.2));
        assertEquals(1.0, Activation.IDENTITY.derivative(-4.2));
    }

    @Test
    void reluSlopeIsOneForPositiveZeroForNegativeAndZeroAtExactlyZero() {
        assertEquals(1.0, Activation.RELU.derivative(1e-12));
        assertEquals(0.0, Activation.RELU.derivative(-1e-12));
        assertEquals(0.0, Activation.RELU.derivative(0.0), "ReLU'(0) is taken as 0");
        assertEquals(0.0, Activation.RELU.derivative(-0.0));
    }

    @Test
    void sigmoidSlopeIsSigmaTimesOneMinusSigmaAndVanishesForLargeZ() {
        for (double z : POINTS) {
            double s = 1 / (1 + Math.exp(-z));
            assertEquals(s * (1 - s), Activation.SIGMOID.derivative(z), 1e-16);
            assertEquals(Math.exp(-z) / Math.pow(1 + Math.exp(-z), 2), Activation.SIGMOID.derivative(z), 1e-15);
        }
        assertTrue(Activation.SIGMOID.derivative(10) < 5e-5);
        assertTrue(Activation.SIGMOID.derivative(-10) < 5e-5);
        assertEquals(0.0, Activation.SIGMOID.value(-800), "no NaN far out");
        assertEquals(0.0, Activation.SIGMOID.derivative(-800));
    }

    @Test
    void derivativesMatchCentralDifferences() {
        double h = 1e-6;
        for (Activation f : new Activation[] {Activation.SIGMOID, Activation.RELU, Activation.TANH, Activation.IDENTITY}) {
            for (double z : POINTS) {
                double numeric = (f.value(z + h) - f.value(z - h)) / (2 * h);
                assertEquals(numeric, f.derivative(z), 1e-8, f + " at " + z);
            }
        }
    }

    @Test
    void elementWiseOnVectorsAndBatches() {
        Matrix z = Matrix.of(new double[][] {{-1, 0, 2}, {0.5, -3, 4}});
        for (Activation f : new Activation[] {Activation.SIGMOID, Activation.RELU, Activation.TANH, Activation.IDENTITY}) {
            Matrix a = f.apply(z);
            Matrix slope = f.derivative(z);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(f.value(z.get(i, j)), a.get(i, j));
                    assertEquals(f.derivative(z.get(i, j)), slope.get(i, j));
                }
            }
        }
    }

    @Test
    void softmaxColumnsArePositiveAndSumToOneEvenForHugeInputs() {
        Matrix a = Activation.SOFTMAX.apply(Matrix.of(new double[][] {{1, 1000}, {2, 1001}, {3, -1000}}));
        assertEquals(1.0, a.column(0).sum(), 1e-15);
        assertEquals(1.0, a.column(1).sum(), 1e-15);
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(3) / e, a.get(2, 0), 1e-15);
        assertEquals(1 / (1 + Math.exp(-1)), a.get(1, 1), 1e-15, "e^1001 / (e^1000 + e^1001)");
        assertTrue(a.isFinite());
    }

    @Test
    void softmaxBackwardIsTheJacobianTransposeTimesTheSlope() {
        Matrix z = Matrix.vector(0.2, -1.3, 0.7, 2.1);
        Matrix dCda = Matrix.vector(1.5, -0.5, 0.25, 2);
        Matrix delta = Activation.SOFTMAX.backward(z, dCda);
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            // δ_i = Σ_j ∂a_j/∂z_i · ∂C/∂a_j, with ∂a_j/∂z_i by central differences
            Matrix up = Activation.SOFTMAX.apply(z.with(i, 0, z.get(i, 0) + h));
            Matrix down = Activation.SOFTMAX.apply(z.with(i, 0, z.get(i, 0) - h));
            double numeric = up.minus(down).times(1 / (2 * h)).hadamard(dCda).sum();
            assertEquals(numeric, delta.get(i, 0), 1e-9);
        }
    }

    @Test
    void softmaxHasNoSingleNumberFormAndSaysWhy() {
        var e = assertThrows(UnsupportedOperationException.class, () -> Activation.SOFTMAX.derivative(1.0));
        assertTrue(e.getMessage().contains("not element-wise"));
    }

    @Test
    void namesRoundTrip() {
        for (Activation f : Activation.values()) {
            assertEquals(f, Activation.byId(f.id()));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Activation.byId("swish"));
        assertEquals("unknown activation \"swish\": expected one of sigmoid, relu, tanh, identity, softmax",
                e.getMessage());
    }
}
