package backprop.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Used only by the cells the grader inserts into a copy of a submission; never by students.
 * Each method returns one line of JSON, which the grader reads from that cell's result (never
 * from printed output, which a student's code could fake).
 *
 * <p>For a number, formula or choice question the grader's cell is
 * {@code backprop.check.Grading.answer("id")}: the answer the student's check received. For a
 * code question it is {@code begin("id", seconds)}, then the instructor's visible and hidden
 * check cells, then {@code end("id")}: the results of every case.
 */
public final class Grading {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The code question being graded, begun by the grader's cell, and its results so far. While one of
     * its checks runs ({@code busy}), anything that would begin, end or add to it comes from the
     * code under test: the session is then marked as tampered with and the grader flags the question.
     */
    static final class Session {
        final String id;
        final Thread thread;
        final boolean inKernel;  // begun by a snippet a kernel runs (see runsASnippet)
        final int seconds;
        final List<Cases.Result> results = new ArrayList<>();
        boolean busy;
        String tampered;
        /** A check of this question ran past its time limit: the ones after it are not run. */
        boolean outOfTime;

        Session(String id, Thread thread, int seconds) {
            this.id = id;
            this.thread = thread;
            this.inKernel = runsASnippet();
            this.seconds = seconds;
        }

        /**
         * Whether this call belongs to the session: from the thread that began it or, in a kernel,
         * from any snippet the kernel runs, since a kernel may run each snippet of a cell on
         * another of its threads (rapaio-jupyter-kernel takes them from a pool, JShell's local
         * engine starts one per snippet). Never from a thread the code under test started.
         */
        boolean accepts(String id) {
            return this.id.equals(id) && (thread == Thread.currentThread() || inKernel && runsASnippet());
        }

        /** Keeps the first sign of tampering: the one that tells what happened. */
        void tamperedWith(String how) {
            if (tampered == null) {
                tampered = how;
            }
        }
    }

    private static volatile Session session;

    private Grading() {
    }

    /** The answer the checks last received for a question, as JSON. */
    public static String answer(String id) {
        ObjectNode out = JSON.createObjectNode().put("id", id);
        Answer a = Answers.last(id);
        out.put("answered", a != null);
        if (a != null) {
            out.put("kind", a.kind().id());
            if (a.numbers() != null) {
                ArrayNode numbers = out.putArray("numbers");
                for (double v : a.numbers()) {
                    if (Double.isFinite(v)) {
                        numbers.add(v);
                    } else {
                        numbers.add(String.valueOf(v));
                    }
                }
            } else {
                out.put("text", a.text());
            }
        }
        return out.toString();
    }

    /** Starts collecting the results of the checks of code question {@code id}. */
    public static void begin(String id, int seconds) {
        Session s = session;
        if (s != null && s.busy) {
            s.tamperedWith("a check began another collection");
            return;
        }
        session = new Session(id, Thread.currentThread(), seconds);
    }

    /** The results collected since {@link #begin}, as JSON; ends the collection. */
    public static String end(String id) {
        Session s = session;
        if (s != null && s.busy) {
            s.tamperedWith("a check tried to end the collection");
            return "{}";
        }
        session = null;
        ObjectNode out = JSON.createObjectNode().put("id", id);
        boolean ours = s != null && s.accepts(id);
        ArrayNode cases = out.putArray("cases");
        if (ours) {
            for (Cases.Result r : s.results) {
                cases.addObject().put("name", r.name()).put("passed", r.passed())
                        .put("message", r.message());
            }
            if (s.tampered != null) {
                out.put("tampered", s.tampered);
            }
        }
        out.put("collected", ours);
        return out.toString();
    }

    /** The session collecting checks of {@code id} from this call, or null (then checks just print). */
    static Session collecting(String id) {
        Session s = session;
        return s != null && s.accepts(id) ? s : null;
    }

    /**
     * Whether the calling thread runs a snippet for a kernel: below the outermost frame of a
     * cell's code (JShell names its classes {@code REPL.…}, and no other class can have such a
     * name) is the kernel's execution control, which calls the snippets. A thread that the code
     * under test started has no such frame under its cell code.
     */
    static boolean runsASnippet() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int outermost = -1;
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith("REPL.")) {
                outermost = i;
            }
        }
        for (int i = outermost + 1; outermost >= 0 && i < stack.length; i++) {
            String caller = stack[i].getClassName();
            if (caller.startsWith("jdk.jshell.execution.") || caller.endsWith("ExecutionControl")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks the start of one {@link Check#code} call's checks in the session; false (and the
     * session marked as tampered with) when another one is already running: the code under test
     * called it.
     */
    static boolean enter(Session s) {
        if (s.busy) {
            s.tamperedWith("the code under test ran checks of its own");
            return false;
        }
        s.busy = true;
        return true;
    }

    static void leave(Session s, List<Cases.Result> results) {
        s.results.addAll(results);
        s.outOfTime |= Cases.ranOutOfTime(results);
        s.busy = false;
    }

    static int seconds(Session s) {
        return s.seconds;
    }
}
