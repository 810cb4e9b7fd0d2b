"""The grader's kernel runs: one submission's cells on a fresh kernel, replayed after a kill.

The grading itself is Java (backprop.grader): it decides which cells to run, reads their
results and gives the points. This module only runs kernels for it, on the project's one
reliability layer (kernel.start_kernel over kernelguard's client: health check and retries, a
supervised kernel whose death is reported as such) and its kill (never an interrupt). It is
called as

    python -m labtools grade-kernel

which reads requests, one JSON object a line, on its standard input and answers each with one
line of JSON on its standard output, until its input ends (one process serves many submissions,
each on a fresh kernel). A request is {"cells": [source, ...], "cwd": folder, "cell_timeout": s,
"notebook_timeout": s, "max_restarts": n}; its result {"cells": [{"status", "outputs", "note"},
...], "kernel_starts": n, "replays": n, "seconds": s}. A cell's status is "ok", "error" (the cell failed; the kernel
lives on), "timeout" or "died" (the kernel was killed or ended), or "not-run".

A cell that times out or ends the kernel is skipped in a fresh kernel that runs the cells before
it again, so that one endless loop or System.exit costs only what depends on that cell.
"""

import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from . import kernelspec, paths, sandbox
from .kernel import KernelStartError, start_kernel

NAME = kernelspec.NAME + "-grading"
HEAP = os.environ.get("LAB_GRADING_HEAP", "512m")
SANDBOXES = paths.BUILD / "sandboxes"  # one folder per kernel: its connection file and sockets
# LAB_GRADING_CDS=off starts grading kernels without their class archive (to measure what it saves).
USE_CLASS_ARCHIVE = os.environ.get("LAB_GRADING_CDS", "on") != "off"


# The JVM inside the sandbox: no shared-memory performance file, no attaching tools, and bounds
# on every kind of memory besides the heap.
SANDBOX_JVM_OPTIONS = ["-XX:-UsePerfData", "-XX:+DisableAttachMechanism", "-XX:MaxMetaspaceSize=256m",
                       "-XX:MaxDirectMemorySize=64m", "-XX:ReservedCodeCacheSize=64m",
                       "-Djava.io.tmpdir=/tmp"]


def grading_kernel_json(heap: str = HEAP) -> dict:
    """The grading kernelspec: the project's own with a smaller heap (a memory limit per
    student), started through the same kernel supervisor, whose JVM may start no process, and
    all of it inside the sandbox (sandbox.py)."""
    plain = kernelspec.plain_kernel_json()
    argv = [a for a in plain["argv"] if not a.startswith("-Xmx")]
    # C1 only and the serial collector: a grading kernel lives for seconds, compiling snippets
    # with javac, where they save about a third of the CPU time on two cores.
    if not paths.GUARD_JAR.is_file():
        raise kernelspec.KernelSpecError(
            f"the grading guard is missing ({paths.relative(paths.GUARD_JAR)}): Maven builds it "
            "with the library (./lab does, or: mvn -B package -DskipTests)")
    plain["argv"] = [argv[0], f"-Xmx{heap}", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                     *SANDBOX_JVM_OPTIONS, "-Djava.security.manager=allow",
                     f"-javaagent:{paths.GUARD_JAR}", *argv[1:]]
    plain["display_name"] = kernelspec.DISPLAY_NAME + " · grading"
    spec = kernelspec.supervised(plain, extra_args=["--no-child-processes"])
    if not USE_CLASS_ARCHIVE:
        i = spec["argv"].index("--cds-dir")
        del spec["argv"][i:i + 2]
    spec["argv"] = [spec["argv"][0], str(Path(sandbox.__file__).resolve()), "{connection_file}", "--",
                    *spec["argv"]]
    return spec


def write_spec(heap: str = HEAP) -> None:
    """Writes the grading kernelspec next to the project's."""
    spec = grading_kernel_json(heap)
    target = paths.JUPYTER_DIRS["JUPYTER_PATH"] / "kernels" / NAME / "kernel.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(spec, indent=2) + "\n"
    if not target.is_file() or target.read_text() != text:
        temporary = target.with_suffix(f".{os.getpid()}.tmp")  # graders run side by side
        temporary.write_text(text)
        os.replace(temporary, target)


