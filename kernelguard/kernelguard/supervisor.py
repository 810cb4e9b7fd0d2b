"""The kernel supervisor: the program a kernelspec names instead of the Java kernel itself.

    python -m kernelguard.supervisor [options] {connection_file} -- java ... -jar kernel.jar {inner_connection_file}

(Jupyter fills in {connection_file} everywhere in argv; {inner_connection_file}, or the outer
file's path itself, is replaced by the inner kernel's own connection file.)

Jupyter talks to the supervisor, on the ports of the connection file it was given. The supervisor
runs the real kernel (the command after `--`) on ports of its own with the same key, and passes
the messages through, so for the front end nothing changes, except that:

* Every start is health-checked: the inner kernel must answer kernel_info on its shell and be
  heard on its iopub. One that does not (rapaio-jupyter-kernel 3.0.1 has a start race: a loop
  thread may exit at once) is killed and started again while the front end's requests wait.
  On Linux the inner JVM starts under SCHED_BATCH (a new thread does not preempt the one that
  started it), and just before it starts its channel threads (its messaging library's own threads
  appear first) its main thread is pinned to the CPU it is on: the thread that starts a loop
  thread then always sets the loop's "running" flag before the new thread looks at it. Everything
  is set back to normal once the kernel is healthy.
* An interrupt (interrupt_request on the control channel, or SIGINT in signal mode) is never
  passed to the inner kernel (rapaio's interrupt leaves a kernel that silently stops running
  cells). If the cell-stopper agent is loaded, the threads running the cell's code are stopped,
  the kernel is checked with a probe cell and for left-over CPU use, and the cell ends with an
  "Interrupted" error, all state kept. Otherwise, or if any check fails, the inner kernel is
  killed and restarted, the cell ends with an error saying so, and the front end is told
  (iopub status "restarting", which JupyterLab shows as a kernel restart).
* A kernel that dies under a cell is restarted the same way, and the cell says so (unless
  the client's environment has KERNELGUARD_ON_DEATH=exit: then the supervisor ends with it).
* The heartbeat and control channels are the supervisor's own, so they are always alive.
"""

import errno
import json
import os
import signal
import socket
import sys
import time
from collections import deque

from . import cds, ports
from .agent import Agents
from .config import CHECK_CODE, CHECK_EXPECT, log, parse_args
from .inner_kernel import InnerKernel, pdeathsig_setup
from .timers import Timers


ANSI_RED = "\x1b[0;31m"
ANSI_BOLD_RED = "\x1b[1;31m"
ANSI_RESET = "\x1b[0m"

# The error's ename is "Interrupted"; front ends show "Interrupted: <text>".
TEXT_STOPPED = ("the cell was stopped. Everything defined before it is kept "
                "(variables, methods, classes).")
TEXT_RESTARTED = ("to stop this cell the Java kernel had to be restarted. "
                  "Everything defined before it is gone: run the cells above again "
                  "(Run > Run All Above Selected Cell).")
TEXT_DIED = ("the Java kernel stopped while running this cell{why} and was restarted. "
             "Everything defined before it is gone: run the cells above again "
             "(Run > Run All Above Selected Cell).")

class Exec:
    """The execute_request that the inner kernel is running."""

    def __init__(self, msg):
        self.msg = msg
        self.count = None
        self.interrupt = None      # None, "stopping", "probing", "cpu", "done"
        self.stopped_threads = 0
        self.stop_sent = 0
        self.stop_acked = 0
        self.reply = None          # the inner kernel's execute_reply, held while interrupting
        self.error = None          # the inner kernel's error output, held while interrupting
        self.idle = None           # the inner kernel's idle status, held while interrupting
        self.t_interrupt = None
        self.cpu_checks = 0


