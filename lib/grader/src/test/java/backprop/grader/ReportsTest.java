package backprop.grader;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {

    static final Outcome OUTCOME = new Outcome("eve <script>", "03-activations", "eve.ipynb", List.of(
            new Outcome.Question("sigmoid-prime", "formula", 2, 2, "right", "your answer \"e^z\", right", List.of()),
            new Outcome.Question("code", "code", 1.5, 3, "partly right", "1 of 2 checks pass", List.of(
                    new Outcome.Case("<img src=x onerror=alert(1)>", false, "threw <b>X</b>"),
                    new Outcome.Case("ok", true, "")))),
            List.of("=HYPERLINK(\"x\")"), 1.0);

    @Test
    void feedbackPagesEscapeEverythingFromTheSubmission() {
        String html = Reports.html(OUTCOME);
        assertFalse(html.contains("<script>") || html.contains("<img") || html.contains("<b>X"), html);
        assertTrue(html.contains("eve &lt;script&gt;"));
        assertTrue(html.contains("3.50 of 5 points"), html);
        assertTrue(html.contains("Content-Security-Policy"));
    }

    @Test
    void csvQuotesAndDefusesSpreadsheetFormulas() {
        String csv = Reports.longCsv(List.of(OUTCOME));
        assertTrue(csv.startsWith("student,exercise,question,points,max,result,reason,file\n"), csv);
        assertTrue(csv.contains("eve <script>,03-activations,sigmoid-prime,2,2,right,\"your answer \"\"e^z\"\", right\",eve.ipynb\n"), csv);
        assertTrue(csv.contains(",code,1.50,3,partly right,"), csv);
        assertEquals("student,sigmoid-prime,code,total,max,file\neve <script>,2,1.50,3.50,5,eve.ipynb\n",
                Reports.wideCsv(List.of(OUTCOME)));
    }

    static Outcome of(String student, String file) {
        return new Outcome(student, "03-activations", file, OUTCOME.questions(), List.of(), 1.0);
    }

    @Test
    void twoSubmissionsOfOneStudentGetAPageEachNamedAfterTheirFiles() {
        List<Outcome> outcomes = List.of(of("ann", "class/ann/03-activations.ipynb"), of("bo", "class/bo/03-activations.ipynb"),
                of("bo", "class/bo/03-activations-bo.ipynb"), of("c d", "c d.ipynb"), of("c_d", "c_d.ipynb"),
                of("bo", "class/bo.03-activations.ipynb"), of("bo", "class_bo/03-activations.ipynb"));
        assertEquals(List.of("03-activations/ann.html", "03-activations/bo--class_bo_03-activations.html",
                "03-activations/bo--class_bo_03-activations-bo.html", "03-activations/c_d--c_d.html",
                "03-activations/c_d--c_d-2.html", "03-activations/bo--class_bo.03-activations.html",
                "03-activations/bo--class_bo_03-activations-2.html"), Reports.pages(outcomes));
        String csv = Reports.longCsv(outcomes);
        assertTrue(csv.contains("\nbo,03-activations,code,1.50,3,partly right,1 of 2 checks pass,class/bo/03-activations.ipynb\n"), csv);
        assertTrue(csv.contains("\nbo,03-activations,code,1.50,3,partly right,1 of 2 checks pass,class/bo/03-activations-bo.ipynb\n"), csv);
    }
}
