package backprop.grader;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardsTest {

    @Test
    void everyStudentIsInExactlyOneShardAndAlwaysTheSame() {
        for (int n = 1; n <= 7; n++) {
            for (String student : List.of("alice", "bob", "12345", "Alice Smith", "")) {
                int in = 0;
                for (int i = 0; i < n; i++) {
                    in += new Shard(i, n).has(student) ? 1 : 0;
                }
                assertEquals(1, in, student + " in one of " + n);
            }
        }
        assertEquals(new Shard(2, 5).has("alice"), Shard.parse("2/5").has("alice"));
    }

    @Test
    void badShardsAreRefusedWithTheRule() {
        for (String bad : List.of("3/2", "0/0", "a/b", "1", "-1/3", "1/2/3", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().startsWith("--shard " + bad + ": the shard must be i/N"), e.getMessage());
        }
    }

    private static Run.Graded shard(int i, int n, String key, String... students) {
        List<Outcome> outcomes = new ArrayList<>();
        for (String s : students) {
            outcomes.add(new Outcome(s, "03-activations", s + ".ipynb", List.of(), List.of(), 1));
        }
        return new Run.Graded(java.nio.file.Path.of("out-" + i), new Run(i, n, Map.of("03-activations", key),
                Map.of(), List.of()), outcomes);
    }

    @Test
    void shardsMergeIntoOneRunInTheOrderOfOne() {
        Run.Graded merged = Run.merge(List.of(shard(1, 2, "k", "bob", "dave"), shard(0, 2, "k", "alice", "carol")));
        assertEquals(List.of("alice", "bob", "carol", "dave"), merged.outcomes().stream().map(Outcome::student).toList());
        assertEquals(1, merged.run().of());
    }

    @Test
    void mergingWhatIsNotOneGradingIsRefusedWithTheReason() {
        assertEquals("shard 1/3 of this grading is missing: run it (./lab grade --shard 1/3 …) and merge again",
                assertThrows(IllegalArgumentException.class,
                        () -> Run.merge(List.of(shard(0, 3, "k"), shard(2, 3, "k")))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Run.merge(List.of(shard(0, 2, "k"), shard(1, 2, "other")))).getMessage()
                .contains("was graded with other exercises or answer keys than out-0 (03-activations has another key)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Run.merge(List.of(shard(0, 2, "k"), shard(0, 3, "k")))).getMessage()
                .contains("they are not shards of one grading"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Run.merge(List.of(shard(0, 2, "k"), shard(0, 2, "k")))).getMessage()
                .contains("are both shard 0/2"));
    }
}
