package backprop.grader;

import backprop.check.Answer;
import backprop.check.Kind;
import backprop.check.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the kernel did with a {@link Plan} into points: only the results of the grader's own
 * cells count, and answers are judged against the real key here, outside the notebook.
 */
final class Scorer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Scorer() {
    }

    static Outcome score(Plan plan, KernelRunner.Result run, String student, String file,
                         List<String> notes) {
        List<Outcome.Question> questions = new ArrayList<>();
        for (AnswerKey.Question q : plan.exercise().key().questions()) {
            questions.add(question(plan, run, q));
        }
        return new Outcome(student, plan.exercise().name(), file, questions, notes, run.seconds());
    }

    /** A grade of 0 for every question, with one reason (the notebook could not be graded at all). */
    static Outcome failed(Exercise exercise, String student, String file, String reason) {
        List<Outcome.Question> questions = new ArrayList<>();
        for (AnswerKey.Question q : exercise.key().questions()) {
            questions.add(new Outcome.Question(q.id(), q.kind().id(), 0, q.points(), "error", reason,
                    List.of()));
        }
        return new Outcome(student, exercise.name(), file, questions, List.of(reason), 0);
    }

    private static Outcome.Question question(Plan plan, KernelRunner.Result run, AnswerKey.Question q) {
        String spoiled = plan.spoiled(q.id());
        if (spoiled != null) {
            return zero(q, "error", spoiled);
        }
        int step = plan.graderStep(q.id());
        if (step < 0) {
            return zero(q, "not answered", "the notebook has no cell that checks '" + q.id()
                    + "' (was the cell with Check." + q.kind().id() + "(\"" + q.id() + "\", …) deleted?)");
        }
        KernelRunner.Cell cell = run.cells().get(step);
        switch (cell.status()) {
            case "timeout" -> {
                return zero(q, "error", "checking it ran past the time limit and was stopped: does "
                        + "your code loop forever?");
            }
            case "died" -> {
                return zero(q, "error", "the kernel died while your code was being checked "
                        + "(System.exit, Runtime.halt, or a crash)");
            }
            case "not-run" -> {
                return zero(q, "error", "not checked: " + cell.note());
            }
            case "error" -> { // the grader's cell holds the hidden checks: never quoted
                return zero(q, "error", Misfit.reason(cell.outputs(), plan.exercise()));
            }
            default -> {
                // ok: read the result below
            }
        }
        JsonNode result = result(cell);
        if (result == null) {
            return zero(q, "error", "the grader's cell gave no result");
        }
        return q.kind() == Kind.CODE ? code(q, result) : answer(plan, run, q, result);
    }

    private static Outcome.Question answer(Plan plan, KernelRunner.Result run, AnswerKey.Question q,
                                           JsonNode result) {
        if (!result.path("answered").asBoolean()) {
            return zero(q, "not answered", whyNoAnswer(plan, run, q));
        }
        Answer given = switch (Kind.fromId(result.path("kind").asText())) {
            case NUMBER -> {
                JsonNode ns = result.path("numbers");
                double[] values = new double[ns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = ns.get(i).isNumber() ? ns.get(i).asDouble() : Double.parseDouble(ns.get(i).asText());
                }
                yield Answer.numbers(values);
            }
            case FORMULA -> Answer.formula(result.path("text").asText());
            case CHOICE -> Answer.choice(result.path("text").asText());
            case CODE -> null;
        };
        if (given == null) {
            return zero(q, "error", "the answer was given to a code check");
        }
        Verdict v = plan.exercise().key().judge(q.id(), given);
        String what = "your answer " + shown(given) + ": " + v.message();
        return new Outcome.Question(q.id(), q.kind().id(), round(v.score() * q.points()), q.points(),
                v.isRight() ? "right" : v.score() > 0 ? "partly right" : "wrong", what, List.of());
    }

    private static String shown(Answer a) {
        String s = a.toString();
        if (a.kind() != Kind.NUMBER) {
            s = "\"" + s + "\"";
        }
        return s.length() > 120 ? s.substring(0, 117) + "…" : s;
    }

    /** Why the student's check did not record an answer: what happened to their check cell. */
    private static String whyNoAnswer(Plan plan, KernelRunner.Result run, AnswerKey.Question q) {
        int cell = plan.checkCell(q.id());
        int step = plan.studentStep(cell);
        if (step >= 0) {
            KernelRunner.Cell c = run.cells().get(step);
            switch (c.status()) {
                case "error" -> {
                    return "your cell " + cell + " failed before its check: " + errorText(c.outputs());
                }
                case "timeout" -> {
                    return "your cell " + cell + " ran past the time limit and was stopped";
                }
                case "died" -> {
                    return "the kernel died while your cell " + cell + " ran (System.exit, Runtime.halt, "
                            + "or a crash)";
                }
                case "not-run" -> {
                    return "your cell " + cell + " did not run: " + c.note();
                }
                default -> {
                }
            }
        }
        return "the check in cell " + cell + " never received an answer (is Check." + q.kind().id()
                + "(\"" + q.id() + "\", …) still called there, with the course's Check?)";
    }

    private static Outcome.Question code(AnswerKey.Question q, JsonNode result) {
        List<Outcome.Case> cases = new ArrayList<>();
        for (JsonNode c : result.path("cases")) {
            cases.add(new Outcome.Case(c.path("name").asText(), c.path("passed").asBoolean(),
                    c.path("message").asText()));
        }
        if (!result.path("collected").asBoolean() || cases.isEmpty()) {
            return zero(q, "error", "the checks did not run (does your notebook replace Check.code?)");
        }
        long passed = cases.stream().filter(Outcome.Case::passed).count();
        double share = (double) passed / cases.size();
        String result1 = passed == cases.size() ? "right" : passed > 0 ? "partly right" : "wrong";
        return new Outcome.Question(q.id(), q.kind().id(), round(share * q.points()), q.points(), result1,
                passed + " of " + cases.size() + " checks pass", cases);
    }

    private static Outcome.Question zero(AnswerKey.Question q, String result, String message) {
        return new Outcome.Question(q.id(), q.kind().id(), 0, q.points(), result, message, List.of());
    }

    private static double round(double points) {
        return Math.round(points * 100) / 100.0;
    }

    /** The grader cell's value: the JSON line its last expression returned. */
    private static JsonNode result(KernelRunner.Cell cell) {
        for (JsonNode o : cell.outputs()) {
            if ("execute_result".equals(o.path("output_type").asText())) {
                JsonNode data = o.path("data");
                String text = data.has("text/plain") ? data.get("text/plain").asText()
                        : data.path("text/html").asText();
                try {
                    return JSON.readTree(text.strip());
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A cell's error in one readable line: the exception and its message, or the compiler's words. */
    static String errorText(JsonNode outputs) {
        for (JsonNode o : outputs) {
            if (!"error".equals(o.path("output_type").asText())) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode line : o.path("traceback")) {
                String clean = line.asText().replaceAll("\u001b\\[[0-9;]*m", "").strip();
                if (!clean.isEmpty() && !clean.startsWith("at ") && !clean.startsWith("|-->")) {
                    lines.add(clean.replaceFirst("^\\|\\s*", ""));
                }
            }
            String text = lines.isEmpty() ? o.path("ename").asText() + ": " + o.path("evalue").asText()
                    : String.join(" · ", lines);
            return text.length() > 300 ? text.substring(0, 297) + "…" : text;
        }
        return "(no error message)";
    }
}
