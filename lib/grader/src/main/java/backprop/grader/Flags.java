package backprop.grader;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Questions the grader does not score but leaves to the instructor: those checked after a cell
 * tried something the grading guard refused (private access by reflection, native code: how a
 * cell would reach into the check runtime), and code questions whose checks the code under test
 * interfered with. Their points are 0 with the reason, under the result "flagged"; the
 * instructor looks at the notebook and decides.
 */
final class Flags {

    /** The result word of a flagged question. */
    static final String FLAGGED = "flagged";

    private Flags() {
    }

    /** Why the question checked by the grader's step {@code step} is flagged, or null. */
    static String before(Plan plan, KernelRunner.Result run, int step) {
        List<KernelRunner.Cell> cells = run.cells();
        for (int i = 0; i <= step && i < cells.size(); i++) {
            List<String> refused = cells.get(i).refused();
            if (!refused.isEmpty()) {
                Plan.Step s = plan.steps().get(i);
                String where = s.role() == Plan.Role.STUDENT ? "your " + plan.cellName(s.cell())
                        : "your code, while it was checked,";
                return "flagged for the instructor: " + where + " tried " + refused.get(0)
                        + ", which the grader refuses; this answer is not scored until the instructor has "
                        + "looked at the notebook";
            }
        }
        return null;
    }

    /** Why a code question's checks are flagged: the check runtime saw them tampered with, or null. */
    static String inResult(JsonNode result) {
        String how = result.path("tampered").asText("");
        return how.isEmpty() ? null : "flagged for the instructor: " + how
                + " while it was checked; this answer is not scored until the instructor has looked at the notebook";
    }
}
