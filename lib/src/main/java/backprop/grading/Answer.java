package backprop.grading;

import java.util.Arrays;

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

    /** The answer as a student would write it, for feedback pages. */
    @Override
    public String toString() {
        if (kind == Kind.NUMBER) {
            return numbers.length == 1 ? String.valueOf(numbers[0]) : Arrays.toString(numbers);
        }
        return text;
    }
}
