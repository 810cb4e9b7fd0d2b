package backprop.data;

import backprop.DataSet;
import backprop.Matrix;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The 8×8 handwritten digits: 1797 rows of 64 pixel values 0..16 (the image row by row, top
 * left first), then the digit 0..9. See ATTRIBUTION.md next to the data for where they come from.
 *
 * <p>The file is checked line by line here, so that a broken file is reported with its line,
 * and then handed to Tablesaw as typed columns {@code pixel0} … {@code pixel63} and
 * {@code label}. (Tablesaw's own CSV reader would skip blank lines and read "NaN" as a missing
 * value, so its row numbers could not point at the broken line.)
 */
record Digits(Table table) {

    static final String FILE = "digits.csv.gz";
    static final int PIXELS = 64;
    static final int MAX_PIXEL = 16;
    static final int CLASSES = 10;

    /** Reads and checks the digits file; {@code file} names it in error messages. */
    static Digits read(String file, InputStream in) {
        List<CsvLine> lines = DataFile.readCsv(file, in);
        int n = lines.size();
        int[][] pixels = new int[PIXELS][n];
        int[] labels = new int[n];
        for (int row = 0; row < n; row++) {
            CsvLine line = lines.get(row);
            line.expectValues(PIXELS + 1, PIXELS + " pixels, then the label");
            for (int p = 0; p < PIXELS; p++) {
                pixels[p][row] = line.wholeNumber(p, 0, MAX_PIXEL, "pixel" + p); // as the column is named
            }
            labels[row] = line.wholeNumber(PIXELS, 0, CLASSES - 1, "the label");
        }
        List<Column<?>> columns = new ArrayList<>();
        for (int p = 0; p < PIXELS; p++) {
            columns.add(IntColumn.create("pixel" + p, pixels[p]));
        }
        columns.add(IntColumn.create("label", labels));
        return new Digits(Table.create("digits", columns));
    }

    /**
     * For training: x<sub>p</sub> = pixel p / 16, so every input is in 0..1, and the label as a
     * one-hot target of 10 entries. Example e is row e of the table.
     */
    DataSet dataSet() {
        int n = table.rowCount();
        int[][] pixels = new int[PIXELS][];
        for (int p = 0; p < PIXELS; p++) {
            pixels[p] = table.intColumn("pixel" + p).asIntArray();
        }
        Matrix x = Matrix.fill(PIXELS, n, (p, e) -> pixels[p][e] / (double) MAX_PIXEL);
        return DataSet.labelled(x, table.intColumn("label").asIntArray(), CLASSES);
    }
}
