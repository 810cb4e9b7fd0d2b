package backprop.fast;

import backprop.Activation;
import backprop.Cost;
import backprop.DataSet;
import backprop.Epoch;
import backprop.History;
import backprop.Matrix;
import backprop.Network;
import backprop.Sgd;
import backprop.TrainingDiverged;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FastSgd is a second implementation of Sgd.train: on many random networks, with every
 * activation and cost, batch sizes that divide the data and batch sizes that leave a ragged last
 * batch, weight decay on and off, one thread and two, the Vector API kernels and the plain ones,
 * it must give the weights (to a relative 1e-12) and the history of the readable Sgd.train.
 */
class FastSgdTest {

    static final Activation[] HIDDEN = {Activation.SIGMOID, Activation.RELU, Activation.TANH, Activation.IDENTITY};
    static final double RELATIVE = 1e-12;

    /**
     * A random network of 1 to 3 layers with widths 1 to 13, its activations, a cost that fits
     * them, and a learning rate at which training settles rather than diverges (an output without
     * bounds takes smaller steps): near divergence any two orders of additions drift apart.
     */
    record Case(Network net, Cost cost, DataSet data, double eta, String name) {
    }

    static Case randomCase(int trial) {
        Random random = new Random(1000 + trial);
        int depth = 1 + trial % 3;
        int[] sizes = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            sizes[l] = 1 + random.nextInt(13);
        }
        int outputs = sizes[depth];
        Activation[] f = new Activation[depth];
        for (int l = 0; l < depth - 1; l++) {
            f[l] = HIDDEN[(trial + l) % HIDDEN.length];
        }
        // The output layer and its cost, in turn: every activation and every cost appear.
        Cost cost;
        switch (trial % 6) {
            case 0 -> { f[depth - 1] = Activation.SIGMOID; cost = Cost.QUADRATIC; }
            case 1 -> { f[depth - 1] = Activation.SIGMOID; cost = Cost.BINARY_CROSS_ENTROPY; }
            case 2 -> { f[depth - 1] = Activation.SOFTMAX; cost = Cost.SOFTMAX_CROSS_ENTROPY; }
            case 3 -> { f[depth - 1] = Activation.SOFTMAX; cost = Cost.QUADRATIC; }
            case 4 -> { f[depth - 1] = Activation.IDENTITY; cost = Cost.SQUARED_ERROR; }
            default -> { f[depth - 1] = HIDDEN[trial % HIDDEN.length]; cost = Cost.QUADRATIC; }
        }
        if (f[depth - 1] == Activation.SOFTMAX && outputs == 1) {
            outputs = sizes[depth] = 2;                         // a softmax layer has 2 neurons or more
        }
        Network.Builder builder = Network.sizes(sizes).activations(f).seed(trial);
        Network net = (trial % 5 == 4 ? builder.withoutBiases() : builder).build();
        int n = 5 + random.nextInt(40);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(outputs);
        }
        Matrix x = Matrix.fill(sizes[0], n, (i, e) -> random.nextGaussian());
        DataSet data = outputs == 1
                ? new DataSet(x, Matrix.fill(1, n, (i, e) -> labels[e] % 2 == 0 ? 0.0 : 1.0))
                : DataSet.labelled(x, labels, outputs);
        Activation output = f[depth - 1];
        double eta = output == Activation.IDENTITY || output == Activation.RELU ? 0.01 : 0.05;
        String name = "trial " + trial + ": " + net + ", " + cost.id() + ", " + n + " examples";
        return new Case(net, cost, data, eta, name);
    }

    /** ‖w − w'‖ / ‖w‖ over every weight and bias. */
    static double relativeDistance(Network expected, Network actual) {
        double diff = 0;
        double size = 0;
        for (int l = 1; l <= expected.depth(); l++) {
            diff += square(expected.w(l).minus(actual.w(l)).norm());
            size += square(expected.w(l).norm());
            if (expected.layer(l).hasBias()) {
                diff += square(expected.b(l).minus(actual.b(l)).norm());
                size += square(expected.b(l).norm());
            }
        }
        return Math.sqrt(diff) / Math.sqrt(size);
    }

    private static double square(double x) {
        return x * x;
    }

    static void assertSameHistory(History expected, History actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        assertEquals(expected.updates(), actual.updates(), what);
        for (int i = 0; i < expected.size(); i++) {
            Epoch e = expected.epochs().get(i);
            Epoch a = actual.epochs().get(i);
            assertEquals(e.number(), a.number(), what);
            assertClose(e.trainingCost(), a.trainingCost(), what + ": training cost");
            assertEquals(e.trainingAccuracy(), a.trainingAccuracy(), what + ": training accuracy");
            assertEquals(e.updates(), a.updates(), what);
            for (int l = 1; l <= expected.depth(); l++) {
                assertClose(e.gradientNorm(l), a.gradientNorm(l), what + ": ‖∂C/∂w" + l + "‖");
            }
            if (e.hasEvaluation()) {
                assertClose(e.evaluationCost(), a.evaluationCost(), what + ": evaluation cost");
                assertEquals(e.evaluationAccuracy(), a.evaluationAccuracy(), what);
            }
        }
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void onRandomNetworksFastSgdTrainsAsSgdTrainDoes() {
        int runs = 0;
        for (int trial = 0; trial < 36; trial++) {
            Case c = randomCase(trial);
            int n = c.data.size();
            int ragged = n > 3 ? n / 2 + 1 : 1; // two batches, the second smaller
            for (int batch : new int[] {1, 4, ragged, n}) {
                for (double lambda : new double[] {0, 0.7}) {
                    Sgd sgd = Sgd.eta(c.eta).batchSize(batch).epochs(3).seed(trial).cost(c.cost)
                            .weightDecay(lambda);
                    Network readable = c.net.copy();
                    History expected = sgd.train(readable, c.data);
                    assertTrue(expected.last().trainingCost() < 10 * expected.epochs().get(0).trainingCost(),
                            c.name + ": training settles");
                    for (int threads = 1; threads <= 2; threads++) {
                        for (boolean vector : new boolean[] {false, true}) {
                            Network fast = c.net.copy();
                            History actual = FastSgd.of(sgd).threads(threads).vectorApi(vector)
                                    .train(fast, c.data);
                            String what = c.name + ", batch " + batch + ", λ " + lambda + ", "
                                    + threads + " thread(s), " + (vector ? "Vector API" : "plain");
                            double distance = relativeDistance(readable, fast);
                            assertTrue(distance < RELATIVE, what + ": relative distance " + distance);
                            assertSameHistory(expected, actual, what);
                            assertEquals(readable.passes(), fast.passes(), what);
                            runs++;
                        }
                    }
                }
            }
        }
        assertEquals(36 * 4 * 2 * 4, runs);
    }

    /**
     * The per-example loop (Sgd.perExample(), network.py's structure) has its own fast twin: on
     * the same random networks, batch sizes and weight decay, with the Vector API kernels and the
     * plain ones, it gives the weights and history of the readable per-example Sgd.train. Its
     * sums of each example's gradient and its step are the readable ones' operations, so the two
     * kernels give each other's bits; only the forward pass sums in another order.
     */
    @Test
    void onRandomNetworksThePerExampleLoopTrainsAsTheReadableOneDoes() {
        int runs = 0;
        for (int trial = 0; trial < 36; trial++) {
            Case c = randomCase(trial);
            int n = c.data.size();
            int ragged = n > 3 ? n / 2 + 1 : 1;
            for (int batch : new int[] {1, 4, ragged, n}) {
                for (double lambda : new double[] {0, 0.7}) {
                    Sgd sgd = Sgd.eta(c.eta).batchSize(batch).epochs(3).seed(trial).cost(c.cost)
                            .weightDecay(lambda).perExample();
                    Network readable = c.net.copy();
                    History expected = sgd.train(readable, c.data);
                    Network byVector = null;
                    for (boolean vector : new boolean[] {false, true}) {
                        Network fast = c.net.copy();
                        History actual = FastSgd.of(sgd).vectorApi(vector).train(fast, c.data);
                        String what = c.name + ", per example, batch " + batch + ", λ " + lambda
                                + ", " + (vector ? "Vector API" : "plain");
                        double distance = relativeDistance(readable, fast);
                        assertTrue(distance < RELATIVE, what + ": relative distance " + distance);
                        assertSameHistory(expected, actual, what);
                        assertEquals(readable.passes(), fast.passes(), what);
                        byVector = fast;
                        runs++;
                    }
                    assertTrue(relativeDistance(readable, byVector) < RELATIVE);
                }
            }
        }
        assertEquals(36 * 4 * 2 * 2, runs);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastSgd
                .of(Sgd.eta(1).perExample()).threads(2).train(randomCase(0).net.copy(), randomCase(0).data));
        assertTrue(e.getMessage().contains("per-example loop") && e.getMessage().contains("one thread"),
                e.getMessage());
    }

    @Test
    void itEvaluatesAndCallsTheListenersAsSgdTrainDoes() {
        Case c = randomCase(2);
        DataSet evaluation = randomCase(2).data.shuffled(5);
        List<Integer> readableCalls = new ArrayList<>();
        List<Integer> fastCalls = new ArrayList<>();
        Sgd sgd = Sgd.eta(0.3).batchSize(7).epochs(4).seed(9).cost(c.cost).evaluateOn(evaluation);
        Network readable = c.net.copy();
        Network fast = c.net.copy();
        History expected = sgd.onEpoch(e -> readableCalls.add(e.number())).train(readable, c.data);
        History actual = FastSgd.of(sgd.onEpoch(e -> fastCalls.add(e.number()))).train(fast, c.data);
        assertTrue(expected.hasEvaluation() && actual.hasEvaluation());
        assertSameHistory(expected, actual, c.name);
        assertEquals(List.of(1, 2, 3, 4), readableCalls);
        assertEquals(readableCalls, fastCalls);
        assertEquals(readable.passes(), fast.passes(), "one forward pass per evaluation too");
    }

    @Test
    void divergingTrainingStopsAtTheSameMiniBatchWithTheSameWeights() {
        DataSet data = DataSet.of(new double[][] {{1, 2}, {-3, 1}, {2, -2}, {0.5, 4}, {1, 1}},
                new double[][] {{30}, {-20}, {25}, {-40}, {10}});
        Network start = Network.sizes(2, 8, 1).activations(Activation.RELU, Activation.IDENTITY)
                .seed(3).build();
        Sgd sgd = Sgd.eta(2).batchSize(2).epochs(50).seed(1);
        Network readable = start.copy();
        Network fast = start.copy();
        TrainingDiverged expected = assertThrows(TrainingDiverged.class, () -> sgd.train(readable, data));
        TrainingDiverged actual = assertThrows(TrainingDiverged.class, () -> FastSgd.of(sgd).train(fast, data));
        assertEquals(expected.getMessage(), actual.getMessage());
        assertEquals(expected.epoch(), actual.epoch());
        assertEquals(expected.miniBatch(), actual.miniBatch());
        double distance = relativeDistance(readable, fast);
        assertTrue(distance < RELATIVE, "the weights before the step that was not taken: " + distance);
    }

    @Test
    void oneThreadAndTwoThreadsGiveBitIdenticalWeights() {
        for (int trial = 0; trial < 12; trial++) {
            Case c = randomCase(trial);
            for (boolean vector : new boolean[] {false, true}) {
                Sgd sgd = Sgd.eta(0.3).batchSize(5).epochs(2).seed(trial).cost(c.cost);
                Network one = c.net.copy();
                Network two = c.net.copy();
                History h1 = FastSgd.of(sgd).threads(1).vectorApi(vector).train(one, c.data);
                History h2 = FastSgd.of(sgd).threads(2).vectorApi(vector).train(two, c.data);
                for (int l = 1; l <= one.depth(); l++) {
                    assertEquals(one.w(l), two.w(l), c.name);
                }
                assertEquals(h1.last().trainingCost(), h2.last().trainingCost(), c.name);
                assertEquals(h1.last().gradientNorm(1), h2.last().gradientNorm(1), c.name);
            }
        }
    }

    /**
     * Hundreds of mini-batches, so that the pacer moves the helper thread out and back in
     * several times, on networks of two and three layers.
     */
    @Test
    void twoThreadsKeepWorkingEpochAfterEpoch() {
        for (int trial : new int[] {1, 2, 5}) {   // two layers, three, three
            Case c = randomCase(trial);
            Network two = c.net.copy();
            Network one = c.net.copy();
            Sgd sgd = Sgd.eta(0.5).batchSize(4).epochs(40).seed(3).cost(c.cost);
            FastSgd.of(sgd).threads(2).train(two, c.data);
            FastSgd.of(sgd).threads(1).train(one, c.data);
            assertEquals(0, one.largestDifference(two), c.name);
        }
    }

    @Test
    void theTestsRunWithTheVectorApi() {
        assertTrue(FastSgd.vectorApiAvailable(), "surefire starts the JVM with --add-modules jdk.incubator.vector");
    }

    @Test
    void settingsThatCannotBeAreRefusedWithTheRule() {
        Sgd sgd = Sgd.eta(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FastSgd.of(sgd).threads(3));
        assertTrue(e.getMessage().contains("1 or 2 threads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FastSgd.of(null));
        Network net = Network.sizes(3, 2).build();
        DataSet wrong = DataSet.of(new double[][] {{1, 2}}, new double[][] {{1, 0}});
        e = assertThrows(IllegalArgumentException.class, () -> FastSgd.of(sgd).train(net, wrong));
        assertTrue(e.getMessage().contains("the training data has 2 inputs"), e.getMessage());
        // the checks of Sgd.train, before any step: here a target of 2 for binary cross-entropy
        DataSet two = DataSet.of(new double[][] {{1, 2, 3}, {0, 1, 0}}, new double[][] {{1, 0}, {2, 0}});
        Network sigmoid = Network.sizes(3, 2).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> FastSgd.of(sgd.cost(Cost.BINARY_CROSS_ENTROPY)).train(sigmoid, two));
        assertEquals("the training targets y: binary cross-entropy needs targets between 0 and 1; "
                + "entry (0, 1) is 2.0", e.getMessage());
    }
}
