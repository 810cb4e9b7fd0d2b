"""Running a notebook headless on the Java kernel, cell by cell, with progress.

One fresh kernel per notebook, started through kernel.start_kernel (health check and retries).
The run stops at the first cell that fails; the cells after it are left unrun. A cell that runs
past its time limit is never interrupted: the kernel is killed and the cell reported as timed out.
"""

import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from . import errors, kernelspec, paths
from .kernel import KernelStartError, start_kernel

CELL_TIMEOUT = 120  # seconds; the lecture notebooks' cells take well under a second


@dataclass
class Failure:
    """Why a notebook run stopped: which cell, what kind of failure, the readable message."""

    cell: int  # 1-based position among all cells, as seen in JupyterLab
    kind: str  # "error", "timeout", "kernel died", "kernel did not start"
    message: str
    source: str = ""

    def describe(self, notebook: str) -> str:
        head = (f"{notebook}: the kernel did not start" if self.cell == 0
                else f"{notebook}, cell {self.cell}: {self.kind}")
        lines = [head]
        if self.source:
            lines.append("  the cell:")
            src = self.source.rstrip().split("\n")
            lines += [f"    | {line}" for line in src[:12]]
            if len(src) > 12:
                lines.append(f"    | ... ({len(src) - 12} more lines)")
        lines.append("  what happened:")
        lines += [f"    {line}" for line in self.message.split("\n")]
        return "\n".join(lines)


@dataclass
class Run:
    """The executed notebook and how its run went."""

    path: Path
    notebook: nbformat.NotebookNode
    failure: Failure | None = None
    seconds: float = 0.0
    kernel_starts: int = 0
    cells_run: int = 0

    @property
    def ok(self) -> bool:
        return self.failure is None


def _add_note(cell, text: str) -> None:
    """A line under the cell in the executed notebook and its page (not run, timed out, …)."""
    cell.outputs = list(cell.get("outputs", [])) + [
        nbformat.v4.new_output("stream", name="stderr", text=text + "\n")]


async def run_notebook(path: Path, progress, timeout: int = CELL_TIMEOUT) -> Run:
    """Executes every code cell of the notebook at `path` in order, on a fresh kernel.

    `progress` (see progress.Progress) is told about each cell as it starts and ends, and about
    kernel starts that had to be retried.
    """
    name = paths.relative(path)
    notebook = nbformat.read(path, as_version=4)
    run = Run(path, notebook)
    code_cells = [i for i, c in enumerate(notebook.cells)
                  if c.cell_type == "code" and c.source.strip()]
    started = time.monotonic()
    paths.LOGS.mkdir(parents=True, exist_ok=True)
    log_file = paths.LOGS / f"kernel-{path.stem}.log"
    with open(log_file, "w") as log:
        try:
            kernel = await start_kernel(path.parent, log, kernel_name=kernelspec.name_for(path),
                                        say=progress.note)
        except KernelStartError as e:
            run.failure = Failure(0, "kernel did not start",
                                  f"{e}\n(the kernel's log: {paths.relative(log_file)})")
            run.seconds = time.monotonic() - started
            return run
        run.kernel_starts = kernel.attempts
        client = NotebookClient(notebook, km=kernel.manager, timeout=timeout,
                                allow_errors=True, interrupt_on_timeout=False,
                                record_timing=False, coalesce_streams=True)
        client.kc = kernel.client
        try:
            await _record_language(client, notebook)
            for n, index in enumerate(code_cells, start=1):
                cell = notebook.cells[index]
                first_line = cell.source.strip().split("\n", 1)[0]
                progress.cell(f"{name}: cell {index + 1} ({n}/{len(code_cells)} code) "
                              f"{first_line[:60]}")
                t0 = time.monotonic()
                failure = await _run_cell(client, cell, index, n, timeout)
                run.cells_run = n
                if failure:
                    run.failure = failure
                    for later in code_cells[n:]:
                        _add_note(notebook.cells[later],
                                    "not run: an earlier cell failed")
                    break
                progress.cell_done(f"{name}: cell {index + 1} done in "
                                   f"{time.monotonic() - t0:.1f} s")
        finally:
            await kernel.kill()
    run.seconds = time.monotonic() - started
    return run


async def _record_language(client, notebook) -> None:
    """Puts the kernel's language_info into the notebook's metadata, as Jupyter does."""
    try:
        reply = await client.async_wait_for_reply(client.kc.kernel_info())
    except (CellTimeoutError, DeadKernelError):
        return  # the first cell will meet the same problem and report it
    if reply and "language_info" in reply["content"]:
        notebook.metadata["language_info"] = reply["content"]["language_info"]


async def _run_cell(client, cell, index: int, n: int, timeout: int) -> Failure | None:
    """Runs one cell; returns why it failed, or None."""
    try:
        await client.async_execute_cell(cell, index, execution_count=n)
    except CellTimeoutError:
        _add_note(cell, f"timed out after {timeout} s: the kernel was stopped")
        return Failure(index + 1, "timed out",
                       f"the cell ran longer than {timeout} s; the kernel was killed "
                       f"(never interrupted) and the cells after it did not run", cell.source)
    except DeadKernelError:
        _add_note(cell, "the kernel died while this cell ran")
        return Failure(index + 1, "kernel died",
                       "the kernel's process ended while this cell ran (System.exit? out of "
                       "memory?); the cells after it did not run", cell.source)
    for output in cell.outputs:
        if output.output_type == "error":
            return Failure(index + 1, "error", errors.readable(output), cell.source)
    return None
