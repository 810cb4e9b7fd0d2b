"""What Shift+Tab and Tab show: the library's Javadoc under each signature, completion without
JShell's internals.

The inner kernel answers an inspect request with signatures only ("double Activation.derivative(
double z)"): JShell finds documentation in the JDK's src.zip alone. With --docs INDEX (a JSON
object made from the library's sources, see tools/labtools/javadoc.py) the supervisor looks each
signature up and adds its text, for any kernel of the IJava family it runs. A completion reply
loses the names JShell offers that nobody types in a notebook: `class`, an enum's `EnumDesc`,
the Object and Enum plumbing, and JShell's own `$` names.
"""

import html
import json
import re

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
TAG = re.compile(r"<[^>]+>")


def strip_ansi(text):
    return ANSI.sub("", text)


def plain(doc):
    """Javadoc's HTML (<p>, &gt;) as text."""
    return html.unescape(TAG.sub("", doc.replace("<p>", "\n")))

# Offered by JShell after a type or a value, never what a student means.
NOISE = {"class", "EnumDesc", "describeConstable()", "getDeclaringClass()", "notify()",
         "notifyAll()", "wait(", "wait()", "getClass()", "resolveConstantDesc(", "finalize()",
         "clone()"}

SIGNATURE = re.compile(r"^(?:(?P<ret>[\w.<>\[\], ?]+?)\s+)?(?P<owner>[\w.]+?)"
                       r"(?:\.(?P<member>\w+))?(?:\((?P<params>.*)\))?$")


def param_types(params: str) -> str:
    """"double z, Map<String, Integer> m, int... n" -> "double,Map,int[]" (as the index has them)."""
    while re.search(r"<[^<>]*>", params):
        params = re.sub(r"<[^<>]*>", "", params)
    types = []
    for p in (p.strip() for p in params.split(",")):
        if not p:
            continue
        words = p.replace("...", "[] ").split()
        t = words[0] if len(words) == 1 or words[-1] == "[]" else "".join(words[:-1])
        if words[-1] == "[]":
            t = "".join(words)
        types.append(t.rsplit(".", 1)[-1])
    return ",".join(types)


def keys(signature: str) -> list[str]:
    """The index keys a signature may be under, most specific first."""
    m = SIGNATURE.match(signature.strip())
    if not m:
        return []
    owner, member, params = m.group("owner"), m.group("member"), m.group("params")
    parts = owner.split(".")
    # Outer.Inner, Inner: a package prefix (backprop.Network) is not part of a key.
    owners = [".".join(parts[i:]) for i in range(len(parts)) if parts[i][:1].isupper()] or [owner]
    found = []
    for o in owners:
        if member and params is not None:
            found.append(f"{o}.{member}({param_types(params)})")
        elif member:
            found.append(f"{o}.{member}")
        elif params is not None:
            found.append(f"{o}({param_types(params)})")
        else:
            found.append(o)
    if params is None:  # a class or a constant: backprop.Network, Activation.SIGMOID, Network.Builder
        whole = signature.strip().split()[-1].split(".")
        found += [".".join(whole[i:]) for i in range(len(whole)) if whole[i][:1].isupper()]
    return list(dict.fromkeys(found))


def narrow(code, cursor):
    """The statement the cursor is in, as (code, cursor, offset): JShell finds documentation and
    completions for one snippet only, and a cell such as `import backprop.*;` followed by a
    statement is two. The statement runs from the last `;`, `{` or `}` before the cursor to the
    next `;` (strings are not looked into; a wrong cut only costs that request its answer)."""
    if cursor is None or cursor > len(code):
        return code, cursor, 0
    start = max(code.rfind(c, 0, cursor) for c in ";{}") + 1
    end = code.find(";", cursor)
    end = len(code) if end < 0 else end + 1
    piece = code[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece[lead:]
    start += lead
    if piece.startswith("return "):
        piece, start = piece[len("return "):], start + len("return ")
    return piece, cursor - start, start


class Docs:

    def __init__(self, path=None):
        self.index = {}
        if path:
            try:
                with open(path, encoding="utf-8") as f:
                    self.index = json.load(f)
            except (OSError, ValueError):
                self.index = {}  # no index: signatures alone, as the kernel gives them

    def lookup(self, signature):
        for k in keys(signature):
            if k in self.index:
                return self.index[k]
        return None

    def inspect_reply(self, content):
        """An inspect_reply's content with the Javadoc under each signature it lists."""
        data = content.get("data") or {}
        shown = strip_ansi(data.get("text/plain", ""))
        signatures = [line.strip() for line in shown.split("\n") if line.strip()]
        if not content.get("found") or not signatures:
            return content
        texts, pages = [], []
        for s in signatures:
            doc = self.lookup(s)
            texts.append(s + ("\n" + plain(doc) if doc else ""))
            # The library's own comments, written as Javadoc's HTML.
            pages.append("<p><b>%s</b></p>" % html.escape(s) + ("<p>%s</p>" % doc if doc else ""))
        out = dict(content)
        out["data"] = dict(data, **{"text/plain": "\n\n".join(texts) + "\n",
                                    "text/html": "".join(pages)})
        return out

    @staticmethod
    def complete_reply(content, offset=0):
        """A complete_reply's content without JShell's internals, sorted, its positions moved
        back by `offset` (where the statement sent began in the cell)."""
        matches = [m for m in content.get("matches") or []
                   if m not in NOISE and "$" not in m]
        out = dict(content)
        for k in ("cursor_start", "cursor_end"):
            if isinstance(out.get(k), int):
                out[k] += offset
        out["matches"] = sorted(dict.fromkeys(matches), key=lambda m: (m.lower(), m))
        return out
