package backprop.grader;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A code question whose key gives points per equation: exercise 06's backpropagation (6 points). */
class EquationPointsTest {

    static Outcome.Question graded(String cases) throws IOException {
        Exercise ex = Exercise.read(Project.SOLUTIONS, "06-four-equations");
        Plan plan = Plan.of(ex, Notebook.read(Project.EXERCISES.resolve("06-four-equations.ipynb")));
        Map<Integer, KernelRunner.Cell> special = Map.of(plan.graderStep("backprop-code"), new KernelRunner.Cell("ok",
                PlanAndScoreTest.result("{\"id\":\"backprop-code\",\"cases\":[" + cases + "],\"collected\":true}"), ""));
        return Scorer.score(plan, PlanAndScoreTest.run(plan, special), "ada", "ada.ipynb", java.util.List.of())
                .questions().stream().filter(q -> q.id().equals("backprop-code")).findFirst().orElseThrow();
    }

    static String c(String name, boolean passed) {
        return "{\"name\":\"" + name + "\",\"passed\":" + passed + ",\"message\":\"\"}";
    }

    @Test
    void aWrongBp2CostsBp2sPointOnly() throws IOException {
        Outcome.Question q = graded(String.join(",", c("forward: n1", true), c("BP1: n1", true), c("BP2: n1", false),
                c("BP2: n2", false), c("BP3: n1", true), c("BP4: n1", true), c("gradients against finite differences (n1)", false),
                c("gradients against finite differences (n2)", true), c("update: m", true)));
        // forward 1 + BP1 1 + BP2 0 + BP3 0.5 + BP4 1 + update 1 + the other checks 0.5 × 1/2
        assertEquals(4.75, q.points());
        assertTrue(q.message().contains("points by equation: forward 1 of 1, BP1 1 of 1, BP2 0 of 1, BP3 0.50 of 0.50, "
                + "BP4 1 of 1, update 1 of 1, the other checks 0.25 of 0.50"), q.message());
        assertEquals("partly right", q.result());
    }

    @Test
    void everythingRightIsFullMarksAndHalfOfAnEquationIsHalfItsPoints() throws IOException {
        assertEquals(6.0, graded(String.join(",", c("forward: a", true), c("BP1: a", true), c("BP2: a", true),
                c("BP3: a", true), c("BP4: a", true), c("gradients (a)", true), c("update: a", true))).points());
        assertEquals(5.5, graded(String.join(",", c("forward: a", true), c("BP1: a", true), c("BP1: b", false),
                c("BP2: a", true), c("BP3: a", true), c("BP4: a", true), c("gradients (a)", true), c("update: a", true))).points());
    }
}
