package backprop.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh browser for each test, in build/browser/TEST/ with the test's screenshots. When the
 * test fails, the browser's last picture (failure.png) and its console log (console.log) are saved
 * there before it closes, and their paths printed. Every test prints how long it took.
 */
final class Recording implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Recording.class);

    static Path folderOf(ExtensionContext context) {
        return Project.OUT.resolve(context.getRequiredTestMethod().getName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Path folder = folderOf(context);
        Project.deleteTree(folder);
        context.getStore(NS).put("start", System.nanoTime());
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        return p.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        try {
            Browser browser = Browser.start(folderOf(context));
            context.getStore(NS).put("browser", browser);
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Browser browser = context.getStore(NS).get("browser", Browser.class);
        Optional<Throwable> failure = context.getExecutionException();
        if (failure.isPresent() && browser != null) {
            StringBuilder where = new StringBuilder();
            try {
                where.append("\n  screenshot: ").append(Project.relative(browser.shot("failure")));
            } catch (RuntimeException e) {
                where.append("\n  (no screenshot: ").append(e.getMessage().lines().findFirst().orElse("")).append(')');
            }
            where.append("\n  console log: ").append(Project.relative(browser.saveConsole()));
            System.out.println("[browser] " + name(context) + " FAILED: " + failure.get().getMessage()
                    + where + "\n  all its screenshots: " + Project.relative(browser.folder) + "/");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Browser browser = context.getStore(NS).remove("browser", Browser.class);
        if (browser != null) {
            browser.close();
        }
        long start = context.getStore(NS).get("start", Long.class);
        double seconds = (System.nanoTime() - start) / 1e9;
        String outcome = context.getExecutionException().isPresent() ? "failed" : "passed";
        System.out.printf("[browser] %-28s %s in %5.1f s · %s/%n", name(context), outcome, seconds,
                Project.relative(folderOf(context)));
    }

    private static String name(ExtensionContext context) {
        return context.getRequiredTestMethod().getName();
    }
}
