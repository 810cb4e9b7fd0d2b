package backprop.grader;

import backprop.check.Answer;
import backprop.check.Kind;
import backprop.check.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the kernel did with a {@link Plan} into points: only the results of the grader's own
 * cells count, and answers are judged against the real key here, outside the notebook.
 *
 * <p>What a submission can make long is cut short: a reason quotes at most {@link #QUOTE}
 * characters of a cell's error and is at most {@link #REASON} long, a code question lists at most
 * {@link #CASES} cases (all are counted), and an answer longer than {@link #ANSWER} is not read.
 * A cell's printed output is never read at all.
 */
final class Scorer {

    /** The most of a cell's error a reason quotes. */
    static final int QUOTE = 300;
    /** The longest reason, case name or case message kept. */
    static final int REASON = 400;
    /** The most cases of a code question listed one by one. */
    static final int CASES = 50;
    /** The longest answer judged (in characters, or numbers); no answer of the course comes near. */
    static final int ANSWER = 10_000;
    /** The longest result of a grader's cell that is read (a code question's cases, or an answer). */
    static final int RESULT = 8 << 20;

    private static final String TOO_LONG = "your answer is far longer than any answer to this question: "
            + "it was not read";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Scorer() {
    }

    static Outcome score(Plan plan, KernelRunner.Result run, String student, String file,
                         List<String> notes) {
        List<Outcome.Question> questions = new ArrayList<>();
        for (AnswerKey.Question q : plan.exercise().key().questions()) {
            Outcome.Question graded = question(plan, run, q);
            questions.add(new Outcome.Question(graded.id(), graded.kind(), graded.points(), graded.max(),
                    graded.result(), graded.message(), graded.cases(), plan.exercise().heading(q.id())));
        }
        String current = plan.exercise().currentRelease();
        if (!plan.release().equals(current)) {
            notes = new ArrayList<>(notes);
            notes.add(plan.release().isEmpty()
                    ? "Your notebook names no release of the exercise: it is older than the current one ("
                            + current + ")."
                    : "Your notebook is a copy of another release of the exercise (" + plan.release()
                            + "; the current one is " + current + ").");
        }
        return new Outcome(student, plan.exercise().name(), file, questions, notes, run.seconds());
    }

    /** A grade of 0 for every question, with one reason (the notebook could not be graded at all). */
    static Outcome failed(Exercise exercise, String student, String file, String reason) {
        List<Outcome.Question> questions = new ArrayList<>();
        for (AnswerKey.Question q : exercise.key().questions()) {
            questions.add(new Outcome.Question(q.id(), q.kind().id(), 0, q.points(), "error", reason,
                    List.of(), exercise.heading(q.id())));
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
            return zero(q, "not answered", noCheckCell(plan, q));
        }
        String flagged = Flags.before(plan, run, step);
        if (flagged != null) {
            return zero(q, Flags.FLAGGED, flagged);
        }
        KernelRunner.Cell cell = run.cells().get(step);
        switch (cell.status()) {
            case "timeout" -> {
                return zero(q, "error", "checking it ran past the time limit and was stopped: does "
                        + "your code loop forever?");
            }
            case "died" -> {
                return zero(q, "error", "the kernel died while your code was being checked "
                        + "(a crash)");
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
        String text = resultText(cell);
        if (text != null && text.length() > RESULT) {
            return q.kind() == Kind.CODE ? zero(q, "error", "the results of the checks are too long to read: "
                    + "does your code throw exceptions with very long messages?") : zero(q, "wrong", TOO_LONG);
        }
        JsonNode result = text == null ? null : parse(text);
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
        if (result.path("numbers").size() > ANSWER || result.path("text").asText().length() > ANSWER) {
            return zero(q, "wrong", TOO_LONG);
        }
        Answer given = switch (Kind.fromId(result.path("kind").asText())) {
            case NUMBER -> {
                JsonNode ns = result.path("numbers");
                double[] values = new double[ns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = ns.get(i).isNumber() ? ns.get(i).asDouble() : number(ns.get(i).asText());
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
        Verdict v = plan.key().judge(q.id(), given);
        String what = "your answer " + shown(given) + ": " + v.message();
        return new Outcome.Question(q.id(), q.kind().id(), round(v.score() * q.points()), q.points(),
                v.isRight() ? "right" : v.score() > 0 ? "partly right" : "wrong", bounded(what, REASON), List.of());
    }

    /** A number the checks wrote as text (NaN, Infinity); anything else is not a number. */
    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String shown(Answer a) {
        String s = a.toString();
        if (a.kind() != Kind.NUMBER) {
            s = "\"" + s + "\"";
        }
        return s.length() > 120 ? s.substring(0, 117) + "…" : s;
    }

    /**
     * Why no cell checks a question: it came with a later release than the submission's copy,
     * or its check cell was deleted.
     */
    private static String noCheckCell(Plan plan, AnswerKey.Question q) {
        String call = "Check." + q.kind().id() + "(\"" + q.id() + "\", …)";
        String current = plan.exercise().currentRelease();
        if (plan.notInItsRelease(q.id())) {
            if (plan.release().isEmpty()) {
                return "your copy of the exercise names no release, so it is older than the current one ("
                        + current + "), which asks this question: if your copy never had a cell with " + call
                        + ", get the new exercise notebook and copy your answers into it; if it had, put that "
                        + "cell back";
            }
            return "this question came with a later release of the exercise than your copy (yours: "
                    + plan.release() + ", now: " + current + "), so your notebook never had it: nothing was "
                    + "deleted. Get the new exercise notebook and copy your answers into it";
        }
        return "the notebook has no cell that checks '" + q.id() + "' (was the cell with " + call
                + " deleted?)";
    }

    /** Why the student's check did not record an answer: what happened to their check cell. */
    private static String whyNoAnswer(Plan plan, KernelRunner.Result run, AnswerKey.Question q) {
        int cell = plan.checkCell(q.id());
        int step = plan.studentStep(cell);
        String name = plan.cellName(cell);
        if (step >= 0) {
            KernelRunner.Cell c = run.cells().get(step);
            switch (c.status()) {
                case "error" -> {
                    return "your " + name + " failed before its check:\n" + errorText(c.outputs());
                }
                case "timeout" -> {
                    return "your " + name + " ran past the time limit and was stopped";
                }
                case "died" -> {
                    return "the kernel died while your " + name + " ran (a crash)";
                }
                case "not-run" -> {
                    return "your " + name + " did not run: " + c.note();
                }
                default -> {
                }
            }
        }
        return "the check in " + name + " never received an answer (is Check." + q.kind().id()
                + "(\"" + q.id() + "\", …) still called there, with the course's Check?)";
    }

    private static Outcome.Question code(AnswerKey.Question q, JsonNode result) {
        List<Outcome.Case> cases = new ArrayList<>();
        int count = 0;
        int passed = 0;
        for (JsonNode c : result.path("cases")) {
            count++;
            passed += c.path("passed").asBoolean() ? 1 : 0;
            if (cases.size() < CASES) {
                cases.add(new Outcome.Case(bounded(c.path("name").asText(), REASON), c.path("passed").asBoolean(),
                        bounded(c.path("message").asText(), REASON)));
            }
        }
        String flagged = Flags.inResult(result);
        if (flagged != null) {
            return zero(q, Flags.FLAGGED, flagged);
        }
        if (!result.path("collected").asBoolean() || count == 0) {
            return zero(q, "error", "the checks did not run (does your notebook replace Check.code?)");
        }
        String verdict = passed == count ? "right" : passed > 0 ? "partly right" : "wrong";
        String listed = count > CASES ? " (the first " + CASES + " are listed)" : "";
        if (!q.equations().isEmpty()) {
            double[] points = new double[1];
            String byEquation = byEquation(q, result.path("cases"), points);
            return new Outcome.Question(q.id(), q.kind().id(), round(points[0]), q.points(), verdict,
                    passed + " of " + count + " checks pass" + listed + "; " + byEquation, cases);
        }
        double share = (double) passed / count;
        return new Outcome.Question(q.id(), q.kind().id(), round(share * q.points()), q.points(), verdict,
                passed + " of " + count + " checks pass" + listed, cases);
    }

    /**
     * A code question's points per equation: each equation of the key earns its points times the
     * share of its cases that pass (a case belongs to the equation its name starts with, "BP2: …");
     * the cases of no equation share the rest of the question's points. Sets {@code points[0]};
     * returns "points by equation: forward 1 of 1, BP2 0 of 1, …".
     */
    private static String byEquation(AnswerKey.Question q, JsonNode cases, double[] points) {
        Map<String, int[]> tally = new LinkedHashMap<>(); // label → {passed, count}
        q.equations().keySet().forEach(e -> tally.put(e, new int[2]));
        int[] rest = new int[2];
        for (JsonNode c : cases) {
            String name = c.path("name").asText();
            int colon = name.indexOf(':');
            int[] t = colon > 0 && tally.containsKey(name.substring(0, colon)) ? tally.get(name.substring(0, colon)) : rest;
            t[0] += c.path("passed").asBoolean() ? 1 : 0;
            t[1]++;
        }
        double restPoints = q.points() - q.equations().values().stream().mapToDouble(Double::doubleValue).sum();
        double weight = q.equations().values().stream().mapToDouble(Double::doubleValue).sum()
                + (rest[1] > 0 ? restPoints : 0);
        double earned = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : q.equations().entrySet()) {
            int[] t = tally.get(e.getKey());
            double got = t[1] == 0 ? 0 : e.getValue() * t[0] / t[1];
            earned += got;
            parts.add(e.getKey() + " " + Reports.number(round(got * q.points() / weight)) + " of "
                    + Reports.number(round(e.getValue() * q.points() / weight)));
        }
        if (rest[1] > 0 && restPoints > 0) {
            double got = restPoints * rest[0] / rest[1];
            earned += got;
            parts.add("the other checks " + Reports.number(round(got)) + " of " + Reports.number(round(restPoints)));
        }
        points[0] = earned * q.points() / weight;
        return "points by equation: " + String.join(", ", parts);
    }

    private static Outcome.Question zero(AnswerKey.Question q, String result, String message) {
        return new Outcome.Question(q.id(), q.kind().id(), 0, q.points(), result, bounded(message, REASON),
                List.of());
    }

    /** Text cut to at most {@code max} characters, an ellipsis marking the cut. */
    static String bounded(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static double round(double points) {
        return Math.round(points * 100) / 100.0;
    }

    /** The grader cell's value: the JSON line its last expression returned, or null. */
    private static String resultText(KernelRunner.Cell cell) {
        for (JsonNode o : cell.outputs()) {
            if ("execute_result".equals(o.path("output_type").asText())) {
                JsonNode data = o.path("data");
                return data.has("text/plain") ? data.get("text/plain").asText() : data.path("text/html").asText();
            }
        }
        return null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.strip());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A cell's error as readable lines, at most {@link #QUOTE} long: the exception and its
     * message, or the compiler's words, each line as the compiler wrote it (a compile error's
     * line of code and its caret under the mistake keep their places). Only that much of the
     * traceback is read, however long.
     */
    static String errorText(JsonNode outputs) {
        for (JsonNode o : outputs) {
            if (!"error".equals(o.path("output_type").asText())) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode line : o.path("traceback")) {
                if (text.length() > QUOTE) {
                    break;
                }
                for (String part : line.asText().split("\n")) {
                    String clean = readable(part);
                    if (!clean.isBlank() && !clean.strip().startsWith("at ") && !clean.strip().startsWith("|-->")) {
                        text.append(text.length() == 0 ? "" : "\n").append(clean); // as the notebook shows it
                    }
                }
            }
            if (text.length() == 0) {
                text.append(readable(o.path("ename").asText())).append(": ").append(readable(o.path("evalue").asText()));
            }
            return bounded(text.toString(), QUOTE);
        }
        return "(no error message)";
    }

    /**
     * The start of a line of output, without its colours and control characters; the spaces at
     * its start are kept (they put a compiler's caret under the mistake).
     */
    private static String readable(String line) {
        String start = line.length() > 2 * QUOTE ? line.substring(0, 2 * QUOTE) : line;
        return start.replaceAll("\u001b\\[[0-9;]*m", "").replaceAll("\\p{Cntrl}", " ").stripTrailing();
    }
}
