"""Deliberately broken notebooks (tests/notebooks/) run on the real Java kernel: each failure is
caught, named and explained. Needs the Maven build and the kernelspec, which ./lab test makes."""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

from labtools import checks, execute, kernel, kernelspec, paths
from labtools.progress import Quiet

FIXTURES = Path(__file__).parent / "notebooks"


def run(name, timeout=execute.CELL_TIMEOUT, progress=None):
    return asyncio.run(execute.run_notebook(FIXTURES / name, progress or Quiet(), timeout))


class CellClock(Quiet):
    """Remembers when each cell started."""

    def __init__(self):
        self.started = {}

    def cell(self, text):
        self.started[text.split(" (")[0].rsplit(" ", 1)[-1]] = time.monotonic()


def outputs_text(cell):
    return "".join(o.get("text", "") for o in cell.outputs)


class BrokenNotebooksTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        kernelspec.write()

    def test_an_exception_stops_the_run_at_its_cell_with_the_real_exception(self):
        result = run("throws.ipynb")
        self.assertFalse(result.ok)
        self.assertEqual((4, "error"), (result.failure.cell, result.failure.kind), result.failure)
        self.assertTrue(result.failure.message.startswith(
            "java.lang.IllegalArgumentException: cannot multiply 1×2 by 1×2"), result.failure.message)
        self.assertNotIn("\x1b", result.failure.message)
        self.assertIn("not run: an earlier cell failed", outputs_text(result.notebook.cells[4]))
        self.assertNotIn("never printed", outputs_text(result.notebook.cells[4]))

    def test_a_method_using_an_undeclared_name_says_so_where_it_is_defined(self):
        result = run("undeclared-name.ipynb")
        self.assertTrue(result.ok, result.failure)
        defines, _, calls = result.notebook.cells[1:4]
        said = [o for o in defines.outputs if o.get("name") == "stderr"]
        self.assertEqual(["The method twice uses zz, which is declared nowhere (yet): it is defined, "
                          "but cannot run until it is. A typo, or a cell above that has not run?\n"],
                         [o["text"] for o in said])
        self.assertIn("42.0", json.dumps(calls.outputs), "declared later, it runs")

    def test_a_compile_error_says_what_does_not_compile(self):
        result = run("does-not-compile.ipynb")
        self.assertEqual((1, "error"), (result.failure.cell, result.failure.kind))
        self.assertIn("incompatible types: java.lang.String cannot be converted to int",
                      result.failure.message)

    def test_wrong_outputs_fail_every_check_that_is_wrong(self):
        result = run("wrong-outputs.ipynb")
        self.assertTrue(result.ok, result.failure)
        self.assertEqual([
            'cell 3: the output does not contain "C = 0.288"',
            "cell 4: no HTML table has the columns ['layer', 'z'] in that order (found: name, z)",
            "cell 5: picture 1 is 200×100, expected 640×360",
            "cell 6: no PNG picture in the output",
            'cell 7: unknown check "contain" (known: contains, table, png)',
            "cell 8: the cell's last expression shows as java.io.PrintStream@"
            + checks.problems(result.notebook)[-1].split("PrintStream@")[1],
        ], checks.problems(result.notebook))

    def test_a_notebook_that_asserts_nothing_fails(self):
        result = run("no-checks.ipynb")
        self.assertTrue(result.ok, result.failure)
        self.assertIn('no cell has a "check"', checks.problems(result.notebook)[0])

    def test_the_kernel_has_the_vector_api_for_fast_training(self):
        result = run("vector-api.ipynb")
        self.assertTrue(result.ok, result.failure)
        self.assertEqual([], checks.problems(result.notebook))

    def test_a_cell_past_its_time_limit_kills_the_kernel_and_is_reported(self):
        clock = CellClock()
        result = run("runs-too-long.ipynb", timeout=3, progress=clock)
        self.assertLess(time.monotonic() - clock.started["2"], 15, "killed, not waited for")
        self.assertEqual((2, "timed out"), (result.failure.cell, result.failure.kind))
        self.assertIn("longer than 3 s", result.failure.message)
        self.assertIn("not run", outputs_text(result.notebook.cells[2]))

    def test_a_kernel_that_exits_is_reported_as_died(self):
        result = run("ends-the-kernel.ipynb")
        self.assertEqual((2, "kernel died"), (result.failure.cell, result.failure.kind))
        self.assertIn("about to exit", outputs_text(result.notebook.cells[0]))


