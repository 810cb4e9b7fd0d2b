package backprop.grader;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of a Java reader to look at notebook cells without running them: the tokens of a
 * cell (comments and literals set apart), the names it declares at the top level, the simple names
 * it uses, and the {@code Check.…("id", …)} calls in it.
 *
 * <p>The grader uses it to find which question a cell answers and whether a student's cell
 * declares a name that the grader's own cells rely on (a class {@code Check}, a method
 * {@code assertEquals}, a variable called {@code backprop}…): in a notebook such a declaration
 * would quietly replace the real one.
 */
public final class JavaSource {

    /** The kinds of token this reader tells apart. */
    enum Type { NAME, STRING, NUMBER, SYMBOL, MAGIC }

    /** A token and where it starts in the cell (0-based). */
    record Token(Type type, String text, int position) {
        boolean is(String s) {
            return type == Type.SYMBOL && text.equals(s) || type == Type.NAME && text.equals(s);
        }
    }

    /** A call {@code Check.kind("id", …)} in a cell. */
    public record CheckCall(String kind, String id) {
    }

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break",
            "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
            "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements",
            "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
            "true", "false", "null", "record", "var", "yield", "sealed", "permits", "non-sealed");

    /** Keywords after which a name is being declared as a variable or method. */
    private static final Set<String> TYPE_WORDS = Set.of("boolean", "byte", "char", "double",
            "float", "int", "long", "short", "void", "var");

    private static final Set<String> TYPE_DECLARERS = Set.of("class", "interface", "enum", "record");

    private final List<Token> tokens;

    private JavaSource(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static JavaSource of(String source) {
        return new JavaSource(tokenize(unicodeEscapes(source)));
    }

    List<Token> tokens() {
        return tokens;
    }

    // ---- questions -------------------------------------------------------------------------------

    /** The {@code Check.number/formula/choice/code("id", …)} calls, in order. */
    public List<CheckCall> checkCalls() {
        List<CheckCall> calls = new ArrayList<>();
        for (int i = 0; i + 4 < tokens.size(); i++) {
            if (tokens.get(i).is("Check") && tokens.get(i + 1).is(".")
                    && tokens.get(i + 2).type() == Type.NAME
                    && Set.of("number", "formula", "choice", "code").contains(tokens.get(i + 2).text())
                    && tokens.get(i + 3).is("(") && tokens.get(i + 4).type() == Type.STRING) {
                calls.add(new CheckCall(tokens.get(i + 2).text(), tokens.get(i + 4).text()));
            }
        }
        return calls;
    }

    /** Whether the cell holds shell or kernel magics ({@code %%bash}, {@code %jars} …). */
    public boolean hasMagic() {
        return tokens.stream().anyMatch(t -> t.type() == Type.MAGIC);
    }

    // ---- names -----------------------------------------------------------------------------------

    /**
     * The names this cell declares at its top level, where a notebook keeps them for later cells:
     * types, methods and variables (not imports: those bring in real classes only).
     */
    public Set<String> topLevelDeclarations() {
        return declarations(true);
    }

    /** The simple names the cell refers to (the first part of a qualified name), less its own. */
    public Set<String> simpleNamesUsed() {
        Set<String> own = declarations(false);
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.NAME && !KEYWORDS.contains(t.text())
                    && (i == 0 || !(tokens.get(i - 1).is(".") || tokens.get(i - 1).is("::")))
                    && !own.contains(t.text())) {
                used.add(t.text());
            }
        }
        return used;
    }

    /** Every name of the cell, qualified parts included (for the policy on forbidden APIs). */
    public List<Token> names() {
        return tokens.stream().filter(t -> t.type() == Type.NAME).toList();
    }

    private Set<String> declarations(boolean topLevelOnly) {
        Set<String> out = new LinkedHashSet<>();
        int depth = 0;
        boolean inImport = false;
        int declaringAt = -1; // the depth of a variable declaration still open ("int a = 1, b;")
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("import") && depth == 0) {
                inImport = true;
            }
            if (inImport) {
                inImport = !t.is(";");
                continue;
            }
            if (t.is("(") || t.is("{") || t.is("[")) {
                depth++;
            } else if (t.is(")") || t.is("}") || t.is("]")) {
                depth = Math.max(0, depth - 1);
            } else if (t.is(";") && depth == declaringAt) {
                declaringAt = -1;
            }
            if (t.type() != Type.NAME || KEYWORDS.contains(t.text()) || (topLevelOnly && depth > 0)) {
                if (!topLevelOnly && t.is("->")) {
                    lambdaParameters(i, out);
                }
                continue;
            }
            Token before = i > 0 ? tokens.get(i - 1) : null;
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (before != null && TYPE_DECLARERS.contains(before.text()) && before.type() == Type.NAME) {
                out.add(t.text());
            } else if (before != null && endsAType(before) && after != null
                    && (after.is("(") || after.is("=") || after.is(";") || after.is(",")
                    || after.is(":") || after.is(")"))) {
                out.add(t.text());
                if (after.is("=") || after.is(",")) {
                    declaringAt = depth;
                }
            } else if (before != null && before.is(",") && depth == declaringAt && after != null
                    && (after.is("=") || after.is(",") || after.is(";"))) {
                out.add(t.text());
            }
        }
        return out;
    }

    /** {@code x -> …} and {@code (a, b) -> …}: the parameters are declared names. */
    private void lambdaParameters(int arrow, Set<String> out) {
        if (arrow == 0) {
            return;
        }
        Token before = tokens.get(arrow - 1);
        if (before.type() == Type.NAME) {
            out.add(before.text());
        } else if (before.is(")")) {
            for (int j = arrow - 2; j >= 0 && !tokens.get(j).is("("); j--) {
                Token p = tokens.get(j);
                Token next = tokens.get(j + 1);
                if (p.type() == Type.NAME && (next.is(",") || next.is(")"))) {
                    out.add(p.text());
                }
            }
        }
    }

    /** Whether a token can end a type: {@code Matrix}, {@code int}, {@code List<X>}, {@code double[]}. */
    private static boolean endsAType(Token t) {
        if (t.type() == Type.NAME) {
            return !KEYWORDS.contains(t.text()) || TYPE_WORDS.contains(t.text());
        }
        return t.is(">") || t.is("]");
    }

    // ---- tokens ----------------------------------------------------------------------------------

    /** Java reads {@code \u0041} as {@code A} before anything else; so does this reader. */
    private static String unicodeEscapes(String s) {
        if (!s.contains("\\u")) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'u') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) == 'u') {
                    j++;
                }
                if (j + 4 <= s.length() && s.substring(j, j + 4).matches("[0-9a-fA-F]{4}")) {
                    out.append((char) Integer.parseInt(s.substring(j, j + 4), 16));
                    i = j + 3;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        boolean lineStart = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                lineStart = true;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (lineStart && c == '%') { // a kernel magic: the whole line
                int end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
                out.add(new Token(Type.MAGIC, s.substring(i, end), i));
                i = end;
                continue;
            }
            lineStart = false;
            if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                int stop = end < 0 ? s.length() : end + 3;
                out.add(new Token(Type.STRING, s.substring(i + 3, Math.max(i + 3, stop - 3)), i));
                i = stop;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                        text.append(s.charAt(j + 1));
                        j += 2;
                    } else {
                        text.append(s.charAt(j++));
                    }
                }
                out.add(new Token(c == '"' ? Type.STRING : Type.NUMBER, text.toString(), i));
                i = Math.min(s.length(), j + 1);
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i;
                while (j < s.length() && Character.isJavaIdentifierPart(s.charAt(j))) {
                    j++;
                }
                out.add(new Token(Type.NAME, s.substring(i, j), i));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                        || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Type.NUMBER, s.substring(i, j), i));
                i = j;
            } else if (s.startsWith("->", i) || s.startsWith("::", i)) {
                out.add(new Token(Type.SYMBOL, s.substring(i, i + 2), i));
                i += 2;
            } else {
                out.add(new Token(Type.SYMBOL, String.valueOf(c), i));
                i++;
            }
        }
        return out;
    }
}
