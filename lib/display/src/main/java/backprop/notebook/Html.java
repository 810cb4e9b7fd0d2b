package backprop.notebook;

import backprop.TextTable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.List;

/**
 * HTML for notebook outputs. Every piece of text that goes into the HTML is escaped first, so a
 * value such as {@code <b>} or {@code a & b} shows as itself and never as markup.
 */
public final class Html {

    /** Tables longer than this show their first and last rows only. */
    static final int MAX_ROWS = 60;
    static final int HEAD_ROWS = 50;
    static final int TAIL_ROWS = 5;

    private Html() {
    }

    /** Text made safe to place inside an HTML element or a quoted attribute. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A Tablesaw table as an HTML table: its name as the caption, one header cell per column,
     * numbers right-aligned, decimals rounded for reading (the table itself keeps every digit). Long tables keep their first 50 and last 5 rows, with a row saying
     * how many were left out.
     */
    public static String table(Table table) {
        List<Column<?>> columns = table.columns();
        StringBuilder out = new StringBuilder("<table class=\"backprop-table\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            out.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        out.append("<thead><tr>");
        for (Column<?> column : columns) {
            out.append("<th>").append(escape(column.name())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        int rows = table.rowCount();
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD_ROWS) {
                out.append("<tr><td colspan=\"").append(Math.max(1, columns.size()))
                        .append("\" style=\"text-align:center\">… ")
                        .append(rows - HEAD_ROWS - TAIL_ROWS).append(" more rows …</td></tr>\n");
                r = rows - TAIL_ROWS;
            }
            out.append("<tr>");
            for (Column<?> column : columns) {
                out.append(column instanceof NumericColumn<?> ? "<td style=\"text-align:right\">" : "<td>")
                        .append(escape(cell(column, r))).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>").toString();
    }

    /** A cell as text; decimals with up to 6 significant digits (0.240489, 3.67039e-10), as in the text tables. */
    private static String cell(Column<?> column, int row) {
        if (column instanceof DoubleColumn doubles) {
            return doubles.isMissing(row) ? "" : TextTable.format(doubles.getDouble(row));
        }
        return column.getString(row);
    }
}
