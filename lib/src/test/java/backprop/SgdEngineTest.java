package backprop;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast path ({@link SgdEngine}) against the readable ones: same weights, to rounding. */
class SgdEngineTest {

    record Setup(String name, Activation[] activations, Cost cost, boolean biases) {
    }

    static final Setup[] SETUPS = {
        new Setup("sigmoid, quadratic", acts(Activation.SIGMOID, Activation.SIGMOID, Activation.SIGMOID), Cost.QUADRATIC, true),
        new Setup("relu/tanh, softmax cross-entropy", acts(Activation.RELU, Activation.TANH, Activation.SOFTMAX), Cost.SOFTMAX_CROSS_ENTROPY, true),
        new Setup("tanh/relu, binary cross-entropy", acts(Activation.TANH, Activation.RELU, Activation.SIGMOID), Cost.BINARY_CROSS_ENTROPY, true),
        new Setup("softmax with a quadratic cost", acts(Activation.SIGMOID, Activation.IDENTITY, Activation.SOFTMAX), Cost.QUADRATIC, true),
        new Setup("no biases, squared error", acts(Activation.TANH, Activation.SIGMOID, Activation.IDENTITY), Cost.SQUARED_ERROR, false),
    };

    private static Activation[] acts(Activation... a) {
        return a;
    }

    static Network network(Setup s, long seed) {
        Network.Builder b = Network.sizes(12, 9, 7, 4).activations(s.activations).seed(seed);
        return (s.biases ? b : b.withoutBiases()).build();
    }

