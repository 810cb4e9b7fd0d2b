package backprop.check;

import backprop.Matrix;
import backprop.Network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The test cases of a code question, collected by {@link Check#code} and then run one by one,
 * each on its own thread with a time limit, so that an endless loop or a crash costs that case only.
 *
 * <pre>{@code
 * Check.code("sigmoid-prime", t -> {
 *     t.check("σ'(0) is a quarter", () -> assertEquals(0.25, sigmoidPrime(0), 1e-12));
 *     t.near("σ'(2)", () -> sigmoidPrime(2), 0.10499358540350652, 1e-9)
 *      .mistake(0.8807970779778823, "that is σ(2) itself, not its slope");
 * });
 * }</pre>
 *
 * A failing case says what was checked and, where the author foresaw the mistake, what is wrong;
 * it never prints the expected value (JUnit's "expected: &lt;…&gt; but was: &lt;…&gt;" is cut off).
 */
public final class Cases {

    /** One case's outcome. Only the check runtime makes them: a cell cannot make up a result. */
    public static final class Result {
        private final String name;
        private final boolean passed;
        private final String message;
        private boolean timedOut;

        Result(String name, boolean passed, String message) {
            this.name = name;
            this.passed = passed;
            this.message = message;
        }

        /** The case's name, as its author wrote it. */
        public String name() {
            return name;
        }

        /** Whether the case passed. */
        public boolean passed() {
            return passed;
        }

        /** Why it failed (what is wrong, or that it ran out of time or was not run); "" when it passed. */
        public String message() {
            return message;
        }
    }

    /** A case comparing a value with the expected one, to which foreseen mistakes can be added. */
    public static final class Near {
        private final List<Object> wrongs = new ArrayList<>();
        private final List<String> feedback = new ArrayList<>();

        /** If the student's value is (close to) {@code wrong}, say {@code message} instead of "not right". */
        public Near mistake(Object wrong, String message) {
            wrongs.add(wrong);
            feedback.add(message);
            return this;
        }
    }

    /** The body of a case: any code, typically JUnit assertions; it passes if it returns normally. */
    @FunctionalInterface
    public interface Body {
        /** Runs the case's code; any exception or failed assertion fails the case. */
        void run() throws Throwable;
    }

    private record Case(String name, Body body) {
    }

    /** A backpropagation written in an exercise: it fills {@code s} for the example x, y. */
    @FunctionalInterface
    public interface Backprop {
        /** Runs the student's backpropagation of the example x, y through net, filling s. */
        void run(Network net, Matrix x, Matrix y, Steps s);
    }

    /** A gradient-descent step written in an exercise: the new w from a mini-batch's ∂C/∂w. */
    @FunctionalInterface
    public interface Update {
        /** The student's new w from w, each example's ∂C/∂w and the learning rate η. */
        Matrix run(Matrix w, List<Matrix> nablas, double eta);
    }

    private final List<Case> cases = new ArrayList<>();

    Cases() {
    }

    /** A case that passes when {@code body} returns normally, e.g. a few JUnit assertions. */
    public void check(String name, Body body) {
        cases.add(new Case(name, body));
    }

    /**
     * A case that passes when the value {@code actual} computes is within {@code tolerance} of
     * {@code expected}, entry by entry. Values can be numbers, {@code double[]} or {@link Matrix}.
     */
    public Near near(String name, Supplier<?> actual, Object expected, double tolerance) {
        Near near = new Near();
        cases.add(new Case(name, () -> {
            Object value = actual.get();
            String problem = Closeness.problem(value, expected, tolerance);
            if (problem == null) {
                return;
            }
            for (int i = 0; i < near.wrongs.size(); i++) {
                if (Closeness.problem(value, near.wrongs.get(i), tolerance) == null) {
                    throw new Feedback(near.feedback.get(i));
                }
            }
            throw new Feedback(problem);
        }));
        return near;
    }

    /**
     * Cases that check a backpropagation equation by equation on one network (sigmoid layers, the
     * quadratic cost) and one example: the forward pass, BP1, BP2, BP3, BP4 (each on the student's
     * own values of what it reads), and the gradients against finite differences. Each case's name
     * starts with its equation ("BP2: …"), by which an answer key can give points per equation.
     */
    public void backprop(String network, Network net, Matrix x, Matrix y, Backprop student) {
        Diagnosis.backprop(this, network, net, x, y, student);
    }

    /** A case that checks a mini-batch's update w ← w − (η/m) Σ ∂C/∂w ("update: …"). */
    public void update(String what, Matrix w, List<Matrix> nablas, double eta, Update student) {
        if (nablas == null || nablas.isEmpty()) {
            throw new IllegalArgumentException("update needs the ∂C/∂w of at least one example");
        }
        Diagnosis.update(this, what, w, nablas, eta, student);
    }

    int size() {
        return cases.size();
    }

    /**
     * Runs the cases in order, each on its own thread for at most {@code seconds}. Once one runs
     * out of time (or {@code outOfTime}: an earlier check of the question did), the others are not
     * run: an endless loop costs its time limit once, not once per case.
     */
    List<Result> run(int seconds, boolean outOfTime) {
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            if (outOfTime) {
                results.add(new Result(c.name(), false, NOT_RUN));
                continue;
            }
            Result r = runOne(c, seconds);
            outOfTime = r.timedOut;
            results.add(r);
        }
        return results;
    }

    /** Why a case after one that ran out of time is not run. */
    static final String NOT_RUN = "not run: a check before it ran past its time limit";

    /** True when one of the results ran out of time. */
    static boolean ranOutOfTime(List<Result> results) {
        return results.stream().anyMatch(r -> r.timedOut);
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static Result runOne(Case c, int seconds) {
        Throwable[] failure = new Throwable[1];
        boolean[] finished = new boolean[1];
        Thread worker = new Thread(() -> {
            try {
                c.body().run();
            } catch (Throwable t) {
                failure[0] = t;
            }
            finished[0] = true;
        }, "check: " + c.name());
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            try {
                worker.stop(); // works up to Java 19; an endless loop must not keep burning a core
            } catch (UnsupportedOperationException ignored) {
                // newer Java: the daemon thread is left behind
            }
            Result r = new Result(c.name(), false, "stopped after " + seconds
                    + " s: an endless loop, or far too much work?");
            r.timedOut = true;
            return r;
        }
        if (!finished[0]) {
            return new Result(c.name(), false, "stopped before it finished");
        }
        return failure[0] == null ? new Result(c.name(), true, "")
                : new Result(c.name(), false, explain(failure[0]));
    }

    /** What went wrong, in words, without the expected value. */
    static String explain(Throwable t) {
        if (t instanceof Feedback f) {
            return f.getMessage();
        }
        if (t instanceof AssertionError) { // JUnit's AssertionFailedError among them
            String m = t.getMessage() == null ? "" : t.getMessage();
            int arrow = m.indexOf("==>");
            m = arrow >= 0 ? m.substring(0, arrow).strip() : m;
            if (m.startsWith("expected:") || m.isBlank()) {
                return "not right";
            }
            return m;
        }
        if (t instanceof UnsupportedOperationException && t.getMessage() != null
                && t.getMessage().startsWith("not implemented yet")) {
            return "not implemented yet";
        }
        if (t instanceof OutOfMemoryError) {
            return "ran out of memory";
        }
        if (t instanceof StackOverflowError) {
            return "the stack overflowed: a method that calls itself without end?";
        }
        String unresolved = Unresolved.describe(t);
        if (unresolved != null) {
            return unresolved;
        }
        String m = t.getMessage();
        return "threw " + t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** A failure whose message is meant for the student as it is. */
    static final class Feedback extends RuntimeException {
        Feedback(String message) {
            super(message, null, false, false);
        }
    }

    /** Compares numbers, arrays and matrices entry by entry. */
    static final class Closeness {
        private Closeness() {
        }

        /** Null when close, else what differs (in words that do not give the expected value). */
        static String problem(Object actual, Object expected, double tolerance) {
            if (actual == null) {
                return "the result is null";
            }
            double[] a = entries(actual);
            double[] e = entries(expected);
            if (a == null) {
                return "the result is a " + actual.getClass().getSimpleName() + ", not a "
                        + expected.getClass().getSimpleName();
            }
            if (actual instanceof Matrix am && expected instanceof Matrix em
                    && (am.rows() != em.rows() || am.cols() != em.cols())) {
                return "the result is " + am.shape() + ", but should be " + em.shape();
            }
            if (a.length != e.length) {
                return "the result has " + a.length + " entries, but should have " + e.length;
            }
            int off = 0;
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i] - e[i]) <= tolerance)) {
                    off++;
                }
            }
            if (off == 0) {
                return null;
            }
            if (a.length == 1) {
                return Double.isFinite(a[0]) ? "not right (your value: " + a[0] + ")"
                        : "your value is " + a[0];
            }
            return off + " of " + a.length + " entries are not right";
        }

        private static double[] entries(Object o) {
            if (o instanceof Number n) {
                return new double[] {n.doubleValue()};
            }
            if (o instanceof double[] d) {
                return d.clone();
            }
            if (o instanceof Matrix m) {
                return m.toFlatArray();
            }
            if (o instanceof double[][] rows) {
                return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
            }
            return null;
        }
    }
}
