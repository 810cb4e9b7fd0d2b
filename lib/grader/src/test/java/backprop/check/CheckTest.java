package backprop.check;

import backprop.Matrix;
import backprop.grader.AnswerKeyTest;
import backprop.grader.KeyFingerprints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The notebook-facing checks: what a student sees, and what the grader's cells collect. */
class CheckTest {

    private final PrintStream original = System.out;

    @AfterEach
    void restore() {
        System.setOut(original);
        Check.reset();
    }

    private String printed(Runnable r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;]*m", "");
    }

    private static void useTestKey() {
        Check.use("test-ex", KeyFingerprints.of(AnswerKeyTest.key).encode());
    }

    @Test
    void aRightNumberShowsATickAndItsPoints() {
        String out = printed(() -> {
            useTestKey();
            Check.number("dw1", 2.0809165);
        });
        assertTrue(out.contains("✓ dw1 — right (2 points)"), out);
    }

    @Test
    void aKnownMistakeGetsItsFeedbackButNeverTheAnswer() {
        String out = printed(() -> {
            useTestKey();
            Check.number("loss", 0.5768);
            Check.formula("sigma-prime", "1-(1/(1+e^(-z)))");
        });
        assertTrue(out.contains("✗ loss — without the ½"), out);
        assertTrue(out.contains("✗ sigma-prime — only the factor 1 − σ(z)"), out);
        assertFalse(out.contains("0.288"), out);
    }

    @Test
    void checksBeforeTheSetUpCellSayWhatToDo() {
        String out = printed(() -> Check.choice("passes", "C"));
        assertTrue(out.contains("run the first code cell"), out);
        String unknown = printed(() -> {
            useTestKey();
            Check.choice("pases", "C");
        });
        assertTrue(unknown.contains("no question with that id"), unknown);
    }

    @Test
    void theGradersCellReadsTheLastAnswerGiven() {
        printed(() -> {
            useTestKey();
            Check.number("slopes", 0, 6, 0, 1);
            Check.number("slopes", 0, 6, 0, 12);
        });
        assertEquals("{\"id\":\"slopes\",\"answered\":true,\"kind\":\"number\",\"numbers\":[0.0,6.0,0.0,12.0]}",
                Grading.answer("slopes"));
        assertEquals("{\"id\":\"never\",\"answered\":false}", Grading.answer("never"));
    }

    static double sigmoidPrime(double z) {
        double s = 1 / (1 + Math.exp(-z));
        return s * (1 - s);
    }

    @Test
    void codeCasesReportEachOutcomeWithoutTheExpectedValue() {
        String out = printed(() -> {
            useTestKey();
            Check.code("code", t -> {
                t.check("σ'(0) is a quarter", () -> org.junit.jupiter.api.Assertions.assertEquals(
                        0.25, sigmoidPrime(0), 1e-12));
                t.check("a wrong expectation", () -> org.junit.jupiter.api.Assertions.assertEquals(
                        0.123456, sigmoidPrime(0), 1e-12, "σ'(0) again"));
                t.near("σ'(2) with a foreseen mistake", () -> 1 / (1 + Math.exp(-2)), 0.1049935854, 1e-9)
                        .mistake(0.8807970779778823, "that is σ(2), not its slope");
                t.near("a matrix of the wrong shape", () -> Matrix.vector(1, 2), Matrix.row(1, 2), 1e-9);
                t.check("todo", () -> Check.todo());
            });
        });
        assertTrue(out.contains("✗ code — 1 of 5 checks pass"), out);
        assertTrue(out.contains("✓ σ'(0) is a quarter"), out);
        assertTrue(out.contains("✗ a wrong expectation — σ'(0) again"), out);
        assertTrue(out.contains("✗ σ'(2) with a foreseen mistake — that is σ(2), not its slope"), out);
        assertTrue(out.contains("the result is 2×1, but should be 1×2"), out);
        assertTrue(out.contains("✗ todo — not implemented yet"), out);
        assertFalse(out.contains("0.123456") || out.contains("0.10499"), out);
    }

    @Test
    void anEndlessCaseIsStoppedOnceAndTheQuestionsLaterChecksAreNotRun() {
        Grading.begin("code", 1);
        printed(() -> Check.code("code", t -> {
            t.check("runs before it", () -> { });
            t.check("loops forever", () -> {
                while (true) {
                    Thread.onSpinWait();
                }
            });
            t.check("would loop too", () -> {
                while (true) {
                    Thread.onSpinWait();
                }
            });
        }));
        // The hidden checks of the same question, in the same collection.
        printed(() -> Check.code("code", t -> t.check("hidden", () -> { })));
        String json = Grading.end("code");
        assertTrue(json.contains("\"name\":\"runs before it\",\"passed\":true"), json);
        assertTrue(json.contains("\"name\":\"loops forever\",\"passed\":false,\"message\":\"stopped after 1 s"),
                json);
        assertTrue(json.contains("\"name\":\"would loop too\",\"passed\":false,\"message\":\"" + Cases.NOT_RUN), json);
        assertTrue(json.contains("\"name\":\"hidden\",\"passed\":false,\"message\":\"" + Cases.NOT_RUN), json);
        assertTrue(json.contains("\"collected\":true"), json);
    }

    @Test
    void checksOfAnotherQuestionOrThreadAreNotCollected() throws InterruptedException {
        Grading.begin("code", 1);
        Thread other = new Thread(() -> printed(() -> Check.code("code", t -> t.check("fake", () -> { }))));
        other.start();
        other.join();
        printed(() -> Check.code("other", t -> t.check("fake too", () -> { })));
        String json = Grading.end("code");
        assertEquals("{\"id\":\"code\",\"cases\":[],\"collected\":true}", json);
    }

    @Test
    void checksRunByTheCodeUnderTestMarkTheQuestionAsTamperedWith() {
        Grading.begin("code", 5);
        // The instructor's set-up calls the student's code on the grader's thread, and that code
        // runs checks of its own, all passing.
        printed(() -> Check.code("code", t -> {
            Check.code("code", fake -> fake.check("made up", () -> { }));
            t.check("the real one", () -> fail("wrong"));
        }));
        String json = Grading.end("code");
        assertTrue(json.contains("\"tampered\":\"the code under test ran checks of its own\""), json);
        assertFalse(json.contains("made up"), json);
    }

    @Test
    void theCodeUnderTestCannotEndOrRestartTheCollection() {
        Grading.begin("code", 5);
        printed(() -> Check.code("code", t -> {
            Grading.end("code");
            Grading.begin("code", 5);
            t.check("passes", () -> { });
        }));
        String json = Grading.end("code");
        assertTrue(json.contains("\"collected\":true"), json);
        assertTrue(json.contains("\"tampered\":\"a check tried to end the collection\""), json);
    }

    @Test
    void aNullAnswerIsSaidToBeMissing() {
        String out = printed(() -> {
            Check.number("slopes", (double[]) null);
            Check.formula("slopes", null);
        });
        assertEquals(2, out.split("no answer: the value checked is null").length - 1, out);
    }

    @Test
    void onlyTheCheckRuntimeMakesResults() {
        assertEquals(0, Cases.Result.class.getConstructors().length);
    }

    @Test
    void todoFailsClearly() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> {
            double unused = Check.todo();
        });
        assertTrue(e.getMessage().startsWith("not implemented yet"));
    }
}
