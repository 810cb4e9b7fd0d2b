"""Where things live. Everything generated goes under build/ (gitignored), nothing into $HOME."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"

# What Maven assembles (kernel/pom.xml): the kernel jar, the notebooks' classpath, and the grader,
# which only the instructor's kernel adds to it.
KERNEL_DIR = BUILD / "kernel"
KERNEL_CLASSPATH = KERNEL_DIR / "classpath"
INSTRUCTOR_CLASSPATH = KERNEL_DIR / "instructor"

# The kernel reliability layer (kernelguard/README.md): its Python package lives in
# kernelguard/kernelguard, its cell-stopper agent is built by Maven (module kernelguard/agent).
KERNELGUARD = ROOT / "kernelguard"
AGENT_JAR = KERNELGUARD / "agent" / "target" / "kernelguard-agent.jar"
# The grading kernel's guard (Maven module lib/guard): a security manager loaded as an agent.
GUARD_JAR = ROOT / "lib" / "guard" / "target" / "backprop-guard.jar"
# The Python that runs the kernel supervisor (it needs pyzmq): the project's .venv.
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# Jupyter's own folders, all inside the project. LAB_JUPYTER_DIR puts them elsewhere: the
# browser tests use their own (build/browser/jupyter), so they neither see nor change the settings
# and open tabs of a JupyterLab you use.
JUPYTER = Path(os.environ["LAB_JUPYTER_DIR"]).resolve() if os.environ.get("LAB_JUPYTER_DIR") \
    else BUILD / "jupyter"
JUPYTER_DIRS = {
    "JUPYTER_PATH": JUPYTER / "share",  # kernelspecs: share/kernels/<name>/kernel.json
    "JUPYTER_CONFIG_DIR": JUPYTER / "config",
    "JUPYTER_DATA_DIR": JUPYTER / "data",
    "JUPYTER_RUNTIME_DIR": JUPYTER / "runtime",
}

NOTEBOOKS = ROOT / "notebooks"
OUTPUT = BUILD / "notebooks"  # ./lab run writes executed notebooks and HTML pages here
# ... except for solution notebooks, whose pages are the instructor's: never beside the lectures'
# pages (a folder that may be published as the course's web site).
SOLUTION_PAGES = BUILD / "solution-pages"
LOGS = BUILD / "logs"

# Folders that never hold the project's notebooks.
NOT_NOTEBOOK_DIRS = {"build", "target", ".venv", ".git", "node_modules", ".ipynb_checkpoints"}
# Exercise notebooks and their solutions: graded by ./lab grade's tests, not run as lectures.
EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"
GRADED = (EXERCISES, SOLUTIONS)
# Deliberately broken notebooks for the checker's own tests: run by tools/tests only.
TEST_FIXTURES = ROOT / "tools" / "tests" / "notebooks"


def use_project_jupyter_dirs() -> None:
    """Points Jupyter at the project's folders (for this process and the ones it starts)."""
    for name, path in JUPYTER_DIRS.items():
        path.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(path)
    # JupyterLab's notebook shim asks IPython for its folder, which creates ~/.ipython: not ours.
    os.environ["IPYTHONDIR"] = str(JUPYTER / "ipython")


def relative(path: Path) -> str:
    """A path as the user typed it relative to the project, for messages."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
