package backprop.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {

    @TempDir
    Path tmp;

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

    /** Every file under a folder (relative path, '/'-separated) and its sha256. */
    static Map<String, String> files(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(folder.relativize(p).toString().replace('\\', '/'), HexFormat.of().formatHex(sha));
            }
        }
        return out;
    }

    static final List<String> RUN = List.of("03-activations.csv", "class-report.html", "class-report.md",
            "feedback/03-activations/ann.html",
            "feedback/03-activations/bo.html", "grades.csv", "grades.json");

    @Test
    void eachRunIsAFolderOfItsOwnAndTheRunBeforeIsKeptBesideIt() throws Exception {
        Path out = tmp.resolve("grades");
        Reports.write(out, List.of(of("ann", "ann.ipynb"), of("bo", "bo.ipynb")));
        assertEquals(RUN, List.copyOf(files(out).keySet()));
        // What a submission's code could leave there while the next run grades.
        Files.writeString(out.resolve("feedback/03-activations/ghost.html"), "<p>10 of 8 points</p>");
        Files.writeString(out.resolve("marker.txt"), "was here");
        Map<String, String> first = files(out);

        Reports.write(out, List.of(of("ann", "ann.ipynb")));

        assertEquals(List.of("03-activations.csv", "class-report.html", "class-report.md", "feedback/03-activations/ann.html",
                "grades.csv", "grades.json"),
                List.copyOf(files(out).keySet()), "this run's files, and nothing else");
        assertEquals(first, files(Reports.previous(out)), "the run before, as it was");
        try (Stream<Path> beside = Files.list(tmp)) {
            assertEquals(List.of("grades", "grades.previous"), beside.map(p -> p.getFileName().toString()).sorted().toList());
        }

        Reports.write(out, List.of(of("bo", "bo.ipynb")));
        assertEquals(List.of("03-activations.csv", "class-report.html", "class-report.md", "feedback/03-activations/bo.html",
                "grades.csv", "grades.json"),
                List.copyOf(files(out).keySet()));
        assertEquals(List.of("03-activations.csv", "class-report.html", "class-report.md", "feedback/03-activations/ann.html",
                "grades.csv", "grades.json"),
                List.copyOf(files(Reports.previous(out)).keySet()), "one run is kept, the one before");
    }

    @Test
    void aFolderThatIsNotTheGradersIsRefusedAndLeftAlone() throws Exception {
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("lecture.md"), "mine");
        Map<String, String> before = files(tmp);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reports.write(notes, List.of(OUTCOME)));
        assertEquals(notes.toAbsolutePath() + " holds files but no grades.json, so not grades of an earlier run; "
                + "the grader replaces its output folder as a whole: name another with --out", e.getMessage());
        assertEquals(before, files(tmp), "nothing changed");

        Path file = Files.writeString(tmp.resolve("grades"), "a file");
        assertThrows(IllegalArgumentException.class, () -> Reports.checkOutput(file));
        Files.delete(file);
        Files.createDirectories(tmp.resolve("grades.previous"));
        Files.writeString(tmp.resolve("grades.previous/thesis.tex"), "mine too");
        assertThrows(IllegalArgumentException.class, () -> Reports.checkOutput(tmp.resolve("grades")),
                "what would be replaced as the run before is checked too");
    }

    @Test
    void anEmptyFolderMayBeTheOutput() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Reports.write(empty, List.of(OUTCOME));
        assertTrue(Files.isRegularFile(empty.resolve("grades.json")));
        assertTrue(Files.isDirectory(Reports.previous(empty)), "the empty folder, kept");
    }
}
