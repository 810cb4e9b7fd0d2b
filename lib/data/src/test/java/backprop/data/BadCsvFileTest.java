package backprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A broken digits or iris file is reported with the file, the line and the value at fault. */
class BadCsvFileTest {

    /** A well-formed digits row: 64 pixels, then the label. */
    static String digitsRow(int label) {
        int[] pixels = new int[64];
        Arrays.setAll(pixels, p -> p % 17);
        return String.join(",", Arrays.stream(pixels).mapToObj(String::valueOf).toList()) + "," + label;
    }

    static final String GOOD = digitsRow(3);

    @Test
    void aWellFormedDigitsFileIsRead() {
        Digits digits = Digits.read("good.csv", text(GOOD + "\n" + digitsRow(7) + "\r\n"));
        assertEquals(2, digits.table().rowCount());
        assertEquals(7, digits.table().intColumn("label").getInt(1));
    }

    @Test
    void aDigitsRowWithTooFewOrTooManyValues() {
        String short64 = GOOD.substring(0, GOOD.lastIndexOf(','));
        digitsFail("bad.csv line 2: expected 65 values (64 pixels, then the label), found 64",
                GOOD + "\n" + short64 + "\n");
        digitsFail("bad.csv line 1: expected 65 values (64 pixels, then the label), found 66",
                GOOD + ",1\n");
        digitsFail("bad.csv line 1: expected 65 values (64 pixels, then the label), found 1",
                "hello\n");
    }

    @Test
    void aDigitsValueThatIsNotANumber() {
        digitsFail("bad.csv line 1, value 3 (pixel2): \"x\" is not a whole number",
                GOOD.replaceFirst("^0,1,2,", "0,1,x,"));
        digitsFail("bad.csv line 1, value 1 (pixel0): \"NaN\" is not a whole number",
                GOOD.replaceFirst("^0,", "NaN,"));
        digitsFail("bad.csv line 1, value 2 (pixel1): \"\" is not a whole number",
                GOOD.replaceFirst("^0,1,", "0,,"));
        digitsFail("bad.csv line 1, value 65 (the label): \"3.5\" is not a whole number",
                GOOD + ".5");
    }

    @Test
    void aDigitsPixelOrLabelOutOfRange() {
        digitsFail("bad.csv line 1, value 1 (pixel0): 17 is outside 0..16",
                GOOD.replaceFirst("^0,", "17,"));
        digitsFail("bad.csv line 1, value 2 (pixel1): -1 is outside 0..16",
                GOOD.replaceFirst("^0,1,", "0,-1,"));
        digitsFail("bad.csv line 2, value 65 (the label): 10 is outside 0..9",
                GOOD + "\n" + digitsRow(10) + "\n");
    }

    @Test
    void aBlankLineOrAnEmptyFile() {
        digitsFail("bad.csv line 2: the line is empty", GOOD + "\n\n" + GOOD + "\n");
        digitsFail("bad.csv line 2: the line is empty", GOOD + "\n   \n");
        digitsFail("bad.csv: the file is empty", "");
    }

    @Test
    void aBrokenLineDeepInsideAGzippedFileIsFoundByItsLineNumber() throws IOException {
        StringBuilder file = new StringBuilder();
        for (int line = 1; line <= 1000; line++) {
            file.append(line == 777 ? digitsRow(12) : GOOD).append('\n');
        }
        byte[] gz = gzip(file.toString());
        fails("bad.csv.gz line 777, value 65 (the label): 12 is outside 0..9",
                () -> Digits.read("bad.csv.gz", new ByteArrayInputStream(gz)));
    }

    @Test
    void aCutGzipFileIsReportedAsDamaged() throws IOException {
        byte[] gz = gzip((GOOD + "\n").repeat(200));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        fails("bad.csv.gz: the gzip data is cut short: the file ends before its compressed data does",
                () -> Digits.read("bad.csv.gz", new ByteArrayInputStream(cut)));
    }

    // ---- iris ------------------------------------------------------------------------------

    static final String IRIS_HEADER = "2,4,setosa,versicolor\n";

