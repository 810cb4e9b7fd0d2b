"""Students' notebooks for the grader's end-to-end test, made from the exercises themselves.

Every case starts from a student who solved everything: the released exercise
(exercises/NN-topic.ipynb, with its cell layout, its metadata and its first cell, which carries the
answers' fingerprints), each stub filled with the solution's code (solutions/NN-topic.ipynb with its
authoring marks taken out; its hidden cells are not in the exercise). Then one named mutation
(MUTATIONS, at the end) makes it the student of that case: wrong answers, a cell that never ends, a
class Check of their own…

Mutations find a cell by the question its Check.…("id", …) call checks, and a method by its name,
never by position, so the cases follow the exercises when their prose or layout changes. Nothing
here names the course's Java packages: every import a submission has comes from the exercise.

    write_all(folder)          # folder/STUDENT/NN-topic.ipynb for every case; returns the paths
    build("endless-loop")      # one case's notebook, in memory (its cell numbers, for instance)
"""

import copy
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The solution's authoring marks (see solutions/README.md).
INLINE = re.compile(r"/\*\s*SOLUTION\s*\*/(.*?)/\*\s*END\s*\*/", re.S)
BLOCK_MARKS = ("// BEGIN SOLUTION", "// END SOLUTION")
HIDDEN = "// HIDDEN"
# A check and the question it checks: Check.number("loss", loss) checks "loss".
CHECK = re.compile(r'\bCheck\s*\.\s*(?:number|formula|choice|code)\s*\(\s*"([^"]*)"')


def solved(source: str) -> str:
    """A solution cell as the student who solved it has it: the code between the marks, unmarked."""
    source = INLINE.sub(lambda m: m.group(1).strip(), source)
    return "\n".join(line for line in source.split("\n") if not line.strip().startswith(BLOCK_MARKS))


