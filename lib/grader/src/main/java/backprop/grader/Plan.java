package backprop.grader;

import backprop.check.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the grader runs for one submission: the student's code cells in their order, with the
 * grader's own cells inserted right after the cell that checks each question, and the problems
 * found by reading the cells before running anything.
 *
 * <p>The grader's cells use fully qualified names and only their result value counts, so what a
 * student's cell prints can never pass for a grade. A student's cell that declares a name the
 * grader's cells rely on (a class {@code Check}, a method {@code assertEquals} …) or that uses
 * what {@link Policy} forbids spoils the questions checked after it.
 */
public final class Plan {

    /** Who wrote a step: the grader's set-up, the student, or the grader checking a question. */
    public enum Role { PRELUDE, STUDENT, GRADER }

    /** One cell to run. {@code cell} is the 1-based number of the student's cell (0 for others). */
    public record Step(Role role, String source, int cell, String question) {
    }

    /**
     * Names every grader cell relies on (the student's check calls must reach the real checks),
     * and which every exercise shows.
     */
    private static final Set<String> VISIBLE = Set.of("Check", "backprop");

    private final Exercise exercise;
    /** The key the answers are judged by: the exercise's, or for a varied one the student's own. */
    private final AnswerKey key;
    private final List<Step> steps = new ArrayList<>();
    /** For each question, why it cannot be trusted (found before running anything). */
    private final Map<String, String> spoiled = new LinkedHashMap<>();
    /** For each question, the student's cell (1-based) that holds its check. */
    private final Map<String, Integer> checkCell = new LinkedHashMap<>();
    /** Each student's cell (1-based, markdown counted) as JupyterLab shows it (see cellName). */
    private final Map<Integer, String> cellNames = new LinkedHashMap<>();
    /** The release the submission was copied from (metadata.backprop.release), or "". */
    private String release = "";
    /** The questions that release asked (metadata.backprop.questions); null if it does not say. */
    private Set<String> releaseQuestions;

    private Plan(Exercise exercise, AnswerKey key) {
        this.exercise = exercise;
        this.key = key;
    }

    /** The plan for a submission of an exercise. */
    public static Plan of(Exercise exercise, Notebook submission) {
        return of(exercise, submission, exercise.key());
    }

    /** The plan for a submission whose answers are judged by {@code key} (a student's variant's). */
    static Plan of(Exercise exercise, Notebook submission, AnswerKey key) {
        Plan plan = new Plan(exercise, key);
        plan.build(submission);
        return plan;
    }

    /** The key the answers are judged by. */
    AnswerKey key() {
        return key;
    }

    private void build(Notebook submission) {
        steps.add(new Step(Role.PRELUDE, exercise.imports(), 0, null));
        Set<String> placed = new LinkedHashSet<>();
        List<ObjectNode> cells = submission.cells();
        // What the student's cells declare or use that they should not, in order.
        List<String[]> spoilers = new ArrayList<>(); // {reason, names...}
        Set<String> allowed = exercise.ownDeclarations();
        JsonNode meta = submission.metadata().path("backprop");
        release = meta.path("release").asText("");
        if (meta.path("questions").isArray()) {
            releaseQuestions = new LinkedHashSet<>();
            meta.path("questions").forEach(q -> releaseQuestions.add(q.asText()));
        }
        int codeCells = 0;
        for (int i = 0; i < cells.size(); i++) {
            ObjectNode cell = cells.get(i);
            if (!Notebook.isCode(cell)) {
                continue;
            }
            codeCells++;
            String src = Notebook.source(cell);
            if (src.isBlank()) {
                continue;
            }
            int number = i + 1;
            JsonNode count = cell.path("execution_count");
            cellNames.put(number, "code cell " + codeCells
                    + (count.isInt() ? " (shown as [" + count.asInt() + "])" : ""));
            steps.add(new Step(Role.STUDENT, src, number, null));
            JavaSource java = JavaSource.of(src);
            Set<String> declared = new LinkedHashSet<>(java.topLevelDeclarations());
            declared.removeAll(allowed);
            if (!declared.isEmpty()) {
                List<String> entry = new ArrayList<>();
                entry.add(cellName(number) + " declares ");
                entry.addAll(declared);
                spoilers.add(entry.toArray(new String[0]));
            }
            String forbidden = Policy.violation(java);
            if (forbidden != null) {
                spoilers.add(new String[] {cellName(number) + " " + forbidden});
            }
            for (String id : questionsIn(cell, java)) {
                if (exercise.key().has(id) && placed.add(id)) {
                    checkCell.put(id, number);
                    addGraderStep(id, spoilers);
                }
            }
        }
        // A code question whose check cell is gone can still be checked: its code may be there.
        for (AnswerKey.Question q : exercise.key().questions()) {
            if (q.kind() == Kind.CODE && placed.add(q.id())) {
                addGraderStep(q.id(), spoilers);
            }
        }
    }

