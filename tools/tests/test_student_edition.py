"""The student edition (./lab student-edition): every file of it, inside jars too, is free of
solutions, answers, hidden checks, the grader and the instructor's kernel; everything a student
needs is in it; and its kernel installs and runs an exercise on its own. Needs the Maven build,
which ./lab test makes first."""

import asyncio
import base64
import io
import json
import os
import re
import tempfile
import unittest
import zipfile
from pathlib import Path

import nbformat

from labtools import edition, kernelspec, leaks, paths


class StudentEditionTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.edition = edition.build(Path(cls.dir.name) / "edition")
        cls.folder = cls.edition.folder
        cls.needles = leaks.needles()

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_no_file_holds_a_solution_an_answer_a_hidden_check_or_the_grader(self):
        report = leaks.scan(self.folder, self.needles)
        self.assertEqual([], report.found)
        jars = sorted(self.folder.rglob("*.jar"))
        entries = sum(len(zipfile.ZipFile(j).namelist()) for j in jars)
        self.assertGreaterEqual(report.entries, entries - sum(
            1 for j in jars for n in zipfile.ZipFile(j).namelist() if n.endswith("/")),
            "every file entry of every jar was searched")
        files = [p for p in self.folder.rglob("*") if p.is_file()]
        self.assertEqual(len(files), report.files)

    def test_the_answers_searched_for_are_the_distinctive_ones_of_every_key(self):
        strings = self.needles.strings
        # Formula answers long enough to tell apart, number answers with their full digits.
        for answer in ("e^(-z)/(1+e^(-z))^2", "w*e^(w*x)", "(a-y)*e^(-z)/(1+e^(-z))^2",
                       "a_k*delta_j", "w_1-eta*(partialC)/(partialw_1)", "0.28842841648243966",
                       "2.0809165621704553", "-0.13872777081136367"):
            self.assertIn(answer, strings)
        # Solution code, inline and in blocks; hidden checks' lines, texts and numbers.
        for text in ("double s = 1 / (1 + Math.exp(-z));", "0.5 * (y - t) * (y - t)",
                     "return w.minus(nablaW.times(eta));", "0.10499358540350662",
                     "σ' agrees with the library from −6 to 6",
                     "Network square = Network.sizes(3, 3, 3, 3).seed(seed).build();"):
            self.assertIn(text, strings)
        # Every solution notebook gives something to search for.
        for notebook in paths.SOLUTIONS.glob("*.ipynb"):
            self.assertTrue(any(notebook.name in where for where in strings.values()), notebook.name)
        # Too short to search: said, not silently dropped.
        unsearchable = "\n".join(self.needles.unsearchable)
        self.assertIn("sigmoid-far: choice answer 'C' is too short", unsearchable)
        self.assertIn("dC-db: formula answer 'delta_j' is too short", unsearchable)
        self.assertNotIn("C", strings)

    def test_it_holds_every_lecture_exercise_and_jar_a_student_needs_and_nothing_else(self):
        names = sorted(p.name for p in self.folder.iterdir())
        self.assertEqual([".backprop-student-edition", "README.md", "exercises", "kernel",
                          "notebooks"], names)
        for folder in ("notebooks", "exercises"):
            source = paths.ROOT / folder
            # The folder's notebooks, and in notebooks/ any other file too (data a lecture reads).
            everything = sorted(str(p.relative_to(source)) for p in source.rglob("*")
                                if p.is_file() and ".ipynb_checkpoints" not in p.parts
                                and (p.parent == source if p.suffix == ".ipynb" else folder == "notebooks"))
            self.assertEqual(everything, sorted(str(p.relative_to(self.folder / folder))
                                                for p in (self.folder / folder).rglob("*") if p.is_file()))
            wanted = sorted(p.name for p in source.glob("*.ipynb"))
            for name in wanted:
                ours = nbformat.read(self.folder / folder / name, as_version=4)
                theirs = nbformat.read(source / name, as_version=4)
                self.assertEqual([c.source for c in theirs.cells], [c.source for c in ours.cells])
                self.assertEqual([], [c for c in ours.cells if c.get("outputs")], name)
                self.assertEqual(kernelspec.NAME, ours.metadata.kernelspec.name, name)
        kernel = self.folder / "kernel"
        self.assertEqual(kernelspec.DEFAULT_JAR.read_bytes(),
                         (kernel / kernelspec.DEFAULT_JAR.name).read_bytes())
        classpath = sorted(p.name for p in paths.KERNEL_CLASSPATH.glob("*.jar"))
        self.assertEqual(classpath, sorted(p.name for p in (kernel / "classpath").iterdir()))
        for name in classpath:
            self.assertEqual((paths.KERNEL_CLASSPATH / name).read_bytes(),
                             (kernel / "classpath" / name).read_bytes(), name)
        for jar in paths.INSTRUCTOR_CLASSPATH.glob("*.jar"):
            self.assertEqual([], list(self.folder.rglob(jar.name)), "the grader's jar")
        self.assertEqual(
            ["README.md", "classpath", "install.py", "javadoc.json", "kernel.json.in", "kernelguard",
             "kernelguard-agent.jar", kernelspec.DEFAULT_JAR.name, "startup.jsh"],
            sorted(p.name for p in kernel.iterdir()))

    def test_its_kernel_installs_and_checks_an_exercise_on_its_own(self):
        prefix = Path(self.dir.name) / "env"
        done = _run([str(paths.VENV_PYTHON), str(self.folder / "kernel" / "install.py"),
                     "--prefix", str(prefix)])
        self.assertEqual(0, done.returncode, done.stderr)
        spec_file = prefix / "share" / "jupyter" / "kernels" / kernelspec.NAME / "kernel.json"
        spec = json.loads(spec_file.read_text())
        self.assertEqual(kernelspec.DISPLAY_NAME, spec["display_name"])
        text = json.dumps(spec)
        self.assertNotIn("@", text, "a placeholder left in")
        # The supervisor runs on the Python named for it (here the project's, which has pyzmq);
        # everything else the kernel uses is in the edition.
        self.assertEqual(str(paths.VENV_PYTHON), spec["argv"][0])
        self.assertNotIn(str(paths.ROOT), json.dumps(dict(spec, argv=spec["argv"][1:])),
                         "the installed kernel points into the project")
        self.assertNotIn("--cds-dir", spec["argv"], "a shared install keeps no class archive")
        jars = spec["env"]["RJK_CLASSPATH"].split(";")
        self.assertTrue(all(Path(j).is_file() and self.folder in Path(j).parents for j in jars))

        outputs = asyncio.run(_run_exercise_cells(prefix / "share" / "jupyter" / "kernels",
                                                  self.folder / "exercises"))
        self.assertIn("✓ sigmoid-prime-at-0 — right", re.sub(r"\x1b\[[0-9;]*m", "", outputs))

    def test_the_installer_says_what_is_wrong(self):
        done = _run([str(paths.VENV_PYTHON), str(self.folder / "kernel" / "install.py"),
                     "--prefix", str(Path(self.dir.name) / "env2"), "--java", "/no/such/java"])
        self.assertEqual(1, done.returncode)
        self.assertIn("cannot run /no/such/java", done.stderr)
        # A Python without pyzmq (this one without its site-packages): named, and refused.
        bare = Path(self.dir.name) / "bare-python"
        bare.write_text(f"#!/bin/sh\nexec {paths.VENV_PYTHON} -S \"$@\"\n")
        bare.chmod(0o755)
        done = _run([str(paths.VENV_PYTHON), str(self.folder / "kernel" / "install.py"),
                     "--prefix", str(Path(self.dir.name) / "env3"), "--python", str(bare)])
        self.assertEqual(1, done.returncode)
        self.assertIn(f"{bare} has no pyzmq", done.stderr)
        self.assertFalse((Path(self.dir.name) / "env2").exists() or (Path(self.dir.name) / "env3").exists(),
                         "nothing is installed when the installer refuses")

    def test_bad_folders_are_refused_with_the_reason(self):
        with self.assertRaisesRegex(edition.EditionError, "holds the project"):
            edition.build(paths.ROOT)
        with self.assertRaisesRegex(edition.EditionError, "not under build/"):
            edition.build(paths.ROOT / "exercises" / "edition")
        busy = Path(self.dir.name) / "busy"
        busy.mkdir()
        (busy / "thesis.tex").write_text("mine")
        with self.assertRaisesRegex(edition.EditionError, "not empty and not an earlier"):
            edition.build(busy)
        self.assertEqual("mine", (busy / "thesis.tex").read_text(), "nothing of it was touched")


