package backprop.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The class on JupyterHub, in Chromium: two real students log in with their passwords, each
 * gets a server of their own running as them, opens an exercise, runs its set-up cell and
 * answers a question on the Java kernel; neither can reach the other's files, nor any solution;
 * a later update of the course reaches a student without overwriting their work. Needs root,
 * the Hub (course/hub/install-hub) and the course installed (course/hub/install-course), which
 * ./lab test sees to first. Screenshots and logs: build/hub-test/.
 */
@Tag("hub")
class HubTest {

    private static final String EXERCISE = "backprop-lab/exercises/03-activations.ipynb";

    /** One student's side: their browser, and JupyterLab on their own server. */
    private record Student(String name, Browser b, JupyterLab lab) {
        Path home() {
            return Path.of("/home", name);
        }
    }

    @Test
    void twoStudentsOnTheHubEachOnTheirOwn() throws Exception {
        String missing = Hub.missing();
        if (missing != null) {
            fail("the Hub test cannot run here: " + missing);
        }
        long started = System.nanoTime();
        Files.createDirectories(Hub.OUT);
        List<String> names = List.of("bplab-alice", "bplab-bob");
        names.forEach(Hub::removeStudent); // left by a run that was killed
        Map<String, String> passwords = new LinkedHashMap<>();
        names.forEach(n -> passwords.put(n, Hub.addStudent(n)));
        // The instructor's clone is private on a Hub machine: students reach only the course.
        Set<PosixFilePermission> cloneMode = Files.getPosixFilePermissions(Project.ROOT);
        Files.setPosixFilePermissions(Project.ROOT, PosixFilePermissions.fromString("rwx------"));
        CourseUpdate update = new CourseUpdate();
        List<Browser> browsers = new ArrayList<>();
        try (Hub hub = Hub.start()) {
            Student alice = logIn(hub, names.get(0), passwords.get(names.get(0)), browsers);
            answer(alice, 5, "double atZero = 0.25;\nCheck.number(\"sigmoid-prime-at-0\", atZero);",
                    "✓ sigmoid-prime-at-0 — right");
            Student bob = logIn(hub, names.get(1), passwords.get(names.get(1)), browsers);
            answer(bob, 9, "String reluNegative = \"A\";\nCheck.choice(\"relu-negative\", reluNegative);",
                    "✓ relu-negative — right");
            for (Student s : List.of(alice, bob)) {
                Student other = s == alice ? bob : alice;
                assertKernelIsolated(s, other);
                assertServerIsolated(s, other);
            }
            // The course changes; alice's server starts again (as at her next login).
            update.apply();
            hub.restartServer(alice.name);
            update.assertReached(alice.home(), alice.name, "double atZero = 0.25;");
            alice.lab.open("backprop-lab/exercises");
            alice.b.waitFor("the new exercise in the file browser", Duration.ofSeconds(30),
                    () -> fileBrowser(alice.b).contains(CourseUpdate.NEW_EXERCISE), () -> fileBrowser(alice.b).toString());
            alice.b.shot("after-course-update");
        } catch (Throwable e) {
            for (Browser b : browsers) {
                b.shot("failure");
            }
            throw e;
        } finally {
            for (Browser b : browsers) {
                b.close();
            }
            update.undo();
            Files.setPosixFilePermissions(Project.ROOT, cloneMode);
        }
        // The Hub is stopped: nothing of the students runs any more, and then they are removed.
        for (String name : names) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Hub.processesOf(name).isEmpty() && System.nanoTime() < deadline) {
                LabServer.pause(200);
            }
            assertEquals(List.of(), Hub.processesOf(name), name + "'s processes after the Hub stopped");
            Hub.removeStudent(name);
            assertFalse(Files.exists(Path.of("/home", name)), name + "'s home is removed");
        }
        System.out.printf("[hub] two students on JupyterHub: passed in %.1f s · %s/%n",
                (System.nanoTime() - started) / 1e9, Project.relative(Hub.OUT));
    }

    // ---- a student's path --------------------------------------------------------------------------

    /** Logs in through the Hub's form; the Hub starts the student's server and opens JupyterLab. */
    private static Student logIn(Hub hub, String name, String password, List<Browser> browsers) throws IOException {
        Project.deleteTree(Hub.OUT.resolve(name));
        Browser b = Browser.start(Hub.OUT.resolve(name));
        browsers.add(b);
        b.open(hub.base + "/hub/login");
        b.waitFor("the Hub's login form", Duration.ofSeconds(30),
                () -> !b.driver.findElements(By.id("username_input")).isEmpty(), b.driver::getCurrentUrl);
        b.driver.findElement(By.id("username_input")).sendKeys(name);
        b.driver.findElement(By.id("password_input")).sendKeys(password);
        b.shot("login");
        b.driver.findElement(By.id("login_submit")).click();
        b.waitFor(name + "'s JupyterLab on their exercises", Duration.ofSeconds(120),
                () -> b.driver.getCurrentUrl().contains("/user/" + name + "/lab")
                        && fileBrowser(b).contains("03-activations.ipynb"),
                () -> b.driver.getCurrentUrl() + " · " + fileBrowser(b));
        b.shot("exercises");
        assertTrue(hub.serverReady(name), "the Hub lists " + name + "'s server as ready");
        assertFalse(Hub.processesOf(name).isEmpty(), "the student's server is a process of theirs");
        assertEquals(name, Files.getOwner(Path.of("/home", name, EXERCISE)).getName(),
                "the exercises were copied by the student's own server, as the student");
        Student s = new Student(name, b, new JupyterLab(b, path -> hub.base + "/user/" + name + path));
        // Only the course's kernel is offered, and it is the one installed for everyone.
        @SuppressWarnings("unchecked")
        Map<String, Object> specs = (Map<String, Object>) fetch(b, "/user/" + name + "/api/kernelspecs").get("json");
        assertEquals(Set.of("backprop-lab"), ((Map<?, ?>) specs.get("kernelspecs")).keySet());
        Map<?, ?> spec = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) specs.get("kernelspecs")).get("backprop-lab")).get("spec");
        assertEquals("Java (Backprop Lab)", spec.get("display_name"));
        for (Object arg : (List<?>) spec.get("argv")) {
            String a = String.valueOf(arg);
            assertFalse(a.contains(Project.ROOT.toString()), "the kernel points into the project: " + a);
            if (a.endsWith(".jar") || a.endsWith("python")) {
                assertTrue(a.startsWith(Hub.PREFIX + "/"), "the kernel runs the installed course: " + a);
            }
        }
        return s;
    }

    /** Opens the exercise, runs its set-up cell, answers one question, sees ✓, saves. */
    private static void answer(Student s, int cell, String code, String expected) {
        JupyterLab lab = s.lab;
        lab.openNotebook(EXERCISE);
        lab.waitForKernel();
        // The set-up cell (folded: it holds the answers' fingerprints) is the only code above cell 2.
        lab.select(2);
        lab.menu("Run", "Run All Above Selected Cell");
        s.b.waitFor("the set-up cell to say the checks are ready", JupyterLab.KERNEL_START,
                () -> JupyterLabTest.outputText(lab.cells().get(1)).contains("Checks ready for 03-activations"),
                () -> JupyterLabTest.outputText(lab.cells().get(1)) + " · " + lab.statusBar());
        lab.typeInto(cell, code);
        runCell(s, cell);
        s.b.waitFor("the question's check", Duration.ofSeconds(30),
                () -> JupyterLabTest.outputText(lab.cells().get(cell)).contains(expected),
                () -> JupyterLabTest.outputText(lab.cells().get(cell)));
        showOutput(s, cell);
        s.b.shot("answered");
        new Actions(s.b.driver).keyDown(Keys.CONTROL).sendKeys("s").keyUp(Keys.CONTROL).perform();
        Path saved = s.home().resolve(EXERCISE);
        String typed = code.lines().findFirst().orElseThrow();
        s.b.waitFor("the notebook to be saved with the answer", Duration.ofSeconds(20),
                () -> read(saved).contains(typed.replace("\"", "\\\"")), () -> "not yet in " + saved);
    }

    private static void runCell(Student s, int cell) {
        String before = s.lab.cells().get(cell).get("prompt").toString();
        s.lab.select(cell);
        s.lab.menu("Run", "Run Selected Cell and Do not Advance");
        s.b.waitFor("cell " + cell + " to run", Duration.ofSeconds(60), () -> {
            String prompt = s.lab.cells().get(cell).get("prompt").toString();
            return prompt.matches("\\[\\d+\\]:") && !prompt.equals(before);
        }, () -> s.lab.cells().get(cell).get("prompt") + " · " + s.lab.statusBar());
    }

    // ---- what a student cannot reach -----------------------------------------------------------------

    /**
     * A cell of the student's own tries the other student's home and the instructor's clone, and
     * searches every folder the course set-up touches (every home, /opt/backprop-lab, the shared
     * kernelspecs) for an answer key, a solution or the grader.
     */
    private static void assertKernelIsolated(Student s, Student other) {
        List<String> needles = new ArrayList<>(List.of("// BEGIN SOLUTION", "/* SOLUTION */", "// HIDDEN"));
        needles.addAll(formulaAnswers());
        String probe = Probe.source(other.home(), Project.ROOT, needles);
        s.lab.typeInto(7, probe);
        runCell(s, 7);
        String out = JupyterLabTest.outputText(s.lab.cells().get(7));
        s.b.note("the probe printed: " + out.strip().replace("\n", " | "));
        showOutput(s, 7);
        s.b.shot("isolation");
        assertTrue(out.contains("the kernel runs as " + s.name + "\n"), out);
        for (Path p : List.of(other.home(), other.home().resolve(EXERCISE), Project.ROOT.resolve("solutions"))) {
            assertTrue(out.contains("refused " + p + ": AccessDeniedException"), s.name + " reads " + p + ":\n" + out);
        }
        assertTrue(out.contains("found: []"), "what " + s.name + "'s kernel found:\n" + out);
        assertTrue(out.matches("(?s).*searched (\\d{4,}) files.*"), "the search covered the course:\n" + out);
    }

    /** The student's own server, through its contents API: nothing outside their home, nothing of
     *  the other's; and the other student's server turns them away. */
    private static void assertServerIsolated(Student s, Student other) {
        String own = "/user/" + s.name + "/api/contents/";
        for (String escape : List.of("..%2F" + other.name, "..%2F..%2Fhome%2F" + other.name, "..%2F..%2Fetc%2Fshadow")) {
            Map<String, Object> r = fetch(s.b, own + escape);
            s.b.note("GET " + own + escape + " answered " + r.get("status"));
            assertNotEquals(200L, r.get("status"), s.name + "'s server served " + escape + ": " + r);
        }
        Map<String, Object> theirs = fetch(s.b, "/user/" + other.name + "/api/contents/backprop-lab");
        s.b.note("GET /user/" + other.name + "/api/contents/backprop-lab answered " + theirs.get("status")
                + " (" + theirs.get("url") + ")");
        assertNotEquals(200L, theirs.get("status"), s.name + " opened " + other.name + "'s server: " + theirs);
        assertFalse(String.valueOf(theirs.get("text")).contains("exercises"), String.valueOf(theirs));
        // Every file the student's server shows them: no key, no solution folder, no solution.
        @SuppressWarnings("unchecked")
        List<String> files = (List<String>) ((JavascriptExecutor) s.b.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1], base = arguments[0];
                async function walk(path) {
                  const r = await fetch(base + encodeURI(path));
                  const j = await r.json();
                  if (j.type !== 'directory') return [path];
                  let out = [];
                  for (const e of j.content) out = out.concat(e.type === 'directory' ? await walk(e.path) : [e.path]);
                  return out;
                }
                walk('').then(done, e => done(['error: ' + e]));""", own);
        assertTrue(files.contains(EXERCISE), files.toString());
        for (String f : files) {
            assertFalse(f.endsWith(".answers.json") || f.contains("solutions/") || f.startsWith("error"), f);
            if (f.endsWith(".ipynb")) {
                String text = String.valueOf(fetch(s.b, own + f).get("text"));
                for (String mark : List.of("BEGIN SOLUTION", "/* SOLUTION */", "// HIDDEN", "backprop-lab-instructor")) {
                    assertFalse(text.contains(mark), f + " holds " + mark);
                }
            }
        }
    }

    /** Scrolls a cell's output into view, for the screenshot. */
    private static void showOutput(Student s, int cell) {
        s.b.js("const c = document.querySelectorAll(arguments[0] + ' .jp-Notebook .jp-Cell')[arguments[1]];"
                + "(c.querySelector('.jp-OutputArea') || c).scrollIntoView({block: 'end'})", JupyterLab.PANEL, cell);
    }

    /** GET a path of the Hub's from the student's page (their cookies): status, text, JSON. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(Browser b, String path) {
        return (Map<String, Object>) ((JavascriptExecutor) b.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(async r => {
                  const text = await r.text();
                  let json = null;
                  try { json = JSON.parse(text); } catch (e) {}
                  done({status: r.status, url: r.url, text: text.slice(0, 100000), json: json});
                }, e => done({status: -1, text: String(e)}));""", path);
    }

    private static List<String> fileBrowser(Browser b) {
        List<String> names = new ArrayList<>();
        for (Object o : (List<?>) b.js("return Array.from(document.querySelectorAll('.jp-DirListing-item .jp-DirListing-itemText'))"
                + ".map(e => e.textContent.trim())")) {
            names.add(String.valueOf(o));
        }
        return names;
    }

    /** The formula answers of the keys that are long enough to search for (see labtools/leaks.py). */
    private static List<String> formulaAnswers() {
        List<String> out = new ArrayList<>();
        try (var keys = Files.newDirectoryStream(Project.ROOT.resolve("solutions"), "*.answers.json")) {
            for (Path key : keys) {
                Map<?, ?> json = new org.openqa.selenium.json.Json().toType(Files.readString(key), Map.class);
                for (Object q : (List<?>) json.get("questions")) {
                    Map<?, ?> question = (Map<?, ?>) q;
                    if ("formula".equals(question.get("kind")) && String.valueOf(question.get("answer")).length() >= 8) {
                        out.add(String.valueOf(question.get("answer")));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(out.isEmpty(), "no formula answers to search for");
        return out;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
