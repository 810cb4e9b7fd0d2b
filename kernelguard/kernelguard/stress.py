"""Stress measurements of a Java kernelspec: starts, interrupts, CPU after interrupts.

    python -m kernelguard.stress --kernel NAME --starts 200 --interrupts 50
    python -m kernelguard.stress --kernel NAME --quick          (20 starts, 5 interrupts per kind)

Starts: each start must be healthy within --budget seconds (kernel_info answered on shell,
heartbeat echoed, kernel_info answered on control), then run one cell; starts follow each other
back to back (start, one cell, shutdown as JupyterLab does it, next start), the harsh case.

Interrupts: on one kernel, for each trial: a cell defines `int kgN = N;`, a runaway cell of one
kind starts, after a random 0.3-1.5 s the client interrupts it exactly as JupyterLab's stop button
does through the server (KernelManager.interrupt_kernel: interrupt_request on control, or SIGINT
in signal mode), then `kgN` and `1 + 1` are run. A trial passes if the interrupted cell ends and
either the state is kept (`kgN` shows N) or a restart was reported (status "restarting" or the
cell's error says so) and `1 + 1` runs; and if, in the second after the interrupted cell ended, no
thread of the processes that ran it (the JVM's compiler and GC threads aside) used --cpu-limit of
a CPU or more. Anything else is SILENT (a cell that "runs" without running), HUNG (no reply),
DIED (the kernel died of the interrupt) or BURNING.

Every measurement is printed with the load average; the last line reads "N passed, N failed".
"""

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time

from . import client as kg

KINDS = {
    "spin": "while (true) {}",
    "sleep": "for (int i = 0; ; i++) { Thread.sleep(50); }",
    "train": """double[][] w = new double[64][64]; double[] x = new double[64];
java.util.Random rnd = new java.util.Random(1);
for (int i = 0; i < 64; i++) { x[i] = rnd.nextDouble(); for (int j = 0; j < 64; j++) w[i][j] = rnd.nextGaussian() * 0.1; }
for (long epoch = 0; ; epoch++) {
    double[] y = new double[64];
    double loss = 0;
    for (int i = 0; i < 64; i++) { double s = 0; for (int j = 0; j < 64; j++) s += w[i][j] * x[j]; y[i] = 1 / (1 + Math.exp(-s)); loss += (y[i] - 0.5) * (y[i] - 0.5); }
    for (int i = 0; i < 64; i++) for (int j = 0; j < 64; j++) w[i][j] -= 0.01 * (y[i] - 0.5) * y[i] * (1 - y[i]) * x[j];
    if (epoch % 20000 == 0) System.out.println("epoch " + epoch + " loss " + loss);
}""",
}

OK_VERDICTS = ("kept", "restarted")


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def say(*a):
    print(*a, flush=True)


def threads_of(pid):
    """Thread names of the kernel's process tree that tell rapaio's loop threads apart."""
    names = []
    for p in kg.process_tree(pid):
        try:
            for t in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/comm" % (p, t)) as f:
                    n = f.read().strip()
                if n.startswith(("Shell-", "Heartbeat-")):
                    names.append(n)
        except OSError:
            pass
    return "Shell x%d, Heartbeat x%d" % (sum(n.startswith("Shell-") for n in names),
                                        sum(n.startswith("Heartbeat-") for n in names))