GUARD_REPORT = "[backprop-guard] refused: "


class Refusals:
    """What the grading guard refused, read from the kernel's log after each cell: the guard
    writes one line to the JVM's standard error the moment it refuses (lib/guard)."""

    def __init__(self, log: Path):
        self.log = log
        self.offset = log.stat().st_size if log.exists() else 0

    def new(self) -> list[str]:
        try:
            with open(self.log, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except OSError:
            return []
        data = data[:data.rfind(b"\n") + 1]  # whole lines only; the rest is read next time
        self.offset += len(data)
        return [line.split(GUARD_REPORT, 1)[1].strip()
                for line in data.decode("utf-8", "replace").splitlines() if GUARD_REPORT in line]


def _ipc(box: Path) -> dict:
    """The kernel manager's options for a sandboxed kernel: Unix sockets in its own folder."""
    return {"transport": "ipc", "ip": str(box / "socket"), "connection_file": str(box / "connection.json")}


async def _end_of(namespace: str, log) -> int:
    """Waits for a killed sandbox's processes to be gone; kills and counts any that stay."""
    import asyncio
    if not namespace:
        return 0
    for _ in range(50):
        left = sandbox.processes_in(namespace)
        if not left:
            return 0
        await asyncio.sleep(0.1)
    for pid in left:
        print(f"process {pid} outlived its sandbox: killed", file=log, flush=True)
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return len(left)


OUTPUT_BYTES = 256 * 1024  # what a grader keeps of one cell's printed output and pictures
RESULT_BYTES = 1024 * 1024  # and of its value (a grader cell's result, read in full)


class CappedClient(NotebookClient):
    """nbclient's client keeping at most OUTPUT_BYTES of each cell's output: a cell that prints
    without end costs the grader no memory, and says where its output was cut."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept: dict[int, int] = {}

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = sum(len(str(v)) for v in (content.get("data") or {}).values()) + len(content.get("text", ""))
        if msg["msg_type"] == "execute_result":
            if size <= RESULT_BYTES:
                return super().output(outs, msg, display_id, cell_index)
            size = OUTPUT_BYTES + 1  # a value that large is cut like printed output
        kept = self.kept.get(cell_index, 0)
        self.kept[cell_index] = kept + size
        if kept + size <= OUTPUT_BYTES:
            return super().output(outs, msg, display_id, cell_index)
        if kept <= OUTPUT_BYTES:
            outs.append(nbformat.v4.new_output("stream", name="stderr", text=(
                f"\n[output cut: the grader keeps the first {OUTPUT_BYTES // 1024} KB of a cell's output]\n")))
            self.kept[cell_index] = OUTPUT_BYTES + 1
        return None


def _result(status: str, outputs=(), note: str = "") -> dict:
    return {"status": status, "outputs": [dict(o) for o in outputs], "note": note}


async def run_cells(sources: list[str], cwd: Path, cell_timeout: float, notebook_timeout: float,
                    max_restarts: int, log) -> dict:
    """Runs the cells in order; see the module's description."""
    started = time.monotonic()
    deadline = started + notebook_timeout
    results: list[dict | None] = [None] * len(sources)
    skipped: set[int] = set()
    starts = restarts = outlived = 0
    starting_seconds = 0.0  # spent starting kernels (sandbox, supervisor, JVM, health check)
    while True:
        # The notebook's time limit counts its cells only: a slow kernel start (a loaded machine,
        # a start retried by the health check) is not the student's doing.
        starting = time.monotonic()
        box = sandbox.folder(SANDBOXES)
        try:
            kernel = await start_kernel(cwd, log, kernel_name=NAME,
                                        say=lambda line: print(line, file=log, flush=True),
                                        manager_options=_ipc(box))
        except KernelStartError as e:
            shutil.rmtree(box, ignore_errors=True)
            for i, r in enumerate(results):
                if r is None:
                    results[i] = _result("not-run", note=f"the kernel did not start ({e})")
            break
        namespace = sandbox.namespace_of(kernel.pid)
        starts += kernel.attempts
        starting_seconds += time.monotonic() - starting
        deadline += time.monotonic() - starting
        notebook = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell(s) for s in sources])
        client = CappedClient(notebook, km=kernel.manager, timeout=cell_timeout,
                                allow_errors=True, interrupt_on_timeout=False,
                                record_timing=False)
        client.kc = kernel.client
        stopped = None  # the cell that ended this kernel, if one did
        refusals = Refusals(Path(log.name))
        try:
            for i, cell in enumerate(notebook.cells):
                if i in skipped:
                    continue
                left = deadline - time.monotonic()
                if left <= 1:
                    for j in range(i, len(sources)):
                        if j not in skipped:
                            results[j] = _result("not-run", note=(
                                f"the notebook's time limit of {notebook_timeout:.0f} s was "
                                "reached before this cell"))
                    break
                client.timeout = int(min(cell_timeout, left))
                try:
                    await client.async_execute_cell(cell, i, execution_count=i + 1)
                except CellTimeoutError:
                    results[i] = _result("timeout", cell.outputs,
                                         f"ran longer than {client.timeout} s: the kernel was killed")
                    stopped = i
                    break
                except DeadKernelError:
                    results[i] = _result("died", cell.outputs, "the kernel ended while this cell ran")
                    stopped = i
                    break
                failed = any(o.get("output_type") == "error" for o in cell.outputs)
                results[i] = _result("error" if failed else "ok", cell.outputs)
                results[i]["refused"] = refusals.new()
        finally:
            await kernel.kill()
            outlived += await _end_of(namespace, log)
            shutil.rmtree(box, ignore_errors=True)
        if stopped is None:
            break
        skipped.add(stopped)
        restarts += 1
        if restarts > max_restarts or time.monotonic() >= deadline - 1:
            why = ("too many cells ended the kernel" if restarts > max_restarts
                   else f"the notebook's time limit of {notebook_timeout:.0f} s was reached")
            for j in range(stopped + 1, len(sources)):
                if j not in skipped:
                    results[j] = _result("not-run", note=why)
            break
        print(f"cell {stopped + 1} ended the kernel; replaying the cells before it in a fresh one",
              file=log, flush=True)
    for i, r in enumerate(results):
        if r is None:
            results[i] = _result("not-run", note="not reached")
    return {"cells": results, "kernel_starts": starts, "replays": restarts,
            "processes_left": outlived, "start_seconds": starting_seconds,
            "seconds": time.monotonic() - started}


