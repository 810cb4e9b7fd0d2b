package backprop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {

    static final DataSet XOR = PracticeQuestionsTest.DATA;

    @Test
    void learnsXor() {
        Network net = Network.sizes(2, 4, 1).activations(Activation.TANH, Activation.SIGMOID)
                .seed(3).build();
        History history = Sgd.eta(2.0).batchSize(4).epochs(1500).seed(1)
                .cost(Cost.BINARY_CROSS_ENTROPY).train(net, XOR);
        assertEquals(1.0, net.accuracy(XOR));
        assertTrue(history.last().trainingCost() < 0.05, "cost " + history.last().trainingCost());
        assertTrue(history.last().trainingCost() < history.epochs().get(0).trainingCost());
    }

    @Test
    void historyRecordsEveryEpochAndTheListenerSeesEach() {
        DataSet data = BatchTest.randomData(30, new java.util.Random(2));
        DataSet eval = BatchTest.randomData(10, new java.util.Random(3));
        List<Integer> seen = new ArrayList<>();
        History h = Sgd.eta(0.5).batchSize(7).epochs(4).evaluateOn(eval)
                .onEpoch(e -> seen.add(e.number()))
                .train(Network.sizes(6, 5, 3).seed(1).build(), data);
        assertEquals(List.of(1, 2, 3, 4), seen);
        assertEquals(4, h.size());
        assertEquals(4 * 5, h.updates(), "30 examples in batches of 7: 5 updates per epoch");
        assertTrue(h.hasEvaluation());
        for (Epoch e : h.epochs()) {
            assertTrue(e.evaluationAccuracy() >= 0 && e.evaluationAccuracy() <= 1);
            assertEquals(2, e.gradientNorms().length);
            assertTrue(e.gradientNorm(1) > 0);
        }
    }

    @Test
    void theTrainingCostIsTheMeanOfTheBatchCostsBeforeEachUpdate() {
        Network net = Network.sizes(2, 3, 1).seed(5).build();
        Network replay = net.copy();
        History h = Sgd.eta(0.3).fullBatch().epochs(1).train(net, XOR);
        assertEquals(replay.cost(XOR, Cost.QUADRATIC), h.last().trainingCost(), 1e-15);
    }

    @Test
    void weightDecayShrinksTheWeights() {
        DataSet data = BatchTest.randomData(40, new java.util.Random(8));
        Network plain = Network.sizes(6, 10, 3).seed(1).build();
        Network decayed = plain.copy();
        Sgd sgd = Sgd.eta(0.5).batchSize(10).epochs(10);
        sgd.train(plain, data);
        sgd.weightDecay(5.0).train(decayed, data);
        assertTrue(decayed.w(1).norm() < plain.w(1).norm());
    }

    @Test
    void weightDecayFollowsTheUpdateRule() {
        Network net = Network.sizes(2, 2, 1).seed(1).build();
        Network expected = net.copy();
        double eta = 0.1, lambda = 2.0;
        int n = XOR.size();
        Gradients g = expected.backprop(XOR.x(), XOR.y(), Cost.QUADRATIC);
        Sgd.eta(eta).fullBatch().shuffle(false).weightDecay(lambda).epochs(1).train(net, XOR);
        for (int l = 1; l <= 2; l++) {
            Matrix w = expected.w(l).times(1 - eta * lambda / n).minus(g.nablaW(l).times(eta));
            Matrix b = expected.b(l).minus(g.nablaB(l).times(eta));
            assertEquals(0, net.w(l).minus(w).maxAbs(), 1e-15);
            assertEquals(0, net.b(l).minus(b).maxAbs(), 1e-15);
        }
    }

    @Test
    void aDivergingRunStopsWithAnErrorThatSuggestsASmallerLearningRate() {
        Network net = Network.sizes(2, 8, 1).activation(Activation.IDENTITY).seed(1).build();
        DataSet big = DataSet.of(new double[][] {{100, -50}, {30, 80}}, new double[][] {{1}, {-1}});
        var e = assertThrows(IllegalStateException.class,
                () -> Sgd.eta(10).batchSize(1).epochs(50).train(net, big));
        assertTrue(e.getMessage().startsWith("training diverged in epoch "), e.getMessage());
        assertTrue(e.getMessage().contains("the cost became"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Try a smaller learning rate than η = 10."), e.getMessage());
    }
}
