package backprop.grader;

/**
 * What a submitted notebook may not contain: kernel magics (lines starting with {@code %}), the
 * kernel's own commands, which fetch and load code from outside the notebook. Exercises never
 * need them, and a cell with one costs the questions checked after it, with the reason in the
 * feedback.
 *
 * <p>Everything else a cell may try. What is dangerous is kept out by the operating system and
 * the JVM, not by a list of names: each submission runs in a sandbox that holds no solutions,
 * answer keys, other submissions or grades, has no network and cannot start processes
 * (tools/labtools/sandbox.py), and a guard in its JVM refuses private access by reflection and
 * native code and reports every attempt, which flags the questions after it for the instructor
 * (lib/guard).
 */
final class Policy {

    private Policy() {
    }

    /** Why a cell breaks the policy, or null. */
    static String violation(JavaSource cell) {
        if (cell.hasMagic()) {
            return "uses a kernel magic (a line starting with %), which exercises never need; "
                    + "answers checked after it are not accepted";
        }
        return null;
    }
}
