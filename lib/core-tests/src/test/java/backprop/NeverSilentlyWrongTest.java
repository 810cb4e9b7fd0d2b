package backprop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Inputs that could give a wrong answer without a word: each fails at the public method it is
 * given to, with a message that names the argument and the rule it breaks.
 */
class NeverSilentlyWrongTest {

    static void fails(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void aMatrixTooBigForOneArrayIsRefusedWithItsRowsAndColumns() {
        fails("a matrix would need rows × cols = 65536 × 65537 = 4295032832 entries, more than one "
                + "Java array holds (2147483639)", () -> Matrix.zeros(65536, 65537));
        fails("a matrix would need rows × cols = 65536 × 65536 = 4294967296 entries, more than one "
                + "Java array holds (2147483639)", () -> Matrix.gaussian(65536, 65536, 1, new Random(1)));
        fails("a matrix would need rows × cols = 65536 × 65538 = 4295098368 entries, more than one "
                + "Java array holds (2147483639)", () -> Matrix.fill(65536, 65538, (i, j) -> 0));
        Matrix tall = Matrix.zeros(65536, 1);
        fails("a matrix would need rows × cols = 65536 × 65536 = 4294967296 entries, more than one "
                + "Java array holds (2147483639)", () -> tall.times(tall.transpose()));
        fails("layer 1's weights w^1 would need rows × cols = 65537 × 65536 = 4295032832 entries, "
                + "more than one Java array holds (2147483639)", () -> Network.sizes(65536, 65537));
    }

    @Test
    void predictTakesOneExampleAndPredictAllTakesABatch() {
        Network net = Network.sizes(2, 3, 2).seed(4).build();
        Matrix batch = Matrix.of(new double[][] {{0, 1, 5, -2}, {3, -1, 0, 2}});
        fails("predict(x) answers for one example, a column, but x is 2×4 (4 examples): use "
                + "predictAll(x) for the class of every column", () -> net.predict(batch));
        int[] all = net.predictAll(batch);
        assertEquals(4, all.length);
        for (int e = 0; e < 4; e++) {
            assertEquals(net.predict(batch.column(e)), all[e], "example " + e);
        }
    }

    @Test
    void nanAndInfinityAreRefusedWhereTheyWouldEnter() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        fails("entry (1, 2) is NaN: f must give finite numbers",
                () -> Matrix.fill(2, 3, (i, j) -> i == 1 && j == 2 ? nan : 0));
        fails("the value for entry (0, 1) must be a finite number, got Infinity",
                () -> Matrix.zeros(2, 2).with(0, 1, inf));
        fails("the standard deviation std must be a finite number ≥ 0, got NaN",
                () -> Matrix.gaussian(2, 2, nan, new Random(1)));
        fails("the standard deviation std must be a finite number ≥ 0, got -1.0",
                () -> Matrix.gaussian(2, 2, -1, new Random(1)));
        fails("the factor must be a finite number, got -Infinity", () -> Matrix.scalar(2).times(-inf));
        fails("entry (0, 0) of the inputs x is Infinity: a data set holds finite numbers only",
                () -> new DataSet(Matrix.row(1e308, 1).times(10), Matrix.row(0, 1)));
        fails("entry (1, 0) of the targets y is NaN: a data set holds finite numbers only",
                () -> new DataSet(Matrix.row(1), Matrix.computed(2, 1, (i, j) -> i == 1 ? nan : 0)));
        // a computed matrix may hold them (arithmetic can overflow), but training refuses them
        Network broken = Network.of(Layer.of(Matrix.computed(1, 2, (j, k) -> k == 1 ? nan : 0.5),
                Matrix.vector(0), Activation.SIGMOID));
        DataSet data = DataSet.of(new double[][] {{1, 2}}, new double[][] {{1}});
        fails("entry (0, 1) of layer 1's weights w^1 is NaN: training needs finite weights and biases",
                () -> Sgd.eta(1).train(broken, data));
    }

