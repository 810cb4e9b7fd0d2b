package backprop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./lab grade SUBMISSION…}: grades notebooks (files, or folders of them) and writes the
 * grades and the feedback pages (see {@link Reports}).
 *
 * <pre>
 * grade [--out DIR] [--jobs N] [--cell-seconds S] [--notebook-seconds S] [--solutions DIR]
 *       [--python PYTHON] SUBMISSION…
 * </pre>
 */
public final class Grade {

    private Grade() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path out = Path.of("build/grades");
        Path solutions = Path.of("solutions");
        String python = ".venv/bin/python";
        int jobs = 2;
        int cellSeconds = 30;
        int notebookSeconds = 180;
        List<Path> submissions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--solutions" -> solutions = Path.of(value(args, ++i, a));
                case "--python" -> python = value(args, ++i, a);
                case "--jobs" -> jobs = number(value(args, ++i, a), a);
                case "--cell-seconds" -> cellSeconds = number(value(args, ++i, a), a);
                case "--notebook-seconds" -> notebookSeconds = number(value(args, ++i, a), a);
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    if (a.startsWith("--")) {
                        fail("unknown option " + a);
                    }
                    submissions.add(Path.of(a));
                }
            }
        }
        if (submissions.isEmpty()) {
            usage();
            System.exit(2);
        }
        try {
            Reports.checkOutput(out); // before grading: a folder that is not the grader's is refused
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
        // The project's folder (./lab passes it): where tools/ and the kernelspec are.
        Path root = Path.of(System.getProperty("lab.root", "")).toAbsolutePath();
        Path work = Files.createTempDirectory("backprop-grading-");
        int status = 0;
        try (LabKernelRunner runner = LabKernelRunner.forProject(root, python)) {
            Grader grader = new Grader(solutions, runner,
                    new KernelRunner.Limits(cellSeconds, notebookSeconds, 3), work, System.out);
            long t0 = System.nanoTime();
            List<Outcome> outcomes = grader.grade(submissions, jobs);
            Reports.write(out, outcomes);
            System.out.printf("Graded %d notebook%s in %.1f s. Grades: %s, %s; feedback pages: %s%n",
                    outcomes.size(), outcomes.size() == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9,
                    out.resolve("grades.csv"), out.resolve("grades.json"), out.resolve("feedback"));
            if (Files.isDirectory(Reports.previous(out))) {
                System.out.println("The run before is kept in " + Reports.previous(out) + ".");
            }
            List<String> notGraded = outcomes.stream()
                    .filter(o -> o.notes().stream().anyMatch(n -> n.startsWith(Grader.NOT_GRADED)))
                    .map(o -> o.file()).toList();
            if (!notGraded.isEmpty()) {
                System.err.println("grade: " + notGraded.size() + " notebook(s) could not be graded "
                        + "(no healthy kernel); grade them again: " + String.join(" ", notGraded));
                status = 3;
            }
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        } finally {
            Files.deleteIfExists(work);
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String s, String option) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        fail(option + " needs a positive whole number, got " + s);
        return 0;
    }

    private static void usage() {
        System.out.println("usage: ./lab grade [--out DIR] [--jobs N] [--cell-seconds S] "
                + "[--notebook-seconds S] SUBMISSION…\n"
                + "  SUBMISSION: a notebook, or a folder of them (alice/04-simple-network.ipynb or "
                + "04-simple-network-alice.ipynb)");
    }

    private static void fail(String message) {
        System.err.println("grade: " + message);
        System.exit(2);
    }
}
