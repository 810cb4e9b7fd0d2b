package backprop.check;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.spi.SPIResolutionException;

/**
 * A method (or class) that uses a name declared nowhere, reported where it is defined.
 *
 * <p>JShell accepts such a definition ("recoverable": the name may come later) and says nothing;
 * the mistake only shows when something calls it, far from the typo, as an
 * {@code SPIResolutionException}. The kernel's start-up runs {@link #watch()}, which asks the
 * kernel's JShell to tell each definition's cell, on its error stream, what it is missing; a check
 * that calls such a method names the method and what it uses ({@link #describe}).
 */
public final class Unresolved {

    /** For each snippet JShell holds as unresolved, by its id: what it is and what it lacks. */
    private static final Map<String, String> MISSING = new ConcurrentHashMap<>();

    private Unresolved() {
    }

    /**
     * Starts watching the kernel's JShell, once, and returns at once: the kernel runs this while
     * it is still being made (rapaio's start-up script), so its JShell is looked for on a thread of
     * its own, which waits until the kernel is made. Nothing happens where there is no JShell to
     * find (outside a kernel, or a kernel that keeps it out of reach).
     */
    public static synchronized void watch() {
        if (watched) {
            return;
        }
        watched = true;
        Thread finder = new Thread(() -> {
            JShell shell = kernelShell();
            if (shell != null) {
                listen(shell);
            }
        }, "backprop-unresolved-watch");
        finder.setDaemon(true);
        finder.start();
    }

    /** Tells each definition of {@code shell} that lacks a name so (package-private: tests). */
    static void listen(JShell shell) {
        shell.onSnippetEvent(event -> {
            if (!(event.snippet() instanceof DeclarationSnippet d)) {
                return;
            }
            if (event.status() != Snippet.Status.RECOVERABLE_DEFINED
                    && event.status() != Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                MISSING.remove(d.id());
                return;
            }
            List<String> lacking = shell.unresolvedDependencies(d).toList();
            if (lacking.isEmpty()) {
                return;
            }
            String text = message(d.name(), kindOf(d), lacking);
            MISSING.put(d.id(), text);
            System.err.println(text);
        });
    }

    private static volatile boolean watched;

    /** "sigmoidPrime uses zz, declared nowhere: …" — the sentence a definition's cell shows. */
    static String message(String name, String kind, List<String> lacking) {
        List<String> names = lacking.stream().map(Unresolved::shortName).toList();
        String what = names.size() == 1 ? names.get(0) : String.join(", ", names);
        return "The " + kind + " " + name + " uses " + what + ", which "
                + (names.size() == 1 ? "is" : "are") + " declared nowhere (yet): it is defined, but "
                + "cannot run until " + (names.size() == 1 ? "it is" : "they are") + ". A typo, or a "
                + "cell above that has not run?";
    }

    /** "variable zz" and "method foo(int)" as JShell names them, shown as "zz" and "foo(int)". */
    private static String shortName(String dependency) {
        int space = dependency.indexOf(' ');
        return space < 0 ? dependency : dependency.substring(space + 1);
    }

    private static String kindOf(DeclarationSnippet d) {
        return switch (d.kind()) {
            case METHOD -> "method";
            case TYPE_DECL -> "class";
            case VAR -> "variable";
            default -> "definition";
        };
    }

    /**
     * What a check says when the code it calls uses an undeclared name: the definition and what it
     * lacks, or null for any other exception.
     */
    static String describe(Throwable t) {
        if (!(t instanceof SPIResolutionException e)) {
            return null;
        }
        String known = MISSING.get(String.valueOf(e.id()));
        return known != null ? known
                : "it calls a method that uses a name declared nowhere (JShell: unresolved reference); "
                + "fix that name where the method is defined";
    }

    /**
     * The kernel's JShell, as rapaio-jupyter-kernel holds it ({@code MainApp.kernel.javaEngine()
     * .getShell()}, read in its classes); null in any other kernel. Reading the field waits until
     * the kernel is made.
     */
    private static JShell kernelShell() {
        try {
            Class<?> app = Class.forName("org.rapaio.jupyter.kernel.MainApp", true,
                    ClassLoader.getSystemClassLoader());
            Object kernel = app.getField("kernel").get(null);
            Object engine = kernel.getClass().getMethod("javaEngine").invoke(kernel);
            Method getShell = engine.getClass().getMethod("getShell");
            return getShell.invoke(engine) instanceof JShell shell ? shell : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // not rapaio's kernel
        }
    }
}
