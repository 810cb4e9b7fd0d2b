#!/usr/bin/env python3
"""Brings the course's notebooks into a student's home folder without touching their work.

    course-sync [COURSE [TARGET]]   (default: /opt/backprop-lab/course  ~/backprop-lab)

Every student's server runs it, as that student, before it starts (start-singleuser), so the
first login copies the course and each later one brings what the course added or changed. It
copies COURSE's README.md, notebooks/ and exercises/ into TARGET, file by file, with
nbgitpuller's merge rules, except that a notebook is never merged line by line (its JSON could
break):

1. a file of the course that TARGET lacks is copied (at the first login: every file);
2. a file the student has not changed since it was copied is updated to the course's version;
3. a file the student has changed is kept as it is, whatever the course did to it;
4. a file the student deleted is copied again (how to start an exercise over);
5. a file of the student's own that has the name of a file new to the course is renamed
   NAME_YYYYMMDDHHMMSS.EXT first, then the course's file is copied;
6. a file the course no longer has is removed if the student never changed it, else kept.

"Changed" means: its content differs from what was copied, by SHA-256. TARGET/.course-sync.json
remembers what was copied. Only the standard library is used: any Python 3.8+ runs it.
"""

import hashlib
import json
import os
import sys
import time
from pathlib import Path

SYNCED = ("README.md", "notebooks", "exercises")
MANIFEST = ".course-sync.json"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def course_files(course: Path) -> dict:
    """The course's files to bring, by path relative to the course folder, with their hashes."""
    found = {}
    for name in SYNCED:
        top = course / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in paths:
            rel = path.relative_to(course)
            if ".ipynb_checkpoints" not in rel.parts:
                found[rel.as_posix()] = sha256(path)
    return found


def copy(source: Path, target: Path) -> None:
    """Copies a file so that no half-written file is ever seen (a temporary file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.course-sync-{os.getpid()}")
    temporary.write_bytes(source.read_bytes())
    os.replace(temporary, target)


def aside_name(path: Path, stamp: str) -> Path:
    """NAME_STAMP.EXT beside the file, as nbgitpuller names a student's file it moves aside."""
    candidate = path.with_name(f"{path.stem}_{stamp}{path.suffix}")
    n = 1
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}_{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def sync(course: Path, target: Path, now: float | None = None) -> list[str]:
    """Applies the rules above; returns one line per thing done (nothing: all was up to date)."""
    if not (course / "exercises").is_dir():
        raise SystemExit(f"course-sync: {course} is not an installed course (no exercises/)")
    stamp = time.strftime("%Y%m%d%H%M%S", time.localtime(now))
    target.mkdir(parents=True, exist_ok=True)
    manifest_file = target / MANIFEST
    try:
        copied = json.loads(manifest_file.read_text())["files"]
    except (OSError, ValueError, KeyError):
        copied = {}  # never synced (or the record is damaged): every file is judged afresh
    wanted = course_files(course)
    done = []
    for rel, course_hash in wanted.items():
        mine = target / rel
        if mine.is_symlink() or (mine.exists() and not mine.is_file()):
            state = "not a file"
        elif not mine.exists():
            state = "missing"
        else:
            state = sha256(mine)
        if state == course_hash:
            pass  # the same content already (unchanged, or the student's edit undone)
        elif state == "missing":
            copy(course / rel, mine)
            done.append(f"restored {rel} (deleted)" if rel in copied else f"added {rel}")
        elif rel in copied and state == copied[rel]:
            copy(course / rel, mine)
            done.append(f"updated {rel}")
        elif rel in copied:
            done.append(f"kept {rel}: changed by you (the course's version is not applied)")
            continue  # the record keeps what was copied: a later undo of the edit is seen
        else:
            aside = aside_name(mine, stamp)
            os.rename(mine, aside)
            copy(course / rel, mine)
            done.append(f"renamed your {rel} to {aside.name}, added the course's {rel}")
        copied[rel] = course_hash
    for rel in sorted(set(copied) - set(wanted)):
        mine = target / rel
        if mine.is_file() and not mine.is_symlink() and sha256(mine) == copied[rel]:
            mine.unlink()
            done.append(f"removed {rel} (no longer in the course)")
        elif mine.exists():
            done.append(f"kept {rel}: no longer in the course, changed by you")
        del copied[rel]
    temporary = target / f".{MANIFEST}.{os.getpid()}"
    temporary.write_text(json.dumps({"course": str(course), "files": copied}, indent=1) + "\n")
    os.replace(temporary, manifest_file)
    return done


def main(argv: list[str]) -> int:
    if len(argv) > 2 or any(a.startswith("-") for a in argv):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    course = Path(argv[0] if argv else "/opt/backprop-lab/course")
    target = Path(argv[1]) if len(argv) > 1 else Path.home() / "backprop-lab"
    for line in sync(course, target):
        print(f"course-sync: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
