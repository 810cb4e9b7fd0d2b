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

    /** The code question being graded, on the grader's thread, and its results so far. */
    record Session(String id, Thread thread, int seconds, List<Cases.Result> results) {
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
        session = new Session(id, Thread.currentThread(), seconds, new ArrayList<>());
    }

    /** The results collected since {@link #begin}, as JSON; ends the collection. */
    public static String end(String id) {
        Session s = session;
        session = null;
        ObjectNode out = JSON.createObjectNode().put("id", id);
        boolean ours = s != null && s.id().equals(id) && s.thread() == Thread.currentThread();
        ArrayNode cases = out.putArray("cases");
        if (ours) {
            for (Cases.Result r : s.results()) {
                cases.addObject().put("name", r.name()).put("passed", r.passed())
                        .put("message", r.message());
            }
        }
        out.put("collected", ours);
        return out.toString();
    }

    /** The session collecting checks of {@code id} on this thread, or null (then checks just print). */
    static Session collecting(String id) {
        Session s = session;
        return s != null && s.id().equals(id) && s.thread() == Thread.currentThread() ? s : null;
    }

    static int seconds(Session s) {
        return s.seconds();
    }

    static void add(Session s, List<Cases.Result> results) {
        s.results().addAll(results);
    }
}
