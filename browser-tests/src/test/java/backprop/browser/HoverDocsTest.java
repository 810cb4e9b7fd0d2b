package backprop.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * What a student meets while typing: the kernel reads Idle before anything ran, Shift+Tab on a
 * library method shows the Javadoc written in its source, and Tab after a type offers its
 * members, not JShell's internals.
 */
@ExtendWith({SharedServer.class, Recording.class})
@Order(3)
class HoverDocsTest {

    private static LabServer server;

    @BeforeAll
    static void connect(LabServer started) {
        server = started;
    }

    @BeforeEach
    @AfterEach
    void noKernelsAndTheRepositorysFiles() {
        server.endSessions();
        LabServer.freshFiles(); // the new notebook this test makes is gone
    }

    @Test
    void shiftTabShowsTheJavadocAndTabOffersTheMembers(Browser b) {
        JupyterLab lab = new JupyterLab(b, server);
        lab.open("notebooks");
        b.waitFor("the launcher", Duration.ofSeconds(30),
                () -> !b.driver.findElements(By.cssSelector(".jp-LauncherCard")).isEmpty(), lab::statusBar);
        b.driver.findElement(By.cssSelector(".jp-Launcher-section .jp-LauncherCard[data-category='Notebook']")).click();
        b.waitFor("a new notebook", Duration.ofSeconds(30),
                () -> !b.driver.findElements(By.cssSelector(JupyterLab.PANEL + " .jp-CodeCell")).isEmpty(), lab::statusBar);
        b.waitFor("the status bar to read " + JupyterLab.KERNEL + " | Idle before any cell ran",
                JupyterLab.KERNEL_START, () -> lab.statusBar().contains(JupyterLab.KERNEL + " | Idle"), lab::statusBar);
        b.shot("idle-before-the-first-cell");

        lab.typeInto(0, "import backprop.*;\ndouble slope = Activation.SIGMOID.derivative(0.5);");
        new Actions(b.driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
        b.waitFor("the cell to run", Duration.ofSeconds(60),
                () -> lab.prompts().get(0).equals("[1]:"), () -> lab.prompts() + " · " + lab.statusBar());

        // Shift+Tab with the cursor in "derivative"
        WebElement editor = editor(b, 0);
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
        for (int i = 0; i < "ive(0.5);".length(); i++) {
            editor.sendKeys(Keys.ARROW_LEFT);
        }
        editor.sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        b.waitFor("the tooltip", Duration.ofSeconds(30),
                () -> !text(b, ".jp-Tooltip").isEmpty(), () -> "no tooltip; " + lab.statusBar());
        String tooltip = text(b, ".jp-Tooltip");
        b.shot("shift-tab-on-derivative");
        assertTrue(tooltip.contains("double Activation.derivative(double z)"), tooltip);
        assertTrue(tooltip.contains("f'(z) for one number."), "the Javadoc under the signature: " + tooltip);
        assertTrue(tooltip.contains("f'(z), entry by entry."), "each overload's own: " + tooltip);
        editor.sendKeys(Keys.ESCAPE);

        // Tab after "Activation."
        editor = editor(b, 0);
        editor.click();
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
        editor.sendKeys(Keys.ENTER);
        b.driver.executeCdpCommand("Input.insertText", Map.of("text", "Activation."));
        editor.sendKeys(Keys.TAB);
        b.waitFor("the completer", Duration.ofSeconds(30),
                () -> !items(b).isEmpty(), () -> "no completer; " + lab.statusBar());
        List<String> offered = items(b);
        b.shot("tab-after-activation");
        for (String wanted : List.of("SIGMOID", "RELU", "TANH", "SOFTMAX", "IDENTITY", "byId(", "values()")) {
            assertTrue(offered.contains(wanted), wanted + " in " + offered);
        }
        for (String internal : List.of("class", "EnumDesc")) {
            assertFalse(offered.contains(internal), internal + " is JShell's, not the student's: " + offered);
        }
        assertEquals(List.of(), lab.dialogs());
    }

    private static WebElement editor(Browser b, int cell) {
        return b.driver.findElements(By.cssSelector(JupyterLab.PANEL + " .jp-Notebook .jp-Cell")).get(cell)
                .findElement(By.cssSelector(".jp-InputArea-editor .cm-content"));
    }

    private static String text(Browser b, String selector) {
        return String.valueOf(b.js("const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", selector));
    }

    private static List<String> items(Browser b) {
        return ((List<?>) b.js("return Array.from(document.querySelectorAll('.jp-Completer .jp-Completer-item'))"
                + ".map(e => (e.querySelector('.jp-Completer-match') || e).textContent.trim())"))
                .stream().map(String::valueOf).toList();
    }
}
