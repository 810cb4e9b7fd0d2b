package backprop.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code ./lab grade}: grades notebooks (files, or folders of them), writes the run's grades and
 * feedback pages (see {@link Reports}) and enters the grades into the course's {@link Gradebook}.
 *
 * <pre>
 * grade [--out DIR] [--jobs N] [--cell-seconds S] [--notebook-seconds S] [--solutions DIR]
 *       [--python PYTHON] [--roster CSV] [--gradebook DIR | --no-gradebook] [--shard i/N] SUBMISSION…
 * grade --merge [--out DIR] [--roster CSV] [--gradebook DIR | --no-gradebook] SHARD_OUT…
 * </pre>
 * With {@code --shard i/N} only the i-th of N slices of the class is graded (see {@link Shard})
 * and nothing is entered: {@code --merge} joins the shards' output folders into one run's and
 * enters that. Exit status: 0 done, 2 bad arguments, 3 some notebooks could not be graded (no
 * healthy kernel: grade them again), 4 nothing to grade was found (nothing changed).
 */
public final class Grade {

    private Grade() {
    }

    /** The command line, read. */
    private record Options(Path out, Path solutions, String python, int jobs, int cellSeconds,
                           int notebookSeconds, Path roster, Path gradebook, Shard shard, boolean merge,
                           List<Path> paths, String replay) {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Options o;
        Roster roster;
        try {
            o = options(args);
            roster = o.roster() == null ? null : Roster.read(o.roster());
            Reports.checkOutput(o.out()); // before grading: a folder that is not the grader's is refused
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        } catch (IOException e) {
            fail("cannot read " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (o.replay() != null) {
            try {
                System.exit(replayed(o, roster) ? 0 : 5);
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
            return;
        }
        int status = 0;
        try {
            Run.Graded run = o.merge() ? merged(o) : graded(o, roster);
            if (run == null) {
                System.exit(4);
            }
            Reports.write(o.out(), run.outcomes(), Map.of("run.json", run.run().json()));
            System.out.println("Grades: " + o.out().resolve("grades.csv") + ", " + o.out().resolve("grades.json")
                    + "; feedback pages: " + o.out().resolve("feedback"));
            if (Files.isDirectory(Reports.previous(o.out()))) {
                System.out.println("The run before is kept in " + Reports.previous(o.out()) + ".");
            }
            if (run.run().of() > 1) {
                System.out.println("Shard " + run.run().shard() + "/" + run.run().of() + " graded; enter the "
                        + "shards into the gradebook with ./lab grade --merge and their output folders.");
            } else if (o.gradebook() != null) {
                enter(o.gradebook(), run, roster);
            }
            List<String> notGraded = run.outcomes().stream()
                    .filter(x -> x.notes().stream().anyMatch(n -> n.startsWith(Grader.NOT_GRADED)))
                    .map(Outcome::file).toList();
            if (!notGraded.isEmpty()) {
                System.err.println("grade: " + notGraded.size() + " notebook(s) could not be graded "
                        + "(no healthy kernel); grade them again: " + String.join(" ", notGraded));
                status = 3;
            }
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Grades the submissions of this shard; null (after saying so) when there is nothing to grade. */
    private static Run.Graded graded(Options o, Roster roster) throws IOException, InterruptedException {
        // The project's folder (./lab passes it): where tools/ and the kernelspec are.
        Path root = Path.of(System.getProperty("lab.root", "")).toAbsolutePath();
        Path work = Files.createTempDirectory("backprop-grading-");
        try (LabKernelRunner runner = LabKernelRunner.forProject(root, o.python())) {
            Grader grader = new Grader(o.solutions(), runner,
                    new KernelRunner.Limits(o.cellSeconds(), o.notebookSeconds(), 3), work, System.out)
                    .variants(new StudentVariants(Secret.read(Secret.file(root)), roster));
            if (o.gradebook() != null && o.shard().count() == 1) { // the run that enters its grades
                grader.keepingIn(o.gradebook());
            }
            Submissions.Named named = Submissions.find(o.paths(), grader.exerciseNames(), roster);
            List<Submissions.Submission> mine = named.found().submissions().stream()
                    .filter(s -> o.shard().has(s.student())).toList();
            if (named.found().submissions().isEmpty()) {
                System.err.println("grade: no notebook (.ipynb) found in " + o.paths()
                        + ": nothing was graded, and the gradebook is unchanged");
                return null;
            }
            Map<String, Long> files = new TreeMap<>();
            mine.forEach(s -> files.put(s.shown(), Matching.modified(s.file())));
            Map<String, Long> found = new TreeMap<>();
            named.found().submissions().forEach(s -> found.put(s.shown(), Matching.modified(s.file())));
            List<String> unmatched = mine.stream().map(Submissions.Submission::shown)
                    .filter(named.unmatched()::contains).toList();
            if (o.shard().count() > 1) {
                System.out.println("Shard " + o.shard() + ": " + mine.size() + " of the "
                        + named.found().submissions().size() + " notebooks found.");
            }
            long t0 = System.nanoTime();
            List<Outcome> outcomes = grader.grade(new Submissions.Found(mine, named.found().skipped()), o.jobs());
            System.out.printf("Graded %d notebook%s in %.1f s.%n", outcomes.size(), outcomes.size() == 1 ? "" : "s",
                    (System.nanoTime() - t0) / 1e9);
            Run run = new Run(o.shard().index(), o.shard().count(), Run.keys(o.solutions(), grader.exerciseNames()),
                    Run.roster(o.roster()), Run.found(found), files, unmatched);
            return new Run.Graded(o.out(), run, outcomes);
        } finally {
            Files.deleteIfExists(work);
        }
    }

    /** Replays a student's grades (see {@link Replay}); true when each came out the same. */
    private static boolean replayed(Options o, Roster roster) throws IOException, InterruptedException {
        if (o.gradebook() == null) {
            throw new IllegalArgumentException("--replay reads the gradebook: give --gradebook DIR");
        }
        Path root = Path.of(System.getProperty("lab.root", "")).toAbsolutePath();
        Path work = Files.createTempDirectory("backprop-replay-");
        try (LabKernelRunner runner = LabKernelRunner.forProject(root, o.python())) {
            Grader grader = new Grader(o.solutions(), runner,
                    new KernelRunner.Limits(o.cellSeconds(), o.notebookSeconds(), 3), work.resolve("kernels"), System.out)
                    .variants(new StudentVariants(Secret.read(Secret.file(root)), roster));
            return Replay.run(o.gradebook(), o.replay(), grader, work.resolve("submissions"), System.out);
        } finally {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Run.Graded merged(Options o) throws IOException {
        List<Run.Graded> shards = new ArrayList<>();
        for (Path p : o.paths()) {
            shards.add(Run.read(p));
        }
        Run.Graded merged = Run.merge(shards);
        // Who is whose, and who is not on the roster, was settled by the shards' roster.
        String roster = Run.roster(o.roster());
        if (!merged.run().roster().equals(roster)) {
            throw new IllegalArgumentException(merged.run().roster().isEmpty()
                    ? "the shards were graded without a roster: merge them without --roster, or grade them "
                    + "again with it"
                    : roster.isEmpty() ? "the shards were graded with a roster: give the merge the same --roster"
                    : "the shards were graded with another roster than " + o.roster()
                    + ": give the merge the shards' --roster");
        }
        System.out.println("Merged " + shards.size() + " shards: " + merged.outcomes().size() + " notebooks.");
        return merged;
    }

    /** Enters a whole run (one run over everything, or the merged shards) into the gradebook. */
    private static void enter(Path dir, Run.Graded graded, Roster roster) throws IOException {
        Run run = graded.run();
        Matching.Result r = Matching.entries(graded.outcomes(), run.files(), new TreeSet<>(run.unmatched()),
                roster, run.keys(), Instant.now().toString());
        Gradebook.Changes c = Gradebook.open(dir).enter(r.entries(), Instant.now().toString());
        int unchanged = r.entries().size() - c.added().size() - c.replaced().size();
        System.out.println("Gradebook " + dir + ": " + c.added().size() + " added, " + c.replaced().size()
                + " replaced (the grades they replace are kept in history.jsonl), " + unchanged + " unchanged.");
        r.notEntered().forEach(line -> System.out.println("  not entered: " + line));
        r.missing().forEach(line -> System.out.println("  missing: " + line));
    }

    private static Options options(String[] args) {
        Path out = Path.of("build/grades");
        Path solutions = Path.of("solutions");
        String python = ".venv/bin/python";
        int jobs = 2;
        int cellSeconds = 30;
        int notebookSeconds = 180;
        Path roster = null;
        Path gradebook = null;
        Shard shard = Shard.ALL;
        boolean merge = false;
        String replay = null;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--solutions" -> solutions = Path.of(value(args, ++i, a));
                case "--python" -> python = value(args, ++i, a);
                case "--jobs" -> jobs = number(value(args, ++i, a), a);
                case "--cell-seconds" -> cellSeconds = number(value(args, ++i, a), a);
                case "--notebook-seconds" -> notebookSeconds = number(value(args, ++i, a), a);
                case "--roster" -> roster = Path.of(value(args, ++i, a));
                case "--gradebook" -> gradebook = Path.of(value(args, ++i, a));
                case "--no-gradebook" -> gradebook = null;
                case "--shard" -> shard = Shard.parse(value(args, ++i, a));
                case "--merge" -> merge = true;
                case "--replay" -> replay = value(args, ++i, a);
                case "-h", "--help" -> {
                    usage();
                    System.exit(0);
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    paths.add(Path.of(a));
                }
            }
        }
        if (paths.isEmpty() && replay == null) {
            usage();
            System.exit(2);
        }
        if (merge && shard.count() > 1) {
            throw new IllegalArgumentException("--merge joins shards: it takes no --shard");
        }
        return new Options(out, solutions, python, jobs, cellSeconds, notebookSeconds, roster, gradebook, shard,
                merge, paths, replay);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
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
        throw new IllegalArgumentException(option + " needs a positive whole number, got " + s);
    }

    private static void usage() {
        System.out.println("usage: ./lab grade [--out DIR] [--jobs N] [--cell-seconds S] [--notebook-seconds S]\n"
                + "                   [--roster CSV] [--gradebook DIR | --no-gradebook] [--shard i/N] SUBMISSION…\n"
                + "       ./lab grade --merge [--out DIR] [--roster CSV] [--gradebook DIR] SHARD_OUT…\n"
                + "       ./lab grade --replay STUDENT [--roster CSV]   (each of a student's grades made again)\n"
                + "  SUBMISSION: a notebook, or a folder of them (alice/04-simple-network.ipynb, "
                + "04-simple-network-alice.ipynb,\n  Canvas's and Moodle's downloads)");
    }

    private static void fail(String message) {
        System.err.println("grade: " + message);
        System.exit(2);
    }
}