    @Test
    void crossEntropyNeedsAnOutputLayerWhoseValuesLieBetween0And1() {
        Network relu = Network.sizes(2, 3, 1).activations(Activation.SIGMOID, Activation.RELU).seed(2).build();
        DataSet data = DataSet.of(new double[][] {{1, 2}, {-1, 0}}, new double[][] {{1}, {0}});
        String bce = "binary cross-entropy takes ln a and ln(1 − a), so it needs outputs between 0 "
                + "and 1, but the output layer's activation is relu: use sigmoid or softmax there";
        fails(bce, () -> Sgd.eta(1).cost(Cost.BINARY_CROSS_ENTROPY).train(relu, data));
        fails(bce, () -> relu.backprop(data.x(), data.y(), Cost.BINARY_CROSS_ENTROPY));
        fails(bce, () -> relu.cost(data, Cost.BINARY_CROSS_ENTROPY));
        fails(bce, () -> GradientCheck.of(relu, data, Cost.BINARY_CROSS_ENTROPY));
        Network identity = Network.sizes(2, 2).activation(Activation.IDENTITY).build();
        fails("softmax cross-entropy takes ln a, so it needs outputs between 0 and 1, but the output "
                + "layer's activation is identity: use sigmoid or softmax there",
                () -> identity.cost(DataSet.labelled(Matrix.vector(1, 2), new int[] {1}, 2),
                        Cost.SOFTMAX_CROSS_ENTROPY));
        fails("binary cross-entropy needs outputs a between 0 and 1 (from a sigmoid or softmax output "
                + "layer); entry (0, 1) of a is 2.0",
                () -> Cost.BINARY_CROSS_ENTROPY.value(Matrix.row(0.5, 2), Matrix.row(1, 1)));
        fails("softmax cross-entropy needs outputs a between 0 and 1 (from a sigmoid or softmax output "
                + "layer); entry (1, 0) of a is -0.5",
                () -> Cost.SOFTMAX_CROSS_ENTROPY.gradient(Matrix.vector(0.5, -0.5), Matrix.vector(1, 0)));
    }

    @Test
    void softmaxCrossEntropyTargetsMustBeProbabilityDistributions() {
        Network net = Network.sizes(2, 2).activation(Activation.SOFTMAX).build();
        DataSet negative = DataSet.of(new double[][] {{1, 2}}, new double[][] {{2, -1}});
        String rule = "softmax cross-entropy needs each target column to be a probability distribution "
                + "(entries between 0 and 1 that sum to 1, such as a one-hot label); ";
        fails("the training targets y: " + rule + "entry (0, 0) is 2.0",
                () -> Sgd.eta(1).cost(Cost.SOFTMAX_CROSS_ENTROPY).train(net, negative));
        fails(rule + "column 1 sums to 0.5", () -> Cost.SOFTMAX_CROSS_ENTROPY.checkTargets(
                Matrix.of(new double[][] {{0.25, 0.25}, {0.75, 0.25}})));
        Cost.SOFTMAX_CROSS_ENTROPY.checkTargets(Matrix.vector(0.2, 0.3, 0.5)); // a distribution is fine
    }

    @Test
    void aSoftmaxLayerOfOneNeuronIsRefused() {
        String message = "a softmax layer needs at least 2 neurons, but these weights are 1×3: for one "
                + "neuron softmax(z) = e^z / e^z = 1 whatever z is, so it never learns; for one output, "
                + "use sigmoid";
        fails(message, () -> Network.sizes(3, 1).activation(Activation.SOFTMAX).build());
        fails(message, () -> Layer.of(Matrix.zeros(1, 3), Matrix.zeros(1, 1), Activation.SOFTMAX));
    }

    @Test
    void weightDecayThatWouldFlipTheWeightsSignIsRefusedNamingEtaLambdaAndN() {
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        Network before = net.copy();
        DataSet four = PracticeQuestionsTest.DATA;
        fails("weight decay multiplies the weights by 1 − ηλ/n, which must stay above 0, but eta η = 0.5, "
                + "lambda λ = 1e+09 and n = 4 give ηλ/n = 1.25e+08: choose ηλ < n (a smaller λ or η)",
                () -> Sgd.eta(0.5).weightDecay(1e9).train(net, four));
        assertEquals(0, net.largestDifference(before), "no step was taken");
        fails("weight decay multiplies the weights by 1 − ηλ/n, which must stay above 0, but eta η = 1, "
                + "lambda λ = 4 and n = 4 give ηλ/n = 1: choose ηλ < n (a smaller λ or η)",
                () -> Sgd.eta(1).weightDecay(4).step(net, net.backprop(four.x(), four.y(), Cost.QUADRATIC)));
        assertEquals(0.5, Sgd.eta(1).weightDecay(2).shrink(4), "ηλ/n = 0.5 is fine");
    }

