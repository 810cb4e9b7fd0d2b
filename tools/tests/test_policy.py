"""The stored-output policy: committed notebooks carry no outputs and name the project's kernel."""

import tempfile
import unittest
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from labtools import policy


class PolicyTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "n.ipynb"

    def tearDown(self):
        self.dir.cleanup()

    def write(self, cells, kernel="backprop-lab"):
        metadata = {"kernelspec": {"name": kernel, "display_name": "x"}} if kernel else {}
        nbformat.write(new_notebook(cells=cells, metadata=metadata), self.path)

    def test_a_clean_notebook_keeps_the_policy(self):
        self.write([new_code_cell("int x = 1;")])
        self.assertEqual([], policy.problems(self.path))

    def test_outputs_counts_and_another_kernel_are_each_named(self):
        ran = new_code_cell("x", execution_count=3,
                            outputs=[new_output("stream", name="stdout", text="1\n")])
        self.write([new_code_cell("y"), ran], kernel="python3")
        self.assertEqual(["has stored outputs (cells 2)", "has execution counts (cells 2)",
                          "names the kernel 'python3' instead of 'backprop-lab'"],
                         policy.problems(self.path))

    def test_strip_brings_a_notebook_in_line_and_then_changes_nothing(self):
        ran = new_code_cell("x", execution_count=3,
                            outputs=[new_output("stream", name="stdout", text="1\n")])
        self.write([ran], kernel=None)
        self.assertTrue(policy.strip(self.path))
        self.assertEqual([], policy.problems(self.path))
        self.assertEqual("x", nbformat.read(self.path, as_version=4).cells[0].source)
        self.assertFalse(policy.strip(self.path))

    def test_a_file_that_is_no_notebook_says_so(self):
        self.path.write_text("{ not json")
        found = policy.problems(self.path)
        self.assertEqual(1, len(found))
        self.assertTrue(found[0].startswith("cannot be read as a notebook"), found)


class RepositoryNotebooksTest(unittest.TestCase):
    """The same rule for the checker's own fixtures: broken code, but stored clean."""

    def test_every_fixture_is_stored_clean(self):
        fixtures = sorted((Path(__file__).parent / "notebooks").glob("*.ipynb"))
        self.assertTrue(fixtures)
        for path in fixtures:
            with self.subTest(path.name):
                self.assertEqual([], policy.problems(path))


if __name__ == "__main__":
    unittest.main()
