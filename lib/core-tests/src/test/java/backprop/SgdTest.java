package backprop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sgd.train is the loop a lecture explains, and it takes exactly the steps of Sgd.step. */
class SgdTest {

    /** What Sgd.train must do, written out as a lecture writes it: shuffle, cut, backprop, step. */
    static void trainByHand(Sgd sgd, Network net, DataSet training, int epochs, int m) {
        Random random = new Random(sgd.seed());
        int n = training.size();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            DataSet shuffled = training.shuffled(random);
            for (int from = 0; from < n; from += m) {
                DataSet batch = shuffled.range(from, Math.min(from + m, n));
                sgd.step(net, net.backprop(batch.x(), batch.y(), sgd.cost()), n);
            }
        }
    }

    @Test
    void trainIsRepeatedStepWithWeightDecayToo() {
        DataSet data = BatchTest.randomData(23, new Random(4));
        for (double lambda : new double[] {0, 1.5, 200}) {            // ηλ/n < 1: 0.1 × 200 / 23
            for (int m : new int[] {1, 5, 23}) {          // 23 / 5 leaves a ragged last batch
                Network start = Network.sizes(6, 5, 3).seed(m).build();
                Network trained = start.copy();
                Network byHand = start.copy();
                Sgd sgd = Sgd.eta(0.1).batchSize(m).epochs(3).seed(7).weightDecay(lambda);
                sgd.train(trained, data);
                trainByHand(sgd, byHand, data, 3, m);
                assertEquals(0, trained.largestDifference(byHand), "λ = " + lambda + ", batch " + m);
            }
        }
    }

    @Test
    void stepAppliesWeightDecayAsTrainDoes() {
        // One full batch: step(net, g) takes g's examples as the whole training set.
        Network net = Network.sizes(2, 3, 1).seed(2).build();
        Network byStep = net.copy();
        DataSet xor = PracticeQuestionsTest.DATA;
        Sgd sgd = Sgd.eta(1).weightDecay(3).fullBatch().shuffle(false);
        sgd.train(net, xor);
        sgd.step(byStep, byStep.backprop(xor.x(), xor.y(), Cost.QUADRATIC));
        assertEquals(0, net.largestDifference(byStep));

        Network without = Network.sizes(2, 3, 1).seed(2).build();
        Sgd.eta(1).step(without, without.backprop(xor.x(), xor.y(), Cost.QUADRATIC));
        assertNotEquals(0, without.largestDifference(byStep), "weight decay changes the step");
        double shrink = 1 - 1.0 * 3 / 4;
        Network start = Network.sizes(2, 3, 1).seed(2).build();
        Gradients g = start.backprop(xor.x(), xor.y(), Cost.QUADRATIC);
        Matrix expected = start.w(1).times(shrink).minus(g.nablaW(1).times(1));
        assertEquals(0, expected.minus(byStep.w(1)).maxAbs(), 1e-12);
        assertEquals(shrink, sgd.shrink(4));
    }

    @Test
    void perExampleTrainingIsTheMeanOfTheExamplesGradients() {
        DataSet data = BatchTest.randomData(17, new Random(6));
        Network matrix = Network.sizes(6, 4, 3).activations(Activation.RELU, Activation.SOFTMAX).seed(3).build();
        Network looped = matrix.copy();
        Sgd sgd = Sgd.eta(0.2).batchSize(4).epochs(2).seed(1).cost(Cost.SOFTMAX_CROSS_ENTROPY);
        History a = sgd.train(matrix, data);
        History b = sgd.perExample().train(looped, data);
        assertTrue(matrix.largestDifference(looped) < 1e-14);
        assertEquals(a.last().trainingCost(), b.last().trainingCost(), 1e-14);
        assertEquals(a.last().gradientNorm(2), b.last().gradientNorm(2), 1e-14);
        assertEquals(a.updates(), b.updates());
    }

    @Test
    void theMeanOfTheExamplesGradientsIsTheBatchGradient() {
        Network net = Network.sizes(3, 4, 2).activations(Activation.TANH, Activation.SIGMOID).seed(5).build();
        Matrix x = Matrix.fill(3, 6, (i, e) -> Math.sin(i + 3 * e));
        Matrix y = Matrix.fill(2, 6, (i, e) -> (i + e) % 2);
        List<Gradients> each = new ArrayList<>();
        for (int e = 0; e < 6; e++) {
            each.add(net.backprop(x.column(e), y.column(e), Cost.QUADRATIC));
        }
        Gradients mean = Gradients.mean(each);
        Gradients batch = net.backprop(x, y, Cost.QUADRATIC);
        assertEquals(6, mean.examples());
        assertTrue(mean.largestDifference(batch) < 1e-15, "δ, ∂C/∂w and ∂C/∂b");
        assertEquals(batch.cost(), mean.cost(), 1e-15);
        assertEquals(0, mean.trace().output().minus(batch.trace().output()).maxAbs(), 1e-15);
    }

    @Test
    void gradientsComputedAnotherWayAreComparedLayerByLayer() {
        Network net = Network.sizes(3, 4, 2).seed(6).build();
        Matrix x = Matrix.vector(0.5, -1.0, 2.0), y = Matrix.vector(1.0, 0.0);
        Gradients g = net.backprop(x, y, Cost.QUADRATIC);
        Matrix[] delta = {null, g.delta(1), g.delta(2)};
        Matrix[] nablaW = {null, g.nablaW(1), g.nablaW(2).with(1, 3, g.nablaW(2).get(1, 3) + 0.25)};
        Matrix[] nablaB = {null, g.nablaB(1), g.nablaB(2)};
        assertEquals(0, g.largestDifference(delta, null, nablaB));
        assertEquals(0.25, g.largestDifference(delta, nablaW, nablaB), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.largestDifference(new Matrix[] {null, g.delta(1)}, null, null));
        assertTrue(e.getMessage().contains("give δ for layers 1 to 2"), e.getMessage());
    }

    @Test
    void theEpochReportsWhatItsMiniBatchesMeasured() {
        DataSet data = BatchTest.randomData(10, new Random(3));
        Network net = Network.sizes(6, 4, 3).seed(8).build();
        Network replay = net.copy();
        Sgd sgd = Sgd.eta(0.5).batchSize(4).shuffle(false);
        Epoch epoch = sgd.train(net, data).last();
        double cost = 0;
        int correct = 0;
        double norm1 = 0;
        for (int from = 0; from < 10; from += 4) {
            DataSet batch = data.range(from, Math.min(from + 4, 10));
            Gradients g = replay.backprop(batch.x(), batch.y(), Cost.QUADRATIC);
            cost += g.cost() * batch.size();
            correct += DataSet.countCorrect(g.trace().output(), batch.y());
            norm1 += g.norm(1);
            sgd.step(replay, g, 10);
        }
        assertEquals(cost / 10, epoch.trainingCost(), 1e-15);
        assertEquals(correct / 10.0, epoch.trainingAccuracy());
        assertEquals(norm1 / 3, epoch.gradientNorm(1), 1e-15);
        assertEquals(3, epoch.updates());
        assertEquals(new Network.Passes(3, 3), net.passes(), "one forward and one backward pass per update");
    }

    @Test
    void divergingTrainingStopsBeforeTheStepWithTheEpochAndTheMiniBatch() {
        Network net = Network.sizes(2, 8, 1).activation(Activation.IDENTITY).seed(1).build();
        DataSet big = DataSet.of(new double[][] {{100, -50}, {30, 80}}, new double[][] {{1}, {-1}});
        TrainingDiverged e = assertThrows(TrainingDiverged.class,
                () -> Sgd.eta(10).batchSize(1).epochs(50).train(net, big));
        assertTrue(e.getMessage().startsWith("training diverged in epoch " + e.epoch()
                + " (mini-batch " + e.miniBatch() + " of 2): "), e.getMessage());
        assertTrue(net.w(1).isFinite() && net.w(2).isFinite(), "the bad step was not taken");
    }

    @Test
    void badSettingsAreRefusedWithTheirRule() {
        assertThrows(IllegalArgumentException.class, () -> Sgd.eta(0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.eta(1).evaluateOn(null));
        assertThrows(IllegalArgumentException.class, () -> Sgd.eta(1).onEpoch(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sgd.eta(1).shrink(0));
        assertTrue(e.getMessage().contains("training set size n"), e.getMessage());
        Network net = Network.sizes(2, 2).build();
        Gradients g = Network.sizes(2, 3, 2).build().backprop(Matrix.vector(1, 2), Matrix.vector(0, 1), Cost.QUADRATIC);
        e = assertThrows(IllegalArgumentException.class, () -> Sgd.eta(1).step(net, g));
        assertTrue(e.getMessage().contains("2 layers but the network has 1"), e.getMessage());
    }
}