def write_class_archive() -> None:
    """Writes the grading kernel's class archive, once, outside any sandbox (in a sandbox its
    folder is read-only, so a kernel there could not write it, nor plant one for another), which
    every later start maps. Measured against LAB_GRADING_CDS=off: no difference in wall time
    (median ratio 1.00 over 8 submissions), the kernel start being only a quarter of the time."""
    from kernelguard import cds

    if not USE_CLASS_ARCHIVE:
        return
    argv = grading_kernel_json()["argv"]
    inner = argv[len(argv) - argv[::-1].index("--"):]
    started = time.monotonic()
    archive = cds.write_now(paths.KERNEL_DIR / "cds", inner, "{inner_connection_file}")
    if archive and time.monotonic() - started > 1:
        print(f"[grading] wrote the grading kernel's class archive in {time.monotonic() - started:.0f} s",
              file=sys.stderr, flush=True)


def main_grade_kernel() -> int:
    """Serves requests from stdin, one result line each on stdout (see the module's description)."""
    import asyncio

    write_spec()
    write_class_archive()
    paths.LOGS.mkdir(parents=True, exist_ok=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        cwd = Path(request["cwd"])
        with open(paths.LOGS / f"grading-kernel-{cwd.name}.log", "w") as log:
            result = asyncio.run(run_cells(request["cells"], cwd, float(request["cell_timeout"]),
                                           float(request["notebook_timeout"]),
                                           int(request.get("max_restarts", 3)), log))
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        with open(paths.LOGS / "grading-times.jsonl", "a") as times:  # for the grading benchmark
            times.write(json.dumps({k: result[k] for k in ("seconds", "start_seconds", "kernel_starts",
                                                         "replays")}) + "\n")
    return 0
