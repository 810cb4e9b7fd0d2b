package backprop.grader;

import backprop.check.Fingerprint;
import backprop.check.Fingerprints;
import backprop.check.Formula;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Fingerprints} of an answer key: what the release tool puts into an exercise's first
 * cell, so that its checks can tell a right answer and a known mistake without the answers.
 */
public final class KeyFingerprints {

    /** Points at which a formula's fingerprints are taken. */
    static final int FORMULA_POINTS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyFingerprints() {
    }

    /** The fingerprints of an answer key's answers and mistakes. */
    public static Fingerprints of(AnswerKey key) {
        Map<String, JsonNode> questions = new LinkedHashMap<>();
        for (AnswerKey.Question q : key.questions()) {
            questions.put(q.id(), publish(key.exercise(), q));
        }
        return Fingerprints.of(key.exercise(), questions);
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
}
