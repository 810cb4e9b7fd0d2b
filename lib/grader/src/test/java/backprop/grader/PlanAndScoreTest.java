package backprop.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the grader reads a submission before running it (which cells check what, what spoils a
 * question) and how it scores what the kernel did — with the kernel's results written by hand.
 */
class PlanAndScoreTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SOLUTIONS = Project.SOLUTIONS;

    static Exercise activations() throws IOException {
        return Exercise.read(SOLUTIONS, "03-activations");
    }

    static Notebook released() throws IOException {
        return Notebook.read(Project.EXERCISES.resolve("03-activations.ipynb"));
    }

    /** The released notebook with one code cell's source replaced (cells counted from 1). */
    static Notebook with(Notebook nb, int cell, String source) {
        Notebook copy = Notebook.parse(nb.toJson(), "copy");
        Notebook.setSource(copy.cells().get(cell - 1), source);
        return copy;
    }

    @Test
    void graderCellsFollowTheCellsThatCheck() throws IOException {
        Plan plan = Plan.of(activations(), released());
        List<Plan.Step> steps = plan.steps();
        assertEquals(Plan.Role.PRELUDE, steps.get(0).role());
        int formula = plan.graderStep("sigmoid-prime");
        assertEquals(Plan.Role.STUDENT, steps.get(formula - 1).role());
        assertEquals(4, steps.get(formula - 1).cell());
        assertEquals("backprop.check.Grading.answer(\"sigmoid-prime\")", steps.get(formula).source());
        String code = steps.get(plan.graderStep("slopes-code")).source();
        assertTrue(code.startsWith("backprop.check.Grading.begin(\"slopes-code\", 5);"), code);
        assertTrue(code.contains("σ' stays a number far from 0"), "the hidden cases are in: " + code);
        assertTrue(code.endsWith("backprop.check.Grading.end(\"slopes-code\")"), code);
        for (String id : activations().questionIds()) {
            assertNull(plan.spoiled(id), id);
        }
    }

    @Test
    void aQuestionIsFoundByItsCellsMetadataEvenIfTheCallWasRetyped() throws IOException {
        Notebook nb = with(released(), 6, "double atZero = 0.25;\nbackprop.check.Check.number(\"sigmoid-prime-at-0\", atZero);");
        nb = with(nb, 4, "Check.formula(sigmoidId(), \"e^z\");");
        Plan plan = Plan.of(activations(), nb);
        assertEquals(6, plan.checkCell("sigmoid-prime-at-0"));
        assertEquals(4, plan.checkCell("sigmoid-prime"), "found by the cell's metadata");
    }

    @Test
    void aDeletedCheckLosesItsAnswerButCodeIsStillChecked() throws IOException {
        Notebook nb = with(with(released(), 6, "double atZero = 0.25;"), 13, "// deleted the checks");
        Notebook.cellMetadata(nb.cells().get(5)).removeAll();
        Notebook.cellMetadata(nb.cells().get(12)).removeAll();
        Plan plan = Plan.of(activations(), nb);
        assertEquals(-1, plan.graderStep("sigmoid-prime-at-0"));
        assertEquals(plan.steps().size() - 1, plan.graderStep("slopes-code"), "checked at the end");
    }

    @Test
    void redefiningCheckSpoilsEveryLaterQuestionAndAnAssertionOnlyTheCode() throws IOException {
        Plan plan = Plan.of(activations(), with(released(), 8, "class Check { }"));
        assertNull(plan.spoiled("sigmoid-prime"), "checked before the redefinition");
        assertTrue(plan.spoiled("sigmoid-far").contains("code cell 4 declares its own 'Check'"), plan.spoiled("sigmoid-far"));
        assertTrue(plan.spoiled("slopes-code").contains("'Check'"));

        plan = Plan.of(activations(), with(released(), 8,
                "void assertTrue(boolean b, String m) { }\nString farAway = \"C\";\nCheck.choice(\"sigmoid-far\", farAway);"));
        assertNull(plan.spoiled("sigmoid-far"));
        assertTrue(plan.spoiled("slopes-code").contains("'assertTrue'"), plan.spoiled("slopes-code"));

        plan = Plan.of(activations(), with(released(), 8, "int backprop = 1;"));
        assertTrue(plan.spoiled("relu-negative").contains("'backprop'"), "shadowing the package");
    }

    @Test
    void aNameOnlyTheHiddenChecksUseIsNeverNamed() throws IOException {
        // The hidden cases of slopes-code compare with the library's Activation; the released notebook never names it.
        assertTrue(activations().studentsSee("sigmoidPrime") && activations().studentsSee("assertEquals"));
        assertTrue(activations().studentsSee("assertNotNull"), "JUnit's assertions: the exercise imports them");
        assertFalse(activations().studentsSee("Activation"));
        for (String cell : new String[] {"class Activation { }", "int helper = 1;\nclass Activation { }"}) {
            Plan plan = Plan.of(activations(), with(released(), 8, cell));
            assertEquals("code cell 4 declares a name the checks rely on, so they cannot be trusted after it: rename "
                    + "what it declares beyond what the exercise asks for (names that the course's library or "
                    + "Java itself uses are taken)", plan.spoiled("slopes-code"));
            assertNull(plan.spoiled("sigmoid-far"), "its own check does not use the name");
        }
        Plan plan = Plan.of(activations(), with(released(), 8, "class Activation { }\nclass Check { }"));
        assertTrue(plan.spoiled("slopes-code").startsWith("code cell 4 declares its own 'Check', a name the checks "
                + "rely on"), "a name the student sees is named first: " + plan.spoiled("slopes-code"));
    }

    @Test
    void theExercisesOwnNamesMayBeDeclaredAgain() throws IOException {
        Plan plan = Plan.of(activations(), with(released(), 4,
                "double sigmoidPrime(double z) { return 0; }\nString sigmoidSlope = \"0\";\nCheck.formula(\"sigmoid-prime\", sigmoidSlope);"));
        assertNull(plan.spoiled("slopes-code"));
    }

    @Test
    void kernelMagicsSpoilTheQuestionsAfterThem() throws IOException {
        Plan plan = Plan.of(activations(), with(released(), 6, "%%bash\ncat ../solutions/*.json"));
        assertNull(plan.spoiled("sigmoid-prime"));
        assertTrue(plan.spoiled("relu-negative").contains("kernel magic"));
    }

    @Test
    void dangerousApisAreLeftToTheSandboxNotToAListOfNames() throws IOException {
        // Files, processes, reflection and the network are contained by the grading sandbox and
        // its guard (tools/tests/test_sandbox.py), which judge what a cell does, not what it names.
        for (String code : new String[] {"Runtime.getRuntime().exec(\"ls\");",
                "Object f = Class.forName(\"java.nio.file.\" + \"Fi\" + \"les\");",
                "Object g = backprop.check.Grading.end(\"slopes-code\");"}) {
            Plan plan = Plan.of(activations(), with(released(), 6, code));
            assertNull(plan.spoiled("relu-negative"), code);
        }
    }

    @Test
    void namesOfTheInstructorsToolsAreAStudentsToUse() throws IOException {
        // The grader and the answer keys are not on a student's kernel: naming them is harmless.
        Plan plan = Plan.of(activations(), with(released(), 4,
                "String tools = \"pen\";\nint Grader = 1, AnswerKey = 2, Release = 3, Answers = 4;"));
        for (String id : new String[] {"sigmoid-prime", "sigmoid-prime-at-0", "sigmoid-far",
                "relu-negative", "slopes-code"}) {
            assertNull(plan.spoiled(id), id);
        }
    }

    // ---- scoring what the kernel did ---------------------------------------------------------

    static ArrayNode result(String json) {
        ArrayNode outputs = JSON.createArrayNode();
        ObjectNode r = outputs.addObject().put("output_type", "execute_result");
        r.putObject("data").put("text/html", json);
        return outputs;
    }

    static ArrayNode error(String... traceback) {
        ArrayNode outputs = JSON.createArrayNode();
        ObjectNode e = outputs.addObject().put("output_type", "error").put("ename", "EvalException").put("evalue", "");
        ArrayNode tb = e.putArray("traceback");
        for (String line : traceback) {
            tb.add(line);
        }
        return outputs;
    }

    /** Every cell ok with no output, except those given. */
    static KernelRunner.Result run(Plan plan, java.util.Map<Integer, KernelRunner.Cell> special) {
        List<KernelRunner.Cell> cells = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            cells.add(special.getOrDefault(i, new KernelRunner.Cell("ok", JSON.createArrayNode(), "")));
        }
        return new KernelRunner.Result(cells, 1, 0, 1.0);
    }

    @Test
    void answersAreJudgedAgainstTheRealKeyAndReasonsNameTheCell() throws IOException {
        Plan plan = Plan.of(activations(), released());
        int formula = plan.graderStep("sigmoid-prime");
        int number = plan.graderStep("sigmoid-prime-at-0");
        int far = plan.graderStep("sigmoid-far");
        int relu = plan.graderStep("relu-negative");
        int code = plan.graderStep("slopes-code");
        var special = new java.util.HashMap<Integer, KernelRunner.Cell>();
        special.put(formula, new KernelRunner.Cell("ok", result(
                "{\"id\":\"sigmoid-prime\",\"answered\":true,\"kind\":\"formula\",\"text\":\"1-(1/(1+e^(-z)))\"}"), ""));
        special.put(number, new KernelRunner.Cell("ok", result(
                "{\"id\":\"sigmoid-prime-at-0\",\"answered\":true,\"kind\":\"number\",\"numbers\":[0.2504]}"), ""));
        special.put(far - 1, new KernelRunner.Cell("died", JSON.createArrayNode(), "the kernel ended"));
        special.put(far, new KernelRunner.Cell("ok", result("{\"id\":\"sigmoid-far\",\"answered\":false}"), ""));
        special.put(relu - 1, new KernelRunner.Cell("error", error("\u001b[31mjava.lang.UnsupportedOperationException: not implemented yet\u001b[0m",
                "   at .(#8:1)"), ""));
        special.put(relu, new KernelRunner.Cell("ok", result("{\"id\":\"relu-negative\",\"answered\":false}"), ""));
        special.put(code, new KernelRunner.Cell("ok", result("{\"id\":\"slopes-code\",\"cases\":["
                + "{\"name\":\"a\",\"passed\":true,\"message\":\"\"},{\"name\":\"b\",\"passed\":false,\"message\":\"not right\"},"
                + "{\"name\":\"c\",\"passed\":true,\"message\":\"\"}],\"collected\":true}"), ""));
        Outcome o = Scorer.score(plan, run(plan, special), "ada", "ada.ipynb", List.of());
        var q = o.questions();
        assertEquals(0, q.get(0).points());
        assertTrue(q.get(0).message().contains("only the factor 1 − σ(z)"), q.get(0).message());
        assertEquals(1, q.get(1).points(), "0.2504 is 0.250 to three decimals");
        assertEquals("not answered", q.get(2).result());
        assertTrue(q.get(2).message().contains("the kernel died while your code cell 4 ran"), q.get(2).message());
        assertTrue(q.get(3).message().contains("your code cell 5 failed before its check:\njava.lang.UnsupportedOperationException: not implemented yet"),
                q.get(3).message());
        assertEquals(2.0, q.get(4).points(), "2 of 3 cases of 3 points");
        assertEquals("partly right", q.get(4).result());
        assertEquals(3.0, o.points());
        assertEquals(8.0, o.max());
    }

    @Test
    void aGraderCellThatFailsOrTimesOutCostsItsQuestionOnly() throws IOException {
        Plan plan = Plan.of(activations(), released());
        var special = new java.util.HashMap<Integer, KernelRunner.Cell>();
        special.put(plan.graderStep("slopes-code"), new KernelRunner.Cell("error", error(
                "Compile error:", "|    t.near(\"σ'(0)\", () -> sigmoidPrime(0), 0.25, 1e-12)", "cannot find symbol",
                "  symbol:   method sigmoidPrime(int)"), ""));
        special.put(plan.graderStep("sigmoid-prime"), new KernelRunner.Cell("timeout", JSON.createArrayNode(), ""));
        Outcome o = Scorer.score(plan, run(plan, special), "bo", "bo.ipynb", List.of());
        assertEquals("your code does not fit the checks: the checks use a method `sigmoidPrime`, which your "
                + "notebook does not have (or whose cell does not compile): declare it as the exercise asks",
                o.questions().get(4).message(), "nothing of the grader's cell is quoted");
        assertTrue(o.questions().get(0).message().contains("ran past the time limit"));
        assertEquals("the grader's cell gave no result", o.questions().get(1).message(),
                "a grader cell without its result is not trusted");
    }
    @Test
    void whatFollowsARefusalOfTheGuardIsFlaggedNotScored() throws IOException {
        Plan plan = Plan.of(activations(), released());
        int far = plan.graderStep("sigmoid-far");
        var special = new java.util.HashMap<Integer, KernelRunner.Cell>();
        for (String id : new String[] {"sigmoid-prime", "sigmoid-prime-at-0"}) {
            special.put(plan.graderStep(id), new KernelRunner.Cell("ok", result(
                    "{\"id\":\"" + id + "\",\"answered\":true,\"kind\":\"number\",\"numbers\":[0.25]}"), ""));
        }
        special.put(far - 1, new KernelRunner.Cell("ok", JSON.createArrayNode(), "",
                List.of("private access by reflection (suppressAccessChecks)")));
        Outcome o = Scorer.score(plan, run(plan, special), "eve", "eve.ipynb", List.of());
        var q = o.questions();
        assertEquals(1, q.get(1).points(), "checked before the refusal: scored");
        for (int i = 2; i < q.size(); i++) {
            assertEquals(Flags.FLAGGED, q.get(i).result(), q.get(i).id());
            assertEquals(0, q.get(i).points());
            assertTrue(q.get(i).message().startsWith("flagged for the instructor: your "
                    + plan.cellName(plan.steps().get(far - 1).cell()) + " tried private access by reflection"), q.get(i).message());
        }
    }

    @Test
    void codeChecksTamperedWithAreFlagged() throws IOException {
        Plan plan = Plan.of(activations(), released());
        var special = new java.util.HashMap<Integer, KernelRunner.Cell>();
        special.put(plan.graderStep("slopes-code"), new KernelRunner.Cell("ok", result("{\"id\":\"slopes-code\","
                + "\"cases\":[{\"name\":\"a\",\"passed\":true,\"message\":\"\"}],"
                + "\"tampered\":\"the code under test ran checks of its own\",\"collected\":true}"), ""));
        Outcome.Question code = Scorer.score(plan, run(plan, special), "eve", "eve.ipynb", List.of()).questions().get(4);
        assertEquals(Flags.FLAGGED, code.result());
        assertEquals(0, code.points());
        assertTrue(code.message().contains("the code under test ran checks of its own"), code.message());
    }
}
