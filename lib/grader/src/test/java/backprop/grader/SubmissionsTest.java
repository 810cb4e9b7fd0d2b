package backprop.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the grader does with the files it is given, before any kernel runs: only notebooks are read. */
class SubmissionsTest {

    @TempDir
    Path tmp;

    /** The grader with a kernel that runs every cell without output, and what it printed. */
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final GraderTest.FlakyKernel kernel = new GraderTest.FlakyKernel(0);

    private List<Outcome> grade(Path... paths) throws Exception {
        Grader grader = new Grader(Project.SOLUTIONS, kernel, new KernelRunner.Limits(5, 20, 1),
                tmp.resolve("work"), new PrintStream(progress, true, StandardCharsets.UTF_8));
        return grader.grade(List.of(paths), 2);
    }

    private static Outcome of(List<Outcome> outcomes, String student) {
        List<Outcome> found = outcomes.stream().filter(o -> o.student().equals(student)).toList();
        assertEquals(1, found.size(), student + " in " + outcomes);
        return found.get(0);
    }

    /** Everything the outcome says, in one string. */
    private static String said(Outcome o) {
        StringBuilder all = new StringBuilder(String.join("\n", o.notes()));
        o.questions().forEach(q -> all.append('\n').append(q.message()));
        return all.toString();
    }

