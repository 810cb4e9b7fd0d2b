"""Grading fanned out on a real Slurm cluster: Debian's slurm-wlm and munge (installed when
absent), a cluster of this one machine in a temporary folder (course/slurm/one-node.sh), the job
array of course/slurm/submit.sh over a handful of students of 03-activations, the merge after it,
and the same students graded in one run to compare with. Then what must be refused: a missing
shard (and grading it again alone, as the merge says), shards of other answer keys, bad shard
specs, a file that is not a notebook, a task without the project's set-up.

The class: five students of the roster who handed in (one of them twice), one who did not, and
one notebook from someone the roster does not know. Everything it starts is stopped by its process
id, and everything it writes is in its temporary folder, also when it fails.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from tests import submissions

ROOT = Path(__file__).resolve().parents[2]
SLURM = ROOT / "course" / "slurm"
LAB = str(ROOT / "lab")
SHARDS = 3
# As the grading test's: generous for a loaded machine (a cell's limit is wall-clock time).
LIMITS = ["--cell-seconds", "20", "--notebook-seconds", "120"]
WAIT_SECONDS = 240  # for every job of one submission; the whole test takes about two minutes

# login -> the mutation of tests/submissions.py its notebook has (None: solved).
HANDED_IN = {"wrong": "wrong", "partly": "partly", "compile-error": "compile-error",
             "int-parameter": "int-parameter", "twice": "twice"}
ROSTER = "name,id,login,section\n" + "".join(
    f"Student {login.title()},{100 + i},{login},A\n" for i, login in enumerate([*HANDED_IN, "absent"]))
STRANGER = "stranger"  # hands in a solved notebook, and is not on the roster


def log(message: str) -> None:
    print(f"[slurm test] {message}", file=sys.stderr, flush=True)


def write_class(folder: Path) -> list[str]:
    """The class's notebooks as folder/STUDENT/03-activations.ipynb; twice's second notebook is
    handed in a minute after the first. Returns every file as the grader names it."""
    def put(student: str, notebook: submissions.Submission) -> Path:
        path = folder / student / f"{notebook.exercise}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(notebook.data())
        for name, other in notebook.others.items():
            (path.parent / name).write_bytes(other.data())
            later = path.stat().st_mtime + 60
            os.utime(path.parent / name, (later, later))
        return path

    for login, mutation in HANDED_IN.items():
        put(login, submissions.build(mutation))
    put(STRANGER, submissions.Submission(submissions.ACTIVATIONS))
    return sorted(str(p.relative_to(folder.parent)) for p in folder.rglob("*.ipynb"))


def without(value, key: str):
    """A JSON value with every `key` taken out, at any depth (what differs between two runs)."""
    if isinstance(value, dict):
        return {k: without(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [without(v, key) for v in value]
    return value


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def report_lines(text: str) -> list[str]:
    """What entering a run into the gradebook listed: not entered, missing."""
    return sorted(line.strip() for line in text.splitlines()
                  if line.startswith(("  not entered: ", "  missing: ")))


class SlurmFanOutTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        started = time.monotonic()
        cls.install()
        cls.tmp = Path(tempfile.mkdtemp(prefix="backprop-slurm-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cluster = cls.tmp / "cluster"
        cls.env = {**os.environ, "SLURM_CONF": str(cluster / "slurm.conf"),
                   "PATH": os.environ.get("PATH", "") + ":/usr/sbin"}
        cls.addClassCleanup(cls.run_quietly, [str(SLURM / "one-node.sh"), "stop", str(cluster)])
        cls.check([str(SLURM / "one-node.sh"), "start", str(cluster)])
        log(f"cluster up in {time.monotonic() - started:.0f} s")

        cls.files = write_class(cls.tmp / "submissions")
        (cls.tmp / "roster.csv").write_text(ROSTER)
        options = ["--roster", "roster.csv", *LIMITS]
        cls.options = options
        # One CPU per task: two of the three shards run at once on a machine of two.
        submitted = cls.check([str(SLURM / "submit.sh"), "--shards", str(SHARDS), "--sbatch=--cpus-per-task=1",
                               "submissions", "fanned", "--gradebook", "fanned-book", *options])
        cls.array = re.search(r"array job (\d+)", submitted.stdout).group(1)
        cls.merge = re.search(r"merge job (\d+)", submitted.stdout).group(1)
        cls.wait_for_jobs()
        cls.states = cls.job_states(cls.array) + cls.job_states(cls.merge)
        log(f"array and merge done in {time.monotonic() - started:.0f} s; grading the same class in one run")

        cls.single = cls.check([LAB, "grade", "--out", "single", "--gradebook", "single-book", "--jobs", "2",
                                *options, "submissions"])
        log(f"set-up done in {time.monotonic() - started:.0f} s")

    # ---- helpers ------------------------------------------------------------------------------

    @classmethod
    def install(cls):
        programs = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol"]
        path = os.environ.get("PATH", "") + ":/usr/sbin"
        if all(shutil.which(p, path=path) for p in programs):
            return
        if os.geteuid() != 0:
            missing = "Slurm and munge are missing, and installing them needs root (apt-get install slurm-wlm munge)"
            if os.environ.get("CI") == "true":
                raise AssertionError(f"{missing}: under CI the Slurm test must run")
            raise unittest.SkipTest(f"THE SLURM TEST DID NOT RUN: {missing}")
        log("installing Debian's slurm-wlm and munge")
        subprocess.run([str(SLURM / "one-node.sh"), "install"], check=True, timeout=900)

    @classmethod
    def call(cls, command, **kwargs) -> subprocess.CompletedProcess:
        """Runs a command in the test's folder on its cluster; its output is kept, not shown."""
        return subprocess.run(command, cwd=kwargs.pop("cwd", cls.tmp), env=kwargs.pop("env", cls.env),
                              capture_output=True, text=True, timeout=kwargs.pop("timeout", 600), **kwargs)

    @classmethod
    def check(cls, command, **kwargs) -> subprocess.CompletedProcess:
        done = cls.call(command, **kwargs)
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    @classmethod
    def run_quietly(cls, command):
        done = cls.call(command)
        if done.returncode != 0:
            log(f"{' '.join(command)} failed ({done.returncode}): {done.stdout}{done.stderr}")

    @classmethod
    def wait_for_jobs(cls):
        """Waits until the cluster has no job left, saying every 10 s what runs."""
        start = last = time.monotonic()
        while True:
            queue = cls.check(["squeue", "-h", "-o", "%i %T"]).stdout.split("\n")
            queue = [line for line in queue if line.strip()]
            if not queue:
                return
            waited = time.monotonic() - start
            if waited > WAIT_SECONDS:
                logs = "".join(f"\n--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(cls.tmp.rglob("*.log"))
                               if "cluster" not in p.parts)
                raise AssertionError(f"jobs still queued after {WAIT_SECONDS} s: {queue}{logs}")
            if time.monotonic() - last >= 10:
                log(f"{waited:.0f} s: {', '.join(queue)}")
                last = time.monotonic()
            time.sleep(1)

    @classmethod
    def job_states(cls, job: str) -> list[tuple[str, str, str]]:
        """(job, state, exit code) of a job or of each task of an array job, from slurmctld."""
        out = cls.check(["scontrol", "-o", "show", "job", job]).stdout
        states = []
        for line in out.splitlines():
            fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
            name = fields["JobId"] if fields.get("ArrayTaskId") is None else f"{job}_{fields['ArrayTaskId']}"
            states.append((name, fields["JobState"], fields["ExitCode"]))
        return sorted(states)

    def wait_for_job(self, job: str):
        self.wait_for_jobs()
        return self.job_states(job)

    def shard_files(self, folder: Path) -> dict[int, list[str]]:
        """shard -> the files it graded, from each shard's run.json."""
        runs = [read_json(folder / f"shard-{k}" / "run.json") for k in range(SHARDS)]
        return {r["shard"]: sorted(r["files"]) for r in runs}

    def assertSameGrades(self, expected: Path, actual: Path):
        """Two runs' output folders hold the same files with the same content; grades.json the
        same apart from how long each notebook took."""
        def listing(folder):
            return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        self.assertEqual(listing(expected), listing(actual))
        for name in listing(expected):
            if name == "grades.json":
                self.assertEqual(without(read_json(expected / name), "seconds"),
                                 without(read_json(actual / name), "seconds"))
            else:
                self.assertEqual((expected / name).read_text(), (actual / name).read_text(), name)

    def assertSameGradebook(self, expected: Path, actual: Path):
        self.assertEqual(without(read_json(expected / "gradebook.json"), "gradedAt"),
                         without(read_json(actual / "gradebook.json"), "gradedAt"))

    # ---- the fan-out ----------------------------------------------------------------------------

    def test_every_shard_and_the_merge_completed(self):
        expected = [(f"{self.array}_{k}", "COMPLETED", "0:0") for k in range(SHARDS)]
        self.assertEqual(sorted(expected + [(self.merge, "COMPLETED", "0:0")]), self.states)

    def test_the_shards_split_the_class_by_student(self):
        shards = self.shard_files(self.tmp / "fanned")
        graded = [f for files in shards.values() for f in files]
        self.assertEqual(self.files, sorted(graded), "each notebook in exactly one shard")
        self.assertGreaterEqual(sum(1 for files in shards.values() if files), 2, "the class is split")
        twice = {k for k, files in shards.items() for f in files if f.startswith("submissions/twice/")}
        self.assertEqual(1, len(twice), "a student's two notebooks are in one shard")

    def test_the_merged_gradebook_is_the_single_run_s(self):
        self.assertSameGradebook(self.tmp / "single-book", self.tmp / "fanned-book")
        book = read_json(self.tmp / "fanned-book" / "gradebook.json")
        self.assertEqual(sorted(HANDED_IN), sorted(book["03-activations"]))
        self.assertEqual("submissions/twice/03-activations-twice.ipynb", book["03-activations"]["twice"]["file"],
                         "the one handed in last counts")

    def test_the_merge_lists_what_it_did_not_enter_as_the_single_run_does(self):
        merged = report_lines((self.tmp / "fanned" / "logs" / "merge.log").read_text())
        self.assertEqual(report_lines(self.single.stdout), merged)
        self.assertIn("missing: 03-activations: no submission from absent (Student Absent)", merged)
        self.assertIn(f"not entered: submissions/{STRANGER}/03-activations.ipynb: matches no student of the "
                      "roster, not entered", merged)
        self.assertEqual(1, sum("twice handed in 2 notebooks" in line for line in merged))

    def test_the_merged_grades_are_the_single_run_s(self):
        self.assertSameGrades(self.tmp / "single", self.tmp / "fanned" / "merged")

    def test_every_submission_is_listed_exactly_once_in_the_merged_grades(self):
        outcomes = read_json(self.tmp / "fanned" / "merged" / "grades.json")
        self.assertEqual(self.files, sorted(o["file"] for o in outcomes))

    def test_a_merge_needs_no_sandbox(self):
        # As on a login node or in a plain pod: no bubblewrap there, and the merge runs no code.
        no_sandbox = {**self.env, "LAB_BWRAP": "/nonexistent/bwrap"}
        self.check([LAB, "grade", "--merge", "--out", "merged-here", "--no-gradebook", "--roster", "roster.csv",
                    *[f"fanned/shard-{k}" for k in range(SHARDS)]], env=no_sandbox)
        self.assertSameGrades(self.tmp / "fanned" / "merged", self.tmp / "merged-here")
        refused = self.call([LAB, "grade", "submissions"], env=no_sandbox)
        self.assertEqual(1, refused.returncode)
        self.assertIn("cannot grade: bubblewrap is missing", refused.stderr)

    # ---- what goes wrong ------------------------------------------------------------------------

    def test_a_missing_shard_is_named_and_grading_it_again_alone_completes_the_merge(self):
        # The smallest shard's task "failed": its folder is not there.
        shards = self.shard_files(self.tmp / "fanned")
        lost = min(shards, key=lambda k: (len(shards[k]), k))
        partial = self.tmp / "partial"
        (partial / "logs").mkdir(parents=True)  # as submit.sh makes it
        for k in range(SHARDS):
            if k != lost:
                shutil.copytree(self.tmp / "fanned" / f"shard-{k}", partial / f"shard-{k}")
        merge = [str(SLURM / "merge.sh"), "--shards", str(SHARDS), "submissions", "partial",
                 "--gradebook", "partial-book", *self.options]
        refused = self.call(merge)
        self.assertEqual(2, refused.returncode, refused.stdout + refused.stderr)
        self.assertIn(f"shard {lost}/{SHARDS} of this grading is missing: run it (./lab grade --shard "
                      f"{lost}/{SHARDS} …) and merge again", refused.stderr)
        self.assertFalse((self.tmp / "partial-book").exists(), "a refused merge enters nothing")
        self.assertFalse((partial / "merged").exists())

        # The command the merge printed grades that shard again, alone.
        again = re.search(r"^\[merge\]   (sbatch --array=\S+ .*)$", refused.stderr, re.M)
        self.assertIsNotNone(again, refused.stderr)
        self.assertIn(f"sbatch --array={lost} ", again.group(1))
        job = re.search(r"Submitted batch job (\d+)", self.check(["bash", "-c", again.group(1)]).stdout).group(1)
        self.assertEqual([(f"{job}_{lost}", "COMPLETED", "0:0")], self.wait_for_job(job))
        self.assertIn(f"shard {lost}/{SHARDS} of submissions",
                      (partial / "logs" / f"shard-{lost}.again-{job}.log").read_text())
        self.check(merge)
        self.assertSameGrades(self.tmp / "fanned" / "merged", partial / "merged")
        self.assertSameGradebook(self.tmp / "fanned-book", self.tmp / "partial-book")

    def test_shards_of_other_answer_keys_are_refused_with_the_reason(self):
        other = self.tmp / "other-key" / "shard-0"
        shutil.copytree(self.tmp / "fanned" / "shard-0", other)
        run = read_json(other / "run.json")
        run["keys"]["03-activations"] = "0" * 64
        (other / "run.json").write_text(json.dumps(run))
        refused = self.call([LAB, "grade", "--merge", "--out", "other-merged", "--no-gradebook", str(other),
                            "fanned/shard-1", "fanned/shard-2"])
        self.assertEqual(2, refused.returncode, refused.stdout + refused.stderr)
        self.assertIn("was graded with other exercises or answer keys than", refused.stderr)
        self.assertIn("(03-activations has another key): grade every shard with the same solutions", refused.stderr)
        self.assertFalse((self.tmp / "other-merged").exists())

    def test_a_merge_with_another_roster_than_the_shards_is_refused(self):
        # The roster settled who is whose and so who is in which shard: the merge must use it too.
        (self.tmp / "other-roster.csv").write_text(ROSTER + "Student New,200,new,B\n")
        shards = [f"fanned/shard-{k}" for k in range(SHARDS)]
        for roster, reason in [(["--roster", "other-roster.csv"], "the shards were graded with another roster "
                                "than other-roster.csv: give the merge the shards' --roster"),
                               ([], "the shards were graded with a roster: give the merge the same --roster")]:
            with self.subTest(roster=roster):
                refused = self.call([LAB, "grade", "--merge", "--out", "other-merged", "--gradebook", "other-book",
                                     *roster, *shards])
                self.assertEqual(2, refused.returncode, refused.stdout + refused.stderr)
                self.assertIn(f"grade: {reason}", refused.stderr)
                self.assertFalse((self.tmp / "other-book").exists(), "a refused merge enters nothing")
                self.assertFalse((self.tmp / "other-merged").exists())

    def test_a_bad_shard_is_refused_clearly(self):
        for spec, reason in [("3/2", "the shard must be i/N with N ≥ 1 and 0 ≤ i < N"),
                             ("0/0", "the shard must be i/N with N ≥ 1 and 0 ≤ i < N"),
                             ("a/b", "the shard must be i/N, two whole numbers such as 0/4")]:
            with self.subTest(spec=spec):
                refused = self.call([LAB, "grade", "--shard", spec, "submissions"])
                self.assertEqual(2, refused.returncode, refused.stdout + refused.stderr)
                self.assertIn(f"grade: --shard {spec}: {reason}", refused.stderr)

    def test_a_file_that_is_not_a_notebook_is_refused(self):
        refused = self.call([LAB, "grade", "README.md"], cwd=ROOT)
        self.assertEqual(2, refused.returncode, refused.stdout + refused.stderr)
        self.assertIn("grade: README.md is not a notebook", refused.stderr)

    def test_a_task_of_an_array_that_does_not_say_how_many_shards_fails_saying_so(self):
        # sbatch --array=2 grade-array.sh …: an array of one task, which cannot tell N.
        job = self.check(["sbatch", "--parsable", "--array=2", "--output=lost-%a.log",
                          f"--export=ALL,LAB_ROOT={ROOT}", str(SLURM / "grade-array.sh"), "submissions",
                          "lost"]).stdout.strip().split(";")[0]
        self.assertEqual([(f"{job}_2", "FAILED", "2:0")], self.wait_for_job(job), "Slurm reports the task failed")
        self.assertIn("this array's tasks are 1 between 2 and 2, not 0-0, so its size is not the number of "
                      "shards: say it (grade-array.sh --shards N …)", (self.tmp / "lost-2.log").read_text())
        self.assertFalse((self.tmp / "lost").exists())

    def test_a_task_never_sets_the_project_up(self):
        # The library's build looks out of date, as after a change to its sources: ./lab would
        # rebuild it, a task refuses instead.
        stamp = ROOT / "build" / "kernel" / ".built"
        before = stamp.stat()
        task = {**self.env, "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": str(SHARDS),
                "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": str(SHARDS - 1), "LAB_ROOT": str(ROOT)}
        try:
            os.utime(stamp, (before.st_atime, 946684800))  # 2000-01-01
            refused = self.call([str(SLURM / "grade-array.sh"), "submissions", "unprepared"], env=task)
        finally:
            os.utime(stamp, ns=(before.st_atime_ns, before.st_mtime_ns))
        self.assertEqual(1, refused.returncode, refused.stdout + refused.stderr)
        self.assertIn("the project is not set up (the library and the kernel (build/kernel/) are not built, or "
                      "older than their sources), and with LAB_NO_SET_UP ./lab sets nothing up. Run ./lab grade "
                      "--prepare once", refused.stderr)
        self.assertFalse((self.tmp / "unprepared" / "shard-0").exists())


if __name__ == "__main__":
    unittest.main()
