package backprop.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The instructor's one page on the class: scores, misconceptions, the most common wrong answers. */
class ClassReportTest {

    static final String NOT_TRANSPOSED = "BP2 at layer 1: δ¹ is off at row 1; your values match using w² where (w²)ᵀ belongs";
    static final String NOT_DIVIDED = "update: the new w is off at row 1, column 1; your values match w − η Σ ∂C/∂w: "
            + "the sum over the mini-batch is not divided by m = 4";

    static Outcome backprop(String student, double points, String... failing) {
        List<Outcome.Case> cases = new java.util.ArrayList<>();
        cases.add(new Outcome.Case("forward: z and a (n)", true, ""));
        for (String f : failing) {
            cases.add(new Outcome.Case(f.substring(0, f.indexOf(' ')) + ": … (n)", false, f));
        }
        return new Outcome(student, "06-four-equations", student + ".ipynb", List.of(new Outcome.Question("backprop-code",
                "code", points, 6, points == 6 ? "right" : "partly right", "…", cases)), List.of(), 1);
    }

    static Outcome loss(String student, String message, double points) {
        return new Outcome(student, "04-simple-network", student + ".ipynb", List.of(new Outcome.Question("loss",
                "number", points, 1, points == 1 ? "right" : "wrong", message, List.of())), List.of(), 1);
    }

    static final List<Outcome> CLASS = List.of(
            backprop("ada", 5, NOT_TRANSPOSED), backprop("bo", 4, NOT_TRANSPOSED, NOT_DIVIDED), backprop("cy", 6),
            loss("ada", "your answer 0.5769: that is (y − t)²: the cost has a ½ in front", 0),
            loss("bo", "your answer 0.61: that is (y − t)²: the cost has a ½ in front", 0),
            loss("cy", "your answer 0.288: right", 1),
            loss("dee", "your answer <b>9</b>: not right (compared to 3 decimals)", 0));

    @Test
    void theReportCountsScoresMisconceptionsAndTheCommonestWrongAnswers() {
        String md = ClassReport.markdown(CLASS);
        assertTrue(md.contains("## 04-simple-network (4 submissions)"), md);
        assertTrue(md.contains("| loss | 0/1: 3, 1/1: 1 |"), md);
        assertTrue(md.contains("| backprop-code | 4/6: 1, 5/6: 1, 6/6: 1 |"), md);
        assertTrue(md.contains("**Misconceptions**: w instead of wᵀ in BP2: 2 students; mini-batch sum not divided by m: "
                + "1 student"), md);
        assertTrue(md.contains("1. backprop-code, 2 students: " + NOT_TRANSPOSED + "\n2. backprop-code, 1 student: "
                + NOT_DIVIDED), md);
        assertTrue(md.contains("1. loss, 2 students (such as 0.5769): that is (y − t)²: the cost has a ½ in front"), md);
        assertFalse(md.contains("0.288"), "a right answer is no wrong answer");
    }

    @Test
    void thePageEscapesWhatCameFromASubmissionAndIsWrittenWithTheGrades(@TempDir Path dir) throws IOException {
        String html = ClassReport.html(CLASS);
        assertTrue(html.contains("&lt;b&gt;9&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>9</b>"));
        Reports.write(dir.resolve("grades"), CLASS);
        assertEquals(ClassReport.markdown(CLASS), Files.readString(dir.resolve("grades/class-report.md")));
        assertTrue(Files.isRegularFile(dir.resolve("grades/class-report.html")));
    }
}
