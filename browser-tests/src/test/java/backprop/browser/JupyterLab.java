package backprop.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * JupyterLab as a person uses it: menus, toolbar buttons, the status bar, cells. Selectors are
 * scoped to the notebook in front ({@code .jp-NotebookPanel:not(.lm-mod-hidden)}).
 */
final class JupyterLab {

    static final String KERNEL = "Java (Backprop Lab)";
    static final String PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)";
    /** A kernel start on a loaded machine (two shared cores) can take many seconds. */
    static final Duration KERNEL_START = Duration.ofSeconds(90);
    private static final Pattern READY = Pattern.compile("(?s).*" + Pattern.quote(KERNEL) + " \\| (Idle|Unknown).*");

    /** Where a server's pages are: the URL of a path such as /lab/tree/x.ipynb. */
    interface Pages {
        String page(String path);
    }

    final Browser b;
    final Pages server;

    JupyterLab(Browser b, Pages server) {
        this.b = b;
        this.server = server;
    }

    /** Opens JupyterLab at a path (a folder or a file under the served root), from a clean workspace. */
    void open(String path) {
        b.open(server.page("/lab/tree/" + path + "?reset"));
        b.waitFor("JupyterLab to show its file browser", Duration.ofSeconds(60),
                () -> !b.driver.findElements(By.cssSelector(".jp-DirListing-item")).isEmpty(), this::statusBar);
    }

    /**
     * Opens a notebook and clicks into it, as a person does: the status bar shows the kernel of
     * the notebook that has the focus (a headless browser gives the page none by itself).
     */
    void openNotebook(String path) {
        open(path);
        b.waitFor(path + " to open", Duration.ofSeconds(60),
                () -> (Boolean) b.js("const p = document.querySelector(arguments[0]);"
                        + "return !!p && p.querySelectorAll('.jp-Cell').length > 0", PANEL),
                this::statusBar);
        // (While JupyterLab is still rendering, the cell may be replaced under the click: click again.)
        b.waitFor("a click into the notebook", Duration.ofSeconds(20), () -> {
            b.driver.findElement(By.cssSelector(PANEL + " .jp-Notebook .jp-Cell")).click();
            return true;
        }, this::statusBar);
    }

    String statusBar() {
        Object text = b.js("const e = document.getElementById('jp-main-statusbar'); return e ? e.innerText : '(no status bar)'");
        return String.valueOf(text).replace('\n', ' ');
    }

    /**
     * Waits until the notebook's kernel is connected: the status bar says "Java (Backprop Lab) |
     * Idle", or "| Unknown" (this kernel reports no state before its first cell). Clicking Run All
     * before that does nothing at all.
     */
    void waitForKernel() {
        b.waitFor("the kernel to be ready (status bar: " + KERNEL + " | Idle or Unknown)", KERNEL_START,
                () -> READY.matcher(statusBar()).matches(), this::statusBar);
    }

    /** Clicks a menu of the menu bar, then one of its items, by their labels. */
    void menu(String title, String label) {
        WebElement item = b.driver.findElement(By.xpath(
                "//div[contains(@class,'lm-MenuBar-itemLabel') and normalize-space(text())='" + title + "']"));
        item.click();
        By entry = By.xpath("//li[contains(@class,'lm-Menu-item')][.//div[contains(@class,'lm-Menu-itemLabel')"
                + " and normalize-space(.)='" + label + "']]");
        b.waitFor("the " + title + " menu to open", Duration.ofSeconds(10),
                () -> !b.driver.findElements(entry).isEmpty(), () -> "no item " + label);
        b.driver.findElement(entry).click();
    }

    void runAll() {
        menu("Run", "Run All Cells");
    }

    /** The execution prompts of the code cells, such as "[3]:", "[*]:" or "[ ]:". */
    List<String> prompts() {
        return strings(b.js("return Array.from(document.querySelectorAll(arguments[0] + ' .jp-CodeCell .jp-InputPrompt'))"
                + ".map(e => e.textContent.trim())", PANEL));
    }

    /**
     * Waits until no code cell is queued or running any more (no "[*]"), after a run has started;
     * whether every cell ran is for the test to assert.
     */
    void waitUntilRunEnds(Duration limit) {
        b.waitFor("the run to start (a cell shows [*] or a number)", Duration.ofSeconds(20),
                () -> prompts().stream().anyMatch(p -> p.matches("\\[(\\*|\\d+)\\]:")), () -> prompts().toString());
        b.waitFor("every cell to finish (no [*] left)", limit,
                () -> prompts().stream().noneMatch(p -> p.contains("*")), () -> prompts() + " · " + statusBar());
    }

    /**
     * The cells of the notebook in front, as the page holds them: kind, prompt, source, and each
     * output with its MIME type, text and pictures. (Text is read with textContent: JupyterLab does
     * not lay out cells scrolled out of view, and innerText of those is empty; their sizes are only
     * right in {@link #shootNotebook}'s tall window.)
     */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cells() {
        return (List<Map<String, Object>>) b.js("""
                const panel = document.querySelector(arguments[0]);
                const text = e => e ? e.textContent : '';
                return Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell')).map((c, index) => ({
                  index: index,
                  kind: c.classList.contains('jp-CodeCell') ? 'code' : c.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
                  prompt: text(c.querySelector('.jp-InputPrompt')).trim(),
                  source: Array.from(c.querySelectorAll('.jp-InputArea-editor .cm-line')).map(l => l.textContent).join('\\n'),
                  outputs: Array.from(c.querySelectorAll('.jp-OutputArea-output')).map(o => ({
                    mime: o.getAttribute('data-mime-type') || '',
                    executeResult: !!o.closest('.jp-OutputArea-executeResult'),
                    text: text(o),
                    // wider than its area: cut off, or behind a scroll bar
                    overflows: o.scrollWidth > o.clientWidth + 1,
                    images: Array.from(o.querySelectorAll('img')).map(i => ({
                      complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
                      shownWidth: i.getBoundingClientRect().width}))
                  }))
                }));
                """, PANEL);
    }

    /** Open dialogs (kernel choice, "kernel restarting", errors), by their text. */
    List<String> dialogs() {
        return strings(b.js("return Array.from(document.querySelectorAll('.jp-Dialog')).map(d => d.innerText)"));
    }

    /** Pop-up notifications (toasts) in the corner, by their text. */
    List<String> toasts() {
        return strings(b.js("return Array.from(document.querySelectorAll('.jp-Notification-Toast, .Toastify__toast'))"
                + ".map(d => d.innerText)"));
    }

    /**
     * Replaces a cell's text as a person does: click into its editor, select all, delete, and put
     * the new text in the way a paste does (the browser's own text input, one event; typing it key
     * by key takes seconds and lets the editor indent each new line once more).
     */
    void typeInto(int cellIndex, String text) {
        WebElement editor = b.driver.findElements(By.cssSelector(PANEL + " .jp-Notebook .jp-Cell")).get(cellIndex)
                .findElement(By.cssSelector(".jp-InputArea-editor .cm-content"));
        new Actions(b.driver).scrollToElement(editor).perform();
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        editor.sendKeys(Keys.DELETE);
        b.driver.executeCdpCommand("Input.insertText", Map.of("text", text));
        editor.sendKeys(Keys.ESCAPE); // back to command mode
        b.note("typed into cell " + cellIndex);
    }

    /**
     * A screenshot of the whole notebook, and its cells as laid out: the window is made as tall as
     * the notebook (up to 12,000 pixels), so every cell is laid out and shown in one picture.
     */
    List<Map<String, Object>> shootNotebook(String name) {
        String scroller = PANEL + " .jp-WindowedPanel-outer";
        long extra = ((Number) b.js("""
                const s = document.querySelector(arguments[0]);
                const cells = s.querySelectorAll('.jp-Cell');
                const last = cells[cells.length - 1];
                return Math.max(0, s.scrollTop + last.getBoundingClientRect().bottom - s.getBoundingClientRect().bottom + 20);""",
                scroller)).longValue();
        long before = ((Number) b.js("return document.querySelector(arguments[0]).clientHeight", scroller)).longValue();
        Dimension normal = b.driver.manage().window().getSize();
        int tall = (int) Math.min(12_000, normal.height + extra);
        long wanted = before + (tall - normal.height);
        try {
            b.driver.manage().window().setSize(new Dimension(normal.width, tall));
            b.js("document.querySelector(arguments[0]).scrollTop = 0", scroller);
            // The notebook's scroller grows by what the window grew (nothing when it fits already).
            b.waitFor("the notebook to be laid out in the tall window", Duration.ofSeconds(10),
                    () -> ((Number) b.js("return document.querySelector(arguments[0]).clientHeight", scroller))
                            .longValue() >= wanted - 2,
                    () -> "scroller " + b.js("return document.querySelector(arguments[0]).clientHeight", scroller)
                            + " px high, wanted " + wanted);
            b.shot(name);
            return cells();
        } finally {
            b.driver.manage().window().setSize(normal);
        }
    }

    /** Clicks the notebook toolbar's button for a command (such as notebook:interrupt-kernel). */
    void toolbarButton(String command) {
        b.driver.findElement(By.cssSelector(PANEL + " .jp-Toolbar [data-command='" + command + "']")).click();
    }

    /** Selects a cell by clicking its prompt area, as a person does before running just that cell. */
    void select(int cellIndex) {
        WebElement cell = b.driver.findElements(By.cssSelector(PANEL + " .jp-Notebook .jp-Cell")).get(cellIndex);
        new Actions(b.driver).scrollToElement(cell).perform();
        cell.findElement(By.cssSelector(".jp-InputPrompt")).click();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : (List<?>) o) {
            out.add(String.valueOf(x));
        }
        return out;
    }
}
