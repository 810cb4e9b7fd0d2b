"""Interrupts: stopping the running cell with the cell-stopper agent, checking the kernel
afterwards, and restarting it when anything fails.

An interrupt_request on control (or SIGINT, in signal mode) never reaches the inner kernel:
rapaio's own interrupt leaves a kernel that silently runs no cell any more. Cells queued behind
the running one are aborted, then:

1. The agent is asked to stop the threads running the cell's code (STOP), every 250 ms until the
   cell has ended: a cell still compiling, or one that catches ThreadDeath, is asked again.
2. Once the cell has its reply and its idle status (held back by the proxy) and every STOP has
   been answered, the check cell (config.CHECK_CODE, its output hidden) must give CHECK_EXPECT.
3. Processes the cell started are ended, and no thread running Java code may use --cpu-limit of
   a CPU or more over --cpu-window seconds (after one more STOP, a second look).
4. The cell ends with "Interrupted: the cell was stopped ...", all state kept.

Without an agent that can stop threads (none loaded, Java 20 or newer), with --interrupt restart,
or when any step fails (the cell does not end within --stop-timeout, the check cell fails or
does not answer within --probe-timeout, a thread keeps burning, stop is pressed a second time),
the kernel is restarted instead (restarts.Restarts) and the cell says so.
"""

import json
import time

from .config import CHECK_CODE, CHECK_EXPECT, log

# The error's ename is "Interrupted"; front ends show "Interrupted: <text>".
TEXT_STOPPED = ("the cell was stopped. Everything defined before it is kept "
                "(variables, methods, classes).")


class CheckCell:
    """The check cell sent after a stop, and what has come back for it."""

    def __init__(self, msg_id, cell):
        self.id = msg_id
        self.cell = cell       # the RunningCell that was stopped
        self.result = False    # CHECK_EXPECT was in its result
        self.reply = None      # its execute_reply's status
        self.idle = False      # its idle status came


# Under each cell that waited behind a stopped one: the queue is dropped, not run later.
SKIPPED = ("Not run: an earlier cell was stopped, and the cells waiting after it were skipped. "
           "Run this one again when you want it.")


