package backprop.check;

/**
 * A formula that cannot be read, with the position of the problem (counted from 1 for people)
 * and a pointer line under the formula:
 *
 * <pre>
 * an operator is missing before 'z' (write * for a product, for example 2*z), at position 2:
 *   2z
 *    ^
 * </pre>
 */
public final class FormulaException extends IllegalArgumentException {

    private final String problem;
    private final int position;

    /** The problem found in the formula at {@code index}, counted from 0 (shown counted from 1). */
    public FormulaException(String problem, String formula, int index) {
        super(problem + ", at position " + (index + 1) + ":\n  " + formula + "\n  "
                + " ".repeat(Math.max(0, index)) + "^");
        this.problem = problem;
        this.position = index + 1;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** Where, counted from 1. */
    public int position() {
        return position;
    }
}
