package backprop.check;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last answer given to each question in this notebook session, as the checks received it.
 * The grader's own cells read them from here; the comparison with the real key happens outside
 * the notebook, in the grader.
 */
final class Answers {

    private static final Map<String, Answer> LAST = new ConcurrentHashMap<>();

    private Answers() {
    }

    static void record(String id, Answer answer) {
        LAST.put(id, answer);
    }

    static Answer last(String id) {
        return LAST.get(id);
    }
}
