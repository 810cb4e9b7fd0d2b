package backprop;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One example at a time against a whole mini-batch as a matrix. */
class BatchTest {

    @Test
    void theBatchGradientIsTheMeanOfThePerExampleGradients() {
        Random random = new Random(5);
        for (int n = 0; n < 30; n++) {
            Cost cost = n % 2 == 0 ? Cost.QUADRATIC : Cost.SOFTMAX_CROSS_ENTROPY;
            Activation out = cost == Cost.QUADRATIC ? Activation.SIGMOID : Activation.SOFTMAX;
            Network net = Network.sizes(5, 7, 4, 3).activations(Activation.RELU, Activation.TANH, out)
                    .seed(n).build();
            int m = 1 + random.nextInt(12);
            Matrix x = Matrix.gaussian(5, m, 1, random);
            Matrix y = GradientCheckTest.targets(cost, 3, m, random);

            Gradients batch = net.backprop(x, y, cost);
            for (int l = 1; l <= 3; l++) {
                Matrix sumW = Matrix.zeros(net.w(l).rows(), net.w(l).cols());
                Matrix sumB = Matrix.zeros(net.b(l).rows(), 1);
                for (int e = 0; e < m; e++) {
                    Gradients one = net.backprop(x.column(e), y.column(e), cost);
                    sumW = sumW.plus(one.nablaW(l));
                    sumB = sumB.plus(one.nablaB(l));
                    assertEquals(0, one.delta(l).minus(batch.delta(l).column(e)).maxAbs(), 1e-12);
                }
                assertEquals(0, sumW.times(1.0 / m).minus(batch.nablaW(l)).maxAbs(), 1e-12);
                assertEquals(0, sumB.times(1.0 / m).minus(batch.nablaB(l)).maxAbs(), 1e-12);
            }
        }
    }

    @Test
    void perExampleAndMatrixTrainingEndWithTheSameWeights() {
        DataSet data = randomData(64, new Random(9));
        Network a = Network.sizes(6, 10, 3).seed(4).build();
        Network b = a.copy();
        Sgd sgd = Sgd.eta(0.5).batchSize(8).epochs(3).seed(11);
        sgd.train(a, data);
        sgd.perExample().train(b, data);
        for (int l = 1; l <= 2; l++) {
            assertEquals(0, a.w(l).minus(b.w(l)).maxAbs(), 1e-12);
            assertEquals(0, a.b(l).minus(b.b(l)).maxAbs(), 1e-12);
        }
    }

    @Test
    void theSameSeedGivesBitIdenticalTraining() {
        DataSet data = randomData(50, new Random(1));
        Network a = Network.sizes(6, 8, 3).seed(3).build();
        Network b = Network.sizes(6, 8, 3).seed(3).build();
        Sgd sgd = Sgd.eta(1.0).batchSize(7).epochs(5).seed(42);
        History ha = sgd.train(a, data);
        History hb = sgd.train(b, data);
        for (int l = 1; l <= 2; l++) {
            assertEquals(a.w(l), b.w(l));
            assertEquals(a.b(l), b.b(l));
        }
        for (int e = 0; e < 5; e++) {
            assertEquals(ha.epochs().get(e).trainingCost(), hb.epochs().get(e).trainingCost());
        }
        Network c = Network.sizes(6, 8, 3).seed(3).build();
        sgd.seed(43).train(c, data);
        assertTrue(!c.w(1).equals(a.w(1)), "another shuffling seed gives other weights");
    }

    static DataSet randomData(int n, Random random) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(3);
        }
        return DataSet.labelled(Matrix.gaussian(6, n, 1, random), labels, 3);
    }
}
