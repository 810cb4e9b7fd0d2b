#!/usr/bin/env python3
"""Installs the Jupyter kernel "Java (Backprop Lab)" from this folder.

    python3 install.py [--user | --system | --prefix DIR] [--java JAVA] [--python PYTHON]
    python3 install.py --uninstall [--user | --system | --prefix DIR]

  --user         for you alone (the default): your Jupyter's data folder,
                 ~/.local/share/jupyter/kernels/backprop-lab on Linux
  --system       for every user of the machine (run as root):
                 /usr/local/share/jupyter/kernels/backprop-lab
  --prefix DIR   for one Python environment (a venv or conda env: --prefix "$VIRTUAL_ENV"):
                 DIR/share/jupyter/kernels/backprop-lab
  --java JAVA    the Java 17+ that runs the kernel (default: $JAVA_HOME/bin/java, else java)
  --python PY    the Python that runs the kernel's supervisor; it needs pyzmq, which every
                 Jupyter installation has (default: the Python running this script)

The kernelspec points at this folder: keep it where it is (move it, then install again).
Only the standard library is used here, so any Python 3.8 or newer runs it.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

NAME = "backprop-lab"
HERE = Path(__file__).resolve().parent


def fail(message: str) -> None:
    print(f"install.py: {message}", file=sys.stderr)
    sys.exit(1)


def kernels_dir(args) -> Path:
    """The folder that holds kernelspecs for the chosen kind of install."""
    if args.prefix:
        return Path(args.prefix).resolve() / "share" / "jupyter" / "kernels"
    if args.system:
        return Path("/usr/local/share/jupyter/kernels")
    if os.environ.get("JUPYTER_DATA_DIR"):
        return Path(os.environ["JUPYTER_DATA_DIR"]) / "kernels"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Jupyter" / "kernels"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "jupyter" / "kernels"


def java_of(args) -> str:
    """The java executable, checked to be Java 17 or newer."""
    java = args.java
    if not java and os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        java = str(candidate) if candidate.is_file() else None
    java = java or shutil.which("java")
    if not java:
        fail("no Java found: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk), "
             "or name it with --java")
    try:
        shown = subprocess.run([java, "-XshowSettings:properties", "-version"],
                               capture_output=True, text=True, timeout=60).stderr
    except OSError as e:
        fail(f"cannot run {java}: {e}")
    version = next((line.split("=", 1)[1].strip() for line in shown.splitlines()
                    if "java.specification.version" in line), "")
    if not version.split(".")[0].isdigit() or int(version.split(".")[0]) < 17:
        fail(f"{java} is Java {version or '(unknown)'}: the kernel needs Java 17 or newer")
    return str(Path(java).resolve())


def python_of(args) -> str:
    """The Python for the supervisor, checked to have pyzmq."""
    python = args.python or sys.executable
    check = subprocess.run([python, "-c", "import zmq"], capture_output=True, text=True)
    if check.returncode != 0:
        fail(f"{python} has no pyzmq, which the kernel's supervisor needs: name the Python of "
             "your Jupyter with --python (it has pyzmq), or pip install pyzmq")
    return python


def cds_dir(args) -> str | None:
    """Where the supervisor keeps a class archive of the kernel (faster starts): in the user's
    own cache for a user install. A shared install gets none: an archive one user could write
    and another user's kernel would load is a way into that other user's kernel."""
    if args.system or args.prefix:
        return None
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(cache) / "backprop-lab" / "cds")


def kernel_json(java: str, python: str, cds: str | None) -> dict:
    """kernel.json.in with this machine's paths in place of its placeholders."""
    spec = json.loads((HERE / "kernel.json.in").read_text())
    argv = spec["argv"]
    if cds is None:
        at = argv.index("--cds-dir")
        del argv[at:at + 2]

    def fill(text: str) -> str:
        text = text.replace("@KERNEL_DIR@", str(HERE)).replace("@JAVA@", java)
        return text.replace("@PYTHON@", python).replace("@CDS_DIR@", cds or "")

    spec["argv"] = [fill(a) for a in argv]
    spec["env"] = {k: fill(v) for k, v in spec["env"].items()}
    spec["metadata"] = json.loads(fill(json.dumps(spec["metadata"])))
    return spec


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="install.py", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for you alone (the default)")
    where.add_argument("--system", action="store_true", help="for every user (as root)")
    where.add_argument("--prefix", help="for one Python environment (venv, conda)")
    parser.add_argument("--java")
    parser.add_argument("--python")
    parser.add_argument("--uninstall", action="store_true")
    args = parser.parse_args(argv)
    target = kernels_dir(args) / NAME
    if args.uninstall:
        if target.is_dir():
            shutil.rmtree(target)
            print(f"removed {target}")
        else:
            print(f"not installed in {target}")
        return 0
    missing = [p for p in ("kernel.json.in", "classpath", "kernelguard") if not (HERE / p).exists()]
    if missing:
        fail(f"this folder lacks {', '.join(missing)}: it is not a whole Backprop Lab kernel folder")
    spec = kernel_json(java_of(args), python_of(args), cds_dir(args))
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    for path in (target, target / "kernel.json"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    print(f"installed \"{spec['display_name']}\" in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
