package backprop.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A new version of the installed course, as the instructor's next install-course would bring:
 * an exercise the student has edited changes, a lecture the student never touched changes, and
 * an exercise is added. {@link #undo} puts the installed course back as it was.
 */
final class CourseUpdate {

    static final Path COURSE = Hub.PREFIX.resolve("course");
    static final String NEW_EXERCISE = "09-hub-test-update.ipynb";
    private static final String EDITED = "exercises/03-activations.ipynb";
    private static final String UNTOUCHED = "notebooks/01-gradient-descent.ipynb";
    private static final String REVISED = " (revised)";
    private final Map<Path, byte[]> saved = new LinkedHashMap<>();

    void apply() throws IOException {
        revise(EDITED, "# Exercise 03 · Activations and their slopes");
        revise(UNTOUCHED, "# 01 · Gradient descent");
        Files.copy(COURSE.resolve("exercises/01-gradient-descent.ipynb"), COURSE.resolve("exercises").resolve(NEW_EXERCISE));
    }

    private void revise(String file, String heading) throws IOException {
        Path path = COURSE.resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        assertTrue(text.contains(heading), file + " has the heading " + heading);
        saved.put(path, Files.readAllBytes(path));
        Files.writeString(path, text.replace(heading, heading + REVISED), StandardCharsets.UTF_8);
    }

    /** What the student's next server start made of it, by the merge rules of course-sync. */
    void assertReached(Path home, String student, String answer) throws IOException {
        Path mine = home.resolve("backprop-lab");
        String edited = Files.readString(mine.resolve(EDITED), StandardCharsets.UTF_8);
        assertTrue(edited.contains(answer), "the student's edited exercise is kept");
        assertFalse(edited.contains(REVISED), "the course's new version did not overwrite it");
        assertTrue(Files.readString(mine.resolve(UNTOUCHED), StandardCharsets.UTF_8).contains(REVISED),
                "a lecture the student never changed is updated");
        Path added = mine.resolve("exercises").resolve(NEW_EXERCISE);
        assertTrue(Files.isRegularFile(added), "the new exercise is added");
        assertEquals(student, Files.getOwner(added).getName(), "added by the student's own server, as the student");
    }

    void undo() {
        try {
            for (Map.Entry<Path, byte[]> e : saved.entrySet()) {
                Files.write(e.getKey(), e.getValue());
            }
            Files.deleteIfExists(COURSE.resolve("exercises").resolve(NEW_EXERCISE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
