"""course/hub/course_sync.py: the course reaches a student's home at every server start, and a
student's work is never overwritten (nbgitpuller's merge rules, file by file)."""

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from labtools import paths

SCRIPT = paths.ROOT / "course" / "hub" / "course_sync.py"
_spec = importlib.util.spec_from_file_location("course_sync", SCRIPT)
course_sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course_sync)


class CourseSyncTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.course = Path(self.dir.name) / "course"
        self.home = Path(self.dir.name) / "home" / "backprop-lab"
        self.write_course("exercises/01-descent.ipynb", "exercise 1, first version")
        self.write_course("exercises/02-chain.ipynb", "exercise 2")
        self.write_course("notebooks/01-descent.ipynb", "lecture 1")
        self.write_course("notebooks/data/points.csv", "x,y\n1,2\n")
        self.write_course("README.md", "read me")
        self.write_course("kernel/install.py", "not for the home folder")

    def write_course(self, rel, text):
        path = self.course / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def mine(self, rel):
        return (self.home / rel).read_text()

    def sync(self, at=1_700_000_000.0):
        return course_sync.sync(self.course, self.home, now=at)

    def test_the_first_login_copies_the_lectures_the_exercises_and_the_readme(self):
        done = self.sync()
        self.assertEqual(["README.md", "exercises/01-descent.ipynb", "exercises/02-chain.ipynb",
                          "notebooks/01-descent.ipynb", "notebooks/data/points.csv"],
                         sorted(p.relative_to(self.home).as_posix() for p in self.home.rglob("*")
                                if p.is_file() and p.name != course_sync.MANIFEST))
        self.assertIn("added exercises/01-descent.ipynb", done)
        self.assertFalse((self.home / "kernel").exists(), "the kernel stays in the course")
        self.assertEqual([], self.sync(), "a second start with nothing new does nothing")

    def test_1_a_new_file_of_the_course_is_added(self):
        self.sync()
        self.write_course("exercises/03-activations.ipynb", "exercise 3")
        self.assertEqual(["added exercises/03-activations.ipynb"], self.sync())
        self.assertEqual("exercise 3", self.mine("exercises/03-activations.ipynb"))

    def test_2_a_file_the_student_left_alone_is_updated(self):
        self.sync()
        self.write_course("exercises/01-descent.ipynb", "exercise 1, second version")
        self.assertEqual(["updated exercises/01-descent.ipynb"], self.sync())
        self.assertEqual("exercise 1, second version", self.mine("exercises/01-descent.ipynb"))

    def test_3_a_file_the_student_changed_is_kept_whatever_the_course_does(self):
        self.sync()
        (self.home / "exercises/01-descent.ipynb").write_text("my answers")
        self.write_course("exercises/01-descent.ipynb", "exercise 1, second version")
        self.assertEqual(["kept exercises/01-descent.ipynb: changed by you (the course's version "
                          "is not applied)"], self.sync())
        self.assertEqual("my answers", self.mine("exercises/01-descent.ipynb"))
        self.write_course("exercises/01-descent.ipynb", "exercise 1, third version")
        self.sync()
        self.assertEqual("my answers", self.mine("exercises/01-descent.ipynb"), "and at every later start")

    def test_4_a_file_the_student_deleted_comes_back_fresh(self):
        self.sync()
        (self.home / "exercises/02-chain.ipynb").write_text("a mess")
        self.sync()
        (self.home / "exercises/02-chain.ipynb").unlink()
        self.assertEqual(["restored exercises/02-chain.ipynb (deleted)"], self.sync())
        self.assertEqual("exercise 2", self.mine("exercises/02-chain.ipynb"))

    def test_5_a_students_own_file_with_the_name_of_a_new_one_is_moved_aside(self):
        self.sync()
        (self.home / "exercises/03-activations.ipynb").write_text("my own notes")
        self.write_course("exercises/03-activations.ipynb", "exercise 3")
        at = 1_700_000_000.0
        done = self.sync(at)
        stamp = time.strftime("%Y%m%d%H%M%S", time.localtime(at))
        self.assertEqual([f"renamed your exercises/03-activations.ipynb to 03-activations_{stamp}.ipynb, "
                          "added the course's exercises/03-activations.ipynb"], done)
        self.assertEqual("exercise 3", self.mine("exercises/03-activations.ipynb"))
        self.assertEqual("my own notes", self.mine(f"exercises/03-activations_{stamp}.ipynb"))

    def test_6_a_file_the_course_dropped_goes_unless_the_student_changed_it(self):
        self.sync()
        (self.home / "exercises/01-descent.ipynb").write_text("my answers")
        (self.course / "exercises/01-descent.ipynb").unlink()
        (self.course / "exercises/02-chain.ipynb").unlink()
        done = self.sync()
        self.assertEqual(["kept exercises/01-descent.ipynb: no longer in the course, changed by you",
                          "removed exercises/02-chain.ipynb (no longer in the course)"], done)
        self.assertEqual("my answers", self.mine("exercises/01-descent.ipynb"))
        self.assertFalse((self.home / "exercises/02-chain.ipynb").exists())
        self.assertEqual([], self.sync(), "the kept file is the student's own from now on")

    def test_a_student_who_undoes_their_edit_gets_updates_again(self):
        self.sync()
        (self.home / "exercises/01-descent.ipynb").write_text("my answers")
        self.sync()
        (self.home / "exercises/01-descent.ipynb").write_text("exercise 1, first version")
        self.write_course("exercises/01-descent.ipynb", "exercise 1, second version")
        self.assertEqual(["updated exercises/01-descent.ipynb"], self.sync())

    def test_a_damaged_record_loses_no_work(self):
        self.sync()
        (self.home / "exercises/01-descent.ipynb").write_text("my answers")
        (self.home / course_sync.MANIFEST).write_text("{ not json")
        self.sync()
        aside = [p.name for p in (self.home / "exercises").iterdir() if p.name.startswith("01-descent_")]
        self.assertEqual(1, len(aside), "without a record, a file unlike the course's is kept aside")
        self.assertEqual("my answers", self.mine(f"exercises/{aside[0]}"))
        self.assertEqual(json.loads((self.home / course_sync.MANIFEST).read_text())["course"], str(self.course))

    def test_from_the_command_line_and_a_bad_course_folder(self):
        done = subprocess.run([sys.executable, str(SCRIPT), str(self.course), str(self.home)],
                              capture_output=True, text=True)
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertIn("course-sync: added exercises/01-descent.ipynb", done.stdout)
        done = subprocess.run([sys.executable, str(SCRIPT), str(self.home / "nowhere"), str(self.home)],
                              capture_output=True, text=True)
        self.assertNotEqual(0, done.returncode)
        self.assertIn("is not an installed course (no exercises/)", done.stderr)


if __name__ == "__main__":
    unittest.main()
