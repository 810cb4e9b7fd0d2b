package backprop.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A formula typed by a student, such as {@code e^(-z)/(1+e^(-z))^2} or
 * {@code w_1-eta*(partialC)/(partialw_1)}, parsed once and then evaluated at any point.
 *
 * <p>What can be written:
 * <ul>
 *   <li>numbers ({@code 2}, {@code 0.5}, {@code 1e-3}) and the question's variables, whose names
 *       may have several letters, digits and underscores ({@code eta}, {@code partialC},
 *       {@code w_1});</li>
 *   <li>{@code + - * / ^}, unary minus and parentheses; {@code ^} binds tightest and groups from
 *       the right, so {@code -z^2} is −(z²) and {@code 2^3^2} is 2⁹;</li>
 *   <li>the functions {@code exp}, {@code log} and {@code ln} (both the natural logarithm) and
 *       {@code sqrt}, with their argument in parentheses;</li>
 *   <li>{@code e}, Euler's number, unless the question declares a variable named {@code e};
 *       {@code pi}, likewise.</li>
 * </ul>
 * The typographic signs − (minus), · and × (times) are read as {@code -} and {@code *}.
 * A mistake gives a {@link FormulaException} that says what is wrong and where.
 */
public final class Formula {

    private final String text;
    private final List<String> variables;
    private final Node root;

    private Formula(String text, List<String> variables, Node root) {
        this.text = text;
        this.variables = variables;
        this.root = root;
    }

    /** Parses {@code text}, which may use only the given variables (and e, pi, numbers). */
    public static Formula parse(String text, List<String> variables) {
        if (text == null || text.isBlank()) {
            throw new FormulaException("the formula is empty", text == null ? "" : text, 0);
        }
        Parser parser = new Parser(text, variables);
        Node root = parser.parseWhole();
        return new Formula(text, List.copyOf(variables), root);
    }

    /** The value at a point: one number per variable, in the order of {@link #variables()}. */
    public double evaluate(double... point) {
        if (point.length != variables.size()) {
            throw new IllegalArgumentException("the formula has " + variables.size()
                    + " variables " + variables + " but " + point.length + " values were given");
        }
        return root.value(point);
    }

    /** The value at a point given by name: {@code evaluate(Map.of("z", 0.5))}. */
    public double evaluate(Map<String, Double> point) {
        double[] values = new double[variables.size()];
        for (int i = 0; i < values.length; i++) {
            Double v = point.get(variables.get(i));
            if (v == null) {
                throw new IllegalArgumentException("no value given for the variable "
                        + variables.get(i));
            }
            values[i] = v;
        }
        return evaluate(values);
    }

    /** The variables the formula may use, in the order {@link #evaluate} takes their values. */
    public List<String> variables() {
        return variables;
    }

    /** The formula as it was typed. */
    @Override
    public String toString() {
        return text;
    }

    // ---- the tree ------------------------------------------------------------------------------

    private interface Node {
        double value(double[] point);
    }

    private enum Function {
        EXP, LOG, SQRT;

        double apply(double x) {
            return switch (this) {
                case EXP -> Math.exp(x);
                case LOG -> Math.log(x);
                case SQRT -> Math.sqrt(x);
            };
        }
    }

    // ---- the parser: recursive descent, one method per precedence level --------------------------

    /** Greek letters a student may type, and how the questions spell them. */
    private static final Map<String, String> GREEK = Map.of("η", "eta", "σ", "sigma", "δ", "delta",
            "θ", "theta", "λ", "lambda", "α", "alpha");

    private static final class Parser {
        private final String text;
        private final List<String> variables;
        private final List<Token> tokens;
        private int next;

        Parser(String text, List<String> variables) {
            this.text = text;
            this.variables = variables;
            this.tokens = tokenize(text);
        }

        Node parseWhole() {
            Node node = sum();
            Token t = peek();
            if (t.kind != Kind.END) {
                if (t.kind == Kind.CLOSE) {
                    throw error("a ')' without a matching '('", t);
                }
                // Two operands side by side: "2z", "(a)(b)", "z e".
                throw error("an operator is missing before '" + t.text + "' (write * for a product,"
                        + " for example 2*z)", t);
            }
            return node;
        }

        // sum := product (('+' | '-') product)*
        private Node sum() {
            Node left = product();
            while (peek().isOp("+") || peek().isOp("-")) {
                boolean plus = take().isOp("+");
                Node right = product();
                Node l = left;
                left = plus ? p -> l.value(p) + right.value(p) : p -> l.value(p) - right.value(p);
            }
            return left;
        }

        // product := unary (('*' | '/') unary)*
        private Node product() {
            Node left = unary();
            while (peek().isOp("*") || peek().isOp("/")) {
                boolean times = take().isOp("*");
                Node right = unary();
                Node l = left;
                left = times ? p -> l.value(p) * right.value(p) : p -> l.value(p) / right.value(p);
            }
            return left;
        }

