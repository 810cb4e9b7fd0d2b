"""Kernelspecs that start a Java kernel through the supervisor.

The one function the project's kernelspec maker needs is wrap(): it takes the plain kernel.json
content (argv starting the kernel's JVM with {connection_file}) and returns the same kernelspec
started through kernelguard.supervisor. Everything else in the spec (display name, language,
env such as the kernel's classpath variable, metadata) is kept.

write_measurement_specs() writes the kernelspecs of this folder's own comparison measurements
(`./lab kernel-stress --kernel NAME` finds them in build/kernelguard/jupyter):
  kernelguard          rapaio through the supervisor, with the cell-stopper agent (the design)
  kernelguard-restart  rapaio through the supervisor, no agent: an interrupt always restarts
  kernelguard-bare     rapaio alone, not supervised (to show its defects)
"""

import json
import os
import sys
from pathlib import Path

PACKAGE_PARENT = Path(__file__).resolve().parents[1]   # the folder that holds kernelguard/
INNER = "{inner_connection_file}"


def wrap(spec, python=None, agent_jar=None, interrupt="stop", extra_args=(), cds_dir=None):
    """The kernelspec `spec` (a kernel.json dict) started through the supervisor.

    python: the interpreter that runs the supervisor (needs pyzmq; default: this one).
    agent_jar: the cell-stopper agent; without it an interrupt restarts the kernel.
    interrupt: "stop" (keep state when the agent can) or "restart" (always restart).
    cds_dir: a folder where the supervisor keeps a JVM class archive of the kernel (written in
      the background once the first kernel is healthy; later starts use ~1/3 less CPU).
    """
    argv = list(spec["argv"])
    if "kernelguard.supervisor" in argv:
        raise ValueError("this kernelspec is already supervised")
    if not any("{connection_file}" in a for a in argv):
        raise ValueError("the kernel's argv has no {connection_file}")
    inner = [a.replace("{connection_file}", INNER) for a in argv]
    sup = [str(python or sys.executable), "-m", "kernelguard.supervisor"]
    if agent_jar:
        sup += ["--agent", str(agent_jar)]
    if interrupt == "restart":
        sup += ["--interrupt", "restart"]
    if cds_dir:
        sup += ["--cds-dir", str(cds_dir)]
    sup += [*extra_args, "{connection_file}", "--", *inner]
    env = dict(spec.get("env") or {})
    paths = [str(PACKAGE_PARENT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    out = dict(spec)
    out["argv"] = sup
    out["env"] = env
    # The supervisor handles an interrupt_request on control (and SIGINT too); "message" keeps
    # every signal away from the JVM.
    out["interrupt_mode"] = "message"
    meta = dict(out.get("metadata") or {})
    meta["kernelguard"] = {"supervised": True, "agent": str(agent_jar) if agent_jar else None,
                           "interrupt": interrupt if agent_jar else "restart"}
    out["metadata"] = meta
    return out


def rapaio_spec(java, jar, display_name="Java (rapaio)", jvm_options=(), env=None):
    """A plain rapaio-jupyter-kernel kernelspec, as the kernel's own installer makes it."""
    return {
        "argv": [str(java), *jvm_options, "-jar", str(jar), "{connection_file}"],
        "display_name": display_name,
        "language": "java",
        "interrupt_mode": "message",
        "env": dict(env or {}),
    }


def write(jupyter_path, name, spec):
    d = Path(jupyter_path) / "kernels" / name
    d.mkdir(parents=True, exist_ok=True)
    f = d / "kernel.json"
    text = json.dumps(spec, indent=2) + "\n"
    if not f.is_file() or f.read_text() != text:
        f.write_text(text)
    return f


def write_measurement_specs(jupyter_path, java, rapaio_jar, agent_jar=None, python=None, cds_dir=None):
    bare = rapaio_spec(java, rapaio_jar, "Java (rapaio, bare)", ["-Djava.awt.headless=true"])
    made = [write(jupyter_path, "kernelguard-bare", bare)]
    made.append(write(jupyter_path, "kernelguard-restart",
                      dict(wrap(bare, python=python, interrupt="restart", cds_dir=cds_dir),
                           display_name="Java (rapaio, supervised, restart on interrupt)")))
    made.append(write(jupyter_path, "kernelguard",
                      dict(wrap(bare, python=python, agent_jar=agent_jar, cds_dir=cds_dir),
                           display_name="Java (rapaio, supervised)")))
    return made
