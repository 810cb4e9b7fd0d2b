"""Each student's own numbers and backpropagation diagnosed equation by equation, end to end on
the real kernel: `./lab release --roster` gives three students their own exercise 04, each solved
with the solution's code on the student's own numbers; `./lab grade --roster` gives each full
marks with their own notebook and none for another's answers. Copies of exercise 06's solution,
each with one named misconception written in, are diagnosed by name and equation; one written with
loops instead of matrices gets full marks.

One release and one grading run serve every test (the slow part: about a minute on two cores).
"""

import hashlib
import hmac
import json
import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

from tests import submissions

ROOT = Path(__file__).resolve().parents[2]
SECRET = "the instructor's secret of this test, not the course's"
LIMITS = ["--cell-seconds", "20", "--notebook-seconds", "120"]
NUMBER = re.compile(r"\b(x|t|w1|w2|b) = (-?[0-9.]+)")

# A misconception written into exercise 06's solution: (what the solution has, what it becomes),
# the equation and the words its feedback must have.
MISCONCEPTIONS = {
    "sigma-prime-missing": ("s.a[L].minus(y).hadamard(sigmoidPrime(s.z[L]))", "s.a[L].minus(y)",
                            "BP1", "without σ′"),
    "sigma-prime-twice": ("s.a[L].minus(y).hadamard(sigmoidPrime(s.z[L]))",
                          "s.a[L].minus(y).hadamard(sigmoidPrime(s.z[L])).hadamard(sigmoidPrime(s.z[L]))",
                          "BP1", "σ′ applied twice"),
    "sigma-for-sigma-prime": (".hadamard(sigmoidPrime(s.z[l]))", ".hadamard(sigmoid(s.z[l]))", "BP2", "where σ′("),
    "w-not-transposed": ("net.w(l + 1).transpose().times", "net.w(l + 1).times", "BP2", ")ᵀ belongs"),
    "own-activation": ("s.delta[l].times(s.a[l - 1].transpose())", "s.delta[l].times(s.a[l].transpose())",
                       "BP4", ", the activation feeding"),
    "delta-from-z": ("s.a[L].minus(y).hadamard", "s.z[L].minus(y).hadamard", "BP1", "from z where a belongs"),
    "not-divided": ("sum.times(eta / nablas.size())", "sum.times(eta)", "update", "not divided by m"),
    "added": ("w.minus(sum.times(eta / nablas.size()))", "w.plus(sum.times(eta / nablas.size()))", "update",
              "added where it must be subtracted"),
}

LOOPS = """int L = net.depth();
for (int l = 1; l <= L; l++) {
    int rows = net.w(l).rows();
    double[] z = new double[rows];
    double[] a = new double[rows];
    for (int j = 0; j < rows; j++) {
        z[j] = net.b(l).get(j);
        for (int k = 0; k < net.w(l).cols(); k++) {
            z[j] += net.w(l).get(j, k) * s.a[l - 1].get(k);
        }
        a[j] = 1 / (1 + Math.exp(-z[j]));
    }
    s.z[l] = Matrix.vector(z);
    s.a[l] = Matrix.vector(a);
}
for (int l = L; l >= 1; l--) {
    int rows = net.w(l).rows();
    double[] delta = new double[rows];
    for (int j = 0; j < rows; j++) {
        double a = s.a[l].get(j);
        double back = 0;
        if (l == L) {
            back = a - y.get(j);
        } else {
            for (int k = 0; k < net.w(l + 1).rows(); k++) {
                back += net.w(l + 1).get(k, j) * s.delta[l + 1].get(k);
            }
        }
        delta[j] = back * a * (1 - a);
    }
    s.delta[l] = Matrix.vector(delta);
    s.nablaB[l] = Matrix.vector(delta);
    double[][] nablaW = new double[rows][net.w(l).cols()];
    for (int j = 0; j < rows; j++) {
        for (int k = 0; k < net.w(l).cols(); k++) {
            nablaW[j][k] = delta[j] * s.a[l - 1].get(k);
        }
    }
    s.nablaW[l] = Matrix.of(nablaW);
}"""


def solved(released: dict, exercise: str) -> dict:
    """A released notebook with every stub filled by the solution's code; its first cell and its
    cell of numbers as they were released (a student's own numbers stay theirs)."""
    solution = json.loads((ROOT / "solutions" / f"{exercise}.ipynb").read_text(encoding="utf-8"))
    twins = {c["id"]: c for c in solution["cells"]}
    out = json.loads(json.dumps(released))
    code = [c for c in out["cells"] if c["cell_type"] == "code"]
    for cell in code[1:]:
        twin = "".join(twins[cell["id"]]["source"])
        if not twin.startswith("// VARIANT"):
            cell["source"] = submissions.solved(twin).splitlines(keepends=True)
    return out


def numbers(notebook: dict) -> dict:
    text = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    return {name: float(value) for name, value in NUMBER.findall(text)}


