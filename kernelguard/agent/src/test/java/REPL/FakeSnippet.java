package REPL;

/** Stands in for a JShell snippet class (JShell puts every snippet into package REPL). */
public final class FakeSnippet {
    public static volatile long sink;
    public static volatile boolean quit;

    private FakeSnippet() {
    }

    public static void spin() {
        while (true) {
            sink++;
        }
    }

    public static void sleepLoop() throws InterruptedException {
        while (true) {
            Thread.sleep(20);
        }
    }

    /** A snippet that swallows everything, ThreadDeath too, then goes on. */
    public static void stubborn() {
        while (!quit) {
            try {
                while (!quit) {
                    sink++;
                }
            } catch (Throwable t) {
                sink = -1;
            }
        }
    }
}
