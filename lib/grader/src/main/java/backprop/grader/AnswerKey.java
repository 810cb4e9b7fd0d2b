package backprop.grader;

import backprop.check.Answer;
import backprop.check.Fingerprint;
import backprop.check.Fingerprints;
import backprop.check.Formula;
import backprop.check.FormulaException;
import backprop.check.Kind;
import backprop.check.Messages;
import backprop.check.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The instructor's answers to one exercise notebook: {@code solutions/NN-topic.answers.json},
 * beside the solution notebook. Only the release tool and the grader read it; exercise notebooks
 * get {@link Fingerprints} made from it.
 *
 * <pre>{@code
 * { "exercise": "04-simple-network",
 *   "questions": [
 *     { "id": "loss", "kind": "number", "points": 1, "answer": 0.2884284164, "decimals": 3,
 *       "mistakes": [ { "answer": 0.5768568328, "feedback": "that is (y − t)² without the ½" } ] },
 *     { "id": "sigmoid-prime", "kind": "formula", "points": 2, "answer": "e^(-z)/(1+e^(-z))^2",
 *       "variables": { "z": [-4, 4] },
 *       "mistakes": [ { "answer": "1-(1/(1+e^(-z)))", "feedback": "that is only the factor 1 − σ(z)" } ] },
 *     { "id": "passes", "kind": "choice", "points": 1, "options": ["A", "B", "C", "D"], "answer": "B" },
 *     { "id": "backprop", "kind": "code", "points": 3, "seconds": 10 } ] }
 * }</pre>
 *
 * A number question's answer may be a list ({@code [0, 6, 0, 12]}): each entry earns its share.
 * The grader judges exactly against this key: numbers by their rounding, formulas at
 * {@value #GRADER_POINTS} random points of the variables' ranges.
 */
public final class AnswerKey {

    /** Points at which the grader compares formulas (the notebook's fingerprints use fewer). */
    public static final int GRADER_POINTS = 40;

    /**
     * A wrong answer worth a targeted message: a number, numbers, a formula or a choice. In a
     * varied question, {@code quantity} names the variant model's values of the mistake, one per
     * number of the answer (its {@code answer} is then those values for the course's numbers);
     * otherwise it is null.
     */
    public record Mistake(JsonNode answer, String feedback, List<String> quantity) {
    }

    /**
     * One question. {@code variables} maps each formula variable to its range [low, high];
     * {@code quantity} names, for a varied number question, the variant model's quantities that
     * are its answer, one per number (null for a question that is the same for everyone); {@code equations} gives a
     * code question's points per equation (empty: its cases share the points equally).
     */
    public record Question(String id, Kind kind, double points, JsonNode answer, int decimals,
                           Map<String, double[]> variables, List<String> options,
                           List<Mistake> mistakes, int seconds, List<String> quantity,
                           Map<String, Double> equations) {

        /** The variable names of a formula question, in order. */
        public List<String> variableNames() {
            return List.copyOf(variables.keySet());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String exercise;
    private final String title;
    private final Map<String, Question> questions;
    /** Each student's own numbers, or null when everyone has the same. */
    private final Variants variants;

    private AnswerKey(String exercise, String title, Map<String, Question> questions, Variants variants) {
        this.exercise = exercise;
        this.title = title;
        this.questions = questions;
        this.variants = variants;
    }

    /** Reads an answer key; a problem in it is reported with the file and the question. */
    public static AnswerKey read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no answer key at " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the answer key " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Parses an answer key's JSON text; {@code source} names it in error messages. */
    public static AnswerKey parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        String exercise = text(root, "exercise", source);
        String title = root.path("title").asText(exercise);
        Variants variants = root.has("variant") ? Variants.parse(exercise, root.get("variant"), source) : null;
        Map<String, Double> defaults = variants == null ? null : variants.quantities(variants.defaults());
        Map<String, Question> questions = new LinkedHashMap<>();
        for (JsonNode q : root.path("questions")) {
            Question question = question(q, source, defaults);
            if (questions.put(question.id(), question) != null) {
                throw new IllegalArgumentException(source + ": two questions have the id '"
                        + question.id() + "'");
            }
        }
        if (questions.isEmpty()) {
            throw new IllegalArgumentException(source + " has no questions");
        }
        AnswerKey key = new AnswerKey(exercise, title, Collections.unmodifiableMap(questions), variants);
        key.selfCheck(source);
        return key;
    }

    private static Question question(JsonNode q, String source, Map<String, Double> quantities) {
        String id = text(q, "id", source);
        String where = source + ", question '" + id + "'";
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(where + ": an id uses letters, digits, '.', '_' and '-'");
        }
        Kind kind = Kind.fromId(text(q, "kind", where));
        double points = q.path("points").asDouble(1);
        if (!(points > 0)) {
            throw new IllegalArgumentException(where + ": points must be positive");
        }
        Map<String, double[]> variables = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = q.path("variables").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> v = it.next();
            JsonNode range = v.getValue();
            if (!range.isArray() || range.size() != 2 || !(range.get(0).asDouble() < range.get(1).asDouble())) {
                throw new IllegalArgumentException(where + ": the range of " + v.getKey()
                        + " must be [low, high] with low < high");
            }
            variables.put(v.getKey(), new double[] {range.get(0).asDouble(), range.get(1).asDouble()});
        }
        List<String> options = new ArrayList<>();
        q.path("options").forEach(o -> options.add(Fingerprint.choice(o.asText())));
        List<String> quantity = VariedQuestions.quantities(q, kind, id, quantities, where);
        List<Mistake> mistakes = new ArrayList<>();
        for (JsonNode m : q.path("mistakes")) {
            List<String> mq = VariedQuestions.mistakeQuantities(m, quantity, quantities, where);
            JsonNode wrong = mq == null ? m.get("answer") : VariedQuestions.values(quantities, mq);
            mistakes.add(new Mistake(wrong, text(m, "feedback", where + ", a mistake"), mq));
        }
        JsonNode answer = q.get("answer");
        VariedQuestions.checkAnswer(answer, quantity, quantities, where);
        Map<String, Double> equations = new LinkedHashMap<>();
        q.path("equations").fields().forEachRemaining(e -> equations.put(e.getKey(), e.getValue().asDouble()));
        double perEquation = equations.values().stream().mapToDouble(Double::doubleValue).sum();
        if (!equations.isEmpty() && (kind != Kind.CODE || perEquation > points + 1e-9
                || equations.values().stream().anyMatch(p -> !(p > 0)))) {
            throw new IllegalArgumentException(where + ": \"equations\" belong to a code question, each with "
                    + "positive points that add up to at most the question's " + points);
        }
        if (kind != Kind.CODE && (answer == null || answer.isNull())) {
            throw new IllegalArgumentException(where + ": a " + kind.id() + " question needs an answer");
        }
        if (kind == Kind.FORMULA && variables.isEmpty()) {
            throw new IllegalArgumentException(where + ": a formula question needs its variables "
                    + "and their ranges, e.g. \"variables\": {\"z\": [-4, 4]}");
        }
        if (kind == Kind.CHOICE && options.isEmpty()) {
            throw new IllegalArgumentException(where + ": a choice question needs its options");
        }
        return new Question(id, kind, points, answer, q.path("decimals").asInt(3),
                Collections.unmodifiableMap(variables), List.copyOf(options), List.copyOf(mistakes),
                q.path("seconds").asInt(10), quantity, Collections.unmodifiableMap(equations));
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" is missing");
        }
        return v.asText();
    }

    /** The key must accept its own answers and reject each of its listed mistakes. */
    private void selfCheck(String source) {
        for (Question q : questions.values()) {
            if (q.kind() == Kind.CODE) {
                continue;
            }
            String where = source + ", question '" + q.id() + "'";
            try {
                if (!judge(q.id(), answerOf(q, q.answer())).isRight()) {
                    throw new IllegalArgumentException(where + ": the key does not accept its own answer");
                }
                for (Mistake m : q.mistakes()) {
                    if (judge(q.id(), answerOf(q, m.answer())).isRight()) {
                        throw new IllegalArgumentException(where + ": the mistake " + m.answer()
                                + " would count as right");
                    }
                }
            } catch (FormulaException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
    }

    // ---- reading -----------------------------------------------------------------------------

    /** The exercise's name, as in its notebook's file name: "04-simple-network". */
    public String exercise() {
        return exercise;
    }

    public String title() {
        return title;
    }

    /** The questions, in the order of the key. */
    public List<Question> questions() {
        return List.copyOf(questions.values());
    }

    public Question question(String id) {
        Question q = questions.get(id);
        if (q == null) {
            throw new IllegalArgumentException("the exercise " + exercise + " has no question '"
                    + id + "'; its questions are " + questions.keySet());
        }
        return q;
    }

    public boolean has(String id) {
        return questions.containsKey(id);
    }

    /** Each student's own numbers, or null when the exercise is the same for everyone. */
    Variants variants() {
        return variants;
    }

    public boolean isVaried() {
        return variants != null;
    }

    /**
     * This key for one variant's numbers (see {@link VariedQuestions#forVariant}); for the default
     * variant and no others, this key itself.
     */
    AnswerKey forVariant(Variants.Variant v, List<Variants.Variant> others) {
        if (variants == null || v.isDefault() && others.isEmpty()) {
            return this;
        }
        Map<String, Question> out = new LinkedHashMap<>();
        VariedQuestions.forVariant(this, v, others).forEach(q -> out.put(q.id(), q));
        AnswerKey key = new AnswerKey(exercise, title, Collections.unmodifiableMap(out), variants);
        key.selfCheck(exercise + ".answers.json for the variant " + v.seed());
        return key;
    }

    /** The feedback for another variant's right answer. */
    static final String DIFFERENT_NUMBERS = VariedQuestions.DIFFERENT_NUMBERS;

    public double totalPoints() {
        return questions.values().stream().mapToDouble(Question::points).sum();
    }

    // ---- judging exactly ---------------------------------------------------------------------

    /** Judges an answer against the real key, as the grader does. */
    public Verdict judge(String id, Answer answer) {
        Question q = question(id);
        if (answer == null) {
            return Verdict.wrong("no answer");
        }
        if (answer.kind() != q.kind()) {
            return Verdict.wrong("this is a " + q.kind().id() + " question, but the answer was given as a "
                    + answer.kind().id() + " (use Check." + q.kind().id() + ")");
        }
        return switch (q.kind()) {
            case NUMBER -> judgeNumbers(q, answer.numbers());
            case FORMULA -> judgeFormula(q, answer.text());
            case CHOICE -> judgeChoice(q, answer.text());
            case CODE -> throw new IllegalArgumentException("code questions are judged by their checks");
        };
    }

    private Verdict judgeNumbers(Question q, double[] given) {
        double[] key = numbers(q.answer());
        String problem = Messages.numberProblem(given, key.length);
        if (problem != null) {
            return Verdict.wrong(problem);
        }
        boolean[] right = new boolean[key.length];
        for (int i = 0; i < key.length; i++) {
            right[i] = Fingerprint.acceptedRoundings(key[i], q.decimals())
                    .contains(Fingerprint.rounded(given[i], q.decimals()));
        }
        if (allTrue(right)) {
            return Verdict.right();
        }
        for (Mistake m : q.mistakes()) {
            double[] wrong = numbers(m.answer());
            if (wrong.length == key.length && allMatch(given, wrong, q.decimals())) {
                return Verdict.wrong(m.feedback());
            }
        }
        return Messages.numbersVerdict(right, q.decimals());
    }

    private static boolean allTrue(boolean[] values) {
        for (boolean v : values) {
            if (!v) {
                return false;
            }
        }
        return true;
    }

    private static boolean allMatch(double[] given, double[] target, int decimals) {
        for (int i = 0; i < target.length; i++) {
            if (!Fingerprint.acceptedRoundings(target[i], decimals)
                    .contains(Fingerprint.rounded(given[i], decimals))) {
                return false;
            }
        }
        return true;
    }

    private Verdict judgeFormula(Question q, String text) {
        Formula given;
        try {
            given = Formula.parse(text, q.variableNames());
        } catch (FormulaException e) {
            return Verdict.wrong(Messages.unreadable(e));
        }
        Formula key = Formula.parse(q.answer().asText(), q.variableNames());
        double[][] points = points(q, GRADER_POINTS, seed(exercise, q.id()) ^ 0x5DEECE66DL);
        int differs = differences(given, key, points);
        if (differs == 0) {
            return Verdict.right();
        }
        for (Mistake m : q.mistakes()) {
            Formula wrong = Formula.parse(m.answer().asText(), q.variableNames());
            if (differences(given, wrong, points) == 0) {
                return Verdict.wrong(m.feedback());
            }
        }
        return Verdict.wrong(Messages.notEquivalent(differs, points.length));
    }

    /** At how many points two formulas differ (points where the second is undefined are skipped). */
    private static int differences(Formula given, Formula reference, double[][] points) {
        int differs = 0;
        for (double[] p : points) {
            double r = reference.evaluate(p);
            if (!Double.isFinite(r)) {
                continue;
            }
            double g = given.evaluate(p);
            if (!(Math.abs(g - r) <= 1e-7 * Math.max(1, Math.abs(r)))) {
                differs++;
            }
        }
        return differs;
    }

    private Verdict judgeChoice(Question q, String text) {
        String given = Fingerprint.choice(text);
        if (!q.options().contains(given)) {
            return Verdict.wrong(Messages.notAnOption(text, q.options()));
        }
        if (given.equals(Fingerprint.choice(q.answer().asText()))) {
            return Verdict.right();
        }
        for (Mistake m : q.mistakes()) {
            if (given.equals(Fingerprint.choice(m.answer().asText()))) {
                return Verdict.wrong(m.feedback());
            }
        }
        return Verdict.wrong("not the right option");
    }

    // ---- helpers shared with KeyFingerprints ----------------------------------------------------

    /** The numbers of a key entry: one number or a list. */
    static double[] numbers(JsonNode node) {
        if (node.isArray()) {
            double[] out = new double[node.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = node.get(i).asDouble();
            }
            return out;
        }
        return new double[] {node.asDouble()};
    }

    /** An answer of the question's kind made from a key entry. */
    static Answer answerOf(Question q, JsonNode node) {
        return switch (q.kind()) {
            case NUMBER -> Answer.numbers(numbers(node));
            case FORMULA -> Answer.formula(node.asText());
            case CHOICE -> Answer.choice(node.asText());
            case CODE -> throw new IllegalArgumentException("code questions have no answer entry");
        };
    }

    /** Random points in the variables' ranges, from a seed: the same seed, the same points. */
    static double[][] points(Question q, int count, long seed) {
        Random random = new Random(seed);
        List<double[]> ranges = new ArrayList<>(q.variables().values());
        double[][] points = new double[count][ranges.size()];
        for (int i = 0; i < count; i++) {
            for (int v = 0; v < ranges.size(); v++) {
                double[] r = ranges.get(v);
                // Four decimals: easy to read back, and exact in the notebook's copy.
                double x = r[0] + (r[1] - r[0]) * random.nextDouble();
                points[i][v] = Math.round(x * 1e4) / 1e4;
            }
        }
        return points;
    }

    /** A seed from the exercise and question, so every release draws the same points. */
    static long seed(String exercise, String id) {
        long h = 1125899906842597L;
        for (char c : Fingerprint.salt(exercise, id).toCharArray()) {
            h = 31 * h + c;
        }
        return h;
    }
}
