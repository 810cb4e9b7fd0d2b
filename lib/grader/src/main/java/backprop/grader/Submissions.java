package backprop.grader;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the notebooks to grade among files and folders, and names each one's student from where it
 * lies and how it is named ({@link Claim}: a folder per student, a name after the exercise's,
 * Canvas's and Moodle's downloads, JupyterLab's copies), matched to the roster when there is one.
 *
 * <p>Only regular files are read. A symbolic link, a named pipe or a device named like a notebook
 * is listed with the reason it is not graded, and never opened; a symbolic link to a folder is not
 * followed. The folders named on the command line are the instructor's and are taken as they are
 * (one of them may be a link).
 */
final class Submissions {

    /**
     * One notebook to grade: whose it is, the file, how reports name it ({@code shown}: its path
     * from the folder named on the command line, that folder's name first, or the file's name when
     * the file itself was named), and {@code refused}, why it is not read at all (null for a
     * regular file). Reports never show the full path, which is the grading machine's business.
     */
    record Submission(String student, Path file, String shown, String refused) {
    }

    /** The notebooks found, and what was passed over on the way (one line each, for the terminal). */
    record Found(List<Submission> submissions, List<String> skipped) {
    }

    private Submissions() {
    }

    static Found find(List<Path> paths, List<String> exercises) throws IOException {
        return find(paths, exercises, null).found();
    }

    /**
     * The notebooks found, each named after its student: with a roster, the roster's login of the
     * student its {@link Claim} matches; {@code unmatched} lists (by {@code shown}) those that
     * match nobody, which keep the name they claim.
     */
    record Named(Found found, java.util.Set<String> unmatched) {
    }

    static Named find(List<Path> paths, List<String> exercises, Roster roster) throws IOException {
        Found plain = findAll(paths, exercises);
        java.util.Set<String> unmatched = new java.util.TreeSet<>();
        List<Submission> named = new ArrayList<>();
        for (Submission s : plain.submissions()) {
            String student = Matching.student(Claim.of(s.file(), exercises), roster);
            if (student == null) {
                unmatched.add(s.shown());
                student = Matching.student(Claim.of(s.file(), exercises), null);
            }
            named.add(new Submission(student, s.file(), s.shown(), s.refused()));
        }
        return new Named(new Found(named, plain.skipped()), unmatched);
    }

    private static Found findAll(List<Path> paths, List<String> exercises) throws IOException {
        Set<Path> seen = new LinkedHashSet<>(); // a file named twice on the command line is graded once
        List<Submission> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                Path folder = Files.isSymbolicLink(p) ? p.toRealPath() : p;
                String name = nameOf(p);
                for (Path f : notebooksIn(folder, skipped)) {
                    String shown = folder.relativize(f).toString().replace('\\', '/');
                    add(f, name.isEmpty() ? shown : name + "/" + shown, exercises, seen, out);
                }
            } else if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!p.getFileName().toString().endsWith(".ipynb")) {
                    throw new IllegalArgumentException(p + " is not a notebook: name .ipynb files, or folders of them");
                }
                add(p, nameOf(p), exercises, seen, out);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + p);
            }
        }
        return new Found(out, skipped);
    }

    private static void add(Path file, String shown, List<String> exercises, Set<Path> seen,
                            List<Submission> out) throws IOException {
        if (seen.add(file.toAbsolutePath().normalize())) {
            out.add(new Submission(student(file, exercises), file, shown, refusal(file)));
        }
    }

    /** The last part of a path as given ("." and "" are the current folder's name). */
    private static String nameOf(Path p) {
        Path name = p.toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    /** The files named *.ipynb under a folder, in order, without following a symbolic link. */
    private static List<Path> notebooksIn(Path folder, List<String> skipped) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".ipynb_checkpoints")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().endsWith(".ipynb")) {
                    found.add(file);
                } else if (attrs.isSymbolicLink() && Files.isDirectory(file)) {
                    skipped.add(folder.relativize(file) + " is a symbolic link to a folder: not followed");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                skipped.add(folder.relativize(file) + " could not be read: "
                        + e.getClass().getSimpleName());
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    /** Why a file is not read at all (it is not a regular file), or null. */
    static String refusal(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String name = file.getFileName().toString();
        if (a.isSymbolicLink()) {
            return name + " is a symbolic link; submit the notebook file itself";
        }
        if (a.isDirectory()) {
            return name + " is a folder, not a notebook file";
        }
        if (!a.isRegularFile()) {
            return name + " is not a regular file (a named pipe or a device); submit the notebook file itself";
        }
        return null;
    }

    /** The student a file claims to be (see {@link Claim}), without a roster. */
    static String student(Path file, List<String> exercises) {
        return Matching.student(Claim.of(file, exercises), null);
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