    @Test
    void hyperParametersAreFinitePositiveAndBounded() {
        fails("the learning rate η (eta) must be a positive finite number at most 1000, got 1.0E300",
                () -> Sgd.eta(1e300));
        fails("the learning rate η (eta) must be a positive finite number at most 1000, got Infinity",
                () -> Sgd.eta(Double.POSITIVE_INFINITY));
        fails("the learning rate η (eta) must be a positive finite number at most 1000, got NaN",
                () -> Sgd.eta(Double.NaN));
        assertEquals(Sgd.MAX_ETA, Sgd.eta(1000).eta(), "the bound itself is allowed");
        fails("the weight decay λ (lambda) must be a finite number ≥ 0, got Infinity",
                () -> Sgd.eta(1).weightDecay(Double.POSITIVE_INFINITY));
        Network net = Network.sizes(1, 1).build();
        fails("the nudge h must be a positive finite number at most 1, got 1.0E300",
                () -> GradientCheck.of(net, Matrix.scalar(1), Matrix.scalar(0), Cost.QUADRATIC, 1e300));
    }

    @Test
    void raggedExamplesNameTheArgumentThatIsRagged() {
        double[][] inputs = {{1, 2}, {3, 4}};
        fails("targets[1] has 2 entries but targets[0] has 1: every example needs targets of one length",
                () -> DataSet.of(inputs, new double[][] {{1}, {0, 1}}));
        fails("inputs[1] has 1 entry but inputs[0] has 2: every example needs inputs of one length",
                () -> DataSet.of(new double[][] {{1, 2}, {3}}, new double[][] {{1}, {0}}));
        fails("inputs[1][0] is NaN: a data set holds finite numbers only",
                () -> DataSet.of(new double[][] {{1, 2}, {Double.NaN, 4}}, new double[][] {{1}, {0}}));
        fails("targets[0] is empty: every example needs targets of one length, at least 1",
                () -> DataSet.of(inputs, new double[][] {{}, {}}));
        fails("targets[1] must not be null", () -> DataSet.of(inputs, new double[][] {{1}, null}));
    }

    @Test
    void bothTrainingPathsNameABadEntryByItsPlaceInTheData() {
        Network sigmoid = Network.sizes(2, 3, 2).seed(1).build();
        Network softmax = Network.sizes(2, 3, 2).activations(Activation.SIGMOID, Activation.SOFTMAX).seed(1).build();
        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}};
        DataSet bad = DataSet.of(x, new double[][] {{0, 1}, {1, 0}, {1, 0}, {2, -1}, {0, 1}});
        DataSet good = DataSet.of(x, new double[][] {{0, 1}, {1, 0}, {1, 0}, {0, 1}, {0, 1}});
        Sgd matrix = Sgd.eta(0.5).batchSize(2).epochs(2);
        for (Sgd sgd : new Sgd[] {matrix, matrix.perExample()}) {
            fails("the training targets y: binary cross-entropy needs targets between 0 and 1; "
                    + "entry (0, 3) is 2.0", () -> sgd.cost(Cost.BINARY_CROSS_ENTROPY).train(sigmoid, bad));
            fails("the training targets y: softmax cross-entropy needs each target column to be a "
                    + "probability distribution (entries between 0 and 1 that sum to 1, such as a "
                    + "one-hot label); entry (0, 3) is 2.0",
                    () -> sgd.cost(Cost.SOFTMAX_CROSS_ENTROPY).train(softmax, bad));
            fails("the evaluation targets y: binary cross-entropy needs targets between 0 and 1; "
                    + "entry (0, 3) is 2.0",
                    () -> sgd.cost(Cost.BINARY_CROSS_ENTROPY).evaluateOn(bad).train(sigmoid, good));
        }
    }

    @Test
    void labelsAndInputsOfDifferentCountsNameTheLabels() {
        fails("labels has 2 entries but x has 3 examples (columns): give one label per example",
                () -> DataSet.labelled(Matrix.zeros(2, 3), new int[] {0, 1}, 2));
    }
}
