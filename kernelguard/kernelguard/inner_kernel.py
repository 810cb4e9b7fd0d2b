"""One start of the inner kernel: its connection file, its command, its process, and its threads as
Linux shows them in /proc (standard library only: the first start runs before pyzmq is imported).

On Linux the JVM starts under SCHED_BATCH (a new thread does not preempt the thread that started
it), and once the kernel's ZeroMQ threads exist, tens of milliseconds before it starts its
channel threads, its main thread is pinned to the CPU it is on. rapaio's loop threads set their
"running" flag only after Thread.start(), and a thread that looks first exits at once; with the
main thread pinned under SCHED_BATCH the flag is always set first. Everything is set back to
normal once the kernel is healthy.
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import time

from . import procs
from .config import INNER_PLACEHOLDER, JVM_INTERNAL_PREFIXES, ZMQ_THREAD_PREFIXES, log
from .nochildren import forbid_new_processes
from .ports import free_ports


def pdeathsig_setup():
    """A function for the child that makes it die with SIGKILL when the supervisor dies."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except Exception:
        return None

    def setup():
        prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    return setup


def is_java(exe):
    base = os.path.basename(exe).lower()
    return base in ("java", "java.exe")


class InnerKernel:
    """One start of the inner kernel: its process, connection file and start-up bookkeeping."""

    def __init__(self, sup, number):
        self.sup = sup
        self.number = number
        self.token = secrets.token_hex(8)  # the agent's proof that it is this start's
        ports = free_ports(5)
        self.conn = {
            "shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2],
            "control_port": ports[3], "hb_port": ports[4], "ip": "127.0.0.1",
            "key": sup.outer["key"], "transport": "tcp",
            "signature_scheme": sup.outer.get("signature_scheme", "hmac-sha256"),
            "kernel_name": sup.outer.get("kernel_name", ""),
        }
        base = os.path.splitext(os.path.basename(sup.conn_file))[0]
        self.conn_file = os.path.join(os.path.dirname(os.path.abspath(sup.conn_file)),
                                      "%s-inner-%d.json" % (base, number))
        fd = os.open(self.conn_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(self.conn, f)
        self.proc = None
        self.t_spawn = None
        self.t_connected = None   # when all five ports were bound
        self.t_first_bound = None
        self.t_ready = None
        self.pinned = None        # the CPU the main thread was pinned to, once it is
        self.saw_main = False     # a JVM main thread was seen (to notice when it dies)
        self.batch = False        # started under SCHED_BATCH
        self.comms = {}           # thread id -> name
        self.dead = False
        self.agent = None         # the AgentLink once the agent has said hello
        # The proxy's sockets to this kernel (proxy.Proxy.connect): shell, stdin and iopub carry
        # messages; watch_control and watch_hb only notice that those ports are bound.
        self.shell = self.stdin = self.iopub = self.watch_control = self.watch_hb = None
        self.monitors = {}        # socket name -> its connect monitor
        self.bound = set()        # names of the sockets whose port the kernel has bound

    def argv(self):
        """The kernel command for this start, and its environment."""
        o = self.sup.opts
        outer = os.path.abspath(self.sup.conn_file)
        argv = [self.conn_file if a in (INNER_PLACEHOLDER, self.sup.conn_file, outer)
                else a.replace(INNER_PLACEHOLDER, self.conn_file) for a in self.sup.inner_argv]
        jvm_opts = []
        use_agent = bool(o.agent and self.sup.agents.port)
        if o.cds_dir and is_java(argv[0]):
            jvm_opts += self.sup.archive.jvm_options(argv)
        if use_agent:
            jvm_opts.append("-javaagent:%s=127.0.0.1:%d:%s" % (o.agent, self.sup.agents.port, self.token))
        env = dict(os.environ)
        env.pop("JPY_PARENT_PID", None)
        if jvm_opts:
            if is_java(argv[0]):
                argv[1:1] = jvm_opts
            else:
                env["JAVA_TOOL_OPTIONS"] = " ".join(filter(None, [env.get("JAVA_TOOL_OPTIONS", "")] + jvm_opts))
        return argv, env

    def spawn(self):
        o = self.sup.opts
        linux = sys.platform.startswith("linux") and hasattr(os, "sched_setaffinity")
        self.batch = batch = linux and o.start_fix
        argv, env = self.argv()
        pdeath = self.sup.pdeathsig
        no_children = not o.child_processes

        def child_setup():
            # An interrupt by signal goes to the supervisor's whole process group: the JVM must
            # not die of it (HotSpot leaves an ignored SIGINT ignored).
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            if pdeath:
                pdeath()
            if batch:
                try:
                    os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
                except OSError:
                    pass
            if no_children:
                forbid_new_processes()  # last: the filter must not stop the set-up above

        self.t_spawn = time.monotonic()
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     preexec_fn=child_setup if os.name == "posix" else None,
                                     close_fds=True)
        log("start %d: pid %d%s" % (self.number, self.proc.pid, " (SCHED_BATCH until healthy)" if batch else ""))

    # -- its threads (Linux) ------------------------------------------------------------------
    def tids(self):
        try:
            return [int(t) for t in os.listdir("/proc/%d/task" % self.proc.pid)]
        except OSError:
            return []

    def thread_names(self):
        names = []
        for tid in self.tids():
            try:
                with open("/proc/%d/task/%d/comm" % (self.proc.pid, tid)) as f:
                    names.append(f.read().strip())
            except OSError:
                pass
        return names

    def comm(self, tid):
        name = self.comms.get(tid)
        if name is None or name == "java":  # a new thread is called "java" until it names itself
            try:
                with open("/proc/%d/task/%d/comm" % (self.proc.pid, tid)) as f:
                    name = f.read().strip()
            except OSError:
                return ""
            self.comms[tid] = name
        return name

    def pin_before_channels(self):
        """While starting: once the kernel's ZeroMQ threads exist, pins its main thread (and so
        the channel threads it is about to start) to the CPU it is on. Returns True when done."""
        if not self.batch or self.pinned is not None:
            return True
        tids = self.tids()
        if not any(self.comm(t).startswith(ZMQ_THREAD_PREFIXES) for t in tids):
            return False
        main = [t for t in tids if t != self.proc.pid and self.comm(t) == "java"]
        cpu = None
        for t in main:
            try:
                with open("/proc/%d/task/%d/stat" % (self.proc.pid, t)) as f:
                    cpu = int(f.read().rsplit(")", 1)[1].split()[36])
            except (OSError, ValueError, IndexError):
                pass
            if cpu is None or cpu not in self.sup.cpus:
                cpu = min(self.sup.cpus)
            try:
                os.sched_setaffinity(t, {cpu})
            except OSError:
                pass
        self.pinned = cpu if cpu is not None else -1
        return True

    def main_thread_died(self):
        """True once a JVM's main thread (the second thread called "java") has been seen and is
        gone: the kernel failed while starting but lives on in its other threads."""
        if not sys.platform.startswith("linux"):
            return False
        mains = [t for t in self.tids() if t != self.proc.pid and self.comm(t) == "java"]
        if mains:
            self.saw_main = True
            return False
        return self.saw_main

    def normal_scheduling(self):
        """Once healthy: every thread back to the normal policy on every CPU."""
        if not self.batch:
            return
        for tid in self.tids():
            try:
                os.sched_setscheduler(tid, os.SCHED_OTHER, os.sched_param(0))
            except OSError:
                pass
            try:
                os.sched_setaffinity(tid, self.sup.cpus)
            except OSError:
                pass

    def thread_cpu(self):
        """{tid: (name, CPU seconds)} of the threads that run Java code (JVM internals left out):
        a thread that keeps using CPU after a stop is a runaway. None once the process is gone."""
        if not os.path.isdir("/proc/%d/task" % self.proc.pid):
            return None
        tck = os.sysconf("SC_CLK_TCK")
        out = {}
        for tid in self.tids():
            try:
                with open("/proc/%d/task/%d/stat" % (self.proc.pid, tid)) as f:
                    head, tail = f.read().rsplit(")", 1)
                name = head.split("(", 1)[1]
                fields = tail.split()
                if name.startswith(JVM_INTERNAL_PREFIXES):
                    continue
                out[tid] = (name, (int(fields[11]) + int(fields[12])) / tck)
            except (OSError, ValueError, IndexError):
                continue
        return out

    # -- ending it ----------------------------------------------------------------------------
    def kill_descendants(self):
        """A cell that is given up takes the processes it started (ProcessBuilder, %%bash) with
        it; else they would be left running, reparented to init, when the JVM is killed."""
        pids = procs.descendants(self.proc.pid) if self.proc else []
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        if pids:
            log("ended %d process(es) started by the cell" % len(pids))

    def kill(self):
        self.dead = True
        self.kill_descendants()
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.kill()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.unlink(self.conn_file)
        except OSError:
            pass
