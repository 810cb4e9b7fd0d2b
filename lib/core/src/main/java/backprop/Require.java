package backprop;

/**
 * The rules the library's public methods hold their arguments to, written once, so that every
 * message has the same form: the argument, the rule, and what was given instead
 * ("the learning rate η (eta) must be a positive finite number at most 1000, got 1.0E300").
 */
final class Require {

    /** The most entries one Java array may hold (the JVM keeps a few of Integer.MAX_VALUE back). */
    static final int MAX_ENTRIES = Integer.MAX_VALUE - 8;

    private Require() {
    }

    static <T> T nonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** The array, and each of its elements, named as name[i]. */
    static <T> T[] noNulls(T[] values, String name) {
        nonNull(values, name);
        for (int i = 0; i < values.length; i++) {
            nonNull(values[i], name + "[" + i + "]");
        }
        return values;
    }

    /** Not NaN, not ±∞. */
    static double finite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
        return value;
    }

    /**
     * The matrix, if every entry is finite; otherwise fails naming the first that is not:
     * "entry (i, j) of {@code what} is NaN: {@code rule}" (without "of …" when what is null).
     */
    static Matrix finite(Matrix m, String what, String rule) {
        if (m.isFinite()) {
            return m;
        }
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                if (!Double.isFinite(m.get(i, j))) {
                    throw new IllegalArgumentException("entry (" + i + ", " + j + ")"
                            + (what == null ? "" : " of " + what) + " is " + m.get(i, j) + ": " + rule);
                }
            }
        }
        return m;
    }

    /** 0 &lt; value ≤ max. */
    static double positive(double value, String name, double max) {
        if (!(value > 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be a positive finite number at most "
                    + TextTable.format(max) + ", got " + value);
        }
        return value;
    }

    /** 0 ≤ value &lt; ∞. */
    static double nonNegative(double value, String name) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be a finite number ≥ 0, got " + value);
        }
        return value;
    }

    /**
     * rows × cols, the entries of a matrix of that shape, when both are positive and the product
     * fits in one array; {@code what} begins the message ("a matrix", "layer 1's weights w^1").
     */
    static int entries(int rows, int cols, String what) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(what + " needs positive rows and columns, got "
                    + rows + "×" + cols);
        }
        long entries = (long) rows * cols;
        if (entries > MAX_ENTRIES) {
            throw new IllegalArgumentException(what + " would need rows × cols = " + rows + " × "
                    + cols + " = " + entries + " entries, more than one Java array holds ("
                    + MAX_ENTRIES + ")");
        }
        return (int) entries;
    }
}
