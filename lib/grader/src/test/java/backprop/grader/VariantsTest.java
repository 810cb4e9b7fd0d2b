package backprop.grader;

import backprop.check.Answer;
import backprop.check.Fingerprints;
import backprop.check.Verdict;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each student's own numbers: exercise 04 released per student of a roster, its checks judged by
 * the fingerprints in each notebook against answers worked out here by hand from the numbers the
 * notebook states (plain arithmetic, not the library).
 */
class VariantsTest {

    static final String SECRET = "a secret of the instructor, for tests";
    /** The course's worked example (lecture 04). */
    static final Map<String, Double> COURSE = Map.of("x", 3.0, "t", 1.0, "w1", 0.01, "w2", -5.0, "b", -1.0);
    private static final Pattern USE = Pattern.compile("Check\\.use\\(\"([^\"]*)\", \"([^\"]*)\"\\)");
    private static final Pattern NUMBER = Pattern.compile("\\b(x|t|w1|w2|b) = (-?[0-9.]+)");

    /** The numbers a released notebook states, read from its cell of numbers. */
    static Map<String, Double> numbersOf(Notebook nb) {
        for (ObjectNode cell : nb.cells()) {
            String src = Notebook.source(cell);
            if (Notebook.isCode(cell) && src.contains("double x =")) {
                Map<String, Double> out = new LinkedHashMap<>();
                Matcher m = NUMBER.matcher(src);
                while (m.find()) {
                    out.put(m.group(1), Double.parseDouble(m.group(2)));
                }
                return out;
            }
        }
        throw new AssertionError("no cell of numbers");
    }

    static Fingerprints printsOf(Notebook nb) {
        for (ObjectNode cell : nb.cells()) {
            Matcher m = USE.matcher(Notebook.source(cell));
            if (m.find()) {
                return Fingerprints.decode(m.group(2));
            }
        }
        throw new AssertionError("no Check.use with fingerprints");
    }

    /** Exercise 04's answers by hand: loss, ∂C/∂b, ∂C/∂w₂, ∂C/∂w₁. */
    static Map<String, Double> byHand(Map<String, Double> n) {
        double x = n.get("x"), t = n.get("t"), w1 = n.get("w1"), w2 = n.get("w2"), b = n.get("b");
        double z1 = w1 * x;
        double a1 = Math.max(0, z1);
        double y = 1 / (1 + Math.exp(-(w2 * a1 + b)));
        double delta2 = (y - t) * y * (1 - y);
        double delta1 = delta2 * w2 * (z1 > 0 ? 1 : 0);
        return Map.of("loss", 0.5 * (y - t) * (y - t), "dC-db", delta2, "dC-dw2", delta2 * a1, "dC-dw1", delta1 * x);
    }

