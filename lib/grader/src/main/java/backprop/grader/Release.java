package backprop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the students' notebooks from the instructor's: every {@code solutions/NN-topic.ipynb}
 * with its {@code NN-topic.answers.json} becomes {@code exercises/NN-topic.ipynb} (see
 * {@link Exercise} for what changes). Run by {@code ./lab release}.
 *
 * <pre>
 * release [--check] [SOLUTIONS [EXERCISES]]     (defaults: solutions exercises)
 * </pre>
 * With {@code --check} nothing is written: it lists the exercise notebooks that differ from a fresh
 * release (and exits with 1 if any do), which is how the tests keep {@code exercises/} honest.
 */
public final class Release {

    private Release() {
    }

    public static void main(String[] args) throws IOException {
        boolean check = false;
        List<String> paths = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--check")) {
                check = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: release [--check] [SOLUTIONS [EXERCISES]]");
                return;
            } else {
                paths.add(a);
            }
        }
        Path solutions = Path.of(paths.size() > 0 ? paths.get(0) : "solutions");
        Path exercises = Path.of(paths.size() > 1 ? paths.get(1) : "exercises");
        try {
            List<String> stale = run(solutions, exercises, check);
            if (check && !stale.isEmpty()) {
                System.err.println("These exercise notebooks differ from a fresh release of "
                        + solutions + ": " + String.join(", ", stale) + "\nRun ./lab release and commit.");
                System.exit(1);
            }
            if (check) {
                System.out.println("Up to date: every notebook of " + exercises + " is what a release of "
                        + solutions + " makes (" + Exercise.names(solutions).size() + " exercises).");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("release: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * The version of a released exercise: the first 12 hex digits of the SHA-256 of the notebook
     * as released (before the version is stamped in it). Stamped as {@code metadata.backprop.release},
     * it tells the grader that a submission comes from an older copy of the exercise.
     */
    static String version(String releasedJson) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(releasedJson.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    /**
     * Releases every exercise (or, with {@code checkOnly}, compares); returns the names of the
     * exercise files that were, or would be, changed, added or left over.
     */
    public static List<String> run(Path solutions, Path exercises, boolean checkOnly) throws IOException {
        if (!Files.isDirectory(solutions)) {
            throw new IllegalArgumentException("no solutions folder at " + solutions.toAbsolutePath());
        }
        List<String> names = Exercise.names(solutions);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(solutions + " holds no notebook with an answer key");
        }
        if (!checkOnly) {
            Files.createDirectories(exercises);
        }
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            String fresh = Exercise.read(solutions, name).release().toJson();
            Path target = exercises.resolve(name + ".ipynb");
            String old = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : null;
            if (!fresh.equals(old)) {
                changed.add(name + ".ipynb");
                if (!checkOnly) {
                    Files.writeString(target, fresh, StandardCharsets.UTF_8);
                }
            }
            if (!checkOnly) {
                System.out.println((fresh.equals(old) ? "unchanged " : "wrote     ") + target);
            }
        }
        if (Files.isDirectory(exercises)) {
            try (var files = Files.list(exercises)) {
                files.map(p -> p.getFileName().toString())
                        .filter(f -> f.endsWith(".ipynb") && !names.contains(f.replace(".ipynb", "")))
                        .sorted()
                        .forEach(f -> {
                            changed.add(f + " (no solution for it)");
                            System.out.println("left over " + exercises.resolve(f)
                                    + ": it has no solution notebook; delete it if it is obsolete");
                        });
            }
        }
        return changed;
    }
}
