package backprop.grader;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grader around the kernel, with a stand-in kernel: what it does when things go wrong. */
class GraderTest {

    @TempDir
    Path tmp;

    /** A kernel that never starts the first {@code failures} times, then runs every cell without output. */
    static final class FlakyKernel implements KernelRunner {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;

        FlakyKernel(int failures) {
            this.failures = failures;
        }

        @Override
        public Result run(List<String> cells, Path workDir, Limits limits) {
            boolean fail = calls.incrementAndGet() <= failures;
            List<Cell> out = new ArrayList<>();
            for (String ignored : cells) {
                out.add(fail ? new Cell("not-run", JsonNodeFactory.instance.arrayNode(),
                        KERNEL_DID_NOT_START + " (a test)")
                        : new Cell("ok", JsonNodeFactory.instance.arrayNode(), ""));
            }
            return new Result(out, 1, 0, 0.1);
        }
    }

    private Grader grader(KernelRunner kernel, ByteArrayOutputStream progress) throws IOException {
        return new Grader(ReleaseTest.SOLUTIONS, kernel, new KernelRunner.Limits(5, 20, 1), tmp.resolve("work"),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).retryPause(1);
    }

    @Test
    void aKernelThatWillNotStartIsTriedAgainAndNeverCostsPoints() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        FlakyKernel flaky = new FlakyKernel(5);
        List<Outcome> out = grader(flaky, progress).grade(List.of(Project.EXERCISES.resolve("02-chain-rule.ipynb")), 1);
        assertEquals(3, flaky.calls.get(), "three tries");
        assertTrue(out.get(0).notes().get(0).startsWith(Grader.NOT_GRADED), out.get(0).notes().toString());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("grading it again (2 of 3)"));

        FlakyKernel once = new FlakyKernel(1);
        out = grader(once, new ByteArrayOutputStream()).grade(List.of(Project.EXERCISES.resolve("02-chain-rule.ipynb")), 1);
        assertEquals(2, once.calls.get());
        assertTrue(out.get(0).notes().isEmpty(), "graded on the second try");
    }

    @Test
    void brokenAndUnknownNotebooksAreReportedAndTheOthersGraded() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("class"));
        Files.writeString(folder.resolve("04-simple-network-ann.ipynb"), "{ \"cells\": [ {");
        Files.writeString(folder.resolve("holiday-photos.ipynb"), "{ \"cells\": [], \"metadata\": {} }");
        Files.copy(Project.EXERCISES.resolve("02-chain-rule.ipynb"), folder.resolve("02-chain-rule-bob.ipynb"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Outcome> out = grader(new FlakyKernel(0), progress).grade(List.of(folder), 2);
        assertEquals(3, out.size());
        Outcome ann = out.stream().filter(o -> o.student().equals("ann")).findFirst().orElseThrow();
        assertEquals("04-simple-network", ann.exercise());
        assertTrue(ann.questions().get(0).message().startsWith("the notebook could not be read"));
        Outcome photos = out.stream().filter(o -> o.student().equals("holiday-photos")).findFirst().orElseThrow();
        assertTrue(photos.notes().get(0).startsWith("cannot tell which exercise"));
        Outcome bob = out.stream().filter(o -> o.student().equals("bob")).findFirst().orElseThrow();
        assertEquals("02-chain-rule", bob.exercise());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[ 3/3]"), "progress is shown");
    }

    @Test
    void studentsAreNamedByFileOrFolder() {
        List<String> exercises = List.of("04-simple-network");
        assertEquals("alice", Submissions.student(Path.of("class/alice/04-simple-network.ipynb"), exercises));
        assertEquals("bob", Submissions.student(Path.of("class/04-simple-network-bob.ipynb"), exercises));
        assertEquals("carol", Submissions.student(Path.of("class/carol.ipynb"), exercises));
    }
}
