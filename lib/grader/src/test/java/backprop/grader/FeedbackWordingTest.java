package backprop.grader;

import static backprop.grader.PlanAndScoreTest.activations;
import static backprop.grader.PlanAndScoreTest.error;
import static backprop.grader.PlanAndScoreTest.released;
import static backprop.grader.PlanAndScoreTest.result;
import static backprop.grader.PlanAndScoreTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Feedback a student reads without decoding it: a compile error with its lines, a cell named as
 * JupyterLab shows it, a question by its heading, and an older copy of an exercise told so.
 */
class FeedbackWordingTest {

    /** The released 03-activations with its cell "relu-negative" checks in (1-based, markdown counted). */
    private static final int RELU_CELL = 10;

    @Test
    void aCompileErrorKeepsItsLinesAndTheCaretUnderTheMistake() throws IOException {
        Plan plan = Plan.of(activations(), released());
        Map<Integer, KernelRunner.Cell> special = new HashMap<>();
        int relu = plan.graderStep("relu-negative");
        // As rapaio-jupyter-kernel reports `String reluNegative = "A"` without its semicolon.
        special.put(relu - 1, new KernelRunner.Cell("error", error(
                "\u001b[0m\u001b[1m\u001b[31mCompile error:\u001b[0m",
                "\u001b[0m\u001b[1m|    String reluNegative = \"A\"\u001b[0m",
                "\u001b[0m\u001b[1m                               ^\u001b[0m",
                "\u001b[0m\u001b[1m\u001b[34m';' expected\u001b[0m", ""), ""));
        special.put(relu, new KernelRunner.Cell("ok", result("{\"id\":\"relu-negative\",\"answered\":false}"), ""));
        String reason = Scorer.score(plan, run(plan, special), "ada", "ada.ipynb", List.of())
                .questions().get(3).message();
        assertEquals("your code cell 5 failed before its check:\n"
                + "Compile error:\n"
                + "|    String reluNegative = \"A\"\n"
                + "                               ^\n"
                + "';' expected", reason);
    }

    @Test
    void aCellIsNamedByItsPlaceAmongTheCodeCellsAndTheCountItShowed() throws IOException {
        Notebook nb = Notebook.parse(released().toJson(), "copy");
        nb.cells().get(RELU_CELL - 1).put("execution_count", 7);
        Plan plan = Plan.of(activations(), nb);
        // Cells 2, 4, 6, 8, 10 are the 1st … 5th code cells; the markdown between them is not counted.
        assertEquals("code cell 5 (shown as [7])", plan.cellName(RELU_CELL));
        assertEquals("code cell 1", plan.cellName(2));
        Map<Integer, KernelRunner.Cell> special = new HashMap<>();
        int relu = plan.graderStep("relu-negative");
        special.put(relu - 1, new KernelRunner.Cell("timeout", error(), ""));
        special.put(relu, new KernelRunner.Cell("ok", result("{\"id\":\"relu-negative\",\"answered\":false}"), ""));
        assertEquals("your code cell 5 (shown as [7]) ran past the time limit and was stopped",
                Scorer.score(plan, run(plan, special), "ada", "ada.ipynb", List.of()).questions().get(3).message());
    }

    @Test
    void questionsAreNamedByTheirHeadingsInTheFeedbackPage() throws IOException {
        Plan plan = Plan.of(activations(), released());
        Outcome o = Scorer.score(plan, run(plan, Map.of()), "ada", "ada.ipynb", List.of());
        List<String> headings = o.questions().stream().map(Outcome.Question::heading).toList();
        assertEquals(List.of("1 · The sigmoid's slope as a formula", "2 · Its largest value", "3 · Far from zero",
                "4 · ReLU's slope", "5 · Both slopes as code"), headings);
        String page = Reports.html(o);
        assertTrue(page.contains("<td>3 · Far from zero<br><small>sigmoid-far</small></td>"), page);
    }

