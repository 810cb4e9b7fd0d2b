"""Readable cell errors.

The Java kernel reports every failure with ename EvalException (or CompilerException) and puts the
real exception, colored with ANSI escapes, in the first traceback line; a compile error even has an
empty evalue. This turns an error output into plain lines a student can read.
"""

import re

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_FRAMES = 8


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def readable(error: dict) -> str:
    """An error output (ename, evalue, traceback) as plain text: the real exception first."""
    lines = []
    for entry in error.get("traceback") or []:
        lines.extend(strip_ansi(entry).rstrip("\n").split("\n"))
    lines = [line.rstrip() for line in lines if line.strip()]
    if not lines:
        evalue = error.get("evalue") or ""
        return f"{error.get('ename', 'error')}: {evalue}".rstrip(": ")
    return "\n".join(_shorten_stacks(lines))


def _shorten_stacks(lines: list[str]) -> list[str]:
    """Keeps the first MAX_FRAMES "at ..." lines of each stack (an exception, each "Caused by")."""
    out, frames, hidden = [], 0, 0
    for line in lines + [""]:
        if line.lstrip().startswith("at "):
            frames += 1
            if frames <= MAX_FRAMES:
                out.append(line)
            else:
                hidden += 1
            continue
        if hidden:
            out.append(f"   ... {hidden} more frames")
        frames = hidden = 0
        out.append(line)
    return out[:-1]


def summary(error: dict) -> str:
    """One line: the exception and its message (for progress and summaries)."""
    return readable(error).split("\n", 1)[0]
