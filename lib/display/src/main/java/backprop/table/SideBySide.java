package backprop.table;

import backprop.Matrix;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Matrices of the same shape computed in different ways, entry by entry in one table: a
 * derivation checked against the library, say δ² by the index formula, by matrices and by
 * {@code backprop}.
 *
 * <pre>{@code
 * SideBySide d = SideBySide.of("index form", byIndex).and("matrix form", byMatrix)
 *         .and("backprop", g.delta(2));
 * show(d.table("δ²"));          // columns j (and k), index form, matrix form, backprop
 * d.largestDifference();        // the largest gap between any two of them, entry by entry
 * }</pre>
 *
 * Rows are the entries (j, k) of the matrices, row by row; the column k is left out when the
 * matrices are column vectors.
 */
public final class SideBySide {

    private final List<String> names;
    private final List<Matrix> matrices;

    private SideBySide(List<String> names, List<Matrix> matrices) {
        this.names = names;
        this.matrices = matrices;
    }

    /** Starts a comparison with one named matrix. */
    public static SideBySide of(String name, Matrix m) {
        return new SideBySide(List.of(name), List.of(m));
    }

    /** A new comparison with one more matrix, of the same shape, under a new name. */
    public SideBySide and(String name, Matrix m) {
        Matrix first = matrices.get(0);
        if (m.rows() != first.rows() || m.cols() != first.cols()) {
            throw new IllegalArgumentException("\"" + name + "\" is " + m.shape() + " but \""
                    + names.get(0) + "\" is " + first.shape() + ": compare matrices of one shape");
        }
        if (names.contains(name) || name.equals("j") || name.equals("k")) {
            throw new IllegalArgumentException("the name \"" + name + "\" is taken: give each "
                    + "matrix its own name (j and k name the entries)");
        }
        List<String> moreNames = new ArrayList<>(names);
        moreNames.add(name);
        List<Matrix> more = new ArrayList<>(matrices);
        more.add(m);
        return new SideBySide(List.copyOf(moreNames), List.copyOf(more));
    }

    /** The largest |x − y| over every entry and every two matrices; 0 for one matrix. */
    public double largestDifference() {
        Matrix first = matrices.get(0);
        double largest = 0;
        for (int j = 0; j < first.rows(); j++) {
            for (int k = 0; k < first.cols(); k++) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (Matrix m : matrices) {
                    min = Math.min(min, m.get(j, k));
                    max = Math.max(max, m.get(j, k));
                }
                largest = Math.max(largest, max - min);
            }
        }
        return largest;
    }

    /** The table, named after the matrices it compares. */
    public Table table() {
        return table(String.join(" · ", names));
    }

    /** One row per entry: j, k (unless the matrices are columns), then each matrix's value. */
    public Table table(String title) {
        Matrix first = matrices.get(0);
        boolean columns = first.cols() == 1;
        IntColumn j = IntColumn.create("j");
        IntColumn k = IntColumn.create("k");
        List<DoubleColumn> values = new ArrayList<>();
        for (String name : names) {
            values.add(DoubleColumn.create(name));
        }
        for (int row = 0; row < first.rows(); row++) {
            for (int col = 0; col < first.cols(); col++) {
                j.append(row);
                k.append(col);
                for (int i = 0; i < matrices.size(); i++) {
                    values.get(i).append(matrices.get(i).get(row, col));
                }
            }
        }
        Table table = Table.create(title);
        table.addColumns(j);
        if (!columns) {
            table.addColumns(k);
        }
        values.forEach(table::addColumns);
        return table;
    }

    /** The {@link #table()} as plain text, one row per entry. */
    @Override
    public String toString() {
        return table().print();
    }
}
