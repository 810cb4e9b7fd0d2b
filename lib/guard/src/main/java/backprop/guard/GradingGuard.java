package backprop.guard;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.ReflectPermission;
import java.nio.charset.StandardCharsets;
import java.security.Permission;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The grading kernel's security manager. Code compiled from a notebook's cells (JShell's snippet
 * classes, package {@code REPL}) may compute, print, allocate and call the libraries while it is
 * graded, but it may not:
 * <ul>
 *   <li>reach private members by reflection ({@code setAccessible}, {@code privateLookupIn}),
 *       which is how a cell would rewrite the check runtime's results;</li>
 *   <li>load native code, which could do the same from outside Java;</li>
 *   <li>end the JVM ({@code System.exit}, {@code Runtime.halt}): the cell fails instead and the
 *       cells after it still run in the same kernel;</li>
 *   <li>start a process (which the sandbox would refuse anyway): the cell fails with a reason
 *       that says so;</li>
 *   <li>replace this manager, or use the JVM's own file descriptors (where refusals are reported).</li>
 * </ul>
 * Each refusal throws a {@link SecurityException} in the cell; all but an exit or a process start
 * (which cost only the cell) are also reported, as one line
 * {@code [backprop-guard] refused: WHAT}, on the JVM's standard error, which the grader reads
 * after every cell (a cell can catch the exception, never the report). Everything else is
 * allowed: files, network and processes are kept out by the sandbox around the kernel.
 *
 * <p>A check looks at the call stack only for the kinds of permission above, so the rest of the
 * kernel's work pays nothing for it. The kernel, its libraries and the grader's own cells do
 * none of these things from a cell.
 */
public final class GradingGuard extends SecurityManager {

    /** The package of every class JShell compiles from a cell. */
    static final String CELL_CODE = "REPL.";
    /** How every report line begins. */
    public static final String REPORT = "[backprop-guard] refused: ";

    static final String EXIT = "ending the JVM (System.exit or Runtime.halt)";
    static final String PROCESS = "starting a process";

    /** The class whose frames mark a privileged block (AccessController.doPrivileged). */
    static final String PRIVILEGED = "java.security.AccessController";
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final CellOnStack CELL_ON_STACK = new CellOnStack();

    private final PrintStream report;

    GradingGuard(PrintStream report) {
        this.report = report;
    }

    /** Installed as a Java agent ({@code -javaagent:backprop-guard.jar}) before the kernel starts. */
    public static void premain(String args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        GradingGuard guard = new GradingGuard(err);
        guard.fromCell();  // loads what a check needs before the first check
        System.setSecurityManager(guard);
    }

    @Override
    public void checkPermission(Permission permission) {
        String refused = refusal(permission);
        if (refused != null && fromCell()) {
            if (!refused.equals(EXIT)) {  // an exit costs the cell, it does not reach into the grader
                report.println(REPORT + refused);
            }
            throw new SecurityException(refused + " is not allowed while a notebook is graded");
        }
    }

    /** Starting a process: asked here with the program's name, which the permission lacks. */
    @Override
    public void checkExec(String program) {
        if (fromCell()) {
            throw new SecurityException(PROCESS + " (" + program + ") is not allowed while a notebook is graded");
        }
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        checkPermission(permission);
    }

    /** What a permission would let a cell do that it may not, or null. */
    static String refusal(Permission permission) {
        String name = permission.getName();
        if (permission instanceof ReflectPermission) {
            return name.equals("suppressAccessChecks") ? "private access by reflection (" + name + ")" : null;
        }
        if (!(permission instanceof RuntimePermission)) {
            return null;
        }
        if (name.startsWith("exitVM")) {
            return EXIT;
        }
        if (name.startsWith("loadLibrary.")) {
            return "loading native code (" + name.substring("loadLibrary.".length()) + ")";
        }
        if (name.equals("setSecurityManager")) {
            return "replacing the grading guard";
        }
        if (name.equals("writeFileDescriptor") || name.equals("readFileDescriptor")) {
            return "using the JVM's own file descriptors";
        }
        return null;
    }

    /**
     * True when the permission is asked for on behalf of code compiled from a cell: a cell's frame
     * is on the call stack, below no privileged block (where the JDK vouches for what it does
     * itself, for instance when it loads its locale data), and the code asking is not the kernel's
     * own (its messages, which it turns into JSON by reflection, also while a cell prints).
     */
    private boolean fromCell() {
        return WALKER.walk(CELL_ON_STACK);
    }

    /** The walk itself, as a class: a lambda here would be linked inside the check it serves. */
    private static final class CellOnStack implements Function<Stream<StackWalker.StackFrame>, Boolean> {
        @Override
        public Boolean apply(Stream<StackWalker.StackFrame> frames) {
            boolean asker = true;
            for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
                String name = it.next().getClassName();
                if (name.equals(PRIVILEGED)) {
                    return false;
                }
                if (name.startsWith(CELL_CODE)) {
                    return true;
                }
                if (asker && !isJdk(name) && !name.equals(GradingGuard.class.getName())) {
                    if (isKernel(name)) {
                        return false;
                    }
                    asker = false;
                }
            }
            return false;
        }
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    /** The notebook kernel's own code (rapaio-jupyter-kernel and the JSON library inside it). */
    static boolean isKernel(String className) {
        return className.startsWith("org.rapaio.") || className.startsWith("com.google.gson.")
                || className.startsWith("org.zeromq.") || className.startsWith("zmq.");
    }
}
