package backprop.notebook;

import java.io.PrintStream;

/**
 * Where {@link Show#show} sends what it rendered: the display of the Jupyter kernel the code runs
 * in, or, outside a kernel, standard output as plain text.
 */
interface Display {

    /** Puts the bundle under the current cell (or prints its text). */
    void send(MimeBundle bundle);

    /**
     * Puts the bundle under the current cell as a display that {@link #update} can replace later,
     * known by {@code displayId} (Jupyter's display_data with a display_id). A display that cannot
     * update puts it there like {@link #send(MimeBundle)}.
     */
    default void send(MimeBundle bundle, String displayId) {
        send(bundle);
    }

    /**
     * Replaces the display sent with this id by the bundle, in place (Jupyter's
     * update_display_data). Only called when {@link #updatesInPlace()}.
     */
    default void update(MimeBundle bundle, String displayId) {
        throw new UnsupportedOperationException(describe() + " cannot update a display in place");
    }

    /** Whether {@link #update} can replace a display in place. */
    default boolean updatesInPlace() {
        return false;
    }

    /** A short description for messages: "rapaio-jupyter-kernel", "text on standard output". */
    String describe();

    /** The display to use here and now: the running kernel's, else plain text. */
    static Display find() {
        Display kernel = KernelDisplays.find();
        return kernel != null ? kernel : new TextDisplay(System.out);
    }

    /** Plain text on a stream: how {@code show} behaves in a test, in JShell or in a program. */
    record TextDisplay(PrintStream out) implements Display {
        @Override
        public void send(MimeBundle bundle) {
            out.println(bundle.text());
        }

        @Override
        public String describe() {
            return "text on standard output";
        }
    }
}
