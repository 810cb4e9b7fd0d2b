package backprop.grader;

import backprop.check.Fingerprint;
import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Each student's own numbers for an exercise: the {@code "variant"} section of its answer key.
 *
 * <pre>{@code
 * "variant": {
 *   "model": "relu-then-sigmoid",
 *   "numbers": { "x": {"default": 3, "range": [0.5, 3]}, "w1": {"default": 0.01, "range": [-2, 2]}, … },
 *   "decimals": 2,
 *   "rules": [ {"quantity": "z1", "away-from": 0, "by": 0.1, "why": "a ReLU at its kink"},
 *              {"quantity": "loss", "at-least": 0.01, "why": "a loss too small to round"} ] }
 * }</pre>
 *
 * The defaults are the course's worked example (what {@code ./lab release} without a roster gives,
 * and the lectures use). A student's numbers are drawn from the ranges, rounded to
 * {@code decimals}, by a {@link Random} seeded with the student's {@link #seed}: the same
 * student, exercise and secret always give the same numbers. A draw is kept only when every rule
 * holds and every varied answer can be told apart at its decimals (from 0, and from each known
 * mistake); otherwise the next draw is tried, up to {@link #DRAWS}.
 */
final class Variants {

    /** Draws tried before a key's ranges are declared unable to give a valid variant. */
    static final int DRAWS = 1000;

    /** The seed of the course's own numbers, the un-varied default. */
    static final String DEFAULT = "default";

    /** One student's numbers of one exercise, and the seed they were drawn from. */
    record Variant(String exercise, String seed, Map<String, Double> numbers) {
        boolean isDefault() {
            return DEFAULT.equals(seed);
        }
    }

    /** A condition on a quantity that every drawn variant must meet. */
    record Rule(String quantity, Double awayFrom, double by, Double atLeast, String why) {
        /** Null when the quantity meets the rule, else what is wrong. */
        String problem(double value) {
            if (awayFrom != null && Math.abs(value - awayFrom) < by) {
                return quantity + " within " + Answers.plain(by) + " of " + Answers.plain(awayFrom) + " (" + why + ")";
            }
            if (atLeast != null && Math.abs(value) < atLeast) {
                return "|" + quantity + "| below " + Answers.plain(atLeast) + " (" + why + ")";
            }
            return null;
        }
    }

    private final String exercise;
    private final VariantModel model;
    private final Map<String, Double> defaults = new LinkedHashMap<>();
    private final Map<String, double[]> ranges = new LinkedHashMap<>();
    private final int decimals;
    private final List<Rule> rules = new ArrayList<>();

    private Variants(String exercise, VariantModel model, int decimals) {
        this.exercise = exercise;
        this.model = model;
        this.decimals = decimals;
    }

    /** Reads a key's "variant" section; a problem is named with {@code where}. */
    static Variants parse(String exercise, JsonNode node, String where) {
        String at = where + ", \"variant\"";
        if (!node.path("model").isTextual()) {
            throw new IllegalArgumentException(at + ": \"model\" is missing");
        }
        VariantModel model = VariantModel.named(node.get("model").asText(), at);
        Variants v = new Variants(exercise, model, node.path("decimals").asInt(2));
        for (String name : model.numbers()) {
            JsonNode n = node.path("numbers").path(name);
            JsonNode range = n.path("range");
            if (!n.path("default").isNumber() || !range.isArray() || range.size() != 2
                    || !(range.get(0).asDouble() < range.get(1).asDouble())) {
                throw new IllegalArgumentException(at + ": the number " + name + " needs a \"default\" and a "
                        + "\"range\" [low, high] with low < high");
            }
            v.defaults.put(name, n.get("default").asDouble());
            v.ranges.put(name, new double[] {range.get(0).asDouble(), range.get(1).asDouble()});
        }
        node.path("numbers").fieldNames().forEachRemaining(name -> {
            if (!model.numbers().contains(name)) {
                throw new IllegalArgumentException(at + ": the model " + node.get("model").asText()
                        + " has no number " + name + "; its numbers are " + model.numbers());
            }
        });
        Map<String, Double> known = model.quantities(v.defaults);
        for (JsonNode r : node.path("rules")) {
            String q = r.path("quantity").asText("");
            if (!known.containsKey(q)) {
                throw new IllegalArgumentException(at + ": a rule names the quantity '" + q + "', which the model "
                        + "does not compute; it computes " + known.keySet());
            }
            Double away = r.has("away-from") ? r.get("away-from").asDouble() : null;
            Double least = r.has("at-least") ? r.get("at-least").asDouble() : null;
            if (away == null && least == null) {
                throw new IllegalArgumentException(at + ": the rule on " + q + " needs \"away-from\" (and \"by\") "
                        + "or \"at-least\"");
            }
            v.rules.add(new Rule(q, away, r.path("by").asDouble(0), least, r.path("why").asText("a rule of the key")));
        }
        return v;
    }

    VariantModel model() {
        return model;
    }

    /** Every quantity of the model for a variant's numbers. */
    Map<String, Double> quantities(Variant v) {
        return model.quantities(v.numbers());
    }

    /** The course's own numbers. */
    Variant defaults() {
        return new Variant(exercise, DEFAULT, new LinkedHashMap<>(defaults));
    }

    /**
     * The seed of a student's variant: the first 64 bits, in hex, of HMAC-SHA256 of the exercise
     * and the student's login under the instructor's secret. Without the secret, a student's seed
     * (and so their numbers) cannot be told from their login.
     */
    static String seed(String secret, String exercise, String student) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal((exercise + "\n" + student.toLowerCase(java.util.Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no HmacSHA256", e);
        }
    }

    /**
     * The variant a seed gives: the first of its draws that is valid for the key. The default seed
     * gives the course's numbers. Fails, with the reasons, when no draw of {@link #DRAWS} is valid.
     */
    Variant draw(String seed, AnswerKey key) {
        if (DEFAULT.equals(seed)) {
            return defaults();
        }
        Random random = new Random(Long.parseUnsignedLong(seed, 16));
        Map<String, Integer> reasons = new TreeMap<>();
        for (int i = 0; i < DRAWS; i++) {
            Map<String, Double> numbers = new LinkedHashMap<>();
            ranges.forEach((name, r) -> numbers.put(name, round(r[0] + (r[1] - r[0]) * random.nextDouble())));
            Variant v = new Variant(exercise, seed, numbers);
            String problem = problem(v, key);
            if (problem == null) {
                return v;
            }
            reasons.merge(problem, 1, Integer::sum);
        }
        StringBuilder why = new StringBuilder();
        reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                .forEach(e -> why.append(why.length() == 0 ? "" : "; ").append(e.getKey()).append(" in ")
                        .append(e.getValue()).append(" of ").append(DRAWS).append(" draws"));
        throw new IllegalArgumentException(exercise + ".answers.json: its \"variant\" ranges give no valid "
                + "variant in " + DRAWS + " draws: " + why + ". Widen the ranges or loosen the rules");
    }

    /** Why a drawn variant is not valid for the key, or null. */
    String problem(Variant v, AnswerKey key) {
        Map<String, Double> q = quantities(v);
        for (Map.Entry<String, Double> e : q.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                return e.getKey() + " is not a finite number";
            }
        }
        for (Rule r : rules) {
            String p = r.problem(q.get(r.quantity()));
            if (p != null) {
                return p;
            }
        }
        for (AnswerKey.Question question : key.questions()) {
            if (question.quantity() == null) {
                continue;
            }
            double[] answer = AnswerKey.numbers(VariedQuestions.values(q, question.quantity()));
            int d = question.decimals();
            for (double a : answer) {
                if (Math.abs(a) < 2 * Math.pow(10, -d)) {
                    return "the answer to " + question.id() + " too small to tell from 0 at " + d + " decimals";
                }
            }
            for (AnswerKey.Mistake m : question.mistakes()) {
                if (m.quantity() != null && VariedQuestions.sameAt(answer, AnswerKey.numbers(VariedQuestions.values(q, m.quantity())), d)) {
                    return "a known mistake of " + question.id() + " (" + m.quantity() + ") that rounds like its "
                            + "answer at " + d + " decimals";
                }
            }
        }
        return null;
    }

    /** True when two values have an accepted rounding in common at {@code decimals}. */
    static boolean sameAt(double a, double b, int decimals) {
        return Fingerprint.acceptedRoundings(a, decimals).stream()
                .anyMatch(Fingerprint.acceptedRoundings(b, decimals)::contains);
    }

    private double round(double x) {
        return BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    /** Numbers written for people: 0.1 as "0.1", 3.0 as "3". */
    static final class Answers {
        private Answers() {
        }

        static String plain(double x) {
            return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        }
    }
}
