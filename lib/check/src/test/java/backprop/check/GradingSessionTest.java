package backprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/**
 * The grader's cell for a code question is several snippets (begin, the checks, end), and a kernel
 * may run each on another thread: rapaio-jupyter-kernel takes them from a pool, and JShell's local
 * engine, used here, starts a new thread for every snippet. The checks must be collected all the
 * same, and a thread that the code under test starts must still not add to them.
 */
class GradingSessionTest {

    private static String eval(JShell shell, String code) {
        List<SnippetEvent> events = shell.eval(code);
        SnippetEvent last = events.get(events.size() - 1);
        assertTrue(last.exception() == null, code + " threw " + last.exception());
        return last.value();
    }

    private static JShell shell() throws Exception {
        JShell shell = JShell.builder().executionEngine("local").build();
        shell.addToClasspath(Path.of(Grading.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        return shell;
    }

    @Test
    void checksRunOnOtherThreadsOfTheKernelThanItsBeginAreCollected() throws Exception {
        try (JShell shell = shell()) {
            eval(shell, "backprop.check.Grading.begin(\"q\", 5)");
            String beganOn = eval(shell, "Thread.currentThread().getId()");
            String checkedOn = eval(shell, "Thread.currentThread().getId()");
            assertFalse(beganOn.equals(checkedOn), "the local engine runs each snippet on a thread of its own");
            eval(shell, "backprop.check.Check.code(\"q\", c -> c.check(\"one plus one\", () -> { "
                    + "if (1 + 1 != 2) throw new AssertionError(\"arithmetic\"); }))");
            String result = eval(shell, "backprop.check.Grading.end(\"q\")");
            assertTrue(result.contains("\\\"collected\\\":true"), result);
            assertTrue(result.contains("one plus one"), result);
        }
    }

    @Test
    void aThreadTheCodeUnderTestStartsDoesNotAddToTheChecks() throws Exception {
        try (JShell shell = shell()) {
            eval(shell, "backprop.check.Grading.begin(\"q\", 5)");
            eval(shell, "Thread t = new Thread(() -> backprop.check.Check.code(\"q\", "
                    + "c -> c.check(\"forged\", () -> { })))");
            eval(shell, "t.start()");
            eval(shell, "t.join()");
            eval(shell, "backprop.check.Check.code(\"q\", c -> c.check(\"real\", () -> { }))");
            String result = eval(shell, "backprop.check.Grading.end(\"q\")");
            assertTrue(result.contains("real"), result);
            assertFalse(result.contains("forged"), result);
        }
    }

    @Test
    void outsideAKernelTheSessionIsTheThreadThatBeganIt() throws Exception {
        Grading.begin("q", 5);
        Thread other = new Thread(() -> Check.code("q", c -> c.check("from another thread", () -> { })));
        other.start();
        other.join();
        Check.code("q", c -> c.check("from this thread", () -> { }));
        String result = Grading.end("q");
        assertTrue(result.contains("from this thread"), result);
        assertFalse(result.contains("from another thread"), result);
        assertEquals(false, Grading.runsASnippet());
    }
}
