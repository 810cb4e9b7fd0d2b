"""Starting a Java kernel for the runner and the grader: the project's settings over the ONE
reliability layer, kernelguard.client (see kernelguard/README.md).

kernelguard.client.start_kernel accepts a start only once the kernel is healthy (kernel_info
answered on shell and on control, heartbeat echoed); a kernel that is not is killed and started
afresh, a bounded number of times, and every retry is reported. Behind it the kernel supervisor
(named in every kernelspec of the project) already health-checks the Java process itself and
restarts a broken start while the client waits. Kernel.kill() ends the supervisor and its JVM
together (process group), never interrupting: a run that must be bounded is killed.

What this module adds is the runner's and grader's policy:
- a generous time limit: on a busy two-core machine a healthy JVM can need many seconds before
  it answers (CPU starvation, not a broken kernel); such a start is waited for, not killed;
- KERNELGUARD_ON_DEATH=exit: a kernel that dies under a cell (System.exit, a crash) is reported
  as "kernel died" instead of being restarted by the supervisor, as JupyterLab's are.
"""

from pathlib import Path
from typing import TextIO

from kernelguard import client as guard
from kernelguard.client import Kernel, KernelStartError  # noqa: F401  (the callers' names)

from . import kernelspec

# Seconds for a start to become healthy (1–2 s on an idle machine). The supervisor gives one
# start of the JVM 20 s before it tries another; this leaves room for a retry inside it.
START_TIMEOUT = 60.0
START_ATTEMPTS = 3
# Batch clients see a kernel's death as a death (the supervisor ends with its JVM).
BATCH_ENV = {"KERNELGUARD_ON_DEATH": "exit"}


async def start_kernel(cwd: Path, log: TextIO, kernel_name: str = kernelspec.NAME,
                       timeout: float = START_TIMEOUT, attempts: int = START_ATTEMPTS,
                       say=None, manager_options=None) -> Kernel:
    """A healthy kernel whose working folder is cwd (KernelStartError after `attempts` bad starts).

    The kernel's own output (its log and the supervisor's, which include the connection key)
    goes to `log`, never to the terminal or the notebook. `say` receives one line for every
    failed start (default: stderr). `manager_options` go to jupyter_client's kernel manager.
    """
    return await guard.start_kernel(kernel_name, cwd=cwd, log=log, timeout=timeout,
                                    attempts=attempts, say=say, extra_env=BATCH_ENV,
                                    manager_options=manager_options)
