package backprop.check;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a student gave for a question: numbers for a number question, text for a formula or a
 * choice. (Code questions are answered by running code, not by an Answer.)
 *
 * @param kind    the kind of question it answers: number, formula or choice
 * @param numbers the numbers of a number answer, null for the others
 * @param text    the text of a formula or choice answer, null for a number answer
 */
public record Answer(Kind kind, double[] numbers, String text) {

    /** An answer of one or more numbers, in the question's order. */
    public static Answer numbers(double... values) {
        return new Answer(Kind.NUMBER, values.clone(), null);
    }

    /** A formula as the student typed it, e.g. "a*(1-a)". */
    public static Answer formula(String text) {
        return new Answer(Kind.FORMULA, null, text);
    }

    /** The option the student picked, by its label, such as "B". */
    public static Answer choice(String text) {
        return new Answer(Kind.CHOICE, null, text);
    }

    /** The numbers of a number answer (a copy), null for a formula or a choice. */
    @Override
    public double[] numbers() {
        return numbers == null ? null : numbers.clone();
    }

    /** The answer as a student would write it, for feedback pages: 0.6 rather than the
     *  0.6000000000000001 that 0.1 × 6 leaves, -6 rather than -6.0. */
    @Override
    public String toString() {
        if (kind == Kind.NUMBER) {
            return numbers.length == 1 ? written(numbers[0])
                    : Arrays.stream(numbers).mapToObj(Answer::written).collect(Collectors.joining(", ", "[", "]"));
        }
        return text;
    }

    /** Twelve significant digits at most, so binary round-off never shows; no trailing zeros. */
    static String written(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(12)).stripTrailingZeros();
        double a = Math.abs(x);
        return a == 0 || (a >= 1e-6 && a < 1e12) ? d.toPlainString() : d.toString().replace("E+", "e").replace('E', 'e');
    }
}
