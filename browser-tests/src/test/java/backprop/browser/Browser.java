package backprop.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, through Debian's ChromeDriver named explicitly (Selenium Manager
 * never runs: nothing is downloaded). Every host name but the loopback resolves to nothing, so
 * a page cannot reach the network either. A fresh profile for every test.
 */
final class Browser implements AutoCloseable {

    static final int WIDTH = 1400;
    static final int HEIGHT = 1000;

    final ChromeDriver driver;
    final Path folder;
    private final Path profile;
    private final List<String> console = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private final long started = System.nanoTime();
    private int shots;

    private Browser(ChromeDriver driver, Path folder, Path profile) {
        this.driver = driver;
        this.folder = folder;
        this.profile = profile;
    }

    /** Whether this machine has the browser and its driver where the tests look for them. */
    static boolean available() {
        return Files.isExecutable(Project.CHROMIUM) && Files.isExecutable(Project.CHROMEDRIVER);
    }

    /** Selenium's DevTools bindings warn on every start that Chromium is newer than they know; these
     *  tests use WebDriver only, never DevTools. Held here so the setting is not collected. */
    private static final Logger CDP_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private static Logger quiet(String name) {
        Logger log = Logger.getLogger(name);
        log.setLevel(Level.SEVERE);
        return log;
    }

    static Browser start(Path folder) throws IOException {
        if (!available()) {
            throw new IllegalStateException("Chromium or ChromeDriver is missing (" + Project.CHROMIUM + ", "
                    + Project.CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        }
        System.setProperty("SE_OFFLINE", "true");
        Files.createDirectories(folder);
        Files.createDirectories(Project.OUT);
        Path profile = Files.createTempDirectory(Project.OUT, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Project.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--lang=en-US", "--force-device-scale-factor=1",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(Project.CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withLogFile(folder.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, folder, profile);
    }

    /** Cuts the browser off any network from now on (loopback and files still open). */
    void offline() {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true,
                "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        note("network off");
    }

    void open(String url) {
        driver.get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Notes a step of the test with the time since its browser started (steps.log: where time goes). */
    void note(String step) {
        steps.add(String.format("%6.2f s  %s", (System.nanoTime() - started) / 1e9, step));
    }

    /** Saves what the browser shows as NN-name.png in the test's folder. */
    Path shot(String name) {
        note("screenshot " + name);
        Path file = folder.resolve(String.format("%02d-%s.png", ++shots, name));
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Saves the whole page, not only the window (for long static pages), as NN-name.png. */
    Path fullPage(String name) {
        note("screenshot " + name + " (whole page)");
        Path file = folder.resolve(String.format("%02d-%s.png", ++shots, name));
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) js("return {w: document.documentElement.scrollWidth,"
                + " h: document.documentElement.scrollHeight}");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("w"), "height", size.get("h"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.write(file, Base64.getDecoder().decode(String.valueOf(shot.get("data"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The browser's console so far (kept across calls: the driver hands each entry out once). */
    List<String> console() {
        try {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(Instant.ofEpochMilli(e.getTimestamp()) + " " + e.getLevel() + " " + e.getMessage());
            }
        } catch (WebDriverException e) {
            console.add("(the console could not be read: " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return console;
    }

    Path saveConsole() {
        Path file = folder.resolve("console.log");
        try {
            Files.writeString(file, String.join("\n", console()) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Waits until the condition holds, polling (never a fixed sleep); fails with what was waited
     * for and what {@code state} said last.
     */
    void waitFor(String what, Duration limit, Supplier<Boolean> condition, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Boolean ok;
            try {
                ok = condition.get();
            } catch (WebDriverException e) {
                ok = false; // the page is changing under us (an element replaced): look again
            }
            if (Boolean.TRUE.equals(ok)) {
                note(what);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what
                        + "; last seen: " + state.get());
            }
            LabServer.pause(100);
        }
    }

    @Override
    public void close() {
        try {
            note("done");
            saveConsole();
            Files.write(folder.resolve("steps.log"), steps, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.quit();
            Project.deleteTree(profile);
        }
    }
}
