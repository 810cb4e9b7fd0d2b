package backprop.grader;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A submission that floods its output gets reasons and pages of a bounded size, quickly. */
class HugeOutputTest {

    static final String FLOOD = "x".repeat(20 << 20); // a 20 MB line

    private static Outcome score(Map<Integer, KernelRunner.Cell> special, Plan plan) {
        return Scorer.score(plan, PlanAndScoreTest.run(plan, special), "flo", "flo.ipynb", List.of());
    }

    private static void assertBounded(Outcome o) {
        for (Outcome.Question q : o.questions()) {
            assertTrue(q.message().length() <= Scorer.REASON, q.id() + ": " + q.message().length());
            assertTrue(q.cases().size() <= Scorer.CASES, q.id() + ": " + q.cases().size() + " cases");
            for (Outcome.Case c : q.cases()) {
                assertTrue(c.name().length() <= Scorer.REASON && c.message().length() <= Scorer.REASON);
            }
        }
        assertTrue(Reports.html(o).length() < 100_000, "page of " + Reports.html(o).length());
    }

    @Test
    void aFloodingErrorIsQuotedBriefly() throws IOException {
        Plan plan = Plan.of(PlanAndScoreTest.activations(), PlanAndScoreTest.released());
        String[] traceback = new String[100_000];
        traceback[0] = "\u001b[31mjava.lang.RuntimeException: " + FLOOD + "\u001b[0m";
        for (int i = 1; i < traceback.length; i++) {
            traceback[i] = "line " + i + "\u0000\r";
        }
        Map<Integer, KernelRunner.Cell> special = new HashMap<>();
        int relu = plan.graderStep("relu-negative");
        special.put(relu - 1, new KernelRunner.Cell("error", PlanAndScoreTest.error(traceback), ""));
        special.put(relu, new KernelRunner.Cell("ok", PlanAndScoreTest.result(
                "{\"id\":\"relu-negative\",\"answered\":false}"), ""));
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> score(special, plan));
        String reason = o.questions().get(3).message();
        assertTrue(reason.startsWith("your code cell 5 failed before its check:\njava.lang.RuntimeException: xxx"), reason);
        assertTrue(reason.endsWith("x…"), reason);
        assertEquals(Scorer.QUOTE, reason.length() - "your code cell 5 failed before its check:\n".length(), reason);
        assertBounded(o);
    }

    @Test
    void aCodeQuestionWithThousandsOfLongCasesListsFifty() throws IOException {
        Plan plan = Plan.of(PlanAndScoreTest.activations(), PlanAndScoreTest.released());
        ObjectNode result = PlanAndScoreTest.JSON.createObjectNode().put("id", "slopes-code").put("collected", true);
        ArrayNode cases = result.putArray("cases");
        String longText = "y".repeat(1000);
        for (int i = 0; i < 2000; i++) {
            cases.addObject().put("name", "case " + i + longText).put("passed", i % 2 == 0).put("message", longText);
        }
        Map<Integer, KernelRunner.Cell> special = new HashMap<>();
        special.put(plan.graderStep("slopes-code"),
                new KernelRunner.Cell("ok", PlanAndScoreTest.result(result.toString()), ""));
        Outcome o = score(special, plan);
        Outcome.Question code = o.questions().get(4);
        assertEquals("1000 of 2000 checks pass (the first 50 are listed)", code.message());
        assertEquals(1.5, code.points());
        assertEquals(Scorer.CASES, code.cases().size());
        assertBounded(o);

        cases.addObject().put("name", "a flood").put("passed", true).put("message", FLOOD);
        special.put(plan.graderStep("slopes-code"),
                new KernelRunner.Cell("ok", PlanAndScoreTest.result(result.toString()), ""));
        code = score(special, plan).questions().get(4);
        assertEquals(0, code.points());
        assertEquals("the results of the checks are too long to read: does your code throw exceptions with "
                + "very long messages?", code.message());
    }

    @Test
    void anAnswerFarTooLongIsNotRead() throws IOException {
        Plan plan = Plan.of(PlanAndScoreTest.activations(), PlanAndScoreTest.released());
        Map<Integer, KernelRunner.Cell> special = new HashMap<>();
        ObjectNode formula = PlanAndScoreTest.JSON.createObjectNode().put("id", "sigmoid-prime")
                .put("answered", true).put("kind", "formula").put("text", "e^(-z)+".repeat(3000) + "0");
        special.put(plan.graderStep("sigmoid-prime"),
                new KernelRunner.Cell("ok", PlanAndScoreTest.result(formula.toString()), ""));
        ObjectNode choice = PlanAndScoreTest.JSON.createObjectNode().put("id", "sigmoid-far")
                .put("answered", true).put("kind", "choice").put("text", FLOOD);
        special.put(plan.graderStep("sigmoid-far"),
                new KernelRunner.Cell("ok", PlanAndScoreTest.result(choice.toString()), ""));
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> score(special, plan));
        for (int q : new int[] {0, 2}) {
            assertEquals(0, o.questions().get(q).points());
            assertEquals("wrong", o.questions().get(q).result());
            assertEquals("your answer is far longer than any answer to this question: it was not read",
                    o.questions().get(q).message());
        }
        assertBounded(o);
    }
}
