package backprop.data;

import backprop.DataSet;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The digits and iris files inside the jar, checked against a plain reading of the same files. */
class ShippedDataTest {

    @Test
    void digitsHave1797ExamplesOf64InputsAnd10Classes() {
        DataSet digits = DataSets.digits();
        assertEquals(1797, digits.size());
        assertEquals(64, digits.inputSize());
        assertEquals(10, digits.outputSize());
    }

    @Test
    void digitsHaveTheLabelCountsOfTheFile() {
        int[] expected = new int[10];
        for (String[] row : RawFile.rows("digits.csv.gz")) {
            expected[Integer.parseInt(row[64])]++;
        }
        int[] counted = new int[10];
        for (int label : DataSets.digits().labels()) {
            counted[label]++;
        }
        assertArrayEquals(expected, counted);
        assertEquals(1797, java.util.Arrays.stream(expected).sum());
        for (int count : expected) {
            assertTrue(count >= 170 && count <= 190, "about 180 images of each digit, got " + count);
        }
    }

    @Test
    void digitInputsAreThePixelsOfTheFileDividedBy16AndTheTargetsOneHot() {
        List<String[]> rows = RawFile.rows("digits.csv.gz");
        DataSet digits = DataSets.digits();
        for (int e = 0; e < rows.size(); e++) {
            for (int p = 0; p < 64; p++) {
                double pixel = Integer.parseInt(rows.get(e)[p]);
                assertEquals(pixel / 16, digits.x().get(p, e), "pixel " + p + " of example " + e);
            }
            int label = Integer.parseInt(rows.get(e)[64]);
            for (int c = 0; c < 10; c++) {
                assertEquals(c == label ? 1.0 : 0.0, digits.y().get(c, e));
            }
        }
        assertEquals(0.0, min(digits.x().toFlatArray()));
        assertEquals(1.0, max(digits.x().toFlatArray()));
    }

    @Test
    void theDigitsTableHoldsTheFileAsItIs() {
        List<String[]> rows = RawFile.rows("digits.csv.gz");
        Table table = DataSets.digitsTable();
        assertEquals(1797, table.rowCount());
        assertEquals(65, table.columnCount());
        assertEquals("pixel0", table.column(0).name());
        assertEquals("pixel63", table.column(63).name());
        assertEquals("label", table.column(64).name());
        for (int e : new int[] {0, 1, 900, 1796}) {
            for (int c = 0; c < 65; c++) {
                assertEquals(Integer.parseInt(rows.get(e)[c]), table.intColumn(c).getInt(e));
            }
        }
    }

    @Test
    void irisHas150FlowersOf4MeasurementsIn3NamedClasses() {
        List<String[]> rows = RawFile.rows("iris.csv");
        String[] header = rows.get(0);
        DataSet iris = DataSets.iris();
        assertEquals(150, iris.size());
        assertEquals(4, iris.inputSize());
        assertEquals(3, iris.outputSize());
        assertEquals(List.of(header[2], header[3], header[4]), DataSets.irisClassNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), DataSets.irisClassNames());
        int[] expected = new int[3];
        for (String[] row : rows.subList(1, rows.size())) {
            expected[Integer.parseInt(row[4])]++;
        }
        int[] counted = new int[3];
        for (int label : iris.labels()) {
            counted[label]++;
        }
        assertArrayEquals(expected, counted);
        assertArrayEquals(new int[] {50, 50, 50}, counted);
    }

    /** Mean 0 and standard deviation 1, and an increasing straight-line function of the file's values. */
    @Test
    void irisInputsAreTheMeasurementsStandardised() {
        List<String[]> rows = RawFile.rows("iris.csv").subList(1, 151);
        DataSet iris = DataSets.iris();
        for (int f = 0; f < 4; f++) {
            double[] raw = new double[150];
            double[] x = new double[150];
            for (int e = 0; e < 150; e++) {
                raw[e] = Double.parseDouble(rows.get(e)[f]);
                x[e] = iris.x().get(f, e);
            }
            double mean = java.util.Arrays.stream(x).sum() / 150;
            double variance = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / 150;
            assertEquals(0, mean, 1e-12, "mean of feature " + f);
            assertEquals(1, variance, 1e-12, "variance of feature " + f);
            double slope = (max(x) - min(x)) / (max(raw) - min(raw));
            assertTrue(slope > 0);
            for (int e = 0; e < 150; e++) {
                assertEquals(min(x) + slope * (raw[e] - min(raw)), x[e], 1e-12, "feature " + f + " of flower " + e);
            }
        }
    }

    @Test
    void theIrisTableHoldsTheMeasurementsInCentimetresAndTheSpeciesByName() {
        List<String[]> rows = RawFile.rows("iris.csv").subList(1, 151);
        Table table = DataSets.irisTable();
        assertEquals(List.of("sepal length", "sepal width", "petal length", "petal width", "class", "species"),
                table.columnNames());
        assertEquals(150, table.rowCount());
        List<String> names = DataSets.irisClassNames();
        for (int e = 0; e < 150; e++) {
            for (int f = 0; f < 4; f++) {
                assertEquals(Double.parseDouble(rows.get(e)[f]), table.doubleColumn(f).getDouble(e));
            }
            int c = Integer.parseInt(rows.get(e)[4]);
            assertEquals(c, table.intColumn("class").getInt(e));
            assertEquals(names.get(c), table.stringColumn("species").get(e));
        }
    }

    @Test
    void theAttributionShipsNextToTheData() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/backprop/data/ATTRIBUTION.md")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String must : List.of("digits.csv.gz", "iris.csv", "Alpaydin", "Kaynak", "Fisher",
                    "UCI Machine Learning Repository", "CC BY 4.0")) {
                assertTrue(text.contains(must), "the attribution mentions " + must);
            }
        }
    }

    @Test
    void eachCallGivesAFreshTableSoChangingOneChangesNoOther() {
        Table first = DataSets.irisTable();
        first.dropRows(0, 1, 2);
        assertEquals(150, DataSets.irisTable().rowCount());
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }
}
