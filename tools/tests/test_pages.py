"""The index page of ./lab run: every lecture with a page, in file-name order, titled by its notebook."""

import re
import subprocess
import sys
import tempfile
import unittest
from html import unescape
from pathlib import Path
from unittest import mock

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from labtools import pages, paths


class IndexTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = Path(self.dir.name)
        self.output = self.root / "build" / "notebooks"
        (self.root / "notebooks").mkdir()
        self.output.mkdir(parents=True)
        (self.root / "solutions").mkdir()
        patches = [mock.patch.object(paths, "ROOT", self.root),
                   mock.patch.object(paths, "NOTEBOOKS", self.root / "notebooks"),
                   mock.patch.object(paths, "SOLUTIONS", self.root / "solutions"),
                   mock.patch.object(paths, "OUTPUT", self.output),
                   mock.patch.object(paths, "SOLUTION_PAGES", self.root / "build" / "solution-pages")]
        for p in patches:
            p.start()
            self.addCleanup(p.stop)
        self.addCleanup(self.dir.cleanup)

    def lecture(self, name, cells, ran=True, ok=True, cell=0, kind=""):
        """A notebook in notebooks/ and, if it ran, its executed copy and page in build/notebooks/."""
        source = self.root / "notebooks" / f"{name}.ipynb"
        nbformat.write(new_notebook(cells=cells), source)
        if ran:
            executed = new_notebook(cells=cells)
            outcome = {"ok": ok} if ok else {"ok": False, "cell": cell, "kind": kind}
            executed.metadata["backprop_lab"] = {"run": outcome}
            nbformat.write(executed, self.output / f"{name}.ipynb")
            (self.output / f"{name}.html").write_text("<html></html>")
        return source

    def entries(self, notebooks):
        """The index's entries; `notebooks` are the ones the test made (the index finds them)."""
        page = pages.write_index().read_text(encoding="utf-8")
        items = re.findall(r'<li><a href="([^"]+)">([^<]*)</a>(.*?)</li>', page)
        return [(href, unescape(title), unescape(re.sub(r"<[^>]+>", "", rest)).strip())
                for href, title, rest in items]

    def test_lectures_in_file_name_order_with_the_titles_their_notebooks_give(self):
        found = [
            self.lecture("08-training", [new_markdown_cell("# 08 · Training with SGD\n\nText.")]),
            self.lecture("01-descent", [new_markdown_cell("# 01 · Gradient descent")]),
            self.lecture("10-beyond", [new_code_cell("int x = 1;"),
                                       new_markdown_cell("Intro.\n\n## 10 · Beyond the course")]),
            self.lecture("04-simple", [new_markdown_cell("No heading here."),
                                       new_markdown_cell("# 04 · A simple network, end to end")]),
        ]
        self.assertEqual([
            ("01-descent.html", "01 · Gradient descent", "01-descent.ipynb"),
            ("04-simple.html", "04 · A simple network, end to end", "04-simple.ipynb"),
            ("08-training.html", "08 · Training with SGD", "08-training.ipynb"),
            ("10-beyond.html", "10 · Beyond the course", "10-beyond.ipynb"),
        ], self.entries(found))

    def test_a_heading_changed_in_the_notebook_changes_the_index(self):
        found = [self.lecture("06-four", [new_markdown_cell("# 06 · The four equations")])]
        self.assertEqual("06 · The four equations", self.entries(found)[0][1])
        found = [self.lecture("06-four", [new_markdown_cell("# 06 · BP1 to BP4")])]
        self.assertEqual("06 · BP1 to BP4", self.entries(found)[0][1])

    def test_without_a_heading_the_file_name_and_without_a_page_no_entry(self):
        found = [self.lecture("02-chain", [new_markdown_cell("just text")]),
                 self.lecture("03-activations", [new_markdown_cell("# 03 · Activations")], ran=False)]
        self.assertEqual([("02-chain.html", "02-chain", "02-chain.ipynb")], self.entries(found))

    def test_a_failed_run_is_marked_with_its_cell(self):
        found = [self.lecture("05-practice", [new_markdown_cell("# 05 · Backprop in practice")],
                              ok=False, cell=7, kind="error")]
        self.assertEqual([("05-practice.html", "05 · Backprop in practice",
                           "05-practice.ipynb (failed at cell 7: error)")], self.entries(found))

    def test_a_solution_that_ran_gets_its_page_apart_and_never_enters_the_lectures_index(self):
        from labtools.execute import Run

        found = [self.lecture("03-activations", [new_markdown_cell("# 03 · Activations")])]
        solution = self.root / "solutions" / "03-activations.ipynb"
        cells = [new_markdown_cell("# Exercise 03 · Activations and their slopes")]
        nbformat.write(new_notebook(cells=cells), solution)
        executed, page = pages.write(Run(solution, new_notebook(cells=cells)))
        self.assertEqual(self.root / "build" / "solution-pages" / "03-activations.html", page)
        self.assertEqual([("03-activations.html", "03 · Activations", "03-activations.ipynb")],
                         self.entries(found))
        self.assertFalse(any(self.output.rglob("*solution*")), "nothing of it beside the lectures")


