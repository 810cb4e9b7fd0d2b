package backprop.grader;

import backprop.check.AnswerKeys;
import backprop.check.Fingerprints;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The answer keys of the instructor's kernel: {@code Check.use("NN-topic")} in a solution
 * notebook reads {@code NN-topic.answers.json} beside it through this (a Java service of the
 * grader module, which a student's kernel does not have).
 */
public final class InstructorKeys implements AnswerKeys {

    @Override
    public Fingerprints fingerprints(Path folder, String exercise) {
        Path key = folder.resolve(exercise + ".answers.json");
        if (!Files.exists(key)) {
            throw new IllegalStateException("Check.use(\"" + exercise + "\") reads the answer key "
                    + key.toAbsolutePath() + ", which is not there: an exercise notebook's first "
                    + "cell should hold Check.use(\"" + exercise + "\", \"…fingerprints…\")");
        }
        return KeyFingerprints.of(AnswerKey.read(key));
    }
}