    @Test
    void aWellFormedIrisFileIsRead() {
        Iris iris = Iris.read("good.csv", text(IRIS_HEADER + "5.1,3.5,1.4,0.2,0\n6.4,3.2,4.5,1.5,1\n"));
        assertEquals(List.of("setosa", "versicolor"), iris.classNames());
        assertEquals("versicolor", iris.table().stringColumn("species").get(1));
        assertEquals(6.4, iris.table().doubleColumn("sepal length").getDouble(1));
    }

    @Test
    void aBrokenIrisHeader() {
        irisFail("bad.csv line 1: the header needs the number of rows, the number of features and "
                + "the class names, found 2 values", "1,4\n5.1,3.5,1.4,0.2,0\n");
        irisFail("bad.csv line 1, value 1 (the number of rows): \"many\" is not a whole number",
                "many,4,a\n5.1,3.5,1.4,0.2,0\n");
        irisFail("bad.csv line 1, value 1 (the number of rows): 0 is not a count of at least 1",
                "0,4,a\n");
        irisFail("bad.csv line 1, value 2 (the number of features): -4 is not a count of at least 1",
                "1,-4,a\n5.1,3.5,1.4,0.2,0\n");
        irisFail("bad.csv line 1, value 2 (the number of features): an iris has 4 measurements "
                + "[sepal length, sepal width, petal length, petal width], not 3", "1,3,a\n5.1,3.5,1.4,0\n");
        irisFail("bad.csv line 1, value 4 (a class name): the name is empty", "1,4,a,,c\n5.1,3.5,1.4,0.2,0\n");
    }

    @Test
    void anIrisFileWithMoreOrFewerRowsThanItsHeaderAnnounces() {
        irisFail("bad.csv: the header (line 1) announces 2 rows, but the file has 1",
                IRIS_HEADER + "5.1,3.5,1.4,0.2,0\n");
        irisFail("bad.csv: the header (line 1) announces 2 rows, but the file has 3",
                IRIS_HEADER + "5.1,3.5,1.4,0.2,0\n5.1,3.5,1.4,0.2,0\n5.1,3.5,1.4,0.2,0\n");
    }

    @Test
    void anIrisRowWithTheWrongNumberOfValues() {
        irisFail("bad.csv line 3: expected 5 values (4 measurements, then the class index), found 4",
                IRIS_HEADER + "5.1,3.5,1.4,0.2,0\n5.1,3.5,1.4,0\n");
        irisFail("bad.csv line 2: expected 5 values (4 measurements, then the class index), found 6",
                IRIS_HEADER + "5.1,3.5,1.4,0.2,0,\n5.1,3.5,1.4,0.2,0\n");
    }

    @Test
    void anIrisMeasurementThatIsNotAFiniteNumber() {
        irisFail("bad.csv line 3, value 2 (sepal width): \"wide\" is not a number",
                IRIS_HEADER + "5.1,3.5,1.4,0.2,0\n5.1,wide,1.4,0.2,0\n");
        irisFail("bad.csv line 2, value 4 (petal width): \"NaN\" is not a finite number",
                IRIS_HEADER + "5.1,3.5,1.4,NaN,0\n5.1,3.5,1.4,0.2,0\n");
        irisFail("bad.csv line 2, value 3 (petal length): \"Infinity\" is not a finite number",
                IRIS_HEADER + "5.1,3.5,Infinity,0.2,0\n5.1,3.5,1.4,0.2,0\n");
        irisFail("bad.csv line 2, value 1 (sepal length): \"\" is not a number",
                IRIS_HEADER + ",3.5,1.4,0.2,0\n5.1,3.5,1.4,0.2,0\n");
    }

    @Test
    void anIrisClassIndexOutOfRange() {
        irisFail("bad.csv line 3, value 5 (the class index): 2 is outside 0..1",
                IRIS_HEADER + "5.1,3.5,1.4,0.2,0\n5.1,3.5,1.4,0.2,2\n");
        irisFail("bad.csv line 2, value 5 (the class index): \"setosa\" is not a whole number",
                IRIS_HEADER + "5.1,3.5,1.4,0.2,setosa\n5.1,3.5,1.4,0.2,0\n");
    }

    // ---- helpers ---------------------------------------------------------------------------

    static void digitsFail(String message, String file) {
        fails(message, () -> Digits.read("bad.csv", text(file)));
    }

    static void irisFail(String message, String file) {
        fails(message, () -> Iris.read("bad.csv", text(file)));
    }

    static void fails(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