def _archive_writer(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmd = f.read()
    except OSError:
        return False
    return b"--write-cds" in cmd or b"ArchiveClassesAtExit" in cmd


def supervisor_attempts(log_path):
    try:
        text = open(log_path, errors="replace").read()
    except OSError:
        return None
    m = re.findall(r"healthy in [\d.]+ s \(ports bound at [\d.]+ s, attempt (\d+)", text)
    return int(m[0]) if m else None


async def one_start(args, i, log_dir):
    from jupyter_client.manager import AsyncKernelManager
    log_path = os.path.join(log_dir, "start-%03d.log" % i)
    rec = {"i": i, "load": load()}
    with open(log_path, "w") as logf:
        km = AsyncKernelManager(kernel_name=args.kernel)
        t0 = time.monotonic()
        await km.start_kernel(stdout=logf, stderr=logf)
        kc = km.client()
        kc.start_channels()
        h = await kg.check_health(km, kc, t0, args.budget, control=not args.no_control_check)
        kernel = kg.Kernel(km, kc, 1, h)
        rec.update(healthy=h.ok, seconds=round(h.seconds, 3), kernel_info=h.kernel_info,
                   heartbeat=h.heartbeat, control=h.control, problem=h.problem,
                   threads=threads_of(kernel.pid))
        if h.ok or h.kernel_info:
            r = await kernel.run("1 + 1", timeout=15)
            rec["cell"] = r.status == "ok" and "2" in r.text()
            rec["cell_seconds"] = round(r.seconds, 3)
        else:
            rec["cell"] = False
        await kernel.shutdown()
    rec["attempts"] = supervisor_attempts(log_path)
    return rec


async def starts(args, log_dir):
    recs = []
    say("== %d starts of '%s' (budget %.1f s each; load %s)" % (args.starts, args.kernel, args.budget, load()))
    for i in range(args.starts):
        r = await one_start(args, i, log_dir)
        recs.append(r)
        ok = r["healthy"] and r["cell"]
        say("start %3d: %s in %.2f s  ki=%s hb=%s ctl=%s cell=%s  %s%s  load %s%s" % (
            i, "healthy" if ok else "UNHEALTHY", r["seconds"], fmt(r["kernel_info"]), fmt(r["heartbeat"]),
            fmt(r["control"]), "ok" if r["cell"] else "FAIL", r["threads"],
            "" if r["attempts"] in (None, 1) else "  (supervisor needed %d starts)" % r["attempts"],
            r["load"], "" if ok else "  " + r["problem"]))
        if args.pause:
            await asyncio.sleep(args.pause)
    good = [r for r in recs if r["healthy"] and r["cell"]]
    secs = sorted(r["seconds"] for r in good)
    summary = {"starts": len(recs), "healthy": len(good),
               "median_s": secs[len(secs) // 2] if secs else None, "max_s": secs[-1] if secs else None,
               "retried_inside": sum(1 for r in recs if (r["attempts"] or 1) > 1),
               "load_end": load()}
    say("starts: %d of %d healthy within %.1f s (median %s s, max %s s; %d needed a restart inside "
        "the supervisor); load %s" % (summary["healthy"], summary["starts"], args.budget,
                                      summary["median_s"], summary["max_s"], summary["retried_inside"], load()))
    return recs, summary


def fmt(x):
    return "%.2f" % x if x is not None else "-"


async def fresh_kernel(args, log_dir, n):
    logf = open(os.path.join(log_dir, "interrupt-kernel-%02d.log" % n), "w")
    k = await kg.start_kernel(args.kernel, log=logf, timeout=max(args.budget, 10), attempts=8,
                              control=not args.no_control_check,
                              interrupt_mode=None if args.interrupt_mode == "spec" else args.interrupt_mode)
    k.logf = logf
    return k


async def interrupts(args, log_dir):
    kinds = [k for k in args.kinds.split(",") if k]
    trials = [kinds[j % len(kinds)] for j in range(args.interrupts * len(kinds))]
    say("== %d interrupts of '%s' (%s; interrupt mode %s; load %s)" % (
        len(trials), args.kernel, ", ".join("%d x %s" % (args.interrupts, k) for k in kinds),
        args.interrupt_mode, load()))
    rng = random.Random(args.seed)
    nk = 0
    kernel = None
    recs = []
    for i, kind in enumerate(trials):
        rec = {"i": i, "kind": kind, "load": load()}
        try:
            if kernel is None:
                nk += 1
                kernel = await fresh_kernel(args, log_dir, nk)
            m = await kernel.run("int kg%d = %d;" % (i, i), timeout=30)
            rec["marker"] = m.status
            delay = rng.uniform(0.3, 1.5)
            task = asyncio.ensure_future(kernel.run(KINDS[kind], timeout=args.cell_timeout,
                                                    kill_on_timeout=False))
            await asyncio.sleep(delay)
            # the processes that run the cell being given up (not the supervisor's one-time,
            # low-priority class-archive writer, if it happens to run)
            before = [p for p in kg.process_tree(kernel.pid) if not _archive_writer(p)]
            t_int = time.monotonic()
            await kernel.interrupt()
            r = await task
            rec["stop_seconds"] = round(time.monotonic() - t_int, 3)
            rec["cell"] = r.status
            rec["ename"] = r.ename
            rec["message"] = (r.evalue or r.text())[-200:]
            restart = r.restart_announced or "restart" in (r.evalue + r.text()).lower()
            # the processes that ran the given-up cell, in the second after it ended
            total, top, top_name = await kg.cpu_detail(before, 1.0)
            rec["cpu_after"], rec["cpu_after_thread"], rec["busiest_thread"] = round(total, 3), round(top, 3), top_name
            if r.status == "dead":
                # the kernel died of the interrupt: a Jupyter server would restart it and say so
                # ("The kernel appears to have died"); a plain client is left with a dead kernel
                verdict = "DIED"
            else:
                s = await kernel.run("kg%d" % i, timeout=args.cell_timeout, kill_on_timeout=False)
                restart = restart or s.restart_announced
                a = await kernel.run("1 + 1", timeout=args.cell_timeout, kill_on_timeout=False)
                state_kept = s.status == "ok" and str(i) in s.text()
                runs = a.status == "ok" and "2" in a.text()
                rec.update(state=s.status, state_text=s.text()[:80], next=a.status,
                           next_text=a.text()[:80], restart_reported=restart)
                if r.status == "timeout":
                    verdict = "HUNG+SILENT" if (a.status == "ok" and not runs) else "HUNG"
                elif runs and state_kept and not restart:
                    verdict = "kept"
                elif runs and restart:
                    verdict = "restarted"
                else:
                    verdict = "SILENT"
            if verdict in OK_VERDICTS and rec["cpu_after_thread"] >= args.cpu_limit:
                verdict = "BURNING"
        except kg.KernelStartError as e:
            verdict, rec["problem"] = "NO-KERNEL", str(e)
        except Exception as e:  # the measurement itself broke: count it, go on with a new kernel
            verdict, rec["problem"] = "ERROR", "%s: %s" % (type(e).__name__, e)
        rec["verdict"] = verdict
        recs.append(rec)
        say("interrupt %3d %-5s: %-10s stop %5ss  cell=%s %s  next: state=%s run=%s  CPU after: %3.0f%% "
            "(busiest thread %3.0f%% %s)  load %s" % (
                i, kind, verdict, rec.get("stop_seconds", "-"), rec.get("cell", "-"), rec.get("ename", ""),
                rec.get("state", "-"), rec.get("next", "-"), 100 * rec.get("cpu_after", 0),
                100 * rec.get("cpu_after_thread", 0), rec.get("busiest_thread", ""), rec["load"]))
        if verdict not in OK_VERDICTS and kernel is not None:
            await kernel.kill()
            kernel = None
    if kernel is not None:
        await kernel.shutdown()
    summary = {}
    for kind in kinds:
        rs = [r for r in recs if r["kind"] == kind]
        verdicts = {}
        for r in rs:
            verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
        stops = sorted(r["stop_seconds"] for r in rs if "stop_seconds" in r)
        summary[kind] = {"trials": len(rs), "verdicts": verdicts,
                         "stop_median_s": stops[len(stops) // 2] if stops else None,
                         "stop_max_s": stops[-1] if stops else None,
                         "cpu_after_max": max((r.get("cpu_after", 0) for r in rs), default=None),
                         "cpu_after_thread_max": max((r.get("cpu_after_thread", 0) for r in rs), default=None)}
        say("interrupts %-5s: %s; stop median %s s, max %s s; CPU in the second after: busiest "
            "thread max %.0f%%, whole kernel max %.0f%%" % (
                kind, ", ".join("%d %s" % (v, k) for k, v in sorted(verdicts.items())),
                summary[kind]["stop_median_s"], summary[kind]["stop_max_s"],
                100 * (summary[kind]["cpu_after_thread_max"] or 0), 100 * (summary[kind]["cpu_after_max"] or 0)))
    say("interrupts: load at end %s" % load())
    return recs, summary


async def amain(args):
    log_dir = args.log_dir or os.path.join(os.getcwd(), "build", "kernelguard", "stress-logs")
    os.makedirs(log_dir, exist_ok=True)
    out = {"kernel": args.kernel, "load_start": load(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    passed = failed = 0
    if args.starts:
        recs, summ = await starts(args, log_dir)
        out["starts"], out["starts_summary"] = recs, summ
        passed += summ["healthy"]
        failed += summ["starts"] - summ["healthy"]
    if args.interrupts:
        recs, summ = await interrupts(args, log_dir)
        out["interrupts"], out["interrupts_summary"] = recs, summ
        ok = sum(1 for r in recs if r["verdict"] in OK_VERDICTS)
        passed += ok
        failed += len(recs) - ok
    out["load_end"] = load()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1, default=str)
    say("kernel-stress: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


def main(argv=None):
    p = argparse.ArgumentParser(prog="kernelguard.stress", description=__doc__.split("\n\n")[0])
    p.add_argument("--kernel", required=True, help="kernelspec name (found through JUPYTER_PATH)")
    p.add_argument("--starts", type=int, default=0)
    p.add_argument("--interrupts", type=int, default=0, help="interrupts of EACH kind")
    p.add_argument("--kinds", default="spin,sleep,train", help="of: " + ", ".join(KINDS))
    p.add_argument("--quick", action="store_true", help="20 starts and 5 interrupts of each kind")
    p.add_argument("--budget", type=float, default=5.0, help="seconds a start may take")
    p.add_argument("--pause", type=float, default=0.0, help="seconds between starts")
    p.add_argument("--interrupt-mode", choices=("spec", "message", "signal"), default="spec",
                   help="override the kernelspec's interrupt_mode")
    p.add_argument("--cell-timeout", type=float, default=20.0)
    p.add_argument("--cpu-limit", type=float, default=0.3)
    p.add_argument("--no-control-check", action="store_true",
                   help="do not require a control reply (bare rapaio answers control on shell)")
    p.add_argument("--seed", type=int, default=9, help="seeds the random moments of the interrupts")
    p.add_argument("--json", help="write every measurement to this file")
    p.add_argument("--log-dir")
    args = p.parse_args(argv)
    if args.quick:
        args.starts = args.starts or 20
        args.interrupts = args.interrupts or 5
    if not (args.starts or args.interrupts):
        p.error("nothing to measure: give --starts and/or --interrupts (or --quick)")
    return asyncio.run(amain(args))


if __name__ == "__main__":
    sys.exit(main())
