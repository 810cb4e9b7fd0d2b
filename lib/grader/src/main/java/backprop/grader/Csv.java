package backprop.grader;

import java.util.ArrayList;
import java.util.List;

/** Comma-separated values as spreadsheets and learning platforms read and write them (RFC 4180). */
final class Csv {

    private Csv() {
    }

    /**
     * One field: quoted when it holds a comma, a quote or a line break. A text starting with
     * =, +, - or @ gets a leading ' so that a spreadsheet does not run it as a formula.
     */
    static String field(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** A line of fields. */
    static String line(List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            out.add(field(f));
        }
        return String.join(",", out) + "\n";
    }

    /** The fields of one line (quoted fields may hold commas and doubled quotes). */
    static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