class AnswerKeysTest(unittest.TestCase):
    """Only the instructor's kernel reads answer keys: a solution notebook runs on it, and the same
    notebook on a student's kernel cannot read the key even when the key lies beside it."""

    def test_a_solution_notebook_reads_its_key_on_the_instructors_kernel(self):
        solution = paths.SOLUTIONS / "03-activations.ipynb"
        self.assertEqual(kernelspec.INSTRUCTOR_NAME, kernelspec.name_for(solution))
        result = asyncio.run(execute.run_notebook(solution, Quiet()))
        self.assertTrue(result.ok, result.failure)
        self.assertIn("Checks ready for 03-activations (5 questions)",
                      outputs_text(result.notebook.cells[1]))

    def test_a_students_kernel_cannot_read_an_answer_key(self):
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "03-activations.ipynb"
            copy.write_bytes((paths.SOLUTIONS / "03-activations.ipynb").read_bytes())
            (Path(folder) / "03-activations.answers.json").write_bytes(
                (paths.SOLUTIONS / "03-activations.answers.json").read_bytes())
            self.assertEqual(kernelspec.NAME, kernelspec.name_for(copy))
            result = asyncio.run(execute.run_notebook(copy, Quiet()))
        self.assertEqual((2, "error"), (result.failure.cell, result.failure.kind), result.failure)
        self.assertIn("only the instructor's kernel reads", result.failure.message)


class CommandLineTest(unittest.TestCase):

    def test_lab_run_exits_non_zero_with_the_failing_cell_and_its_error(self):
        done = subprocess.run(
            [sys.executable, "-m", "labtools", "run", str(FIXTURES / "throws.ipynb")],
            cwd=paths.ROOT / "tools", capture_output=True, text=True, timeout=120)
        self.assertEqual(1, done.returncode, done.stdout + done.stderr)
        self.assertIn("tools/tests/notebooks/throws.ipynb, cell 4: error", done.stderr)
        self.assertIn("| Matrix wrong = a.times(a);", done.stderr)
        self.assertIn("java.lang.IllegalArgumentException: cannot multiply", done.stderr)
        self.assertNotIn("\x1b", done.stderr)
        self.assertIn("notebooks: 0 passed, 1 failed", done.stdout)
        page = paths.OUTPUT / "tools" / "tests" / "notebooks" / "throws.html"
        self.assertIn("IllegalArgumentException", page.read_text())


class KernelStartTest(unittest.TestCase):
    """Unhealthy kernels are killed and retried, the retries reported, and the end explained."""

    def start_fake(self, argv, **limits):
        """Starts a stand-in kernel twice through start_kernel; returns what was said, and why
        it gave up."""
        with tempfile.TemporaryDirectory() as folder:
            spec = Path(folder) / "kernels" / "fake"
            spec.mkdir(parents=True)
            (spec / "kernel.json").write_text(json.dumps({
                "argv": argv, "display_name": "fake", "language": "none"}))
            saved = os.environ["JUPYTER_PATH"]
            os.environ["JUPYTER_PATH"] = folder
            said = []
            try:
                with open(os.devnull, "w") as log:
                    with self.assertRaises(kernel.KernelStartError) as caught:
                        asyncio.run(kernel.start_kernel(Path(folder), log, "fake", attempts=2,
                                                        say=said.append, **limits))
            finally:
                os.environ["JUPYTER_PATH"] = saved
        return said, str(caught.exception)

    def test_a_kernel_that_never_answers_is_retried_then_reported(self):
        said, error = self.start_fake(["sleep", "600"], timeout=1)
        self.assertEqual(1, len(said), said)
        self.assertIn("kernel start 1 of 2 failed its health check", said[0])
        self.assertIn("did not become healthy in 2 starts", error)

    def test_a_kernel_whose_heartbeat_answers_but_not_its_shell_is_not_accepted(self):
        said, error = self.start_fake(
            [sys.executable, str(Path(__file__).parent / "silent_kernel.py"),
             "{connection_file}"], timeout=3)
        self.assertIn("no kernel_info, control within 3.0 s", said[0])
        self.assertIn("did not become healthy in 2 starts", error)

    def test_a_kernel_whose_process_ends_is_retried_without_waiting_for_the_time_limit(self):
        started = time.monotonic()
        said, error = self.start_fake(["false", "{connection_file}"], timeout=60)
        self.assertLess(time.monotonic() - started, 20, "not the whole 60 s time limit")
        self.assertIn("its process ended", said[0])
        self.assertIn("did not become healthy in 2 starts", error)


if __name__ == "__main__":
    unittest.main()