class Supervisor:

    def __init__(self, conn_file, inner_argv, opts):
        self.conn_file = conn_file
        self.inner_argv = inner_argv
        self.opts = opts
        with open(conn_file) as f:
            self.outer = json.load(f)
        self.reserved = self.reserve_outer_ports()
        self.cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
        self.pdeathsig = pdeathsig_setup() if sys.platform.startswith("linux") else None
        self.agents = Agents(self, opts.agent)
        self.archive = cds.ClassArchive(opts.cds_dir)
        self.starts = 0
        self.attempts_this_start = 0
        self.inner = None
        self.ready = False
        self.deaths = deque(maxlen=5)
        self.timers = Timers()
        self.held = deque()          # outer shell messages waiting for a ready inner kernel
        self.exec_queue = deque()    # execute_requests waiting for the running one
        self.current = None          # Exec
        self.inflight = {}           # msg_id -> outer shell message (not execute_request)
        self.internal = {}           # msg_id -> purpose, for the supervisor's own requests
        self.ours = set()            # every msg_id the supervisor sent itself
        self.control_waiting = []    # control kernel_info_requests before the first start
        self.kernel_info = None
        self.health = {}
        self.signals = deque()
        self.stopping = False
        self.parent_pid = os.getppid()

    def reserve_outer_ports(self):
        return ports.reserve(self.outer)

    # -- sockets ----------------------------------------------------------------------------
    def setup_outer(self):
        import zmq
        self.zmq = zmq
        self.ctx = zmq.Context()
        o = self.outer
        transport, ip = o.get("transport", "tcp"), o.get("ip", "127.0.0.1")

        def addr(port):
            return "%s://%s:%s" % (transport, ip, port) if transport == "tcp" else "%s://%s-%s" % (transport, ip, port)

        def bind(kind, port):
            s = self.ctx.socket(kind)
            s.linger = 1000
            held = self.reserved.pop(int(port), None) if transport == "tcp" else None
            if held is not None:
                held.close()
            deadline, said = time.monotonic() + 5.0, False
            while True:
                try:
                    s.bind(addr(port))
                    return s
                except zmq.ZMQError as e:
                    # a port some other socket holds for a moment is waited for, briefly
                    if e.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                        raise
                    if not said:
                        log("port %s is in use for the moment; waiting for it" % port)
                        said = True
                    time.sleep(0.05)
        self.shell = bind(zmq.ROUTER, o["shell_port"])
        self.control = bind(zmq.ROUTER, o["control_port"])
        self.stdin = bind(zmq.ROUTER, o["stdin_port"])
        self.iopub = bind(zmq.PUB, o["iopub_port"])
        self.hb = bind(zmq.REP, o["hb_port"])
        from .wire import Signer
        self.signer = Signer(o.get("key", ""), o.get("signature_scheme", "hmac-sha256"))

    def connect_inner(self, inner):
        zmq = self.zmq
        c = inner.conn
        ident = ("kernelguard-%d" % inner.number).encode()
        inner.monitors = {}

        def sock(name, kind, port):
            s = self.ctx.socket(kind)
            s.linger = 0
            s.setsockopt(zmq.RECONNECT_IVL, 20)
            if kind == zmq.DEALER:
                s.setsockopt(zmq.IDENTITY, ident)  # stdin requests are routed by the shell identity
            # The monitor comes before the connect: a kernel that bound its ports already (it
            # started while the supervisor waited for a port) connects at once, and an event
            # before the monitor exists is lost (seen: a start that never became ready).
            inner.monitors[name] = s.get_monitor_socket(zmq.EVENT_CONNECTED)
            s.connect("tcp://127.0.0.1:%d" % port)
            return s
        inner.shell = sock("shell", zmq.DEALER, c["shell_port"])
        inner.stdin = sock("stdin", zmq.DEALER, c["stdin_port"])
        inner.iopub = sock("iopub", zmq.SUB, c["iopub_port"])
        inner.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        # Sockets that only watch the control and heartbeat ports get bound (nothing is sent).
        inner.watch_control = sock("watch_control", zmq.DEALER, c["control_port"])
        inner.watch_hb = sock("watch_hb", zmq.DEALER, c["hb_port"])
        inner.bound = set()

    def close_inner_sockets(self, inner):
        for name, mon in getattr(inner, "monitors", {}).items():
            try:
                getattr(inner, name).disable_monitor()
            except Exception:
                pass
            mon.close(linger=0)
        inner.monitors = {}
        for name in ("shell", "stdin", "iopub", "watch_control", "watch_hb"):
            s = getattr(inner, name, None)
            if s is not None:
                s.close(linger=0)

    # -- starting ---------------------------------------------------------------------------
    def new_inner(self):
        self.starts += 1
        inner = InnerKernel(self, self.starts)
        inner.spawn()
        return inner

    def begin_start(self, inner=None):
        """Starts (or restarts) the inner kernel; requests wait until it is healthy."""
        self.ready = False
        self.attempts_this_start += 1
        self.inner = inner or self.new_inner()
        self.connect_inner(self.inner)
        self.health = {"reply": False, "iopub": False}
        self.timers.after(self.opts.start_timeout, self.check_start_deadline, self.inner)
        self.timers.after(0.002, self.start_tick, self.inner)

    def send_health_probe(self):
        inner = self.inner
        if inner is None or inner.dead or self.ready:
            return
        m = self.signer.build("kernel_info_request", {})
        self.mine(m.msg_id, "health")
        inner.shell.send_multipart(m.raw(ids=[]))

    def start_tick(self, inner):
        if inner is not self.inner or self.ready or inner.dead:
            return
        pinned = inner.pin_before_channels()
        if inner.proc.poll() is not None:
            self.start_failed(inner, "exited with code %s" % inner.proc.returncode)
            return
        if pinned and inner.main_thread_died():
            self.start_failed(inner, "lost its main thread (an exception while starting)")
            return
        if inner.t_first_bound and len(inner.bound) < 5 and time.monotonic() - inner.t_first_bound > self.opts.grace:
            self.start_failed(inner, "bound only %d of its 5 ports" % len(inner.bound))
            return
        # every 2 ms until the main thread is pinned (the ZeroMQ threads come tens of ms before
        # the channel threads), then only to notice an early exit
        self.timers.after(0.002 if not pinned else 0.05, self.start_tick, inner)

    def on_inner_connected(self, inner, name):
        """A port of the inner kernel is bound. Only once all five are, and a moment later, is
        the first request sent: rapaio registers its message handlers after binding, and a
        request that comes before that kills its shell thread (NullPointerException)."""
        inner.bound.add(name)
        if inner.t_first_bound is None:
            inner.t_first_bound = time.monotonic()
        if inner.t_connected is None and len(inner.bound) == 5:
            inner.t_connected = time.monotonic()
            self.timers.after(self.opts.grace, self.check_grace, inner)
            self.timers.after(0.1, self.send_health_probe)
            self.timers.after(0.4, self.resend_health_probe, inner)

    def resend_health_probe(self, inner):
        if inner is self.inner and not self.ready and not inner.dead and not self.health["reply"]:
            self.send_health_probe()
            self.timers.after(0.3, self.resend_health_probe, inner)

    def check_grace(self, inner):
        if inner is self.inner and not self.ready and not inner.dead:
            self.start_failed(inner, "bound its ports but did not answer within %.1f s" % self.opts.grace)

    def check_start_deadline(self, inner):
        if inner is self.inner and not self.ready and not inner.dead:
            self.start_failed(inner, "did not become healthy within %.0f s" % self.opts.start_timeout)

    def start_failed(self, inner, why):
        log("start %d failed its health check: the kernel %s; starting another" % (inner.number, why))
        if self.opts.debug:
            log("  its threads:", ", ".join(sorted(inner.thread_names())))
        self.discard_inner(inner)
        if self.attempts_this_start >= self.opts.max_attempts:
            log("giving up after %d starts" % self.attempts_this_start)
            self.shutdown(1)
            return
        self.begin_start()

    def discard_inner(self, inner):
        inner.kill()
        self.close_inner_sockets(inner)
        self.agents.forget(inner)

    def health_progress(self, what):
        if self.ready:
            return
        self.health[what] = True
        if self.health["reply"] and self.health["iopub"]:
            self.became_ready()
        elif self.health["reply"] and not self.health["iopub"]:
            # iopub may not be subscribed yet (slow joiner): ask again until it is heard
            self.timers.after(0.1, self.send_health_probe)

    def became_ready(self):
        inner = self.inner
        inner.t_ready = time.monotonic()
        inner.normal_scheduling()
        self.timers.after(0.05, inner.normal_scheduling)
        self.timers.after(0.5, inner.normal_scheduling)
        self.ready = True
        log("start %d healthy in %.2f s (ports bound at %.2f s, attempt %d%s)" % (
            inner.number, inner.t_ready - inner.t_spawn,
            (inner.t_connected or inner.t_ready) - inner.t_spawn, self.attempts_this_start,
            ", main thread pinned to CPU %s while starting its channels" % inner.pinned
            if inner.pinned is not None else ""))
        self.attempts_this_start = 0
        if self.archive.wanted:
            self.timers.after(1.0, self.write_archive)
        for m in self.control_waiting:
            self.reply_control_kernel_info(m)
        self.control_waiting = []
        held, self.held = self.held, deque()
        for m in held:
            self.dispatch_shell(m)

    def write_archive(self):
        self.archive.start_writer(self.outer, self.inner.conn_file)

    # -- shell ------------------------------------------------------------------------------
    def on_outer_shell(self, parts):
        from .wire import Message
        m = Message.parse(parts)
        if m is None:
            return
        if not self.ready:
            self.held.append(m)
        else:
            self.dispatch_shell(m)

    def dispatch_shell(self, m):
        if m.msg_type == "execute_request":
            if self.current is None:
                self.forward_execute(m)
            else:
                self.exec_queue.append(m)
            return
        if m.msg_id:
            self.inflight[m.msg_id] = m
        self.inner.shell.send_multipart(m.raw())

    def forward_execute(self, m):
        self.current = Exec(m)
        self.inner.shell.send_multipart(m.raw())

    def pump_exec_queue(self):
        if self.current is None and self.exec_queue and self.ready:
            self.forward_execute(self.exec_queue.popleft())

    def on_inner_shell(self, inner, parts):
        from .wire import Message
        m = Message.parse(parts)
        if m is None or inner is not self.inner:
            return
        pid = m.parent_id
        purpose = self.internal.pop(pid, None)
        if purpose == "health":
            if m.msg_type == "kernel_info_reply":
                self.kernel_info = m.content
                self.health_progress("reply")
            return
        if purpose == "probe":
            self.on_probe_reply(m)
            return
        cur = self.current
        if cur is not None and pid == cur.msg.msg_id:
            if cur.interrupt:
                cur.reply = m
                self.interrupt_progress()
                return
            self.shell.send_multipart(m.raw())
            self.current = None
            self.pump_exec_queue()
            return
        self.inflight.pop(pid, None)
        self.shell.send_multipart(m.raw())

    # -- iopub ------------------------------------------------------------------------------
    def on_inner_iopub(self, inner, parts):
        from .wire import Message
        if inner is not self.inner:
            return
        m = Message.parse(parts)
        if m is None:
            self.iopub.send_multipart(parts)
            return
        pid = m.parent_id
        if pid in self.ours:
            if self.internal.get(pid) == "health" or (not self.ready and m.msg_type == "status"):
                self.health_progress("iopub")
            if self.probe and pid == self.probe.get("id"):
                self.on_probe_iopub(m)
            return
        cur = self.current
        if cur is not None and pid == cur.msg.msg_id:
            if m.msg_type == "execute_input":
                cur.count = m.content.get("execution_count")
            if cur.interrupt:
                if m.msg_type == "error":
                    cur.error = m
                    return
                if m.msg_type == "status" and m.content.get("execution_state") == "idle":
                    cur.idle = m
                    self.interrupt_progress()
                    return
        self.iopub.send_multipart(parts)

    probe = None

    def mine(self, msg_id, purpose):
        """Marks a request as the supervisor's own: its replies and outputs are not passed on."""
        self.internal[msg_id] = purpose
        self.ours.add(msg_id)
        if len(self.ours) > 10000:
            self.ours = set(self.internal)

    # -- control ----------------------------------------------------------------------------
    def on_control(self, parts):
        from .wire import Message
        m = Message.parse(parts)
        if m is None or not self.signer.valid(m):
            log("ignored a control message with a bad signature")
            return
        t = m.msg_type
        if t == "kernel_info_request":
            if self.kernel_info is None:
                self.control_waiting.append(m)
            else:
                self.reply_control_kernel_info(m)
        elif t == "interrupt_request":
            self.send_control_reply(m, "interrupt_reply", {"status": "ok"})
            self.on_interrupt("interrupt_request")
        elif t == "shutdown_request":
            restart = bool(m.content.get("restart", False))
            self.send_control_reply(m, "shutdown_reply", {"status": "ok", "restart": restart})
            log("shutdown requested")
            self.shutdown(0)
        else:
            log("control message not handled:", t)

    def reply_control_kernel_info(self, m):
        self.send_control_reply(m, "kernel_info_reply", dict(self.kernel_info or {}, status="ok"))

    def send_control_reply(self, m, msg_type, content):
        r = self.signer.build(msg_type, content, parent=m.header, ids=m.ids)
        self.control.send_multipart(r.raw())

    # -- publishing on behalf of the kernel -------------------------------------------------
    def publish(self, msg_type, content, parent):
        topic = ("kernel.%s" % msg_type).encode()
        m = self.signer.build(msg_type, content, parent=parent, ids=[topic])
        self.iopub.send_multipart(m.raw())

    def finish_with_error(self, req, count, ename, evalue, lines):
        """Ends an execute_request with an error output and an error reply."""
        tb = ["%s%s: %s%s" % (ANSI_BOLD_RED, ename, lines[0], ANSI_RESET)] + \
             ["%s%s%s" % (ANSI_RED, l, ANSI_RESET) for l in lines[1:]]
        self.publish("error", {"ename": ename, "evalue": evalue, "traceback": tb}, req.header)
        reply = self.signer.build("execute_reply", {
            "status": "error", "execution_count": count or 0, "ename": ename, "evalue": evalue,
            "traceback": tb}, parent=req.header, ids=req.ids)
        self.shell.send_multipart(reply.raw())
        self.publish("status", {"execution_state": "idle"}, req.header)

    def abort(self, req):
        self.publish("status", {"execution_state": "busy"}, req.header)
        reply = self.signer.build("execute_reply", {"status": "aborted", "execution_count": None},
                                  parent=req.header, ids=req.ids)
        self.shell.send_multipart(reply.raw())
        self.publish("status", {"execution_state": "idle"}, req.header)

    def abort_queued(self):
        queued = list(self.exec_queue)
        self.exec_queue.clear()
        rest = deque()
        for m in self.held:
            if m.msg_type == "execute_request":
                queued.append(m)
            else:
                rest.append(m)
        self.held = rest
        for m in queued:
            self.abort(m)
        if queued:
            log("aborted %d queued cell(s)" % len(queued))

    # -- interrupts -------------------------------------------------------------------------
    def on_interrupt(self, source):
        cur = self.current
        log("interrupt (%s)%s" % (source, "" if cur else " while idle: nothing to stop"))
        self.abort_queued()
        if cur is None:
            return
        if cur.interrupt:
            # a second interrupt while the first is being handled: restart at once
            if cur.interrupt != "done":
                self.restart_kernel(report=cur, why="interrupt")
            return
        cur.interrupt = "stopping"
        cur.t_interrupt = time.monotonic()
        agent = self.inner.agent if self.inner else None
        if self.opts.interrupt == "restart" or agent is None or agent.hello.get("stop") != "yes":
            self.restart_kernel(report=cur, why="interrupt")
            return
        self.send_stop(cur)
        self.timers.after(self.opts.stop_timeout, self.stop_deadline, cur)

    def send_stop(self, cur):
        if cur is not self.current or cur.interrupt != "stopping" or cur.reply is not None:
            return
        agent = self.inner.agent
        if agent is None or not agent.send("STOP %d" % cur.stop_sent):
            self.restart_kernel(report=cur, why="interrupt")
            return
        cur.stop_sent += 1
        # a cell still compiling, or one that catches ThreadDeath, is asked again
        self.timers.after(0.25, self.send_stop, cur)

    def on_agent_reply(self, parts):
        cur = self.current
        if parts[0] == "STOPPED" and cur is not None:
            cur.stopped_threads += int(parts[2]) if len(parts) > 2 else 0
            cur.stop_acked += 1
            self.interrupt_progress()
        elif parts[0] == "UNSUPPORTED" and cur is not None and cur.interrupt == "stopping":
            self.restart_kernel(report=cur, why="interrupt")

    def stop_deadline(self, cur):
        if cur is self.current and cur.interrupt == "stopping":
            log("the cell did not stop within %.1f s" % self.opts.stop_timeout)
            self.restart_kernel(report=cur, why="interrupt")

    def interrupt_progress(self):
        cur = self.current
        if cur is None or cur.interrupt != "stopping" or cur.reply is None or cur.idle is None:
            return
        if cur.stop_acked < cur.stop_sent:
            return  # a stop request is still on its way: it must not hit the probe
        cur.interrupt = "probing"
        self.send_probe(cur)

    def send_probe(self, cur):
        m = self.signer.build("execute_request", {
            "code": CHECK_CODE, "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})
        self.probe = {"id": m.msg_id, "result": False, "reply": None, "idle": False, "for": cur}
        self.mine(m.msg_id, "probe")
        self.inner.shell.send_multipart(m.raw(ids=[]))
        self.timers.after(self.opts.probe_timeout, self.probe_deadline, cur, m.msg_id)

    def on_probe_iopub(self, m):
        p = self.probe
        if m.msg_type in ("execute_result", "display_data"):
            data = m.content.get("data", {})
            if any(CHECK_EXPECT in str(v) for v in data.values()):
                p["result"] = True
        elif m.msg_type == "status" and m.content.get("execution_state") == "idle":
            p["idle"] = True
        self.probe_progress()

    def on_probe_reply(self, m):
        if self.probe and m.parent_id == self.probe["id"]:
            self.probe["reply"] = m.content.get("status")
            self.probe_progress()

    def probe_progress(self):
        p = self.probe
        if not p or p["reply"] is None or not p["idle"]:
            return
        cur = p["for"]
        self.probe = None
        if cur is not self.current:
            return
        if p["reply"] == "ok" and p["result"]:
            cur.interrupt = "cpu"
            self.inner.kill_descendants()
            self.cpu_window(cur)
        else:
            log("the kernel failed its check after the stop (probe %s, result %s)" % (p["reply"], p["result"]))
            self.restart_kernel(report=cur, why="interrupt")

    def probe_deadline(self, cur, probe_id):
        if self.probe and self.probe["id"] == probe_id:
            self.probe = None
            if cur is self.current:
                log("the kernel did not answer its check after the stop")
                self.restart_kernel(report=cur, why="interrupt")

    def cpu_window(self, cur):
        start = self.inner.thread_cpu()
        if start is None:
            self.finish_stopped(cur)
            return
        self.timers.after(self.opts.cpu_window, self.cpu_verdict, cur, start, time.monotonic())

    def cpu_verdict(self, cur, start, t0):
        if cur is not self.current or cur.interrupt != "cpu":
            return
        end = self.inner.thread_cpu() or {}
        dt = max(1e-3, time.monotonic() - t0)
        busy = [(name, (sec - start[tid][1]) / dt) for tid, (name, sec) in end.items()
                if tid in start and (sec - start[tid][1]) / dt >= self.opts.cpu_limit]
        if not busy:
            self.finish_stopped(cur)
            return
        cur.cpu_checks += 1
        log("after the stop, still busy: " + ", ".join("%s %.0f%%" % (n, 100 * u) for n, u in busy))
        if cur.cpu_checks >= 2:
            self.restart_kernel(report=cur, why="cpu")
            return
        if self.inner.agent:
            self.inner.agent.send("STOP cpu")
        self.cpu_window(cur)

    def finish_stopped(self, cur):
        """The cell was stopped and the kernel checked: end it with a clear message, state kept."""
        cur.interrupt = "done"
        reply, error, idle = cur.reply, cur.error, cur.idle
        status = reply.content.get("status")
        took = time.monotonic() - cur.t_interrupt
        if status == "error" and (error is None or "ThreadDeath" in json.dumps(error.content)):
            # replace the kernel's "java.lang.ThreadDeath" by a message a student understands
            self.finish_with_error(cur.msg, reply.content.get("execution_count", cur.count),
                                   "Interrupted", TEXT_STOPPED, [TEXT_STOPPED])
            log("cell stopped in %.2f s, state kept (%d thread(s) stopped)" % (took, cur.stopped_threads))
        else:
            # it finished on its own before the stop took effect
            if error is not None:
                self.iopub.send_multipart(error.raw())
            self.shell.send_multipart(reply.raw())
            self.iopub.send_multipart(idle.raw())
            log("cell ended by itself during the interrupt (%s)" % status)
        self.current = None
        self.pump_exec_queue()

    # -- restarts ---------------------------------------------------------------------------
    def restart_kernel(self, report=None, why="interrupt", exit_code=None):
        inner = self.inner
        if inner is not None:
            self.discard_inner(inner)
        self.probe = None
        self.internal.clear()
        if report is not None:
            report.interrupt = "done"
            if why in ("interrupt", "cpu"):
                ename, text = "Interrupted", TEXT_RESTARTED
            else:
                ename = "KernelDied"
                text = TEXT_DIED.format(why=" (exit code %s)" % exit_code if exit_code is not None else "")
            self.finish_with_error(report.msg, report.count, ename, text, [text])
        self.current = None
        self.abort_queued()
        # requests that were sent to the dead kernel and never answered go to the new one
        for m in self.inflight.values():
            if m.msg_type.endswith("_request"):
                self.held.append(m)
        self.inflight.clear()
        if self.opts.announce_restart:
            self.publish("status", {"execution_state": "restarting"}, {})
        log("restarting the kernel (%s)" % why)
        self.attempts_this_start = 0
        self.begin_start()

    def on_inner_exit(self, inner):
        code = inner.proc.returncode
        if inner is not self.inner or inner.dead:
            return
        if not self.ready:
            self.start_failed(inner, "exited with code %s" % code)
            return
        now = time.monotonic()
        self.deaths.append(now)
        log("the kernel exited with code %s" % code)
        if os.environ.get("KERNELGUARD_ON_DEATH") == "exit":
            # a batch client (runner, grader) asked to see a death as a death: the supervisor
            # ends with the kernel, and the client reports "kernel died" as before
            self.shutdown(code if isinstance(code, int) and code > 0 else 1)
            return
        if len(self.deaths) >= 3 and now - self.deaths[-3] < 30:
            log("the kernel died 3 times within 30 s: giving up")
            self.shutdown(1)
            return
        self.restart_kernel(report=self.current, why="died", exit_code=code)

    # -- the loop ---------------------------------------------------------------------------
    def on_signal(self, signum):
        if signum == signal.SIGINT:
            self.on_interrupt("SIGINT")
        elif signum in (signal.SIGTERM, signal.SIGHUP):
            self.shutdown(0)
        elif signum == signal.SIGCHLD:
            inner = self.inner
            if inner is not None and inner.proc is not None and inner.proc.poll() is not None:
                self.on_inner_exit(inner)

    def check_parent(self):
        if os.getppid() != self.parent_pid:
            log("the process that started the kernel is gone: exiting")
            self.shutdown(0)
            return
        self.timers.after(2.0, self.check_parent)

    def shutdown(self, code):
        if self.inner is not None:
            self.discard_inner(self.inner)
        self.stopping = True
        self.exit_code = code

    def loop(self):
        zmq = self.zmq
        rsock, wsock = socket.socketpair()
        rsock.setblocking(False)
        wsock.setblocking(False)
        signal.set_wakeup_fd(wsock.fileno())
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(s, lambda n, f: self.signals.append(n))
        self.timers.after(2.0, self.check_parent)
        while not self.stopping:
            poller = zmq.Poller()
            poller.register(self.shell, zmq.POLLIN)
            poller.register(self.control, zmq.POLLIN)
            poller.register(self.stdin, zmq.POLLIN)
            poller.register(self.hb, zmq.POLLIN)
            poller.register(rsock, zmq.POLLIN)
            inner = self.inner
            if inner is not None and not inner.dead:
                poller.register(inner.shell, zmq.POLLIN)
                poller.register(inner.stdin, zmq.POLLIN)
                poller.register(inner.iopub, zmq.POLLIN)
                for mon in inner.monitors.values():
                    poller.register(mon, zmq.POLLIN)
            if self.agents.listener is not None:
                poller.register(self.agents.listener, zmq.POLLIN)
            for a in self.agents.links:
                poller.register(a.sock, zmq.POLLIN)
            events = dict(poller.poll(self.timers.poll_timeout(1000)))
            if rsock in events or rsock.fileno() in events:
                try:
                    rsock.recv(512)
                except OSError:
                    pass
            while self.signals:
                self.on_signal(self.signals.popleft())
            if self.stopping:
                break
            if self.hb in events:
                self.hb.send(self.hb.recv())
            if self.control in events:
                self.drain(self.control, self.on_control)
            if self.shell in events:
                self.drain(self.shell, self.on_outer_shell)
            if self.stdin in events:
                self.drain(self.stdin, lambda p: self.inner and not self.inner.dead and self.inner.stdin.send_multipart(p))
            inner = self.inner if self.inner is inner else None
            if inner is not None and not inner.dead:
                for name, mon in list(inner.monitors.items()):
                    if mon in events and not inner.dead:
                        self.drain(mon, lambda p, n=name: self.on_inner_connected(inner, n))
                if inner.iopub in events and not inner.dead:
                    self.drain(inner.iopub, lambda p: self.on_inner_iopub(inner, p))
                if inner.shell in events and not inner.dead:
                    self.drain(inner.shell, lambda p: self.on_inner_shell(inner, p))
                if inner.stdin in events and not inner.dead:
                    self.drain(inner.stdin, self.stdin.send_multipart)
            listener = self.agents.listener
            if listener is not None and (listener in events or listener.fileno() in events):
                self.agents.accept()
            for a in list(self.agents.links):
                if a.sock in events or a.sock.fileno() in events:
                    self.agents.on_readable(a)
            self.timers.run_due()
        return getattr(self, "exit_code", 0)

    def drain(self, sock, handler):
        zmq = self.zmq
        for _ in range(100):
            try:
                parts = sock.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            handler(parts)


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--write-cds"] and "--" in args:
        cds.write(args[1], args[args.index("--") + 1:])
        return
    opts, inner_argv = parse_args(args)
    sup = Supervisor(opts.connection_file, inner_argv, opts)
    first = sup.new_inner()           # the JVM starts while Python imports pyzmq
    try:
        sup.setup_outer()
        sup.begin_start(first)
        code = sup.loop()
    except BaseException:
        if sup.inner is not None:
            sup.inner.kill()
        raise
    sys.exit(code)


if __name__ == "__main__":
    main()