    static DataSet data(int n, Random random) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(4);
        }
        return DataSet.labelled(Matrix.fill(12, n, (i, j) -> random.nextDouble()), labels, 4);
    }

    static void assertSameWeights(Network expected, Network actual, double tolerance, String what) {
        for (int l = 1; l <= expected.depth(); l++) {
            assertEquals(0, expected.w(l).minus(actual.w(l)).maxAbs(), tolerance, what + ": w" + l);
            if (expected.layer(l).hasBias()) {
                assertEquals(0, expected.b(l).minus(actual.b(l)).maxAbs(), tolerance, what + ": b" + l);
            }
        }
    }

    @Test
    void afterAnEpochTheFastPathHasThePerExampleWeights() {
        DataSet data = data(101, new Random(3));
        for (Setup s : SETUPS) {
            for (int m : new int[] {1, 2, 7, 10, 101}) {
                for (double lambda : new double[] {0, 0.5}) {
                    Network fast = network(s, m);
                    Network perExample = fast.copy();
                    Sgd sgd = Sgd.eta(0.3).batchSize(m).epochs(1).seed(m).cost(s.cost).weightDecay(lambda);
                    History hf = sgd.train(fast, data);
                    History hp = sgd.perExample().train(perExample, data);
                    String what = s.name + ", batch " + m + ", λ " + lambda;
                    assertSameWeights(perExample, fast, 1e-12, what);
                    assertEquals(hp.last().trainingCost(), hf.last().trainingCost(), 1e-12, what);
                    assertEquals(hp.last().trainingAccuracy(), hf.last().trainingAccuracy(), what);
                    assertEquals(hp.last().gradientNorm(1), hf.last().gradientNorm(1), 1e-12, what);
                    assertEquals(hp.updates(), hf.updates(), what);
                }
            }
        }
    }

    @Test
    void theFastPathTakesTheStepsOfBackpropAndStep() {
        DataSet data = data(60, new Random(4));
        for (Setup s : SETUPS) {
            Network fast = network(s, 1);
            Network readable = fast.copy();
            Sgd sgd = Sgd.eta(0.5).batchSize(8).epochs(3).shuffle(false).cost(s.cost);
            sgd.train(fast, data);
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int from = 0; from < data.size(); from += 8) {
                    DataSet batch = data.range(from, Math.min(from + 8, data.size()));
                    sgd.step(readable, readable.backprop(batch.x(), batch.y(), s.cost));
                }
            }
            assertSameWeights(readable, fast, 1e-12, s.name);
        }
    }

    @Test
    void theTestsRunWithTheVectorApi() {
        assertTrue(SgdEngine.VECTOR_API, "surefire starts the JVM with --add-modules jdk.incubator.vector");
    }

    @Test
    void vectorAndPlainKernelsAgreeAfterAnEpoch() {
        DataSet data = data(101, new Random(7));
        for (Setup s : SETUPS) {
            for (int m : new int[] {1, 3, 10, 101}) {
                Network plain = network(s, m);
                Network vector = plain.copy();
                int[] order = DataSet.shuffledIndices(data.size(), new Random(m));
                try (SgdEngine engine = new SgdEngine(plain, data, m, s.cost, 0.3, 0.999, 1, false)) {
                    assertFalse(engine.vector());
                    engine.epoch(order);
                }
                try (SgdEngine engine = new SgdEngine(vector, data, m, s.cost, 0.3, 0.999, 2, true)) {
                    assertTrue(engine.vector());
                    engine.epoch(order);
                }
                assertSameWeights(plain, vector, 1e-12, s.name + ", batch " + m);
            }
        }
    }

    @Test
    void theVectorKernelsHandleWidthsThatAreNotAMultipleOfTheLanes() {
        DataSet data = data(37, new Random(8));
        Network plain = Network.sizes(12, 11, 7, 4).seed(3).build(); // 12, 11, 7: odd widths
        Network vector = plain.copy();
        int[] order = DataSet.shuffledIndices(37, new Random(1));
        try (SgdEngine engine = new SgdEngine(plain, data, 5, Cost.QUADRATIC, 1, 1, 1, false)) {
            engine.epoch(order);
        }
        try (SgdEngine engine = new SgdEngine(vector, data, 5, Cost.QUADRATIC, 1, 1, 1, true)) {
            engine.epoch(order);
        }
        assertSameWeights(plain, vector, 1e-12, "odd widths");
    }

    @Test
    void oneThreadAndTwoThreadsGiveBitIdenticalWeights() {
        DataSet data = data(90, new Random(5));
        for (Setup s : SETUPS) {
            for (int m : new int[] {1, 5, 10, 90}) {
              for (boolean vectorKernels : new boolean[] {false, true}) {
                Network one = network(s, 2);
                Network two = one.copy();
                int[] order = DataSet.shuffledIndices(data.size(), new Random(m));
                EpochSums a;
                EpochSums b;
                try (SgdEngine engine = new SgdEngine(one, data, m, s.cost, 0.4, 1, 1, vectorKernels)) {
                    a = engine.epoch(order);
                    assertEquals(1, engine.threads());
                }
                double costOne = a.costSum;
                double normOne = a.normSums[0];
                try (SgdEngine engine = new SgdEngine(two, data, m, s.cost, 0.4, 1, 2, vectorKernels)) {
                    b = engine.epoch(order);
                    assertEquals(2, engine.threads());
                }
                for (int l = 1; l <= 3; l++) {
                    assertEquals(one.w(l), two.w(l), s.name + ", batch " + m);
                }
                assertEquals(costOne, b.costSum);
                assertEquals(normOne, b.normSums[0]);
              }
            }
        }
    }

    @Test
    void thePacerTriesBothWaysThenKeepsToTheFasterAndRetriesTheOther() {
        SgdEngine.Pacer pacer = new SgdEngine.Pacer();
        java.util.List<Boolean> choices = new java.util.ArrayList<>();
        for (int window = 0; window < 24; window++) {
            boolean together = pacer.together();
            choices.add(together);
            for (int i = 0; i < SgdEngine.Pacer.WINDOW; i++) {
                pacer.record(together, together ? 3_000 : 1_000); // alone is faster here
            }
        }
        assertEquals(true, choices.get(0), "first two threads");
        assertEquals(false, choices.get(1), "then one");
        assertEquals(java.util.List.of(false, false, false, false, false, false), choices.subList(2, 8));
        assertEquals(true, choices.get(8), "every eighth window tries the slower way again");
        assertEquals(false, choices.get(9));
    }

    @Test
    void twoThreadsKeepWorkingEpochAfterEpoch() {
        DataSet data = data(64, new Random(6));
        Network net = network(SETUPS[0], 3);
        Network replay = net.copy();
        try (SgdEngine engine = new SgdEngine(net, data, 4, Cost.QUADRATIC, 1, 1, 2, true)) {
            for (int epoch = 0; epoch < 20; epoch++) {
                assertEquals(16, engine.epoch(DataSet.shuffledIndices(64, new Random(epoch))).batches);
            }
        }
        try (SgdEngine engine = new SgdEngine(replay, data, 4, Cost.QUADRATIC, 1, 1, 1, true)) {
            for (int epoch = 0; epoch < 20; epoch++) {
                engine.epoch(DataSet.shuffledIndices(64, new Random(epoch)));
            }
        }
        assertSameWeights(replay, net, 0, "20 epochs");
        assertEquals(new Network.Passes(320, 320), net.passes());
    }
}
