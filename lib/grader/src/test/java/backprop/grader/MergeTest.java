package backprop.grader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging shards that are one grading only: the same roster, the same notebooks found. */
class MergeTest {

    private static final Map<String, Long> CLASS = Map.of("subs/alice/03-activations.ipynb", 1000L,
            "subs/bob/03-activations.ipynb", 2000L, "subs/carol/03-activations.ipynb", 3000L);

    private static Run.Graded shard(int i, int n, String roster, Map<String, Long> found) {
        return new Run.Graded(Path.of("out/shard-" + i), new Run(i, n, Map.of("03-activations", "k"), roster,
                Run.found(found), Map.of(), List.of()), List.of());
    }

    @Test
    void shardsOfOneGradingMergeAndKeepItsFingerprints() {
        Run merged = Run.merge(List.of(shard(0, 2, "r", CLASS), shard(1, 2, "r", CLASS))).run();
        assertEquals("r", merged.roster());
        assertEquals(Run.found(CLASS), merged.found());
    }

    @Test
    void shardsGradedWithAnotherRosterAreRefused() {
        // Another roster names students otherwise, and so puts them in other shards: a notebook
        // could be in neither shard, or in both.
        String message = assertThrows(IllegalArgumentException.class,
                () -> Run.merge(List.of(shard(0, 2, "r", CLASS), shard(1, 2, "", CLASS)))).getMessage();
        assertEquals("out/shard-1 was graded with another roster than out/shard-0: grade every shard with the "
                + "same --roster", message);
    }

    @Test
    void shardsThatFoundOtherNotebooksAreRefused() {
        Map<String, Long> late = new LinkedHashMap<>(CLASS);
        late.put("subs/dave/03-activations.ipynb", 4000L);
        String message = assertThrows(IllegalArgumentException.class,
                () -> Run.merge(List.of(shard(0, 2, "", CLASS), shard(1, 2, "", late)))).getMessage();
        assertTrue(message.startsWith("out/shard-1 found other notebooks to grade than out/shard-0 (4 notebooks, "),
                message);
        assertTrue(message.endsWith("): every shard must grade the same submissions, unchanged; after a change, "
                + "grade every shard again"), message);
    }

    @Test
    void whatWasFoundIsOneFingerprintWhateverTheOrderAndChangesWithAnyFile() {
        Map<String, Long> reversed = new LinkedHashMap<>();
        List.copyOf(new java.util.TreeMap<>(CLASS).descendingMap().entrySet())
                .forEach(e -> reversed.put(e.getKey(), e.getValue()));
        assertEquals(Run.found(CLASS), Run.found(reversed));
        assertTrue(Run.found(CLASS).startsWith("3 notebooks, "));
        Map<String, Long> changed = new LinkedHashMap<>(CLASS);
        changed.put("subs/bob/03-activations.ipynb", 2001L);
        assertNotEquals(Run.found(CLASS), Run.found(changed), "a notebook changed since");
        Map<String, Long> renamed = new LinkedHashMap<>(CLASS);
        renamed.put("subs/bob/03-activations-Copy1.ipynb", renamed.remove("subs/bob/03-activations.ipynb"));
        assertNotEquals(Run.found(CLASS), Run.found(renamed));
    }

    @Test
    void aRostersFingerprintIsItsFilesAndEmptyWithoutOne(@TempDir Path dir) throws IOException {
        Path roster = dir.resolve("roster.csv");
        Files.writeString(roster, "name,id,login,section\nAlice,1,alice,A\n");
        String first = Run.roster(roster);
        assertEquals(first, Run.roster(roster));
        Files.writeString(roster, "name,id,login,section\nAlice,1,alice,A\nBob,2,bob,A\n");
        assertNotEquals(first, Run.roster(roster));
        assertEquals("", Run.roster(null));
    }

    @Test
    void runJsonKeepsTheFingerprintsAndOneThatHasNoneReadsAsWithout(@TempDir Path dir) throws IOException {
        Run run = new Run(1, 3, Map.of("03-activations", "k"), "r", Run.found(CLASS), CLASS, List.of("x"));
        Files.writeString(dir.resolve("run.json"), run.json());
        Files.writeString(dir.resolve("grades.json"), "[]");
        assertEquals(run, Run.read(dir).run());
        Files.writeString(dir.resolve("run.json"), "{\"shard\": 0, \"of\": 1, \"keys\": {}, \"files\": {}, "
                + "\"unmatched\": []}");
        Run older = Run.read(dir).run();
        assertEquals("", older.roster());
        assertEquals("", older.found());
    }

    @Test
    void aFolderThatIsNoShardsOutputIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        assertEquals("no such folder: " + dir.resolve("shard-2") + " (a shard whose grading failed or has not "
                + "run writes none: grade that shard, then merge)", refusal(dir.resolve("shard-2")));
        Files.writeString(dir.resolve("grades.json"), "[]");
        Files.writeString(dir.resolve("run.json"), "{\"shard\": 0, \"of\": ");
        assertEquals(dir + " holds a run.json or grades.json that cannot be read (JsonEOFException): grade that "
                + "shard again", refusal(dir));
        for (String bad : List.of("{\"shard\": 3, \"of\": 2, \"keys\": {}, \"files\": {}, \"unmatched\": []}",
                "{\"shard\": 0, \"of\": 0, \"keys\": {}, \"files\": {}, \"unmatched\": []}",
                "{\"shard\": 0, \"of\": 2}", "null")) {
            Files.writeString(dir.resolve("run.json"), bad);
            assertTrue(refusal(dir).startsWith(dir + "/run.json is not a grading run's"), bad);
        }
    }

    private static String refusal(Path folder) {
        return assertThrows(IllegalArgumentException.class, () -> Run.read(folder)).getMessage();
    }
}
