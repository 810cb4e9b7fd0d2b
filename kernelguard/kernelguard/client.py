"""The client side of the reliability layer: what the notebook runner, the grader, the browser
tests and the stress tool all use to start a kernel and to run code on it with a bound.

* start_kernel(): a start is accepted only once the kernel is healthy: kernel_info answered on
  shell, heartbeat echoed, kernel_info answered on control, all within `timeout`. A kernel that
  is not is killed and started again (up to `attempts` starts), and every retry is reported.
* Kernel.run(): runs one cell with a time limit. On a time-out the kernel is KILLED, never
  interrupted (a bounded run must end, whatever the kernel does with an interrupt).
* Kernel.kill(): ends the kernel and every process of its process group at once.

The supervisor (kernelguard.supervisor) already retries bad starts inside the kernel process;
this layer is the second line, and the only one for a kernelspec that is not supervised.
"""

import asyncio
import os
import signal
import sys
import time
from dataclasses import dataclass, field

from . import procs

START_TIMEOUT = 10.0
START_ATTEMPTS = 3


class KernelStartError(Exception):
    """No healthy kernel after every attempt; the message says what was seen."""


@dataclass
class Health:
    ok: bool
    seconds: float            # from the start call until every check had passed (or failed)
    kernel_info: float = None  # seconds until kernel_info was answered on shell
    heartbeat: float = None
    control: float = None
    problem: str = ""


@dataclass
class CellResult:
    status: str               # "ok", "error", "aborted", "timeout", "dead"
    outputs: list = field(default_factory=list)   # iopub messages' (msg_type, content)
    ename: str = ""
    evalue: str = ""
    restart_announced: bool = False  # an iopub status "restarting" came during the cell
    seconds: float = 0.0

    def text(self) -> str:
        """Everything the cell showed, as plain text (streams, results, errors)."""
        parts = []
        for mt, c in self.outputs:
            if mt == "stream":
                parts.append(c.get("text", ""))
            elif mt in ("execute_result", "display_data"):
                d = c.get("data", {})
                parts.append(str(d.get("text/plain", d.get("text/html", ""))))
            elif mt == "error":
                parts.append("%s: %s" % (c.get("ename"), c.get("evalue")))
        return "".join(parts)


