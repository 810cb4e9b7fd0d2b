"""What of the instructor's must never reach a student, and a search for it through a folder.

needles() reads solutions/ (the solution notebooks and their answer keys) and lists what a
student's copy of the course must not contain anywhere:

- the marks of solution code (`/* SOLUTION */ … /* END */`, `// BEGIN SOLUTION … // END
  SOLUTION`) and of hidden checks (a cell starting `// HIDDEN`);
- the instructor's kernel (its name and display name) and the grader (its package);
- the answers themselves, as far as text can be told apart: every formula answer of 8 or more
  characters, every number answer written with 6 or more significant digits (as Java and Python
  print it), every line of solution code of 20 or more characters and every inline solution of
  12 or more, and from the hidden checks every line of 20 or more characters, every string
  literal of 12 or more and every number literal with 6 or more significant digits. A string
  that the solution notebook shows students anyway (its text outside the solution marks and
  hidden cells) is no secret and is left out; so is a hidden check's line that a lecture shows
  (such as `for (int l = 1; l <= 2; l++) {`), never a line of solution code.

- the instructor's variant secret (`secret/variant-secret`, or `LAB_VARIANT_SECRET`), from which
  each student's own numbers are derived: its text, and a file of that name.

What cannot be searched, and why, is listed too (`Needles.unsearchable`): a choice answer is one
letter ("C"), a short number ("-6", "0.25") or a short formula ("delta_j") is found in any text.

scan() walks every file of a folder: the name of each, and its bytes; a jar or zip is opened and
every entry of it searched the same way (nested jars too), and in text the long base64 runs
(such as the answers' fingerprints in an exercise's first cell) are decoded and searched as well.
"""

import base64
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import kernelspec, paths

MARKERS = ("/* SOLUTION */", "/* END */", "// BEGIN SOLUTION", "// END SOLUTION", "// HIDDEN")
# The instructor's kernelspec is named so in a notebook's metadata and a kernelspec's folder. (Its
# display name may appear: the check library's message on a student's kernel names it.)
INSTRUCTOR = (kernelspec.INSTRUCTOR_NAME, "backprop.grader", "backprop/grader")
INLINE = re.compile(r"/\*\s*SOLUTION\s*\*/(.*?)/\*\s*END\s*\*/", re.S)
BLOCK = re.compile(r"^[ \t]*// BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*// END SOLUTION[^\n]*$", re.S | re.M)
STRING_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
NUMBER_LITERAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?:[eE]-?\d+)?")
BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]{40,}={0,2}")

SECRET_ENV = "LAB_VARIANT_SECRET"
SECRET_FILE = paths.ROOT / "secret" / "variant-secret"
FORMULA_MIN, NUMBER_DIGITS, LINE_MIN, INLINE_MIN, LITERAL_MIN = 8, 6, 20, 12, 12


@dataclass
class Needles:
    strings: dict[str, str] = field(default_factory=dict)  # text -> where it comes from
    unsearchable: list[str] = field(default_factory=list)


@dataclass
class Report:
    files: int = 0
    entries: int = 0  # inside jars and zips
    found: list[str] = field(default_factory=list)


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _significant_digits(number: str) -> int:
    mantissa = re.split(r"[eE]", number.lstrip("-"))[0]
    return len(mantissa.replace(".", "").lstrip("0"))


