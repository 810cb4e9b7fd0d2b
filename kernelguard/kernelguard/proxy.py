"""The message proxy: the sockets Jupyter talks to, the sockets to the inner kernel, and the
messages passed between them.

  Jupyter          supervisor                                   inner kernel
  shell, stdin  -> passed through (one execute at a time)   ->  shell, stdin
  iopub         <- passed through, its own requests' left out <- iopub
  control       -> answered here                                (never used)
  heartbeat     -> echoed here                                  (never used)

- Shell requests are held while the inner kernel is not healthy (startup.Startup), and sent on
  once it is. An execute_request goes to the kernel only when the one before has its reply; the
  others wait here, so that an interrupt can abort them.
- The supervisor's own requests (the health check's kernel_info, the check cell after a stop) go
  to the kernel with no routing identity; their replies and outputs are not passed on.
- While a cell is being interrupted (interrupts.Interrupts), its reply, error output and idle
  status are held back until the interrupt has decided how the cell ends.
"""

import errno
import time
from collections import deque

from . import ports
from .config import log
from .docs import narrow

ANSI_RED = "\x1b[0;31m"
ANSI_BOLD_RED = "\x1b[1;31m"
ANSI_RESET = "\x1b[0m"


class RunningCell:
    """The execute_request that the inner kernel is running, and the state of its interrupt."""

    def __init__(self, msg):
        self.msg = msg
        self.count = None          # its execution count, from the kernel's execute_input
        self.interrupt = None      # None, "stopping", "checking", "cpu", "done"
        self.stopped_threads = 0
        self.stop_sent = 0
        self.stop_acked = 0
        self.reply = None          # the inner kernel's execute_reply, held while interrupting
        self.error = None          # the inner kernel's error output, held while interrupting
        self.idle = None           # the inner kernel's idle status, held while interrupting
        self.t_interrupt = None
        self.cpu_checks = 0