        // unary := ('-' | '+') unary | power
        private Node unary() {
            if (peek().isOp("-")) {
                take();
                Node operand = unary();
                return p -> -operand.value(p);
            }
            if (peek().isOp("+")) {
                take();
                return unary();
            }
            return power();
        }

        // power := atom ('^' unary)?      (right-grouping; the exponent may carry a sign: e^-z)
        private Node power() {
            Node base = atom();
            if (peek().isOp("^")) {
                take();
                Node exponent = unary();
                return p -> Math.pow(base.value(p), exponent.value(p));
            }
            return base;
        }

        // atom := number | variable | constant | function '(' sum ')' | '(' sum ')'
        private Node atom() {
            Token t = take();
            switch (t.kind) {
                case NUMBER -> {
                    double v = Double.parseDouble(t.text);
                    return p -> v;
                }
                case OPEN -> {
                    if (peek().kind == Kind.CLOSE) {
                        throw error("empty parentheses", peek());
                    }
                    Node inside = sum();
                    expectClose(t);
                    return inside;
                }
                case NAME -> {
                    return name(t);
                }
                case END -> throw error("the formula ends too early: something is missing after '"
                        + text.strip() + "'", t);
                case CLOSE -> throw error("a value is missing before ')'", t);
                default -> throw error("a value is missing before '" + t.text + "'", t);
            }
        }

        private Node name(Token t) {
            int index = variables.indexOf(t.text);
            if (index >= 0) {
                return p -> p[index];
            }
            Function f = switch (t.text) {
                case "exp" -> Function.EXP;
                case "log", "ln" -> Function.LOG;
                case "sqrt" -> Function.SQRT;
                default -> null;
            };
            if (f != null) {
                Token open = peek();
                if (open.kind != Kind.OPEN) {
                    throw error(t.text + " needs its argument in parentheses, as in " + t.text
                            + "(z)", open);
                }
                take();
                Node argument = sum();
                expectClose(open);
                return p -> f.apply(argument.value(p));
            }
            if (t.text.equals("e")) {
                return p -> Math.E;
            }
            if (t.text.equals("pi")) {
                return p -> Math.PI;
            }
            String spelled = GREEK.get(t.text);
            if (spelled != null && variables.contains(spelled)) {
                throw error("write " + spelled + " for " + t.text, t);
            }
            throw error("unknown name '" + t.text + "': this question's variables are "
                    + String.join(", ", variables)
                    + " (and e, pi, exp, log, ln, sqrt); names are case-sensitive", t);
        }

        private void expectClose(Token open) {
            Token t = peek();
            if (t.kind != Kind.CLOSE) {
                if (t.kind == Kind.END) {
                    throw error("the '(' here is never closed", open);
                }
                throw error("expected ')' to close the '(' at position " + (open.position + 1)
                        + ", found '" + t.text + "'", t);
            }
            take();
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            Token t = tokens.get(next);
            if (t.kind != Kind.END) {
                next++;
            }
            return t;
        }

        private FormulaException error(String message, Token at) {
            return new FormulaException(message, text, at.position);
        }
    }

    // ---- tokens ----------------------------------------------------------------------------------

    private enum Kind { NUMBER, NAME, OP, OPEN, CLOSE, END }

    private record Token(Kind kind, String text, int position) {
        boolean isOp(String op) {
            return kind == Kind.OP && text.equals(op);
        }
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1)))) {
                int start = i;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                // An exponent, 1e-3, but not the Euler e in "2e" followed by nothing numeric.
                if (i + 1 < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < text.length() && Character.isDigit(text.charAt(j))) {
                        i = j;
                        while (i < text.length() && Character.isDigit(text.charAt(i))) {
                            i++;
                        }
                    }
                }
                String number = text.substring(start, i);
                if (number.indexOf('.') != number.lastIndexOf('.')) {
                    throw new FormulaException("'" + number + "' is not a number (two decimal points)",
                            text, start);
                }
                tokens.add(new Token(Kind.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
                        || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.NAME, text.substring(start, i), start));
            } else if (c == '(' || c == '[') {
                tokens.add(new Token(Kind.OPEN, "(", i++));
            } else if (c == ')' || c == ']') {
                tokens.add(new Token(Kind.CLOSE, ")", i++));
            } else if ("+-*/^".indexOf(c) >= 0) {
                if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    tokens.add(new Token(Kind.OP, "^", i)); // Python's ** for a power
                    i += 2;
                } else {
                    tokens.add(new Token(Kind.OP, String.valueOf(c), i++));
                }
            } else if (c == '\u2212') {
                tokens.add(new Token(Kind.OP, "-", i++));
            } else if (c == '\u00b7' || c == '\u00d7') {
                tokens.add(new Token(Kind.OP, "*", i++));
            } else if (c == '\u2202') {
                throw new FormulaException("∂ cannot be typed: write a slope as a name, such as "
                        + "(partialC)/(partialw_1) for ∂C/∂w₁", text, i);
            } else {
                throw new FormulaException("the sign '" + c + "' cannot be used in a formula "
                        + "(use + - * / ^ and parentheses)", text, i);
            }
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }
}
