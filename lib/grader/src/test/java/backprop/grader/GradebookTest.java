package backprop.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradebookTest {

    private static Outcome outcome(String student, String exercise, String file, double points) {
        return new Outcome(student, exercise, file, List.of(new Outcome.Question("q", "number", points, 8,
                points == 8 ? "right" : "wrong", "", List.of())), List.of(), 1.0);
    }

    private static List<Gradebook.Entry> entries(List<Outcome> outcomes, Roster roster) throws IOException {
        return Matching.entries(outcomes, Map.of(), Set.of(), roster, Map.of("03-activations", "key1"), "t1").entries();
    }

    @Test
    void aRegradeReplacesThatStudentsEntryOnlyAndKeepsTheOldOneInTheHistory(@TempDir Path dir) throws IOException {
        Gradebook book = Gradebook.open(dir);
        List<Outcome> five = List.of(outcome("a", "03-activations", "a.ipynb", 8), outcome("b", "03-activations", "b.ipynb", 3),
                outcome("c", "03-activations", "c.ipynb", 5), outcome("d", "03-activations", "d.ipynb", 0),
                outcome("e", "03-activations", "e.ipynb", 7));
        Gradebook.Changes first = book.enter(entries(five, null), "t1");
        assertEquals(5, first.added().size());
        Gradebook.Changes late = Gradebook.open(dir).enter(entries(List.of(outcome("b", "03-activations", "b2.ipynb", 8)), null), "t2");
        assertEquals(0, late.added().size());
        assertEquals(1, late.replaced().size());
        Gradebook again = Gradebook.open(dir);
        assertEquals(5, again.entries().size(), "the five earlier grades are all there");
        assertEquals(8, again.get("03-activations", "b").points());
        assertEquals(8, again.get("03-activations", "a").points());
        List<Gradebook.Replaced> history = again.history("b");
        assertEquals(1, history.size());
        assertEquals(3, history.get(0).entry().points());
        assertEquals("t2", history.get(0).replacedAt());
        assertTrue(again.history("a").isEmpty());
    }

    @Test
    void theSameGradeAgainChangesNothing(@TempDir Path dir) throws IOException {
        Gradebook.open(dir).enter(entries(List.of(outcome("a", "03-activations", "a.ipynb", 8)), null), "t1");
        byte[] before = Files.readAllBytes(dir.resolve("gradebook.json"));
        Gradebook.Changes c = Gradebook.open(dir).enter(entries(List.of(outcome("a", "03-activations", "a.ipynb", 8)), null), "t9");
        assertTrue(c.none());
        assertEquals(new String(before), Files.readString(dir.resolve("gradebook.json")));
        assertTrue(Files.notExists(dir.resolve("history.jsonl")));
    }

    @Test
    void aDamagedGradebookIsLeftAloneWithAClearError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("gradebook.json"), "{ not json");
        IOException e = assertThrows(IOException.class, () -> Gradebook.open(dir));
        assertTrue(e.getMessage().contains("gradebook.json cannot be read"), e.getMessage());
        assertEquals("{ not json", Files.readString(dir.resolve("gradebook.json")));
    }

    @Test
    void ofTwoSubmissionsTheLastChangedCountsAndTheOtherIsListed(@TempDir Path dir) throws IOException {
        Path older = Files.writeString(dir.resolve("old.ipynb"), "{}");
        Path newer = Files.writeString(dir.resolve("new.ipynb"), "{}");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
        Map<String, Long> files = new HashMap<>(Map.of("bob/old.ipynb", Matching.modified(older),
                "bob/new.ipynb", Matching.modified(newer)));
        Matching.Result r = Matching.entries(List.of(outcome("bob", "03-activations", "bob/new.ipynb", 2),
                outcome("bob", "03-activations", "bob/old.ipynb", 8)), files, Set.of(), null, Map.of(), "t");
        assertEquals(1, r.entries().size());
        assertEquals("bob/new.ipynb", r.entries().get(0).file());
        assertEquals(List.of("bob/old.ipynb: bob handed in 2 notebooks for 03-activations; the one last changed "
                + "counts (bob/new.ipynb), this one is not entered"), r.notEntered());
    }

    @Test
    void unmatchedSubmissionsAndStudentsWithoutOneAreListed(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("roster.csv"), "name,id,login,section\nAda,1,ada,A\nBo,2,bo,A\n");
        Roster roster = Roster.read(csv);
        Outcome bo = outcome("bo", "03-activations", "bo.ipynb", 0);
        Outcome notGraded = new Outcome("bo", bo.exercise(), bo.file(), bo.questions(),
                List.of(Grader.NOT_GRADED + ": no kernel"), 0);
        Matching.Result r = Matching.entries(List.of(outcome("ada", "03-activations", "ada.ipynb", 8),
                outcome("mallory", "03-activations", "mallory.ipynb", 8), notGraded), Map.of(),
                Set.of("mallory.ipynb"), roster, Map.of(), "t");
        assertEquals(1, r.entries().size());
        assertEquals("Ada", r.entries().get(0).name());
        assertEquals(List.of("mallory.ipynb: matches no student of the roster, not entered",
                "bo.ipynb: could not be graded (no healthy kernel); the gradebook keeps bo's earlier grade, if any. "
                        + "Grade it again"), r.notEntered());
        assertEquals(List.of("03-activations: no submission from bo (Bo)"), r.missing());
    }

    @Test
    void exportsHaveTheColumnsThePlatformsImport(@TempDir Path dir) throws IOException {
        Roster roster = Roster.read(Files.writeString(dir.resolve("r.csv"),
                "name,id,login,section\n\"Smith, Alice\",12345,asmith,A\nBo,2,bo,B\n"));
        Gradebook book = Gradebook.open(dir.resolve("book"));
        book.enter(entries(List.of(outcome("asmith", "03-activations", "a.ipynb", 6.5)), roster), "t");
        List<Exports.Column> cols = List.of(new Exports.Column("03-activations", "Activations and their slopes", 8, "4711"),
                new Exports.Column("04-simple-network", "A simple network", 10, ""));
        assertEquals("Student,ID,SIS User ID,SIS Login ID,Section,Activations and their slopes (4711),"
                + "A simple network (04-simple-network)\n"
                + "    Points Possible,,,,,8,10\n"
                + "\"Smith, Alice\",12345,,asmith,A,6.50,\n"
                + "Bo,2,,bo,B,,\n", Exports.canvas(book, roster, cols));
        assertEquals("Username,ID number,Email address,Activations and their slopes,A simple network\n"
                + "asmith,12345,,6.50,\nbo,2,,,\n", Exports.moodle(book, roster, cols));
        assertEquals("student,name,id,section,03-activations,04-simple-network,total,max\n"
                + "asmith,\"Smith, Alice\",12345,A,6.50,,6.50,18\nbo,Bo,2,B,,,0,18\n", Exports.sheet(book, roster, cols));
        assertNull(book.get("04-simple-network", "asmith"));
    }
}
