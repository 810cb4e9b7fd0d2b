package backprop.data;

/**
 * One line of a comma-separated data file, split into its values. It remembers which file and
 * which line it came from, so that every problem is reported as
 * {@code "digits.csv.gz line 17, value 65 (the label): 12 is outside 0..9"}.
 *
 * <p>Lines and values are counted from 1, as a text editor counts them.
 */
final class CsvLine {

    private final String file;
    private final int number;
    private final String[] values;

    CsvLine(String file, int number, String text) {
        this.file = file;
        this.number = number;
        this.values = text.split(",", -1); // -1 keeps empty values at the end: "1,2," has 3
    }

    /** The line number, 1 for the first line of the file. */
    int number() {
        return number;
    }

    int size() {
        return values.length;
    }

    /** Value k (from 0) as written, without surrounding spaces. */
    String text(int k) {
        return values[k].strip();
    }

    /** Fails unless the line holds exactly n values; {@code what} says what they should be. */
    void expectValues(int n, String what) {
        if (values.length != n) {
            throw problem("expected " + n + " values (" + what + "), found " + values.length);
        }
    }

    /** Value k (from 0) as a finite number: never NaN or infinite. */
    double number(int k, String what) {
        String text = text(k);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw problem(k, what, quoted(text) + " is not a number");
        }
        if (!Double.isFinite(value)) {
            throw problem(k, what, quoted(text) + " is not a finite number");
        }
        return value;
    }

    /** Value k (from 0) as a whole number from min to max. */
    int wholeNumber(int k, int min, int max, String what) {
        String text = text(k);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw problem(k, what, quoted(text) + " is not a whole number");
        }
        if (value < min || value > max) {
            throw problem(k, what, value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** Value k (from 0) as a count: a whole number of at least 1. */
    int count(int k, String what) {
        int value = wholeNumber(k, Integer.MIN_VALUE, Integer.MAX_VALUE, what);
        if (value < 1) {
            throw problem(k, what, value + " is not a count of at least 1");
        }
        return value;
    }

    /** An error about the whole line: "file line n: message". */
    IllegalArgumentException problem(String message) {
        return new IllegalArgumentException(file + " line " + number + ": " + message);
    }

    /** An error about value k (from 0): "file line n, value k+1 (what): message". */
    IllegalArgumentException problem(int k, String what, String message) {
        return new IllegalArgumentException(file + " line " + number + ", value " + (k + 1)
                + " (" + what + "): " + message);
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