def _public_text(notebook: dict) -> str:
    """What the solution notebook shows students anyway: every cell but the hidden ones, with
    the solution regions cut out."""
    shown = []
    for cell in notebook["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "code" and text.lstrip().startswith("// HIDDEN"):
            continue
        shown.append(BLOCK.sub("", INLINE.sub("", text)))
    return "\n".join(shown)


def variant_secrets(file: Path = SECRET_FILE) -> list[str]:
    """The instructor's variant secrets: the environment's (unless "none") and the file's."""
    found = [os.environ.get(SECRET_ENV, "").strip()]
    if file.is_file():
        found.append(file.read_text(encoding="utf-8").strip())
    return [s for s in dict.fromkeys(found) if s and s != "none"]


def needles(solutions: Path = paths.SOLUTIONS, lectures: Path = paths.NOTEBOOKS,
            secret_file: Path = SECRET_FILE) -> Needles:
    """Everything of solutions/ to search for (see the module's comment)."""
    found = Needles()
    for secret in variant_secrets(secret_file):
        found.strings[secret] = "the instructor's variant secret"
    notebooks = {p.stem: json.loads(p.read_text(encoding="utf-8"))
                 for p in sorted(solutions.glob("*.ipynb"))}
    public = "\n".join(_public_text(nb) for nb in notebooks.values())
    lecture_text = "\n".join(_source(c) for p in sorted(lectures.glob("*.ipynb"))
                             for c in json.loads(p.read_text(encoding="utf-8"))["cells"])

    def add(text: str, where: str, shown_in: str = public) -> None:
        if text in shown_in:
            found.unsearchable.append(f"{where}: {text!r} (students see it anyway)")
        else:
            found.strings.setdefault(text, where)

    for key_file in sorted(solutions.glob("*.answers.json")):
        key = json.loads(key_file.read_text(encoding="utf-8"))
        for q in key["questions"]:
            where = f"{key_file.name} {q['id']}"
            answers = q.get("answer") if isinstance(q.get("answer"), list) else [q.get("answer")]
            for answer in answers:
                if q["kind"] == "code":
                    continue  # its answer is the solution code, searched below
                text = str(answer)
                if q["kind"] == "formula" and len(text) >= FORMULA_MIN:
                    add(text, f"{where} (formula answer)")
                elif q["kind"] == "number" and _significant_digits(repr(answer)) >= NUMBER_DIGITS:
                    add(repr(answer), f"{where} (number answer)")
                else:
                    found.unsearchable.append(f"{where}: {q['kind']} answer {text!r} is too short "
                                              "to tell apart from any other text")

    for name, notebook in notebooks.items():
        for index, cell in enumerate(notebook["cells"]):
            text = _source(cell)
            where = f"solutions/{name}.ipynb cell {index + 1}"
            if cell["cell_type"] != "code":
                continue
            if text.lstrip().startswith("// HIDDEN"):
                for line in text.splitlines()[1:]:
                    if len(line.strip()) >= LINE_MIN:
                        add(line.strip(), f"{where} (hidden check)", public + lecture_text)
                for literal in STRING_LITERAL.findall(text):
                    if len(literal) >= LITERAL_MIN:
                        add(literal, f"{where} (hidden check's text)", public + lecture_text)
                for number in NUMBER_LITERAL.findall(text):
                    if _significant_digits(number) >= NUMBER_DIGITS:
                        add(number, f"{where} (hidden check's number)", public + lecture_text)
                continue
            for expression in INLINE.findall(text):
                if len(expression.strip()) >= INLINE_MIN:
                    add(expression.strip(), f"{where} (inline solution)")
            for block in BLOCK.findall(text):
                for line in block.splitlines():
                    if len(line.strip()) >= LINE_MIN:
                        add(line.strip(), f"{where} (solution code)")
    return found


def scan(folder: Path, found_needles: Needles) -> Report:
    """Searches every file under `folder` (and every entry of its jars) for the needles, the
    marks and the instructor's things; returns what was found where."""
    report = Report()
    texts = [(t.encode("utf-8"), w) for t, w in found_needles.strings.items()]
    texts += [(m.encode("utf-8"), "a solution or hidden-check mark") for m in MARKERS]
    texts += [(m.encode("utf-8"), "the instructor's kernel or the grader") for m in INSTRUCTOR]
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            report.found.append(f"{rel}: a symbolic link (to {path.readlink()}): it could lead anywhere")
        elif path.is_file():
            report.files += 1
            _search(rel, path.read_bytes(), texts, report, inside_archive=False)
    return report


def _names_forbidden(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".answers.json"):
        return "an answer key"
    if Path(lowered).name == "variant-secret":
        return "the instructor's variant secret"
    if "solutions" in Path(lowered).parts:
        return "a solutions folder"
    if "backprop-grader" in lowered or "backprop/grader/" in lowered:
        return "the grader"
    if kernelspec.INSTRUCTOR_NAME in lowered:
        return "the instructor's kernel"
    return None


def _check_kernelspec(name: str, data: bytes, report: Report) -> None:
    """A kernelspec in the edition must be the students' own."""
    try:
        spec = json.loads(data)
    except ValueError as e:
        report.found.append(f"{name}: a kernelspec that is not JSON ({e})")
        return
    if spec.get("display_name") != kernelspec.DISPLAY_NAME:
        report.found.append(f"{name}: the kernelspec of {spec.get('display_name')!r}, "
                            f"not the students' {kernelspec.DISPLAY_NAME!r}")


def _search(name: str, data: bytes, texts, report: Report, inside_archive: bool) -> None:
    if inside_archive:
        report.entries += 1
    why = _names_forbidden(name)
    if why:
        report.found.append(f"{name}: {why}")
    if name.endswith(("kernel.json", "kernel.json.in")):
        _check_kernelspec(name, data, report)
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for entry in archive.infolist():
                    if not entry.is_dir():
                        _search(f"{name}!/{entry.filename}", archive.read(entry), texts, report, True)
            return
        except zipfile.BadZipFile:
            pass  # not an archive after all: searched as bytes below
    for text, where in texts:
        if text in data:
            report.found.append(f"{name}: {text.decode()!r} from {where}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return  # not text (a class file, a picture): no base64 to decode in it
    for run in BASE64_RUN.findall(data):
        try:
            decoded = base64.b64decode(run + b"=" * (-len(run) % 4), validate=True)
        except ValueError:
            continue
        for text, where in texts:
            if text in decoded:
                report.found.append(f"{name}: {text.decode()!r} from {where}, base64-encoded")
