package backprop;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense matrix of doubles. Every operation returns a new matrix; none changes its operands.
 *
 * <p>Conventions, as in the course texts: a vector is a column (an n×1 matrix); a mini-batch of m
 * examples is a matrix with one example per column (n×m), so the same code runs on one example
 * or on a whole mini-batch. {@code w.get(j, k)} is w<sub>jk</sub>: row j, column k, counted from 0.
 *
 * <p>The entries live in one Java array, so rows × cols is at most 2 147 483 639; a larger
 * shape is refused where it is asked for, naming its rows and columns. Every way to make a
 * matrix from numbers (of, vector, row, scalar, gaussian, fill, with) refuses NaN and ±∞, naming
 * the entry; arithmetic can still overflow, and training reports that ({@link TrainingDiverged}).
 * Only {@link #computed} takes its entries as they are.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    /** Row-major: entry (i, j) is at {@code data[i * cols + j]}. Never shared with the outside. */
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    // ---- making matrices ---------------------------------------------------------------------

    private static final String TYPED_IN = "matrices typed in must hold finite numbers";

    /** A matrix from its rows: {@code Matrix.of(new double[][] {{1, 2}, {3, 4}})}. */
    public static Matrix of(double[][] rows) {
        Require.noNulls(rows, "rows");
        if (rows.length == 0 || rows[0].length == 0) {
            throw new IllegalArgumentException("a matrix needs at least one row and one column");
        }
        int cols = rows[0].length;
        double[] data = new double[Require.entries(rows.length, cols, "a matrix")];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has "
                        + TextTable.count(rows[i].length, "entry", "entries") + " but row 0 has "
                        + cols + ": every row needs the same length");
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return Require.finite(new Matrix(rows.length, cols, data), null, TYPED_IN);
    }

    /** A column vector: {@code Matrix.vector(0, 1)} is the 2×1 matrix (0, 1)ᵀ. */
    public static Matrix vector(double... values) {
        if (Require.nonNull(values, "values").length == 0) {
            throw new IllegalArgumentException("a column vector needs at least one entry");
        }
        return Require.finite(new Matrix(values.length, 1, values.clone()), null, TYPED_IN);
    }

    /** A row vector, 1×n: handy for the weights into a single neuron. */
    public static Matrix row(double... values) {
        if (Require.nonNull(values, "values").length == 0) {
            throw new IllegalArgumentException("a row vector needs at least one entry");
        }
        return Require.finite(new Matrix(1, values.length, values.clone()), null, TYPED_IN);
    }

    /** A 1×1 matrix holding one number, for the one-neuron-per-layer examples. */
    public static Matrix scalar(double value) {
        return vector(value);
    }

    /** A rows×cols matrix of zeros; rows and cols must be positive. */
    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[Require.entries(rows, cols, "a matrix")]);
    }

    /** Entries drawn from N(0, std²): std is a standard deviation, a finite number ≥ 0. */
    public static Matrix gaussian(int rows, int cols, double std, Random random) {
        Require.nonNegative(std, "the standard deviation std");
        Require.nonNull(random, "random");
        double[] data = new double[Require.entries(rows, cols, "a matrix")];
        for (int i = 0; i < data.length; i++) {
            data[i] = std * random.nextGaussian();
        }
        return new Matrix(rows, cols, data);
    }

    /** Entry (i, j) = f(i, j), which must be a finite number. */
    public static Matrix fill(int rows, int cols, IndexFunction f) {
        return Require.finite(computed(rows, cols, f), null, "f must give finite numbers");
    }

    /**
     * Entry (i, j) = f(i, j), taken as it is, NaN and ±∞ included: for results of arithmetic,
     * which can overflow, such as the weights a second implementation of training computes.
     * To type numbers in, use {@link #fill}, which refuses them.
     */
    public static Matrix computed(int rows, int cols, IndexFunction f) {
        Require.nonNull(f, "f");
        double[] data = new double[Require.entries(rows, cols, "a matrix")];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = f.at(i, j);
            }
        }
        return new Matrix(rows, cols, data);
    }

    /** The value of an entry from its row and column. */
    @FunctionalInterface
    public interface IndexFunction {
        /** The entry at (row, col), both counted from 0. */
        double at(int row, int col);
    }

    // ---- reading -----------------------------------------------------------------------------

    /** The number of rows: for a layer's w^l, the neurons of layer l. */
    public int rows() {
        return rows;
    }

    /** The number of columns: for a mini-batch, its examples. */
    public int cols() {
        return cols;
    }

    /** "rows×cols", as error messages and tables show shapes. */
    public String shape() {
        return rows + "×" + cols;
    }

    /** Entry (i, j), counted from 0: w.get(j, k) is w_jk. Outside the matrix it fails, naming the shape. */
    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") is outside a "
                    + shape() + " matrix");
        }
        return data[i * cols + j];
    }

    /** Entry i of a vector (a matrix with one column or one row). */
    public double get(int i) {
        if (cols == 1) {
            return get(i, 0);
        }
        if (rows == 1) {
            return get(0, i);
        }
        throw new IllegalStateException("get(i) reads a vector, but this matrix is " + shape()
                + ": use get(row, col)");
    }

    /** The entries as rows: a copy, so changing it changes nothing here. */
    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * cols, out[i], 0, cols);
        }
        return out;
    }

    /** All entries, row by row: a copy. */
    public double[] toFlatArray() {
        return data.clone();
    }

    /** Column j as an n×1 vector: in a mini-batch, example j. */
    public Matrix column(int j) {
        return columns(new int[] {j});
    }

    /** The given columns, in the given order: a mini-batch picked out of a data set. */
    public Matrix columns(int[] picks) {
        if (Require.nonNull(picks, "picks").length == 0) {
            throw new IllegalArgumentException("pick at least one column");
        }
        int m = picks.length;
        double[] out = new double[Require.entries(rows, m, "a matrix")];
        for (int c = 0; c < m; c++) {
            int j = picks[c];
            if (j < 0 || j >= cols) {
                throw new IndexOutOfBoundsException("column " + j + " is outside a " + shape()
                        + " matrix");
            }
            for (int i = 0; i < rows; i++) {
                out[i * m + c] = data[i * cols + j];
            }
        }
        return new Matrix(rows, m, out);
    }

    // ---- arithmetic --------------------------------------------------------------------------

    /** The matrix product this · other, as in z = w a. */
    public Matrix times(Matrix other) {
        if (cols != Require.nonNull(other, "other").rows) {
            throw new IllegalArgumentException("cannot multiply " + shape() + " by "
                    + other.shape() + ": the left has " + TextTable.count(cols, "column")
                    + ", the right " + TextTable.count(other.rows, "row"));
        }
        int n = other.cols;
        double[] out = new double[Require.entries(rows, n, "a matrix")];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0; // entry (i, j): row i of this times column j of other
                for (int k = 0; k < cols; k++) {
                    sum += data[i * cols + k] * other.data[k * n + j];
                }
                out[i * n + j] = sum;
            }
        }
        return new Matrix(rows, n, out);
    }

    /** Every entry times a number, which must be finite. */
    public Matrix times(double factor) {
        Require.finite(factor, "the factor");
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] * factor;
        }
        return new Matrix(rows, cols, out);
    }

    /** The transpose: (wᵀ)<sub>kj</sub> = w<sub>jk</sub>. */
    public Matrix transpose() {
        double[] out = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = data[i * cols + j];
            }
        }
        return new Matrix(cols, rows, out);
    }

    // plus, minus and hadamard spell their loops out rather than going through zip: a loop with
    // the operation written in it runs several times faster than one that calls a function.

    /** The entry-by-entry sum this + other; the shapes must be equal. */
    public Matrix plus(Matrix other) {
        checkSameShape(other, "add");
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] + other.data[i];
        }
        return new Matrix(rows, cols, out);
    }

    /** The entry-by-entry difference this − other, as in a − y; the shapes must be equal. */
    public Matrix minus(Matrix other) {
        checkSameShape(other, "subtract");
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] - other.data[i];
        }
        return new Matrix(rows, cols, out);
    }

    /** The Hadamard (element-wise) product s ⊙ t. */
    public Matrix hadamard(Matrix other) {
        checkSameShape(other, "take the Hadamard product of");
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] * other.data[i];
        }
        return new Matrix(rows, cols, out);
    }

    /** Adds a column vector to every column: z = w a + b for a whole mini-batch at once. */
    public Matrix plusColumn(Matrix column) {
        if (Require.nonNull(column, "column").cols != 1 || column.rows != rows) {
            throw new IllegalArgumentException("cannot add a " + column.shape()
                    + " matrix to every column of a " + shape() + " matrix: it must be "
                    + rows + "×1");
        }
        double[] out = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = data[i * cols + j] + column.data[i];
            }
        }
        return new Matrix(rows, cols, out);
    }

    /** The mean of each row, as a column vector: a mini-batch's average, example by example. */
    public Matrix rowMeans() {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += data[i * cols + j];
            }
            out[i] = sum / cols;
        }
        return new Matrix(rows, 1, out);
    }

    /** The sum of each column, as a row vector. */
    public Matrix columnSums() {
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j] += data[i * cols + j];
            }
        }
        return new Matrix(1, cols, out);
    }

    /** f applied to every entry. */
    public Matrix map(DoubleUnaryOperator f) {
        Require.nonNull(f, "f");
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = f.applyAsDouble(data[i]);
        }
        return new Matrix(rows, cols, out);
    }

    /** f applied entry by entry to this and another matrix of the same shape. */
    public Matrix zip(Matrix other, DoubleBinaryOperator f) {
        checkSameShape(other, "combine");
        Require.nonNull(f, "f");
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = f.applyAsDouble(data[i], other.data[i]);
        }
        return new Matrix(rows, cols, out);
    }

    /** A copy with entry (i, j) replaced by a finite number: how a gradient check nudges one weight. */
    public Matrix with(int i, int j, double value) {
        get(i, j); // bounds check with a clear message
        Require.finite(value, "the value for entry (" + i + ", " + j + ")");
        double[] out = data.clone();
        out[i * cols + j] = value;
        return new Matrix(rows, cols, out);
    }

    /** The sum of all entries. */
    public double sum() {
        double sum = 0;
        for (double x : data) {
            sum += x;
        }
        return sum;
    }

    /** The Euclidean (Frobenius) norm: the square root of the sum of squared entries. */
    public double norm() {
        double squares = 0;
        for (double x : data) {
            squares += x * x;
        }
        return Math.sqrt(squares);
    }

    /** The largest absolute entry. */
    public double maxAbs() {
        double max = 0;
        for (double x : data) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** True when no entry is NaN or infinite. */
    public boolean isFinite() {
        for (double x : data) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    // ---- equality and printing ---------------------------------------------------------------

    /** True for a matrix of the same shape with exactly the same entries (no tolerance). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols
                && Arrays.equals(m.data, data);
    }

    /** A hash of the shape and the entries, consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    /** Rows on their own lines, each column right-aligned: readable in a notebook or a test failure. */
    @Override
    public String toString() {
        return TextTable.matrix(toArray());
    }

    private void checkSameShape(Matrix other, String verb) {
        if (rows != Require.nonNull(other, "other").rows || cols != other.cols) {
            throw new IllegalArgumentException("cannot " + verb + " a " + shape() + " and a "
                    + other.shape() + " matrix: the shapes must be equal");
        }
    }
}