    @Test
    void symbolicLinksAreListedWithZeroAndNeverRead() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "root:x:0:0:TOKEN-7f3a\n");
        Path folder = Files.createDirectories(tmp.resolve("class"));
        Files.createDirectories(folder.resolve("mallory"));
        Files.createSymbolicLink(folder.resolve("mallory/03-activations.ipynb"), secret);
        Files.createDirectories(folder.resolve("trudy"));
        Files.createSymbolicLink(folder.resolve("trudy/03-activations.ipynb"),
                Project.SOLUTIONS.resolve("03-activations.ipynb").toAbsolutePath());
        Files.createSymbolicLink(folder.resolve("03-activations-dangling.ipynb"), tmp.resolve("gone"));

        List<Outcome> out = grade(folder);

        assertEquals(3, out.size(), out.toString());
        for (String student : new String[] {"mallory", "trudy", "dangling"}) {
            Outcome o = of(out, student);
            assertEquals("03-activations", o.exercise(), "the exercise its name says");
            assertEquals(0, o.points());
            assertEquals(8, o.max());
            for (Outcome.Question q : o.questions()) {
                assertTrue(q.message().startsWith("not graded: ") && q.message().endsWith(
                        " is a symbolic link; submit the notebook file itself"), q.message());
            }
            assertFalse(said(o).contains("TOKEN-7f3a") || said(o).contains("root:x"), said(o));
        }
        assertEquals(0, kernel.calls.get(), "no kernel ran for a link");
        String csv = Reports.longCsv(out);
        assertTrue(csv.contains("trudy,03-activations,slopes-code,0,3,error,not graded: 03-activations.ipynb "
                + "is a symbolic link; submit the notebook file itself"), csv);
    }

    @Test
    void aLinkSwappedInAfterTheLookIsNotFollowed() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("03-activations.ipynb"),
                Project.SOLUTIONS.resolve("03-activations.ipynb").toAbsolutePath());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Notebook.readSubmission(link));
        assertTrue(e.getMessage().startsWith("03-activations.ipynb could not be opened as a regular file"),
                e.getMessage());
        assertFalse(e.getMessage().contains(tmp.toString()), "no full path: " + e.getMessage());
    }

    @Test
    void aNamedPipeIsRefusedWithoutBeingOpened() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("class/pat"));
        Path fifo = folder.resolve("03-activations.ipynb");
        assumeTrue(mkfifo(fifo), "mkfifo is not available");
        // Opening a named pipe for reading waits for a writer: a grader that opened it would hang.
        List<Outcome> out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> grade(tmp.resolve("class")));
        Outcome pat = of(out, "pat");
        assertEquals(0, pat.points());
        assertEquals("not graded: 03-activations.ipynb is not a regular file (a named pipe or a device); "
                + "submit the notebook file itself", pat.questions().get(0).message());
        assertEquals(List.of("not graded: 03-activations.ipynb is not a regular file (a named pipe or a "
                + "device); submit the notebook file itself"), pat.notes());
    }

    @Test
    void aLinkedFolderIsNotFollowedAndSaysSo() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/victor"));
        Files.copy(Project.SOLUTIONS.resolve("03-activations.ipynb"), elsewhere.resolve("03-activations.ipynb"));
        Path folder = Files.createDirectories(tmp.resolve("class"));
        Files.createSymbolicLink(folder.resolve("victor"), elsewhere);
        Files.createDirectories(folder.resolve("bob"));
        Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), folder.resolve("bob/02-chain-rule.ipynb"));

        List<Outcome> out = grade(folder);

        assertEquals(List.of("bob"), out.stream().map(Outcome::student).toList());
        assertTrue(progress.toString(StandardCharsets.UTF_8)
                .contains("Skipped: victor is a symbolic link to a folder: not followed"), progress.toString());
    }

    @Test
    void aFolderNamedOnTheCommandLineMayBeALink() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real/bob"));
        Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), real.resolve("02-chain-rule.ipynb"));
        Path link = Files.createSymbolicLink(tmp.resolve("class"), tmp.resolve("real"));
        List<Outcome> out = grade(link);
        assertEquals("bob", out.get(0).student());
        assertEquals("02-chain-rule", out.get(0).exercise());
        assertEquals(1, kernel.calls.get());
    }

    @Test
    void twoSubmissionsOfOneStudentAreBothGradedAndFlagged() throws Exception {
        Path bob = Files.createDirectories(tmp.resolve("class/bob"));
        Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), bob.resolve("02-chain-rule.ipynb"));
        Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), bob.resolve("02-chain-rule-bob.ipynb"));
        Files.copy(Project.EXERCISES.resolve("03-activations.ipynb"), bob.resolve("03-activations.ipynb"));

        List<Outcome> out = grade(tmp.resolve("class"));

        assertEquals(List.of("class/bob/02-chain-rule-bob.ipynb", "class/bob/02-chain-rule.ipynb",
                "class/bob/03-activations.ipynb"), out.stream().map(Outcome::file).toList());
        String note = "two submissions for one student of one exercise (class/bob/02-chain-rule-bob.ipynb and "
                + "class/bob/02-chain-rule.ipynb): both are graded and listed; the one changed last counts "
                + "in the gradebook";
        assertEquals(List.of(note), out.get(0).notes());
        assertEquals(List.of(note), out.get(1).notes());
        assertEquals(List.of(), out.get(2).notes(), "one submission of another exercise");
        String terminal = progress.toString(StandardCharsets.UTF_8);
        assertEquals(1, terminal.split("Warning: ", -1).length - 1, terminal);
        assertTrue(terminal.contains("Warning: bob · 02-chain-rule: " + note + "\n"), terminal);
        assertEquals(List.of("02-chain-rule/bob--class_bob_02-chain-rule-bob.html",
                "02-chain-rule/bob--class_bob_02-chain-rule.html", "03-activations/bob.html"), Reports.pages(out));
    }

    @Test
    void aFileNamedTwiceIsGradedOnce() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("class/bob"));
        Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), folder.resolve("02-chain-rule.ipynb"));
        List<Outcome> out = grade(tmp.resolve("class"), folder.resolve("02-chain-rule.ipynb"));
        assertEquals(1, out.size(), out.toString());
    }

    @Test
    void reportsNameTheFileFromTheFolderGivenNeverByItsFullPath() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("class/bob"));
        Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), folder.resolve("02-chain-rule.ipynb"));
        Path alone = Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), tmp.resolve("02-chain-rule-ann.ipynb"));
        Files.writeString(Files.createDirectories(tmp.resolve("class/cy")).resolve("04-simple-network.ipynb"), "{ broken");

        List<Outcome> out = grade(tmp.resolve("class"), alone);

        assertEquals("class/bob/02-chain-rule.ipynb", of(out, "bob").file());
        assertEquals("02-chain-rule-ann.ipynb", of(out, "ann").file());
        for (Outcome o : out) {
            String page = Reports.html(o);
            assertFalse(page.contains(tmp.toString()) || said(o).contains(tmp.toString()), page);
        }
        assertTrue(Reports.html(of(out, "ann")).contains("(02-chain-rule-ann.ipynb)"));
    }

    /** The released 03 with {@code bytes} put into the file right after the first occurrence of {@code after}. */
    private Path withBytes(String student, String after, byte... bytes) throws IOException {
        byte[] file = Files.readAllBytes(Project.EXERCISES.resolve("03-activations.ipynb"));
        byte[] mark = after.getBytes(StandardCharsets.UTF_8);
        int at = new String(file, StandardCharsets.ISO_8859_1).indexOf(new String(mark, StandardCharsets.ISO_8859_1));
        assertTrue(at > 0, after);
        at += mark.length;
        byte[] out = new byte[file.length + bytes.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(file, at, out, at + bytes.length, file.length - at);
        Path p = Files.createDirectories(tmp.resolve("class").resolve(student)).resolve("03-activations.ipynb");
        return Files.write(p, out);
    }

    @Test
    void bytesThatAreNotUtf8AreReadAsReplacementsAndNoted() throws Exception {
        Path prose = withBytes("ann", "# Exercise 03 ", (byte) 0xFF);
        Notebook nb = Notebook.readSubmission(prose);
        assertEquals(1, nb.replaced());
        assertTrue(Notebook.source(nb.cells().get(0)).startsWith("# Exercise 03 \uFFFD· Activations"));
        assertEquals("The file is not all UTF-8 text: 1 byte was read as \uFFFD, in text cells only, which "
                + "changes nothing.", Grader.replacementNote(nb));

        Path code = withBytes("bo", "double atZero = ", (byte) 0xFF);
        assertEquals("The file is not all UTF-8 text: 1 byte was read as \uFFFD; code cell 3 ran with \uFFFD "
                + "where it was.", Grader.replacementNote(Notebook.readSubmission(code)));
        code = withBytes("bo", "double atZero = ", (byte) 0xC3, (byte) 0x28, (byte) 0xFE);
        nb = Notebook.readSubmission(code);
        assertEquals(2, nb.replaced(), "a broken two-byte sequence and a stray byte; '(' is kept");
        assertTrue(Notebook.source(nb.cells().get(5)).startsWith("double atZero = \uFFFD(\uFFFDtodo();"),
                Notebook.source(nb.cells().get(5)));
        assertEquals("The file is not all UTF-8 text: 2 bytes were read as \uFFFD; code cell 3 ran with \uFFFD "
                + "where they were.", Grader.replacementNote(nb));

        List<Outcome> out = grade(tmp.resolve("class"));
        assertEquals(List.of(Grader.replacementNote(Notebook.readSubmission(prose))), of(out, "ann").notes());
        assertEquals(2, kernel.calls.get(), "both are graded");
    }

    @Test
    void aByteOrderMarkIsSkipped() throws Exception {
        byte[] file = Files.readAllBytes(Project.EXERCISES.resolve("03-activations.ipynb"));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path p = tmp.resolve("03-activations-eve.ipynb");
        Files.write(p, bom);
        Files.write(p, file, java.nio.file.StandardOpenOption.APPEND);
        Notebook nb = Notebook.readSubmission(p);
        assertEquals(0, nb.replaced());
        assertEquals(Notebook.read(Project.EXERCISES.resolve("03-activations.ipynb")).toJson(), nb.toJson());
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
