package backprop.data;

import backprop.Activation;
import backprop.Cost;
import backprop.DataSet;
import backprop.History;
import backprop.Init;
import backprop.Network;
import backprop.Sgd;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SGD learns the shipped data sets, with fixed seeds so every run is the same run. */
class LearningTest {

    @Test
    void sgdLearnsXor() {
        DataSet xor = DataSets.xor();
        Network net = Network.sizes(2, 3, 1).activation(Activation.SIGMOID).seed(2).build();
        History history = Sgd.eta(4.0).batchSize(4).epochs(2000).seed(1)
                .cost(Cost.QUADRATIC).train(net, xor);
        assertEquals(1.0, net.accuracy(xor));
        assertTrue(history.last().trainingCost() < 0.01, "cost " + history.last().trainingCost());
    }

    /**
     * The classic experiment at a twelfth of MNIST's input size: [64, 30, 10] sigmoid, quadratic
     * cost, η = 3, mini-batches of 10, 30 epochs (it reaches 98.9 % on this split).
     */
    @Test
    void aSigmoidNetworkLearnsTheDigitsWellAboveNinetyPercent() {
        DataSet.Split split = DataSets.digits().split(0.8, 1);
        Network net = Network.sizes(64, 30, 10).activation(Activation.SIGMOID)
                .init(Init.SCALED_GAUSSIAN).seed(1).build();
        History history = Sgd.eta(3.0).batchSize(10).epochs(30).seed(1)
                .cost(Cost.QUADRATIC).evaluateOn(split.test()).train(net, split.training());
        double accuracy = net.accuracy(split.test());
        assertEquals(history.last().evaluationAccuracy(), accuracy);
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
        assertEquals(1438, split.training().size());
        assertEquals(359, split.test().size());
    }
}
