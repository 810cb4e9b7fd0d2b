"""The declarative output checks: each kind passes on right output and fails loudly on wrong."""

import base64
import unittest

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from labtools import checks
from tests.test_png import make_png

TABLE = ('<table class="backprop-table"><caption>forward pass</caption><thead><tr><th>layer</th>'
         '<th>neuron</th><th>z</th><th>a</th></tr></thead><tbody><tr><td>2</td><td>0</td>'
         '<td>-1.15</td><td>0.240489</td></tr><tr><td>x &lt; y</td></tr></tbody></table>')


def cell(check=None, outputs=()):
    c = new_code_cell("// code")
    c.outputs = list(outputs)
    if check is not None:
        c.metadata["check"] = check
    return c


def stdout(text):
    return new_output("stream", name="stdout", text=text)


def display(data, kind="display_data"):
    if kind == "execute_result":
        return new_output(kind, data=data, execution_count=1)
    return new_output(kind, data=data)


def picture(width, height):
    return display({"image/png": base64.b64encode(make_png(width, height)).decode(),
                    "text/plain": "chart"})


def problems(*cells):
    return checks.problems(new_notebook(cells=[new_markdown_cell("# t"), *cells]))


class ContainsTest(unittest.TestCase):

    def test_finds_text_in_printed_lines_plain_results_and_html(self):
        self.assertEqual([], problems(cell({"contains": ["C = 0.288", "0.240489", "x < y"]},
                                           [stdout("loss C = 0.288\n"),
                                            display({"text/html": TABLE})])))

    def test_spacing_differences_do_not_matter(self):
        self.assertEqual([], problems(cell({"contains": ["a = 1 b = 2"]},
                                           [stdout("a = 1    b = 2\n")])))

    def test_a_missing_string_is_named_with_its_cell(self):
        self.assertEqual(['cell 2: the output does not contain "C = 0.288"'],
                         problems(cell({"contains": ["C = 0.288"]}, [stdout("C = 0.300\n")])))

    def test_stderr_does_not_count_as_output(self):
        err = new_output("stream", name="stderr", text="C = 0.288\n")
        self.assertEqual(1, len(problems(cell({"contains": ["C = 0.288"]}, [err]))))


class TableTest(unittest.TestCase):

    def test_columns_in_order_pass(self):
        self.assertEqual([], problems(cell({"table": ["layer", "z", "a"]},
                                           [display({"text/html": TABLE})])))

    def test_wrong_order_or_missing_column_fails_and_shows_what_was_found(self):
        found = problems(cell({"table": ["z", "layer"]}, [display({"text/html": TABLE})]))
        self.assertEqual(["cell 2: no HTML table has the columns ['z', 'layer'] in that order "
                          "(found: layer, neuron, z, a)"], found)

    def test_text_alone_is_no_table(self):
        self.assertEqual(["cell 2: no HTML table in the output"],
                         problems(cell({"table": ["layer"]}, [stdout("layer z\n")])))


class PngCheckTest(unittest.TestCase):

    def test_a_real_png_of_the_right_size_passes(self):
        self.assertEqual([], problems(cell({"png": {"width": 64, "height": 36}},
                                           [picture(64, 36)])))

    def test_the_wrong_size_fails(self):
        self.assertEqual(["cell 2: picture 1 is 20×10, expected 64×36"],
                         problems(cell({"png": {"width": 64, "height": 36}}, [picture(20, 10)])))

    def test_no_picture_or_a_fake_one_fails(self):
        self.assertEqual(["cell 2: no PNG picture in the output"],
                         problems(cell({"png": {"width": 1, "height": 1}}, [stdout("x")])))
        fake = display({"image/png": base64.b64encode(b"not a png").decode(), "text/plain": "x"})
        self.assertEqual(["cell 2: picture 1 is not a valid PNG: no PNG signature"],
                         problems(cell({"png": {"width": 1, "height": 1}}, [fake])))


class NotebookRulesTest(unittest.TestCase):

    def test_a_notebook_without_checks_fails(self):
        found = problems(cell(None, [stdout("ran")]))
        self.assertEqual(1, len(found))
        self.assertIn('no cell has a "check"', found[0])

    def test_misspelled_or_malformed_checks_fail(self):
        self.assertEqual(['cell 2: unknown check "contain" (known: contains, table, png)'],
                         problems(cell({"contain": ["x"]}, [stdout("x")])))
        self.assertEqual(['cell 2: "contains" must be a list of strings'],
                         problems(cell({"contains": "x"}, [stdout("x")])))
        self.assertEqual(['cell 2: "png" must be {"width": W, "height": H} with whole numbers'],
                         problems(cell({"png": {"width": 640}}, [picture(640, 1)])))
        self.assertEqual(['cell 2: "check" must be an object such as {"contains": ["..."]}'],
                         problems(cell([], [stdout("x")])))

    def test_stray_display_ids_and_default_to_strings_are_noise(self):
        uuid = display({"text/html": "3f2a6c1e-8b1d-4c3e-9f00-1234567890ab"}, "execute_result")
        stream = display({"text/html": "java.io.PrintStream@57439a34"}, "execute_result")
        found = problems(cell({"contains": ["x"]}, [stdout("x"), uuid, stream]))
        self.assertEqual(2, len(found), found)
        self.assertIn("a bare display id", found[0])
        self.assertIn("shows as java.io.PrintStream@57439a34", found[1])


if __name__ == "__main__":
    unittest.main()
