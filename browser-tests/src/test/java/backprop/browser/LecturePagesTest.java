package backprop.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rendered lecture pages of ./lab run (build/notebooks/), opened from disk as a person opens
 * them: the index links every lecture, in order, and every picture on every page loads. When the
 * pages are missing or older than their notebooks, ./lab run's code makes them first (in ./lab
 * test the notebook step has just made them). The pages are opened with the network off, as in a
 * lecture hall without one: no page may ask for anything beyond its own file.
 */
@ExtendWith({SharedServer.class, Recording.class})
@Order(1) // first: meanwhile the JupyterLab server for the other tests starts (SharedServer)
class LecturePagesTest {

    static final Path PAGES = Project.BUILD.resolve("notebooks");

    @BeforeAll
    static void pagesAreUpToDate() throws IOException, InterruptedException {
        if (upToDate()) {
            return;
        }
        System.out.println("[browser] the lecture pages are missing or older than their notebooks: ./lab run makes them");
        Path log = Project.OUT.resolve("lab-run.log");
        Files.createDirectories(Project.OUT);
        ProcessBuilder pb = new ProcessBuilder(Project.VENV_PYTHON.toString(), "-m", "labtools", "run")
                .directory(Project.ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PYTHONPATH", Project.ROOT.resolve("tools").toString());
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("./lab run failed; see " + Project.relative(log));
        }
    }

    private static boolean upToDate() throws IOException {
        if (!Files.isRegularFile(PAGES.resolve("index.html"))) {
            return false;
        }
        for (Path notebook : Project.lectures()) {
            Path page = page(notebook);
            if (!Files.isRegularFile(page)) {
                return false;
            }
            FileTime made = Files.getLastModifiedTime(page);
            if (made.compareTo(Files.getLastModifiedTime(notebook)) < 0
                    || Files.getLastModifiedTime(PAGES.resolve("index.html")).compareTo(made) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Path page(Path notebook) {
        return PAGES.resolve(notebook.getFileName().toString().replaceFirst("\\.ipynb$", ".html"));
    }

    @Test
    void indexLinksEveryLectureInOrderAndEveryPictureLoads(Browser b) {
        b.open(PAGES.resolve("index.html").toUri().toString());
        b.shot("index");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> links = (List<Map<String, Object>>) b.js(
                "return Array.from(document.querySelectorAll('ol li')).map(li => ({"
                        + " href: li.querySelector('a').href, title: li.querySelector('a').textContent,"
                        + " text: li.textContent }))");
        List<String> expected = Project.lectures().stream().map(n -> page(n).toUri().toString()).toList();
        List<String> linked = links.stream().map(l -> String.valueOf(l.get("href")))
                .filter(h -> h.startsWith(PAGES.toUri().toString()) && !h.substring(PAGES.toUri().toString().length()).contains("/"))
                .toList();
        assertEquals(expected, linked, "the index links every lecture, in lecture order");
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> l : links) {
            if (String.valueOf(l.get("text")).contains("(failed")) {
                problems.add("the index marks a lecture as failed: " + l.get("text"));
            }
            if (String.valueOf(l.get("title")).isBlank()) {
                problems.add("a link without a title: " + l);
            }
        }
        b.offline();
        for (Path notebook : Project.lectures()) {
            String name = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
            int seen = b.console().size();
            b.open(page(notebook).toUri().toString());
            problems.addAll(fetchedFromElsewhere(b, name, seen));
            b.waitFor(name + "'s pictures to finish loading", Duration.ofSeconds(30),
                    () -> (Boolean) b.js("return Array.from(document.images).every(i => i.complete)"), () -> "");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> images = (List<Map<String, Object>>) b.js(
                    "return Array.from(document.images).map((i, n) => ({n: n, width: i.naturalWidth,"
                            + " alt: i.alt, src: i.src.substring(0, 40)}))");
            long pictures = images.size();
            for (Map<String, Object> img : images) {
                if (((Number) img.get("width")).intValue() == 0) {
                    problems.add(name + ": picture " + img.get("n") + " did not load (" + img.get("src") + "…)");
                }
            }
            String heading = String.valueOf(b.js("const h = document.querySelector('h1'); return h ? h.textContent : ''"));
            if (heading.isBlank()) {
                problems.add(name + ": no heading");
            }
            b.fullPage(name);
            System.out.printf("[browser]   %s: %d pictures, all loaded: %s%n", name, pictures,
                    images.stream().allMatch(i -> ((Number) i.get("width")).intValue() > 0));
        }
        assertEquals(List.of(), problems, "every lecture ran, every picture on every page loads, "
                + "and with the network off no page asks for anything beyond its own file");
    }

    /**
     * What a page asked for beyond its own file and the data in it: every resource the browser
     * timed, every script, style sheet or module named by URL, and every load the console saw
     * fail. (The network is off: such a request would fail, and the page would wait for it.)
     */
    private static List<String> fetchedFromElsewhere(Browser b, String name, int seen) {
        b.waitFor(name + " to finish loading", Duration.ofSeconds(30),
                () -> "complete".equals(b.js("return document.readyState")), () -> "");
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) b.js(
                "const named = Array.from(document.querySelectorAll('script[src], link[href], iframe[src]'))"
                        + "  .map(e => e.src || e.href);"
                        + "const timed = performance.getEntriesByType('resource').map(e => e.name);"
                        + "const imported = Array.from(document.scripts).flatMap(s =>"
                        + "  Array.from(s.textContent.matchAll(/import\\(\\s*[\"'](\\w+:[^\"']+)/g), m => m[1]));"
                        + "return named.concat(timed, imported)"
                        + "  .filter(u => !/^(file|data|blob|about):/.test(u));");
        List<String> problems = new ArrayList<>();
        for (String url : urls.stream().distinct().toList()) {
            problems.add(name + ": asks the network for " + url);
        }
        List<String> console = b.console();
        for (String line : console.subList(seen, console.size())) {
            if (line.contains("net::ERR")) {
                problems.add(name + ": " + line);
            }
        }
        return problems;
    }
}
