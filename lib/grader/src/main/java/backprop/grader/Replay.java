package backprop.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./lab grade --replay STUDENT}: each of a student's grades in the gradebook made again
 * from what it was made from ({@link Provenance}): the gradebook's copy of the very notebook graded
 * (checked against its SHA-256), graded afresh, in a sandbox, against the student's numbers. It
 * prints whether the score and every reason came out the same, what differs if not, and what
 * changed since (the seed, the library, the JDK, the answer key).
 */
final class Replay {

    private Replay() {
    }

    /** Replays every grade of {@code student}; true when each came out the same. */
    static boolean run(Path gradebook, String student, Grader grader, Path work, PrintStream out)
            throws IOException, InterruptedException {
        List<Gradebook.Entry> entries = Gradebook.open(gradebook).entries().stream()
                .filter(e -> e.student().toLowerCase(Locale.ROOT).equals(student.toLowerCase(Locale.ROOT))).toList();
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(gradebook + " has no grade of " + student);
        }
        boolean same = true;
        for (Gradebook.Entry e : entries) {
            out.println(e.exercise() + " · " + e.student() + " (" + e.file() + ", graded " + e.gradedAt() + "): "
                    + Reports.number(e.points()) + " of " + Reports.number(e.max()) + " points");
            Provenance p = e.replay();
            if (p == null) {
                out.println("  cannot be replayed: it was graded before grades recorded what they were made from");
                same = false;
                continue;
            }
            Path copy = Gradebook.submissions(gradebook).resolve(p.submission() + ".ipynb");
            if (!Files.isRegularFile(copy)) {
                out.println("  cannot be replayed: the gradebook's copy of the notebook graded is missing (" + copy + ")");
                same = false;
                continue;
            }
            byte[] bytes = Files.readAllBytes(copy);
            if (!Provenance.sha256(bytes).equals(p.submission())) {
                out.println("  cannot be replayed: the gradebook's copy of the notebook has changed since (" + copy + ")");
                same = false;
                continue;
            }
            Path file = work.resolve(e.student()).resolve(e.exercise() + ".ipynb");
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            Outcome again = grader.gradeOne(new Submissions.Submission(e.student(), file, e.file(), null));
            List<String> changed = changes(p, again.replay());
            List<String> differs = differences(e.questions(), again.questions());
            changed.forEach(c -> out.println("  since then: " + c));
            if (differs.isEmpty()) {
                out.println("  replayed: the same score and the same feedback, question by question");
            } else {
                same = false;
                out.println("  replayed: " + Reports.number(again.points()) + " of " + Reports.number(again.max())
                        + " points, and it differs:");
                differs.forEach(d -> out.println("    " + d));
            }
        }
        return same;
    }

    /** What the grade was made from then and now, where they differ. */
    private static List<String> changes(Provenance then, Provenance now) {
        List<String> out = new ArrayList<>();
        if (now == null) {
            out.add("the notebook could not be graded again");
            return out;
        }
        compare(out, "the student's variant seed", then.seed(), now.seed());
        compare(out, "the library", then.library(), now.library());
        compare(out, "the JDK", then.jdk(), now.jdk());
        compare(out, "the answer key and solution", then.key(), now.key());
        return out;
    }

    private static void compare(List<String> out, String what, String then, String now) {
        if (!then.equals(now)) {
            out.add(what + " was " + (then.isEmpty() ? "none" : then) + ", is " + (now.isEmpty() ? "none" : now));
        }
    }

    private static List<String> differences(List<Outcome.Question> then, List<Outcome.Question> now) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(then.size(), now.size()); i++) {
            Outcome.Question a = i < then.size() ? then.get(i) : null;
            Outcome.Question b = i < now.size() ? now.get(i) : null;
            if (a == null || b == null) {
                out.add((a == null ? b.id() + " is new" : a.id() + " is gone"));
            } else if (!a.equals(b)) {
                out.add(a.id() + ": " + Reports.number(a.points()) + " then, " + Reports.number(b.points()) + " now"
                        + (a.message().equals(b.message()) ? "" : "; then \"" + a.message() + "\", now \"" + b.message() + "\"")
                        + (a.cases().equals(b.cases()) ? "" : "; its checks' results differ"));
            }
        }
        return out;
    }
}
