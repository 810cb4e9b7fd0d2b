package backprop.data;

import backprop.DataSet;
import backprop.Matrix;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fisher's iris flowers. The file's first line is {@code 150,4,setosa,versicolor,virginica}
 * (rows, measurements per flower, class names); each further line holds sepal length, sepal
 * width, petal length and petal width in cm, then the class index. See ATTRIBUTION.md next to
 * the data for where they come from.
 *
 * <p>As for the digits, the file is checked line by line here and handed to Tablesaw as typed
 * columns: the four measurements, {@code class} (the index) and {@code species} (its name).
 */
record Iris(Table table, List<String> classNames) {

    static final String FILE = "iris.csv";
    static final List<String> MEASUREMENTS =
            List.of("sepal length", "sepal width", "petal length", "petal width");
    static final int FEATURES = MEASUREMENTS.size();

    /** Reads and checks the iris file; {@code file} names it in error messages. */
    static Iris read(String file, InputStream in) {
        List<CsvLine> lines = DataFile.readCsv(file, in);
        CsvLine header = lines.get(0);
        if (header.size() < 3) {
            throw header.problem("the header needs the number of rows, the number of features "
                    + "and the class names, found " + header.size() + " values");
        }
        int rows = header.count(0, "the number of rows");
        int features = header.count(1, "the number of features");
        if (features != FEATURES) {
            throw header.problem(1, "the number of features", "an iris has " + FEATURES
                    + " measurements " + MEASUREMENTS + ", not " + features);
        }
        List<String> classNames = new ArrayList<>();
        for (int k = 2; k < header.size(); k++) {
            if (header.text(k).isEmpty()) {
                throw header.problem(k, "a class name", "the name is empty");
            }
            classNames.add(header.text(k));
        }
        if (lines.size() - 1 != rows) {
            throw new IllegalArgumentException(file + ": the header (line 1) announces " + rows
                    + " rows, but the file has " + (lines.size() - 1));
        }

        double[][] measured = new double[FEATURES][rows];
        int[] classes = new int[rows];
        String[] species = new String[rows];
        for (int row = 0; row < rows; row++) {
            CsvLine line = lines.get(row + 1);
            line.expectValues(FEATURES + 1, FEATURES + " measurements, then the class index");
            for (int f = 0; f < FEATURES; f++) {
                measured[f][row] = line.number(f, MEASUREMENTS.get(f));
            }
            classes[row] = line.wholeNumber(FEATURES, 0, classNames.size() - 1, "the class index");
            species[row] = classNames.get(classes[row]);
        }
        Table table = Table.create("iris");
        for (int f = 0; f < FEATURES; f++) {
            table.addColumns(DoubleColumn.create(MEASUREMENTS.get(f), measured[f]));
        }
        table.addColumns(IntColumn.create("class", classes), StringColumn.create("species", species));
        return new Iris(table, List.copyOf(classNames));
    }

    /**
     * For training: each measurement standardised over all the flowers, x = (v − μ) / σ, so
     * every input has mean 0 and standard deviation 1 (σ taken over all n flowers, dividing by
     * n); and the class as a one-hot target. Example e is row e of the table.
     */
    DataSet dataSet() {
        int n = table.rowCount();
        double[][] standardised = new double[FEATURES][];
        for (int f = 0; f < FEATURES; f++) {
            standardised[f] = standardise(table.doubleColumn(MEASUREMENTS.get(f)).asDoubleArray());
        }
        Matrix x = Matrix.fill(FEATURES, n, (f, e) -> standardised[f][e]);
        return DataSet.labelled(x, table.intColumn("class").asIntArray(), classNames.size());
    }

    /** (v − μ) / σ for every value; a measurement that never varies (σ = 0) becomes all 0. */
    static double[] standardise(double[] values) {
        int n = values.length;
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;                       // μ = Σ v / n
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sigma = Math.sqrt(squares / n);       // σ = √(Σ (v − μ)² / n)
        if (sigma == 0) {
            sigma = 1;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (values[i] - mean) / sigma;
        }
        return out;
    }
}
