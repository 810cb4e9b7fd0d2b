"""The grading benchmark: how long `./lab grade` takes for a class, and where the time goes.

    ./lab grade-bench [--submissions 20] [--jobs 2] [--runaway]

It writes N submissions of exercise 03 (most solved, some wrong or partly right, made as the
grader's tests make them: tests/submissions.py), grades them all in one `./lab grade` with
`--jobs` kernels at a time, and prints the wall-clock time, the time per submission, and the share
of the kernels' time spent starting them (the sandbox, the supervisor, the JVM and its health
check), from the runner's own record (build/logs/grading-times.jsonl). With --runaway one more
submission has an endless loop in a cell: what that costs is printed apart.

A benchmark, not a test: it asserts nothing; run it on a machine doing nothing else.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import paths

MIX = ["wrong", "partly", "fake-prints"]  # a few students get something wrong; the rest solve it all


def write_class(folder: Path, count: int, runaway: bool) -> list[str]:
    from tests import submissions

    students = []
    for i in range(count):
        kind = MIX[i // 5] if i % 5 == 4 and i // 5 < len(MIX) else None
        s = submissions.build(kind) if kind else submissions.Submission("03-activations")
        name = f"student{i + 1:02d}"
        (folder / name).mkdir(parents=True)
        (folder / name / "03-activations.ipynb").write_bytes(s.data())
        students.append(name)
    if runaway:
        (folder / "runaway").mkdir()
        (folder / "runaway" / "03-activations.ipynb").write_bytes(submissions.build("endless-loop").data())
    return students


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="./lab grade-bench", description=__doc__.split("\n\n")[1])
    p.add_argument("--submissions", type=int, default=20)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--runaway", action="store_true", help="add a submission with an endless loop")
    args = p.parse_args(argv)
    times_file = paths.LOGS / "grading-times.jsonl"
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "submissions"
        write_class(folder, args.submissions, args.runaway)
        times_file.unlink(missing_ok=True)
        print(f"Grading {args.submissions} submissions of 03-activations, {args.jobs} at a time"
              f"{' (and one runaway)' if args.runaway else ''}; load {os.getloadavg()[0]:.2f} …", flush=True)
        t0 = time.monotonic()
        done = subprocess.run([str(paths.ROOT / "lab"), "grade", "--jobs", str(args.jobs), "--no-gradebook",
                               "--out", str(Path(d) / "grades"), str(folder)], capture_output=True, text=True)
        wall = time.monotonic() - t0
        if done.returncode not in (0, 3):
            print(done.stdout + done.stderr, file=sys.stderr)
            return 1
        runs = [json.loads(line) for line in times_file.read_text().splitlines()]
        outcomes = json.loads((Path(d) / "grades" / "grades.json").read_text())
    kernel = sum(r["seconds"] for r in runs)  # each run's seconds include its starts
    starting = sum(r["start_seconds"] for r in runs)
    slowest = max(runs, key=lambda r: r["seconds"])
    print(f"  {len(outcomes)} graded in {wall:.1f} s wall clock (the whole ./lab grade, Java and Python "
          f"start included): {wall / len(outcomes):.2f} s per submission with {args.jobs} jobs")
    print(f"  kernel time {kernel:.1f} s in all, of which starting kernels {starting:.1f} s "
          f"({100 * starting / kernel:.0f} %), {sum(r['kernel_starts'] for r in runs)} starts, "
          f"{sum(r['replays'] for r in runs)} replays")
    print(f"  slowest submission: {slowest['seconds']:.1f} s of cells ({slowest['replays']} replays)")
    print(f"  (reproduce: ./lab grade-bench --submissions {args.submissions} --jobs {args.jobs}"
          f"{' --runaway' if args.runaway else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
