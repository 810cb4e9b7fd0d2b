"""The student edition (`./lab student-edition [OUT]`): the course folder students get.

It is made from an explicit list of sources, never by copying the project and leaving things
out, so nothing the instructor adds later (a new folder, a key, a build output) can slip in:

    OUT/README.md                  for students: what is here, how to start
    OUT/notebooks/                 the lectures (notebooks/*.ipynb, outputs stripped), and any
                                   other file in notebooks/ (data a lecture reads beside it)
    OUT/exercises/                 the exercises as `./lab release` made them (exercises/*.ipynb)
    OUT/kernel/                    the Java kernel "Java (Backprop Lab)", ready to install:
        rapaio-jupyter-kernel-….jar   the kernel
        classpath/*.jar               exactly build/kernel/classpath (the library, its dependencies,
                                      JUnit's assertions); never build/kernel/instructor (the grader)
        kernelguard-agent.jar         the kernel supervisor's cell-stopper agent
        javadoc.json                  the library's Javadoc, which the supervisor shows on Shift+Tab
        startup.jsh                   what the kernel runs at start (see kernelspec.STARTUP)
        kernelguard/*.py              the kernel supervisor (Python; it needs pyzmq)
        kernel.json.in                the kernelspec, with placeholders for this machine's paths
        install.py, README.md         the installer (per user or system-wide) and how to use it

The data sets the lectures use (XOR, digits, iris, …) are inside the library's backprop-data jar.
After writing, the edition is checked by leaks.scan: a solution, an answer, a hidden check, the
grader or the instructor's kernel anywhere in it (inside jars too) fails the command.
"""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import kernelspec, leaks, paths

HERE = Path(__file__).resolve().parent
# The installer and the students' READMEs, copied into every edition.
TEMPLATES = HERE / "edition_files"


class EditionError(Exception):
    """The edition cannot be made: the message says why and what to do."""


@dataclass
class Edition:
    folder: Path
    lectures: list[str]
    exercises: list[str]
    jars: list[str]  # the kernel jar and the classpath's jars, as named in kernel/


def notebooks_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if p.is_file())


def stripped(source: Path) -> str:
    """A notebook's text with no outputs and no execution counts (what the repository stores)."""
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nbformat.writes(notebook) + "\n"


def _check_out_folder(out: Path) -> None:
    """OUT must be a new folder or an earlier edition (it is replaced whole), never the project
    or a folder that holds it, nor any other folder with files in it."""
    out = out.resolve()
    if out == paths.ROOT or out in paths.ROOT.parents:
        raise EditionError(f"{out} holds the project: give a folder of its own for the edition")
    if paths.ROOT in out.parents and out.relative_to(paths.ROOT).parts[0] != "build":
        raise EditionError(f"{out} is inside the project but not under build/: the edition "
                           "goes to build/ (the default) or outside the project")
    if out.exists() and not out.is_dir():
        raise EditionError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / ".backprop-student-edition").is_file():
        raise EditionError(f"{out} is not empty and not an earlier student edition: "
                           "give a new folder (or an empty one)")


def build(out: Path) -> Edition:
    """Writes the student edition into `out` (replacing an earlier edition there)."""
    _check_out_folder(out)
    lectures = notebooks_in(paths.NOTEBOOKS)
    exercises = notebooks_in(paths.EXERCISES)
    if not lectures or not exercises:
        raise EditionError("no lectures in notebooks/ or no exercises in exercises/ "
                           "(./lab release makes exercises/ from solutions/)")
    spec = kernelspec.portable_kernel_json()  # fails clearly when the kernel is not built
    kernel_jars = [kernelspec.DEFAULT_JAR, *kernelspec.classpath_jars()]
    if not paths.AGENT_JAR.is_file():
        raise EditionError(f"the kernel's agent is missing ({paths.relative(paths.AGENT_JAR)}): "
                           "build the project first (./lab does, or: mvn -B package -DskipTests)")

    out = out.resolve()
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    (out / "exercises").mkdir()
    (out / "kernel" / "classpath").mkdir(parents=True)
    (out / "kernel" / "kernelguard").mkdir()
    (out / ".backprop-student-edition").write_text(
        "This folder was made by ./lab student-edition; the next run replaces it whole.\n")

    for notebook in lectures:
        (out / "notebooks" / notebook.name).write_text(stripped(notebook), encoding="utf-8")
    for data in sorted(paths.NOTEBOOKS.rglob("*")):
        rel = data.relative_to(paths.NOTEBOOKS)
        if data.is_file() and data.suffix != ".ipynb" and ".ipynb_checkpoints" not in rel.parts:
            (out / "notebooks" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data, out / "notebooks" / rel)
    for notebook in exercises:
        (out / "exercises" / notebook.name).write_text(stripped(notebook), encoding="utf-8")

    kernel = out / "kernel"
    shutil.copyfile(kernelspec.DEFAULT_JAR, kernel / kernelspec.DEFAULT_JAR.name)
    for jar in kernel_jars[1:]:
        shutil.copyfile(jar, kernel / "classpath" / jar.name)
    shutil.copyfile(paths.AGENT_JAR, kernel / paths.AGENT_JAR.name)
    kernelspec.startup_file(kernel / kernelspec.STARTUP_FILE.name)
    from . import javadoc

    # Shift+Tab's Javadoc, without a comment whose example is an exercise's answer.
    javadoc.write(kernel / "javadoc.json", leave_out=list(leaks.needles().strings))
    for module in sorted((paths.KERNELGUARD / "kernelguard").glob("*.py")):
        shutil.copyfile(module, kernel / "kernelguard" / module.name)
    (kernel / "kernel.json.in").write_text(json.dumps(spec, indent=2) + "\n")
    shutil.copyfile(TEMPLATES / "install.py", kernel / "install.py")
    (kernel / "install.py").chmod(0o755)
    shutil.copyfile(TEMPLATES / "KERNEL-README.md", kernel / "README.md")
    shutil.copyfile(TEMPLATES / "README.md", out / "README.md")

    return Edition(out, [p.name for p in lectures], [p.name for p in exercises],
                   [f"{kernelspec.DEFAULT_JAR.name}"] + [f"classpath/{j.name}" for j in kernel_jars[1:]])


def main(out: Path) -> int:
    """`./lab student-edition [OUT]`: builds the edition, then checks every file of it."""
    from . import leaks

    try:
        edition = build(out)
    except (EditionError, kernelspec.KernelSpecError) as e:
        print(f"[lab] {e}")
        return 2
    where = paths.relative(edition.folder)
    print(f"[lab] student edition in {where}: {len(edition.lectures)} lectures, "
          f"{len(edition.exercises)} exercises, the kernel and its {len(edition.jars) - 1} classpath jars")
    needles = leaks.needles()
    report = leaks.scan(edition.folder, needles)
    if report.found:
        print(f"[lab] THE EDITION IS NOT FIT FOR STUDENTS: {len(report.found)} finding(s):")
        for finding in report.found[:40]:
            print(f"[lab]   {finding}")
        shutil.rmtree(edition.folder)
        print(f"[lab] {where} was removed")
        return 1
    print(f"[lab] checked {report.files} files and {report.entries} entries inside jars: no "
          f"solution, hidden check, grader or instructor kernel, and none of "
          f"{len(needles.strings)} searchable answer strings")
    print(f"[lab] students install the kernel with: python3 {where}/kernel/install.py --user "
          f"(see {where}/kernel/README.md)")
    return 0
