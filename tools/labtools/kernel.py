"""Starting a Java kernel: the ONE function every kernel start of the runner goes through.

rapaio-jupyter-kernel 3.0.1 sometimes starts without ever answering (a start race, see
KERNEL-NOTES). So a start is only accepted once the kernel has answered kernel_info (the health
check); a kernel that fails it is killed and started afresh, a bounded number of times, and every
retry is reported. The runner never interrupts a kernel: it kills it.

Telling a slow start from a broken one: on a busy two-core machine the kernel's JVM can need ten
seconds or more before it listens at all, so the time limit for kernel_info is generous. But once
the kernel's heartbeat answers, the kernel is up and a healthy one answers kernel_info at once;
if it stays silent for a few seconds after that, it is the start race and waiting longer is futile.
"""

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import TextIO

import zmq
import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager

from . import kernelspec

START_TIMEOUT = 60.0  # seconds for kernel_info to be answered at all (1–3 s on an idle machine)
SILENT_AFTER_HEARTBEAT = 6.0  # seconds a kernel whose heartbeat answers may leave kernel_info
START_ATTEMPTS = 3


class KernelStartError(Exception):
    """No healthy kernel after every attempt; the message says what was seen."""


class Unhealthy(Exception):
    """One start failed its health check; the message says how."""


@dataclass
class Kernel:
    """A started, healthy kernel and the client connected to it."""

    manager: AsyncKernelManager
    client: object  # AsyncKernelClient
    attempts: int  # how many starts it took

    async def kill(self) -> None:
        """Ends the kernel at once (no shutdown request, no interrupt) and frees its ports."""
        try:
            self.client.stop_channels()
        finally:
            if self.manager.has_kernel:
                await self.manager.shutdown_kernel(now=True)
            await self.manager.cleanup_resources()


async def start_kernel(cwd: Path, log: TextIO, kernel_name: str = kernelspec.NAME,
                       timeout: float = START_TIMEOUT, attempts: int = START_ATTEMPTS,
                       silent_after_heartbeat: float = SILENT_AFTER_HEARTBEAT,
                       say=None) -> Kernel:
    """Starts a kernel whose working folder is cwd and waits until it answers kernel_info.

    The kernel's own output (its log, which includes the connection key) goes to `log`, never to
    the terminal or the notebook. `say` receives one line for every failed start (default: stderr).
    """
    say = say or (lambda line: print(line, file=sys.stderr, flush=True))
    problems = []
    for attempt in range(1, attempts + 1):
        log.write(f"---- backprop-lab: kernel start {attempt} of {attempts} ----\n")
        log.flush()
        manager = AsyncKernelManager(kernel_name=kernel_name)
        try:
            await manager.start_kernel(cwd=str(cwd), stdout=log, stderr=log)
        except Exception as e:  # the spec is broken or java cannot start: retrying will not help
            raise KernelStartError(f"the kernel '{kernel_name}' could not be started: {e}") from e
        client = manager.client()
        client.start_channels()
        kernel = Kernel(manager, client, attempt)
        try:
            await _health_check(kernel, timeout, silent_after_heartbeat)
            return kernel
        except Unhealthy as e:
            problems.append(f"attempt {attempt}: {e}")
            await kernel.kill()
            if attempt < attempts:
                say(f"kernel start {attempt} of {attempts} failed its health check ({e});"
                    f" killed it, starting another")
    raise KernelStartError(
        f"the kernel '{kernel_name}' did not become healthy in {attempts} starts ("
        + "; ".join(problems) + ")")


async def _health_check(kernel: Kernel, timeout: float, silent_after_heartbeat: float) -> None:
    """Returns once the kernel answers kernel_info and its output channel (IOPub) is connected.

    Raises Unhealthy when the process ends first, when `timeout` passes, or when the heartbeat
    has answered for `silent_after_heartbeat` seconds while kernel_info never was.
    """
    client = kernel.client
    info = kernel.manager.get_connection_info()
    heartbeat = f"{info['transport']}://{info['ip']}:{info['hb_port']}"
    deadline = time.monotonic() + timeout
    beating_since = None
    answered = False
    while True:
        if not await kernel.manager.is_alive():
            raise Unhealthy("its process ended before it answered kernel_info")
        if time.monotonic() > deadline:
            raise Unhealthy(f"kernel_info was not answered within {timeout:.0f} s" if not answered
                            else f"its output channel did not connect within {timeout:.0f} s")
        if await _answers(client, client.kernel_info(), within=1.0):
            answered = True
            # kernel_info makes the kernel publish its status: seeing it proves that IOPub is
            # connected (a subscription takes a moment; until then, ask again).
            if await _publishes(client, within=0.5):
                return
            continue
        if beating_since is None and await _heartbeat_answers(heartbeat):
            beating_since = time.monotonic()
        if not answered and beating_since is not None \
                and time.monotonic() - beating_since > silent_after_heartbeat:
            raise Unhealthy(f"its heartbeat answers but kernel_info was not answered within "
                            f"{silent_after_heartbeat:.0f} s of it (the kernel's start race)")


async def _answers(client, msg_id: str, within: float) -> bool:
    """True when the shell replies to msg_id in time (older replies are skipped)."""
    end = time.monotonic() + within
    while (left := end - time.monotonic()) > 0:
        try:
            reply = await client.get_shell_msg(timeout=left)
        except Empty:
            return False
        if reply["parent_header"].get("msg_id") == msg_id:
            return True
    return False


async def _publishes(client, within: float) -> bool:
    """True when any message arrives on IOPub in time."""
    try:
        await client.get_iopub_msg(timeout=within)
        return True
    except Empty:
        return False


async def _heartbeat_answers(address: str) -> bool:
    """One ping on the kernel's heartbeat socket, which echoes whatever it gets."""
    socket = zmq.asyncio.Context.instance().socket(zmq.REQ)
    socket.linger = 0
    try:
        socket.connect(address)
        await socket.send(b"backprop-lab")
        return bool(await socket.poll(500)) and await socket.recv() == b"backprop-lab"
    finally:
        socket.close()
