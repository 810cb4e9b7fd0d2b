"""The grader, end to end on the real kernel: `./lab grade` over the solutions, the untouched
exercises and a set of wrong, partly right, malicious and broken submissions, each with the scores
and reasons it must get. The submissions are made for the run from the solutions and the released
exercises (tests/submissions.py: a student who solved everything, then one mutation each) and
written to a temporary folder as STUDENT/NN-topic.ipynb.

One grading run serves every test (it is the slow part: about a minute on two cores).
"""

import hashlib
import html
import json
import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

from tests import submissions

ROOT = Path(__file__).resolve().parents[2]
# Generous for a loaded machine (a cell's limit is wall-clock time); an endless loop costs 20 s.
LIMITS = ["--cell-seconds", "20", "--notebook-seconds", "120"]


def cell(student: str, question: str) -> int:
    """The number the grader quotes for the student's cell that checks a question."""
    return submissions.build(student).cell_number(question)


# student -> question -> (points, a piece of the reason); questions not listed score full marks.
EXPECTED = {
    "wrong": {
        "sigmoid-prime": (0, "only the factor 1 − σ(z)"),
        "sigmoid-prime-at-0": (0, "that is σ(0)"),
        "sigmoid-far": (0, "its slope flattens out"),
        "relu-negative": (0, "not the right option"),
        "slopes-code": (0, "0 of 6 checks pass"),
    },
    "partly": {
        "sigmoid-prime": (0, "the '(' here is never closed"),
        "slopes-code": (2.5, "5 of 6 checks pass"),
    },
    "fake-prints": {
        "sigmoid-prime": (0, "never received an answer"),
        "sigmoid-prime-at-0": (0, "not right"),
        "sigmoid-far": (0, "not implemented yet"),
        "relu-negative": (0, "not implemented yet"),
        "slopes-code": (0, "0 of 6 checks pass"),
    },
    "redefines-check": {q: (0, "declares its own 'Check'") for q in
                        ["sigmoid-prime", "sigmoid-prime-at-0", "sigmoid-far", "relu-negative",
                         "slopes-code"]},
    "redefines-assert": {"slopes-code": (0, "declares its own 'assertEquals'")},
    "redefines-hidden-name": {"slopes-code": (0, "declares a name the checks rely on, so they cannot be "
                                                 "trusted after it: rename what it declares")},
    "int-parameter": {"slopes-code": (
        0, "your code does not fit the checks: `sigmoidPrime` must take a double, not an int")},
    # The key is not in the grading sandbox: the cell that reads it fails, so does the answer.
    "reads-keys": {"sigmoid-prime": (0, "NullPointerException")},
    "system-exit": {"sigmoid-far": (
        0, f"your code cell {cell('system-exit', 'sigmoid-far')} failed before its check:\n"
           "java.lang.SecurityException: ending the JVM (System.exit or Runtime.halt) is not allowed")},
    "runtime-halt": {"sigmoid-far": (
        0, f"your code cell {cell('runtime-halt', 'sigmoid-far')} failed before its check:\n"
           "java.lang.SecurityException: ending the JVM (System.exit or Runtime.halt) is not allowed")},
    "endless-loop": {"sigmoid-prime-at-0": (
        0, f"your code cell {cell('endless-loop', 'sigmoid-prime-at-0')} ran past the time limit")},
    "huge-allocation": {"relu-negative": (0, "OutOfMemoryError: Java heap space")},
    "compile-error": {"sigmoid-prime-at-0": (0, "';' expected")},
    "stray-byte": {},
    "stray-byte-in-code": {"sigmoid-prime-at-0": (0, "illegal character: '\\ufffd'")},
    "twice": {"sigmoid-prime-at-0": (0, "not right")},
    "malformed": {q: (0, "the notebook could not be read") for q in
                  ["sigmoid-prime", "sigmoid-prime-at-0", "sigmoid-far", "relu-negative",
                   "slopes-code"]},
    "tampers": {"slopes-code": (0, f"flagged for the instructor: your code cell {cell('tampers', 'slopes-code') - 1} "
                                   "tried private access by reflection")},
    # The sandbox refuses the processes and the files of others; the student loses nothing by it.
    "escapes": {},
    "harms-others": {},
    "floods": {},
    "mixed": {
        "loss": (0, "the cost has a ½ in front"),
        "dC-db": (0, "check the sign"),
    },
}


