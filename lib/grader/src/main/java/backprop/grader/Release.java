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
 * release --roster CSV [--out DIR] [--secret FILE] [SOLUTIONS]
 * </pre>
 * With {@code --check} nothing is written: it lists the exercise notebooks that differ from a fresh
 * release (and exits with 1 if any do), which is how the tests keep {@code exercises/} honest.
 * {@code exercises/} always has the course's own numbers. With {@code --roster}, every student of
 * the roster gets a folder {@code DIR/LOGIN/} (default DIR: build/release) with every exercise,
 * the varied ones with that student's own numbers and their fingerprints (see {@link Variants};
 * the secret is {@link Secret}'s).
 */
public final class Release {

    private Release() {
    }

    public static void main(String[] args) throws IOException {
        boolean check = false;
        Path roster = null;
        Path out = Path.of("build/release");
        Path secretFile = Secret.file(Path.of(""));
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--check")) {
                check = true;
            } else if (a.equals("--roster") || a.equals("--out") || a.equals("--secret")) {
                if (i + 1 >= args.length) {
                    System.err.println("release: " + a + " needs a value");
                    System.exit(2);
                }
                Path value = Path.of(args[++i]);
                switch (a) {
                    case "--roster" -> roster = value;
                    case "--out" -> out = value;
                    default -> secretFile = value;
                }
            } else if (a.equals("-h") || a.equals("--help")) {
                System.out.println("usage: release [--check] [SOLUTIONS [EXERCISES]]\n"
                        + "       release --roster CSV [--out DIR] [--secret FILE] [SOLUTIONS]");
                return;
            } else {
                paths.add(a);
            }
        }
        Path solutions = Path.of(paths.size() > 0 ? paths.get(0) : "solutions");
        Path exercises = Path.of(paths.size() > 1 ? paths.get(1) : "exercises");
        try {
            if (roster != null) {
                perStudent(solutions, Roster.read(roster), Secret.readOrCreate(secretFile), out);
                return;
            }
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
            Exercise exercise = Exercise.read(solutions, name);
            if (exercise.key().isVaried()) { // a key whose ranges give no valid variant fails here, with why
                exercise.key().variants().draw(Variants.seed("a trial", name, "a student"), exercise.key());
            }
            String fresh = exercise.release().toJson();
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

    /**
     * Every student's copy of every exercise: {@code out/LOGIN/NAME.ipynb}, a varied exercise with
     * the student's own numbers. Returns how many notebooks were written.
     */
    static int perStudent(Path solutions, Roster roster, String secret, Path out) throws IOException {
        if (roster.students().isEmpty()) {
            throw new IllegalArgumentException("the roster lists no student");
        }
        List<Exercise> exercises = new ArrayList<>();
        for (String name : Exercise.names(solutions)) {
            exercises.add(Exercise.read(solutions, name));
        }
        int written = 0;
        for (Roster.Student s : roster.students()) {
            Path folder = out.resolve(Reports.safe(s.login()));
            Files.createDirectories(folder);
            for (Exercise ex : exercises) {
                Variants.Variant v = ex.key().isVaried()
                        ? ex.key().variants().draw(Variants.seed(secret, ex.name(), s.login()), ex.key()) : null;
                Files.writeString(folder.resolve(ex.name() + ".ipynb"), ex.release(v).toJson(), StandardCharsets.UTF_8);
                written++;
            }
        }
        int students = roster.students().size();
        System.out.println("wrote " + written + " notebooks for " + students + (students == 1 ? " student" : " students") + " into "
                + out + " (one folder per login; the varied exercises hold each student's own numbers)");
        return written;
    }
}
