package backprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnswerTest {

    @Test
    void numbersShowAsAStudentWouldWriteThem() {
        assertEquals("0.6", Answer.numbers(0.1 * 6).toString());
        assertEquals("-6", Answer.numbers(-6.0).toString());
        assertEquals("2.0809165", Answer.numbers(2.0809165).toString());
        assertEquals("0", Answer.numbers(0.0).toString());
        assertEquals("1.5e-9", Answer.numbers(1.5e-9).toString());
        assertEquals("2.5e13", Answer.numbers(2.5e13).toString());
        assertEquals("NaN", Answer.numbers(Double.NaN).toString());
        assertEquals("[0.3, -0.0042]", Answer.numbers(0.1 + 0.2, -0.0042).toString());
    }

    @Test
    void formulasAndChoicesShowAsTyped() {
        assertEquals("w_1-eta*dC/dw_1", Answer.formula("w_1-eta*dC/dw_1").toString());
        assertEquals("B", Answer.choice("B").toString());
    }
}
