package backprop.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.json.Json;

/**
 * A real JupyterHub on 127.0.0.1, started as the course runs it ({@code jupyterhub -f
 * course/hub/jupyterhub_config.py}, through browser-tests/src/test/hub/jupyterhub_test_config.py,
 * which adds ports of its own and a service token for the test), serving the course that
 * {@code course/hub/install-course} installed, to students who are real users of this machine
 * ({@code course/hub/add-student}). Everything it makes is in build/hub-test/, except the
 * students, which {@link #removeStudent} removes with their home folders.
 */
final class Hub implements AutoCloseable {

    static final Path OUT = Project.BUILD.resolve("hub-test");
    static final Path COURSE_HUB = Project.ROOT.resolve("course/hub");
    static final Path PREFIX = Path.of("/opt/backprop-lab");
    static final Path KERNELSPEC = Path.of("/usr/local/share/jupyter/kernels/backprop-lab/kernel.json");
    static final Path LOG = OUT.resolve("jupyterhub.log");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    final String base;
    private final String token;
    private final Process process;
    // HTTP/1.1: the proxy (node's http-proxy) leaves a request that offers an HTTP/2 upgrade unanswered.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Hub(String base, String token, Process process) {
        this.base = base;
        this.token = token;
        this.process = process;
    }

    /** Why this machine cannot run the Hub test, or null when it can. */
    static String missing() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "it must run as root (it adds real users, whose servers the Hub starts as them)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/jupyterhub"))
                || !Files.isExecutable(PREFIX.resolve("proxy/node_modules/.bin/configurable-http-proxy"))) {
            return "JupyterHub or its proxy is missing: run course/hub/install-hub";
        }
        if (!Files.isExecutable(PREFIX.resolve("bin/start-singleuser")) || !Files.isRegularFile(KERNELSPEC)) {
            return "the course is not installed: course/hub/install-course build/hub-test/edition";
        }
        return null;
    }

    static Hub start() throws IOException, InterruptedException {
        Path state = OUT.resolve("state");
        Project.deleteTree(state);
        Files.createDirectories(state);
        String token = randomHex(32);
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/jupyterhub", "-f",
                Project.ROOT.resolve("browser-tests/src/test/hub/jupyterhub_test_config.py").toString())
                .directory(state.toFile())
                .redirectErrorStream(true)
                .redirectOutput(LOG.toFile());
        Map<String, String> env = pb.environment();
        env.put("BACKPROP_HUB_URL", "http://127.0.0.1:" + port);
        env.put("BACKPROP_HUB_STATE", state.toString());
        env.put("HUB_TEST_COURSE_CONFIG", COURSE_HUB.resolve("jupyterhub_config.py").toString());
        env.put("HUB_TEST_HUB_PORT", String.valueOf(freePort()));
        env.put("HUB_TEST_PROXY_API_PORT", String.valueOf(freePort()));
        env.put("HUB_TEST_TOKEN", token);
        Process p = pb.start();
        Hub hub = new Hub("http://127.0.0.1:" + port, token, p);
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("JupyterHub ended at its start (exit " + p.exitValue()
                        + "); its log: " + Project.relative(LOG) + "\n" + tail());
            }
            try {
                if (hub.api("GET", "/hub/api/").statusCode() == 200) {
                    return hub;
                }
            } catch (UncheckedIOException notYet) {
                // the proxy does not listen yet
            }
            if (System.nanoTime() > deadline) {
                hub.close();
                throw new IllegalStateException("JupyterHub did not answer within " + START_LIMIT.toSeconds()
                        + " s; its log:\n" + tail());
            }
            LabServer.pause(200);
        }
    }

    /** A call to the Hub's REST API (or a server's, under /user/NAME/) with the test's service token. */
    HttpResponse<String> api(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "token " + token)
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Hub's model of a user (its "servers" say whether theirs runs and is ready). */
    @SuppressWarnings("unchecked")
    Map<String, Object> user(String name) {
        HttpResponse<String> r = api("GET", "/hub/api/users/" + name);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /hub/api/users/" + name + " answered " + r.statusCode() + ": " + r.body());
        }
        return (Map<String, Object>) new Json().toType(r.body(), Map.class);
    }

    boolean serverReady(String name) {
        Object server = ((Map<?, ?>) user(name).getOrDefault("servers", Map.of())).get("");
        return server instanceof Map<?, ?> s && Boolean.TRUE.equals(s.get("ready"));
    }

    /** Stops a student's server and starts it again, as logging out and in the next day does. */
    void restartServer(String name) {
        expect(api("DELETE", "/hub/api/users/" + name + "/server"), 202, 204);
        waitFor(name + "'s server to stop", () -> ((Map<?, ?>) user(name).get("servers")).isEmpty());
        expect(api("POST", "/hub/api/users/" + name + "/server"), 201, 202);
        waitFor(name + "'s server to be ready", () -> serverReady(name));
    }

    private static void expect(HttpResponse<String> r, int... codes) {
        for (int c : codes) {
            if (r.statusCode() == c) {
                return;
            }
        }
        throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 90 s for " + what + "; the Hub's log: " + Project.relative(LOG));
            }
            LabServer.pause(200);
        }
    }

    static String tail() {
        try {
            List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the Hub as a service manager would (SIGTERM): it stops every server, its proxy, then
     * itself. Fails if the proxy outlives it.
     */
    @Override
    public void close() throws InterruptedException {
        long proxy = proxyPid();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("JupyterHub did not stop within 60 s of SIGTERM: killed");
        }
        // The Hub signals its proxy as it ends, without waiting for it: the proxy ends just after.
        java.util.Optional<ProcessHandle> left = ProcessHandle.of(proxy);
        if (left.isPresent()) {
            try {
                left.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the Hub's proxy (pid " + proxy + ") outlived the Hub by 10 s");
            }
        }
    }

    private static long proxyPid() {
        try {
            return Long.parseLong(Files.readString(OUT.resolve("state/proxy.pid")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    // ---- students: real users of this machine ------------------------------------------------------

    /** Adds a student through course/hub/add-student; returns the password it was given. */
    static String addStudent(String name) {
        String password = randomHex(12);
        run(List.of(COURSE_HUB.resolve("add-student").toString(), name), password + "\n");
        return password;
    }

    /** Removes a student and their home through course/hub/remove-student, if they exist. */
    static void removeStudent(String name) {
        if (run(List.of("id", name), "").exitCode == 0) {
            run(List.of(COURSE_HUB.resolve("remove-student").toString(), name), "");
        }
    }

    /** The ids of the processes a user runs (empty once their server and kernels have ended). */
    static List<String> processesOf(String name) {
        Ran r = run(List.of("pgrep", "-u", name), "");
        return r.output.isBlank() ? List.of() : r.output.strip().lines().toList();
    }

    record Ran(int exitCode, String output) {
    }

    static Ran run(List<String> command, String input) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end in 120 s");
            }
            if (p.exitValue() != 0 && !command.get(0).equals("id") && !command.get(0).equals("pgrep")) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
            }
            return new Ran(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
