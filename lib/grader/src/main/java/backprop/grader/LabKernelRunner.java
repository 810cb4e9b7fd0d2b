package backprop.grader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs cells through the notebook platform's Python side ({@code python -m labtools grade-kernel},
 * see tools/labtools/grading.py). Each Python process serves one request at a time, a JSON line
 * in on its standard input and a JSON line out, and is kept for the next submission (starting
 * Python and Jupyter's libraries costs more than a second each time); every submission still gets
 * a fresh kernel. Nothing of a request (the hidden checks) is ever written to disk.
 */
public final class LabKernelRunner implements KernelRunner, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Path directory;
    private final Map<String, String> environment;
    private final ConcurrentLinkedQueue<Worker> idle = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grading watchdog");
        t.setDaemon(true);
        return t;
    });

    /** {@code command} starts the Python side in {@code directory}, with extra environment variables. */
    public LabKernelRunner(List<String> command, Path directory, Map<String, String> environment) {
        this.command = List.copyOf(command);
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    /** The project's own: {@code PYTHON -m labtools grade-kernel} in ROOT, with tools/ on the path. */
    public static LabKernelRunner forProject(Path root, String python) {
        return new LabKernelRunner(List.of(python, "-m", "labtools", "grade-kernel"), root,
                Map.of("PYTHONPATH", root.resolve("tools").toString()));
    }

    /** One Python process and its two pipes. */
    private record Worker(Process process, OutputStream in, BufferedReader out) {
    }

    private Worker start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(environment);
        Process p = pb.start();
        return new Worker(p, p.getOutputStream(),
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    }

    @Override
    public Result run(List<String> cells, Path workDir, Limits limits) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode sources = request.putArray("cells");
        cells.forEach(sources::add);
        request.put("cwd", workDir.toAbsolutePath().toString());
        request.put("cell_timeout", limits.cellSeconds());
        request.put("notebook_timeout", limits.notebookSeconds());
        request.put("max_restarts", limits.maxRestarts());

        Worker w = idle.poll();
        if (w == null || !w.process().isAlive()) {
            w = start();
        }
        Worker worker = w;
        // The Python side keeps to the notebook's limit itself; this only ends a runner that hangs.
        ScheduledFuture<?> backstop = watchdog.schedule(() -> worker.process().destroyForcibly(),
                limits.notebookSeconds() + 120L, TimeUnit.SECONDS);
        String line;
        try {
            worker.in().write(JSON.writeValueAsBytes(request));
            worker.in().write('\n');
            worker.in().flush();
            line = worker.out().readLine();
        } catch (IOException e) {
            worker.process().destroyForcibly();
            throw new IOException("the kernel runner stopped: " + e.getMessage(), e);
        } finally {
            backstop.cancel(false);
        }
        if (line == null) {
            worker.process().destroyForcibly();
            throw new IOException("the kernel runner ended without an answer");
        }
        idle.add(worker);
        JsonNode result = JSON.readTree(line);
        List<Cell> list = new ArrayList<>();
        for (JsonNode c : result.path("cells")) {
            List<String> refused = new ArrayList<>();
            c.path("refused").forEach(r -> refused.add(r.asText()));
            list.add(new Cell(c.path("status").asText(), (ArrayNode) c.path("outputs"), c.path("note").asText(),
                    refused));
        }
        return new Result(list, result.path("kernel_starts").asInt(), result.path("replays").asInt(),
                result.path("seconds").asDouble(), result.path("processes_left").asInt());
    }

    /** Ends the Python processes (their input closes; each finishes and exits). */
    @Override
    public void close() throws InterruptedException {
        watchdog.shutdownNow();
        for (Worker w; (w = idle.poll()) != null; ) {
            try {
                w.in().close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!w.process().waitFor(10, TimeUnit.SECONDS)) {
                w.process().destroyForcibly();
            }
        }
    }
}
