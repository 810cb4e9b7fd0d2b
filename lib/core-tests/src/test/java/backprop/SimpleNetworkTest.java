package backprop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The problem set's simple network (lecture 04), one neuron per layer: z1 = w1·x, a1 = ReLU(z1), z2 = w2·a1 + b,
 * y = σ(z2), C = ½(y − t)², with x = 3, t = 1, w1 = 0.01, w2 = −5, b = −1.
 */
class SimpleNetworkTest {

    static final double X = 3, T = 1, W1 = 0.01, W2 = -5, B = -1;

    static Network simpleNetwork() {
        return Network.of(
                Layer.withoutBias(Matrix.scalar(W1), Activation.RELU),
                Layer.of(Matrix.scalar(W2), Matrix.scalar(B), Activation.SIGMOID));
    }

    static Gradients gradients() {
        return simpleNetwork().backprop(Matrix.scalar(X), Matrix.scalar(T), Cost.QUADRATIC);
    }

    @Test
    void reproducesTheCourseAnswersToThreeDecimals() {
        Gradients g = gradients();
        assertEquals(0.288, g.cost(), 0.0005, "loss");
        // The course prints 2.080 (truncated); 2.0809 rounds to 2.081. Both are within 0.001.
        assertEquals(2.080, g.nablaW(1).get(0, 0), 0.001, "∂C/∂w1");
        assertEquals(2.081, g.nablaW(1).get(0, 0), 0.0005, "∂C/∂w1 rounded");
        assertEquals(-0.004, g.nablaW(2).get(0, 0), 0.0005, "∂C/∂w2");
        assertEquals(-0.1387, g.nablaB(2).get(0, 0), 0.00005, "∂C/∂b");
    }

    @Test
    void matchesTheFullPrecisionValuesOfTheCourseNotes() {
        Gradients g = gradients();
        assertEquals(0.2884284164, g.cost(), 1e-10);
        assertEquals(2.0809165, g.nablaW(1).get(0, 0), 1e-7);
        assertEquals(-0.0041618, g.nablaW(2).get(0, 0), 1e-7);
        assertEquals(-0.1387277, g.nablaB(2).get(0, 0), 1e-7);
        assertEquals(-0.1387277, g.delta(2).get(0, 0), 1e-7);
        assertEquals(0.6936388, g.delta(1).get(0, 0), 1e-7);
    }

    @Test
    void matchesTheChainRuleWrittenOutByHand() {
        double z1 = W1 * X;                         // 0.03
        double a1 = Math.max(0, z1);
        double z2 = W2 * a1 + B;                    // -1.15
        double y = 1 / (1 + Math.exp(-z2));         // 0.24048
        double loss = 0.5 * (y - T) * (y - T);
        double dCdz2 = (y - T) * y * (1 - y);       // dC/dy · dy/dz2
        double dCdw2 = dCdz2 * a1;
        double dCdz1 = dCdz2 * W2 * (z1 > 0 ? 1 : 0);
        double dCdw1 = dCdz1 * X;

        Gradients g = gradients();
        assertEquals(z1, g.trace().z(1).get(0, 0), 1e-15);
        assertEquals(z2, g.trace().z(2).get(0, 0), 1e-15);
        assertEquals(y, g.trace().output().get(0, 0), 1e-15);
        assertEquals(loss, g.cost(), 1e-15);
        assertEquals(dCdz2, g.nablaB(2).get(0, 0), 1e-15);
        assertEquals(dCdw2, g.nablaW(2).get(0, 0), 1e-15);
        assertEquals(dCdw1, g.nablaW(1).get(0, 0), 1e-15);
    }

    @Test
    void theFirstLayerHasNoBiasAndSaysSo() {
        Gradients g = gradients();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.nablaB(1));
        assertEquals("layer 1 has no biases, so no ∂C/∂b", e.getMessage());
    }

    @Test
    void oneSgdStepMovesEachWeightAgainstItsGradient() {
        Network net = simpleNetwork();
        Gradients g = net.backprop(Matrix.scalar(X), Matrix.scalar(T), Cost.QUADRATIC);
        double eta = 0.1;
        Sgd.eta(eta).step(net, g);
        assertEquals(W1 - eta * g.nablaW(1).get(0, 0), net.w(1).get(0, 0), 1e-15); // w1 ← w1 − η ∂C/∂w1
        assertEquals(W2 - eta * g.nablaW(2).get(0, 0), net.w(2).get(0, 0), 1e-15);
        assertEquals(B - eta * g.nablaB(2).get(0, 0), net.b(2).get(0, 0), 1e-15);
        double after = net.cost(new DataSet(Matrix.scalar(X), Matrix.scalar(T)), Cost.QUADRATIC);
        assertEquals(true, after < g.cost(), "one step downhill lowers the loss");
    }
}
