"""The project's kernelspec "Java (Backprop Lab)": the ONE place where kernel.json is made.

The kernel is rapaio-jupyter-kernel (fetched by Maven, see kernel/pom.xml) unless the user points
the project at another IJava-family kernel jar (`./lab kernel use JAR`). Whichever it is, the
notebooks' classpath (build/kernel/classpath: the library, its dependencies, JUnit's assertions)
is handed to it through the kernel's own classpath variable, so notebooks need no magics.

Every kernel is started through the kernel supervisor (kernelguard/README.md): kernel.json names
`python -m kernelguard.supervisor ... -- java ... -jar KERNEL.jar`, so JupyterLab's kernels, the
notebook runner's and the grader's all get health-checked starts and interrupts that stop the cell
(or restart the kernel, and say so) instead of leaving a kernel that silently runs nothing.
"""

import json
import os
import shutil
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import java, paths

NAME = "backprop-lab"
DISPLAY_NAME = "Java (Backprop Lab)"
INSTRUCTOR_NAME = "backprop-lab-instructor"
INSTRUCTOR_DISPLAY_NAME = "Java (Backprop Lab · instructor)"
RAPAIO_VERSION = "3.0.1"
DEFAULT_JAR = paths.KERNEL_DIR / f"rapaio-jupyter-kernel-{RAPAIO_VERSION}.jar"
# A user's choice of another kernel jar (./lab kernel use JAR) survives rebuilds of the spec.
CHOICE_FILE = paths.BUILD / "kernel-choice.txt"
# Options for the kernel's JVM: charts drawn off-screen; numbers printed as in the course texts
# (0.288, not 0,288, whatever the machine's language); a bounded heap; the JDK's Vector API, so
# that FastSgd in a notebook runs on its fastest kernels (Java prints a one-line warning
# about the incubator module to the kernel's log, not to a cell).
JVM_OPTIONS = ["-Djava.awt.headless=true", "-Duser.language=en", "-Duser.country=US", "-Xmx2g",
               "--add-modules", "jdk.incubator.vector"]


class KernelSpecError(Exception):
    """A kernelspec cannot be made: the message says what is missing and what to do."""


@dataclass(frozen=True)
class Engine:
    """How one family of Java kernels is started and given a classpath."""

    name: str
    main_class_prefix: str
    classpath_variable: str
    classpath_separator: str
    extra_jvm_options: tuple = ()
    # The variable naming a file the kernel runs as one snippet at start (STARTUP), or None.
    startup_variable: str | None = None


# Interrupts never reach the kernel itself whatever the family: the supervisor handles them.
ENGINES = (
    Engine("rapaio-jupyter-kernel", "org.rapaio.jupyter.", "RJK_CLASSPATH", ";",
           startup_variable="RJK_INIT_SCRIPT"),
    Engine("IJava", "io.github.spencerpark.ijava.", "IJAVA_CLASSPATH", os.pathsep),
    Engine("JJava", "org.dflib.jjava.", "JJAVA_CLASSPATH", os.pathsep,
           ("--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED")),
)


def engine_of(jar: Path) -> Engine:
    """The kernel family of a jar, from the Main-Class of its manifest."""
    if not jar.is_file():
        raise KernelSpecError(f"kernel jar not found: {jar}")
    try:
        with zipfile.ZipFile(jar) as z:
            manifest = z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError) as e:
        raise KernelSpecError(f"{jar} is not a runnable jar (no manifest): {e}") from None
    main = ""
    for line in manifest.splitlines():
        if line.startswith("Main-Class:"):
            main = line.split(":", 1)[1].strip()
    for engine in ENGINES:
        if main.startswith(engine.main_class_prefix):
            return engine
    known = ", ".join(e.name for e in ENGINES)
    raise KernelSpecError(
        f"{jar} has Main-Class '{main or '(none)'}', which is none of the kernels this project "
        f"knows ({known}). For JJava, give the kernel jar (jjava.jar), not the launcher.")


# What the kernel runs at start: the watch that reports, in the cell that defines a method, a
# name it uses that is declared nowhere (backprop.check.Unresolved). One statement (rapaio runs the
# file as one snippet), and one that cannot fail: a kernel must start even without the library.
STARTUP = ('try { Class.forName("backprop.check.Unresolved").getMethod("watch").invoke(null); }'
           ' catch (Throwable notThere) { }\n')
STARTUP_FILE = paths.KERNEL_DIR / "startup.jsh"