    static Path roster(Path dir, String... lines) throws IOException {
        Path file = dir.resolve("roster.csv");
        Files.writeString(file, "name,id,login,section\n" + String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void twoStudentsGetOtherNumbersAndEachPassesWithTheirOwnAnswersOnly(@TempDir Path dir) throws IOException {
        Release.perStudent(Project.SOLUTIONS, Roster.read(roster(dir, "Ada Lovelace,1,ada,A", "Bo Li,2,bo,A")),
                SECRET, dir.resolve("out"));
        Notebook ada = Notebook.read(dir.resolve("out/ada/04-simple-network.ipynb"));
        Notebook bo = Notebook.read(dir.resolve("out/bo/04-simple-network.ipynb"));
        Map<String, Double> adaNumbers = numbersOf(ada);
        Map<String, Double> boNumbers = numbersOf(bo);
        assertEquals(5, adaNumbers.size(), adaNumbers.toString());
        assertNotEquals(adaNumbers, boNumbers);
        assertNotEquals(COURSE, adaNumbers);
        for (double w : new double[] {adaNumbers.get("w1"), adaNumbers.get("w2"), boNumbers.get("w1")}) {
            assertTrue(w >= -2 && w <= 2, "weights in [-2, 2]: " + w);
        }
        assertTrue(Math.abs(adaNumbers.get("w1") * adaNumbers.get("x")) >= 0.1, "no ReLU near its kink");
        Map<String, Double> adaAnswers = byHand(adaNumbers);
        Map<String, Double> boAnswers = byHand(boNumbers);
        Fingerprints adaChecks = printsOf(ada);
        Fingerprints boChecks = printsOf(bo);
        for (String id : adaAnswers.keySet()) {
            assertTrue(adaChecks.judge(id, Answer.numbers(adaAnswers.get(id))).isRight(), "ada's own " + id);
            assertTrue(boChecks.judge(id, Answer.numbers(boAnswers.get(id))).isRight(), "bo's own " + id);
            Verdict other = adaChecks.judge(id, Answer.numbers(boAnswers.get(id)));
            assertFalse(other.isRight(), "bo's " + id + " in ada's notebook");
            Verdict course = adaChecks.judge(id, Answer.numbers(byHand(COURSE).get(id)));
            assertEquals(AnswerKey.DIFFERENT_NUMBERS, course.message(), "the course's " + id + " in ada's notebook");
        }
        assertEquals(Variants.seed(SECRET, "04-simple-network", "ada"), ada.labMetadata().path("variant").asText());
        // An exercise that is the same for everyone is the same in both folders.
        assertEquals(Files.readString(dir.resolve("out/ada/03-activations.ipynb")),
                Files.readString(dir.resolve("out/bo/03-activations.ipynb")));
    }

    @Test
    void theGraderKnowsEachStudentsAnswersAndNamesAnotherStudentsAsForDifferentNumbers() throws IOException {
        Exercise ex = Exercise.read(Project.SOLUTIONS, "04-simple-network");
        Variants variants = ex.key().variants();
        Variants.Variant ada = variants.draw(Variants.seed(SECRET, ex.name(), "ada"), ex.key());
        Variants.Variant bo = variants.draw(Variants.seed(SECRET, ex.name(), "bo"), ex.key());
        AnswerKey adaKey = ex.key().forVariant(ada, java.util.List.of(bo));
        Map<String, Double> mine = byHand(ada.numbers());
        Map<String, Double> theirs = byHand(bo.numbers());
        for (String id : mine.keySet()) {
            assertTrue(adaKey.judge(id, Answer.numbers(mine.get(id))).isRight(), id);
            assertEquals(AnswerKey.DIFFERENT_NUMBERS, adaKey.judge(id, Answer.numbers(theirs.get(id))).message(), id);
        }
        double noHalf = 2 * mine.get("loss");
        assertEquals("that is (y − t)²: the cost has a ½ in front", adaKey.judge("loss", Answer.numbers(noHalf)).message());
    }

    @Test
    void theCoursesOwnNumbersStayTheDefault() throws IOException {
        Notebook released = Notebook.read(Project.EXERCISES.resolve("04-simple-network.ipynb"));
        assertEquals(COURSE, numbersOf(released));
        Fingerprints checks = printsOf(released);
        assertTrue(checks.judge("loss", Answer.numbers(0.288)).isRight());
        assertTrue(checks.judge("dC-dw1", Answer.numbers(2.080)).isRight());
        assertTrue(checks.judge("dC-dw1", Answer.numbers(2.081)).isRight());
        assertTrue(checks.judge("dC-db", Answer.numbers(-0.1387)).isRight());
        assertEquals("default", released.labMetadata().path("variant").asText());
    }

    @Test
    void theInstructorCanPrintAStudentsNumbersAndAnswers(@TempDir Path dir) throws IOException {
        Release.perStudent(Project.SOLUTIONS, Roster.read(roster(dir, "Ada Lovelace,1,ada,A")), SECRET, dir.resolve("out"));
        Map<String, Double> numbers = numbersOf(Notebook.read(dir.resolve("out/ada/04-simple-network.ipynb")));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ShowVariant.show(Exercise.read(Project.SOLUTIONS, "04-simple-network"), "ada", SECRET,
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String shown = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("04-simple-network for ada (variant " + Variants.seed(SECRET, "04-simple-network", "ada")
                + ")"), shown);
        numbers.forEach((n, v) -> assertTrue(shown.contains(" " + n + " = " + Variants.Answers.plain(v)), n + ": " + shown));
        byHand(numbers).forEach((id, v) -> assertTrue(shown.contains(String.join(" or ",
                backprop.check.Fingerprint.acceptedRoundings(v, id.equals("dC-db") ? 4 : 3))), id + ": " + shown));
        assertThrows(IllegalArgumentException.class, () -> ShowVariant.show(Exercise.read(Project.SOLUTIONS,
                "03-activations"), "ada", SECRET, System.out));
    }

    @Test
    void aStudentsSeedComesFromTheExerciseTheLoginAndTheSecret() {
        String s = Variants.seed(SECRET, "04-simple-network", "ada");
        assertEquals(s, Variants.seed(SECRET, "04-simple-network", "Ada"));
        assertNotEquals(s, Variants.seed(SECRET, "04-simple-network", "bo"));
        assertNotEquals(s, Variants.seed(SECRET, "06-four-equations", "ada"));
        assertNotEquals(s, Variants.seed("another secret of the instructor", "04-simple-network", "ada"));
        assertEquals(16, s.length());
    }

    @Test
    void aKeyWhoseRangesPutEveryReluAtItsKinkFailsAtReleaseWithTheReason(@TempDir Path dir) throws IOException {
        Path solutions = dir.resolve("solutions");
        Files.createDirectories(solutions);
        Files.copy(Project.SOLUTIONS.resolve("04-simple-network.ipynb"), solutions.resolve("04-simple-network.ipynb"));
        String key = Files.readString(Project.SOLUTIONS.resolve("04-simple-network.answers.json"))
                .replace("\"w1\": { \"default\": 0.01, \"range\": [-2, 2] }", "\"w1\": { \"default\": 0.01, \"range\": [-0.02, 0.02] }");
        Files.writeString(solutions.resolve("04-simple-network.answers.json"), key);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Release.run(solutions, dir.resolve("exercises"), false));
        assertTrue(e.getMessage().contains("give no valid variant in 1000 draws: z1 within 0.1 of 0 (a ReLU at its kink) "
                + "in 1000 of 1000 draws"), e.getMessage());
    }

    @Test
    void aRosterWithARepeatedOrEmptyIdIsRefusedNamingTheLine(@TempDir Path dir) throws IOException {
        Path twice = roster(dir, "Ada,1,ada,A", "Bo,1,bo,A");
        assertEquals("roster.csv line 3 repeats the id 1 of line 2",
                assertThrows(IllegalArgumentException.class, () -> Roster.read(twice)).getMessage());
        Path empty = roster(dir, "Ada,1,ada,A", "Bo,,bo,A");
        assertEquals("roster.csv line 3 has no id",
                assertThrows(IllegalArgumentException.class, () -> Roster.read(empty)).getMessage());
    }
}
