package backprop.grader;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What a student is told when the grader's own cell fails: the kernel's tracebacks below are as
 * the project's kernel reports them (javac's message, the lines of the cell, the code it points
 * at highlighted), and no reason may quote any of the cell.
 */
class MisfitTest {

    static final String HIGHLIGHT = "\u001b[0m\u001b[1m\u001b[48;2;235;145;148m";
    static final String PLAIN = "\u001b[0m\u001b[1m";

    /** A line of the cell as the traceback shows it: grey, or with the part javac points at highlighted. */
    static String line(String code) {
        return "\u001b[0m\u001b[1;30m|    " + code + "\u001b[0m";
    }

    static String pointing(String before, String at, String after) {
        return PLAIN + "|    " + before + HIGHLIGHT + at + PLAIN + after + "\u001b[0m";
    }

    static String message(String text) {
        return "\u001b[0m\u001b[1m\u001b[34m" + text + "\u001b[0m";
    }

    static ArrayNode error(String ename, String... traceback) {
        ArrayNode outputs = JsonNodeFactory.instance.arrayNode();
        outputs.addObject().put("output_type", "stream").put("name", "stdout").put("text", "✓ slopes-code\n");
        ObjectNode e = outputs.addObject().put("output_type", "error").put("ename", ename).put("evalue", "");
        ArrayNode tb = e.putArray("traceback");
        for (String t : traceback) {
            tb.add(t);
        }
        return outputs;
    }

    static ArrayNode compileError(String... traceback) {
        String[] all = new String[traceback.length + 1];
        all[0] = "\u001b[0m\u001b[1m\u001b[31mCompile error:\u001b[0m";
        System.arraycopy(traceback, 0, all, 1, traceback.length);
        return error("CompilerException", all);
    }

    static final String HIDDEN_NEAR = "t.near(\"σ'(2)\", () -> sigmoidPrime(2), 0.10499358540350662, 1e-9)";

    private static String reason(ArrayNode outputs) throws IOException {
        String r = Misfit.reason(outputs, PlanAndScoreTest.activations());
        for (String quoted : new String[] {"0.10499358540350662", "t.near", "assertEquals(", "Activation",
                "HIDDEN", "derivative", "1e-12"}) {
            assertFalse(r.contains(quoted), "quotes " + quoted + ": " + r);
        }
        return r;
    }

    @Test
    void aParameterOfAnotherTypeIsNamedWithTheTypeTheChecksPass() throws IOException {
        // double sigmoidPrime(int z): the hidden cases call it with a double
        ArrayNode outputs = compileError(line("// HIDDEN"), line(HIDDEN_NEAR),
                pointing("        assertEquals(Activation.SIGMOID.derivative(z), sigmoidPrime(", "z",
                        "), 1e-12, \"σ' at z = \" + z);"),
                line("    });"),
                message("incompatible types: possible lossy conversion from double to int"), "",
                line("// HIDDEN"), pointing("        double v = sigmoidPrime(", "z", ");"),
                message("incompatible types: possible lossy conversion from double to int"), "");
        assertEquals("your code does not fit the checks: `sigmoidPrime` must take a double, not an int",
                reason(outputs));
    }

    @Test
    void aMissingMethodIsNamed() throws IOException {
        ArrayNode outputs = compileError(pointing("t.near(\"σ'(0)\", () -> ", "sigmoidPrime", "(0), 0.25, 1e-12)"),
                message("cannot find symbol"), message("  symbol:   method sigmoidPrime(int)"), "");
        assertEquals("your code does not fit the checks: the checks use a method `sigmoidPrime`, which your "
                + "notebook does not have (or whose cell does not compile): declare it as the exercise asks",
                reason(outputs));
    }

    @Test
    void anotherNumberOfParametersIsCounted() throws IOException {
        ArrayNode outputs = compileError(pointing("t.near(\"σ'(0)\", () -> ", "sigmoidPrime", "(0), 0.25, 1e-12)"),
                message("method sigmoidPrime in class  cannot be applied to given types;"),
                message("  required: double,double"), message("  found:    int"),
                message("  reason: actual and formal argument lists differ in length"), "");
        assertEquals("your code does not fit the checks: `sigmoidPrime` must take 1 parameter, not 2",
                reason(outputs));
        outputs = compileError(pointing("x = ", "reluPrime", "(2.5)"),
                message("method reluPrime in class  cannot be applied to given types;"),
                message("  required: int"), message("  found:    double"),
                message("  reason: argument mismatch; possible lossy conversion from double to int"), "");
        assertEquals("your code does not fit the checks: `reluPrime` must take a double, not an int",
                reason(outputs));
    }

    @Test
    void aReturnTypeThatDoesNotFitIsNamed() throws IOException {
        ArrayNode outputs = compileError(pointing("double v = ", "sigmoidPrime(z)", ";"),
                message("incompatible types: java.lang.String cannot be converted to double"), "");
        assertEquals("your code does not fit the checks: `sigmoidPrime` must return a double, not a String",
                reason(outputs));
    }

    @Test
    void aNameTheStudentCannotSeeIsNeverNamed() throws IOException {
        ArrayNode outputs = compileError(pointing("assertEquals(Activation.SIGMOID.derivative(", "z", "), 1)"),
                message("incompatible types: possible lossy conversion from double to int"), "");
        assertEquals(Misfit.GENERAL, reason(outputs));
        outputs = compileError(pointing("Activation.", "SIGMOID", ".derivative(z)"), message("cannot find symbol"),
                message("  symbol:   variable SIGMOID"), "");
        assertEquals(Misfit.GENERAL, reason(outputs));
        assertEquals("your code does not fit the checks: they do not compile with it. Check that your methods "
                + "have the names, parameters and return types the exercise asks for", Misfit.GENERAL);
    }

    @Test
    void aFailureOutsideTheCasesIsToldByItsExceptionAlone() throws IOException {
        ArrayNode outputs = error("EvalException",
                "\u001b[31mjava.lang.IllegalStateException: expected 0.10499358540350662 at z = 2\u001b[0m",
                "   at .(#8:1)");
        assertEquals("your code could not be checked: the checks stopped with IllegalStateException outside "
                + "any of their cases", reason(outputs));
        outputs = error("EvalException", "java.lang.UnsupportedOperationException: not implemented yet",
                "   at .(#8:1)");
        assertEquals("your code could not be checked: a method the checks call is not implemented yet",
                reason(outputs));
    }
}