def startup_file(target: Path = STARTUP_FILE) -> Path:
    """Writes the start-up snippet (when it differs); returns its path."""
    if not target.is_file() or target.read_text() != STARTUP:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(STARTUP)
    return target


def chosen_jar() -> Path:
    """The kernel jar in use: the user's choice if any, else the rapaio jar Maven fetched."""
    if CHOICE_FILE.is_file():
        return Path(CHOICE_FILE.read_text().strip())
    return DEFAULT_JAR


def choose_jar(jar: Path | None) -> None:
    """Remembers another kernel jar (None: back to the default rapaio kernel)."""
    if jar is None:
        CHOICE_FILE.unlink(missing_ok=True)
        return
    jar = jar.resolve()
    engine_of(jar)  # fails loudly on a jar we cannot use
    CHOICE_FILE.parent.mkdir(parents=True, exist_ok=True)
    CHOICE_FILE.write_text(f"{jar}\n")


def java_executable() -> str:
    """The java to start kernels with (the project's one rule: labtools.java)."""
    try:
        return java.java_executable()
    except java.JavaMissing as e:
        raise KernelSpecError(str(e)) from None


def classpath_jars(instructor: bool = False) -> list[Path]:
    """The jars a notebook can use, as Maven assembled them (sorted: a stable kernel.json); with
    the grader for the instructor's kernel."""
    jars = sorted(paths.KERNEL_CLASSPATH.glob("*.jar"))
    if not any(j.name.startswith("backprop-core-") for j in jars):
        raise KernelSpecError(
            f"the library is missing from {paths.relative(paths.KERNEL_CLASSPATH)}: "
            "build it first (./lab does, or: mvn -B package -DskipTests)")
    if instructor:
        grader = sorted(paths.INSTRUCTOR_CLASSPATH.glob("*.jar"))
        if not grader:
            raise KernelSpecError(
                f"the grader is missing from {paths.relative(paths.INSTRUCTOR_CLASSPATH)}: "
                "build it first (./lab does, or: mvn -B package -DskipTests)")
        jars += grader
    return jars


def name_for(notebook: Path) -> str:
    """The kernelspec a notebook of the project runs on: the instructor's for solution notebooks."""
    return INSTRUCTOR_NAME if paths.SOLUTIONS in Path(notebook).resolve().parents else NAME


def metadata(name: str) -> dict:
    """A notebook's kernelspec metadata for one of the project's kernels."""
    display = INSTRUCTOR_DISPLAY_NAME if name == INSTRUCTOR_NAME else DISPLAY_NAME
    return {"name": name, "display_name": display, "language": "java"}


def plain_kernel_json(jar: Path | None = None, instructor: bool = False) -> dict:
    """kernel.json for a kernel jar (default: the one in use) as the kernel alone would start:
    its JVM, options and classpath. Not used as such: see kernel_json() and supervised()."""
    jar = (jar or chosen_jar()).resolve()
    if jar == DEFAULT_JAR.resolve() and not jar.is_file():
        raise KernelSpecError(
            f"the kernel jar is missing ({paths.relative(jar)}): Maven fetches it when the "
            "project is built (./lab does, or: mvn -B package -DskipTests)")
    return _plain(engine_of(jar), java_executable(), str(jar),
                  [str(j) for j in classpath_jars(instructor)], instructor, str(startup_file()))


def _plain(engine: Engine, java: str, jar: str, classpath: list[str], instructor: bool,
           startup: str) -> dict:
    env = {engine.classpath_variable: engine.classpath_separator.join(classpath)}
    if engine.startup_variable:
        env[engine.startup_variable] = startup
    return {
        "argv": [java, *JVM_OPTIONS, *engine.extra_jvm_options, "-jar", jar, "{connection_file}"],
        "display_name": INSTRUCTOR_DISPLAY_NAME if instructor else DISPLAY_NAME,
        "language": "java",
        "env": env,
        "metadata": {"backprop_lab": {"engine": engine.name, "jar": jar}},
    }


# The placeholders of portable_kernel_json(), filled in where the kernel is installed.
KERNEL_DIR_MARK, JAVA_MARK, PYTHON_MARK, CDS_MARK = "@KERNEL_DIR@", "@JAVA@", "@PYTHON@", "@CDS_DIR@"