class Interrupts:

    def __init__(self, sup):
        self.sup = sup
        self.check = None      # the CheckCell under way

    def restart(self, cur, why="interrupt"):
        self.sup.restarts.restart(report=cur, why=why)

    def on_interrupt(self, source):
        sup = self.sup
        cur = sup.proxy.current
        log("interrupt (%s)%s" % (source, "" if cur else " while idle: nothing to stop"))
        sup.proxy.abort_queued(SKIPPED)
        if cur is None:
            return
        if cur.interrupt:
            # a second interrupt while the first is being handled: restart at once
            if cur.interrupt != "done":
                self.restart(cur)
            return
        cur.interrupt = "stopping"
        cur.t_interrupt = time.monotonic()
        agent = sup.inner.agent if sup.inner else None
        if sup.opts.interrupt == "restart" or agent is None or agent.hello.get("stop") != "yes":
            self.restart(cur)
            return
        self.send_stop(cur)
        sup.timers.after(sup.opts.stop_timeout, self.stop_deadline, cur)

    # -- 1. stopping the cell's threads -------------------------------------------------------
    def send_stop(self, cur):
        if cur is not self.sup.proxy.current or cur.interrupt != "stopping" or cur.reply is not None:
            return
        agent = self.sup.inner.agent
        if agent is None or not agent.send("STOP %d" % cur.stop_sent):
            self.restart(cur)
            return
        cur.stop_sent += 1
        self.sup.timers.after(0.25, self.send_stop, cur)

    def on_agent_reply(self, parts):
        cur = self.sup.proxy.current
        if parts[0] == "STOPPED" and cur is not None:
            cur.stopped_threads += int(parts[2]) if len(parts) > 2 else 0
            cur.stop_acked += 1
            self.progress()
        elif parts[0] == "UNSUPPORTED" and cur is not None and cur.interrupt == "stopping":
            self.restart(cur)

    def stop_deadline(self, cur):
        if cur is self.sup.proxy.current and cur.interrupt == "stopping":
            log("the cell did not stop within %.1f s" % self.sup.opts.stop_timeout)
            self.restart(cur)

    def progress(self):
        """The cell's reply, its idle status or a STOPPED came: once all are in, the check."""
        cur = self.sup.proxy.current
        if cur is None or cur.interrupt != "stopping" or cur.reply is None or cur.idle is None:
            return
        if cur.stop_acked < cur.stop_sent:
            return  # a stop request is still on its way: it must not hit the check cell
        cur.interrupt = "checking"
        self.send_check(cur)

    # -- 2. the check cell --------------------------------------------------------------------
    def send_check(self, cur):
        proxy = self.sup.proxy
        m = proxy.signer.build("execute_request", {
            "code": CHECK_CODE, "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})
        self.check = CheckCell(m.msg_id, cur)
        proxy.send_own(m, "check")
        self.sup.timers.after(self.sup.opts.probe_timeout, self.check_deadline, cur, m.msg_id)

    def on_check_output(self, m):
        """An iopub message of one of the supervisor's own requests."""
        c = self.check
        if not c or m.parent_id != c.id:
            return
        if m.msg_type in ("execute_result", "display_data"):
            data = m.content.get("data", {})
            if any(CHECK_EXPECT in str(v) for v in data.values()):
                c.result = True
        elif m.msg_type == "status" and m.content.get("execution_state") == "idle":
            c.idle = True
        self.check_progress()

    def on_check_reply(self, m):
        if self.check and m.parent_id == self.check.id:
            self.check.reply = m.content.get("status")
            self.check_progress()

    def check_progress(self):
        c = self.check
        if not c or c.reply is None or not c.idle:
            return
        cur = c.cell
        self.check = None
        if cur is not self.sup.proxy.current:
            return
        if c.reply == "ok" and c.result:
            cur.interrupt = "cpu"
            self.sup.inner.kill_descendants()
            self.cpu_window(cur)
        else:
            log("the kernel failed its check after the stop (probe %s, result %s)" % (c.reply, c.result))
            self.restart(cur)

    def check_deadline(self, cur, check_id):
        if self.check and self.check.id == check_id:
            self.check = None
            if cur is self.sup.proxy.current:
                log("the kernel did not answer its check after the stop")
                self.restart(cur)

    # -- 3. no thread left burning ------------------------------------------------------------
    def cpu_window(self, cur):
        start = self.sup.inner.thread_cpu()
        if start is None:
            self.finish_stopped(cur)
            return
        self.sup.timers.after(self.sup.opts.cpu_window, self.cpu_verdict, cur, start, time.monotonic())

    def cpu_verdict(self, cur, start, t0):
        sup = self.sup
        if cur is not sup.proxy.current or cur.interrupt != "cpu":
            return
        end = sup.inner.thread_cpu() or {}
        dt = max(1e-3, time.monotonic() - t0)
        busy = [(name, (sec - start[tid][1]) / dt) for tid, (name, sec) in end.items()
                if tid in start and (sec - start[tid][1]) / dt >= sup.opts.cpu_limit]
        if not busy:
            self.finish_stopped(cur)
            return
        cur.cpu_checks += 1
        log("after the stop, still busy: " + ", ".join("%s %.0f%%" % (n, 100 * u) for n, u in busy))
        if cur.cpu_checks >= 2:
            self.restart(cur, why="cpu")
            return
        if sup.inner.agent:
            sup.inner.agent.send("STOP cpu")
        self.cpu_window(cur)

    # -- 4. the cell ends ---------------------------------------------------------------------
    def finish_stopped(self, cur):
        """The cell was stopped and the kernel checked: end it with a clear message, state kept."""
        proxy = self.sup.proxy
        cur.interrupt = "done"
        reply, error, idle = cur.reply, cur.error, cur.idle
        status = reply.content.get("status")
        took = time.monotonic() - cur.t_interrupt
        if status == "error" and (error is None or "ThreadDeath" in json.dumps(error.content)):
            # The log line first: whoever reads the reply may read the log next.
            log("cell stopped in %.2f s, state kept (%d thread(s) stopped)" % (took, cur.stopped_threads))
            # replace the kernel's "java.lang.ThreadDeath" by a message a student understands
            proxy.finish_with_error(cur.msg, reply.content.get("execution_count", cur.count),
                                    "Interrupted", TEXT_STOPPED, [TEXT_STOPPED])
        else:
            # it finished on its own before the stop took effect
            log("cell ended by itself during the interrupt (%s)" % status)
            if error is not None:
                proxy.iopub.send_multipart(error.raw())
            proxy.shell.send_multipart(reply.raw())
            proxy.iopub.send_multipart(idle.raw())
        proxy.cell_ended()
