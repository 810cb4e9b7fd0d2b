package backprop.grader;

import java.util.List;

/**
 * How one submission did: per question, the points, a one-word result and the reason, plus, for
 * code questions, each case.
 */
public record Outcome(String student, String exercise, String file, List<Question> questions,
                      List<String> notes, double seconds) {

    /**
     * One question's grade. {@code result} is right, partly right, wrong, not answered, error or
     * flagged (left to the instructor, see {@link Flags}).
     */
    public record Question(String id, String kind, double points, double max, String result,
                           String message, List<Case> cases) {
    }

    /** One case of a code question. */
    public record Case(String name, boolean passed, String message) {
    }

    public double points() {
        return questions.stream().mapToDouble(Question::points).sum();
    }

    public double max() {
        return questions.stream().mapToDouble(Question::max).sum();
    }
}