class LeakSearchTest(unittest.TestCase):
    """The search finds each kind of leak wherever it is hidden (so a clean edition means clean)."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.folder = Path(self.dir.name)
        self.needles = leaks.needles()

    def found(self) -> str:
        return "\n".join(leaks.scan(self.folder, self.needles).found)

    def jar(self, name: str, entries: dict[str, bytes]) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for entry, data in entries.items():
                z.writestr(entry, data)
        (self.folder / name).write_bytes(buffer.getvalue())

    def test_a_clean_folder_is_clean(self):
        (self.folder / "notes.md").write_text("σ(z) = 1 / (1 + e^(−z)); the answer is C")
        self.assertEqual("", self.found())

    def test_solution_code_inside_a_jar_entry(self):
        self.jar("lib.jar", {"backprop/Help.java": b"double s = 1 / (1 + Math.exp(-z));"})
        self.assertIn("lib.jar!/backprop/Help.java: 'double s = 1 / (1 + Math.exp(-z));' from "
                      "solutions/03-activations.ipynb", self.found())

    def test_a_grader_class_and_an_answer_key_by_their_names(self):
        self.jar("tools.jar", {"backprop/grader/Grade.class": b"\xca\xfe\xba\xbe"})
        (self.folder / "keys").mkdir()
        (self.folder / "keys" / "03-activations.answers.json").write_text("{}")
        found = self.found()
        self.assertIn("tools.jar!/backprop/grader/Grade.class: the grader", found)
        self.assertIn("keys/03-activations.answers.json: an answer key", found)

    def test_a_hidden_check_base64_encoded_in_a_notebook(self):
        secret = base64.b64encode("t.near(\"σ'(2)\", () -> sigmoidPrime(2), 0.10499358540350662"
                                  .encode()).decode()
        (self.folder / "x.ipynb").write_text(json.dumps({"cells": [{"source": f'Check.use("x", "{secret}")'}]}))
        self.assertIn("0.10499358540350662' from solutions/03-activations.ipynb cell 14 "
                      "(hidden check's number), base64-encoded", self.found())

    def test_a_mark_in_a_jar_inside_a_jar_and_a_formula_answer(self):
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as z:
            z.writestr("Notes.txt", "// BEGIN SOLUTION\nreturn 1;\n// END SOLUTION")
        self.jar("outer.jar", {"lib/inner.jar": inner.getvalue(), "answers.txt": b"w*e^(w*x)"})
        found = self.found()
        self.assertIn("outer.jar!/lib/inner.jar!/Notes.txt: '// BEGIN SOLUTION' from a solution", found)
        self.assertIn("outer.jar!/answers.txt: 'w*e^(w*x)' from 02-chain-rule.answers.json inner", found)

    def test_the_variant_secret_by_its_text_and_its_name(self):
        secret_file = self.folder / "instructor" / "variant-secret"
        secret_file.parent.mkdir()
        secret_file.write_text("0f3a9c1be2d47a65c0ffee1234567890\n")
        needles = leaks.needles(secret_file=secret_file)
        edition = self.folder / "edition"
        edition.mkdir()
        (edition / "notes.txt").write_text("seed of all: 0f3a9c1be2d47a65c0ffee1234567890")
        (edition / "secret").mkdir()
        (edition / "secret" / "variant-secret").write_text("x")
        found = "\n".join(leaks.scan(edition, needles).found)
        self.assertIn("notes.txt: '0f3a9c1be2d47a65c0ffee1234567890' from the instructor's variant secret", found)
        self.assertIn("secret/variant-secret: the instructor's variant secret", found)

    def test_the_instructors_kernelspec_and_a_link_out(self):
        spec = self.folder / "kernels" / "backprop-lab-instructor"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({"display_name": kernelspec.INSTRUCTOR_DISPLAY_NAME}))
        (self.folder / "answers").symlink_to(paths.SOLUTIONS)
        found = self.found()
        self.assertIn("kernels/backprop-lab-instructor/kernel.json: the instructor's kernel", found)
        self.assertIn("not the students' 'Java (Backprop Lab)'", found)
        self.assertIn("answers: a symbolic link", found)


def _run(argv):
    import subprocess

    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


async def _run_exercise_cells(kernels_dir: Path, exercises: Path) -> str:
    """Exercise 03's set-up cell and its question 2, answered right, on the installed kernel
    (found only in kernels_dir); returns what the question's cell printed."""
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    from labtools.kernel import start_kernel

    notebook = nbformat.read(exercises / "03-activations.ipynb", as_version=4)
    setup, question = notebook.cells[1], notebook.cells[5]
    assert "Check.use(" in setup.source and "sigmoid-prime-at-0" in question.source
    question.source = question.source.replace("todo()", "0.25")
    with open(os.devnull, "w") as log:
        kernel = await start_kernel(exercises, log, manager_options={
            "kernel_spec_manager": KernelSpecManager(kernel_dirs=[str(kernels_dir)])})
        try:
            client = NotebookClient(notebook, km=kernel.manager, timeout=60, allow_errors=True)
            client.kc = kernel.client
            await client.async_execute_cell(setup, 1)
            await client.async_execute_cell(question, 5)
        finally:
            await kernel.kill()
    return "".join(o.get("text", "") + json.dumps(o.get("data", {}), ensure_ascii=False)
                   for o in question.outputs)


if __name__ == "__main__":
    unittest.main()
