package backprop.grader;

import backprop.check.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The varied questions of an answer key (see {@link Variants}): a number question whose answer,
 * and whose known mistakes, are quantities of the variant model, one per number of the answer.
 * Read with the key, and made into a key for one student's numbers.
 */
final class VariedQuestions {

    /** The feedback for another variant's right answer. */
    static final String DIFFERENT_NUMBERS = "this is the answer for different numbers, not for yours: "
            + "work it out with the numbers in your own notebook";

    private VariedQuestions() {
    }

    /** The quantities a question's "varied" names (null when it has none), checked against the model's. */
    static List<String> quantities(JsonNode q, Kind kind, String id, Map<String, Double> model, String where) {
        if (!q.has("varied")) {
            return null;
        }
        if (kind != Kind.NUMBER || model == null) {
            throw new IllegalArgumentException(where + ": only a number question of a key with a \"variant\" "
                    + "section can be varied");
        }
        List<String> names = names(q.get("varied"), id);
        if (!model.keySet().containsAll(names)) {
            throw new IllegalArgumentException(where + ": the variant model computes no " + names
                    + "; it computes " + model.keySet());
        }
        return names;
    }

    /** The quantities a mistake's "quantity" names (null when it names none), one per number of the answer. */
    static List<String> mistakeQuantities(JsonNode m, List<String> answer, Map<String, Double> model, String where) {
        if (!m.has("quantity")) {
            return null;
        }
        List<String> names = names(m.get("quantity"), "");
        if (answer == null || !model.keySet().containsAll(names) || names.size() != answer.size()) {
            throw new IllegalArgumentException(where + ": a mistake names the quantities " + names + ", "
                    + (answer == null ? "but only a varied question's mistakes can"
                    : "which are not " + answer.size() + " the variant model computes; it computes " + model.keySet()));
        }
        return names;
    }

    /** A varied question's "answer" must be its quantities for the default numbers. */
    static void checkAnswer(JsonNode answer, List<String> quantities, Map<String, Double> model, String where) {
        if (quantities == null) {
            return;
        }
        double[] expected = AnswerKey.numbers(values(model, quantities));
        double[] given = answer == null ? new double[0] : AnswerKey.numbers(answer);
        boolean same = given.length == expected.length;
        for (int i = 0; same && i < expected.length; i++) {
            same = Math.abs(given[i] - expected[i]) <= 1e-9 * Math.max(1, Math.abs(expected[i]));
        }
        if (!same) {
            throw new IllegalArgumentException(where + ": its \"answer\" must be the variant model's "
                    + quantities + " for the default numbers, " + Arrays.toString(expected));
        }
    }

    /**
     * The key's questions for one variant's numbers: each varied question's answer and known
     * mistakes are the variant model's values for them, and another variant's right answer (the
     * default's, and those of {@code others}) is a known mistake, "the answer for different
     * numbers". A mistake that rounds like the answer is left out.
     */
    static List<AnswerKey.Question> forVariant(AnswerKey key, Variants.Variant v, List<Variants.Variant> others) {
        Variants variants = key.variants();
        Map<String, Double> mine = variants.quantities(v);
        List<Map<String, Double>> theirs = new ArrayList<>();
        theirs.add(variants.quantities(variants.defaults()));
        others.forEach(o -> theirs.add(variants.quantities(o)));
        List<AnswerKey.Question> out = new ArrayList<>();
        for (AnswerKey.Question q : key.questions()) {
            if (q.quantity() == null) {
                out.add(q);
                continue;
            }
            JsonNode answer = values(mine, q.quantity());
            List<AnswerKey.Mistake> mistakes = new ArrayList<>();
            for (AnswerKey.Mistake m : q.mistakes()) {
                JsonNode wrong = values(mine, m.quantity());
                if (!sameAt(AnswerKey.numbers(wrong), AnswerKey.numbers(answer), q.decimals())) {
                    mistakes.add(new AnswerKey.Mistake(wrong, m.feedback(), m.quantity()));
                }
            }
            for (Map<String, Double> other : theirs) {
                JsonNode wrong = values(other, q.quantity());
                if (!sameAt(AnswerKey.numbers(wrong), AnswerKey.numbers(answer), q.decimals())) {
                    mistakes.add(new AnswerKey.Mistake(wrong, DIFFERENT_NUMBERS, null));
                }
            }
            out.add(new AnswerKey.Question(q.id(), q.kind(), q.points(), answer, q.decimals(), q.variables(),
                    q.options(), List.copyOf(mistakes), q.seconds(), q.quantity(), q.equations()));
        }
        return out;
    }

    /** The quantities a "varied" or a mistake's "quantity" names: one name, or a list. */
    private static List<String> names(JsonNode node, String fallback) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.isTextual() ? node.asText() : fallback);
        }
        return List.copyOf(out);
    }

    /** The model's values of some quantities, as a key entry: one number, or a list. */
    static JsonNode values(Map<String, Double> quantities, List<String> names) {
        if (names.size() == 1) {
            return JsonNodeFactory.instance.numberNode(quantities.get(names.get(0)));
        }
        var array = JsonNodeFactory.instance.arrayNode();
        names.forEach(n -> array.add(quantities.get(n)));
        return array;
    }

    /** True when every entry of two answers has an accepted rounding in common. */
    static boolean sameAt(double[] a, double[] b, int decimals) {
        for (int i = 0; i < a.length; i++) {
            if (!Variants.sameAt(a[i], b[i], decimals)) {
                return false;
            }
        }
        return true;
    }
}
