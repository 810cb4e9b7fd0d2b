"""Starting a Java kernel: the ONE function every kernel start of the runner goes through.

rapaio-jupyter-kernel 3.0.1 sometimes starts without ever answering (a start race, see
KERNEL-NOTES). So a start is only accepted once the kernel has answered kernel_info within a time
limit (the health check); a kernel that fails it is killed and started afresh, a bounded number of
times, and every such retry is reported. The runner never interrupts a kernel: it kills it.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from jupyter_client.manager import AsyncKernelManager

from . import kernelspec

START_TIMEOUT = 10.0  # seconds for kernel_info to be answered (a healthy start takes 1–3 s)
START_ATTEMPTS = 3


class KernelStartError(Exception):
    """No healthy kernel after every attempt; the message says what was seen."""


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
                       say=None) -> Kernel:
    """Starts a kernel whose working folder is cwd and waits until it answers kernel_info.

    The kernel's own output (its log, which includes the connection key) goes to `log`, never to
    the terminal or the notebook. `say` receives one line for every failed start (default: stderr).
    """
    say = say or (lambda line: print(line, file=sys.stderr, flush=True))
    problems = []
    for attempt in range(1, attempts + 1):
        manager = AsyncKernelManager(kernel_name=kernel_name)
        log.write(f"---- backprop-lab: kernel start {attempt} of {attempts} ----\n")
        log.flush()
        try:
            await manager.start_kernel(cwd=str(cwd), stdout=log, stderr=log)
        except Exception as e:  # the spec is broken or java cannot start: retrying will not help
            raise KernelStartError(f"the kernel '{kernel_name}' could not be started: {e}") from e
        client = manager.client()
        client.start_channels()
        kernel = Kernel(manager, client, attempt)
        try:
            await client.wait_for_ready(timeout=timeout)
            return kernel
        except Exception as e:  # RuntimeError from jupyter_client: no reply, or the kernel died
            problem = str(e) or type(e).__name__
            problems.append(f"attempt {attempt}: {problem}")
            await kernel.kill()
            if attempt < attempts:
                say(f"kernel start {attempt} of {attempts} failed its health check ({problem});"
                    f" killed it, starting another")
    raise KernelStartError(
        f"the kernel '{kernel_name}' did not become healthy in {attempts} starts ("
        + "; ".join(problems) + ")")