class Kernel:
    """A started, healthy kernel with its client."""

    def __init__(self, manager, client, attempts, health):
        self.manager = manager
        self.client = client
        self.attempts = attempts
        self.health = health

    @property
    def pid(self):
        p = getattr(self.manager, "provisioner", None)
        proc = getattr(p, "process", None)
        return getattr(proc, "pid", None)

    async def kill(self):
        """Ends the kernel at once: no shutdown request, no interrupt. Safe to call twice."""
        kill_process_group(self.pid)
        try:
            self.client.stop_channels()
        except Exception:
            pass
        try:
            if self.manager.has_kernel:
                await self.manager.shutdown_kernel(now=True)
        except Exception:
            pass
        try:
            r = self.manager.cleanup_resources()
            if asyncio.iscoroutine(r):
                await r
        except Exception:
            pass

    async def shutdown(self):
        """A polite shutdown (as JupyterLab does), then a kill if it takes too long."""
        try:
            await asyncio.wait_for(self.manager.shutdown_kernel(now=False), 10)
        except Exception:
            pass
        await self.kill()

    async def interrupt(self):
        """What JupyterLab's stop button does (through the server): the kernelspec's interrupt
        mode decides between an interrupt_request on control and SIGINT."""
        await self.manager.interrupt_kernel()

    async def run(self, code, timeout=60.0, kill_on_timeout=True):
        """Runs one cell; on a time-out the kernel is killed and the status is "timeout".

        (kill_on_timeout=False is only for measuring what a kernel does after a lost reply.)"""
        kc = self.client
        t0 = time.monotonic()
        msg_id = kc.execute(code, stop_on_error=False)
        res = CellResult("?")

        async def iopub():
            while True:
                msg = await kc.get_iopub_msg()
                mt, c = msg["msg_type"], msg["content"]
                if mt == "status" and c.get("execution_state") == "restarting":
                    res.restart_announced = True
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if mt == "status":
                    if c.get("execution_state") == "idle":
                        return
                elif mt in ("stream", "execute_result", "display_data", "error"):
                    res.outputs.append((mt, c))

        async def shell():
            while True:
                r = await kc.get_shell_msg()
                if r["parent_header"].get("msg_id") == msg_id:
                    c = r["content"]
                    res.status = c.get("status", "?")
                    res.ename, res.evalue = c.get("ename", ""), c.get("evalue", "")
                    return

        async def alive():
            while await self.manager.is_alive():
                await asyncio.sleep(0.5)
            await asyncio.sleep(1.0)  # let what was sent before the end arrive
            return "dead"

        work = asyncio.ensure_future(asyncio.gather(iopub(), shell()))
        watch = asyncio.ensure_future(alive())
        done, _ = await asyncio.wait({work, watch}, timeout=timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
        for t in (work, watch):
            if not t.done():
                t.cancel()
        await asyncio.gather(work, watch, return_exceptions=True)
        if work not in done:
            res.status = "dead" if watch in done else "timeout"
            if kill_on_timeout or res.status == "dead":
                await self.kill()
        res.seconds = time.monotonic() - t0
        return res


def kill_process_group(pid):
    """SIGKILL to the kernel's process group (the supervisor and its JVM), else to the pid."""
    if not pid:
        return
    try:
        pgid = os.getpgid(pid)
        if pgid == pid and hasattr(os, "killpg"):
            os.killpg(pgid, signal.SIGKILL)
            return
    except (OSError, AttributeError):
        pass
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


async def check_health(manager, client, t0, timeout, control=True) -> Health:
    """kernel_info on shell, a heartbeat echo and kernel_info on control, within the timeout."""
    import zmq
    import zmq.asyncio
    h = Health(False, 0.0)
    deadline = t0 + timeout

    async def shell_info():
        msg_id = client.kernel_info()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                r = await client.get_shell_msg(timeout=min(0.2, left))
            except Exception:
                if not await manager.is_alive():
                    return False
                continue
            if r["parent_header"].get("msg_id") == msg_id:
                h.kernel_info = time.monotonic() - t0
                return True

    async def heartbeat():
        ctx = zmq.asyncio.Context.instance()
        s = ctx.socket(zmq.REQ)
        s.linger = 0
        s.connect(client._make_url("hb"))  # tcp://ip:port, or ipc://path-N
        try:
            await s.send(b"kernelguard-ping")
            left = deadline - time.monotonic()
            if left > 0 and await s.poll(int(left * 1000)):
                if await s.recv() == b"kernelguard-ping":
                    h.heartbeat = time.monotonic() - t0
                    return True
            return False
        finally:
            s.close(linger=0)

    async def control_info():
        msg = client.session.msg("kernel_info_request")
        client.control_channel.send(msg)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                r = await client.get_control_msg(timeout=min(0.2, left))
            except Exception:
                continue
            if r["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                h.control = time.monotonic() - t0
                return True

    async def ended():
        """Returns when the kernel's process has ended (a start that cannot become healthy:
        no need to wait for the rest of the time limit)."""
        while await manager.is_alive():
            await asyncio.sleep(0.2)

    checks = asyncio.ensure_future(asyncio.gather(
        *([shell_info(), heartbeat()] + ([control_info()] if control else []))))
    watch = asyncio.ensure_future(ended())
    await asyncio.wait({checks, watch}, return_when=asyncio.FIRST_COMPLETED)
    h.seconds = time.monotonic() - t0
    if not checks.done():
        checks.cancel()
        await asyncio.gather(checks, return_exceptions=True)
        h.problem = "its process ended after %.1f s, before it was healthy" % h.seconds
        return h
    watch.cancel()
    await asyncio.gather(watch, return_exceptions=True)
    names = ["kernel_info", "heartbeat", "control"]
    missing = [n for n, ok in zip(names, checks.result()) if not ok]
    h.ok = not missing
    if missing:
        h.problem = "no %s within %.1f s" % (", ".join(missing), timeout)
    return h


async def start_kernel(kernel_name, cwd=None, log=None, timeout=START_TIMEOUT,
                       attempts=START_ATTEMPTS, control=True, say=None, extra_env=None,
                       interrupt_mode=None, manager_options=None) -> Kernel:
    """Starts a kernel and accepts it only once healthy; kills and retries a bad start.

    `log` (a file) receives the kernel's stdout/stderr (its log holds the connection key: keep it
    private). `say(line)` is told about every failed start (default: stderr).
    `manager_options` go to jupyter_client's kernel manager (for instance transport="ipc", an ip
    that is a path prefix for the sockets, and connection_file).
    """
    from jupyter_client.manager import AsyncKernelManager
    say = say or (lambda line: print(line, file=sys.stderr, flush=True))
    problems = []
    for attempt in range(1, attempts + 1):
        manager = AsyncKernelManager(kernel_name=kernel_name, **(manager_options or {}))
        if interrupt_mode:
            manager.kernel_spec.interrupt_mode = interrupt_mode
        t0 = time.monotonic()
        kw = {"stdout": log, "stderr": log} if log is not None else {}
        if cwd:
            kw["cwd"] = str(cwd)
        if extra_env:
            kw["env"] = dict(os.environ, **extra_env)
        try:
            await manager.start_kernel(**kw)
        except Exception as e:
            raise KernelStartError("the kernel '%s' could not be started: %s" % (kernel_name, e)) from e
        client = manager.client()
        # No heartbeat channel: check_health pings the heartbeat itself, and the channel's thread
        # would race a kill right after a failed start (it made its socket on a closed context).
        client.start_channels(hb=False)
        health = await check_health(manager, client, t0, timeout, control=control)
        kernel = Kernel(manager, client, attempt, health)
        if health.ok:
            return kernel
        problems.append("attempt %d: %s" % (attempt, health.problem))
        await kernel.kill()
        if attempt < attempts:
            say("kernel start %d of %d failed its health check (%s); killed it, starting another"
                % (attempt, attempts, health.problem))
    raise KernelStartError("the kernel '%s' did not become healthy in %d starts (%s)"
                           % (kernel_name, attempts, "; ".join(problems)))


def process_tree(pid):
    """pid and all its descendants (Linux /proc)."""
    return [pid] + procs.descendants(pid)


# HotSpot's own threads (compiling, collecting garbage): busy for a while after any work, never
# a cell's runaway code.
JVM_INTERNAL = ("C1 CompilerThre", "C2 CompilerThre", "GC Thread", "G1 ", "VM Thread",
                "VM Periodic Tas", "Sweeper thread", "Service Thread", "Common-Cleaner",
                "Signal Dispatch", "Reference Handl", "Finalizer", "Monitor Deflati", "Notification Th")


def thread_cpu(pids):
    out = {}
    tck = os.sysconf("SC_CLK_TCK")
    for p in pids:
        try:
            tids = os.listdir("/proc/%d/task" % p)
        except OSError:
            continue
        for t in tids:
            try:
                with open("/proc/%d/task/%s/stat" % (p, t)) as f:
                    head, tail = f.read().rsplit(")", 1)
                fields = tail.split()
                out[(p, t)] = (head.split("(", 1)[1], (int(fields[11]) + int(fields[12])) / tck)
            except (OSError, ValueError, IndexError):
                continue
    return out


async def cpu_detail(pids, seconds=1.0):
    """(total share of a CPU, busiest non-JVM-internal thread's share, its name) over `seconds`."""
    a, t0 = thread_cpu(pids), time.monotonic()
    await asyncio.sleep(seconds)
    b = thread_cpu(pids)
    dt = time.monotonic() - t0
    total, top, top_name = 0.0, 0.0, ""
    for k, (name, sec) in b.items():
        if k not in a:
            continue
        use = max(0.0, sec - a[k][1]) / dt
        total += use
        if not name.startswith(JVM_INTERNAL) and use > top:
            top, top_name = use, name
    return total, top, top_name
