"""The Gradescope autograder bundle: its files as Gradescope's documentation lists them, and one
submission graded through run_autograder on the real kernel into a results.json of the documented
keys."""

import json
import os
import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

from labtools import gradescope
from tests import submissions

ROOT = Path(__file__).resolve().parents[2]
# Gradescope's results.json: what each test may say (its "Autograder specifications").
TEST_KEYS = {"score", "max_score", "name", "visibility", "output"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


class GradescopeTest(unittest.TestCase):

    def test_the_bundle_has_setup_and_run_autograder_at_its_root_and_the_project_beside(self):
        with tempfile.TemporaryDirectory() as d:
            out = gradescope.bundle(Path(d) / "autograder.zip")
            with zipfile.ZipFile(out) as z:
                names = set(z.namelist())
                for script in ("setup.sh", "run_autograder"):
                    self.assertEqual(0o755, (z.getinfo(script).external_attr >> 16) & 0o777, script)
                    checked = subprocess.run(["bash", "-n"], input=z.read(script), capture_output=True)
                    self.assertEqual(0, checked.returncode, checked.stderr)
        self.assertLessEqual({"lab", "pom.xml", "solutions/03-activations.answers.json",
                              "tools/labtools/gradescope.py"}, names)
        self.assertFalse([n for n in names if n.split("/")[0] in {"build", ".venv", ".git", "gradebook"}])

    def test_results_have_one_visible_test_per_question(self):
        outcome = {"exercise": "03-activations", "notes": ["a note"], "questions": [
            {"id": "sigmoid-prime", "points": 0, "max": 2, "result": "wrong", "message": "why"},
            {"id": "slopes-code", "points": 2.5, "max": 3, "result": "partly right", "message": "5 of 6"}]}
        r = gradescope.results([outcome])
        self.assertEqual(2.5, r["score"])
        self.assertEqual("a note", r["output"])
        for t in r["tests"]:
            self.assertLessEqual(set(t), TEST_KEYS)
            self.assertIn(t["visibility"], VISIBILITIES)
        self.assertEqual({"name": "sigmoid-prime", "score": 0, "max_score": 2, "visibility": "visible",
                          "output": "wrong: why"}, r["tests"][0])
        outcome["questions"][1]["heading"] = "5 · Both slopes as code"
        self.assertEqual("5 · Both slopes as code (slopes-code)", gradescope.results([outcome])["tests"][1]["name"])

    def test_run_autograder_grades_a_submission_into_results_json(self):
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            (root / "source").symlink_to(ROOT)  # the unpacked bundle: here, the project itself
            submission = root / "submission" / "03-activations.ipynb"
            submission.parent.mkdir()
            submission.write_bytes(submissions.build("partly").data())
            done = subprocess.run(["bash", "-c", gradescope.RUN], env={**os.environ, "AUTOGRADER_ROOT": d},
                                  capture_output=True, text=True, timeout=600)
            self.assertEqual(0, done.returncode, done.stdout + done.stderr)
            r = json.loads((root / "results" / "results.json").read_text())
        self.assertEqual(5.5, r["score"], r)
        self.assertEqual(["1 · The sigmoid's slope as a formula (sigmoid-prime)",
                          "2 · Its largest value (sigmoid-prime-at-0)", "3 · Far from zero (sigmoid-far)",
                          "4 · ReLU's slope (relu-negative)", "5 · Both slopes as code (slopes-code)"],
                         [t["name"] for t in r["tests"]])
        self.assertEqual(8, sum(t["max_score"] for t in r["tests"]))
        self.assertIn("5 of 6 checks pass", r["tests"][4]["output"])


if __name__ == "__main__":
    unittest.main()
