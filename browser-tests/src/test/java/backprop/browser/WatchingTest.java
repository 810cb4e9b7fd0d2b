package backprop.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Learning by watching, as a student sees it in JupyterLab: stepping through lecture 05's
 * training step with ▶, and lecture 09's training redrawn in place while its cell runs, to the
 * end of the lecture with its accuracy.
 */
@ExtendWith({SharedServer.class, Recording.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(3)
class WatchingTest {

    private static LabServer server;

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
    void endSession() {
        server.endSessions();
    }

    /** The step-through in front: its counter, phase, sentence and the parts lit up. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> stepState(Browser b) {
        return (Map<String, Object>) b.js("""
                const root = document.querySelector(arguments[0] + ' .bp-step');
                if (!root) { return null; }
                return {
                  controls: getComputedStyle(root.querySelector('.bp-controls')).display,
                  count: root.querySelector('.bp-count').textContent,
                  phase: root.querySelector('.bp-phase').textContent,
                  text: root.querySelector('.bp-text').textContent,
                  lit: Array.from(root.querySelectorAll('[data-part].bp-lit')).map(p => p.getAttribute('data-part'))
                };""", JupyterLab.PANEL);
    }

    /** A screenshot with the step-through's picture and caption in view. */
    private static void shootStep(Browser b, String name) {
        b.js("document.querySelector(arguments[0] + ' .bp-step').scrollIntoView({block: 'start'})", JupyterLab.PANEL);
        b.shot(name);
    }

    @Test
    @Order(1)
    void clickingNextWalksThroughTheStepWithTheLecturesNumbersInOrder(Browser b) {
        JupyterLab lab = new JupyterLab(b, server);
        lab.openNotebook("notebooks/05-backprop-in-practice.ipynb");
        lab.waitForKernel();
        lab.runAll();
        lab.waitUntilRunEnds(Duration.ofSeconds(180));
        b.waitFor("the step-through's script to show its buttons", Duration.ofSeconds(20),
                () -> stepState(b) != null && "block".equals(stepState(b).get("controls")),
                () -> String.valueOf(stepState(b)));
        Map<String, Object> first = stepState(b);
        assertEquals("1 / 18", first.get("count"));
        assertEquals("start", first.get("phase"));
        shootStep(b, "step-through-start");

        List<String> lit = new ArrayList<>();
        List<String> weightSlopes = new ArrayList<>();
        List<String> neuronSlopes = new ArrayList<>();
        for (int click = 1; click < 18; click++) {
            b.js("document.querySelector(arguments[0] + ' .bp-step .bp-next').click()", JupyterLab.PANEL);
            Map<String, Object> now = stepState(b);
            assertEquals((click + 1) + " / 18", now.get("count"), "▶ moves one frame on");
            String text = String.valueOf(now.get("text"));
            lit.add(String.valueOf(now.get("lit")));
            if (text.startsWith("∂C/∂w")) {
                weightSlopes.add(text.substring(text.lastIndexOf("= ") + 2));
            }
            if (text.startsWith("∂C/∂a")) {
                Matcher delta = Pattern.compile("δ\\S+ = \\S+ × \\S+ = (\\S+)").matcher(text);
                assertTrue(delta.find(), text);
                neuronSlopes.add(delta.group(1));
            }
            if (click == 1) {
                assertEquals("[n1_0]", lit.get(0), "the first neuron of layer 1 is lit first");
                shootStep(b, "step-through-forward");
            }
            if (text.startsWith("∂C/∂w²₀₁")) {
                assertEquals("∂C/∂w²₀₁ = a¹₁ × ∂C/∂a²₀ × f′(z²₀) = 3 × 6 × 1 = 18", text);
                assertEquals("[e2_0_1, n1_1, n2_0]", lit.get(lit.size() - 1));
                shootStep(b, "step-through-three-factors");
            }
        }
        assertEquals(List.of("6", "6", "12"), neuronSlopes, "δ at the output, then at the hidden neurons");
        assertEquals(List.of("6", "18", "0", "6", "0", "12"), weightSlopes, "the lecture's slopes, in its order");
        assertEquals(List.of("[n1_0]", "[n1_0]", "[n1_1]", "[n1_1]", "[n2_0]", "[n2_0]"), lit.subList(0, 6),
                "the forward pass lights each neuron in turn");
        Map<String, Object> last = stepState(b);
        assertEquals("update", last.get("phase"));
        assertTrue(String.valueOf(last.get("text")).contains("w²₀₁: 2 − 0.01 × 18 = 1.82"), String.valueOf(last.get("text")));
        shootStep(b, "step-through-update");
        b.js("document.querySelector(arguments[0] + ' .bp-step .bp-prev').click()", JupyterLab.PANEL);
        Map<String, Object> back = stepState(b);
        assertEquals("17 / 18", back.get("count"), "◀ goes back");
        assertTrue(String.valueOf(back.get("text")).contains("w¹₁₁: 3 − 0.01 × 12 = 2.88"), String.valueOf(back.get("text")));
    }

    /** Finds the cell that trains on the digits, as {@code cell}, or returns null. */
    private static final String DIGITS_CELL = """
            const cell = Array.from(document.querySelectorAll(arguments[0] + ' .jp-CodeCell'))
              .find(c => c.textContent.includes('FastSgd.of(LiveTraining.watch'));
            if (!cell) { return null; }
            """;

    @Test
    @Order(3)
    void theLecturePageStepsThroughWithScriptsAndShowsTheFirstFrameWithout(Browser b) {
        java.nio.file.Path page = LecturePagesTest.PAGES.resolve("05-backprop-in-practice.html");
        assertTrue(java.nio.file.Files.isRegularFile(page),
                "the lecture pages are made by ./lab run (LecturePagesTest, which runs first, makes them when missing)");
        b.open(page.toUri().toString());
        b.waitFor("the page's step-through to show its buttons", Duration.ofSeconds(20),
                () -> stepStateIn(b, "body") != null && "block".equals(stepStateIn(b, "body").get("controls")),
                () -> String.valueOf(stepStateIn(b, "body")));
        b.js("document.querySelector('.bp-step .bp-next').click()");
        assertEquals("2 / 18", stepStateIn(b, "body").get("count"), "▶ works in the saved page too");
        assertEquals("[n1_0]", String.valueOf(stepStateIn(b, "body").get("lit")));
        b.js("document.querySelector('.bp-step').scrollIntoView({block: 'start'})");
        b.shot("page-step-through");

        b.driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        b.open(page.toUri().toString());
        Map<String, Object> still = stepStateIn(b, "body");
        assertEquals("none", still.get("controls"), "without scripts there are no buttons that cannot work");
        assertEquals("start", still.get("phase"));
        assertEquals("?", b.js("return document.querySelector('.bp-step [data-slot=\"n1_0_a\"]').textContent"),
                "without scripts the first frame shows: nothing computed yet");
        assertEquals("1", b.js("return document.querySelector('.bp-step [data-slot=\"n0_1_a\"]').textContent"));
        b.js("document.querySelector('.bp-step').scrollIntoView({block: 'start'})");
        b.shot("page-step-through-without-scripts");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stepStateIn(Browser b, String scope) {
        return (Map<String, Object>) b.js("""
                const root = document.querySelector(arguments[0] + ' .bp-step');
                if (!root) { return null; }
                return {
                  controls: getComputedStyle(root.querySelector('.bp-controls')).display,
                  count: root.querySelector('.bp-count').textContent,
                  phase: root.querySelector('.bp-phase').textContent,
                  lit: Array.from(root.querySelectorAll('[data-part].bp-lit')).map(p => p.getAttribute('data-part'))
                };""", scope);
    }

    /** The live view's picture in the cell that trains on the digits, and how many there are. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> liveState(Browser b) {
        return (Map<String, Object>) b.js(DIGITS_CELL + """
                const views = cell.querySelectorAll('.bp-live');
                const img = cell.querySelector('.bp-live img');
                return {
                  prompt: cell.querySelector('.jp-InputPrompt').textContent.trim(),
                  views: views.length,
                  images: cell.querySelectorAll('.jp-OutputArea-output img').length,
                  src: img ? img.getAttribute('src').slice(-200) : '',
                  loaded: img ? img.complete && img.naturalWidth > 0 : false,
                  progress: cell.querySelector('.bp-progress') ? cell.querySelector('.bp-progress').textContent : '',
                  text: cell.querySelector('.jp-OutputArea') ? cell.querySelector('.jp-OutputArea').textContent : ''
                };""", JupyterLab.PANEL);
    }

    @Test
    @Order(2)
    void theDigitsTrainInOneRedrawnPictureAndTheLectureEndsWithItsAccuracy(Browser b) {
        JupyterLab lab = new JupyterLab(b, server);
        lab.openNotebook("notebooks/09-real-digits-mnist.ipynb");
        lab.waitForKernel();
        lab.runAll();
        b.waitFor("the digits' training to start showing", Duration.ofSeconds(120),
                () -> liveState(b) != null && !String.valueOf(liveState(b).get("src")).isEmpty(),
                () -> String.valueOf(liveState(b)) + " · " + lab.prompts());
        Set<String> seen = new LinkedHashSet<>();
        List<String> progress = new ArrayList<>();
        int shots = 0;
        while (true) {
            Map<String, Object> now = liveState(b);
            if (!"[*]:".equals(now.get("prompt"))) {
                break;
            }
            assertTrue(((Number) now.get("views")).intValue() <= 1, "one view while it trains: " + now);
            if (seen.add(String.valueOf(now.get("src")))) {
                progress.add(String.valueOf(now.get("progress")));
                if (seen.size() == 3 && shots++ == 0) {
                    // (the notebook lays out cells as they come into view: scroll, let it settle, scroll again)
                    for (int i = 0; i < 2; i++) {
                        b.js(DIGITS_CELL + "cell.querySelector('.bp-live').scrollIntoView({block: 'center'});",
                                JupyterLab.PANEL);
                        sleep(300);
                    }
                    b.shot("mnist-training");
                }
            }
            sleep(150);
        }
        assertTrue(seen.size() >= 3, "the picture changed while the cell ran: " + seen.size()
                + " pictures, progress " + progress);
        assertTrue(progress.stream().anyMatch(p -> p.matches("epoch \\d+ of 30: cost .* left")),
                "a progress line with the time left: " + progress);

        lab.waitUntilRunEnds(Duration.ofSeconds(240));
        List<Map<String, Object>> cells = lab.shootNotebook("mnist-lecture-ran");
        Map<String, Object> end = liveState(b);
        assertEquals(1, ((Number) end.get("views")).intValue(), "one figure at the end: " + end);
        assertEquals(1, ((Number) end.get("images")).intValue(), "one picture in the cell: " + end);
        assertEquals(Boolean.TRUE, end.get("loaded"), "the last frame is a picture that loads");
        assertTrue(String.valueOf(end.get("progress")).startsWith("30 epochs in "), String.valueOf(end.get("progress")));
        String text = String.valueOf(end.get("text"));
        Matcher accuracy = Pattern.compile("test accuracy (\\d+\\.\\d) % on 2000 held-out digits").matcher(text);
        assertTrue(accuracy.find(), "the lecture shows its accuracy: " + text);
        assertTrue(Double.parseDouble(accuracy.group(1)) >= 93, accuracy.group());
        assertTrue(text.contains("No decision boundary: the data has 784 inputs"), text);
        for (Map<String, Object> cell : cells) {
            if ("code".equals(cell.get("kind"))) {
                assertTrue(String.valueOf(cell.get("prompt")).matches("\\[\\d+\\]:"),
                        "every cell ran: " + cell.get("prompt") + " " + JupyterLabTest.firstLine(cell));
                for (Map<String, Object> out : JupyterLabTest.outputs(cell)) {
                    assertFalse("application/vnd.jupyter.stderr".equals(out.get("mime")),
                            "no error under " + JupyterLabTest.firstLine(cell) + ": " + out.get("text"));
                }
            }
        }
        String all = cells.stream().map(JupyterLabTest::outputText).reduce("", String::concat);
        assertTrue(all.contains("test digits are misclassified"), "the digits it gets wrong are shown");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
