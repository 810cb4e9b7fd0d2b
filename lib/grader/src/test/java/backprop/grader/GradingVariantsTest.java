package backprop.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grader and each student's own numbers: a submission of exercise 04 is judged against the
 * answers for its student's numbers, worked out again from the secret, whatever its notebook
 * says; the kernel's results are written by hand (as in {@link PlanAndScoreTest}).
 */
class GradingVariantsTest {

    static final String SECRET = VariantsTest.SECRET;

    /** The outcome of a submission whose checks received {@code answers}. */
    static Outcome graded(Notebook nb, String student, Map<String, Double> answers, Roster roster) throws IOException {
        Exercise ex = Exercise.read(Project.SOLUTIONS, "04-simple-network");
        StudentVariants.Judged judged = new StudentVariants(SECRET, roster).judged(ex, nb, student);
        Plan plan = Plan.of(ex, nb, judged.key());
        Map<Integer, KernelRunner.Cell> special = new HashMap<>();
        answers.forEach((id, value) -> special.put(plan.graderStep(id), new KernelRunner.Cell("ok",
                PlanAndScoreTest.result("{\"id\":\"" + id + "\",\"answered\":true,\"kind\":\"number\",\"numbers\":["
                        + value + "]}"), "")));
        List<String> notes = judged.note() == null ? List.of() : List.of(judged.note());
        return Scorer.score(plan, PlanAndScoreTest.run(plan, special), student, student + ".ipynb", notes);
    }

    static Notebook releasedFor(Path dir, String login) throws IOException {
        return Notebook.read(dir.resolve("out").resolve(login).resolve("04-simple-network.ipynb"));
    }

    static Roster roster(Path dir) throws IOException {
        return Roster.read(VariantsTest.roster(dir, "Ada,1,ada,A", "Bo,2,bo,A", "Cy,3,cy,B"));
    }

    @Test
    void eachStudentScoresWithTheirOwnAnswersAndAnotherStudentsAreForDifferentNumbers(@TempDir Path dir) throws IOException {
        Roster roster = roster(dir);
        Release.perStudent(Project.SOLUTIONS, roster, SECRET, dir.resolve("out"));
        Notebook ada = releasedFor(dir, "ada");
        Map<String, Double> adas = VariantsTest.byHand(VariantsTest.numbersOf(ada));
        Map<String, Double> bos = VariantsTest.byHand(VariantsTest.numbersOf(releasedFor(dir, "bo")));
        Outcome own = graded(ada, "ada", adas, roster);
        assertEquals(5.0, own.points(), own.toString());
        assertEquals(List.of(), own.notes());
        Outcome copied = graded(ada, "ada", bos, roster);
        assertEquals(0.0, copied.points());
        for (Outcome.Question q : copied.questions()) {
            assertTrue(q.message().endsWith(AnswerKey.DIFFERENT_NUMBERS), q.message());
        }
    }

    @Test
    void aNotebookWhoseSeedIsMissingOrAlteredIsGradedAgainstTheStudentsOwnNumbersAndSaysSo(@TempDir Path dir)
            throws IOException {
        Roster roster = roster(dir);
        Release.perStudent(Project.SOLUTIONS, roster, SECRET, dir.resolve("out"));
        Map<String, Double> adas = VariantsTest.byHand(VariantsTest.numbersOf(releasedFor(dir, "ada")));
        // Ada hands in Cy's notebook with Cy's answers: graded as Ada's, and told so.
        Notebook cys = releasedFor(dir, "cy");
        Outcome swapped = graded(cys, "ada", VariantsTest.byHand(VariantsTest.numbersOf(cys)), roster);
        assertEquals(0.0, swapped.points());
        assertTrue(swapped.notes().get(0).startsWith("Your notebook's variant seed is not the one released to you"),
                swapped.notes().toString());
        assertTrue(swapped.notes().get(0).endsWith("graded against your own numbers, variant "
                + Variants.seed(SECRET, "04-simple-network", "ada") + "."), swapped.notes().toString());
        // Her own answers in a notebook whose seed was removed still score, with the note.
        Notebook stripped = releasedFor(dir, "ada");
        stripped.labMetadata().remove("variant");
        Outcome noSeed = graded(stripped, "ada", adas, roster);
        assertEquals(5.0, noSeed.points());
        assertTrue(noSeed.notes().get(0).startsWith("Your notebook does not say which numbers it has"), noSeed.notes().toString());
    }

    @Test
    void theCoursesOwnNumbersAreTheDefaultWithoutASecret() throws IOException {
        Exercise ex = Exercise.read(Project.SOLUTIONS, "04-simple-network");
        Notebook nb = Notebook.read(Project.EXERCISES.resolve("04-simple-network.ipynb"));
        StudentVariants.Judged judged = StudentVariants.NONE.judged(ex, nb, "ada");
        assertEquals("default", judged.seed());
        assertNull(judged.note());
        assertTrue(judged.key().judge("dC-dw1", backprop.check.Answer.numbers(2.080)).isRight());
    }
}
