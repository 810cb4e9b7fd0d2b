package backprop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The backpropagation-in-practice network (lecture 05): inputs 0 and 1, two ReLU hidden neurons worth 1 and 3, output weights 1 and
 * 2, a ReLU output of 7 against a target of 4, squared error (slope 2 × error), no biases.
 */
class PracticeNetworkTest {

    static Network practiceNetwork() {
        return Network.of(
                // The input 0 makes the first column irrelevant to the values; any numbers work.
                Layer.withoutBias(Matrix.of(new double[][] {{2, 1}, {-1, 3}}), Activation.RELU),
                Layer.withoutBias(Matrix.row(1, 2), Activation.RELU));
    }

    static Gradients gradients() {
        return practiceNetwork().backprop(Matrix.vector(0, 1), Matrix.scalar(4), Cost.SQUARED_ERROR);
    }

    @Test
    void theForwardPassGivesTheNodeValuesOfTheSlides() {
        Trace t = gradients().trace();
        assertEquals(Matrix.vector(1, 3), t.a(1));
        assertEquals(7.0, t.output().get(0));
    }

    @Test
    void outputWeightSlopesAre6And18() {
        Gradients g = gradients();
        assertEquals(6.0, g.dCda(2).get(0), "slope at the output node: 2 × error 3");
        assertEquals(6.0, g.nablaW(2).get(0, 0));
        assertEquals(18.0, g.nablaW(2).get(0, 1));
        assertEquals(6.0, g.threeFactors(2, 0, 0).product());
        assertEquals(new ThreeFactors(3, 6, 1), g.threeFactors(2, 0, 1));
    }

    @Test
    void hiddenWeightSlopesAre0And6And0And12() {
        Gradients g = gradients();
        assertEquals(Matrix.vector(6, 12), g.dCda(1), "each hidden node's slope: 6 × its weight out");
        assertEquals(Matrix.of(new double[][] {{0, 6}, {0, 12}}), g.nablaW(1));
        assertEquals(new ThreeFactors(0, 6, 1), g.threeFactors(1, 0, 0));
        assertEquals(new ThreeFactors(1, 6, 1), g.threeFactors(1, 0, 1));
        assertEquals(new ThreeFactors(0, 12, 1), g.threeFactors(1, 1, 0));
        assertEquals(new ThreeFactors(1, 12, 1), g.threeFactors(1, 1, 1));
    }

    @Test
    void theThreeFactorsMultiplyToBackpropsGradientForEveryWeightOfRandomNetworks() {
        java.util.Random random = new java.util.Random(3);
        for (int n = 0; n < 20; n++) {
            Network net = Network.sizes(3, 4, 2).activations(Activation.TANH, Activation.SIGMOID)
                    .seed(n).build();
            Matrix x = Matrix.gaussian(3, 1, 1, random);
            Gradients g = net.backprop(x, Matrix.vector(0, 1), Cost.QUADRATIC);
            for (int l = 1; l <= 2; l++) {
                for (int j = 0; j < net.w(l).rows(); j++) {
                    for (int k = 0; k < net.w(l).cols(); k++) {
                        assertEquals(g.nablaW(l).get(j, k), g.threeFactors(l, j, k).product(), 1e-15);
                    }
                }
            }
        }
    }
}
