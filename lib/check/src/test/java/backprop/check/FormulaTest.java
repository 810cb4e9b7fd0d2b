package backprop.check;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormulaTest {

    private static double at(String formula, double z) {
        return Formula.parse(formula, List.of("z")).evaluate(z);
    }

    @Test
    void theSigmoidSlopeInTermsOfEAndZ() {
        double s = 1 / (1 + Math.exp(-0.7));
        assertEquals(s * (1 - s), at("e^(-z)/(1+e^(-z))^2", 0.7), 1e-15);
        assertEquals(s * (1 - s), at("exp(-z) / (1 + exp(-z))^2", 0.7), 1e-15);
        assertEquals(1 - s, at("1-(1/(1+e^(-z)))", 0.7), 1e-15);
    }

    @Test
    void precedenceAndGrouping() {
        assertEquals(-4, at("-z^2", 2));
        assertEquals(512, at("2^3^2", 0));
        assertEquals(Math.exp(-2), at("e^-z", 2), 1e-15);
        assertEquals(7, at("1+2*3", 0));
        assertEquals(1.5, at("6/2/2", 0));
        assertEquals(9, at("(1+2)*3", 0));
        assertEquals(2, at("--z", 2));
        assertEquals(8, at("2**3", 0), "Python's ** reads as a power");
        assertEquals(-6, at("2·(−3)", 0), "typographic times and minus");
        assertEquals(Math.log(2) + Math.sqrt(4), at("ln(z) + sqrt(4)", 2), 1e-15);
        assertEquals(0.001, at("1e-3", 0));
    }

    @Test
    void multiLetterVariablesOfTheSgdRule() {
        Formula f = Formula.parse("w_1-eta*(partialC)/(partialw_1)",
                List.of("w_1", "eta", "partialC", "partialw_1"));
        assertEquals(1 - 0.5 * 3 / 2, f.evaluate(Map.of("w_1", 1.0, "eta", 0.5, "partialC", 3.0,
                "partialw_1", 2.0)), 1e-15);
    }

    @Test
    void eIsAVariableWhenTheQuestionDeclaresOne() {
        assertEquals(5, Formula.parse("e", List.of("e")).evaluate(5));
        assertEquals(Math.E, Formula.parse("e", List.of("z")).evaluate(5));
    }

    @Test
    void errorsSayWhatAndWhere() {
        FormulaException e = assertThrows(FormulaException.class, () -> at("2z", 1));
        assertEquals(2, e.position());
        assertTrue(e.problem().contains("operator is missing"), e.getMessage());
        assertTrue(e.getMessage().endsWith("  2z\n   ^"), e.getMessage());

        e = assertThrows(FormulaException.class, () -> at("(1+z", 1));
        assertEquals(1, e.position());
        assertTrue(e.problem().contains("never closed"), e.getMessage());

        e = assertThrows(FormulaException.class, () -> at("1+y", 1));
        assertEquals(3, e.position());
        assertTrue(e.problem().contains("unknown name 'y'") && e.problem().contains("variables are z"),
                e.getMessage());

        e = assertThrows(FormulaException.class, () -> at("1+", 1));
        assertEquals(3, e.position());
        assertTrue(e.problem().contains("ends too early"), e.getMessage());

        e = assertThrows(FormulaException.class, () -> at("z)", 1));
        assertTrue(e.problem().contains("without a matching"), e.getMessage());

        e = assertThrows(FormulaException.class, () -> at("exp z", 1));
        assertTrue(e.problem().contains("parentheses"), e.getMessage());

        e = assertThrows(FormulaException.class, () -> at("z % 2", 1));
        assertEquals(3, e.position());

        e = assertThrows(FormulaException.class, () -> Formula.parse("w_1-η*x", List.of("w_1", "eta", "x")));
        assertEquals("write eta for η", e.problem());
        e = assertThrows(FormulaException.class, () -> at("∂C/∂z", 1));
        assertTrue(e.problem().contains("partialC"), e.getMessage());

        assertThrows(FormulaException.class, () -> at("  ", 1));
        assertThrows(FormulaException.class, () -> at("()", 1));
        assertThrows(FormulaException.class, () -> at("1.2.3", 1));
    }
}
