package backprop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backprop against central finite differences on many random networks. */
class GradientCheckTest {

    /** A random network with its data, described so a failure says which one failed. */
    record Case(String description, Network net, Matrix x, Matrix y, Cost cost) {
    }

    /**
     * 120 networks: depths 1 to 4, widths 1 to 20, every hidden activation, every cost with the
     * output activations it is used with (softmax also under the quadratic cost, whose δ^L then
     * goes through softmax's full Jacobian).
     */
    static List<Case> randomCases() {
        Random random = new Random(20261124);
        Activation[] hidden = {Activation.SIGMOID, Activation.RELU, Activation.TANH, Activation.IDENTITY};
        List<Case> cases = new ArrayList<>();
        for (int n = 0; n < 120; n++) {
            Cost cost = Cost.values()[n % Cost.values().length];
            int depth = 1 + (n / 4) % 4;
            int[] sizes = new int[depth + 1];
            for (int l = 0; l <= depth; l++) {
                sizes[l] = 1 + random.nextInt(20);
            }
            Activation[] activations = new Activation[depth];
            for (int l = 0; l < depth - 1; l++) {
                activations[l] = hidden[random.nextInt(hidden.length)];
            }
            activations[depth - 1] = switch (cost) {
                case BINARY_CROSS_ENTROPY -> Activation.SIGMOID;
                case SOFTMAX_CROSS_ENTROPY -> Activation.SOFTMAX;
                default -> Activation.values()[random.nextInt(Activation.values().length)];
            };
            if (activations[depth - 1] == Activation.SOFTMAX) {
                sizes[depth] = Math.max(2, sizes[depth]);
            }
            int m = 1 + random.nextInt(4);
            // Scaled weights keep z moderate. (With N(0, 1) weights, stacks of identity layers
            // push softmax so far that some a_j underflow to exactly 0, and no difference of a
            // cost computed from a can see a slope there.)
            Network net = Network.sizes(sizes).activations(activations)
                    .init(Init.SCALED_GAUSSIAN).seed(n).build();
            Matrix x = Matrix.gaussian(sizes[0], m, 1, random);
            Matrix y = targets(cost, sizes[depth], m, random);
            cases.add(new Case("network " + n + ": " + net + ", " + cost.id() + ", " + m
                    + " examples", net, x, y, cost));
        }
        return cases;
    }

    static Matrix targets(Cost cost, int outputs, int m, Random random) {
        return switch (cost) {
            case BINARY_CROSS_ENTROPY -> Matrix.fill(outputs, m, (i, e) -> random.nextDouble());
            case SOFTMAX_CROSS_ENTROPY -> {
                int[] labels = new int[m];
                for (int e = 0; e < m; e++) {
                    labels[e] = random.nextInt(outputs);
                }
                yield DataSet.oneHot(labels, outputs);
            }
            default -> Matrix.gaussian(outputs, m, 1, random);
        };
    }

    @Test
    void backpropMatchesCentralDifferencesOnRandomNetworks() {
        List<Case> cases = randomCases();
        assertTrue(cases.size() >= 100);
        for (Case c : cases) {
            GradientCheck check = GradientCheck.of(c.net, c.x, c.y, c.cost);
            assertTrue(check.relativeDistance() < 1e-7,
                    c.description + ": relative distance " + check.relativeDistance());
            assertTrue(check.maxAbsoluteError() < 1e-6,
                    c.description + ": largest absolute error " + check.maxAbsoluteError());
        }
    }

    @Test
    void coversEveryActivationAndEveryCost() {
        var activations = java.util.EnumSet.noneOf(Activation.class);
        var costs = java.util.EnumSet.noneOf(Cost.class);
        var depths = new java.util.TreeSet<Integer>();
        for (Case c : randomCases()) {
            for (int l = 1; l <= c.net.depth(); l++) {
                activations.add(c.net.activation(l));
            }
            costs.add(c.cost);
            depths.add(c.net.depth());
        }
        assertEquals(java.util.EnumSet.allOf(Activation.class), activations);
        assertEquals(java.util.EnumSet.allOf(Cost.class), costs);
        assertEquals(java.util.Set.of(1, 2, 3, 4), depths);
    }

    @Test
    void aWrongGradientIsFarFromTheNumericOne() {
        // Squared error's gradient is exactly twice the quadratic cost's: held against the
        // quadratic cost's central differences, the distance must be (2 − 1) / (2 + 1) = 1/3,
        // or the measure could not catch a real bug either.
        Network net = Network.sizes(3, 5, 2).seed(1).build();
        Matrix x = Matrix.vector(0.3, -0.2, 0.9);
        Matrix y = Matrix.vector(1, 0);
        GradientCheck right = GradientCheck.of(net, x, y, Cost.QUADRATIC);
        Gradients doubled = net.backprop(x, y, Cost.SQUARED_ERROR);
        double diff = 0;
        double g = 0;
        double fd = 0;
        for (GradientCheck.Entry e : right.entries()) {
            double wrong = e.parameter().equals("w") ? doubled.nablaW(e.layer()).get(e.j(), e.k())
                    : doubled.nablaB(e.layer()).get(e.j(), 0);
            diff += (wrong - e.numeric()) * (wrong - e.numeric());
            g += wrong * wrong;
            fd += e.numeric() * e.numeric();
        }
        assertTrue(right.relativeDistance() < 1e-7);
        assertEquals(1.0 / 3, Math.sqrt(diff) / (Math.sqrt(g) + Math.sqrt(fd)), 1e-6);
    }

    @Test
    void countsTheForwardPassesEachMethodNeeds() {
        Network net = Network.sizes(4, 6, 3).seed(2).build(); // 4·6 + 6 + 6·3 + 3 = 51 parameters
        GradientCheck check = GradientCheck.of(net, Matrix.vector(1, 2, 3, 4), Matrix.vector(0, 1, 0),
                Cost.QUADRATIC);
        assertEquals(51, net.parameterCount());
        assertEquals(51, check.entries().size());
        assertEquals(102, check.numericForwardPasses());
        assertEquals(new Network.Passes(1, 1), check.backpropPasses());
        assertEquals(new Network.Passes(0, 0), net.passes(), "the check leaves the network's counts alone");
    }
}
