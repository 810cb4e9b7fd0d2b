"""The kernel supervisor: the program a kernelspec names instead of the Java kernel itself.

    python -m kernelguard.supervisor [options] {connection_file} -- java ... -jar kernel.jar {inner_connection_file}

(Jupyter fills in {connection_file} everywhere in argv; {inner_connection_file}, or the outer
file's path itself, is replaced by the inner kernel's own connection file.)

Jupyter talks to the supervisor, on the ports of the connection file it was given. The supervisor
runs the real kernel (the command after `--`) on ports of its own with the same key, and passes
the messages through, so for the front end nothing changes, except that:

* Every start is health-checked: the inner kernel must answer kernel_info on its shell and be
  heard on its iopub. One that does not is killed and started again while the front end's
  requests wait (startup.py; the JVM's scheduling while it starts: inner_kernel.py).
* An interrupt (interrupt_request on the control channel, or SIGINT in signal mode) is never
  passed to the inner kernel (rapaio's interrupt leaves a kernel that silently stops running
  cells). If the cell-stopper agent is loaded, the threads running the cell's code are stopped,
  the kernel is checked with a check cell and for left-over CPU use, and the cell ends with an
  "Interrupted" error, all state kept. Otherwise, or if any check fails, the inner kernel is
  killed and restarted, the cell ends with an error saying so, and the front end is told
  (iopub status "restarting", which JupyterLab shows as a kernel restart). (interrupts.py)
* A kernel that dies under a cell is restarted the same way, and the cell says so (unless
  the client's environment has KERNELGUARD_ON_DEATH=exit: then the supervisor ends with it).
  (restarts.py)
* The heartbeat and control channels are the supervisor's own, so they are always alive.
  (proxy.py)

This module is the entry point and the event loop; the parts it holds together:
  config.py        command line, thread names, the check cell, the log
  ports.py         the inner kernel's ports, Jupyter's ports held until bound
  inner_kernel.py  one start of the kernel: its command, process and threads
  cds.py           the kernel's class archive (faster starts)
  agent.py         the cell-stopper agent's connection and line protocol
  proxy.py         the sockets and the messages passed through
  startup.py       starting the kernel and judging its health
  interrupts.py    stopping a cell, the check cell, the restart fallback
  restarts.py      restarts and deaths, and what the cell says about them
  timers.py        calls scheduled for later, run by the loop
"""

import json
import os
import signal
import socket
import sys
from collections import deque

from . import cds
from .agent import Agents
from .docs import Docs
from .config import log, parse_args
from .inner_kernel import pdeathsig_setup
from .interrupts import Interrupts
from .proxy import Proxy
from .restarts import Restarts
from .startup import Startup
from .timers import Timers


class Supervisor:
    """One kernel's supervisor: the current start of the inner kernel, and the parts that act on
    it, all run by one event loop (no threads)."""

    def __init__(self, conn_file, inner_argv, opts):
        self.conn_file = conn_file
        self.inner_argv = inner_argv
        self.opts = opts
        with open(conn_file) as f:
            self.outer = json.load(f)
        self.proxy = Proxy(self)  # holds Jupyter's ports from here on
        self.docs = Docs(getattr(opts, "docs", None))
        self.cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
        self.pdeathsig = pdeathsig_setup() if sys.platform.startswith("linux") else None
        self.agents = Agents(self, opts.agent)
        self.archive = cds.ClassArchive(opts.cds_dir)
        self.timers = Timers()
        self.startup = Startup(self)
        self.interrupts = Interrupts(self)
        self.restarts = Restarts(self)
        self.inner = None  # the current start (inner_kernel.InnerKernel)
        self.signals = deque()
        self.stopping = False
        self.exit_code = 0
        self.parent_pid = os.getppid()

    def discard_inner(self, inner):
        """A start given up: its process killed, its sockets and its agent's link closed."""
        inner.kill()
        self.proxy.disconnect(inner)
        self.agents.forget(inner)

    def shutdown(self, code):
        if self.inner is not None:
            self.discard_inner(self.inner)
        self.stopping = True
        self.exit_code = code

    def on_signal(self, signum):
        if signum == signal.SIGINT:
            self.interrupts.on_interrupt("SIGINT")
        elif signum in (signal.SIGTERM, signal.SIGHUP):
            self.shutdown(0)
        elif signum == signal.SIGCHLD:
            inner = self.inner
            if inner is not None and inner.proc is not None and inner.proc.poll() is not None:
                self.restarts.on_exit(inner)

    def check_parent(self):
        if os.getppid() != self.parent_pid:
            log("the process that started the kernel is gone: exiting")
            self.shutdown(0)
            return
        self.timers.after(2.0, self.check_parent)

    def loop(self):
        """Until shutdown: waits for a message, a signal or the next timer, and handles it."""
        proxy, agents = self.proxy, self.agents
        zmq = proxy.zmq
        # signals are handled in the loop: the handler only wakes it up
        rsock, wsock = socket.socketpair()
        rsock.setblocking(False)
        wsock.setblocking(False)
        signal.set_wakeup_fd(wsock.fileno())
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(s, lambda n, f: self.signals.append(n))
        self.timers.after(2.0, self.check_parent)
        while not self.stopping:
            poller = zmq.Poller()
            for s in (proxy.shell, proxy.control, proxy.stdin, proxy.hb, rsock):
                poller.register(s, zmq.POLLIN)
            inner = self.inner
            if inner is not None and not inner.dead:
                for s in (inner.shell, inner.stdin, inner.iopub, *inner.monitors.values()):
                    poller.register(s, zmq.POLLIN)
            if agents.listener is not None:
                poller.register(agents.listener, zmq.POLLIN)
            for a in agents.links:
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
            if proxy.hb in events:
                proxy.hb.send(proxy.hb.recv())
            if proxy.control in events:
                self.drain(proxy.control, proxy.on_control)
            if proxy.shell in events:
                self.drain(proxy.shell, proxy.on_outer_shell)
            if proxy.stdin in events:
                self.drain(proxy.stdin, proxy.on_outer_stdin)
            # the start polled for, unless a handler above has replaced it
            inner = self.inner if self.inner is inner else None
            if inner is not None and not inner.dead:
                for name, mon in list(inner.monitors.items()):
                    if mon in events and not inner.dead:
                        self.drain(mon, lambda p, n=name: self.startup.on_port_bound(inner, n))
                if inner.iopub in events and not inner.dead:
                    self.drain(inner.iopub, lambda p: proxy.on_inner_iopub(inner, p))
                if inner.shell in events and not inner.dead:
                    self.drain(inner.shell, lambda p: proxy.on_inner_shell(inner, p))
                if inner.stdin in events and not inner.dead:
                    self.drain(inner.stdin, proxy.on_inner_stdin)
            listener = agents.listener
            if listener is not None and (listener in events or listener.fileno() in events):
                agents.accept()
            for a in list(agents.links):
                if a.sock in events or a.sock.fileno() in events:
                    agents.on_readable(a)
            self.timers.run_due()
        return self.exit_code

    def drain(self, sock, handler):
        """Up to 100 waiting messages of a ZeroMQ socket, each to handler(frames)."""
        zmq = self.proxy.zmq
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
    first = sup.startup.new_kernel()  # the JVM starts while Python imports pyzmq
    try:
        sup.proxy.bind()
        sup.startup.begin(first)
        code = sup.loop()
    except BaseException:
        if sup.inner is not None:
            sup.inner.kill()
        raise
    sys.exit(code)


if __name__ == "__main__":
    main()
