package backprop.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Grades submissions: each in its own fresh kernel, several at a time, with progress on the
 * terminal. A submission is only ever read; whatever goes wrong with one is written down as the
 * reason for the points it lost, and never stops the others.
 */
public final class Grader {

    /** How the reason begins for a notebook the grader could not grade: re-run those. */
    public static final String NOT_GRADED = "NOT GRADED";
    /** The exercise of a notebook that names none the grader knows. */
    static final String UNKNOWN = "(unknown)";
    private static final int START_ATTEMPTS = 3;

    private final Map<String, Exercise> exercises = new LinkedHashMap<>();
    private final KernelRunner runner;
    private final KernelRunner.Limits limits;
    private final Path work;
    private final PrintStream progress;
    /** The pause before a new try grows with each try: a loaded machine gets time to settle. */
    private long retryPauseMillis = 2000;
    /** Whose numbers each submission of a varied exercise is graded against. */
    private StudentVariants variants = StudentVariants.NONE;
    /** Each exercise's answer-key fingerprint, recorded with each grade (see {@link Provenance}). */
    private final Map<String, String> keys;
    /** The library and the JDK that grade, recorded with each grade. */
    private final String library = Provenance.thisLibrary();
    private final String jdk = Provenance.thisJdk();
    /** The gradebook folder that keeps a copy of each graded notebook, or null. */
    private Path keepIn;

    public Grader(Path solutions, KernelRunner runner, KernelRunner.Limits limits, Path work,
                  PrintStream progress) throws IOException {
        for (String name : Exercise.names(solutions)) {
            exercises.put(name, Exercise.read(solutions, name));
        }
        this.keys = Run.keys(solutions, List.copyOf(exercises.keySet()));
        this.runner = runner;
        this.limits = limits;
        this.work = work;
        this.progress = progress;
    }

    /** For tests: a shorter pause between tries. */
    Grader retryPause(long millis) {
        this.retryPauseMillis = millis;
        return this;
    }

    /** Grades every notebook found in {@code paths}, {@code jobs} at a time. */
    public List<Outcome> grade(List<Path> paths, int jobs) throws IOException, InterruptedException {
        return grade(Submissions.find(paths, exerciseNames()), jobs);
    }

    /** Grades varied exercises against each student's own numbers (see {@link StudentVariants}). */
    Grader variants(StudentVariants variants) {
        this.variants = variants;
        return this;
    }

    /** Keeps a copy of each graded notebook in the gradebook {@code dir}, for replays. */
    Grader keepingIn(Path dir) {
        this.keepIn = dir;
        return this;
    }

    /** The course's exercises, by name. */
    Map<String, Exercise> exercises() {
        return Collections.unmodifiableMap(exercises);
    }

    List<String> exerciseNames() {
        return List.copyOf(exercises.keySet());
    }

