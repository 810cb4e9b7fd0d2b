"""The library's Javadoc as the kernel supervisor shows it on Shift+Tab: one JSON index.

The Java kernels here (rapaio-jupyter-kernel 3.0.1, like JShell beneath it) answer an inspect
request with the signatures only: JShell reads documentation from the JDK's src.zip alone, and
this rapaio reads no javadoc jars. So the notebooks' own library is indexed here, from its sources,
and the supervisor (kernelguard/kernelguard/docs.py) adds the text under each signature, whatever
kernel it supervises.

Keys: "Activation" (a class), "Activation.SIGMOID" (a field or constant), "Activation.derivative(double)"
(a method, by its parameters' simple types), "Network(int[])" (a constructor); a nested class is
"Outer.Inner". Values: the comment's text, Javadoc's inline tags made plain.
"""

import json
import re
from pathlib import Path

from . import paths

# The modules whose classes a notebook uses (build/kernel/classpath), not the grader's.
MODULES = ("core", "fast", "data", "display", "check")
INDEX = paths.KERNEL_DIR / "javadoc.json"

TOKENS = re.compile(r'/\*\*(?!/)(?P<doc>.*?)\*/|/\*.*?\*/|//[^\n]*|"""(?:.|\n)*?"""'
                    r'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|(?P<punct>[{};])', re.S)
TYPE_DECL = re.compile(r"\b(class|interface|enum|record)\s+(\w+)")
ANNOTATION = re.compile(r"@\w+(?:\.\w+)*(?:\s*\([^()]*\))?")
MODIFIERS = {"public", "protected", "private", "static", "final", "abstract", "default",
             "synchronized", "native", "strictfp", "transient", "volatile", "sealed", "non-sealed"}


def clean(doc: str) -> str:
    """A comment's text: the leading stars gone, {@code x} and {@link X} as their words."""
    lines = [re.sub(r"^\s*\* ?", "", line) for line in doc.split("\n")]
    text = "\n".join(lines).strip()
    text = re.sub(r"\{@(?:code|literal)\s+([^{}]*)\}", r"\1", text)
    text = re.sub(r"\{@(?:link|linkplain)\s+#?([^\s{}]+)(?:\s+([^{}]*))?\}",
                  lambda m: m.group(2) or m.group(1).replace("#", "."), text)
    return text


def param_types(params: str) -> list[str]:
    """Simple, erased types of a parameter list: "Map<String, Integer> m, double... x" ->
    ["Map", "double[]"]."""
    while re.search(r"<[^<>]*>", params):
        params = re.sub(r"<[^<>]*>", "", params)
    types = []
    for p in (p.strip() for p in params.split(",")):
        if not p:
            continue
        p = ANNOTATION.sub("", p).replace("final ", "").strip()
        p = p.replace("...", "[] ")
        words = p.split()
        t = words[0] if len(words) == 1 else " ".join(words[:-1])
        t = t.replace(" ", "")
        types.append(t.rsplit(".", 1)[-1])
    return types


def _matching_paren(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


def _key(declaration: str, owner: list[str], in_enum: bool) -> str | None:
    """The index key of the declaration a comment stands before, or None."""
    d = ANNOTATION.sub(" ", declaration).strip()
    m = TYPE_DECL.search(d)
    if m and "(" not in d[:m.start()]:
        return ".".join(owner + [m.group(2)])
    cls = ".".join(owner)
    m = re.search(r"(\w+)\s*\(", d)
    before_eq = d.split("=", 1)[0]
    if m and "=" not in d[:m.start()]:
        words = [w for w in re.findall(r"[\w<>\[\].?,]+", d[:m.start()]) if w not in MODIFIERS]
        name = m.group(1)
        if not words and in_enum:
            return f"{cls}.{name}"                       # an enum constant with arguments
        params = d[m.end():_matching_paren(d, m.end() - 1)]
        types = ",".join(param_types(params))
        if owner and name == owner[-1] and not words:
            return f"{cls}({types})"                     # a constructor
        return f"{cls}.{name}({types})"
    names = re.findall(r"\w+", before_eq.split(",")[0])
    return f"{cls}.{names[-1]}" if names and owner else None


def index_source(text: str) -> dict[str, str]:
    """The documented declarations of one Java source file."""
    docs: dict[str, str] = {}
    owners: list[tuple[str, int, bool]] = []  # (class name, brace depth of its body, is enum)
    depth, segment, pending = 0, "", None

    def finish():
        nonlocal pending
        if pending is not None and segment.strip():
            in_enum = bool(owners) and owners[-1][2] and owners[-1][1] == depth
            key = _key(segment, [o[0] for o in owners], in_enum)
            if key:
                docs.setdefault(key, pending)
                if re.search(r"\brecord\s+\w+", ANNOTATION.sub(" ", segment)):
                    # A record's accessors are documented by its @param lines.
                    for name, text in re.findall(r"^@param\s+(\w+)\s+(.*?)(?=^@|\Z)", pending, re.M | re.S):
                        docs.setdefault(f"{key}.{name}()", " ".join(text.split()))
            pending = None

    pos = 0
    for m in TOKENS.finditer(text):
        segment += text[pos:m.start()]
        pos = m.end()
        if m.group("doc") is not None:
            finish()
            segment, pending = "", clean(m.group("doc"))
        elif m.group("punct"):
            p = m.group("punct")
            finish()
            if p == "{":
                t = TYPE_DECL.search(ANNOTATION.sub(" ", segment))
                depth += 1
                if t and "(" not in segment[:t.start()] and "=" not in segment:
                    owners.append((t.group(2), depth, t.group(1) == "enum"))
            elif p == "}":
                if owners and owners[-1][1] == depth:
                    owners.pop()
                depth -= 1
            segment = ""
        # plain comments and literals are left out of the declaration's text
    return docs


def build(sources: list[Path] | None = None) -> dict[str, str]:
    """The index of every documented public declaration of the notebooks' library."""
    if sources is None:
        sources = [f for module in MODULES
                   for f in sorted((paths.ROOT / "lib" / module / "src" / "main" / "java").rglob("*.java"))]
    index: dict[str, str] = {}
    for f in sources:
        for key, doc in index_source(f.read_text(encoding="utf-8")).items():
            index.setdefault(key, doc)
    return index


def write(target: Path = INDEX, leave_out=()) -> Path:
    """Writes the index (only when it changed); returns its path. An entry holding any of the
    strings `leave_out` is left out (the students' copy: a comment's example may be an answer)."""
    index = {k: v for k, v in build().items() if not any(s in v for s in leave_out)}
    text = json.dumps(index, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target