class Proxy:

    def __init__(self, sup):
        self.sup = sup
        self.reserved = ports.reserve(sup.outer)  # Jupyter's ports, held until bound
        self.zmq = self.ctx = self.signer = self.parse = None
        self.shell = self.control = self.stdin = self.iopub = self.hb = None
        self.held = deque()          # shell messages waiting for a healthy inner kernel
        self.exec_queue = deque()    # execute_requests waiting for the running one
        self.current = None          # RunningCell
        self.inflight = {}           # msg_id -> shell message sent on (not execute_request)
        self.offsets = {}            # msg_id -> where the statement of a narrowed request began
        self.internal = {}           # msg_id -> purpose ("health", "check") of the supervisor's own requests
        self.ours = set()            # every msg_id the supervisor sent itself
        self.control_waiting = []    # control kernel_info_requests before the first healthy start

    # -- sockets ------------------------------------------------------------------------------
    def bind(self):
        """Binds Jupyter's ports (pyzmq is imported here, while the first JVM starts)."""
        import zmq
        from .wire import Message, Signer
        self.zmq = zmq
        self.ctx = zmq.Context()
        self.parse = Message.parse
        o = self.sup.outer
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
        self.signer = Signer(o.get("key", ""), o.get("signature_scheme", "hmac-sha256"))

    def connect(self, inner):
        """Connects to a start's five ports; a monitor on each tells when the kernel has bound it."""
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
            # before the monitor exists is lost (the start would never become healthy).
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

    def disconnect(self, inner):
        for name, mon in inner.monitors.items():
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

    def send_own(self, m, purpose):
        """Sends the supervisor's own request `m` to the inner kernel's shell; what comes back
        for it is not passed on."""
        self.internal[m.msg_id] = purpose
        self.ours.add(m.msg_id)
        if len(self.ours) > 10000:
            self.ours = set(self.internal)
        self.sup.inner.shell.send_multipart(m.raw(ids=[]))

    # -- shell --------------------------------------------------------------------------------
    def on_outer_shell(self, parts):
        m = self.parse(parts)
        if m is None:
            return
        if not self.sup.startup.ready:
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
        if m.msg_type in ("inspect_request", "complete_request"):
            m = self.narrowed(m)
        self.sup.inner.shell.send_multipart(m.raw())

    def narrowed(self, m):
        """An inspect or complete request for the statement at the cursor only (docs.narrow),
        under the request's own header; where that statement began is kept for the reply."""
        content = dict(m.content)
        code, cursor, offset = narrow(content.get("code", ""), content.get("cursor_pos"))
        if offset == 0 and code == content.get("code"):
            return m
        content.update(code=code, cursor_pos=cursor)
        self.offsets[m.msg_id] = offset
        return self.signer.with_content(m, content)

    def forward_execute(self, m):
        self.current = RunningCell(m)
        self.sup.inner.shell.send_multipart(m.raw())

    def pump_exec_queue(self):
        if self.current is None and self.exec_queue and self.sup.startup.ready:
            self.forward_execute(self.exec_queue.popleft())

    def cell_ended(self):
        """The running cell has its reply: the next queued one goes."""
        self.current = None
        self.pump_exec_queue()

    def kernel_ready(self):
        """The inner kernel is healthy: what waited for it goes on."""
        for m in self.control_waiting:
            self.reply_control_kernel_info(m)
        self.control_waiting = []
        held, self.held = self.held, deque()
        for m in held:
            self.dispatch_shell(m)

    def on_inner_shell(self, inner, parts):
        m = self.parse(parts)
        if m is None or inner is not self.sup.inner:
            return
        pid = m.parent_id
        purpose = self.internal.pop(pid, None)
        if purpose == "health":
            self.sup.startup.on_kernel_info_reply(m)
            return
        if purpose == "check":
            self.sup.interrupts.on_check_reply(m)
            return
        cur = self.current
        if cur is not None and pid == cur.msg.msg_id:
            if cur.interrupt:
                cur.reply = m
                self.sup.interrupts.progress()
                return
            self.shell.send_multipart(m.raw())
            self.cell_ended()
            return
        request = self.inflight.pop(pid, None)
        if m.msg_type in ("inspect_reply", "complete_reply"):
            m = self.with_docs(m, request)
        self.shell.send_multipart(m.raw())
        if m.msg_type == "kernel_info_reply" and request is not None:
            # The kernel's own busy and idle for a kernel_info are parented by it, and JupyterLab
            # leaves the status of such "untracked" requests out (jupyter_server's
            # untracked_message_types): it would show the kernel as "Unknown" until a first
            # cell ran. An idle of no request's it takes.
            self.publish("status", {"execution_state": "idle"}, {})

    def with_docs(self, m, request):
        """An inspect or complete reply, re-signed with the library's Javadoc added (docs.py)
        or JShell's internals left out of the completions."""
        docs = self.sup.docs
        offset = self.offsets.pop(request.msg_id, 0) if request is not None else 0
        content = docs.inspect_reply(m.content) if m.msg_type == "inspect_reply" \
            else docs.complete_reply(m.content, offset)
        return self.signer.with_content(m, content)

    # -- stdin --------------------------------------------------------------------------------
    def on_outer_stdin(self, parts):
        inner = self.sup.inner
        if inner and not inner.dead:
            inner.stdin.send_multipart(parts)

    def on_inner_stdin(self, parts):
        self.stdin.send_multipart(parts)

    # -- iopub --------------------------------------------------------------------------------
    def on_inner_iopub(self, inner, parts):
        if inner is not self.sup.inner:
            return
        m = self.parse(parts)
        if m is None:
            self.iopub.send_multipart(parts)
            return
        pid = m.parent_id
        if pid in self.ours:
            if self.internal.get(pid) == "health" or (not self.sup.startup.ready and m.msg_type == "status"):
                self.sup.startup.progress("iopub")
            self.sup.interrupts.on_check_output(m)
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
                    self.sup.interrupts.progress()
                    return
        self.iopub.send_multipart(parts)

    # -- control ------------------------------------------------------------------------------
    def on_control(self, parts):
        m = self.parse(parts)
        if m is None or not self.signer.valid(m):
            log("ignored a control message with a bad signature")
            return
        t = m.msg_type
        if t == "kernel_info_request":
            if self.sup.startup.kernel_info is None:
                self.control_waiting.append(m)
            else:
                self.reply_control_kernel_info(m)
        elif t == "interrupt_request":
            self.send_control_reply(m, "interrupt_reply", {"status": "ok"})
            self.sup.interrupts.on_interrupt("interrupt_request")
        elif t == "shutdown_request":
            restart = bool(m.content.get("restart", False))
            self.send_control_reply(m, "shutdown_reply", {"status": "ok", "restart": restart})
            log("shutdown requested")
            self.sup.shutdown(0)
        else:
            log("control message not handled:", t)

    def reply_control_kernel_info(self, m):
        self.send_control_reply(m, "kernel_info_reply", dict(self.sup.startup.kernel_info or {}, status="ok"))

    def send_control_reply(self, m, msg_type, content):
        r = self.signer.build(msg_type, content, parent=m.header, ids=m.ids)
        self.control.send_multipart(r.raw())

    # -- speaking for the kernel --------------------------------------------------------------
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

    def abort(self, req, why=None):
        """Answers a waiting cell "aborted"; with `why`, says under the cell why it did not run."""
        self.publish("status", {"execution_state": "busy"}, req.header)
        if why:
            self.publish("stream", {"name": "stderr", "text": why + "\n"}, req.header)
        reply = self.signer.build("execute_reply", {"status": "aborted", "execution_count": None},
                                  parent=req.header, ids=req.ids)
        self.shell.send_multipart(reply.raw())
        self.publish("status", {"execution_state": "idle"}, req.header)

    def abort_queued(self, why=None):
        """Every execute_request that waits (queued or held) is answered "aborted" (with `why`
        under each)."""
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
            self.abort(m, why)
        if queued:
            log("aborted %d queued cell(s)" % len(queued))

    def resend_unanswered(self):
        """Requests sent to a kernel that is gone and never answered wait for the next one."""
        for m in self.inflight.values():
            if m.msg_type.endswith("_request"):
                self.held.append(m)
        self.inflight.clear()
