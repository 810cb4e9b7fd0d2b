package backprop.check;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a student gave for a question: numbers for a number question, text for a formula or a
 * choice. (Code questions are answered by running code, not by an Answer.)
 */
public record Answer(Kind kind, double[] numbers, String text) {

    public static Answer numbers(double... values) {
        return new Answer(Kind.NUMBER, values.clone(), null);
    }

    public static Answer formula(String text) {
        return new Answer(Kind.FORMULA, null, text);
    }

    public static Answer choice(String text) {
        return new Answer(Kind.CHOICE, null, text);
    }

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
