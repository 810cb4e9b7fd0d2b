package backprop.grader;

import java.nio.file.Path;

/** The project's folders the grader's tests read: the instructor's solutions and the released exercises. */
final class Project {

    private Project() {
    }

    /** The project's root: two folders up from this module (lib/grader). */
    static final Path ROOT = Path.of("../..");

    static final Path SOLUTIONS = ROOT.resolve("solutions");
    static final Path EXERCISES = ROOT.resolve("exercises");
}
