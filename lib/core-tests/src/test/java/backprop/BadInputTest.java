package backprop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every mistake a student is likely to make gets an error that names it. */
class BadInputTest {

    static void fails(String message, Executable e) {
        Throwable t = assertThrows(IllegalArgumentException.class, e);
        assertEquals(message, t.getMessage());
    }

    final Network net = Network.sizes(3, 4, 2).seed(1).build();

    @Test
    void shapes() {
        fails("the input has 2 rows (shape 2×1) but this network takes 3 inputs: give one example per column",
                () -> net.forward(Matrix.vector(1, 2)));
        fails("the target y is 3×1 but must be 2×1: one row per output of the network (2 outputs), one column per example in x (1 example)",
                () -> net.backprop(Matrix.vector(1, 2, 3), Matrix.vector(1, 0, 0), Cost.QUADRATIC));
        fails("cannot multiply 2×3 by 2×1: the left has 3 columns, the right 2 rows",
                () -> Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).times(Matrix.vector(1, 2)));
        fails("cannot add a 2×1 and a 3×1 matrix: the shapes must be equal",
                () -> Matrix.vector(1, 2).plus(Matrix.vector(1, 2, 3)));
        fails("layer 2 has weights 1×5, so it expects 5 inputs, but layer 1 has 4 neurons",
                () -> Network.of(Layer.of(Matrix.zeros(4, 3), Matrix.zeros(4, 1), Activation.RELU),
                        Layer.of(Matrix.zeros(1, 5), Matrix.zeros(1, 1), Activation.SIGMOID)));
        fails("biases must be a 4×1 column (one per neuron, as w is 4×3), got 3×1",
                () -> Layer.of(Matrix.zeros(4, 3), Matrix.zeros(3, 1), Activation.RELU));
        fails("row 1 has 1 entry but row 0 has 2: every row needs the same length",
                () -> Matrix.of(new double[][] {{1, 2}, {3}}));
        fails("x has 3 examples (columns) but y has 2: each example needs an input and a target",
                () -> new DataSet(Matrix.zeros(2, 3), Matrix.zeros(1, 2)));
        fails("the training data has 2 inputs and 1 output per example, but the network takes 3 and gives 2",
                () -> Sgd.eta(1).train(net, PracticeQuestionsTest.DATA));
        fails("3 activations given for 2 layers: give one per layer after the input",
                () -> Network.sizes(3, 4, 2).activations(Activation.RELU, Activation.RELU, Activation.RELU));
        fails("layer sizes must be positive, got [3, 0, 2]", () -> Network.sizes(3, 0, 2));
        fails("layer 3 does not exist: this network has layers 1 to 2 (layer 0 is the input, without weights)",
                () -> net.w(3));
    }

    @Test
    void hyperParameters() {
        fails("the learning rate η (eta) must be a positive finite number at most 1000, got 0.0", () -> Sgd.eta(0));
        fails("the learning rate η (eta) must be a positive finite number at most 1000, got -0.5", () -> Sgd.eta(-0.5));
        fails("the learning rate η (eta) must be a positive finite number at most 1000, got NaN", () -> Sgd.eta(Double.NaN));
        fails("the batch size must be at least 1, got 0", () -> Sgd.eta(1).batchSize(0));
        fails("the number of epochs cannot be negative, got -1", () -> Sgd.eta(1).epochs(-1));
        fails("the weight decay λ (lambda) must be a finite number ≥ 0, got -1.0", () -> Sgd.eta(1).weightDecay(-1));
        fails("the nudge h must be a positive finite number at most 1, got 0.0",
                () -> GradientCheck.of(net, Matrix.vector(1, 2, 3), Matrix.vector(1, 0), Cost.QUADRATIC, 0));
    }

    @Test
    void data() {
        fails("a data set needs at least one example", () -> DataSet.of(new double[0][], new double[0][]));
        fails("label 10 of example 2 is outside 0..9", () -> DataSet.oneHot(new int[] {1, 2, 10}, 10));
        fails("label -1 of example 0 is outside 0..2", () -> DataSet.oneHot(new int[] {-1}, 3));
        fails("entry (0, 1) is NaN: matrices typed in must hold finite numbers",
                () -> Matrix.row(1, Double.NaN));
        fails("the training fraction must be between 0 and 1 (exclusive), got 1.5",
                () -> PracticeQuestionsTest.DATA.split(1.5, 1));
    }
}