def java_string(text: str) -> str:
    """Text as a Java string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 32 else c for c in escaped) + '"'


def println(text: str) -> str:
    """A Java statement that prints text."""
    return f"System.out.println({java_string(text)});"


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _set_source(cell: dict, text: str) -> None:
    cell["source"] = text.splitlines(keepends=True)


class Submission:
    """One student's notebook of an exercise, solved, for a mutation to change."""

    def __init__(self, exercise: str):
        self.exercise = exercise
        self.released = _read(ROOT / "exercises" / f"{exercise}.ipynb")
        solution = _read(ROOT / "solutions" / f"{exercise}.ipynb")
        key = _read(ROOT / "solutions" / f"{exercise}.answers.json")
        self.key = {q["id"]: q for q in key["questions"]}
        self.truncated = False
        self.raw_bytes: list[tuple[str, bytes]] = []  # (after this text, these bytes), in the file
        self.others: dict[str, Submission] = {}  # more files the student handed in, by file name
        # The release keeps each cell's id, drops the hidden cells and rewrites the first code cell.
        solutions = {c["id"]: c for c in solution["cells"]
                     if not _source(c).lstrip().startswith(HIDDEN)}
        self.notebook = copy.deepcopy(self.released)
        code = [c for c in self.notebook["cells"] if c["cell_type"] == "code"]
        for cell in code[1:]:  # the first is the set-up cell, fingerprints and all
            twin = solutions.get(cell.get("id"))
            if twin is None or twin["cell_type"] != "code":
                raise ValueError(f"{exercise}: exercise cell {cell.get('id')} has no code cell with "
                                 "that id in the solution")
            _set_source(cell, solved(_source(twin)))
        self._added = 0

    # ---- finding cells ------------------------------------------------------------------------

    def _checks(self, question: str) -> dict:
        """The code cell that checks a question: its Check call names it (or, once a mutation took
        the call out, the cell's metadata that the release wrote from it)."""
        for cell in self.notebook["cells"]:
            if cell["cell_type"] == "code" and (
                    question in CHECK.findall(_source(cell))
                    or question in cell.get("metadata", {}).get("backprop", {}).get("questions", [])):
                return cell
        raise KeyError(f"{self.exercise}: no cell checks '{question}'")

    def cell_index(self, question: str) -> int:
        """Where the cell that checks a question is among all cells, from 0."""
        return self.notebook["cells"].index(self._checks(question))

    def cell_number(self, question: str) -> int:
        """The place of the cell that checks a question among the code cells, counted from 1,
        markdown not counted: the number the grader's reasons quote ("your code cell 4")."""
        code = [c for c in self.notebook["cells"] if c["cell_type"] == "code"]
        return next(i for i, c in enumerate(code, 1) if c is self._checks(question))

    def _declaring(self, method: str) -> tuple[dict, re.Match]:
        # "double reluPrime(double z) {" at the start of a line: a type, the name, the parameters
        header = re.compile(r"^[ \t]*[\w<>\[\], ]+?\s" + re.escape(method) + r"\s*\([^)]*\)\s*\{",
                            re.M)
        found = [(c, m) for c in self.notebook["cells"] if c["cell_type"] == "code"
                 for m in [header.search(_source(c))] if m]
        if len(found) != 1:
            raise KeyError(f"{self.exercise}: {len(found)} cells declare a method {method}, not one")
        return found[0]

    # ---- what a mutation does ---------------------------------------------------------------------

    def answer(self, question: str, expression: str) -> None:
        """Gives `expression` as the answer to a question: the variable its Check call passes
        (double atZero = …;) is set to it, or, if the call passes a value itself, the call is."""
        cell = self._checks(question)
        src = _source(cell)
        call = re.search(r'\bCheck\s*\.\s*\w+\s*\(\s*"' + re.escape(question) + r'"\s*,\s*(.*?)\)\s*;',
                         src, re.S)
        if call is None:
            raise KeyError(f"{self.exercise}: the cell checking '{question}' has no Check call")
        span = call.span(1)
        if re.fullmatch(r"[A-Za-z_]\w*", call.group(1).strip()):
            assigned = re.search(r"\b" + call.group(1).strip() + r"\s*=(?!=)\s*(.*?)\s*;", src, re.S)
            if assigned:
                span = assigned.span(1)
        _set_source(cell, src[:span[0]] + expression + src[span[1]:])

    def define(self, method: str, body: str) -> None:
        """Writes a method's body (the lines between its braces). Braces are counted plainly: the
        exercises' methods hold none inside strings or comments."""
        cell, header = self._declaring(method)
        src = _source(cell)
        depth, end = 1, header.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(src[end], 0)
            end += 1
        indent = re.match(r"[ \t]*", header.group(0)).group(0)
        lines = "".join(f"{indent}    {line}\n" for line in body.split("\n"))
        _set_source(cell, src[:header.end()] + "\n" + lines + indent + src[end - 1:])

    def parameters(self, method: str, parameters: str) -> None:
        """Declares a method with other parameters: double sigmoidPrime(int z) for "int z"."""
        cell, header = self._declaring(method)
        src = _source(cell)
        declared = re.sub(r"\([^)]*\)", lambda m: f"({parameters})", header.group(0), count=1)
        _set_source(cell, src[:header.start()] + declared + src[header.end():])

    def edit(self, question: str, change) -> None:
        """Changes the source of the cell that checks a question: change(source) -> new source."""
        cell = self._checks(question)
        _set_source(cell, change(_source(cell)))

    def insert_before(self, question: str, source: str) -> None:
        """A new code cell of the student's, just before the cell that checks a question."""
        self._added += 1
        cell = {"cell_type": "code", "execution_count": None, "id": f"student-{self._added}",
                "metadata": {}, "outputs": [], "source": []}
        _set_source(cell, source)
        cells = self.notebook["cells"]
        cells.insert(cells.index(self._checks(question)), cell)

    def as_released(self) -> None:
        """Takes every answer back: each code cell as the exercise has it."""
        originals = {c["id"]: c for c in self.released["cells"]}
        for cell in self.notebook["cells"]:
            if cell["cell_type"] == "code" and cell["id"] in originals:
                _set_source(cell, _source(originals[cell["id"]]))

    def insert_bytes(self, after: str, data: bytes) -> None:
        """Puts bytes into the file itself (they need not be UTF-8) right after the first place
        that holds `after`, as the file writes it (in a cell's source, within one line)."""
        self.raw_bytes.append((after, data))

    def first_markdown(self) -> str:
        """The start of the notebook's first text cell (its first ten characters)."""
        return next(_source(c) for c in self.notebook["cells"] if c["cell_type"] == "markdown")[:10]

    def also(self, file_name: str, change=None) -> None:
        """The student hands in another notebook of the exercise beside this one, as file_name:
        a solved one, then change(submission) if given."""
        other = Submission(self.exercise)
        if change:
            change(other)
        self.others[file_name] = other

    def truncate(self) -> None:
        """Saves only the first half of the notebook's file, as an interrupted copy would."""
        self.truncated = True

    # ---- what the course's checks print and the grader's own cells return ------------------------
    # (Check's and Grading's output: neither names a Java package.)

    def check_line(self, question: str) -> str:
        """The line Check prints for a right answer: a green ✓, the question, its points."""
        points = self.key[question]["points"]
        shown = int(points) if points == int(points) else points
        unit = "point" if points == 1 else "points"
        return f"\u001b[32m✓\u001b[0m {question} — right ({shown} {unit})"

    def grader_result(self, question: str) -> str:
        """The JSON line the grader's cell returns when the student's check received the key's
        answer to a formula or choice question."""
        q = self.key[question]
        return json.dumps({"id": question, "answered": True, "kind": q["kind"], "text": q["answer"]},
                          ensure_ascii=False, separators=(",", ":"))

    # ---- the file --------------------------------------------------------------------------------

    def text(self) -> str:
        """The file as text, without the bytes of insert_bytes."""
        text = json.dumps(self.notebook, indent=1, ensure_ascii=False) + "\n"
        return text[:len(text) // 2] if self.truncated else text

    def data(self) -> bytes:
        """The file's bytes: its text with the bytes of insert_bytes put in."""
        data = self.text().encode("utf-8")
        for after, extra in self.raw_bytes:
            mark = json.dumps(after, ensure_ascii=False)[1:-1].encode("utf-8")
            at = data.index(mark) + len(mark)
            data = data[:at] + extra + data[at:]
        return data


# ---- the cases: what each student did ----------------------------------------------------------

def wrong(s: Submission):
    """Every answer is wrong: σ' as only its factor 1 − σ(z), σ(0) for σ'(0), B for both
    choices, σ itself coded as its slope and a ReLU' that is always 1."""
    s.answer("sigmoid-prime", '"1-(1/(1+e^(-z)))"')
    s.answer("sigmoid-prime-at-0", "0.5")
    s.answer("sigmoid-far", '"B"')
    s.answer("relu-negative", '"B"')
    s.define("sigmoidPrime", "return 1 / (1 + Math.exp(-z));")
    s.define("reluPrime", "return 1;")


def partly(s: Submission):
    """σ' with a parenthesis never closed, option A typed as "a" (accepted), and ReLU'(0) = 1, so
    one of the code question's six cases fails."""
    s.answer("sigmoid-prime", '"e^(-z)/(1+e^(-z)^2"')
    s.answer("relu-negative", '"a"')
    s.define("reluPrime", "return z >= 0 ? 1 : 0;")


def fake_prints(s: Submission):
    """Solves nothing, but prints ✓: sigmoid-prime's cell prints the line a right answer gets and
    ends with the JSON the grader's cell returns for it (no Check call); sigmoid-prime-at-0 gets
    0.3 and a printed ✓ after its check."""
    s.as_released()
    s.edit("sigmoid-prime", lambda src: println(s.check_line("sigmoid-prime")) + "\n"
           + java_string(s.grader_result("sigmoid-prime")))
    s.answer("sigmoid-prime-at-0", "0.3")
    s.edit("sigmoid-prime-at-0", lambda src: src + "\n" + println(s.check_line("sigmoid-prime-at-0")))


FAKE_CHECK = """\
class Check {
    static void formula(String id, String f) { System.out.println("✓ " + id + " — right"); }
    static void number(String id, double... v) { System.out.println("✓ " + id + " — right"); }
    static void choice(String id, String c) { System.out.println("✓ " + id + " — right"); }
    static void code(String id, java.util.function.Consumer<Object> c) { System.out.println("✓ " + id); }
}"""


def redefines_check(s: Submission):
    """Declares a class Check of its own, whose calls print ✓ (in a cell before the first
    question), and answers sigmoid-prime with "0"."""
    s.insert_before("sigmoid-prime", FAKE_CHECK)
    s.answer("sigmoid-prime", '"0"')


def redefines_assert(s: Submission):
    """Codes σ'(z) as 0.25 everywhere and, just before the code question's check, declares an
    assertEquals of its own that never fails."""
    s.define("sigmoidPrime", "return 0.25;")
    s.insert_before("slopes-code", "static void assertEquals(double expected, double actual, "
                                   "double delta, String message) { }")


def redefines_hidden_name(s: Submission):
    """Just before the code question's check, declares a class Activation of its own: a name that
    only the hidden checks use (they compare with the library's Activation.SIGMOID)."""
    s.insert_before("slopes-code", "class Activation { }")


def int_parameter(s: Submission):
    """Declares sigmoidPrime(int z) instead of sigmoidPrime(double z): its own check, σ'(0), still
    compiles and passes, but the hidden cases call it with a double."""
    s.parameters("sigmoidPrime", "int z")


def reads_keys(s: Submission):
    """Reads the answer key by its absolute path on the grader's machine, in a cell before the
    first question, and answers that question with the key's formula."""
    key = ROOT / "solutions" / f"{s.exercise}.answers.json"
    s.insert_before("sigmoid-prime", f"String key = java.nio.file.Files.readString(java.nio.file.Path.of("
                                     f"{java_string(str(key))}));")
    s.edit("sigmoid-prime", lambda src: re.sub(r'String sigmoidSlope = [^;]*;',
                                               'String sigmoidSlope = key.split("\\"answer\\": \\"")[1]'
                                               '.split("\\"")[0];', src))


def system_exit(s: Submission):
    """The cell that checks sigmoid-far starts with System.exit(0)."""
    s.edit("sigmoid-far", lambda src: "System.exit(0);\n" + src)


def runtime_halt(s: Submission):
    """The cell that checks sigmoid-far starts with Runtime.getRuntime().halt(0), which ends the
    kernel at once (no shutdown hooks), as System.exit(0) does after them."""
    s.edit("sigmoid-far", lambda src: "Runtime.getRuntime().halt(0);\n" + src)


def endless_loop(s: Submission):
    """The cell that checks sigmoid-prime-at-0 becomes while (true) { }."""
    s.edit("sigmoid-prime-at-0", lambda src: "while (true) { }")


def huge_allocation(s: Submission):
    """The cell that checks relu-negative first allocates 12 GB (new double[1_500_000_000])."""
    s.edit("relu-negative", lambda src: "double[] huge = new double[1_500_000_000];\n" + src)


def compile_error(s: Submission):
    """The cell that checks sigmoid-prime-at-0 loses its first ';' (after the answer)."""
    s.edit("sigmoid-prime-at-0", lambda src: src.replace(";", "", 1))


def stray_byte(s: Submission):
    """A byte 0xFF, which is never UTF-8, in the notebook's first text cell."""
    s.insert_bytes(s.first_markdown(), b"\xff")


def stray_byte_in_code(s: Submission):
    """A byte 0xFF in the code of the cell that checks sigmoid-prime-at-0, before its answer."""
    s.insert_bytes("double atZero = ", b"\xff")


def twice(s: Submission):
    """Hands in twice: this notebook with σ'(0) answered 0.3, and beside it, as
    03-activations-twice.ipynb, a copy with every answer right."""
    s.answer("sigmoid-prime-at-0", "0.3")
    s.also(f"{s.exercise}-twice.ipynb")


def tampers(s: Submission):
    """Before the code question, reaches by reflection for the check runtime's collection of
    results, to replace it with one that only ever holds passes."""
    s.insert_before("slopes-code", "\n".join([
        'var field = Class.forName(Check.class.getPackageName() + ".Grading").getDeclaredField("session");',
        "field.setAccessible(true);",
        "System.out.println(field.get(null));"]))


def escapes(s: Submission):
    """Before the first question, starts a process in a session of its own and a double fork,
    both meant to outlive the grading (sleep 600)."""
    s.insert_before("sigmoid-prime", "\n".join([
        'try { new ProcessBuilder("setsid", "sleep", "600").start(); } catch (Exception e) { }',
        'new ProcessBuilder("sh", "-c", "(sleep 600 &) &").start();']))


def harms_others(s: Submission):
    """Before the first question, overwrites another student's notebook (partly's) and plants a
    page among the grades, by the paths the grading machine uses (SUBMISSIONS and GRADES stand for
    them until write_all knows them)."""
    s.insert_before("sigmoid-prime", "\n".join([
        'java.nio.file.Files.writeString(java.nio.file.Path.of("SUBMISSIONS/partly/03-activations.ipynb"), "{}");',
        'java.nio.file.Files.writeString(java.nio.file.Path.of("GRADES/feedback/03-activations/ghost.html"), "8/8");']))


def floods(s: Submission):
    """The cell that checks sigmoid-far first prints 20 MB."""
    s.edit("sigmoid-far", lambda src: 'String line = "flood ".repeat(200);\n'
                                      "for (int i = 0; i < 17_000; i++) System.out.println(line);\n" + src)


def malformed(s: Submission):
    """The file is cut off halfway: not a notebook that can be read."""
    s.truncate()


def mixed(s: Submission):
    """04: the loss without the ½ of the cost, ∂C/∂b with its sign flipped, and ∂C/∂w₁
    typed as 2.080, the grid value just below the answer 2.0809 (accepted)."""
    s.answer("loss", "(y - t) * (y - t)")
    s.answer("dC-db", "-delta2")
    s.answer("dC-dw1", "2.080")


ACTIVATIONS = "03-activations"

# student -> (exercise, what the student did to the solved notebook)
MUTATIONS = {
    "wrong": (ACTIVATIONS, wrong),
    "partly": (ACTIVATIONS, partly),
    "fake-prints": (ACTIVATIONS, fake_prints),
    "redefines-check": (ACTIVATIONS, redefines_check),
    "redefines-assert": (ACTIVATIONS, redefines_assert),
    "redefines-hidden-name": (ACTIVATIONS, redefines_hidden_name),
    "int-parameter": (ACTIVATIONS, int_parameter),
    "reads-keys": (ACTIVATIONS, reads_keys),
    "system-exit": (ACTIVATIONS, system_exit),
    "runtime-halt": (ACTIVATIONS, runtime_halt),
    "endless-loop": (ACTIVATIONS, endless_loop),
    "huge-allocation": (ACTIVATIONS, huge_allocation),
    "compile-error": (ACTIVATIONS, compile_error),
    "twice": (ACTIVATIONS, twice),
    "tampers": (ACTIVATIONS, tampers),
    "escapes": (ACTIVATIONS, escapes),
    "harms-others": (ACTIVATIONS, harms_others),
    "floods": (ACTIVATIONS, floods),
    "malformed": (ACTIVATIONS, malformed),
    "stray-byte": (ACTIVATIONS, stray_byte),
    "stray-byte-in-code": (ACTIVATIONS, stray_byte_in_code),
    "mixed": ("04-simple-network", mixed),
}


def build(student: str) -> Submission:
    """One student's notebook: the solved exercise with the student's mutation applied."""
    exercise, mutate = MUTATIONS[student]
    submission = Submission(exercise)
    mutate(submission)
    return submission


def write_all(folder: Path, grades: Path = None) -> dict[str, Path]:
    """Writes every case as folder/STUDENT/NN-topic.ipynb (the grader names the student after the
    folder), with the other files a student handed in beside it; returns student -> the file
    NN-topic.ipynb. SUBMISSIONS and GRADES in a case's code become `folder` and `grades`."""
    written = {}
    for student in MUTATIONS:
        submission = build(student)
        path = Path(folder) / student / f"{submission.exercise}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = submission.data().replace(b"SUBMISSIONS/", str(Path(folder).resolve()).encode() + b"/")
        path.write_bytes(data.replace(b"GRADES/", str(Path(grades or folder).resolve()).encode() + b"/"))
        for name, other in submission.others.items():
            (path.parent / name).write_bytes(other.data())
        written[student] = path
    return written
