package backprop.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.json.Json;

/**
 * The project's JupyterLab, started the way {@code ./lab --no-browser} starts it (the same Python
 * code: {@code python -m labtools lab --no-browser --port N}), with three differences that keep
 * the tests from touching anything of yours: it serves a copy of {@code notebooks/} and
 * {@code exercises/} (build/browser/root, fresh for every test, so nothing a test types or
 * JupyterLab autosaves reaches the repository), it keeps its Jupyter folders in
 * build/browser/jupyter (your JupyterLab's settings and open tabs stay yours), and its home folder
 * is an empty build/browser/home (so a test sees it if anything writes to "the home folder").
 */
final class LabServer implements AutoCloseable, JupyterLab.Pages {

    static final Path ROOT_COPY = Project.OUT.resolve("root");
    static final Path JUPYTER = Project.OUT.resolve("jupyter");
    static final Path HOME = Project.OUT.resolve("home");
    static final Path LOG = Project.OUT.resolve("jupyterlab.log");
    private static final Pattern READY = Pattern.compile("JupyterLab is ready: (http://\\S+)");
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    final String url;      // as printed: http://127.0.0.1:P/lab/tree/notebooks?token=T
    final String base;     // http://127.0.0.1:P
    final String token;
    final List<String> printed;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LabServer(Process process, String url, List<String> printed) {
        this.process = process;
        this.url = url;
        this.printed = printed;
        URI u = URI.create(url);
        this.base = u.getScheme() + "://" + u.getAuthority();
        this.token = u.getQuery().replaceFirst("^.*token=", "");
    }

    static LabServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Project.VENV_PYTHON)) {
            throw new IllegalStateException(Project.VENV_PYTHON + " is missing: run ./lab once "
                    + "(or ./lab test, which sets it up) before the browser tests");
        }
        freshFiles();
        Project.deleteTree(JUPYTER); // no settings or saved workspace from an earlier run
        Project.deleteTree(HOME);
        Files.createDirectories(HOME);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Project.VENV_PYTHON.toString(), "-m", "labtools", "lab",
                "--no-browser", "--port", String.valueOf(port),
                "--root", ROOT_COPY.toString(), "--log", LOG.toString())
                .directory(Project.ROOT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PYTHONPATH", Project.ROOT.resolve("tools").toString());
        env.put("LAB_JUPYTER_DIR", JUPYTER.toString());
        env.put("HOME", HOME.toString());
        env.remove("JUPYTER_CONFIG_DIR");
        env.remove("JUPYTER_DATA_DIR");
        env.remove("JUPYTER_RUNTIME_DIR");
        env.remove("JUPYTER_PATH");
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    printed.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("./lab's server ended before it was ready"));
        }, "lab-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String url = ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
            return new LabServer(p, url, printed);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            p.destroy();
            throw new IllegalStateException("JupyterLab did not start (" + e.getMessage() + "); it printed:\n  "
                    + String.join("\n  ", printed) + "\nits log: " + Project.relative(LOG), e);
        }
    }

    /** The files the server serves, as in the repository: what a test changed is gone. */
    static void freshFiles() {
        Project.deleteTree(ROOT_COPY);
        Project.copyTree(Project.ROOT.resolve("notebooks"), ROOT_COPY.resolve("notebooks"));
        Project.copyTree(Project.ROOT.resolve("exercises"), ROOT_COPY.resolve("exercises"));
    }

    /** A URL of the server's with the token, for a path such as /lab/tree/notebooks/x.ipynb. */
    @Override
    public String page(String path) {
        return base + path + (path.contains("?") ? "&" : "?") + "token=" + token;
    }

    HttpResponse<String> get(String path, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (withToken) {
            b.header("Authorization", "token " + token);
        }
        return send(b.GET().build());
    }

    Object getJson(String path) {
        HttpResponse<String> r = get(path, true);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new Json().toType(r.body(), Object.class);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shuts down every session and kernel, and waits until the server lists none. */
    void endSessions() {
        for (Object s : (List<?>) getJson("/api/sessions")) {
            delete("/api/sessions/" + ((Map<?, ?>) s).get("id"));
        }
        for (Object k : (List<?>) getJson("/api/kernels")) {
            delete("/api/kernels/" + ((Map<?, ?>) k).get("id"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!((List<?>) getJson("/api/kernels")).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("kernels still running 30 s after their shutdown: "
                        + getJson("/api/kernels"));
            }
            pause(100);
        }
    }

    private void delete(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "token " + token).timeout(Duration.ofSeconds(30)).DELETE().build());
        if (r.statusCode() != 204 && r.statusCode() != 404) {
            throw new IllegalStateException("DELETE " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server as Ctrl-C or kill would (./lab then stops JupyterLab and its kernels). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