def portable_kernel_json() -> dict:
    """The students' kernelspec for a copy of the kernel outside this clone (the student
    edition's kernel/ folder, see edition.py): rapaio-jupyter-kernel with exactly the notebooks'
    classpath, started through the supervisor, as kernel_json() makes it here, but with
    placeholders where this machine's paths would be: @KERNEL_DIR@ (the folder holding the
    kernel jar, classpath/, the agent and the supervisor's package), @JAVA@, @PYTHON@ (the
    Python that runs the supervisor) and @CDS_DIR@ (the folder of the kernel's class archive).
    The edition's kernel/install.py fills them in."""
    from kernelguard import spec as guard

    if not DEFAULT_JAR.is_file():
        raise KernelSpecError(
            f"the kernel jar is missing ({paths.relative(DEFAULT_JAR)}): build the project first "
            "(./lab does, or: mvn -B package -DskipTests)")
    classpath = [f"{KERNEL_DIR_MARK}/classpath/{j.name}" for j in classpath_jars()]
    plain = _plain(engine_of(DEFAULT_JAR), JAVA_MARK, f"{KERNEL_DIR_MARK}/{DEFAULT_JAR.name}",
                   classpath, instructor=False, startup=f"{KERNEL_DIR_MARK}/{STARTUP_FILE.name}")
    spec = guard.wrap(plain, python=PYTHON_MARK, agent_jar=f"{KERNEL_DIR_MARK}/{paths.AGENT_JAR.name}",
                      cds_dir=CDS_MARK, extra_args=["--docs", f"{KERNEL_DIR_MARK}/javadoc.json"])
    spec["env"]["PYTHONPATH"] = KERNEL_DIR_MARK  # the supervisor's package sits in kernel/
    return spec


def supervised(spec: dict, extra_args=()) -> dict:
    """A plain Java kernelspec started through the kernel supervisor (kernelguard.supervisor):
    the project's .venv Python runs it, with the cell-stopper agent and a class archive of the
    kernel in build/kernel/cds (faster starts). Its interrupt_mode is "message"; the supervisor
    takes SIGINT as an interrupt too."""
    from kernelguard import spec as guard

    if not paths.AGENT_JAR.is_file():
        raise KernelSpecError(
            f"the kernel's cell-stopper agent is missing ({paths.relative(paths.AGENT_JAR)}): "
            "Maven builds it with the library (./lab does, or: mvn -B package -DskipTests)")
    from . import javadoc

    docs = ["--docs", str(javadoc.write())]  # the library's Javadoc on Shift+Tab
    return guard.wrap(spec, python=str(paths.VENV_PYTHON), agent_jar=str(paths.AGENT_JAR),
                      cds_dir=str(paths.KERNEL_DIR / "cds"), extra_args=[*docs, *extra_args])


def kernel_json(jar: Path | None = None, instructor: bool = False) -> dict:
    """The content of kernel.json for a kernel jar (default: the one in use), supervised."""
    return supervised(plain_kernel_json(jar, instructor))


def spec_dir(name: str = NAME) -> Path:
    """A kernelspec folder of the project's (found by Jupyter through JUPYTER_PATH)."""
    return paths.JUPYTER_DIRS["JUPYTER_PATH"] / "kernels" / name


def write(jar: Path | None = None) -> Path:
    """Writes the project's kernelspecs, the students' and the instructor's; returns the
    students' kernel.json."""
    for name in (NAME, INSTRUCTOR_NAME):
        spec = kernel_json(jar, instructor=name == INSTRUCTOR_NAME)
        target = spec_dir(name) / "kernel.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(spec, indent=2) + "\n"
        if not target.is_file() or target.read_text() != text:
            target.write_text(text)
    return spec_dir(NAME) / "kernel.json"


@contextmanager
def _users_own_jupyter():
    """Within it, Jupyter uses the user's own folders instead of the project's."""
    saved = {name: os.environ.pop(name) for name in paths.JUPYTER_DIRS if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def install_for_user() -> Path:
    """Opt-in: installs the same kernelspec into the user's own Jupyter (~/.local/share/jupyter).

    It points at this clone's build folder, so it works while the clone is there and built.
    """
    from jupyter_client.kernelspec import KernelSpecManager

    source = write()
    with _users_own_jupyter():
        return Path(KernelSpecManager().install_kernel_spec(
            str(source.parent), kernel_name=NAME, user=True, replace=True))


def uninstall_for_user() -> Path | None:
    """Removes what install_for_user put in the user's Jupyter; None if it was not there."""
    from jupyter_client.kernelspec import KernelSpecManager

    with _users_own_jupyter():
        user_dir = Path(KernelSpecManager().user_kernel_dir) / NAME
        if not user_dir.is_dir():
            return None
        shutil.rmtree(user_dir)
        return user_dir
