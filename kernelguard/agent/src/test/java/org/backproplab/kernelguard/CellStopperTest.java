package org.backproplab.kernelguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import REPL.FakeSnippet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CellStopperTest {

    private static Thread run(String name, ThrowingRunnable body, AtomicReference<Throwable> ended) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                ended.set(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void waitForSnippet(Thread t) throws InterruptedException {
        for (int i = 0; i < 200 && CellStopper.snippetFrame(t.getStackTrace()) < 0; i++) {
            Thread.sleep(5);
        }
    }

    @Test
    void stopsASpinningSnippetAndASleepingOne() throws Exception {
        AtomicReference<Throwable> e1 = new AtomicReference<>();
        AtomicReference<Throwable> e2 = new AtomicReference<>();
        Thread spin = run("spin", FakeSnippet::spin, e1);
        Thread sleep = run("sleep", FakeSnippet::sleepLoop, e2);
        waitForSnippet(spin);
        waitForSnippet(sleep);
        int[] r = CellStopper.stopCellThreads(300_000_000L);
        spin.join(2000);
        sleep.join(2000);
        assertFalse(spin.isAlive(), "the spinning snippet still runs");
        assertFalse(sleep.isAlive(), "the sleeping snippet still runs");
        assertEquals(2, r[0]);
        assertEquals(0, r[1]);
        assertEquals(ThreadDeath.class, e1.get().getClass());
        assertEquals(ThreadDeath.class, e2.get().getClass());
    }

    @Test
    void leavesThreadsWithoutSnippetCodeAlone() throws Exception {
        AtomicReference<Throwable> e = new AtomicReference<>();
        Thread plain = run("plain", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                FakeSnippet.sink = System.nanoTime();
                Thread.onSpinWait();
            }
        }, e);
        Thread.sleep(50);
        CellStopper.stopCellThreads(0);
        Thread.sleep(50);
        assertTrue(plain.isAlive());
        plain.interrupt();
        plain.join(2000);
    }

    @Test
    void aSnippetThatCatchesThreadDeathIsStoppedAgainAndReportsIt() throws Exception {
        AtomicReference<Throwable> e = new AtomicReference<>();
        Thread t = run("stubborn", FakeSnippet::stubborn, e);
        waitForSnippet(t);
        int[] r = CellStopper.stopCellThreads(0);
        assertEquals(1, r[0]);
        Thread.sleep(50);
        assertTrue(t.isAlive(), "it swallowed the stop, as such code does");
        // the supervisor asks again; this test only checks that each request stops it once more
        assertEquals(1, CellStopper.stopCellThreads(0)[0]);
        FakeSnippet.quit = true;
        t.join(2000);
        assertFalse(t.isAlive());
    }

    @Test
    void kernelMachineryAboveTheSnippetIsNotCut() {
        StackTraceElement kernel = new StackTraceElement("org.rapaio.jupyter.kernel.core.java.io.JShellOutputStream", "write", "X.java", 1);
        StackTraceElement io = new StackTraceElement("java.io.PrintStream", "println", "PrintStream.java", 1);
        StackTraceElement snippet = new StackTraceElement("REPL.$JShell$12", "do_it$", "#12", 1);
        StackTraceElement engine = new StackTraceElement("org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl", "x", "R.java", 1);
        StackTraceElement[] printing = {kernel, io, snippet, engine};
        StackTraceElement[] computing = {io, snippet, engine};
        assertEquals(2, CellStopper.snippetFrame(printing));
        assertFalse(CellStopper.safeToStop(printing, 2));
        assertTrue(CellStopper.safeToStop(computing, 1));
    }
}
