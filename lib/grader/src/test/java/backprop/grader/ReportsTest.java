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
        assertTrue(csv.startsWith("student,exercise,question,points,max,result,reason\n"), csv);
        assertTrue(csv.contains("eve <script>,03-activations,sigmoid-prime,2,2,right,\"your answer \"\"e^z\"\", right\""), csv);
        assertTrue(csv.contains(",code,1.50,3,partly right,"), csv);
        assertEquals("student,sigmoid-prime,code,total,max\neve <script>,2,1.50,3.50,5\n", Reports.wideCsv(List.of(OUTCOME)));
    }
}
