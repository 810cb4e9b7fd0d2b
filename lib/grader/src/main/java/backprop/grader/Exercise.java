package backprop.grader;

import backprop.check.Fingerprints;
import backprop.check.Kind;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One exercise as the instructor wrote it: the solution notebook {@code solutions/NN-topic.ipynb}
 * and its answer key {@code solutions/NN-topic.answers.json}. Knows the authoring marks:
 *
 * <ul>
 *   <li>{@code // BEGIN SOLUTION} … {@code // END SOLUTION} lines around solution code: the
 *       student gets {@code throw new UnsupportedOperationException("not implemented yet")};</li>
 *   <li>{@code /* SOLUTION *}{@code / expression /* END *}{@code /} inside a line: the student gets
 *       {@code todo()};</li>
 *   <li>a code cell whose first line is {@code // HIDDEN}: more {@code Check.code} cases that only
 *       the grader runs (the student's notebook does not have the cell);</li>
 *   <li>{@code Check.use("NN-topic")} in the first code cell: the student's copy gets the answers'
 *       fingerprints as a second argument;</li>
 *   <li>a code cell whose first line is {@code // VARIANT}, in an exercise whose key has a
 *       {@code "variant"} section: it assigns each of the variant's numbers once
 *       ({@code double x = 3, t = 1;}), and each student's copy assigns that student's numbers.</li>
 * </ul>
 */
public final class Exercise {

    static final String BEGIN = "// BEGIN SOLUTION";
    static final String END = "// END SOLUTION";
    static final String HIDDEN = "// HIDDEN";
    /** The first line of the cell that states a varied exercise's numbers. */
    static final String VARIANT = "// VARIANT";
    private static final Pattern INLINE = Pattern.compile("/\\*\\s*SOLUTION\\s*\\*/(.*?)/\\*\\s*END\\s*\\*/",
            Pattern.DOTALL);
    private static final Pattern USE = Pattern.compile("Check\\.use\\(\\s*\"([^\"]*)\"\\s*\\)");
    /** The kernelspec of a student's notebook (tools/labtools/kernelspec.py makes it). */
    static final String STUDENT_KERNEL = "backprop-lab";
    static final String STUDENT_KERNEL_DISPLAY_NAME = "Java (Backprop Lab)";
    static final String BLOCK_STUB = "throw new UnsupportedOperationException(\"not implemented yet\");";
    static final String INLINE_STUB = "todo()";
    private static final String JUNIT_ASSERTIONS = "org.junit.jupiter.api.Assertions";

    private final String name;
    private final Notebook solution;
    private final AnswerKey key;
    /** For each question, the solution's cell that checks it. */
    private final Map<String, Integer> checkCells = new LinkedHashMap<>();
    /** For each code question, the hidden cells with more of its cases. */
    private final Map<String, List<Integer>> hiddenCells = new LinkedHashMap<>();
    /** The cell that states a varied exercise's numbers, or -1. */
    private int variantCell = -1;
    /** The names in the released code cells (see {@link #studentsSee}), once asked for. */
    private volatile Set<String> visibleNames;

    private Exercise(String name, Notebook solution, AnswerKey key) {
        this.name = name;
        this.solution = solution;
        this.key = key;
        index();
    }

    /** Reads {@code NAME.ipynb} and {@code NAME.answers.json} from the solutions folder. */
    public static Exercise read(Path solutions, String name) throws IOException {
        Path notebook = solutions.resolve(name + ".ipynb");
        Path answers = solutions.resolve(name + ".answers.json");
        if (!Files.exists(answers)) {
            throw new IllegalArgumentException(notebook + " has no answer key: write " + answers);
        }
        return of(name, Notebook.read(notebook), AnswerKey.read(answers));
    }

    /** An exercise from its parts; checks that notebook and key agree. */
    public static Exercise of(String name, Notebook solution, AnswerKey key) {
        if (!key.exercise().equals(name)) {
            throw new IllegalArgumentException("the answer key of " + name + " says it belongs to "
                    + key.exercise());
        }
        return new Exercise(name, solution, key);
    }

    /** The names of the exercises in a solutions folder: every notebook with an answer key. */
    public static List<String> names(Path solutions) throws IOException {
        try (var files = Files.list(solutions)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".ipynb"))
                    .map(f -> f.substring(0, f.length() - ".ipynb".length()))
                    .filter(n -> Files.exists(solutions.resolve(n + ".answers.json")))
                    .sorted().toList();
        }
    }

    public String name() {
        return name;
    }

    public AnswerKey key() {
        return key;
    }

    public Notebook solution() {
        return solution;
    }

    /** The release version students get now (see {@link #release}), worked out once. */
    private volatile String currentRelease;

    /** The version a release of this exercise stamps now. */
    public String currentRelease() {
        if (currentRelease == null) {
            currentRelease = release().labMetadata().path("release").asText();
        }
        return currentRelease;
    }

    /**
     * The question as the exercise names it: the nearest Markdown heading above the cell that
     * checks it ("3 · Far from zero"), else its id.
     */
    public String heading(String id) {
        Integer at = checkCells.get(id);
        List<ObjectNode> cells = solution.cells();
        for (int i = at == null ? -1 : at; i >= 0; i--) {
            if ("markdown".equals(cells.get(i).path("cell_type").asText())) {
                String found = null;
                for (String line : Notebook.source(cells.get(i)).split("\n")) {
                    if (line.startsWith("#")) {
                        found = line.replaceFirst("^#+\\s*", "").strip();
                    }
                }
                if (found != null && !found.isEmpty()) {
                    return found;
                }
            }
        }
        return id;
    }

    // ---- structure -------------------------------------------------------------------------------

    private String where(int cell) {
        return name + ".ipynb, cell " + (cell + 1);
    }

    private void index() {
        List<ObjectNode> cells = solution.cells();
        boolean used = false;
        for (int i = 0; i < cells.size(); i++) {
            ObjectNode cell = cells.get(i);
            if (!Notebook.isCode(cell)) {
                continue;
            }
            String src = Notebook.source(cell);
            Matcher use = USE.matcher(src);
            if (use.find()) {
                if (!use.group(1).equals(name)) {
                    throw new IllegalArgumentException(where(i) + ": Check.use(\"" + use.group(1)
                            + "\") should name this exercise, " + name);
                }
                used = true;
            }
            List<JavaSource.CheckCall> calls = JavaSource.of(src).checkCalls();
            if (src.stripLeading().startsWith(VARIANT)) {
                if (!key.isVaried() || variantCell >= 0) {
                    throw new IllegalArgumentException(where(i) + ": " + (key.isVaried()
                            ? "a second " + VARIANT + " cell; the numbers are stated in one"
                            : "a " + VARIANT + " cell, but " + name + ".answers.json has no \"variant\" section"));
                }
                variantCell = i;
                withNumbers(src, key.variants().defaults(), i); // every number is assigned once
            }
            if (isHidden(src)) {
                if (calls.isEmpty() || calls.stream().anyMatch(c -> !c.kind().equals("code"))) {
                    throw new IllegalArgumentException(where(i) + ": a hidden cell holds Check.code "
                            + "calls (more cases for a code question) and nothing else");
                }
                for (JavaSource.CheckCall c : calls) {
                    hiddenCells.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(i);
                }
                continue;
            }
            for (JavaSource.CheckCall c : calls) {
                if (!key.has(c.id())) {
                    throw new IllegalArgumentException(where(i) + " checks '" + c.id()
                            + "', which is not in " + name + ".answers.json");
                }
                Kind kind = key.question(c.id()).kind();
                if (!kind.id().equals(c.kind())) {
                    throw new IllegalArgumentException(where(i) + ": '" + c.id() + "' is a " + kind.id()
                            + " question, so check it with Check." + kind.id());
                }
                if (checkCells.put(c.id(), i) != null) {
                    throw new IllegalArgumentException(where(i) + ": '" + c.id()
                            + "' is checked in two cells; one check cell per question");
                }
                if (kind == Kind.CODE && (src.contains(BEGIN) || INLINE.matcher(src).find()
                        || calls.size() > 1)) {
                    throw new IllegalArgumentException(where(i) + ": the cell with Check.code(\""
                            + c.id() + "\") must hold that check only (the grader runs it again)");
                }
            }
            stubbed(src, i); // validates the solution regions
        }
        if (!used) {
            throw new IllegalArgumentException(name + ".ipynb: the first code cell must call Check.use(\""
                    + name + "\")");
        }
        if (key.isVaried() && variantCell < 0) {
            throw new IllegalArgumentException(name + ".ipynb: its key has a \"variant\" section, so a code cell "
                    + "starting " + VARIANT + " must assign the numbers " + key.variants().model().numbers());
        }
        for (AnswerKey.Question q : key.questions()) {
            if (!checkCells.containsKey(q.id())) {
                throw new IllegalArgumentException(name + ".ipynb never checks '" + q.id()
                        + "': add a cell with Check." + q.kind().id() + "(\"" + q.id() + "\", …)");
            }
        }
        for (String id : hiddenCells.keySet()) {
            if (!key.has(id) || key.question(id).kind() != Kind.CODE) {
                throw new IllegalArgumentException(name + ".ipynb: hidden cases for '" + id
                        + "', which is not a code question of the key");
            }
        }
    }

    static boolean isHidden(String source) {
        return source.stripLeading().startsWith(HIDDEN);
    }

    /** The question ids of the key, in order. */
    public List<String> questionIds() {
        return key.questions().stream().map(AnswerKey.Question::id).toList();
    }

    /** The source of the solution's check cell for a code question (run again by the grader). */
    public String checkSource(String id) {
        return Notebook.source(solution.cells().get(checkCells.get(id)));
    }

    /** The sources of the hidden cells of a code question. */
    public List<String> hiddenSources(String id) {
        List<String> out = new ArrayList<>();
        for (int i : hiddenCells.getOrDefault(id, List.of())) {
            out.add(Notebook.source(solution.cells().get(i)));
        }
        return out;
    }

    /** The import lines of the solution's code cells: the grader runs them first in every copy. */
    public String imports() {
        Set<String> lines = new LinkedHashSet<>();
        for (ObjectNode cell : solution.cells()) {
            if (Notebook.isCode(cell)) {
                for (String line : Notebook.source(cell).split("\n")) {
                    if (line.strip().startsWith("import ")) {
                        lines.add(line.strip());
                    }
                }
            }
        }
        return String.join("\n", lines);
    }

    /**
     * The names the exercise itself declares at the top level (the student's methods and
     * variables among them): a student declaring these is doing what was asked.
     */
    public Set<String> ownDeclarations() {
        Set<String> out = new LinkedHashSet<>();
        for (ObjectNode cell : solution.cells()) {
            if (Notebook.isCode(cell) && !isHidden(Notebook.source(cell))) {
                out.addAll(JavaSource.of(Notebook.source(cell)).topLevelDeclarations());
            }
        }
        return out;
    }

    /**
     * Whether a student can see a name in the exercise: it is in one of the released code cells,
     * or it is one of JUnit's assertions ({@code assert…}, {@code fail}) and the exercise imports
     * them. Reasons name only such names, never one that only the hidden checks use.
     */
    public boolean studentsSee(String name) {
        if (visibleNames == null) {
            Set<String> names = new LinkedHashSet<>();
            List<ObjectNode> cells = solution.cells();
            for (int i = 0; i < cells.size(); i++) {
                String src = Notebook.source(cells.get(i));
                if (Notebook.isCode(cells.get(i)) && !isHidden(src)) {
                    JavaSource.of(stubbed(src, i)).names().forEach(t -> names.add(t.text()));
                }
            }
            visibleNames = names;
        }
        boolean assertion = name.startsWith("assert") || name.equals("fail");
        return visibleNames.contains(name) || assertion && imports().contains(JUNIT_ASSERTIONS);
    }

    // ---- the student's version ---------------------------------------------------------------

    /**
     * A varied exercise's cell of numbers with a variant's numbers assigned, and its first line
     * saying whose they are.
     */
    String withNumbers(String src, Variants.Variant v, int cell) {
        String out = src.replaceFirst(Pattern.quote(VARIANT) + "[^\n]*", Matcher.quoteReplacement(v.isDefault()
                ? "// The course's example numbers."
                : "// Your own numbers: every student has different ones (variant " + v.seed() + ")."));
        for (Map.Entry<String, Double> n : v.numbers().entrySet()) {
            Pattern assignment = Pattern.compile("\\b" + Pattern.quote(n.getKey())
                    + "\\s*=\\s*-?(\\d+\\.?\\d*|\\.\\d+)([eE]-?\\d+)?");
            Matcher m = assignment.matcher(out);
            if (!m.find() || m.find()) {
                throw new IllegalArgumentException(where(cell) + ": the " + VARIANT + " cell must assign the number "
                        + n.getKey() + " once, as " + n.getKey() + " = 1.5");
            }
            out = assignment.matcher(out).replaceFirst(Matcher.quoteReplacement(n.getKey() + " = "
                    + Variants.Answers.plain(n.getValue())));
        }
        return out;
    }

    /** The exercise notebook with the course's numbers (see {@link #release(Variants.Variant)}). */
    public Notebook release() {
        return release(key.isVaried() ? key.variants().defaults() : null);
    }

    /**
     * The exercise notebook: solutions stubbed, hidden cells gone, outputs cleared, fingerprints in;
     * for a varied exercise, with the numbers and the fingerprints of {@code variant} (whose seed
     * its metadata records as {@code backprop.variant}).
     */
    public Notebook release(Variants.Variant variant) {
        String prints = KeyFingerprints.of(variant == null ? key : key.forVariant(variant, List.of())).encode();
        List<ObjectNode> out = new ArrayList<>();
        List<ObjectNode> cells = solution.cells();
        for (int i = 0; i < cells.size(); i++) {
            ObjectNode cell = cells.get(i).deepCopy();
            ObjectNode meta = Notebook.cellMetadata(cell);
            meta.remove("backprop");
            meta.remove("execution");
            if (Notebook.isCode(cell)) {
                String src = Notebook.source(cell);
                if (isHidden(src)) {
                    continue;
                }
                String numbered = i == variantCell ? withNumbers(src, variant, i) : src;
                String released = USE.matcher(stubbed(numbered, i))
                        .replaceAll(m -> Matcher.quoteReplacement("Check.use(\"" + m.group(1) + "\", \""
                                + prints + "\")"));
                Notebook.setSource(cell, released);
                if (USE.matcher(src).find()) {
                    // The fingerprints are one long line of base64: the set-up cell opens collapsed
                    // (JupyterLab's "…"); its output says the checks are ready.
                    ObjectNode jupyter = meta.path("jupyter").isObject() ? (ObjectNode) meta.get("jupyter")
                            : meta.putObject("jupyter");
                    jupyter.put("source_hidden", true);
                }
                cell.putArray("outputs");
                cell.putNull("execution_count");
                List<JavaSource.CheckCall> calls = JavaSource.of(src).checkCalls();
                if (!calls.isEmpty()) {
                    var ids = meta.putObject("backprop").putArray("questions");
                    calls.forEach(c -> ids.add(c.id()));
                }
            }
            out.add(cell);
        }
        Notebook exercise = solution.withCells(out);
        exercise.labMetadata().removeAll();
        exercise.labMetadata().put("exercise", name);
        if (variant != null) {
            exercise.labMetadata().put("variant", variant.seed());
        }
        // The solution runs on the instructor's kernel (it reads the answer key); students' on theirs.
        exercise.metadata().putObject("kernelspec").put("display_name", STUDENT_KERNEL_DISPLAY_NAME)
                .put("language", "java").put("name", STUDENT_KERNEL);
        // Which release this is (see Release): the same exercise always gets the same version,
        // and any change to it a new one; a student's own numbers are that release too, so
        // their copy carries the version of the release with the course's numbers. The
        // questions it asks, for telling an older copy why a question is missing from it.
        boolean studentsOwn = variant != null && !variant.seed().equals(key.variants().defaults().seed());
        String version = studentsOwn ? currentRelease() : Release.version(exercise.toJson());
        exercise.labMetadata().put("release", version);
        var asked = exercise.labMetadata().putArray("questions");
        key.questions().forEach(q -> asked.add(q.id()));
        return exercise;
    }

    /** A cell's source with its solution regions replaced by stubs; a malformed region is an error. */
    String stubbed(String src, int cell) {
        Matcher inline = INLINE.matcher(src);
        String text = inline.replaceAll(INLINE_STUB);
        if (text.contains("/* SOLUTION */") || text.matches("(?s).*/\\*\\s*SOLUTION\\s*\\*/.*")) {
            throw new IllegalArgumentException(where(cell) + ": /* SOLUTION */ without /* END */");
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith(END)) {
                throw new IllegalArgumentException(where(cell) + ", line " + (i + 1) + ": "
                        + END + " without " + BEGIN);
            }
            if (!line.strip().startsWith(BEGIN)) {
                out.append(line).append(i < lines.length - 1 ? "\n" : "");
                continue;
            }
            int end = i + 1;
            while (end < lines.length && !lines[end].strip().startsWith(END)) {
                if (lines[end].strip().startsWith(BEGIN)) {
                    throw new IllegalArgumentException(where(cell) + ", line " + (end + 1)
                            + ": a solution region inside another");
                }
                end++;
            }
            if (end == lines.length) {
                throw new IllegalArgumentException(where(cell) + ", line " + (i + 1) + ": " + BEGIN
                        + " without " + END);
            }
            String indent = line.substring(0, line.indexOf('/'));
            boolean nested = depth(out.toString()) > 0;
            if (nested) {
                String after = "";
                for (int j = end + 1; j < lines.length && after.isEmpty(); j++) {
                    after = lines[j].strip();
                }
                if (!after.startsWith("}")) {
                    throw new IllegalArgumentException(where(cell) + ", line " + (end + 1)
                            + ": a solution region inside a method must end the method's body "
                            + "(the student's version throws there); move the lines after it into "
                            + "the region, or use /* SOLUTION */ … /* END */ for an expression");
                }
            }
            out.append(indent).append("// your code here\n").append(indent).append(BLOCK_STUB)
                    .append(end < lines.length - 1 ? "\n" : "");
            i = end;
        }
        return out.toString();
    }

    /** How many braces are open at the end of {@code text} (comments and strings skipped). */
    private static int depth(String text) {
        int depth = 0;
        for (JavaSource.Token t : JavaSource.of(text).tokens()) {
            if (t.is("{")) {
                depth++;
            } else if (t.is("}")) {
                depth--;
            }
        }
        return depth;
    }
}
