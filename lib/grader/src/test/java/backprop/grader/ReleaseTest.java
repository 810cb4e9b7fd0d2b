package backprop.grader;

import backprop.check.Kind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release tool: what students get, and that the committed exercises are what it makes. */
class ReleaseTest {

    static final Path SOLUTIONS = Project.SOLUTIONS;
    static final Path EXERCISES = Project.EXERCISES;

    @Test
    void theCommittedExercisesEqualAFreshRelease() throws IOException {
        assertEquals(List.of(), Release.run(SOLUTIONS, EXERCISES, true),
                "exercises/ is out of date: run ./lab release and commit the result");
    }

    @Test
    void thereIsAnExerciseForEveryLectureTopicWithEveryKindOfQuestion() throws IOException {
        List<String> names = Exercise.names(SOLUTIONS);
        assertEquals(8, names.size(), names.toString());
        for (int i = 1; i <= 8; i++) {
            String prefix = String.format("%02d-", i);
            assertTrue(names.stream().anyMatch(n -> n.startsWith(prefix)), "no exercise " + prefix);
        }
        List<Kind> kinds = new ArrayList<>();
        for (String n : names) {
            Exercise.read(SOLUTIONS, n).key().questions().forEach(q -> kinds.add(q.kind()));
        }
        for (Kind k : Kind.values()) {
            assertTrue(kinds.contains(k), "no " + k.id() + " question");
        }
    }

    @Test
    void studentsGetNoSolutionNoHiddenCellAndNoAnswer() throws IOException {
        for (String name : Exercise.names(SOLUTIONS)) {
            Exercise ex = Exercise.read(SOLUTIONS, name);
            Notebook released = Notebook.read(EXERCISES.resolve(name + ".ipynb"));
            StringBuilder all = new StringBuilder();
            for (ObjectNode cell : released.cells()) {
                all.append(Notebook.source(cell)).append('\n');
                if (Notebook.isCode(cell)) {
                    assertEquals(0, cell.get("outputs").size(), name + ": outputs are cleared");
                }
            }
            String text = all.toString();
            for (String mark : new String[] {"BEGIN SOLUTION", "END SOLUTION", "/* SOLUTION */", "// HIDDEN"}) {
                assertFalse(text.contains(mark), name + " still contains " + mark);
            }
            for (AnswerKey.Question q : ex.key().questions()) {
                assertTrue(text.contains("Check." + q.kind().id() + "(\"" + q.id() + "\""),
                        name + " has no check for " + q.id());
                if (q.kind() == Kind.FORMULA && q.answer().asText().matches(".*[-+*/^].*")) {
                    assertFalse(text.contains(q.answer().asText()), name + " gives away " + q.id());
                }
                if (q.kind() == Kind.NUMBER && !q.answer().isArray()) {
                    String exact = String.valueOf(q.answer().asDouble());
                    assertFalse(exact.length() > 6 && text.contains(exact), name + " gives away " + q.id());
                }
            }
            assertEquals(name, released.labMetadata().get("exercise").asText());
            assertTrue(text.contains("Check.use(\"" + name + "\", \""), name + " carries its fingerprints");
            for (var cell : released.cells()) {
                boolean setUp = Notebook.source(cell).contains("Check.use(");
                assertEquals(setUp, cell.path("metadata").path("jupyter").path("source_hidden").asBoolean(),
                        name + ": only the set-up cell, with its long line of fingerprints, opens collapsed");
            }
        }
    }

    // ---- the transformation on small cases ---------------------------------------------------

    private static String stub(String src) {
        return exercise().stubbed(src, 0);
    }

    private static Exercise exercise() {
        AnswerKey key = AnswerKey.parse("""
                { "exercise": "t", "questions": [ { "id": "q", "kind": "number", "answer": 1 } ] }""", "t");
        Notebook nb = Notebook.parse("""
                { "cells": [ { "cell_type": "code", "metadata": {}, "outputs": [],
                  "source": "Check.use(\\"t\\");\\nCheck.number(\\"q\\", 1);" } ], "metadata": {} }""", "t");
        return Exercise.of("t", nb, key);
    }

    @Test
    void aRegionEndingAMethodBecomesAThrow() {
        assertEquals("""
                double f(double z) {
                    // your code here
                    throw new UnsupportedOperationException("not implemented yet");
                }""", stub("""
                double f(double z) {
                    // BEGIN SOLUTION
                    double s = z * 2;
                    return s;
                    // END SOLUTION
                }"""));
    }

    @Test
    void anInlineRegionBecomesTodo() {
        assertEquals("double loss = todo();\nCheck.number(\"loss\", loss);",
                stub("double loss = /* SOLUTION */ 0.5 * (y - t) * (y - t) /* END */;\nCheck.number(\"loss\", loss);"));
    }

    @Test
    void aTopLevelRegionMayBeFollowedByMoreCode() {
        assertEquals("// your code here\nthrow new UnsupportedOperationException(\"not implemented yet\");\nCheck.number(\"q\", x);",
                stub("// BEGIN SOLUTION\ndouble x = 1;\n// END SOLUTION\nCheck.number(\"q\", x);"));
    }

    @Test
    void malformedRegionsAreRefusedWithTheirPlace() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> stub("// BEGIN SOLUTION\nx();"))
                .getMessage().contains("without // END SOLUTION"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> stub("x();\n// END SOLUTION"))
                .getMessage().contains("line 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> stub("double y = /* SOLUTION */ 2;"))
                .getMessage().contains("without /* END */"));
        String midMethod = "void f() {\n    // BEGIN SOLUTION\n    a();\n    // END SOLUTION\n    b();\n}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> stub(midMethod))
                .getMessage().contains("must end the method's body"));
    }

    @Test
    void aNotebookAndItsKeyMustAgree() {
        AnswerKey key = AnswerKey.parse("""
                { "exercise": "t", "questions": [ { "id": "q", "kind": "number", "answer": 1 },
                  { "id": "never", "kind": "choice", "options": ["A"], "answer": "A" } ] }""", "t");
        Notebook nb = Notebook.parse("""
                { "cells": [ { "cell_type": "code", "metadata": {}, "outputs": [],
                  "source": "Check.use(\\"t\\");\\nCheck.number(\\"q\\", 1);" } ], "metadata": {} }""", "t");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Exercise.of("t", nb, key))
                .getMessage().contains("never checks 'never'"));
    }

    @Test
    void hiddenCellsAndCheckCellsOfCodeQuestionsAreKnownToTheGrader() throws IOException {
        Exercise ex = Exercise.read(SOLUTIONS, "06-four-equations");
        assertTrue(ex.checkSource("backprop-code").startsWith("Check.code(\"backprop-code\""));
        assertEquals(1, ex.hiddenSources("backprop-code").size());
        assertTrue(ex.imports().contains("import backprop.check.*;"));
        assertTrue(ex.ownDeclarations().containsAll(List.of("backprop", "updated", "sigmoid", "sigmoidPrime", "deltaLast")),
                ex.ownDeclarations().toString());
    }
}
