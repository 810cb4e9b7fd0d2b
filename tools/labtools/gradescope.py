"""A Gradescope autograder that grades with the course's own checks.

`./lab gradescope [OUT.zip]` writes the bundle Gradescope asks for ("Autograder configuration"):
a zip whose root holds `setup.sh` (run once, as root, when Gradescope builds the image) and
`run_autograder` (run for every submission), with the project beside them; Gradescope unpacks it
into /autograder/source. For each submission, run_autograder grades the notebooks found in
/autograder/submission with `./lab grade` (in the grading sandbox, as on the instructor's machine)
and turns the grades into /autograder/results/results.json:

    {"score": total, "output": notes, "tests": [{"name", "score", "max_score", "visibility",
     "output"}, ...]}

one test per question, visible to the student, with the grader's reason as its output.

    python -m labtools.gradescope results GRADES_JSON RESULTS_JSON   (what run_autograder calls)
"""

import json
import os
import sys
import zipfile
from pathlib import Path

from . import paths

# Kept out of the bundle: what the set-up makes again, and what is the instructor's alone.
NOT_BUNDLED = {"build", ".venv", ".git", "gradebook", "target", "node_modules", ".ipynb_checkpoints",
               "__pycache__"}

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
set -euo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jdk-headless maven python3 python3-venv bubblewrap
cd /autograder/source
./lab grade --help >/dev/null   # builds the library and the kernel, makes .venv: every step of the set-up
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade it with the course's checks, write results.json.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
cd "$root/source"
mkdir -p "$root/results"
rm -rf "$root/work" && mkdir -p "$root/work"
status=0
./lab grade --no-gradebook --out "$root/work/grades" "$root/submission" || status=$?
if [ ! -f "$root/work/grades/grades.json" ]; then
  printf '{"score": 0, "output": "The grader found no notebook to grade (exit %s): submit the .ipynb file."}\\n' \\
    "$status" > "$root/results/results.json"
  exit 0
fi
PYTHONPATH=tools .venv/bin/python -m labtools.gradescope results "$root/work/grades/grades.json" "$root/results/results.json"
"""


def bundle(out: Path) -> Path:
    """Writes the autograder zip: setup.sh and run_autograder at its root, the project beside them."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("setup.sh", SETUP), ("run_autograder", RUN)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16  # executable once unpacked
            z.writestr(info, text)
        for p in sorted(paths.ROOT.rglob("*")):
            rel = p.relative_to(paths.ROOT)
            if any(part in NOT_BUNDLED for part in rel.parts) or p.is_symlink() or not p.is_file():
                continue
            z.write(p, str(rel))
    return out


def results(outcomes: list[dict]) -> dict:
    """Gradescope's results.json for the grader's outcomes (grades.json)."""
    tests, notes, score = [], [], 0.0
    several = len(outcomes) > 1
    for o in outcomes:
        notes += o.get("notes", [])
        for q in o["questions"]:
            # By its heading in the exercise, as the student reads it; the id makes it unique.
            heading = q.get("heading") or q["id"]
            shown = q["id"] if heading == q["id"] else f"{heading} ({q['id']})"
            name = f"{o['exercise']} · {shown}" if several else shown
            tests.append({"name": name, "score": q["points"], "max_score": q["max"],
                          "visibility": "visible", "output": f"{q['result']}: {q['message']}"})
            score += q["points"]
    return {"score": round(score, 2), "output": "\n".join(notes), "tests": tests}


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "results":
        outcomes = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        Path(argv[2]).write_text(json.dumps(results(outcomes), ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
        return 0
    if len(argv) <= 1 and (not argv or argv[0].endswith(".zip")):
        out = Path(argv[0]) if argv else paths.BUILD / "gradescope" / "autograder.zip"
        print(f"Wrote {bundle(out.resolve())}: upload it as the assignment's autograder "
              "(Gradescope: Configure Autograder → Zip file upload).")
        return 0
    print("usage: python -m labtools.gradescope [OUT.zip] | results GRADES_JSON RESULTS_JSON", file=sys.stderr)
    return 2


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main(sys.argv[1:]))
