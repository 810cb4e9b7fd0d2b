"""Progress while notebooks run: which notebook, which cell.

In a terminal the current cell is shown on one line that is rewritten; in a log (CI) each cell
gets a line when it starts, so a hang shows where it is.
"""

import sys
import time


class Progress:

    def __init__(self, stream=sys.stdout):
        self.stream = stream
        self.live = stream.isatty()
        self._started = 0.0

    def _line(self, text: str, keep: bool) -> None:
        if self.live:
            self.stream.write("\r\033[K" + text + ("\n" if keep else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def start(self, notebook: str) -> None:
        self._started = time.monotonic()
        self._line(f"[lab] running {notebook}", keep=True)

    def cell(self, text: str) -> None:
        """A cell starts."""
        self._line(f"  {text}", keep=not self.live)

    def cell_done(self, text: str) -> None:
        """A cell has finished (shown in a terminal only: a log keeps just the starts)."""
        if self.live:
            self._line(f"  {text}", keep=False)

    def note(self, text: str) -> None:
        """Something to keep on screen, such as a kernel start that was retried."""
        self._line(f"  {text}", keep=True)

    def finish(self, notebook: str, run, problems: list[str]) -> None:
        took = time.monotonic() - self._started
        starts = f", {run.kernel_starts} kernel starts" if run.kernel_starts > 1 else ""
        if problems:
            where = f"cell {run.failure.cell}" if run.failure else "checks"
            self._line(f"[lab] FAILED {notebook} ({where}, {took:.1f} s{starts})", keep=True)
        else:
            self._line(f"[lab] ok {notebook}: {run.cells_run} code cells in {took:.1f} s"
                       f"{starts}", keep=True)


class Quiet:
    """Progress that shows nothing (tests)."""

    def cell(self, text: str) -> None:
        pass

    cell_done = note = cell
