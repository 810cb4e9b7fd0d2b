package org.backproplab.kernelguard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.instrument.Instrumentation;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The cell stopper: a Java agent the kernel supervisor loads into the notebook kernel's JVM with
 * {@code -javaagent:kernelguard-agent.jar=HOST:PORT:TOKEN}.
 *
 * <p>It connects back to the supervisor and answers one request, {@code STOP id}: every thread
 * that is running a cell's code (a stack frame of a JShell snippet class, package {@code REPL})
 * is stopped, as JShell's own local execution engine stops a snippet: with {@link Thread#stop()}.
 * A thread is stopped only at a moment when no frame above its snippet code belongs to the
 * kernel's machinery (its messaging, its output streams, JShell itself), so that the kernel's own
 * state is never cut in half; such a thread is retried for a short while, then reported.
 *
 * <p>It touches no class of the kernel. When the supervisor goes away the kernel can no longer be
 * reached, so the JVM ends itself ({@link Runtime#halt}): no orphaned kernel keeps a CPU busy.
 *
 * <p>{@code Thread.stop} works up to Java 19 (Java 20 made it throw); on a newer JVM the agent
 * says so in its greeting and the supervisor restarts the kernel on an interrupt instead.
 */
public final class CellStopper {

    /** Packages whose code must not be cut by a stop: the kernel's machinery. */
    static final String[] UNSAFE_PREFIXES = {
        "org.rapaio.", "org.zeromq.", "zmq.", "jdk.jshell.", "io.github.spencerpark.",
        "org.dflib.jjava.", "com.google.gson.", "jdk.internal.loader.", "java.lang.ClassLoader",
        "org.backproplab.kernelguard.",
    };

    /** JShell compiles every snippet into a class of this package. */
    static final String SNIPPET_PREFIX = "REPL.";

    private static final long RETRY_NANOS = 300_000_000L;

    private CellStopper() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args);
    }

    static void start(String args) {
        String[] a = args == null ? new String[0] : args.split(":");
        if (a.length != 3) {
            System.err.println("[kernelguard-agent] expected HOST:PORT:TOKEN, got " + args);
            return;
        }
        warmUp();
        Thread t = new Thread(() -> serve(a[0], Integer.parseInt(a[1]), a[2]), "kernelguard-agent");
        t.setDaemon(true);
        t.start();
    }

    static boolean stopSupported() {
        return Runtime.version().feature() < 20;
    }

    static void serve(String host, int port, String token) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            out.write("HELLO token=" + token + " java=" + Runtime.version().feature()
                    + " stop=" + (stopSupported() ? "yes" : "no")
                    + " pid=" + ProcessHandle.current().pid() + "\n");
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String[] p = line.trim().split(" ");
                String id = p.length > 1 ? p[1] : "-";
                if (p[0].equals("STOP")) {
                    if (!stopSupported()) {
                        out.write("UNSUPPORTED " + id + " java " + Runtime.version().feature() + "\n");
                    } else {
                        int[] r = stopCellThreads(RETRY_NANOS);
                        out.write("STOPPED " + id + " " + r[0] + " " + r[1] + "\n");
                    }
                } else if (p[0].equals("PING")) {
                    out.write("PONG " + id + "\n");
                }
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[kernelguard-agent] " + e);
        }
        // The supervisor is gone: nobody can reach this kernel any more.
        Runtime.getRuntime().halt(3);
    }

    /**
     * Stops every thread that runs snippet code; returns {stopped, left running because unsafe}.
     */
    @SuppressWarnings({"deprecation", "removal"})
    static int[] stopCellThreads(long retryNanos) {
        Thread self = Thread.currentThread();
        long deadline = System.nanoTime() + retryNanos;
        int stopped = 0;
        int unsafe;
        while (true) {
            unsafe = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t == self || !t.isAlive() || snippetFrame(t.getStackTrace()) < 0) {
                    continue;
                }
                t.suspend();
                try {
                    StackTraceElement[] st = t.getStackTrace();
                    int at = snippetFrame(st);
                    if (at < 0) {
                        continue;
                    }
                    if (safeToStop(st, at)) {
                        t.stop();
                        stopped++;
                    } else {
                        unsafe++;
                    }
                } finally {
                    t.resume();
                }
            }
            if (unsafe == 0 || System.nanoTime() > deadline) {
                return new int[] {stopped, unsafe};
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return new int[] {stopped, unsafe};
            }
        }
    }

    /** Index of the topmost frame of snippet code, or -1. */
    static int snippetFrame(StackTraceElement[] st) {
        for (int i = 0; i < st.length; i++) {
            if (st[i].getClassName().startsWith(SNIPPET_PREFIX)) {
                return i;
            }
        }
        return -1;
    }

    /** True if no frame above the snippet's (the code it called) is the kernel's machinery. */
    static boolean safeToStop(StackTraceElement[] st, int snippetAt) {
        for (int i = 0; i < snippetAt; i++) {
            String c = st[i].getClassName();
            for (String p : UNSAFE_PREFIXES) {
                if (c.startsWith(p)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Loads and runs everything the stop path needs once, so that it never loads a class while
     * another thread is suspended (that thread might hold a class-loading lock). */
    private static void warmUp() {
        stopCellThreads(0);
        safeToStop(new Throwable().getStackTrace(), 1);
        new int[] {0, 0}.clone();
        Long.toString(ProcessHandle.current().pid());
    }
}
