package backprop.grader;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaSourceTest {

    @Test
    void findsTheQuestionsOfCheckCalls() {
        JavaSource s = JavaSource.of("""
                double loss = todo(); // Check.number("in-a-comment", 1)
                Check.number("loss", loss);
                backprop.check.Check.formula("f", "e^z");
                String t = "Check.choice(\\"in-a-string\\", x)";
                Check.code("code", t -> {});""");
        assertEquals(List.of(new JavaSource.CheckCall("number", "loss"), new JavaSource.CheckCall("formula", "f"),
                new JavaSource.CheckCall("code", "code")), s.checkCalls());
    }

    @Test
    void topLevelDeclarationsAreTheNamesANotebookKeeps() {
        JavaSource s = JavaSource.of("""
                import static org.junit.jupiter.api.Assertions.*;
                class Check { static void number(String id, double v) { int inner = 1; } }
                static void assertEquals(double a, double b, double d) { }
                double sigmoidPrime(double z) { return z; }
                <T> T todo() { return null; }
                Matrix m = Matrix.vector(1);
                List<String> names = List.of();
                double[] xs = {1, 2}, ys;
                int backprop;
                record Pair(int a, int b) { }
                m = m.times(2);
                foo(bar);""");
        assertEquals(Set.of("Check", "assertEquals", "sigmoidPrime", "todo", "m", "names", "xs", "ys",
                "backprop", "Pair"), s.topLevelDeclarations());
    }

    @Test
    void unicodeEscapesCannotHideADeclaration() {
        assertEquals(Set.of("Check"), JavaSource.of("class \\u0043heck { }").topLevelDeclarations());
    }

    @Test
    void namesUsedAreFirstPartsLessTheCellsOwn() {
        JavaSource s = JavaSource.of("""
                Check.code("q", t -> {
                    Network net = Network.sizes(2, 1).build();
                    t.check("x", () -> assertEquals(1, backprop.Matrix.vector(1).rows()));
                    for (int i = 0; i < 2; i++) { net.depth(); }
                });""");
        Set<String> used = s.simpleNamesUsed();
        assertTrue(used.containsAll(Set.of("Check", "Network", "assertEquals", "backprop")), used.toString());
        assertFalse(used.contains("t") || used.contains("net") || used.contains("i") || used.contains("Matrix")
                || used.contains("check"), used.toString());
    }

    @Test
    void magicsAreSeen() {
        assertTrue(JavaSource.of("%%bash\ncat /etc/passwd").hasMagic());
        assertFalse(JavaSource.of("int x = 7 % 2;").hasMagic());
    }
}
