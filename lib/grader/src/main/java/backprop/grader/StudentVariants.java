package backprop.grader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which numbers a submission of a varied exercise is graded against: the student's own, derived
 * again from the exercise, the student's login and the instructor's secret ({@link Variants#seed}),
 * whatever seed the notebook carries. Another variant's right answer is a known mistake, "the answer
 * for different numbers": the course's example's, the roster's other students', and the variant
 * the notebook says it has when that is not the student's.
 */
final class StudentVariants {

    /** The key a submission is judged by, the seed of its numbers ("" for an exercise not varied), and a note. */
    record Judged(AnswerKey key, String seed, String note) {
    }

    private final String secret;
    private final Roster roster;
    /** exercise → the roster's students' variants, drawn once. */
    private final Map<String, List<Variants.Variant>> classOf = new ConcurrentHashMap<>();

    /** With the instructor's secret (null: none) and the roster (null: none). */
    StudentVariants(String secret, Roster roster) {
        this.secret = secret;
        this.roster = roster;
    }

    static final StudentVariants NONE = new StudentVariants(null, null);

    Judged judged(Exercise ex, Notebook nb, String student) {
        AnswerKey key = ex.key();
        if (!key.isVaried()) {
            return new Judged(key, "", null);
        }
        Variants variants = key.variants();
        String carried = nb.labMetadata().path("variant").asText("");
        Variants.Variant claimed = readable(carried) ? variants.draw(carried, key) : null;
        if (secret == null) {
            Variants.Variant v = claimed != null ? claimed : variants.defaults();
            String note = claimed == null || claimed.isDefault() ? null : "No instructor's secret was given to the grader: "
                    + "this notebook was graded with the numbers it says it was released with (variant " + carried
                    + "), which could not be checked.";
            return new Judged(key.forVariant(v, List.of()), v.seed(), note);
        }
        String seed = Variants.seed(secret, ex.name(), student);
        Variants.Variant mine = variants.draw(seed, key);
        List<Variants.Variant> others = new ArrayList<>(classVariants(ex));
        others.removeIf(o -> o.seed().equals(seed));
        String note = null;
        if (!seed.equals(carried)) {
            if (claimed != null) {
                others.add(claimed);
            }
            note = (carried.isEmpty() ? "Your notebook does not say which numbers it has (its variant seed is missing)"
                    : "Your notebook's variant seed is not the one released to you (it was changed, or the notebook "
                    + "is another's)") + ": it was graded against your own numbers, variant " + seed + ".";
        }
        return new Judged(key.forVariant(mine, others), seed, note);
    }

    /** The variants of the roster's students for an exercise (none without a roster). */
    private List<Variants.Variant> classVariants(Exercise ex) {
        if (roster == null) {
            return List.of();
        }
        return classOf.computeIfAbsent(ex.name(), name -> roster.students().stream()
                .map(s -> ex.key().variants().draw(Variants.seed(secret, name, s.login()), ex.key())).toList());
    }

    /** A seed as a released notebook carries it: "default", or 16 hex digits. */
    private static boolean readable(String seed) {
        return seed.equals(Variants.DEFAULT) || seed.matches("[0-9a-f]{16}");
    }
}
