package backprop.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * answers it accepts and of the mistakes it has feedback for — never the answers. Made from an
 * {@link AnswerKey} by the release tool and carried in the exercise's first code cell as a
 * text string ({@link #encode()}).
 */
public final class Fingerprints {

    /** Points at which a formula's fingerprints are taken. */
    static final int FORMULA_POINTS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String exercise;
    private final Map<String, JsonNode> questions;

    private Fingerprints(String exercise, Map<String, JsonNode> questions) {
        this.exercise = exercise;
        this.questions = questions;
    }

    /** The fingerprints of an answer key's answers and mistakes. */
    public static Fingerprints of(AnswerKey key) {
        Map<String, JsonNode> questions = new LinkedHashMap<>();
        for (AnswerKey.Question q : key.questions()) {
            questions.put(q.id(), publish(key.exercise(), q));
        }
        return new Fingerprints(key.exercise(), questions);
    }

    private static ObjectNode publish(String exercise, AnswerKey.Question q) {
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", q.kind().id());
        out.put("points", q.points());
        String salt = Fingerprint.salt(exercise, q.id());
        switch (q.kind()) {
            case NUMBER -> {
                out.put("decimals", q.decimals());
                out.set("accept", numberPrints(salt, AnswerKey.numbers(q.answer()), q.decimals()));
                ArrayNode mistakes = out.putArray("mistakes");
                for (AnswerKey.Mistake m : q.mistakes()) {
                    mistakes.addObject().put("feedback", m.feedback())
                            .set("accept", numberPrints(salt, AnswerKey.numbers(m.answer()), q.decimals()));
                }
            }
            case FORMULA -> {
                ArrayNode names = out.putArray("variables");
                q.variableNames().forEach(names::add);
                Formula key = Formula.parse(q.answer().asText(), q.variableNames());
                double[][] at = formulaPoints(exercise, q, key);
                ArrayNode atNode = out.putArray("at");
                for (double[] p : at) {
                    ArrayNode row = atNode.addArray();
                    for (double v : p) {
                        row.add(v);
                    }
                }
                out.set("accept", formulaPrints(salt, key, at));
                ArrayNode mistakes = out.putArray("mistakes");
                for (AnswerKey.Mistake m : q.mistakes()) {
                    Formula wrong = Formula.parse(m.answer().asText(), q.variableNames());
                    mistakes.addObject().put("feedback", m.feedback())
                            .set("accept", formulaPrints(salt, wrong, at));
                }
            }
            case CHOICE -> {
                ArrayNode options = out.putArray("options");
                q.options().forEach(options::add);
                out.set("accept", choicePrints(salt, q.answer().asText()));
                ArrayNode mistakes = out.putArray("mistakes");
                for (AnswerKey.Mistake m : q.mistakes()) {
                    mistakes.addObject().put("feedback", m.feedback())
                            .set("accept", choicePrints(salt, m.answer().asText()));
                }
            }
            case CODE -> out.put("seconds", q.seconds());
        }
        return out;
    }

    /** Points where the key's formula is defined, drawn from the question's ranges. */
    private static double[][] formulaPoints(String exercise, AnswerKey.Question q, Formula key) {
        double[][] candidates = AnswerKey.points(q, 4 * FORMULA_POINTS, AnswerKey.seed(exercise, q.id()));
        List<double[]> chosen = new ArrayList<>();
        for (double[] p : candidates) {
            if (chosen.size() < FORMULA_POINTS && Double.isFinite(key.evaluate(p))) {
                chosen.add(p);
            }
        }
        return chosen.toArray(new double[0][]);
    }

    private static ArrayNode numberPrints(String salt, double[] values, int decimals) {
        ArrayNode entries = JSON.createArrayNode();
        for (int i = 0; i < values.length; i++) {
            ArrayNode accepted = entries.addArray();
            for (String r : Fingerprint.acceptedRoundings(values[i], decimals)) {
                accepted.add(Fingerprint.of(salt + "#" + i, r));
            }
        }
        return entries;
    }

    private static ArrayNode formulaPrints(String salt, Formula f, double[][] at) {
        ArrayNode entries = JSON.createArrayNode();
        for (int i = 0; i < at.length; i++) {
            ArrayNode accepted = entries.addArray();
            for (String v : Fingerprint.significant(f.evaluate(at[i]))) {
                accepted.add(Fingerprint.of(salt + "@" + i, v));
            }
        }
        return entries;
    }

    private static ArrayNode choicePrints(String salt, String choice) {
        ArrayNode entries = JSON.createArrayNode();
        entries.addArray().add(Fingerprint.of(salt, Fingerprint.choice(choice)));
        return entries;
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

    public String exercise() {
        return exercise;
    }

    public boolean has(String id) {
        return questions.containsKey(id);
    }

    public List<String> ids() {
        return List.copyOf(questions.keySet());
    }

    public Kind kind(String id) {
        return Kind.fromId(question(id).path("kind").asText());
    }

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
