"""Restarts: the inner kernel killed and started again, and the cell that ran told why.

Two things restart a healthy kernel: an interrupt that could not stop the cell cleanly
(interrupts.Interrupts), and a kernel that ended under a cell (System.exit, a crash). Either way
the running cell ends with an error saying the state is gone, queued cells are aborted, requests
the old kernel never answered go to the new one, and iopub carries the status "restarting"
(JupyterLab shows it as a kernel restart). The front end's requests wait until the new kernel is
healthy, as at the first start.

A kernel that dies 3 times within 30 s is given up: the supervisor exits, and Jupyter sees a dead
kernel. With KERNELGUARD_ON_DEATH=exit in the environment (batch clients: the notebook runner,
the grader) the supervisor exits with the kernel at its first death instead, and the client
reports "kernel died".
"""

import os
import time
from collections import deque

from .config import log

# The error's ename is "Interrupted" (TEXT_RESTARTED) or "KernelDied" (TEXT_DIED).
TEXT_RESTARTED = ("to stop this cell the Java kernel had to be restarted. "
                  "Everything defined before it is gone: run the cells above again "
                  "(Run > Run All Above Selected Cell).")
# Under each cell that waited behind the one the restart ended.
SKIPPED_RESTART = ("Not run: the Java kernel was restarted while an earlier cell ran (it was "
                   "stopped, or the kernel stopped), and the cells waiting after it were skipped. "
                   "Run the cells above again, then this one.")
TEXT_DIED = ("the Java kernel stopped while running this cell{why} and was restarted. "
             "Everything defined before it is gone: run the cells above again "
             "(Run > Run All Above Selected Cell).")


class Restarts:

    def __init__(self, sup):
        self.sup = sup
        self.deaths = deque(maxlen=5)  # when the kernel died (time.monotonic)

    def restart(self, report=None, why="interrupt", exit_code=None):
        """Kills the inner kernel and starts another; `report` (a RunningCell) ends with an
        error that says why: "interrupt" or "cpu" (a stop that failed), or "died"."""
        sup, proxy = self.sup, self.sup.proxy
        inner = sup.inner
        if inner is not None:
            sup.discard_inner(inner)
        sup.interrupts.check = None
        proxy.internal.clear()
        if report is not None:
            report.interrupt = "done"
            if why in ("interrupt", "cpu"):
                ename, text = "Interrupted", TEXT_RESTARTED
            else:
                ename = "KernelDied"
                text = TEXT_DIED.format(why=" (exit code %s)" % exit_code if exit_code is not None else "")
            proxy.finish_with_error(report.msg, report.count, ename, text, [text])
        proxy.current = None
        proxy.abort_queued(SKIPPED_RESTART)
        proxy.resend_unanswered()
        if sup.opts.announce_restart:
            proxy.publish("status", {"execution_state": "restarting"}, {})
        log("restarting the kernel (%s)" % why)
        sup.startup.attempts = 0
        sup.startup.begin()

    def on_exit(self, inner):
        """The inner kernel's process has ended."""
        sup = self.sup
        code = inner.proc.returncode
        if inner is not sup.inner or inner.dead:
            return
        if not sup.startup.ready:
            sup.startup.failed(inner, "exited with code %s" % code)
            return
        now = time.monotonic()
        self.deaths.append(now)
        log("the kernel exited with code %s" % code)
        if os.environ.get("KERNELGUARD_ON_DEATH") == "exit":
            self.sup.shutdown(code if isinstance(code, int) and code > 0 else 1)
            return
        if len(self.deaths) >= 3 and now - self.deaths[-3] < 30:
            log("the kernel died 3 times within 30 s: giving up")
            sup.shutdown(1)
            return
        self.restart(report=sup.proxy.current, why="died", exit_code=code)
