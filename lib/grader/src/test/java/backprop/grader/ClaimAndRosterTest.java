package backprop.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimAndRosterTest {

    private static final List<String> EXERCISES = List.of("03-activations", "04-simple-network");

    private static Claim claim(String path) {
        return Claim.of(Path.of("/submissions").resolve(path), EXERCISES);
    }

    @Test
    void studentsAreNamedAsFoldersFilesAndPlatformsNameThem() {
        assertEquals(new Claim("alice", "", "", false), claim("alice/03-activations.ipynb"));
        assertEquals(new Claim("bob", "", "", false), claim("x/03-activations-bob.ipynb"));
        assertEquals(new Claim("", "12345", "", false), claim("dl/smithalice_12345_67890_03-activations.ipynb"));
        assertEquals(new Claim("", "12345", "", false), claim("dl/smithalice_LATE_12345_67890_03-activations.ipynb"));
        assertEquals(new Claim("", "", "Alice Smith", false),
                claim("Alice Smith_123456_assignsubmission_file_/03-activations.ipynb"));
    }

    @Test
    void jupyterLabsCopiesBelongToTheFoldersStudent() {
        assertEquals(new Claim("bob", "", "", true), claim("bob/03-activations-Copy1.ipynb"));
        assertEquals(new Claim("dave", "", "", true), claim("dave/03-activations (1).ipynb"));
        assertEquals(new Claim("carol", "", "", true), claim("carol/Untitled.ipynb"));
        assertEquals(new Claim("carol", "", "", true), claim("carol/Untitled1-Copy2.ipynb"));
        assertFalse(claim("carol/03-activations.ipynb").copy());
    }

    @Test
    void aRosterMatchesByLoginIdOrName(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("roster.csv");
        Files.writeString(csv, "\uFEFFName,ID,Login,Section\n\"Smith, Alice\",12345,asmith,A\nBob Jones,222,bjones,B\n");
        Roster r = Roster.read(csv);
        assertEquals(2, r.students().size());
        assertEquals("asmith", r.match(new Claim("ASmith", "", "", false)).login());
        assertEquals("asmith", r.match(new Claim("", "12345", "", false)).login());
        assertEquals("bjones", r.match(new Claim("", "", "bob jones", false)).login());
        assertNull(r.match(new Claim("mallory", "", "", false)));
        assertEquals("asmith", Matching.student(new Claim("", "12345", "", false), r));
        assertNull(Matching.student(new Claim("mallory", "", "", false), r));
        assertEquals("mallory", Matching.student(new Claim("mallory", "", "", false), null));
    }

    @Test
    void canvassOwnColumnNamesAreUnderstood(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("canvas.csv");
        Files.writeString(csv, "Student,ID,SIS Login ID,Section\n\"Smith, Alice\",12345,asmith,A\n");
        assertEquals("asmith", Roster.read(csv).students().get(0).login());
    }

    @Test
    void aBadRosterNamesTheLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("roster.csv");
        Files.writeString(csv, "name,id,login,section\nA,1,a,X\nB,1,b,X\n");
        assertEquals("roster.csv line 3 repeats the id 1 of line 2",
                assertThrows(IllegalArgumentException.class, () -> Roster.read(csv)).getMessage());
        Files.writeString(csv, "name,id,login,section\nA,1,a,X\nB,2,A,X\n");
        assertEquals("roster.csv line 3 repeats the login A of line 2",
                assertThrows(IllegalArgumentException.class, () -> Roster.read(csv)).getMessage());
        Files.writeString(csv, "name,id,section\nA,1,X\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Roster.read(csv)).getMessage()
                .startsWith("roster.csv line 1 has no column 'login'"));
        Files.writeString(csv, "name,id,login,section\nA,1,a\n");
        assertEquals("roster.csv line 2 has 3 fields, the header 4",
                assertThrows(IllegalArgumentException.class, () -> Roster.read(csv)).getMessage());
        Files.writeString(csv, "name,id,login,section\nA,,a,X\n");
        assertEquals("roster.csv line 2 has no id",
                assertThrows(IllegalArgumentException.class, () -> Roster.read(csv)).getMessage());
    }
}
