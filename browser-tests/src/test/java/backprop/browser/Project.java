package backprop.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Where things are: the project, its build folder, and the browser tests' own corner of it. */
final class Project {

    static final Path ROOT = Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();
    static final Path BUILD = ROOT.resolve("build");
    /** Screenshots, console logs, the server's log and the tests' own Jupyter folders. */
    static final Path OUT = BUILD.resolve("browser");
    static final Path VENV_PYTHON = ROOT.resolve(".venv/bin/python");
    static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));

    private Project() {
    }

    /** The lecture notebooks, in file-name order (their lecture order). */
    static List<Path> lectures() {
        try (Stream<Path> files = Files.list(ROOT.resolve("notebooks"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(ROOT) ? ROOT.relativize(p).toString() : p.toString();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.toString().contains(".ipynb_checkpoints")) {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
