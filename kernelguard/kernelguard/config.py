"""The supervisor's settings: its command line, the names it knows in the kernel's JVM, and its log.

Nothing here imports more than the standard library: the supervisor starts the kernel's JVM
before it imports pyzmq, so that the JVM's start and Python's imports overlap.
"""

import argparse
import sys
import time

# Where the kernel command names its own connection file (the outer file's path works too).
INNER_PLACEHOLDER = "{inner_connection_file}"

# JeroMQ's threads: they appear when the kernel creates its ZeroMQ context, tens of milliseconds
# before it binds its sockets and starts its channel threads (rapaio, IJava, JJava alike).
ZMQ_THREAD_PREFIXES = ("reaper-", "iothread-")

# JVM threads whose CPU use after a stop is not the cell's: HotSpot's own (compiling, collecting
# garbage, housekeeping) and the cell-stopper agent's. Thread names as Linux shows them (comm),
# cut at 15 characters.
JVM_INTERNAL_PREFIXES = ("C1 CompilerThre", "C2 CompilerThre", "GC Thread", "G1 ", "VM Thread",
                         "Sweeper thread", "VM Periodic Tas", "Service Thread", "Common-Cleaner",
                         "Signal Dispatch", "Reference Handl", "Finalizer", "Monitor Deflati",
                         "Notification Th", "kernelguard-age")

# The check cell run after a stop: a kernel that still runs cells gives CHECK_EXPECT.
CHECK_CODE = "Integer.toString(6 * 7000 + 5)"
CHECK_EXPECT = "42005"


def log(*parts):
    """One line on stderr (the kernel's log: Jupyter's server log, or the client's log file)."""
    sys.stderr.write("[kernelguard %s] %s\n" % (time.strftime("%H:%M:%S"), " ".join(str(p) for p in parts)))
    sys.stderr.flush()


def parse_args(argv):
    """(options, the kernel command) from `[options] CONNECTION_FILE -- KERNEL COMMAND...`."""
    if "--" not in argv:
        raise SystemExit("usage: python -m kernelguard.supervisor [options] CONNECTION_FILE -- KERNEL COMMAND...")
    i = argv.index("--")
    p = argparse.ArgumentParser(prog="kernelguard.supervisor")
    p.add_argument("connection_file")
    p.add_argument("--agent", help="the cell-stopper agent jar (without it an interrupt restarts)")
    p.add_argument("--interrupt", choices=("stop", "restart"), default="stop",
                   help="stop the cell keeping state (needs the agent), or always restart")
    p.add_argument("--no-start-fix", dest="start_fix", action="store_false",
                   help="do not start the JVM under SCHED_BATCH with its main thread pinned to one "
                        "CPU while it starts its channel threads")
    p.add_argument("--grace", type=float, default=0.8,
                   help="seconds a kernel that has bound its ports has to answer kernel_info")
    p.add_argument("--start-timeout", type=float, default=20.0,
                   help="seconds one start may take in all before it is given up")
    p.add_argument("--max-attempts", type=int, default=8)
    p.add_argument("--stop-timeout", type=float, default=3.0,
                   help="seconds a stopped cell has to end before the kernel is restarted")
    p.add_argument("--probe-timeout", type=float, default=5.0,
                   help="seconds the check cell after a stop has to answer")
    p.add_argument("--cpu-window", type=float, default=0.3,
                   help="seconds over which the CPU use after a stop is measured")
    p.add_argument("--cpu-limit", type=float, default=0.3,
                   help="share of one CPU that any thread running Java code may use after a stop")
    p.add_argument("--no-announce-restart", dest="announce_restart", action="store_false")
    p.add_argument("--cds-dir", help="keep a JVM class archive of the kernel here (faster starts)")
    p.add_argument("--no-child-processes", dest="child_processes", action="store_false",
                   help="the kernel may not start processes (a seccomp filter, see nochildren.py)")
    p.add_argument("--docs", help="a JSON index of the library's Javadoc, shown on inspect (docs.py)")
    p.add_argument("--debug", action="store_true")
    opts = p.parse_args(argv[:i])
    inner = argv[i + 1:]
    if not inner:
        raise SystemExit("kernelguard.supervisor: no kernel command after --")
    return opts, inner
