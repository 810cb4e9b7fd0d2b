package backprop.check;

/**
 * The judgement of one answer: the share of the question's points it earns (0 to 1) and a message
 * for the student that never gives the expected answer away.
 *
 * @param score   the share of the points earned, 0 to 1 (anything else is refused)
 * @param message the feedback for the student: "right", or what is wrong
 */
public record Verdict(double score, String message) {

    public Verdict {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a score is between 0 and 1, got " + score);
        }
    }

    /** Full points, with the message "right". */
    public static Verdict right() {
        return new Verdict(1, "right");
    }

    /** No points, with a message saying what is wrong. */
    public static Verdict wrong(String message) {
        return new Verdict(0, message);
    }

    /** Whether the answer earns all the points (score 1). */
    public boolean isRight() {
        return score == 1;
    }
}