    private static Set<String> questionsIn(ObjectNode cell, JavaSource java) {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode meta = cell.path("metadata").path("backprop").path("questions");
        meta.forEach(id -> ids.add(id.asText()));
        java.checkCalls().forEach(c -> ids.add(c.id()));
        return ids;
    }

    private void addGraderStep(String id, List<String[]> spoilers) {
        AnswerKey.Question q = exercise.key().question(id);
        String source;
        if (q.kind() == Kind.CODE) {
            StringBuilder s = new StringBuilder("backprop.check.Grading.begin(\"" + id + "\", "
                    + q.seconds() + ");\n");
            s.append(exercise.checkSource(id)).append('\n');
            for (String hidden : exercise.hiddenSources(id)) {
                s.append(hidden).append('\n');
            }
            s.append("backprop.check.Grading.end(\"").append(id).append("\")");
            source = s.toString();
        } else {
            source = "backprop.check.Grading.answer(\"" + id + "\")";
        }
        Set<String> relied = new LinkedHashSet<>(JavaSource.of(source).simpleNamesUsed());
        relied.addAll(VISIBLE);
        for (String[] spoiler : spoilers) {
            String why = spoiler.length == 1 ? spoiler[0] : redeclared(spoiler, relied);
            if (why != null) {
                spoiled.putIfAbsent(id, why);
            }
        }
        steps.add(new Step(Role.GRADER, source, 0, id));
    }

    /**
     * Why a cell's declarations ({@code {"cell N declares ", name…}}) spoil checks that rely on
     * {@code relied}, or null. A name the student can see in the exercise is named; one that only
     * the hidden checks use is not: the reason must not tell what the hidden checks use.
     */
    private String redeclared(String[] spoiler, Set<String> relied) {
        List<String> names = Arrays.asList(spoiler).subList(1, spoiler.length);
        for (String name : names) {
            if (relied.contains(name) && (VISIBLE.contains(name) || exercise.studentsSee(name))) {
                return spoiler[0] + "its own '" + name + "', a name the checks rely on, so they cannot "
                        + "be trusted after it: rename it";
            }
        }
        if (names.stream().anyMatch(relied::contains)) {
            return spoiler[0] + "a name the checks rely on, so they cannot be trusted after it: rename "
                    + "what it declares beyond what the exercise asks for (names that the course's library "
                    + "or Java itself uses are taken)";
        }
        return null;
    }

    public List<Step> steps() {
        return steps;
    }

    public Exercise exercise() {
        return exercise;
    }

    /** Why a question cannot be trusted, found by reading the cells; null if nothing was found. */
    public String spoiled(String id) {
        return spoiled.get(id);
    }

    /** The student's cell (1-based) that checks a question, or 0 if no cell does. */
    public int checkCell(String id) {
        return checkCell.getOrDefault(id, 0);
    }

    /**
     * A student's cell (1-based, counting markdown) named as JupyterLab shows it: by its place
     * among the code cells, markdown not counted, and the execution count it was saved with
     * ("code cell 4 (shown as [7])").
     */
    public String cellName(int cell) {
        return cellNames.getOrDefault(cell, "cell " + cell);
    }

    /** The release the submission was copied from, or "" if it names none. */
    public String release() {
        return release;
    }

    /**
     * Whether the submission's copy of the exercise did not ask this question: it is from a
     * release that names its questions and not this one, or from before releases were named.
     */
    public boolean notInItsRelease(String id) {
        String current = exercise.currentRelease();
        if (release.isEmpty()) {
            return current != null;
        }
        return !release.equals(current) && releaseQuestions != null && !releaseQuestions.contains(id);
    }

    /** The index in {@link #steps()} of the grader's cell for a question, or -1. */
    public int graderStep(String id) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).role() == Role.GRADER && id.equals(steps.get(i).question())) {
                return i;
            }
        }
        return -1;
    }

    /** The index in {@link #steps()} of a student's cell (1-based number), or -1. */
    public int studentStep(int cell) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).role() == Role.STUDENT && steps.get(i).cell() == cell) {
                return i;
            }
        }
        return -1;
    }

    /** The sources to run, in order. */
    public List<String> sources() {
        return steps.stream().map(Step::source).toList();
    }
}
