package backprop.grader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How one submission did: per question, the points, a one-word result and the reason, plus, for
 * code questions, each case. {@code file} names the submission as reports show it (see
 * {@link Submissions.Submission#shown}).
 */
public record Outcome(String student, String exercise, String file, List<Question> questions,
                      List<String> notes, double seconds, Provenance replay) {

    /** An outcome that records nothing to replay it by (a notebook that was not read). */
    public Outcome(String student, String exercise, String file, List<Question> questions, List<String> notes,
                   double seconds) {
        this(student, exercise, file, questions, notes, seconds, null);
    }

    /**
     * One question's grade. {@code result} is right, partly right, wrong, not answered, error or
     * flagged (left to the instructor, see {@link Flags}). {@code heading} names it as the
     * exercise does (see {@link Exercise#heading}).
     */
    public record Question(String id, String kind, double points, double max, String result,
                           String message, List<Case> cases, String heading) {

        /** A grade named by its id alone (no exercise heading known). */
        public Question(String id, String kind, double points, double max, String result,
                        String message, List<Case> cases) {
            this(id, kind, points, max, result, message, cases, id);
        }
    }

    /** One case of a code question. */
    public record Case(String name, boolean passed, String message) {
    }

    /** The order of grades and pages: by exercise, then student, then file. */
    static final Comparator<Outcome> ORDER = Comparator.comparing(Outcome::exercise)
            .thenComparing(Outcome::student).thenComparing(Outcome::file);

    /** This outcome with one more note. */
    Outcome withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new Outcome(student, exercise, file, questions, List.copyOf(more), seconds, replay);
    }

    /** This outcome with what it was made from. */
    Outcome withReplay(Provenance provenance) {
        return new Outcome(student, exercise, file, questions, notes, seconds, provenance);
    }

    public double points() {
        return questions.stream().mapToDouble(Question::points).sum();
    }

    public double max() {
        return questions.stream().mapToDouble(Question::max).sum();
    }
}
