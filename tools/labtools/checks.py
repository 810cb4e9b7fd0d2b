"""Declarative checks on a notebook's outputs, written in the cells' metadata.

A code cell whose results matter carries a "check" entry in its metadata (in JupyterLab: the
property inspector, "Cell Metadata"), for example:

    "check": {
      "contains": ["loss C = 0.288"],          # each string appears in the cell's visible text
      "table": ["layer", "neuron", "z", "a"],  # an HTML table with these column headers, in order
      "png": {"width": 640, "height": 360}     # PNG pictures, each a valid PNG of this size
    }

After the notebook ran, `problems(notebook)` lists every check that does not hold, and also:
a notebook without any check (it would only prove that the code ran), a check that is misspelled
or malformed, and noise under a cell: a bare display id (the UUID a kernel's display() returns)
or an object's default toString (a printf as the cell's last statement shows its PrintStream).
"""

import base64
import binascii
import re
from html import unescape
from html.parser import HTMLParser

from . import png

KEY = "check"
KNOWN = ("contains", "table", "png")
UUID_ONLY = re.compile(r"^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$")
# Object.toString() of a class without its own: "java.io.PrintStream@57439a34".
DEFAULT_TO_STRING = re.compile(r"^\s*[\w.$]+@[0-9a-f]+\s*$")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class _TableReader(HTMLParser):
    """Collects the header cells of every <table> in an HTML fragment, and its plain text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.text = [], []
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "th" and self.tables:
            self._in_th = True
            self.tables[-1].append("")
        elif tag in ("td", "th", "tr", "br", "p", "div", "caption"):
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False
        if tag in ("td", "th", "tr", "p", "div", "caption"):
            self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)
        if self._in_th:
            self.tables[-1][-1] += data.strip()


def read_html(html: str) -> tuple[list[list[str]], str]:
    """(the header cells of each table, the visible text) of an HTML fragment."""
    reader = _TableReader()
    reader.feed(html)
    reader.close()
    return reader.tables, unescape("".join(reader.text))


def visible_text(cell) -> str:
    """What a reader sees of a cell's output as text: printed lines, text results, HTML text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(_text(output.get("text", "")))
        data = output.get("data", {})
        if "text/html" in data:
            parts.append(read_html(_text(data["text/html"]))[1])
        elif "text/plain" in data:
            parts.append(_text(data["text/plain"]))
    return "\n".join(parts)


def _check_contains(cell, wanted) -> list[str]:
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        return ['"contains" must be a list of strings']
    text = visible_text(cell)
    normalized = " ".join(text.split())
    return [f'the output does not contain "{w}"' for w in wanted
            if w not in text and " ".join(w.split()) not in normalized]


def _check_table(cell, columns) -> list[str]:
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        return ['"table" must be a list of column headers']
    headers = []
    for output in cell.get("outputs", []):
        html = output.get("data", {}).get("text/html")
        if html is not None:
            headers += read_html(_text(html))[0]
    if not headers:
        return ["no HTML table in the output"]
    for found in headers:
        it = iter(found)
        if all(any(c == h for h in it) for c in columns):
            return []
    shown = "; ".join(", ".join(h) for h in headers)
    return [f"no HTML table has the columns {columns} in that order (found: {shown})"]


def _check_png(cell, expected) -> list[str]:
    if (not isinstance(expected, dict) or set(expected) - {"width", "height"}
            or not all(isinstance(expected.get(k), int) for k in ("width", "height"))):
        return ['"png" must be {"width": W, "height": H} with whole numbers']
    images = [output["data"]["image/png"] for output in cell.get("outputs", [])
              if "image/png" in output.get("data", {})]
    if not images:
        return ["no PNG picture in the output"]
    problems = []
    for n, image in enumerate(images, start=1):
        try:
            width, height = png.size(base64.b64decode(_text(image), validate=False))
        except (png.PngError, binascii.Error) as e:
            problems.append(f"picture {n} is not a valid PNG: {e}")
            continue
        if (width, height) != (expected["width"], expected["height"]):
            problems.append(f"picture {n} is {width}×{height}, expected "
                            f"{expected['width']}×{expected['height']}")
    return problems


CHECKS = {"contains": _check_contains, "table": _check_table, "png": _check_png}


def checked_cells(notebook) -> list[tuple[int, dict]]:
    """(1-based cell number, its check) for every cell that has one."""
    return [(i + 1, cell.metadata[KEY]) for i, cell in enumerate(notebook.cells)
            if KEY in cell.get("metadata", {})]


def problems(notebook) -> list[str]:
    """Every way the executed notebook's outputs fail its checks; empty when all hold."""
    found = []
    checked = checked_cells(notebook)
    if not checked:
        found.append('no cell has a "check" in its metadata: a notebook test must assert key '
                     "results, not only that the code ran")
    for number, check in checked:
        cell = notebook.cells[number - 1]
        if cell.cell_type != "code":
            found.append(f"cell {number}: a check on a {cell.cell_type} cell has no output to check")
            continue
        if not isinstance(check, dict) or not check:
            found.append(f'cell {number}: "check" must be an object such as '
                         '{"contains": ["..."]}')
            continue
        for key, expected in check.items():
            if key not in CHECKS:
                found.append(f'cell {number}: unknown check "{key}" (known: {", ".join(KNOWN)})')
                continue
            found += [f"cell {number}: {p}" for p in CHECKS[key](cell, expected)]
    for i, cell in enumerate(notebook.cells):
        found += [f"cell {i + 1}: {p}" for p in noise(cell)]
    return found


def noise(cell) -> list[str]:
    """Results a kernel shows under a cell that nobody meant to show."""
    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        shown = data.get("text/plain", data.get("text/html"))
        if output.get("output_type") != "execute_result" or shown is None:
            continue
        if UUID_ONLY.match(_text(shown)):
            found.append("a bare display id is shown under the cell: use show(...), which "
                         "returns nothing, or put the display call in { }")
        elif DEFAULT_TO_STRING.match(_text(shown)):
            found.append(f"the cell's last expression shows as {_text(shown).strip()}: end the "
                         "cell with a statement (System.out.println, not printf, as the last "
                         "line)")
    return found
