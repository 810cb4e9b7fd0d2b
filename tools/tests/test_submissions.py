"""The grader's test submissions (tests/submissions.py), without a kernel: the solved notebook is
the released exercise with every stub filled, and each mutation changes only what it says."""

import json
import unittest

from tests import submissions
from tests.submissions import Submission

STUBS = ("todo()", "not implemented yet", "// your code here", "SOLUTION", "// HIDDEN")


def exercises() -> list[str]:
    return sorted(p.name.removesuffix(".answers.json")
                  for p in (submissions.ROOT / "solutions").glob("*.answers.json"))


def code(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


class SolvedTest(unittest.TestCase):

    def test_a_solved_notebook_is_the_exercise_with_every_stub_filled(self):
        self.assertTrue(exercises())
        for name in exercises():
            with self.subTest(exercise=name):
                s = Submission(name)
                released = s.released["cells"]
                cells = s.notebook["cells"]
                self.assertEqual([(c["id"], c["cell_type"], c["metadata"]) for c in released],
                                 [(c["id"], c["cell_type"], c["metadata"]) for c in cells])
                self.assertEqual(code(s.released)[0], code(s.notebook)[0], "the set-up cell")
                for source in code(s.notebook)[1:]:
                    for stub in STUBS:
                        self.assertNotIn(stub, source)
                for r, c in zip(released, cells):
                    if c["cell_type"] == "markdown":
                        self.assertEqual(r["source"], c["source"])


class MutationsTest(unittest.TestCase):

    def test_each_mutation_changes_the_notebook_and_keeps_the_exercise_s_cells_in_order(self):
        for student, (exercise, _) in submissions.MUTATIONS.items():
            with self.subTest(student=student):
                s = submissions.build(student)
                if s.truncated:
                    with self.assertRaises(ValueError):
                        json.loads(s.text())
                    continue
                notebook = json.loads(s.text())
                if s.raw_bytes:  # the notebook is the solved one; only its file has bytes put in
                    self.assertNotEqual(s.text().encode("utf-8"), s.data())
                    with self.assertRaises(UnicodeDecodeError):
                        s.data().decode("utf-8")
                else:
                    self.assertNotEqual(code(Submission(exercise).notebook), code(notebook))
                ids = [c["id"] for c in notebook["cells"]]
                self.assertEqual([c["id"] for c in s.released["cells"]],
                                 [i for i in ids if not i.startswith("student-")])
                self.assertEqual(len(ids), len(set(ids)), "cell ids are unique")

    def test_no_mutation_writes_a_line_that_names_the_course_s_packages(self):
        # Imports and fingerprints come from the exercise: a package rename needs no change here.
        for student, (exercise, _) in submissions.MUTATIONS.items():
            s = submissions.build(student)
            released = {line for source in code(s.released) for line in source.split("\n")}
            for source in code(s.notebook):
                for line in source.split("\n"):
                    if "backprop" in line:
                        self.assertTrue(line in released, f"{student} writes a line of its own "
                                                          f"that names backprop: {line}")

    def test_cells_are_found_by_their_question_not_their_place(self):
        s = Submission("03-activations")
        s.notebook["cells"].insert(0, {"cell_type": "markdown", "id": "new-prose", "metadata": {},
                                       "source": ["More prose above everything."]})
        submissions.endless_loop(s)
        looping = s.notebook["cells"][s.cell_index("sigmoid-prime-at-0")]
        self.assertEqual("while (true) { }", "".join(looping["source"]))
        self.assertEqual(Submission("03-activations").cell_index("sigmoid-prime-at-0") + 1,
                         s.cell_index("sigmoid-prime-at-0"))
        self.assertEqual(Submission("03-activations").cell_number("sigmoid-prime-at-0"),
                         s.cell_number("sigmoid-prime-at-0"), "prose does not count among code cells")

    def test_answer_sets_what_the_check_receives_and_define_a_method_s_body(self):
        s = Submission("03-activations")
        s.answer("sigmoid-prime-at-0", "0.3")
        s.define("reluPrime", "return 2;")
        sources = code(s.notebook)
        self.assertIn('double atZero = 0.3;\nCheck.number("sigmoid-prime-at-0", atZero);', sources)
        methods = next(src for src in sources if "double reluPrime(double z)" in src)
        self.assertIn("double reluPrime(double z) {\n    return 2;\n}", methods)
        self.assertIn("return s * (1 - s);", methods, "the other method is left as it was")

    def test_fake_prints_mimics_the_checks_output_and_the_grader_s_result(self):
        s = submissions.build("fake-prints")
        faked = "".join(s.notebook["cells"][s.cell_index("sigmoid-prime")]["source"])
        self.assertNotIn("Check.", faked)
        # What Check prints and what the grader's cell (Grading.answer) returns, to the character.
        self.assertEqual("\u001b[32m✓\u001b[0m sigmoid-prime — right (2 points)",
                         s.check_line("sigmoid-prime"))
        self.assertEqual('{"id":"sigmoid-prime","answered":true,"kind":"formula","text":"'
                         + s.key["sigmoid-prime"]["answer"] + '"}', s.grader_result("sigmoid-prime"))
        self.assertIn(submissions.java_string(s.check_line("sigmoid-prime")), faked)
        self.assertIn(submissions.java_string(s.grader_result("sigmoid-prime")), faked)

if __name__ == "__main__":
    unittest.main()
