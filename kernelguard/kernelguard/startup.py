"""Starting the inner kernel and judging its health, while the front end's requests wait.

A start is healthy once the kernel has answered kernel_info on its shell and has been heard on
its iopub. rapaio-jupyter-kernel 3.0.1 binds its sockets and starts its loop threads before it
creates its handler map, and a request that is already waiting when the shell thread starts
kills that thread (NullPointerException: "this.handlers" is null). So the first kernel_info goes
out only once all five ports are bound and 100 ms have passed.

A start that fails is killed and another one begun, up to --max-attempts: when the kernel exits,
loses its main thread, binds only some of its ports (one was taken meanwhile), does not answer
within --grace seconds of binding them all, or is not healthy within --start-timeout.
"""

import time

from .config import log
from .inner_kernel import InnerKernel


class Startup:

    def __init__(self, sup):
        self.sup = sup
        self.count = 0           # starts so far, the first one included (numbers them)
        self.attempts = 0        # starts since the last healthy one (or the last restart)
        self.ready = False       # the current start is healthy
        self.health = {}         # what the current start has shown: "reply", "iopub"
        self.kernel_info = None  # the kernel's kernel_info_reply content, answered on control

    def new_kernel(self):
        self.count += 1
        inner = InnerKernel(self.sup, self.count)
        inner.spawn()
        return inner

    def begin(self, inner=None):
        """Starts (or restarts) the inner kernel; requests wait until it is healthy."""
        sup = self.sup
        self.ready = False
        self.attempts += 1
        sup.inner = inner or self.new_kernel()
        sup.proxy.connect(sup.inner)
        self.health = {"reply": False, "iopub": False}
        sup.timers.after(sup.opts.start_timeout, self.check_deadline, sup.inner)
        sup.timers.after(0.002, self.tick, sup.inner)

    def current(self, inner):
        """True while `inner` is the start being judged."""
        return inner is self.sup.inner and not self.ready and not inner.dead

    def tick(self, inner):
        if not self.current(inner):
            return
        pinned = inner.pin_before_channels()
        if inner.proc.poll() is not None:
            self.failed(inner, "exited with code %s" % inner.proc.returncode)
            return
        if pinned and inner.main_thread_died():
            self.failed(inner, "lost its main thread (an exception while starting)")
            return
        if inner.t_first_bound and len(inner.bound) < 5 and time.monotonic() - inner.t_first_bound > self.sup.opts.grace:
            self.failed(inner, "bound only %d of its 5 ports" % len(inner.bound))
            return
        # every 2 ms until the main thread is pinned (the ZeroMQ threads come tens of ms before
        # the channel threads), then only to notice an early exit
        self.sup.timers.after(0.002 if not pinned else 0.05, self.tick, inner)

    def on_port_bound(self, inner, name):
        """A port of the inner kernel is bound. Only once all five are, and a moment later, is
        the first request sent (see above)."""
        timers = self.sup.timers
        inner.bound.add(name)
        if inner.t_first_bound is None:
            inner.t_first_bound = time.monotonic()
        if inner.t_connected is None and len(inner.bound) == 5:
            inner.t_connected = time.monotonic()
            timers.after(self.sup.opts.grace, self.check_grace, inner)
            timers.after(0.1, self.send_kernel_info)
            timers.after(0.4, self.resend_kernel_info, inner)

    def send_kernel_info(self):
        inner = self.sup.inner
        if inner is None or inner.dead or self.ready:
            return
        proxy = self.sup.proxy
        proxy.send_own(proxy.signer.build("kernel_info_request", {}), "health")

    def resend_kernel_info(self, inner):
        if self.current(inner) and not self.health["reply"]:
            self.send_kernel_info()
            self.sup.timers.after(0.3, self.resend_kernel_info, inner)

    def check_grace(self, inner):
        if self.current(inner):
            self.failed(inner, "bound its ports but did not answer within %.1f s" % self.sup.opts.grace)

    def check_deadline(self, inner):
        if self.current(inner):
            self.failed(inner, "did not become healthy within %.0f s" % self.sup.opts.start_timeout)

    def failed(self, inner, why):
        opts = self.sup.opts
        log("start %d failed its health check: the kernel %s; starting another" % (inner.number, why))
        if opts.debug:
            log("  its threads:", ", ".join(sorted(inner.thread_names())))
        self.sup.discard_inner(inner)
        if self.attempts >= opts.max_attempts:
            log("giving up after %d starts" % self.attempts)
            self.sup.shutdown(1)
            return
        self.begin()

    def on_kernel_info_reply(self, m):
        if m.msg_type == "kernel_info_reply":
            self.kernel_info = m.content
            self.progress("reply")

    def progress(self, what):
        if self.ready:
            return
        self.health[what] = True
        if self.health["reply"] and self.health["iopub"]:
            self.became_ready()
        elif self.health["reply"] and not self.health["iopub"]:
            # iopub may not be subscribed yet (slow joiner): ask again until it is heard
            self.sup.timers.after(0.1, self.send_kernel_info)

    def became_ready(self):
        sup = self.sup
        inner = sup.inner
        inner.t_ready = time.monotonic()
        inner.normal_scheduling()
        sup.timers.after(0.05, inner.normal_scheduling)
        sup.timers.after(0.5, inner.normal_scheduling)
        self.ready = True
        log("start %d healthy in %.2f s (ports bound at %.2f s, attempt %d%s)" % (
            inner.number, inner.t_ready - inner.t_spawn,
            (inner.t_connected or inner.t_ready) - inner.t_spawn, self.attempts,
            ", main thread pinned to CPU %s while starting its channels" % inner.pinned
            if inner.pinned is not None else ""))
        self.attempts = 0
        if sup.archive.wanted:
            sup.timers.after(1.0, self.write_archive)
        sup.proxy.kernel_ready()

    def write_archive(self):
        self.sup.archive.start_writer(self.sup.outer, self.sup.inner.conn_file)
