package backprop.check;

import java.nio.file.Path;

/**
 * Where {@link Check#use(String)} finds an exercise's fingerprints in a solution notebook: in the
 * instructor's answer key beside it. The grader module provides the one implementation (as a
 * Java service, {@code META-INF/services}), and only the instructor's kernel has the grader on
 * its classpath: a student's kernel cannot read answer keys at all.
 */
public interface AnswerKeys {

    /**
     * The fingerprints of {@code exercise.answers.json} in this folder; fails with a message
     * that says what is missing or wrong in it.
     */
    Fingerprints fingerprints(Path folder, String exercise);
}
