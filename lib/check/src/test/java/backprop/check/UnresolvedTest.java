package backprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.spi.SPIResolutionException;
import org.junit.jupiter.api.Test;

/** A definition that uses a name declared nowhere is reported at the definition, on a real JShell. */
class UnresolvedTest {

    @Test
    void theDefinitionSaysWhatItLacksAndACheckCallingItNamesTheDefinition() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Unresolved.listen(shell);
            Snippet f = shell.eval("double sigmoidPrime(double z) { return sgmoid(z) * (1 - s); }").get(0).snippet();
            String said = "The method sigmoidPrime uses sgmoid(double), s, which are declared nowhere (yet): it is "
                    + "defined, but cannot run until they are. A typo, or a cell above that has not run?";
            assertEquals(said + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
            // What a check's case says when the method it calls throws for the missing names.
            assertEquals(said, Cases.explain(new SPIResolutionException(Integer.parseInt(f.id()))));
            assertNull(Unresolved.describe(new IllegalStateException("other")));

            err.reset();
            shell.eval("int answer = 42;");
            assertEquals("", err.toString(StandardCharsets.UTF_8), "a definition lacking nothing says nothing");
        } finally {
            System.setErr(saved);
        }
    }
}