def grade(out: Path, *paths) -> tuple[list[dict], str]:
    """Grades into `out`; returns the outcomes and what the grader printed (both streams)."""
    # The course's own numbers for everyone, whatever secret the project holds.
    done = subprocess.run([str(ROOT / "lab"), "grade", "--out", str(out), "--gradebook", str(out.parent / "gradebook"),
                           *LIMITS, *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "LAB_VARIANT_SECRET": "none"})
    if done.returncode != 0:
        raise AssertionError(f"./lab grade failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads((out / "grades.json").read_text()), done.stdout + done.stderr


def hidden_pieces() -> set[str]:
    """What of the solutions' hidden cells (// HIDDEN) a student must never see: each line of
    code the released exercises do not also have, and each long number (an expected value)."""
    released = {line.strip() for p in (ROOT / "exercises").glob("*.ipynb")
                for c in json.loads(p.read_text())["cells"] for line in "".join(c["source"]).split("\n")}
    pieces = set()
    for p in (ROOT / "solutions").glob("*.ipynb"):
        for c in json.loads(p.read_text())["cells"]:
            source = "".join(c["source"])
            if c["cell_type"] != "code" or not source.lstrip().startswith(submissions.HIDDEN):
                continue
            pieces |= {line.strip() for line in source.split("\n")[1:]
                       if len(line.strip()) >= 16 and line.strip() not in released}
            pieces |= set(re.findall(r"\d+\.\d{5,}", source))
    return pieces


def everything_written(out: Path) -> dict[str, str]:
    """Every file the grader wrote, as the text a reader sees (HTML and CSV quoting undone, JSON's
    strings as they are)."""
    texts = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        text = p.read_text(encoding="utf-8")
        if p.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False, indent=0).replace('\\"', '"')
        texts[str(p.relative_to(out))] = html.unescape(text).replace('""', '"')
    return texts


def digest(folder: Path) -> dict:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.ipynb"))}


class GradingTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls.tmp.name) / "grades"
        cls.submissions = Path(cls.tmp.name) / "submissions"
        submissions.write_all(cls.submissions, cls.out)
        # Of twice's two notebooks, the copy is the one changed last (so it counts in the gradebook).
        twice = cls.submissions / "twice"
        os.utime(twice / "03-activations.ipynb", (1_700_000_000, 1_700_000_000))
        os.utime(twice / "03-activations-twice.ipynb", (1_700_000_600, 1_700_000_600))
        cls.before = cls.digests()
        # An earlier run's grades, with what a submission's code could have left among them.
        (cls.out / "feedback" / "03-activations").mkdir(parents=True)
        (cls.out / "grades.json").write_text("[]")
        (cls.out / "feedback" / "03-activations" / "ghost.html").write_text("<p>8 of 8 points</p>")
        (cls.out / "marker.txt").write_text("was here")
        cls.outcomes, cls.terminal = grade(cls.out, ROOT / "solutions", ROOT / "exercises", cls.submissions)

    @classmethod
    def digests(cls) -> dict:
        return {**digest(cls.submissions), **digest(ROOT / "solutions"), **digest(ROOT / "exercises")}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def of(self, student, exercise=None, file=None):
        found = [o for o in self.outcomes if o["student"] == student
                 and (exercise is None or o["exercise"] == exercise) and (file is None or o["file"] == file)]
        self.assertEqual(1, len(found), f"one outcome for {student} {exercise or ''} {file or ''}")
        return found[0]

    def test_the_solutions_score_full_marks(self):
        solved = [o for o in self.outcomes if o["student"] == "solutions"]
        self.assertEqual(8, len(solved))
        for o in solved:
            for q in o["questions"]:
                self.assertEqual(q["max"], q["points"], f"{o['exercise']} {q['id']}: {q['message']}")

    def test_the_untouched_exercises_score_zero_with_reasons(self):
        untouched = [o for o in self.outcomes if o["student"] == "exercises"]
        self.assertEqual(8, len(untouched))
        for o in untouched:
            for q in o["questions"]:
                self.assertEqual(0, q["points"], f"{o['exercise']} {q['id']}")
                self.assertTrue(q["message"], f"{o['exercise']} {q['id']} has a reason")

    def test_each_submission_gets_its_expected_scores_and_reasons(self):
        self.assertEqual(set(submissions.MUTATIONS), set(EXPECTED), "every case has its expectations")
        for student, expected in EXPECTED.items():
            exercise = submissions.MUTATIONS[student][0]
            outcome = self.of(student, file=f"submissions/{student}/{exercise}.ipynb")
            for q in outcome["questions"]:
                points, reason = expected.get(q["id"], (q["max"], ""))
                with self.subTest(student=student, question=q["id"]):
                    self.assertEqual(points, q["points"], q["message"])
                    self.assertIn(reason, q["message"])

    def test_nothing_a_student_prints_counts_and_pages_escape_it(self):
        page = (self.out / "feedback" / "03-activations" / "fake-prints.html").read_text()
        self.assertIn("0 of 8 points", page)
        wrong = (self.out / "feedback" / "03-activations" / "wrong.html").read_text()
        self.assertIn("only the factor 1 − σ(z)", wrong)

    def test_a_name_only_the_hidden_checks_use_is_never_named(self):
        page = (self.out / "feedback" / "03-activations" / "redefines-hidden-name.html").read_text()
        self.assertIn("declares a name the checks rely on", page)
        self.assertNotIn("Activation", page)

    def test_bytes_that_are_not_utf8_are_noted_and_cost_only_the_code_they_are_in(self):
        self.assertEqual(["The file is not all UTF-8 text: 1 byte was read as \ufffd, in text cells "
                          "only, which changes nothing."], self.of("stray-byte")["notes"])
        self.assertEqual(["The file is not all UTF-8 text: 1 byte was read as \ufffd; code cell "
                          f"{cell('stray-byte-in-code', 'sigmoid-prime-at-0')} ran with \ufffd where it was."],
                         self.of("stray-byte-in-code")["notes"])

    def test_nothing_of_the_hidden_checks_is_ever_shown(self):
        pieces = hidden_pieces()
        self.assertIn("0.10499358540350662", pieces)
        self.assertIn('t.check("σ\' stays a number far from 0", () -> {', pieces)
        shown = {**everything_written(self.out), "the terminal": self.terminal}
        self.assertIn("feedback/03-activations/int-parameter.html", shown)
        for name, text in shown.items():
            for piece in pieces:
                self.assertNotIn(piece, text, f"{name} shows a piece of a hidden cell")

    def test_no_report_shows_the_machine_s_folders(self):
        for name, text in everything_written(self.out).items():
            self.assertNotIn(self.tmp.name, text, name)
        self.assertEqual("submissions/partly/03-activations.ipynb", self.of("partly")["file"])

    def test_outputs_are_written(self):
        csv = (self.out / "grades.csv").read_text().splitlines()
        self.assertEqual("student,exercise,question,points,max,result,reason,file", csv[0])
        wide = (self.out / "03-activations.csv").read_text().splitlines()
        self.assertEqual("student,sigmoid-prime,sigmoid-prime-at-0,sigmoid-far,relu-negative,"
                         "slopes-code,total,max,file", wide[0])

    def test_two_submissions_of_one_student_are_both_graded_listed_and_flagged(self):
        first = self.of("twice", file="submissions/twice/03-activations.ipynb")
        second = self.of("twice", file="submissions/twice/03-activations-twice.ipynb")
        self.assertEqual((7, 8), (sum(q["points"] for q in first["questions"]),
                                  sum(q["points"] for q in second["questions"])))
        note = ("two submissions for one student of one exercise (submissions/twice/03-activations-twice.ipynb "
                "and submissions/twice/03-activations.ipynb): both are graded and listed; the one changed "
                "last counts in the gradebook")
        self.assertEqual([note], first["notes"])
        self.assertEqual([note], second["notes"])
        self.assertIn(f"Warning: twice · 03-activations: {note}\n", self.terminal)
        rows = [line for line in (self.out / "03-activations.csv").read_text().splitlines()
                if line.startswith("twice,")]
        self.assertEqual(["twice,2,0,1,1,3,7,8,submissions/twice/03-activations.ipynb",
                          "twice,2,1,1,1,3,8,8,submissions/twice/03-activations-twice.ipynb"], sorted(rows))
        pages = self.out / "feedback" / "03-activations"
        self.assertFalse((pages / "twice.html").exists())
        self.assertIn("7 of 8 points", (pages / "twice--submissions_twice_03-activations.html").read_text())
        self.assertIn("8 of 8 points", (pages / "twice--submissions_twice_03-activations-twice.html").read_text())

    def test_the_output_folder_holds_this_run_s_files_only(self):
        pages = self.out / "feedback"
        exercises = {o["exercise"] for o in self.outcomes}
        expected = {"grades.csv", "grades.json", "run.json", "class-report.md", "class-report.html",
                    *(f"{e}.csv" for e in exercises if e != "(unknown)")}
        written = {str(p.relative_to(self.out)) for p in self.out.rglob("*") if p.is_file()}
        self.assertEqual(expected, {w for w in written if not w.startswith("feedback/")})
        self.assertEqual(len(self.outcomes), len(list(pages.rglob("*.html"))), "a page per submission")
        self.assertEqual(len(self.outcomes), len({w for w in written if w.startswith("feedback/")}))
        earlier = Path(f"{self.out}.previous")
        self.assertEqual("was here", (earlier / "marker.txt").read_text(), "the run before is kept")
        self.assertTrue((earlier / "feedback" / "03-activations" / "ghost.html").is_file())
        self.assertEqual(["gradebook", "grades", "grades.previous", "submissions"],
                         sorted(p.name for p in Path(self.tmp.name).iterdir() if p.name != "again"))

    def test_no_process_outlives_the_grading(self):
        left = subprocess.run(["pgrep", "-f", "sleep 600"], capture_output=True, text=True).stdout
        self.assertEqual("", left.strip(), "processes a submission started")

    def test_a_flood_is_cut_and_costs_nothing(self):
        self.assertEqual(8, sum(q["points"] for q in self.of("floods")["questions"]))
        self.assertLess((self.out / "grades.json").stat().st_size, 2_000_000)

    def test_the_gradebook_has_one_entry_per_student_and_exercise(self):
        book = json.loads((Path(self.tmp.name) / "gradebook" / "gradebook.json").read_text())
        graded = {(o["exercise"], o["student"]) for o in self.outcomes if o["exercise"] != "(unknown)"
                  and not any(n.startswith("NOT GRADED") for n in o["notes"])}
        self.assertEqual(graded, {(ex, st) for ex, students in book.items() for st in students})
        twice = book["03-activations"]["twice"]
        self.assertEqual("submissions/twice/03-activations-twice.ipynb", twice["file"], "the one last changed")
        self.assertEqual(8, twice["points"])
        self.assertIn("not entered: submissions/twice/03-activations.ipynb: twice handed in 2 notebooks", self.terminal)

    def test_submissions_are_never_changed(self):
        handed_in = sum(1 + len(submissions.build(s).others) for s in submissions.MUTATIONS)
        self.assertEqual(handed_in, len(digest(self.submissions)))
        self.assertEqual(self.before, self.digests())

    def test_grading_again_gives_the_same_scores(self):
        again, _ = grade(Path(self.tmp.name) / "again", self.submissions / "system-exit",
                         self.submissions / "partly")
        for o in again:
            first = self.of(o["student"])
            self.assertEqual([(q["id"], q["points"]) for q in first["questions"]],
                             [(q["id"], q["points"]) for q in o["questions"]])


if __name__ == "__main__":
    unittest.main()
