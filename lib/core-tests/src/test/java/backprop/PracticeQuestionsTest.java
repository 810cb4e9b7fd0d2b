package backprop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The two practice questions of Deep Learning in Python's backpropagation section (lecture 08),
 * answered by the library rather than stated.
 */
class PracticeQuestionsTest {

    static final DataSet DATA = DataSet.of(
            new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
            new double[][] {{0}, {1}, {1}, {0}});

    @Test
    void fourIterationsOfBackpropAndUpdateTakeFourForwardPasses() {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        History history = Sgd.eta(0.5).fullBatch().epochs(4).train(net, DATA);
        assertEquals(4, history.updates());
        assertEquals(new Network.Passes(4, 4), net.passes());
    }

    @Test
    void fourIterationsOneExampleAtATimeTakeOneForwardPassPerExample() {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        Sgd.eta(0.5).fullBatch().epochs(4).perExample().train(net, DATA);
        assertEquals(new Network.Passes(16, 16), net.passes());
    }

    @Test
    void whenEveryErrorIsZeroEveryGradientAndEveryUpdateIsZero() {
        for (Activation output : new Activation[] {Activation.IDENTITY, Activation.SIGMOID, Activation.RELU}) {
            Network net = Network.sizes(2, 4, 3, 1)
                    .activations(Activation.TANH, Activation.RELU, output).seed(7).build();
            Matrix x = Matrix.of(new double[][] {{0.5, -1, 2}, {1.5, 0.25, -3}});
            Matrix perfect = net.feedForward(x); // targets equal to the predictions: errors 0
            Gradients g = net.backprop(x, perfect, Cost.QUADRATIC);
            for (int l = 1; l <= net.depth(); l++) {
                assertEquals(0.0, g.nablaW(l).maxAbs(), "∂C/∂w of layer " + l);
                assertEquals(0.0, g.nablaB(l).maxAbs(), "∂C/∂b of layer " + l);
            }
            Network before = net.copy();
            Sgd.eta(3.0).step(net, g);
            for (int l = 1; l <= net.depth(); l++) {
                assertEquals(before.w(l), net.w(l));
                assertEquals(before.b(l), net.b(l));
            }
        }
    }
}
