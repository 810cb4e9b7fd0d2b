package backprop.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The student's path through the project's JupyterLab, in Chromium. One server for the run
 * (started as ./lab --no-browser starts it, see {@link SharedServer}); every test gets a fresh browser, fresh copies of the
 * notebooks and no kernel left from another test, so none depends on another or on their order.
 */
@ExtendWith({SharedServer.class, Recording.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class JupyterLabTest {

    private static LabServer server;

    /** A bare display id (a UUID), or an object's default toString: noise under a cell. */
    private static final Pattern STRAY = Pattern.compile(
            "(?m)^\\s*(\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}"
                    + "|[\\w.$]+@\\p{XDigit}{4,})\\s*$");

    @BeforeAll
    static void connect(LabServer started) {
        server = started;
    }

    @BeforeEach
    void freshSession() {
        server.endSessions();
        LabServer.freshFiles();
    }

    @AfterEach
    void endSession() throws IOException {
        server.endSessions();
        // Never the home folder: neither JupyterLab nor a kernel has written to it.
        try (Stream<Path> written = Files.walk(LabServer.HOME)) {
            assertEquals(List.of(), written.filter(p -> !p.equals(LabServer.HOME)).map(Project::relative).toList(),
                    "files written to the home folder (the server's HOME is " + Project.relative(LabServer.HOME) + ")");
        }
    }

    // ---- 1 ---------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void serverIsUp(Browser b) throws IOException {
        URI url = URI.create(server.url);
        assertEquals("127.0.0.1", url.getHost(), "./lab serves on the loopback only: " + server.url);
        assertTrue(server.token.matches("\\p{XDigit}{32,}"), "a long random token: " + server.token);
        assertEquals("/lab/tree/notebooks", url.getPath(), "the printed URL opens the lectures");
        assertEquals(200, server.get("/api/status", true).statusCode());
        assertEquals(403, server.get("/api/status", false).statusCode(), "without the token: refused");
        for (InetAddress other : otherAddresses()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(other, url.getPort()), 2000);
                fail("JupyterLab answers on " + other + ", not only on the loopback");
            } catch (IOException expected) {
                // refused: good
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> specs = (Map<String, Object>) server.getJson("/api/kernelspecs");
        assertEquals("backprop-lab", specs.get("default"));
        @SuppressWarnings("unchecked")
        Map<String, Object> kernels = (Map<String, Object>) specs.get("kernelspecs");
        assertEquals(List.of("backprop-lab"), List.copyOf(kernels.keySet()), "only the course's kernel is offered");
        String spec = String.valueOf(kernels.get("backprop-lab"));
        assertTrue(spec.contains(Project.BUILD.toString()), "the kernelspec runs the project's build: " + spec);

        // Jupyter's folders are the project's, not the home folder's.
        try (Stream<Path> runtime = Files.list(LabServer.JUPYTER.resolve("runtime"))) {
            assertTrue(runtime.anyMatch(p -> p.getFileName().toString().startsWith("jpserver-")),
                    "the server's runtime file is in " + Project.relative(LabServer.JUPYTER.resolve("runtime")));
        }

        JupyterLab lab = new JupyterLab(b, server);
        b.open(server.url + "&reset");
        b.waitFor("the file browser to list the lectures", Duration.ofSeconds(60),
                () -> fileBrowser(b).size() >= Project.lectures().size(), () -> fileBrowser(b).toString());
        b.waitFor("the launcher", Duration.ofSeconds(30),
                () -> !b.driver.findElements(By.cssSelector(".jp-Launcher")).isEmpty(), lab::statusBar);
        b.shot("jupyterlab");
        assertTrue(b.driver.getTitle().contains("JupyterLab"), b.driver.getTitle());
        List<String> lectures = Project.lectures().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(lectures, fileBrowser(b), "the file browser opens on notebooks/ with the lectures in order");
        assertEquals(List.of(), lab.dialogs(), "no dialog over JupyterLab");
        assertEquals(List.of(), lab.toasts(), "no pop-up (news, updates) over JupyterLab");

        // One level up (the breadcrumb's folder icon): the exercises beside the lectures.
        b.driver.findElement(By.cssSelector(".jp-FileBrowser .jp-BreadCrumbs-home")).click();
        b.waitFor("the served folder", Duration.ofSeconds(30),
                () -> fileBrowser(b).containsAll(List.of("exercises", "notebooks")), () -> fileBrowser(b).toString());
        b.shot("served-folder");
        assertEquals(List.of(), lab.dialogs(), "no dialog over JupyterLab");
    }

    private static List<String> fileBrowser(Browser b) {
        List<String> names = new ArrayList<>();
        for (Object o : (List<?>) b.js("return Array.from(document.querySelectorAll('.jp-DirListing-item .jp-DirListing-itemText'))"
                + ".map(e => e.textContent.trim())")) {
            names.add(String.valueOf(o));
        }
        return names;
    }

    private static List<InetAddress> otherAddresses() throws SocketException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                n.getInterfaceAddresses().forEach(a -> out.add(a.getAddress()));
            }
        }
        return out.stream().filter(a -> a.getAddress().length == 4).limit(2).toList();
    }

    // ---- 2 ---------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void launcherOffersTheJavaKernel(Browser b) {
        JupyterLab lab = new JupyterLab(b, server);
        lab.open("notebooks");
        b.waitFor("the launcher", Duration.ofSeconds(30),
                () -> !b.driver.findElements(By.cssSelector(".jp-LauncherCard")).isEmpty(), lab::statusBar);
        b.shot("launcher");
        assertEquals(List.of(JupyterLab.KERNEL), launcherCards(b, "Notebook"), "the launcher's notebooks");
        assertEquals(List.of(JupyterLab.KERNEL), launcherCards(b, "Console"), "the launcher's consoles");

        // The card starts a notebook on the Java kernel (connected: the status bar names it), with
        // no kernel-choice dialog.
        b.driver.findElement(By.cssSelector(".jp-Launcher-section .jp-LauncherCard[data-category='Notebook']")).click();
        b.waitFor("a new notebook", Duration.ofSeconds(30),
                () -> !b.driver.findElements(By.cssSelector(JupyterLab.PANEL + " .jp-CodeCell")).isEmpty(), lab::statusBar);
        lab.waitForKernel();
        b.shot("new-notebook");
        assertEquals(List.of(), lab.dialogs(), "no kernel-choice dialog");
        assertTrue(lab.statusBar().contains(JupyterLab.KERNEL), lab.statusBar());
    }

    private static List<String> launcherCards(Browser b, String section) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) b.js("""
                return Array.from(document.querySelectorAll('.jp-Launcher-section'))
                  .filter(s => s.querySelector('.jp-Launcher-sectionTitle').textContent.trim() === arguments[0])
                  .flatMap(s => Array.from(s.querySelectorAll('.jp-LauncherCard-label')).map(l => l.textContent.trim()))""",
                section)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    // ---- 3 ---------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void simpleNetworkLectureRunsInTheBrowser(Browser b) {
        JupyterLab lab = new JupyterLab(b, server);
        lab.openNotebook("notebooks/04-simple-network.ipynb");
        lab.waitForKernel();
        b.shot("opened");
        lab.runAll();
        lab.waitUntilRunEnds(Duration.ofSeconds(120));
        List<Map<String, Object>> cells = lab.shootNotebook("ran");

        List<String> problems = new ArrayList<>();
        for (Map<String, Object> cell : cells) {
            if (!"code".equals(cell.get("kind"))) {
                continue;
            }
            String where = "cell " + cell.get("index") + " (" + firstLine(cell) + ")";
            if (!String.valueOf(cell.get("prompt")).matches("\\[\\d+\\]:")) {
                problems.add(where + " did not run: its prompt reads " + cell.get("prompt"));
            }
            for (Map<String, Object> out : outputs(cell)) {
                String text = String.valueOf(out.get("text"));
                if (String.valueOf(out.get("mime")).equals("application/vnd.jupyter.stderr")) {
                    problems.add(where + " shows an error or stderr output: " + text);
                }
                if (STRAY.matcher(text).find()) {
                    problems.add(where + " shows a stray line (a display id or a default toString): " + text);
                }
                if (text.isBlank() && images(out).isEmpty() && !String.valueOf(out.get("mime")).equals("text/html")) {
                    problems.add(where + " shows an empty output (" + out.get("mime") + ")");
                }
                if (text.contains("<table") || text.contains("&lt;") || text.contains("<img")) {
                    problems.add(where + " shows HTML as text: " + text);
                }
                if (Boolean.TRUE.equals(out.get("overflows"))) {
                    problems.add(where + " has an output wider than the notebook (cut off or scrolled): "
                            + text.lines().findFirst().orElse(""));
                }
            }
        }
        assertEquals(List.of(), problems, "what the page shows under the cells");

        String page = cells.stream().map(JupyterLabTest::outputText).collect(Collectors.joining("\n"));
        for (String expected : List.of("C = ½(y − t)² = 0.288", "∂C/∂w1 = 2.0809", "∂C/∂w2 = -0.0042",
                "∂C/∂b  = -0.1387", "to three decimals: 2.081, -0.004, -0.139")) {
            assertTrue(page.contains(expected), "the page shows \"" + expected + "\"");
        }

        // The loss curve: the last cell's picture, loaded (natural width > 0) and shown whole.
        List<Map<String, Object>> pictures = cells.stream().flatMap(c -> outputs(c).stream())
                .flatMap(o -> images(o).stream()).toList();
        assertFalse(pictures.isEmpty(), "the notebook shows pictures");
        for (Map<String, Object> img : pictures) {
            assertEquals(Boolean.TRUE, img.get("complete"), "every picture has loaded: " + img);
            assertTrue(((Number) img.get("width")).intValue() > 0, "every picture has pixels: " + img);
        }
        Map<String, Object> curve = outputs(lastCode(cells)).stream().flatMap(o -> images(o).stream())
                .findFirst().orElseThrow(() -> new AssertionError("the last cell shows no loss curve"));
        assertEquals(640, ((Number) curve.get("width")).intValue(), "the loss curve is 640 pixels wide");
        assertTrue(((Number) curve.get("shownWidth")).doubleValue() >= 640 - 1,
                "the loss curve is shown at full size, not squeezed: " + curve);
        assertEquals(List.of(), lab.dialogs(), "no dialog over the notebook");
        assertEquals(List.of(), lab.toasts(), "no pop-up over the notebook");
    }

    // ---- 4 ---------------------------------------------------------------------------------------

    @Test
    @Order(4)
    void exerciseChecksTellRightFromWrongWithoutGivingTheAnswer(Browser b) {
        JupyterLab lab = new JupyterLab(b, server);
        lab.openNotebook("exercises/04-simple-network.ipynb");
        lab.waitForKernel();
        List<Map<String, Object>> cells = lab.cells();
        int lossCell = cellWith(cells, "Check.number(\"loss\"");
        int derivativesCell = cellWith(cells, "Check.number(\"dC-db\"");
        // A right answer to the loss.
        lab.typeInto(lossCell, """
                double z1 = w1 * x;
                double a1 = Math.max(0, z1);
                double z2 = w2 * a1 + b;
                double y = 1 / (1 + Math.exp(-z2));
                double loss = 0.5 * (y - t) * (y - t);
                Check.number("loss", loss);""");
        // A classic slip in the derivatives: δ₂ without σ'(z₂).
        lab.typeInto(derivativesCell, """
                double delta2 = y - t;
                double dCdb = delta2;
                double dCdw2 = delta2 * a1;
                double delta1 = delta2 * w2 * (z1 > 0 ? 1 : 0);
                double dCdw1 = delta1 * x;
                Check.number("dC-db", dCdb);
                Check.number("dC-dw2", dCdw2);
                Check.number("dC-dw1", dCdw1);""");
        b.shot("answered");
        lab.runAll();
        lab.waitUntilRunEnds(Duration.ofSeconds(120));
        cells = lab.shootNotebook("checked");

        String loss = outputText(cells.get(lossCell));
        String derivatives = outputText(cells.get(derivativesCell));
        assertTrue(loss.contains("✓ loss — right"), "the right loss passes: " + loss);
        assertTrue(derivatives.contains("✗ dC-db — BP1: your value matches y − t, without σ′(z₂) = y(1 − y) in δ₂"),
                "the slip is named: " + derivatives);
        assertTrue(derivatives.contains("✗ dC-dw2") && derivatives.contains("✗ dC-dw1"),
                "what follows from it is wrong too: " + derivatives);
        for (String answer : List.of("0.288", "-0.1387", "-0.139", "0.1387", "-0.004", "-0.0042", "2.081", "2.080", "2.0809")) {
            assertFalse(derivatives.contains(answer) || loss.contains(answer),
                    "the feedback gives away an answer (" + answer + "): " + loss + "\n" + derivatives);
        }
        for (Map<String, Object> cell : cells) {
            for (Map<String, Object> out : outputs(cell)) {
                if ("application/vnd.jupyter.stderr".equals(out.get("mime"))) {
                    fail("cell " + cell.get("index") + " (" + firstLine(cell) + ") shows an error: " + out.get("text"));
                }
            }
        }
    }

    private static int cellWith(List<Map<String, Object>> cells, String text) {
        return cells.stream().filter(c -> String.valueOf(c.get("source")).contains(text))
                .mapToInt(c -> ((Number) c.get("index")).intValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no cell holds " + text));
    }

    // ---- 5 ---------------------------------------------------------------------------------------

    /** A student's notebook whose middle cell never ends: state before it, a cell after it. */
    private static final String STOP_NOTEBOOK = """
            {"cells": [
              {"cell_type": "code", "id": "state", "metadata": {}, "execution_count": null, "outputs": [],
               "source": "import backprop.*;\\nNetwork net = Network.of(Layer.of(Matrix.scalar(0.5), Matrix.scalar(0), Activation.SIGMOID));\\nint answer = 41;"},
              {"cell_type": "code", "id": "forever", "metadata": {}, "execution_count": null, "outputs": [],
               "source": "long steps = 0;\\nwhile (true) {\\n    net.backprop(Matrix.scalar(1), Matrix.scalar(1), Cost.QUADRATIC);\\n    steps++;\\n}"},
              {"cell_type": "code", "id": "after", "metadata": {}, "execution_count": null, "outputs": [],
               "source": "System.out.println(\\"the kernel answers: \\" + (answer + 1));"}],
             "metadata": {"kernelspec": {"display_name": "Java (Backprop Lab)", "language": "java", "name": "backprop-lab"},
                          "language_info": {"name": "java"}},
             "nbformat": 4, "nbformat_minor": 5}
            """;

    /**
     * The stop button on a cell that never ends: the cell stops with a message that says what
     * happened, and the next cell runs, with the state kept or the restart reported (never a
     * kernel that silently ignores cells). What "recovers" means is set by the kernel's
     * supervisor (kernelguard/README.md).
     */
    @Test
    @Order(5)
    void stopButtonEndsARunawayCellAndTheNextCellRuns(Browser b) throws IOException {
        Path notebook = LabServer.ROOT_COPY.resolve("notebooks/stop.ipynb");
        Files.writeString(notebook, STOP_NOTEBOOK);
        JupyterLab lab = new JupyterLab(b, server);
        lab.openNotebook("notebooks/stop.ipynb");
        lab.waitForKernel();
        lab.runAll();
        b.waitFor("the first cell to finish and the loop to run", Duration.ofSeconds(60),
                () -> {
                    List<String> p = lab.prompts();
                    return p.get(0).matches("\\[\\d+\\]:") && p.get(1).equals("[*]:");
                }, () -> lab.prompts().toString());
        b.shot("running");
        long stop = System.nanoTime();
        lab.toolbarButton("notebook:interrupt-kernel");
        // The end of the cell is its reply: a numbered prompt and a message under it. (JupyterLab
        // clears the [*] of a running cell as soon as the queued cells after it are cancelled.)
        b.waitFor("the stopped cell to end and say so", Duration.ofSeconds(30),
                () -> lab.prompts().get(1).matches("\\[\\d+\\]:") && !outputText(lab.cells().get(1)).isBlank(),
                () -> lab.prompts() + " · " + lab.statusBar() + " · " + lab.dialogs());
        double stopSeconds = (System.nanoTime() - stop) / 1e9;
        b.shot("stopped");
        String stopped = outputText(lab.cells().get(1));
        System.out.printf("[browser] the stop button ended the cell in %.1f s: %s%n", stopSeconds, stopped.strip());
        assertTrue(stopped.contains("Interrupted:"), "the stopped cell says it was interrupted: \"" + stopped + "\"");

        boolean kept = stopped.contains("Everything defined before it is kept");
        boolean restarted = stopped.contains("had to be restarted");
        assertTrue(kept ^ restarted, "the message says whether the state is kept or the kernel restarted: " + stopped);
        if (restarted) {
            // The restart is reported; OK on JupyterLab's notice, then the cells above run again.
            for (WebElement ok : b.driver.findElements(By.cssSelector(".jp-Dialog .jp-mod-accept"))) {
                ok.click();
            }
            lab.waitForKernel();
            lab.select(0);
            lab.menu("Run", "Run Selected Cell and Do not Advance");
            b.waitFor("the first cell to run again", Duration.ofSeconds(60),
                    () -> lab.prompts().get(0).matches("\\[\\d+\\]:") && !lab.prompts().get(0).contains("*"),
                    () -> lab.prompts().toString());
        }
        assertEquals(List.of(), lab.dialogs(), "no dialog left over the notebook");
        String before = lab.prompts().get(2);
        lab.select(2);
        lab.menu("Run", "Run Selected Cell and Do not Advance");
        b.waitFor("the next cell to run", Duration.ofSeconds(60),
                () -> lab.prompts().get(2).matches("\\[\\d+\\]:") && !lab.prompts().get(2).equals(before),
                () -> lab.prompts() + " · " + lab.statusBar());
        b.shot("next-cell-ran");
        String after = outputText(lab.cells().get(2));
        assertEquals("the kernel answers: 42", after.strip(), "the next cell runs, on the state from before the stop");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> outputs(Map<String, Object> cell) {
        return (List<Map<String, Object>>) cell.get("outputs");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> images(Map<String, Object> output) {
        return (List<Map<String, Object>>) output.get("images");
    }

    static String outputText(Map<String, Object> cell) {
        return outputs(cell).stream().map(o -> String.valueOf(o.get("text"))).collect(Collectors.joining("\n"));
    }

    static String firstLine(Map<String, Object> cell) {
        return String.valueOf(cell.get("source")).lines().findFirst().orElse("");
    }

    static Map<String, Object> lastCode(List<Map<String, Object>> cells) {
        Map<String, Object> last = null;
        for (Map<String, Object> c : cells) {
            if ("code".equals(c.get("kind"))) {
                last = c;
            }
        }
        return last;
    }
}
