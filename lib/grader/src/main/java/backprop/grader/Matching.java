package backprop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * From graded submissions to gradebook entries: whose each submission is (its {@link Claim},
 * matched to the {@link Roster} when there is one), which submission counts when a student handed
 * in more than one for an exercise, and what could not be entered. Nothing is dropped silently:
 * every submission that is not entered, and every student of the roster without a grade for an
 * exercise graded in this run, is listed with the reason.
 *
 * <p>The rule for several submissions of one student and exercise: the one last modified counts
 * (at the same time, the last by its path); the others are graded and their pages written, but
 * not entered.
 */
final class Matching {

    /** The entries to enter, and one line for everything that was not entered or is missing. */
    record Result(List<Gradebook.Entry> entries, List<String> notEntered, List<String> missing) {
    }

    private Matching() {
    }

    /**
     * The student a submission is graded as: the roster's login when the claim matches a student,
     * else the claim's own name (null with a roster that does not know it).
     */
    static String student(Claim claim, Roster roster) {
        if (roster == null) {
            if (!claim.lmsId().isEmpty()) {
                return claim.lmsId();
            }
            return claim.name().isEmpty() ? claim.login() : claim.name();
        }
        Roster.Student s = roster.match(claim);
        return s == null ? null : s.login();
    }

    /**
     * The entries for a run's outcomes. {@code modified} gives when each outcome's file (by
     * {@link Outcome#file}) was last changed, {@code unmatched} the files that match no student of
     * the roster, {@code keys} each exercise's answer-key fingerprint.
     */
    static Result entries(List<Outcome> outcomes, Map<String, Long> modified, Set<String> unmatched,
                          Roster roster, Map<String, String> keys, String now) {
        List<String> notEntered = new ArrayList<>();
        Map<String, List<Outcome>> byStudentAndExercise = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (unmatched.contains(o.file()) || o.student() == null || o.student().isEmpty()) {
                notEntered.add(o.file() + ": matches no student of the roster, not entered");
            } else if (o.exercise().equals("(unknown)")) {
                notEntered.add(o.file() + ": not an exercise of this course, not entered");
            } else if (o.notes().stream().anyMatch(n -> n.startsWith(Grader.NOT_GRADED))) {
                notEntered.add(o.file() + ": could not be graded (no healthy kernel); the gradebook keeps "
                        + o.student() + "'s earlier grade, if any. Grade it again");
            } else {
                byStudentAndExercise.computeIfAbsent(o.exercise() + "\u0000" + o.student(), k -> new ArrayList<>())
                        .add(o);
            }
        }
        List<Gradebook.Entry> entries = new ArrayList<>();
        for (List<Outcome> same : byStudentAndExercise.values()) {
            same.sort(Comparator.comparing((Outcome o) -> modified.getOrDefault(o.file(), 0L)).thenComparing(Outcome::file));
            Outcome counted = same.get(same.size() - 1);
            for (Outcome other : same.subList(0, same.size() - 1)) {
                notEntered.add(other.file() + ": " + counted.student() + " handed in " + same.size()
                        + " notebooks for " + counted.exercise() + "; the one last changed counts ("
                        + counted.file() + "), this one is not entered");
            }
            entries.add(entry(counted, roster, keys.getOrDefault(counted.exercise(), ""), now));
        }
        return new Result(entries, notEntered, missing(outcomes, entries, roster));
    }

    private static Gradebook.Entry entry(Outcome o, Roster roster, String key, String now) {
        Roster.Student s = roster == null ? null : roster.students().stream()
                .filter(r -> r.login().equals(o.student())).findFirst().orElse(null);
        return new Gradebook.Entry(o.student(), s == null ? "" : s.name(), s == null ? "" : s.id(),
                s == null ? "" : s.section(), o.exercise(), o.points(), o.max(), o.questions(), o.file(), now, key,
                o.replay());
    }

    /** When a file was last changed, in nanoseconds (0 when that cannot be read), for {@link #entries}. */
    static long modified(Path file) {
        try {
            // In nanoseconds, as the file system keeps it: two files saved within one millisecond
            // are still told apart.
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Students of the roster with no entry for an exercise this run graded. */
    private static List<String> missing(List<Outcome> outcomes, List<Gradebook.Entry> entries, Roster roster) {
        List<String> out = new ArrayList<>();
        if (roster == null) {
            return out;
        }
        Set<String> exercises = new TreeSet<>();
        outcomes.stream().map(Outcome::exercise).filter(e -> !e.equals("(unknown)")).forEach(exercises::add);
        for (String ex : exercises) {
            Set<String> graded = new TreeSet<>();
            entries.stream().filter(e -> e.exercise().equals(ex)).forEach(e -> graded.add(e.student()));
            for (Roster.Student s : roster.students()) {
                if (!graded.contains(s.login())) {
                    out.add(ex + ": no submission from " + s.login() + " (" + s.name() + ")");
                }
            }
        }
        return out;
    }
}