class OfflinePageTest(unittest.TestCase):
    """A lecture page is whole without a network: nothing in it is fetched from elsewhere."""

    def test_a_page_loads_no_script_style_or_font_from_the_internet(self):
        from labtools.execute import Run

        with tempfile.TemporaryDirectory() as d:
            cells = [new_markdown_cell("# 06 · The four equations\n\nδˡⱼ = ∂C/∂zˡⱼ, wˡ⁺¹ₖⱼ"),
                     new_code_cell("int x = 1;")]
            with mock.patch.object(paths, "OUTPUT", Path(d)):
                _, page = pages.write(Run(Path(d) / "06.ipynb", new_notebook(cells=cells)))
            text = page.read_text(encoding="utf-8")
        self.assertIn("δˡⱼ = ∂C/∂zˡⱼ, wˡ⁺¹ₖⱼ", text)
        fetched = re.findall(r'(?:src|href)\s*=\s*["\']?(https?:[^"\' >]+)', text)
        fetched += re.findall(r'import\(\s*["\'](https?:[^"\']+)', text)
        fetched += re.findall(r'@import\s+(?:url\()?["\']?(https?:[^"\') ]+)', text)
        self.assertEqual([], fetched)
        for name in ("require.js", "MathJax", "mathjax", "mermaid"):
            self.assertNotIn(name, text)


class SolutionRunTest(unittest.TestCase):
    """./lab run on a solution notebook, for real (on the instructor's kernel)."""

    def test_lab_run_of_a_solution_leaves_the_lectures_index_to_the_lectures(self):
        done = subprocess.run(
            [sys.executable, "-m", "labtools", "run", str(paths.SOLUTIONS / "03-activations.ipynb")],
            cwd=paths.ROOT / "tools", capture_output=True, text=True, timeout=180)
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        self.assertIn("solution pages (not in the lectures' index): build/solution-pages/", done.stdout)
        page = (paths.SOLUTION_PAGES / "03-activations.html").read_text(encoding="utf-8")
        self.assertIn("Exercise 03", page)
        index = (paths.OUTPUT / "index.html").read_text(encoding="utf-8")
        lectures = {p.with_suffix(".html").name for p in paths.NOTEBOOKS.glob("*.ipynb")}
        links = re.findall(r'<li><a href="([^"]+)"', index)
        self.assertEqual([], [link for link in links if link not in lectures], index)
        self.assertNotIn("Exercise 03", index)
        self.assertFalse((paths.OUTPUT / "solutions").exists(), "no solution page beside the lectures'")


if __name__ == "__main__":
    unittest.main()
