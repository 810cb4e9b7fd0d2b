package backprop;

import backprop.graph.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A null argument to a public method is named where it is given, not met deep inside. */
class NullArgumentsTest {

    static void refused(String name, Executable e) {
        assertEquals(name + " must not be null",
                assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    final Network net = Network.sizes(2, 3, 1).seed(1).build();
    final DataSet data = PracticeQuestionsTest.DATA;
    final Matrix m = Matrix.vector(1, 2);

    @Test
    void matrix() {
        refused("rows", () -> Matrix.of(null));
        refused("rows[1]", () -> Matrix.of(new double[][] {{1}, null}));
        refused("values", () -> Matrix.vector((double[]) null));
        refused("values", () -> Matrix.row((double[]) null));
        refused("random", () -> Matrix.gaussian(2, 2, 1, null));
        refused("f", () -> Matrix.fill(2, 2, null));
        refused("picks", () -> m.columns(null));
        refused("other", () -> m.times((Matrix) null));
        refused("other", () -> m.plus(null));
        refused("other", () -> m.minus(null));
        refused("other", () -> m.hadamard(null));
        refused("other", () -> m.zip(null, Double::sum));
        refused("f", () -> m.zip(m, null));
        refused("f", () -> m.map(null));
        refused("column", () -> m.plusColumn(null));
    }

    @Test
    void network() {
        refused("layers", () -> Network.of((Layer[]) null));
        refused("layers[1]", () -> Network.of(net.layer(1), null));
        refused("sizes", () -> Network.sizes((int[]) null));
        refused("the activation f", () -> Network.sizes(2, 1).activation(null));
        refused("perLayer[1]", () -> Network.sizes(2, 2, 1).activations(Activation.RELU, null));
        refused("init", () -> Network.sizes(2, 1).init(null));
        refused("the input x", () -> net.forward(null));
        refused("the input x", () -> net.feedForward(null));
        refused("the input x", () -> net.backprop(null, Matrix.scalar(1), Cost.QUADRATIC));
        refused("the target y", () -> net.backprop(m, null, Cost.QUADRATIC));
        refused("the cost", () -> net.backprop(m, Matrix.scalar(1), null));
        refused("data", () -> net.cost(null, Cost.QUADRATIC));
        refused("the cost", () -> net.cost(data, null));
        refused("data", () -> net.accuracy(null));
        refused("x", () -> net.predict(null));
        refused("other", () -> net.largestDifference(null));
        refused("the weights", () -> new Layer(null, null, Activation.RELU));
        refused("the activation", () -> Layer.withoutBias(Matrix.zeros(1, 2), null));
        refused("aPrevious", () -> net.layer(1).weightedInput(null));
    }

    @Test
    void training() {
        Gradients g = net.backprop(data.x(), data.y(), Cost.QUADRATIC);
        refused("the network net", () -> Sgd.eta(1).train(null, data));
        refused("the training data", () -> Sgd.eta(1).train(net, null));
        refused("the network net", () -> Sgd.eta(1).step(null, g));
        refused("the gradients g", () -> Sgd.eta(1).step(net, null));
        refused("the network net", () -> Sgd.checkFits(null, data, "training"));
        refused("the training data", () -> Sgd.checkFits(net, null, "training"));
        refused("the cost", () -> Sgd.eta(1).cost(null));
        refused("the evaluation data", () -> Sgd.eta(1).evaluateOn(null));
        refused("the listener", () -> Sgd.eta(1).onEpoch(null));
        refused("examples", () -> Gradients.mean(null));
        refused("examples[1]", () -> Gradients.mean(Arrays.asList(g, null)));
        refused("other", () -> g.largestDifference(null));
        refused("data", () -> GradientCheck.of(net, null, Cost.QUADRATIC));
        refused("the input x", () -> GradientCheck.of(net, null, Matrix.scalar(1), Cost.QUADRATIC));
        refused("epochs", () -> History.of(null));
        refused("the gradients g", () -> new Epoch.Totals(2).add(null));
        refused("norms", () -> new Epoch.Totals(2).add(1, 1, 1, null));
        refused("gradientNorms", () -> new Epoch(1, 0, 0, 0, 0, null, 1, 0));
    }

    @Test
    void dataCostsAndActivations() {
        refused("inputs", () -> DataSet.of(null, new double[][] {{1}}));
        refused("targets", () -> DataSet.of(new double[][] {{1}}, null));
        refused("the inputs x", () -> new DataSet(null, m));
        refused("the targets y", () -> new DataSet(m, null));
        refused("labels", () -> DataSet.oneHot(null, 3));
        refused("random", () -> data.shuffled(null));
        refused("random", () -> DataSet.shuffledOrder(3, null));
        refused("values", () -> DataSet.classOf(null));
        refused("outputs", () -> DataSet.classOf(null, 0));
        refused("targets", () -> DataSet.countCorrect(m, null));
        refused("the output a", () -> Cost.QUADRATIC.value(null, m));
        refused("the target y", () -> Cost.QUADRATIC.gradient(m, null));
        refused("the weighted input z", () -> Cost.QUADRATIC.delta(null, m, m, Activation.SIGMOID));
        refused("the output activation f", () -> Cost.QUADRATIC.delta(m, m, m, null));
        refused("the target y", () -> Cost.BINARY_CROSS_ENTROPY.checkTargets(null));
        refused("the output a", () -> Cost.SOFTMAX_CROSS_ENTROPY.checkOutputs(null));
        refused("z", () -> Activation.RELU.apply(null));
        refused("z", () -> Activation.SOFTMAX.apply(null));
        refused("z", () -> Activation.TANH.derivative((Matrix) null));
        refused("dCda", () -> Activation.SIGMOID.backward(m, null));
        refused("dCda", () -> Activation.SOFTMAX.backward(m, null));
        refused("headers", () -> new TextTable((String[]) null));
        refused("cells", () -> new TextTable("a").row((Object[]) null));
        refused("rows", () -> TextTable.matrix(null));
        refused("the other operand b", () -> Value.of(1).plus(null));
        refused("the other operand b", () -> Value.of(1).times((Value) null));
    }
}
