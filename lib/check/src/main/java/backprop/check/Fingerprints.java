package backprop.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an exercise notebook knows about its answers: for each question, fingerprints of the
 * answers it accepts and of the mistakes it has feedback for — never the answers. The grader's
 * release tool makes them from the instructor's answer key, and the exercise's first code cell
 * carries them as a line of text ({@link #encode()}).
 *
 * <p>Each question's entry holds its {@code kind} and {@code points}, and: for a number, its
 * {@code decimals} and under {@code accept}, for each number, the fingerprints of its accepted
 * roundings ({@link Fingerprint#acceptedRoundings}); for a formula, its {@code variables}, the
 * points {@code at} which it is evaluated and under {@code accept} the fingerprints of the key's
 * values there ({@link Fingerprint#significant}); for a choice, its {@code options} and the
 * fingerprint of the right one; for code, the {@code seconds} each case may take. Number, formula
 * and choice questions list their {@code mistakes}, each a {@code feedback} with its own
 * {@code accept}. Every fingerprint is salted with the exercise and question
 * ({@link Fingerprint#salt}).
 */
public final class Fingerprints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String exercise;
    private final Map<String, JsonNode> questions;

    private Fingerprints(String exercise, Map<String, JsonNode> questions) {
        this.exercise = exercise;
        this.questions = questions;
    }

    /**
     * Fingerprints from their parts: the exercise, and for each question id its entry (what
     * the grader's release tool writes for it: kind, points, and the fingerprints of the
     * accepted answers and of the known mistakes; see the class comment).
     */
    public static Fingerprints of(String exercise, Map<String, JsonNode> questions) {
        return new Fingerprints(exercise, new LinkedHashMap<>(questions));
    }

    // ---- carrying them in a notebook ---------------------------------------------------------

    /** A single line of text (Base64 of JSON) to paste into the exercise's first cell. */
    public String encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("exercise", exercise);
        ObjectNode qs = root.putObject("questions");
        questions.forEach(qs::set);
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads what {@link #encode()} wrote. */
    public static Fingerprints decode(String text) {
        try {
            JsonNode root = JSON.readTree(new String(Base64.getDecoder().decode(text.strip()),
                    StandardCharsets.UTF_8));
            Map<String, JsonNode> questions = new LinkedHashMap<>();
            root.path("questions").fields().forEachRemaining(e -> questions.put(e.getKey(), e.getValue()));
            return new Fingerprints(root.path("exercise").asText(), questions);
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("the fingerprints in the first cell are damaged; "
                    + "copy that cell again from the original exercise notebook", e);
        }
    }

    // ---- judging by fingerprints -------------------------------------------------------------

    /** The exercise the fingerprints belong to, by its name. */
    public String exercise() {
        return exercise;
    }

    /** Whether the exercise has a question with this id. */
    public boolean has(String id) {
        return questions.containsKey(id);
    }

    /** The questions' ids, in the order of the answer key. */
    public List<String> ids() {
        return List.copyOf(questions.keySet());
    }

    /** The kind of a question; an unknown id fails, listing the exercise's questions. */
    public Kind kind(String id) {
        return Kind.fromId(question(id).path("kind").asText());
    }

    /** The points a question is worth; an unknown id fails, listing the exercise's questions. */
    public double points(String id) {
        return question(id).path("points").asDouble();
    }

    /** The time limit of each case of a code question, in seconds. */
    public int seconds(String id) {
        return question(id).path("seconds").asInt(10);
    }

    private JsonNode question(String id) {
        JsonNode q = questions.get(id);
        if (q == null) {
            throw new IllegalArgumentException("this exercise (" + exercise + ") has no question '"
                    + id + "'; its questions are " + questions.keySet());
        }
        return q;
    }

    /** Judges an answer by its fingerprints, as the notebook's instant feedback does. */
    public Verdict judge(String id, Answer answer) {
        JsonNode q = question(id);
        Kind kind = kind(id);
        if (answer.kind() != kind) {
            return Verdict.wrong("this is a " + kind.id() + " question: use Check." + kind.id());
        }
        String salt = Fingerprint.salt(exercise, id);
        return switch (kind) {
            case NUMBER -> judgeNumbers(q, salt, answer.numbers());
            case FORMULA -> judgeFormula(q, salt, answer.text());
            case CHOICE -> judgeChoice(q, salt, answer.text());
            case CODE -> throw new IllegalArgumentException("code questions are judged by their checks");
        };
    }

    private static Verdict judgeNumbers(JsonNode q, String salt, double[] given) {
        JsonNode accept = q.get("accept");
        String problem = Messages.numberProblem(given, accept.size());
        if (problem != null) {
            return Verdict.wrong(problem);
        }
        int decimals = q.get("decimals").asInt();
        String[] prints = new String[given.length];
        for (int i = 0; i < given.length; i++) {
            prints[i] = Fingerprint.of(salt + "#" + i, Fingerprint.rounded(given[i], decimals));
        }
        boolean[] right = matches(accept, i -> Set.of(prints[i]));
        if (all(right)) {
            return Verdict.right();
        }
        for (JsonNode m : q.get("mistakes")) {
            if (m.get("accept").size() == given.length && all(matches(m.get("accept"), i -> Set.of(prints[i])))) {
                return Verdict.wrong(m.get("feedback").asText());
            }
        }
        return Messages.numbersVerdict(right, decimals);
    }

    private static Verdict judgeFormula(JsonNode q, String salt, String text) {
        List<String> variables = new ArrayList<>();
        q.get("variables").forEach(v -> variables.add(v.asText()));
        Formula given;
        try {
            given = Formula.parse(text, variables);
        } catch (FormulaException e) {
            return Verdict.wrong(Messages.unreadable(e));
        }
        JsonNode at = q.get("at");
        List<Set<String>> prints = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            double[] p = new double[at.get(i).size()];
            for (int v = 0; v < p.length; v++) {
                p[v] = at.get(i).get(v).asDouble();
            }
            Set<String> mine = new java.util.LinkedHashSet<>();
            for (String s : Fingerprint.significant(given.evaluate(p))) {
                mine.add(Fingerprint.of(salt + "@" + i, s));
            }
            prints.add(mine);
        }
        boolean[] right = matches(q.get("accept"), prints::get);
        if (all(right)) {
            return Verdict.right();
        }
        for (JsonNode m : q.get("mistakes")) {
            if (all(matches(m.get("accept"), prints::get))) {
                return Verdict.wrong(m.get("feedback").asText());
            }
        }
        int differs = 0;
        for (boolean r : right) {
            differs += r ? 0 : 1;
        }
        return Verdict.wrong(Messages.notEquivalent(differs, right.length));
    }

    private static Verdict judgeChoice(JsonNode q, String salt, String text) {
        List<String> options = new ArrayList<>();
        q.get("options").forEach(o -> options.add(o.asText()));
        String given = Fingerprint.choice(text);
        if (!options.contains(given)) {
            return Verdict.wrong(Messages.notAnOption(text, options));
        }
        Set<String> print = Set.of(Fingerprint.of(salt, given));
        if (all(matches(q.get("accept"), i -> print))) {
            return Verdict.right();
        }
        for (JsonNode m : q.get("mistakes")) {
            if (all(matches(m.get("accept"), i -> print))) {
                return Verdict.wrong(m.get("feedback").asText());
            }
        }
        return Verdict.wrong("not the right option");
    }

    /** For each entry of {@code accepted}, whether one of the answer's prints is among them. */
    private static boolean[] matches(JsonNode accepted, java.util.function.IntFunction<Set<String>> prints) {
        boolean[] out = new boolean[accepted.size()];
        for (int i = 0; i < out.length; i++) {
            for (JsonNode print : accepted.get(i)) {
                if (prints.apply(i).contains(print.asText())) {
                    out[i] = true;
                }
            }
        }
        return out;
    }

    private static boolean all(boolean[] values) {
        for (boolean v : values) {
            if (!v) {
                return false;
            }
        }
        return true;
    }
}
