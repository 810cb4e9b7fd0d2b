package backprop.grading.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs cells through the notebook platform's Python side ({@code python -m labtools grade-kernel},
 * see tools/labtools/grading.py): the request goes in on its standard input, the result comes
 * back on its standard output. Nothing of the request (the hidden checks) is ever written to disk.
 */
public final class LabKernelRunner implements KernelRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Path directory;
    private final Map<String, String> environment;

    /** {@code command} starts the Python side in {@code directory}, with extra environment variables. */
    public LabKernelRunner(List<String> command, Path directory, Map<String, String> environment) {
        this.command = List.copyOf(command);
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    /** The project's own: {@code ROOT/.venv/bin/python -m labtools grade-kernel}, tools on the path. */
    public static LabKernelRunner forProject(Path root, String python) {
        return new LabKernelRunner(List.of(python, "-m", "labtools", "grade-kernel"), root,
                Map.of("PYTHONPATH", root.resolve("tools").toString()));
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

        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(environment);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(request));
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        // The Python side keeps to the notebook limit itself; this is only a backstop.
        if (!p.waitFor(limits.notebookSeconds() + 120L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the kernel runner did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("the kernel runner failed (exit " + p.exitValue() + ")");
        }
        JsonNode result = JSON.readTree(new String(out, StandardCharsets.UTF_8));
        List<Cell> list = new ArrayList<>();
        for (JsonNode c : result.path("cells")) {
            list.add(new Cell(c.path("status").asText(), (ArrayNode) c.path("outputs"), c.path("note").asText()));
        }
        return new Result(list, result.path("kernel_starts").asInt(), result.path("seconds").asDouble());
    }
}