def numbers06(notebook: dict) -> dict:
    """The numbers exercise 06's cell of numbers assigns (x1 = 0.5, w1_12 = -0.6, …)."""
    cell = next("".join(c["source"]) for c in notebook["cells"]
                if c["cell_type"] == "code" and "double x1 =" in "".join(c["source"]))
    return dict((n, float(v)) for n, v in re.findall(r"\b(\w+) = (-?[0-9.]+)", cell))


def points(outcome: dict) -> tuple:
    """A submission's points and the most it could get."""
    return (sum(q["points"] for q in outcome["questions"]), sum(q["max"] for q in outcome["questions"]))


def write(path: Path, notebook: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def lab(*args, status: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([str(ROOT / "lab"), *args], cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "LAB_VARIANT_SECRET": SECRET})
    if done.returncode != status:
        raise AssertionError(f"./lab {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


class VariantsAndDiagnosisTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        roster = tmp / "roster.csv"
        roster.write_text("name,id,login,section\nAda Lovelace,101,ada,A\nBo Li,102,bo,A\nCy Young,103,cy,B\n")
        lab("release", "--roster", str(roster), "--out", str(tmp / "release"))
        cls.released = {s: json.loads((tmp / "release" / s / "04-simple-network.ipynb").read_text())
                        for s in ("ada", "bo", "cy")}
        subs = tmp / "submissions"
        write(subs / "ada" / "04-simple-network.ipynb", solved(cls.released["ada"], "04-simple-network"))
        write(subs / "bo" / "04-simple-network.ipynb", solved(cls.released["bo"], "04-simple-network"))
        # Cy hands in Bo's solved notebook: Bo's numbers, Bo's answers, Bo's seed.
        write(subs / "cy" / "04-simple-network.ipynb", solved(cls.released["bo"], "04-simple-network"))
        cls.released06 = {s: json.loads((tmp / "release" / s / "06-four-equations.ipynb").read_text())
                          for s in ("ada", "bo")}
        write(subs / "ada" / "06-four-equations.ipynb", solved(cls.released06["ada"], "06-four-equations"))
        write(subs / "cy" / "06-four-equations.ipynb", solved(cls.released06["bo"], "06-four-equations"))
        exercise = json.loads((ROOT / "exercises" / "06-four-equations.ipynb").read_text())
        right = solved(exercise, "06-four-equations")
        for name, (before, after, _, _) in MISCONCEPTIONS.items():
            wrong = json.loads(json.dumps(right))
            changed = 0
            for cell in wrong["cells"]:
                source = "".join(cell["source"])
                if before in source:
                    cell["source"] = source.replace(before, after, 1).splitlines(keepends=True)
                    changed += 1
            assert changed == 1, f"{name}: {before!r} is in {changed} cells of the solution"
            write(subs / f"m-{name}" / "06-four-equations.ipynb", wrong)
        loops = submissions.Submission("06-four-equations")
        loops.define("backprop", LOOPS)
        write(subs / "loops" / "06-four-equations.ipynb", loops.notebook)
        out = tmp / "grades"
        cls.roster, cls.gradebook, cls.subs = roster, tmp / "gradebook", subs
        cls.printed = lab("grade", "--out", str(out), "--gradebook", str(cls.gradebook), "--roster", str(roster),
                          *LIMITS, str(subs)).stdout
        cls.outcomes = {(o["student"], o["exercise"]): o for o in json.loads((out / "grades.json").read_text())}
        cls.out = out

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def question(self, student: str, exercise: str, question: str) -> dict:
        return next(q for q in self.outcomes[(student, exercise)]["questions"] if q["id"] == question)

    def test_the_released_notebooks_state_each_student_s_own_numbers(self):
        ada, bo, cy = (numbers(self.released[s]) for s in ("ada", "bo", "cy"))
        self.assertEqual(5, len(ada), ada)
        self.assertNotEqual(ada, bo)
        self.assertNotEqual(bo, cy)
        self.assertNotEqual({"x": 3, "t": 1, "w1": 0.01, "w2": -5, "b": -1}, ada)
        self.assertTrue(all(-2 <= n[w] <= 2 for n in (ada, bo, cy) for w in ("w1", "w2")))
        for s in ("ada", "bo", "cy"):
            self.assertNotIn(SECRET, json.dumps(self.released[s]))

    def test_each_student_passes_with_their_own_solution(self):
        for s in ("ada", "bo"):
            o = self.outcomes[(s, "04-simple-network")]
            self.assertEqual((5, 5), points(o), json.dumps(o, indent=1, ensure_ascii=False))
            self.assertEqual([], o["notes"])

    def test_another_student_s_solution_is_the_answer_for_different_numbers(self):
        o = self.outcomes[("cy", "04-simple-network")]
        self.assertEqual((0, 5), points(o), json.dumps(o, indent=1, ensure_ascii=False))
        for q in o["questions"]:
            self.assertIn("this is the answer for different numbers", q["message"])
        self.assertTrue(o["notes"][0].startswith("Your notebook's variant seed is not the one released to you"),
                        o["notes"])

    def test_exercise_06_gives_each_student_their_own_network_too(self):
        ada, bo = (numbers06(self.released06[s]) for s in ("ada", "bo"))
        self.assertEqual(16, len(ada), ada)
        self.assertNotEqual(ada, bo)
        self.assertEqual((12, 12), points(self.outcomes[("ada", "06-four-equations")]))
        copied = self.question("cy", "06-four-equations", "delta-hidden")
        self.assertEqual(0, copied["points"])
        self.assertIn("this is the answer for different numbers", copied["message"])

    def test_each_misconception_is_diagnosed_by_name_and_equation(self):
        for name, (_, _, equation, words) in MISCONCEPTIONS.items():
            q = self.question(f"m-{name}", "06-four-equations", "backprop-code")
            self.assertLess(q["points"], 6, name)
            named = [c for c in q["cases"] if not c["passed"] and c["name"].startswith(equation + ":")
                     and c["message"].startswith(equation) and words in c["message"]]
            self.assertTrue(named, f"{name}: no failing {equation} case names it:\n"
                            + json.dumps(q, indent=1, ensure_ascii=False))
            self.assertIn(f"{equation} 0 of", q["message"], name)
            self.assertNotRegex(" ".join(c["message"] for c in q["cases"]), r"\d\.\d{3}", "never a number")

    def test_a_wrong_bp2_keeps_the_points_of_the_other_equations(self):
        q = self.question("m-sigma-for-sigma-prime", "06-four-equations", "backprop-code")
        self.assertIn("forward 1 of 1, BP1 1 of 1, BP2 0 of 1, BP3 0.50 of 0.50, BP4 1 of 1, update 1 of 1",
                      q["message"])

    def test_the_class_report_counts_each_misconception_and_lists_the_common_wrong_answers(self):
        report = (self.out / "class-report.md").read_text(encoding="utf-8")
        for title in ("σ′ missing", "σ′ applied twice", "σ(z) used for σ′(z)", "w instead of wᵀ in BP2",
                      "a^l instead of a^(l−1) in BP4", "mini-batch sum not divided by m",
                      "gradient added instead of subtracted", "δ from z where a belongs"):
            self.assertRegex(report, re.escape(title) + r": \d+ students?", title)
        self.assertIn("| backprop-code | ", report)
        common = report.split("**Most common wrong answers**")[1]
        self.assertIn("this is the answer for different numbers", common)
        self.assertTrue((self.out / "class-report.html").is_file())

    def test_each_grade_records_what_it_was_made_from_and_a_replay_makes_it_again(self):
        book = json.loads((self.gradebook / "gradebook.json").read_text(encoding="utf-8"))
        entry = book["04-simple-network"]["ada"]
        graded = (self.subs / "ada" / "04-simple-network.ipynb").read_bytes()
        seed = hmac.new(SECRET.encode(), b"04-simple-network\nada", hashlib.sha256).hexdigest()[:16]
        self.assertEqual(hashlib.sha256(graded).hexdigest(), entry["replay"]["submission"])
        self.assertEqual(seed, entry["replay"]["seed"])
        self.assertEqual(seed, self.released["ada"]["metadata"]["backprop"]["variant"])
        self.assertRegex(entry["replay"]["library"], r"jars [0-9a-f]{16}")
        self.assertTrue(entry["replay"]["jdk"] and entry["replay"]["key"], entry["replay"])
        replay = ["grade", "--replay", "cy", "--roster", str(self.roster), "--gradebook", str(self.gradebook), *LIMITS]
        again = lab(*replay).stdout
        self.assertIn("04-simple-network · cy", again)
        self.assertIn("replayed: the same score and the same feedback, question by question", again)
        copy = self.gradebook / "submissions" / (book["04-simple-network"]["cy"]["replay"]["submission"] + ".ipynb")
        copy.write_bytes(copy.read_bytes().replace(b"double x", b"double  x"))
        self.assertIn("cannot be replayed: the gradebook's copy of the notebook has changed since",
                      lab(*replay, status=5).stdout)

    def test_a_roster_with_a_repeated_or_empty_id_is_refused_at_release_naming_the_line(self):
        tmp = Path(self.tmp.name)
        for text, reason in (("Ada,101,ada,A\nBo,101,bo,A\n", "roster.csv line 3 repeats the id 101 of line 2"),
                             ("Ada,101,ada,A\nBo,,bo,A\n", "roster.csv line 3 has no id")):
            (tmp / "bad" / "roster.csv").parent.mkdir(exist_ok=True)
            (tmp / "bad" / "roster.csv").write_text("name,id,login,section\n" + text)
            done = lab("release", "--roster", str(tmp / "bad" / "roster.csv"), "--out", str(tmp / "bad" / "out"), status=2)
            self.assertIn(reason, done.stderr)
            self.assertFalse((tmp / "bad" / "out").exists(), "nothing released")

    def test_loops_instead_of_matrices_get_full_marks(self):
        q = self.question("loops", "06-four-equations", "backprop-code")
        self.assertEqual((6, "right"), (q["points"], q["result"]), json.dumps(q, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    unittest.main()