    /** Grades the notebooks found, {@code jobs} at a time. */
    List<Outcome> grade(Submissions.Found search, int jobs) throws IOException, InterruptedException {
        search.skipped().forEach(line -> progress.println("Skipped: " + line));
        List<Submissions.Submission> found = search.submissions();
        progress.println("Grading " + found.size() + " notebook" + (found.size() == 1 ? "" : "s") + ", "
                + jobs + " at a time (each cell may take " + limits.cellSeconds() + " s, each notebook "
                + limits.notebookSeconds() + " s).");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        AtomicInteger done = new AtomicInteger();
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Submissions.Submission s : found) {
            futures.add(pool.submit(() -> {
                Outcome o = gradeOne(s);
                synchronized (progress) {
                    progress.printf("[%2d/%d] %-24s %-26s %5s / %s points  (%.1f s)%n", done.incrementAndGet(),
                            found.size(), s.student(), o.exercise(), Reports.number(o.points()),
                            Reports.number(o.max()), o.seconds());
                }
                return o;
            }));
        }
        pool.shutdown();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the grader itself failed: " + e.getCause(), e.getCause());
            }
        }
        outcomes.sort(Outcome.ORDER);
        return Collections.unmodifiableList(flagTwice(outcomes));
    }

    /**
     * Outcomes with a note on each submission of a student who handed in one exercise more than
     * once, and a warning on the terminal. All of them are graded and listed; none is picked.
     */
    private List<Outcome> flagTwice(List<Outcome> outcomes) {
        Map<String, List<Outcome>> byStudent = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (!o.exercise().equals(UNKNOWN)) {
                byStudent.computeIfAbsent(o.exercise() + "\n" + o.student(), k -> new ArrayList<>()).add(o);
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            List<Outcome> same = byStudent.getOrDefault(o.exercise() + "\n" + o.student(), List.of(o));
            if (same.size() < 2) {
                out.add(o);
                continue;
            }
            List<String> files = same.stream().map(Outcome::file).toList();
            boolean two = same.size() == 2;
            String note = (two ? "two" : String.valueOf(same.size())) + " submissions for one student of one "
                    + "exercise (" + String.join(two ? " and " : ", ", files) + "): " + (two
                    ? "both are graded and listed" : "all are graded and listed") + "; the one changed last "
                    + "counts in the gradebook";
            if (same.get(0) == o) {
                progress.println("Warning: " + o.student() + " · " + o.exercise() + ": " + note);
            }
            out.add(o.withNote(note));
        }
        return out;
    }

    /** Grades one notebook; never throws for anything the notebook does. */
    Outcome gradeOne(Submissions.Submission s) throws IOException, InterruptedException {
        String file = s.shown();
        if (s.refused() != null) {
            return notRead(s, "not graded: " + s.refused());
        }
        Notebook nb;
        try {
            nb = Notebook.readSubmission(s.file());
        } catch (IllegalArgumentException e) {
            return notRead(s, "the notebook could not be read: " + e.getMessage());
        }
        String name = Submissions.exerciseOf(nb, s.file(), List.copyOf(exercises.keySet()));
        if (name == null) {
            return unknown(s, "cannot tell which exercise this is: neither its metadata nor its file "
                    + "name names one of " + exercises.keySet());
        }
        Exercise ex = exercises.get(name);
        StudentVariants.Judged judged = variants.judged(ex, nb, s.student());
        Plan plan = Plan.of(ex, nb, judged.key());
        Files.createDirectories(work);
        Path dir = Files.createTempDirectory(work, "kernel-");
        try {
            KernelRunner.Result run = runOnce(plan, dir);
            // A kernel that will not start is the machine's trouble, not the student's: try again.
            for (int attempt = 2; run.kernelFailedToStart() && attempt <= START_ATTEMPTS; attempt++) {
                synchronized (progress) {
                    progress.println("       " + s.student() + " · " + name + ": no healthy kernel, "
                            + "grading it again (" + attempt + " of " + START_ATTEMPTS + ")");
                }
                Thread.sleep(retryPauseMillis * attempt);
                run = runOnce(plan, dir);
            }
            if (run.kernelFailedToStart()) {
                return Scorer.failed(ex, s.student(), file, NOT_GRADED
                        + ": no healthy Java kernel could be started for it (not the student's doing); "
                        + "grade it again");
            }
            List<String> notes = new ArrayList<>();
            if (judged.note() != null) {
                notes.add(judged.note());
            }
            if (nb.replaced() > 0) {
                notes.add(replacementNote(nb));
            }
            if (run.replays() > 0) {
                notes.add("A cell ran too long or ended the kernel" + (run.replays() > 1 ? " (" + run.replays()
                        + " times)" : "") + ": the grader ran the cells before it again in a fresh kernel "
                        + "and went on after it.");
            }
            byte[] bytes = bytesOf(s.file());
            String sha = Provenance.sha256(bytes);
            if (keepIn != null) {
                Gradebook.keep(keepIn, sha, bytes);
            }
            return Scorer.score(plan, run, s.student(), file, notes)
                    .withReplay(new Provenance(sha, judged.seed(), library, jdk, keys.getOrDefault(name, "")));
        } finally {
            deleteTree(dir);
        }
    }

    /** A submission's bytes as graded, read as {@link Notebook#readSubmission} reads them. */
    private static byte[] bytesOf(Path file) throws IOException {
        try (var in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(Notebook.MAX_BYTES + 1);
        }
    }

    /** What the grader did with bytes of the file that are not UTF-8 text. */
    static String replacementNote(Notebook nb) {
        List<Integer> code = nb.codeCellsWithReplacements();
        String read = nb.replaced() == 1 ? "1 byte was read as " : nb.replaced() + " bytes were read as ";
        String where = code.isEmpty() ? ", in text cells only, which changes nothing"
                : "; " + (code.size() == 1 ? "code cell " : "code cells ") + code.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + " ran with " + Notebook.REPLACEMENT
                + (nb.replaced() == 1 ? " where it was" : " where they were");
        return "The file is not all UTF-8 text: " + read + Notebook.REPLACEMENT + where + ".";
    }

    /** One run; a runner that fails (not the notebook's doing) counts as a kernel that did not start. */
    private KernelRunner.Result runOnce(Plan plan, Path dir) throws InterruptedException {
        try {
            return runner.run(plan.sources(), dir, limits);
        } catch (IOException e) {
            List<KernelRunner.Cell> cells = new ArrayList<>();
            for (int i = 0; i < plan.steps().size(); i++) {
                cells.add(new KernelRunner.Cell("not-run", com.fasterxml.jackson.databind.node.JsonNodeFactory
                        .instance.arrayNode(), KernelRunner.KERNEL_DID_NOT_START + " (" + e.getMessage() + ")"));
            }
            return new KernelRunner.Result(cells, 0, 0, 0);
        }
    }

    /** A grade of 0 for a notebook that was not read, under the exercise its name suggests. */
    private Outcome notRead(Submissions.Submission s, String reason) {
        Exercise guess = guess(s.file());
        return guess == null ? unknown(s, reason) : Scorer.failed(guess, s.student(), s.shown(), reason);
    }

    private Exercise guess(Path file) {
        String name = file.getFileName().toString();
        return exercises.entrySet().stream().filter(e -> name.contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static Outcome unknown(Submissions.Submission s, String reason) {
        return new Outcome(s.student(), UNKNOWN, s.shown(), List.of(), List.of(reason), 0);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
