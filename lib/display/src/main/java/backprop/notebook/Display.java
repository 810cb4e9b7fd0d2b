package backprop.notebook;

import java.io.PrintStream;

/**
 * Where {@link Show#show} sends what it rendered: the display of the Jupyter kernel the code runs
 * in, or, outside a kernel, standard output as plain text.
 */
interface Display {

    /** Puts the bundle under the current cell (or prints its text). */
    void send(MimeBundle bundle);

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
