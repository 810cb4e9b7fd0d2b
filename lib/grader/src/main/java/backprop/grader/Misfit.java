package backprop.grader;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to tell a student when one of the grader's own cells (a question's checks, visible and
 * hidden, or the cell that reads an answer) fails: never a word of that cell's source or output,
 * which hold the hidden cases and their expected values, only what the student can act on.
 *
 * <p>When the cell does not compile, the student's code does not fit the checks: a method has
 * another name, other parameters or another return type than the exercise asks for. The kernel
 * reports javac's message and the line it points at (the code it points at highlighted); from
 * them this class works out which of the student's methods is meant and what type it must take
 * or return, such as "`sigmoidPrime` must take a double, not an int". It names a method only
 * when the student can see that name in the exercise ({@link Exercise#studentsSee}).
 */
final class Misfit {

    static final String DOES_NOT_FIT = "your code does not fit the checks: ";
    static final String GENERAL = DOES_NOT_FIT + "they do not compile with it. Check that your methods "
            + "have the names, parameters and return types the exercise asks for";

    /** Where the kernel's traceback highlights the code javac points at (a background colour). */
    private static final String HIGHLIGHT = "\u001b[48;";
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final Pattern LOSSY = Pattern.compile("possible lossy conversion from (\\S+) to (\\S+)");
    private static final Pattern CONVERTED = Pattern.compile("(\\S+) cannot be converted to (\\S+)");
    private static final Pattern NOT_APPLICABLE = Pattern.compile("method (\\w+) in \\w+ .*cannot be applied to given types");
    private static final Pattern SYMBOL = Pattern.compile("symbol:\\s+(method|variable|class) (\\w+)");

    /** One error of javac's: the line it points at (split at the highlight) and its message lines. */
    private record Error(String before, String highlighted, List<String> message) {
        String text() {
            return String.join("\n", message);
        }
    }

    private Misfit() {
    }

    /** The reason for a grader's cell that failed with these outputs. */
    static String reason(JsonNode outputs, Exercise exercise) {
        for (JsonNode o : outputs) {
            if (!"error".equals(o.path("output_type").asText())) {
                continue;
            }
            List<Error> errors = compileErrors(o.path("traceback"));
            if (errors == null) {
                return ranIntoTrouble(o);
            }
            for (Error e : errors) {
                String said = explain(e, exercise);
                if (said != null) {
                    return DOES_NOT_FIT + said;
                }
            }
            return GENERAL;
        }
        return "your code could not be checked (the checks failed without a message)";
    }

    /** A failure while the checks ran, told by the exception's name alone (its message may hold values). */
    private static String ranIntoTrouble(JsonNode error) {
        String first = error.path("traceback").path(0).asText(error.path("ename").asText());
        String plain = ANSI.matcher(first).replaceAll("").strip();
        if (plain.contains("not implemented yet")) {
            return "your code could not be checked: a method the checks call is not implemented yet";
        }
        Matcher name = Pattern.compile("^(?:[a-z]\\w*\\.)*([A-Z]\\w{0,60})").matcher(plain);
        return "your code could not be checked: the checks stopped with "
                + (name.find() ? name.group(1) : "an error") + " outside any of their cases";
    }

    /** javac's errors in a traceback, or null if it is not a compile error. */
    private static List<Error> compileErrors(JsonNode traceback) {
        List<String> raw = new ArrayList<>();
        traceback.forEach(line -> raw.add(line.asText()));
        if (raw.isEmpty() || !plain(raw.get(0)).strip().startsWith("Compile error")) {
            return null;
        }
        List<Error> errors = new ArrayList<>();
        String before = "";
        String highlighted = "";
        List<String> message = new ArrayList<>();
        for (String line : raw.subList(1, raw.size())) {
            String plain = plain(line);
            if (plain.startsWith("|") || plain.isEmpty()) {
                if (!message.isEmpty()) {
                    errors.add(new Error(before, highlighted, List.copyOf(message)));
                    message.clear();
                    before = highlighted = "";
                }
                int at = line.indexOf(HIGHLIGHT);
                if (at >= 0) {
                    before = plain(line.substring(0, at)).replaceFirst("^\\|", "");
                    String rest = line.substring(line.indexOf('m', at) + 1);
                    int end = rest.indexOf('\u001b');
                    highlighted = plain(end < 0 ? rest : rest.substring(0, end));
                }
            } else {
                message.add(plain.strip());
            }
        }
        if (!message.isEmpty()) {
            errors.add(new Error(before, highlighted, List.copyOf(message)));
        }
        return errors;
    }

    private static String plain(String line) {
        return ANSI.matcher(line).replaceAll("").stripTrailing();
    }

    /** What one error means for the student's code, or null when it cannot be said safely. */
    private static String explain(Error e, Exercise exercise) {
        String text = e.text();
        Matcher m;
        if ((m = NOT_APPLICABLE.matcher(text)).find() && exercise.studentsSee(m.group(1))) {
            return notApplicable(m.group(1), text);
        }
        if ((m = SYMBOL.matcher(text)).find() && exercise.studentsSee(m.group(2))) {
            String kind = m.group(1).equals("method") ? "a method" : m.group(1).equals("class") ? "a class"
                    : "a variable";
            return "the checks use " + kind + " `" + m.group(2) + "`, which your notebook does not have (or "
                    + "whose cell does not compile): declare it as the exercise asks";
        }
        Matcher lossy = LOSSY.matcher(text);
        Matcher converted = CONVERTED.matcher(text);
        boolean isLossy = lossy.find();
        if (isLossy || converted.find()) {
            Matcher types = isLossy ? lossy : converted;
            String given = simple(types.group(1));
            String wanted = simple(types.group(2));
            String called = callee(e);
            if (called == null || !exercise.studentsSee(called)) {
                return null;
            }
            if (e.highlighted().matches("\\s*" + called + "\\s*\\(.*")) { // the call's value is what does not fit
                return "`" + called + "` must return " + article(wanted) + ", not " + article(given);
            }
            return "`" + called + "` must take " + article(given) + ", not " + article(wanted);
        }
        return null;
    }

    /** "method m in class … cannot be applied": the parameters differ from the call's arguments. */
    private static String notApplicable(String method, String text) {
        Matcher lossy = LOSSY.matcher(text);
        if (lossy.find()) {
            return "`" + method + "` must take " + article(simple(lossy.group(1))) + ", not "
                    + article(simple(lossy.group(2)));
        }
        Matcher converted = CONVERTED.matcher(text);
        if (converted.find()) {
            return "`" + method + "` must take " + article(simple(converted.group(1))) + ", not "
                    + article(simple(converted.group(2)));
        }
        Matcher required = Pattern.compile("required: (.*)\\n\\s*found:\\s+(.*)").matcher(text);
        if (text.contains("argument lists differ in length") && required.find()) {
            int wanted = count(required.group(2));
            int declared = count(required.group(1));
            return "`" + method + "` must take " + wanted + (wanted == 1 ? " parameter" : " parameters")
                    + ", not " + declared;
        }
        return "`" + method + "` must take the parameters the exercise asks for";
    }

    /** How many types a list of javac's names ("int,double", "no arguments") holds. */
    private static int count(String types) {
        String t = types.strip();
        if (t.isEmpty() || t.equals("no arguments")) {
            return 0;
        }
        int depth = 0;
        int n = 1;
        for (char c : t.toCharArray()) {
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            n += c == ',' && depth == 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The method whose call holds the code javac points at: the call that code begins with, or
     * else the innermost call still open before it.
     */
    private static String callee(Error e) {
        Matcher call = Pattern.compile("^\\s*(\\w+)\\s*\\(").matcher(e.highlighted());
        if (call.find()) {
            return call.group(1);
        }
        List<String> open = new ArrayList<>();
        List<JavaSource.Token> tokens = JavaSource.of(e.before()).tokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                JavaSource.Token name = i > 0 ? tokens.get(i - 1) : null;
                open.add(name != null && name.type() == JavaSource.Type.NAME ? name.text() : "");
            } else if (tokens.get(i).is(")") && !open.isEmpty()) {
                open.remove(open.size() - 1);
            }
        }
        return open.isEmpty() || open.get(open.size() - 1).isEmpty() ? null : open.get(open.size() - 1);
    }

    /** A type as a student writes it: {@code backprop.Matrix} is {@code Matrix}. */
    private static String simple(String type) {
        return Scorer.bounded(type.replaceAll("\\b[a-z]\\w*\\.", ""), 60);
    }

    private static String article(String type) {
        return ("aeiouAEIOU".indexOf(type.isEmpty() ? 'x' : type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }
}
