package backprop.check;

/**
 * The judgement of one answer: the share of the question's points it earns (0 to 1) and a message
 * for the student that never gives the expected answer away.
 */
public record Verdict(double score, String message) {

    public Verdict {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a score is between 0 and 1, got " + score);
        }
    }

    public static Verdict right() {
        return new Verdict(1, "right");
    }

    public static Verdict wrong(String message) {
        return new Verdict(0, message);
    }

    public boolean isRight() {
        return score == 1;
    }
}
