package backprop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the notebooks to grade among files and folders, and names each one's student: the file's
 * name without ".ipynb" — or, when the file is named after an exercise (alice/04-simple-network.ipynb),
 * the folder it is in.
 */
final class Submissions {

    /** One notebook to grade. */
    record Submission(String student, Path file) {
    }

    private Submissions() {
    }

    static List<Submission> find(List<Path> paths, List<String> exercises) throws IOException {
        List<Submission> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    files.filter(f -> f.toString().endsWith(".ipynb") && Files.isRegularFile(f))
                            .filter(f -> !f.toString().contains(".ipynb_checkpoints"))
                            .sorted()
                            .forEach(f -> out.add(new Submission(student(f, exercises), f)));
                }
            } else if (Files.isRegularFile(p)) {
                out.add(new Submission(student(p, exercises), p));
            } else {
                throw new IllegalArgumentException("no such file or folder: " + p);
            }
        }
        return out;
    }

    static String student(Path file, List<String> exercises) {
        String stem = file.getFileName().toString().replaceFirst("\\.ipynb$", "");
        for (String ex : exercises) {
            if (stem.equals(ex) && file.toAbsolutePath().getParent() != null) {
                return file.toAbsolutePath().getParent().getFileName().toString();
            }
            if (stem.contains(ex)) {
                String rest = stem.replace(ex, "").replaceAll("^[-_ .]+|[-_ .]+$", "");
                if (!rest.isEmpty()) {
                    return rest;
                }
            }
        }
        return stem;
    }

    /** Which exercise a notebook is: its metadata, else its file name. Null if neither tells. */
    static String exerciseOf(Notebook nb, Path file, List<String> exercises) {
        String meta = nb.metadata().path("backprop").path("exercise").asText("");
        if (exercises.contains(meta)) {
            return meta;
        }
        String name = file.getFileName().toString();
        for (String ex : exercises) {
            if (name.contains(ex)) {
                return ex;
            }
        }
        return null;
    }
}
