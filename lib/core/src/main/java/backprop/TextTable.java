package backprop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with aligned columns, for {@code toString()} of traces and gradients. */
public final class TextTable {

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    /** An empty table with these column headers (none may be null). */
    public TextTable(String... headers) {
        this.headers = Require.noNulls(headers, "headers").clone();
    }

    /** Adds a row; numbers are printed with up to 6 significant digits. */
    public TextTable row(Object... cells) {
        if (Require.nonNull(cells, "cells").length != headers.length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
                    + headers.length + " columns");
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = cells[i] instanceof Double d ? format(d) : String.valueOf(cells[i]);
        }
        rows.add(text);
        return this;
    }

    /** The headers and rows, each column right-aligned to its widest cell, two spaces apart. */
    @Override
    public String toString() {
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = headers[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (String[] row : rows) {
            out.append('\n');
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        for (int c = 0; c < cells.length; c++) {
            out.append(c == 0 ? "" : "  ")
                    .append(" ".repeat(widths[c] - cells[c].length()))
                    .append(cells[c]);
        }
    }

    /** A matrix's rows on their own lines, [[1, 2]\n [3, 4]], each column right-aligned. */
    public static String matrix(double[][] rows) {
        int cols = Require.noNulls(rows, "rows")[0].length;
        String[][] cells = new String[rows.length][cols];
        int[] widths = new int[cols];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols; j++) {
                cells[i][j] = format(rows[i][j]);
                widths[j] = Math.max(widths[j], cells[i][j].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.length; i++) {
            out.append(i == 0 ? "[[" : " [");
            for (int j = 0; j < cols; j++) {
                out.append(j == 0 ? "" : ", ").append(" ".repeat(widths[j] - cells[i][j].length()))
                        .append(cells[i][j]);
            }
            out.append(i == rows.length - 1 ? "]]" : "]\n");
        }
        return out.toString();
    }

    /** A number with its noun, singular or plural: "1 example", "3 examples". */
    public static String count(int n, String singular) {
        return count(n, singular, singular + "s");
    }

    /** A number with its noun, singular or plural: "1 entry", "2 entries". */
    public static String count(int n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** Up to 6 significant digits without trailing zeros: 0.24048, -5, 1.2e-07. */
    public static String format(double x) {
        if (x == 0) {
            return "0";
        }
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        double a = Math.abs(x);
        if (a >= 1e-4 && a < 1e7) {
            return trimZeros(String.format(Locale.ROOT, "%.6g", x));
        }
        String s = String.format(Locale.ROOT, "%.5e", x);
        int e = s.indexOf('e');
        return trimZeros(s.substring(0, e)) + s.substring(e);
    }

    private static String trimZeros(String s) {
        if (!s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
