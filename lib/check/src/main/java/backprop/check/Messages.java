package backprop.check;

import java.util.ArrayList;
import java.util.List;

/** The feedback sentences shared by the notebook's checks and the grader, in one place. */
public final class Messages {

    private Messages() {
    }

    /** What is wrong with the shape of a number answer before it is compared, or null. */
    public static String numberProblem(double[] given, int expected) {
        if (given == null || given.length == 0) {
            return "no number was given";
        }
        if (given.length != expected) {
            return "expected " + (expected == 1 ? "one number" : expected + " numbers") + " but got "
                    + given.length;
        }
        for (int i = 0; i < given.length; i++) {
            if (Double.isNaN(given[i])) {
                return where(i, expected) + "NaN (not a number): look for 0/0 or a value that was never set";
            }
            if (Double.isInfinite(given[i])) {
                return where(i, expected) + "infinite: look for a division by zero";
            }
        }
        return null;
    }

    private static String where(int i, int count) {
        return count == 1 ? "the answer is " : "entry " + (i + 1) + " is ";
    }

    /** The verdict on numbers, given which entries are right: each right entry earns its share. */
    public static Verdict numbersVerdict(boolean[] right, int decimals) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < right.length; i++) {
            if (!right[i]) {
                wrong.add(String.valueOf(i + 1));
            }
        }
        if (wrong.isEmpty()) {
            return Verdict.right();
        }
        String precision = " (compared to " + decimals + " decimal" + (decimals == 1 ? "" : "s") + ")";
        if (right.length == 1) {
            return Verdict.wrong("not right" + precision);
        }
        double share = (double) (right.length - wrong.size()) / right.length;
        return new Verdict(share, (right.length - wrong.size()) + " of " + right.length
                + " right; not right yet: entr" + (wrong.size() == 1 ? "y " : "ies ")
                + String.join(", ", wrong) + precision);
    }

    /** The feedback for a formula that cannot be read: the problem and where it is. */
    public static String unreadable(FormulaException e) {
        return "cannot read the formula: " + e.getMessage();
    }

    /** The feedback for a formula whose values differ from the key's at some of the test points. */
    public static String notEquivalent(int differs, int points) {
        return "not equivalent to the expected formula: the values differ at " + differs + " of "
                + points + " test points";
    }

    /** The feedback for a choice that is none of the options, listing them. */
    public static String notAnOption(String given, List<String> options) {
        return "'" + given + "' is not one of the options " + String.join(", ", options);
    }
}
