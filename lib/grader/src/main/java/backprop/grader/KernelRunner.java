package backprop.grader;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs cells on a fresh Java kernel and reports what each did. The real one is
 * {@link LabKernelRunner}, which goes through the notebook platform's kernel start (health check,
 * retries) and kills — never interrupts — a kernel whose cell runs too long.
 */
public interface KernelRunner {

    /** How long things may take, and how much memory the kernel may use. */
    record Limits(int cellSeconds, int notebookSeconds, int maxRestarts) {
    }

    /**
     * One cell's fate: {@code ok}, {@code error} (it failed, the kernel lives on), {@code timeout}
     * (it ran too long; the kernel was killed), {@code died} (the kernel ended while it ran) or
     * {@code not-run}; its outputs as Jupyter records them; a note saying why it did not run; and
     * what the grading guard refused it (private access by reflection, native code…), which
     * flags what follows for the instructor.
     */
    record Cell(String status, ArrayNode outputs, String note, List<String> refused) {

        public Cell {
            refused = List.copyOf(refused);
        }

        public Cell(String status, ArrayNode outputs, String note) {
            this(status, outputs, note, List.of());
        }
    }

    /**
     * Every cell's fate, in order; how many kernels were started (health-check retries included),
     * how many times the cells were replayed in a fresh kernel after one timed out or ended it,
     * and how many processes outlived the kernel's sandbox (found and killed after it; 0 unless
     * the sandbox failed).
     */
    record Result(List<Cell> cells, int kernelStarts, int replays, double seconds, int processesLeft) {

        public Result(List<Cell> cells, int kernelStarts, int replays, double seconds) {
            this(cells, kernelStarts, replays, seconds, 0);
        }

        /** True when a kernel could not be started: nothing the notebook did, and worth a retry. */
        public boolean kernelFailedToStart() {
            return cells.stream().anyMatch(c -> c.note().startsWith(KERNEL_DID_NOT_START));
        }
    }

    /** How the runner's note begins when no healthy kernel could be had. */
    String KERNEL_DID_NOT_START = "the kernel did not start";

    /**
     * Runs the cells in order in a fresh kernel whose working folder is {@code workDir}. A cell that
     * times out or ends the kernel is skipped in a fresh kernel that replays the cells before it,
     * so the cells after it still run (up to {@code maxRestarts} times, within the notebook limit).
     */
    Result run(List<String> cells, Path workDir, Limits limits) throws IOException, InterruptedException;
}