    @Test
    void aReleaseCarriesItsVersionAndTheQuestionsItAsks() throws IOException {
        Exercise ex = activations();
        Notebook copy = ex.release();
        String version = copy.labMetadata().path("release").asText();
        assertTrue(version.matches("\\p{XDigit}{12}"), version);
        assertEquals(version, released().labMetadata().path("release").asText(), "exercises/ is stamped");
        List<String> asked = new ArrayList<>();
        copy.labMetadata().path("questions").forEach(q -> asked.add(q.asText()));
        assertEquals(ex.key().questions().stream().map(AnswerKey.Question::id).toList(), asked);
        assertEquals(version, ex.release().labMetadata().path("release").asText(), "the same each time");
        String other = Exercise.read(Project.SOLUTIONS, "02-chain-rule").release().labMetadata().path("release").asText();
        assertNotEquals(version, other);
    }

    @Test
    void aQuestionAddedAfterTheStudentsCopyIsNotADeletedCell() throws IOException {
        // A copy of an earlier release: it had no code question yet, nor its two cells.
        Notebook older = Notebook.parse(released().toJson(), "older");
        List<ObjectNode> cells = new ArrayList<>(older.cells());
        cells.removeIf(c -> Notebook.source(c).contains("slopes-code") || Notebook.source(c).contains("double sigmoidPrime"));
        older = older.withCells(cells);
        older.labMetadata().put("release", "0123456789ab");
        older.labMetadata().putArray("questions").add("sigmoid-prime").add("sigmoid-prime-at-0")
                .add("sigmoid-far").add("relu-negative");
        Plan plan = Plan.of(activations(), older);
        Outcome o = Scorer.score(plan, run(plan, Map.of()), "ada", "ada.ipynb", List.of());
        String current = activations().currentRelease();
        Outcome.Question code = o.questions().get(4);
        assertEquals("slopes-code", code.id());
        assertTrue(o.notes().contains("Your notebook is a copy of another release of the exercise (0123456789ab; "
                + "the current one is " + current + ")."), o.notes().toString());

        // The same copy with its stamp, but a check cell of a question it asked deleted: that is a deletion.
        Notebook deleted = Notebook.parse(released().toJson(), "deleted");
        List<ObjectNode> kept = new ArrayList<>(deleted.cells());
        kept.removeIf(c -> Notebook.source(c).contains("Check.choice(\"sigmoid-far\""));
        deleted = deleted.withCells(kept);
        Plan same = Plan.of(activations(), deleted);
        String why = Scorer.score(same, run(same, Map.of()), "bob", "bob.ipynb", List.of()).questions().get(2).message();
        assertTrue(why.contains("(was the cell with Check.choice(\"sigmoid-far\", …) deleted?)"), why);

        // A question the older release did not ask, with no cell for it, came later.
        older.labMetadata().putArray("questions").add("sigmoid-prime").add("sigmoid-prime-at-0").add("relu-negative");
        List<ObjectNode> fewer = new ArrayList<>(older.cells());
        fewer.removeIf(c -> Notebook.source(c).contains("Check.choice(\"sigmoid-far\""));
        older = older.withCells(fewer);
        plan = Plan.of(activations(), older);
        why = Scorer.score(plan, run(plan, Map.of()), "ada", "ada.ipynb", List.of()).questions().get(2).message();
        assertEquals("this question came with a later release of the exercise than your copy (yours: 0123456789ab, "
                + "now: " + current + "), so your notebook never had it: nothing was deleted. Get the new exercise "
                + "notebook and copy your answers into it", why);

        // A copy from before releases were stamped is told that, not blamed.
        older.labMetadata().remove("release");
        older.labMetadata().remove("questions");
        plan = Plan.of(activations(), older);
        why = Scorer.score(plan, run(plan, Map.of()), "ada", "ada.ipynb", List.of()).questions().get(2).message();
        assertTrue(why.startsWith("your copy of the exercise names no release, so it is older than the current one ("
                + current + ")"), why);
    }
}
