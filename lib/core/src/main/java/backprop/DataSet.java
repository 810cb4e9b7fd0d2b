package backprop;

import java.util.Arrays;
import java.util.Random;

/**
 * Examples to learn from: inputs x and targets y, one example per column, so a whole data set
 * (or any mini-batch of it) goes through a network as one matrix.
 *
 * <p>An example's class ({@link #label}) is the index of its largest target, or, for a single
 * output, 1 when the target is at least 0.5 and 0 otherwise.
 *
 * <p>A data set holds finite numbers only: NaN or ±∞ in x or y is refused when it is made.
 */
public final class DataSet {

    private final Matrix x;
    private final Matrix y;

    /** Inputs x (n_in × size) and targets y (n_out × size), one example per column, all finite. */
    public DataSet(Matrix x, Matrix y) {
        Require.nonNull(x, "the inputs x");
        Require.nonNull(y, "the targets y");
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("x has " + TextTable.count(x.cols(), "example")
                    + " (columns) but y has " + y.cols() + ": each example needs an input and a target");
        }
        this.x = Require.finite(x, "the inputs x", "a data set holds finite numbers only");
        this.y = Require.finite(y, "the targets y", "a data set holds finite numbers only");
    }

    /** The examples of another data set at these indices, in this order (checked already). */
    private DataSet(DataSet from, int[] indices) {
        this.x = from.x.columns(indices);
        this.y = from.y.columns(indices);
    }

    /**
     * A data set typed example by example: {@code inputs[i]} and {@code targets[i]} are the
     * input and the target of example i.
     */
    public static DataSet of(double[][] inputs, double[][] targets) {
        Require.nonNull(inputs, "inputs");
        Require.nonNull(targets, "targets");
        if (inputs.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one example");
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(inputs.length + " inputs but " + targets.length
                    + " targets: each example needs both");
        }
        return new DataSet(examples(inputs, "inputs"), examples(targets, "targets"));
    }

    /** Rows typed one per example, checked under their argument's name, as columns. */
    private static Matrix examples(double[][] rows, String name) {
        Require.noNulls(rows, name);
        String rule = ": every example needs " + name + " of one length";
        if (rows[0].length == 0) {
            throw new IllegalArgumentException(name + "[0] is empty" + rule + ", at least 1");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != rows[0].length) {
                throw new IllegalArgumentException(name + "[" + i + "] has "
                        + TextTable.count(rows[i].length, "entry", "entries") + " but " + name
                        + "[0] has " + rows[0].length + rule);
            }
            for (int j = 0; j < rows[i].length; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is " + rows[i][j]
                            + ": a data set holds finite numbers only");
                }
            }
        }
        return Matrix.of(rows).transpose();
    }

    /** Inputs with class labels 0 … classes−1, turned into one-hot targets. */
    public static DataSet labelled(Matrix x, int[] labels, int classes) {
        Require.nonNull(x, "the inputs x");
        if (Require.nonNull(labels, "labels").length != x.cols()) {
            throw new IllegalArgumentException("labels has " + TextTable.count(labels.length, "entry",
                    "entries") + " but x has " + TextTable.count(x.cols(), "example")
                    + " (columns): give one label per example");
        }
        return new DataSet(x, oneHot(labels, classes));
    }

    /**
     * One-hot encoding: column i is all zeros but a 1 in row {@code labels[i]}. The label 3 of
     * 10 classes becomes (0, 0, 0, 1, 0, 0, 0, 0, 0, 0)ᵀ.
     */
    public static Matrix oneHot(int[] labels, int classes) {
        Require.nonNull(labels, "labels");
        if (classes < 1) {
            throw new IllegalArgumentException("one-hot encoding needs at least one class, got "
                    + classes);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no labels to encode");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        return Matrix.fill(classes, labels.length, (c, i) -> labels[i] == c ? 1.0 : 0.0);
    }

    /** The number of examples: the columns of x and y. */
    public int size() {
        return x.cols();
    }

    /** n_in, the size of one input: the rows of x. */
    public int inputSize() {
        return x.rows();
    }

    /** n_out, the size of one target: the rows of y. */
    public int outputSize() {
        return y.rows();
    }

    /** All inputs, one example per column. */
    public Matrix x() {
        return x;
    }

    /** All targets, one example per column. */
    public Matrix y() {
        return y;
    }

    /** The input of example i, a column. */
    public Matrix x(int i) {
        return x.column(checkIndex(i));
    }

    /** The target of example i, a column. */
    public Matrix y(int i) {
        return y.column(checkIndex(i));
    }

    /** The class of example i (see the class comment). */
    public int label(int i) {
        return classOf(y, checkIndex(i));
    }

    /** Every example's class. */
    public int[] labels() {
        int[] labels = new int[size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classOf(y, i);
        }
        return labels;
    }

    /** The examples at the given indices, in that order. */
    public DataSet subset(int[] indices) {
        return new DataSet(this, Require.nonNull(indices, "indices"));
    }

    /** Examples from (inclusive) to to (exclusive). */
    public DataSet range(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("cannot take examples " + from + " to " + to
                    + " of " + size());
        }
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return subset(indices);
    }

    /** The same examples in a random order; the same seed gives the same order. */
    public DataSet shuffled(long seed) {
        return shuffled(new Random(seed));
    }

    /** The same examples in an order drawn from {@code random} (see {@link #shuffledOrder}). */
    public DataSet shuffled(Random random) {
        return subset(shuffledOrder(size(), Require.nonNull(random, "random")));
    }

    /**
     * A random split into training and test examples: {@code split(0.8, 1)} puts 80 % of the
     * examples (rounded) into training. The same seed gives the same split.
     */
    public Split split(double trainingFraction, long seed) {
        if (!(trainingFraction > 0 && trainingFraction < 1)) {
            throw new IllegalArgumentException("the training fraction must be between 0 and 1 "
                    + "(exclusive), got " + trainingFraction);
        }
        int[] order = shuffledOrder(size(), new Random(seed));
        int cut = (int) Math.round(trainingFraction * size());
        if (cut == 0 || cut == size()) {
            throw new IllegalArgumentException("splitting " + size() + " examples at "
                    + trainingFraction + " leaves one side empty");
        }
        return new Split(subset(Arrays.copyOfRange(order, 0, cut)),
                subset(Arrays.copyOfRange(order, cut, size())));
    }

    /**
     * A data set split in two.
     *
     * @param training the examples to train on
     * @param test     the held-out examples, to measure how well the network generalizes
     */
    public record Split(DataSet training, DataSet test) {
    }

    /** The sizes, as "150 examples, 4 inputs → 3 outputs". */
    @Override
    public String toString() {
        return TextTable.count(size(), "example") + ", " + TextTable.count(inputSize(), "input")
                + " → " + TextTable.count(outputSize(), "output");
    }

    /**
     * The class an output or a target stands for: the index of its largest entry (the first,
     * if several tie), or, for a single entry, 1 when it is at least 0.5 and 0 otherwise.
     */
    public static int classOf(double[] values) {
        if (Require.nonNull(values, "values").length == 1) {
            return values[0] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The class of column e of a matrix of outputs or targets (see {@link #classOf(double[])}). */
    public static int classOf(Matrix outputs, int e) {
        return classOf(Require.nonNull(outputs, "outputs").column(e).toFlatArray());
    }

    /** How many columns of the outputs stand for the class of the same column of the targets. */
    public static int countCorrect(Matrix outputs, Matrix targets) {
        Require.nonNull(outputs, "outputs");
        Require.nonNull(targets, "targets");
        int correct = 0;
        for (int e = 0; e < outputs.cols(); e++) {
            if (classOf(outputs, e) == classOf(targets, e)) {
                correct++;
            }
        }
        return correct;
    }

    /** 0 … n−1 in a random order (Fisher–Yates, drawing from {@code random}). */
    public static int[] shuffledOrder(int n, Random random) {
        Require.nonNull(random, "random");
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("example " + i + " does not exist: this data set "
                    + "has examples 0 to " + (size() - 1));
        }
        return i;
    }
}
