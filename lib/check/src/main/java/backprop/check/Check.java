package backprop.check;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The checks in an exercise notebook: each gives instant feedback, ✓ or ✗ with a reason, and
 * never shows the expected answer.
 *
 * <pre>{@code
 * Check.use("04-simple-network", "…");          // first cell: which exercise, and its fingerprints
 * Check.number("loss", loss);                     // a number (or several: Check.number("id", a, b, c))
 * Check.formula("sigmoid-prime", "e^(-z)/(1+e^(-z))^2");
 * Check.choice("forward-passes", "B");
 * Check.code("sigmoid-prime-code", t -> { t.check(...); t.near(...); });
 * }</pre>
 *
 * The same calls are what the grader finds in a submission: the question ids in them tell it
 * which answer belongs to which question.
 */
public final class Check {

    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    private static volatile Fingerprints current;

    private Check() {
    }

    /**
     * The first cell of a solution notebook: the checks of this exercise, from the instructor's
     * answer key {@code exercise.answers.json} in the notebook's folder. Only the instructor's
     * kernel reads answer keys (the grader module provides {@link AnswerKeys}); the release tool
     * turns this call into {@link #use(String, String)} with the key's fingerprints.
     */
    public static void use(String exercise) {
        AnswerKeys keys = ServiceLoader.load(AnswerKeys.class, Check.class.getClassLoader())
                .findFirst().orElse(null);
        if (keys == null) {
            throw new IllegalStateException("Check.use(\"" + exercise + "\") sets up the checks "
                    + "from the instructor's answer key, which only the instructor's kernel reads "
                    + "(\"Java (Backprop Lab · instructor)\"). An exercise notebook's first cell "
                    + "reads Check.use(\"" + exercise + "\", \"…fingerprints…\") instead: copy it "
                    + "again from the original notebook");
        }
        Fingerprints f = keys.fingerprints(Path.of(""), exercise);
        current = f;
        System.out.println("Checks ready for " + exercise + " (" + f.ids().size() + " questions).");
    }

    /** The first cell of an exercise notebook: the exercise and its answers' fingerprints. */
    public static void use(String exercise, String fingerprints) {
        Fingerprints f = Fingerprints.decode(fingerprints);
        if (!f.exercise().equals(exercise)) {
            throw new IllegalArgumentException("these fingerprints are for " + f.exercise()
                    + ", not " + exercise);
        }
        current = f;
        System.out.println("Checks ready for " + exercise + " (" + f.ids().size() + " questions).");
    }

    /** Checks a number answer, or several numbers given in order. */
    public static void number(String id, double... values) {
        judge(id, values == null ? null : Answer.numbers(values));
    }

    /** Checks a formula typed as text, such as {@code "e^(-z)/(1+e^(-z))^2"}. */
    public static void formula(String id, String formula) {
        judge(id, formula == null ? null : Answer.formula(formula));
    }

    /** Checks the chosen option of a multiple-choice question, such as {@code "B"}. */
    public static void choice(String id, String option) {
        judge(id, option == null ? null : Answer.choice(option));
    }

    /** Runs the test cases of a code question, each with a time limit, and shows each outcome. */
    public static void code(String id, Consumer<Cases> cases) {
        Grading.Session session = Grading.collecting(id);
        if (session != null && !Grading.enter(session)) {
            return;
        }
        Fingerprints f = current;
        int seconds = session != null ? Grading.seconds(session)
                : f != null && f.has(id) ? f.seconds(id) : 10;
        Cases suite = new Cases();
        List<Cases.Result> results;
        try {
            cases.accept(suite);
            results = suite.run(seconds, session != null && session.outOfTime);
        } catch (RuntimeException | Error e) {
            results = List.of(new Cases.Result("setting up the checks", false, Cases.explain(e)));
        }
        if (session != null) {
            Grading.leave(session, results);
        }
        long passed = results.stream().filter(Cases.Result::passed).count();
        boolean all = passed == results.size() && !results.isEmpty();
        PrintStream out = System.out;
        out.println(mark(all) + " " + id + " — " + passed + " of " + results.size() + " checks pass"
                + points(f, id, all));
        for (Cases.Result r : results) {
            out.println("   " + mark(r.passed()) + " " + r.name()
                    + (r.passed() ? "" : " — " + r.message()));
        }
        out.flush();
    }

    /**
     * Stands for an answer still to be written: {@code double loss = todo();}. It fails, clearly,
     * when the cell runs.
     */
    public static <T> T todo() {
        throw new UnsupportedOperationException("not implemented yet: replace todo() with your answer");
    }

    /** Judges an answer; a null one (a variable never given a value) is said to be missing. */
    private static void judge(String id, Answer answer) {
        if (answer == null) {
            System.out.println("✗ " + id + " — no answer: the value checked is null (was it given one?)");
            return;
        }
        Answers.record(id, answer);
        Fingerprints f = current;
        if (f == null) {
            System.out.println("? " + id + " — answer noted, but the checks are not set up: run the "
                    + "first code cell of the notebook (Check.use…), then this one again");
            return;
        }
        if (!f.has(id)) {
            System.out.println("? " + id + " — this exercise has no question with that id; its "
                    + "questions are " + f.ids());
            return;
        }
        Verdict v = f.judge(id, answer);
        String message = v.isRight() ? "right" : v.message();
        System.out.println(mark(v.isRight()) + " " + id + " — " + message + points(f, id, v.isRight()));
        System.out.flush();
    }

    private static String points(Fingerprints f, String id, boolean right) {
        if (f == null || !f.has(id) || !right) {
            return "";
        }
        double p = f.points(id);
        return " (" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p))
                + (p == 1 ? " point)" : " points)");
    }

    private static String mark(boolean ok) {
        return ok ? GREEN + "✓" + RESET : RED + "✗" + RESET;
    }

    /** For tests: forget the fingerprints in use. */
    static void reset() {
        current = null;
    }

}
