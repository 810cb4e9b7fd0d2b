"""python -m labtools COMMAND: the Jupyter side of ./lab (see `./lab help`)."""

import argparse
import asyncio
import os
import sys
from pathlib import Path

from . import paths

paths.use_project_jupyter_dirs()  # before anything of Jupyter's is imported

from . import kernelspec  # noqa: E402  (the rest is imported by the commands that use it)


def notebooks_under(folder: Path) -> list[Path]:
    """The notebooks in a folder and below, leaving out build output and Jupyter's checkpoints."""
    return [p for p in sorted(folder.resolve().rglob("*.ipynb"))
            if not set(p.relative_to(folder.resolve()).parts[:-1]) & paths.NOT_NOTEBOOK_DIRS]


def find_notebooks() -> list[Path]:
    """Every notebook of the repository (not the checker's deliberately broken test fixtures)."""
    return [p for p in notebooks_under(paths.ROOT) if paths.TEST_FIXTURES not in p.parents]


def notebook_args(names: list[str]) -> list[Path]:
    """The notebooks named on the command line (all of notebooks/ when none)."""
    if not names:
        return [p for p in find_notebooks() if paths.NOTEBOOKS in p.parents]
    found = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += notebooks_under(path)
        elif path.suffix != ".ipynb":
            raise SystemExit(f"[lab] {name} is not a notebook (.ipynb)")
        elif not path.is_file():
            raise SystemExit(f"[lab] {name}: no such notebook")
        else:
            found.append(path.resolve())
    return found


async def _run_all(notebooks, progress, timeout, check_outputs):
    import nbformat

    from . import checks, execute, pages

    results = []
    for path in notebooks:
        progress.start(paths.relative(path))
        try:
            nbformat.read(path, as_version=4)
        except Exception as e:  # not JSON, not a notebook: say so, run the others
            problem = f"{paths.relative(path)} cannot be read as a notebook: {e}"
            results.append((path, None, [problem]))
            continue
        run = await execute.run_notebook(path, progress, timeout=timeout)
        problems = [] if run.ok else [run.failure.describe(paths.relative(path))]
        if run.ok and check_outputs:
            problems += [f"{paths.relative(path)}, {p}" for p in checks.problems(run.notebook)]
        pages.write(run)
        progress.finish(paths.relative(path), run, problems)
        results.append((path, run, problems))
    pages.write_index()
    return results


def cmd_run(args) -> int:
    """Executes notebooks, writes build/notebooks/*.ipynb and *.html; fails on a failing cell."""
    notebooks = notebook_args(args.notebooks)
    if not notebooks:
        print("[lab] no notebooks to run")
        return 0
    from .progress import Progress

    kernelspec.write()
    results = asyncio.run(_run_all(notebooks, Progress(), args.timeout, check_outputs=False))
    failed = [r for r in results if r[2]]
    for _, _, problems in failed:
        print("\n" + "\n".join(problems), file=sys.stderr)
    print(f"[lab] pages: {paths.relative(paths.OUTPUT / 'index.html')}")
    if any(paths.SOLUTIONS in p.parents for p in notebooks):
        print(f"[lab] solution pages (not in the lectures' index): {paths.relative(paths.SOLUTION_PAGES)}/")
    print(f"notebooks: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def cmd_test(args) -> int:
    """The notebook tests: the stored-output policy, then every notebook run and checked."""
    notebooks = find_notebooks()
    if not notebooks:
        print("[lab] no notebooks in the repository")
        return 1
    from . import policy
    from .progress import Progress

    stored = {p: policy.problems(p) for p in notebooks}
    kernelspec.write()
    # Exercises fail until a student solves them; the grader's tests (tools/tests/test_grading.py)
    # grade both exercises/ and solutions/. Here they are only held to the stored-output policy.
    runnable = [p for p in notebooks if not any(g in p.parents for g in paths.GRADED)]
    results = asyncio.run(_run_all(runnable, Progress(), args.timeout, check_outputs=True))
    failed = {path: problems for path, _, problems in results if problems}
    for path, problems in stored.items():
        if problems:
            failed.setdefault(path, []).extend(
                f"{paths.relative(path)} {p} (committed notebooks are stored without outputs, "
                f"on the project's kernel: ./lab strip {paths.relative(path)})" for p in problems)
    for problems in failed.values():
        print("\n" + "\n".join(problems), file=sys.stderr)
    print(f"notebooks: {len(notebooks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def cmd_grade_kernel(args) -> int:
    """For the grader (./lab grade): runs one submission's cells, JSON in on stdin, JSON out."""
    from . import grading

    return grading.main_grade_kernel()


def cmd_kernel_stress(argv: list[str]) -> int:
    """The kernel's stress measurements (kernelguard.stress) on the project's kernelspec.

    The comparison kernelspecs of kernelguard's own measurements (kernelguard-bare: rapaio alone;
    kernelguard-restart: supervised, no agent; kernelguard: supervised rapaio without the
    notebooks' classpath) can be named with --kernel; they live in build/kernelguard/jupyter,
    out of JupyterLab's sight.
    """
    from kernelguard import spec as guard_spec
    from kernelguard import stress

    kernelspec.write()
    share = paths.BUILD / "kernelguard" / "jupyter"
    guard_spec.write_measurement_specs(share, kernelspec.java_executable(),
                                       kernelspec.DEFAULT_JAR.resolve(), paths.AGENT_JAR,
                                       python=str(paths.VENV_PYTHON),
                                       cds_dir=paths.KERNEL_DIR / "cds")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([os.environ["JUPYTER_PATH"], str(share)])
    return stress.main(["--kernel", kernelspec.NAME,
                        "--log-dir", str(paths.BUILD / "kernelguard" / "stress-logs"), *argv])


def cmd_strip(args) -> int:
    from . import policy

    for path in notebook_args(args.notebooks):
        changed = policy.strip(path)
        print(f"[lab] {paths.relative(path)}: {'stripped' if changed else 'already clean'}")
    return 0


def cmd_kernel(args) -> int:
    """Shows or changes the kernel behind "Java (Backprop Lab)"."""
    if args.action == "use":
        kernelspec.choose_jar(Path(args.jar))
    elif args.action == "default":
        kernelspec.choose_jar(None)
    elif args.action == "install":
        print(f"[lab] installed for your own Jupyter: {kernelspec.install_for_user()}")
        print("[lab] it uses this clone's build/ folder: remove it with ./lab kernel uninstall")
        return 0
    elif args.action == "uninstall":
        removed = kernelspec.uninstall_for_user()
        print(f"[lab] removed {removed}" if removed else "[lab] it was not installed")
        return 0
    spec = kernelspec.write()
    info = kernelspec.kernel_json()["metadata"]["backprop_lab"]
    print(f"[lab] {kernelspec.DISPLAY_NAME}: {info['engine']} ({info['jar']})")
    print(f"[lab] kernelspec: {paths.relative(spec)}")
    return 0


def cmd_student_edition(args) -> int:
    """The students' course folder, checked file by file (see edition.py)."""
    from . import edition

    return edition.main(args.out)


def cmd_lab(args) -> int:
    from . import server

    print("[lab] Starting JupyterLab on the project, open on notebooks/ (loopback only)", flush=True)
    kernelspec.write()
    info = kernelspec.kernel_json()["metadata"]["backprop_lab"]
    print(f"[lab] kernel \"{kernelspec.DISPLAY_NAME}\": {info['engine']} "
          f"({paths.relative(Path(info['jar']))})", flush=True)
    return server.serve(open_browser=not args.no_browser, port=args.port,
                        say=lambda line: print(f"[lab] {line}", flush=True),
                        root=args.root, log_path=args.log)


def port_number(text: str) -> int:
    """--port's value: a TCP port this user may open (1–65535; below 1024 only as root)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number: give a whole number "
                                         "from 1024 to 65535, e.g. --port 8890") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: ports run from 1 to 65535 "
                                         "(e.g. --port 8890)")
    if port < 1024 and hasattr(os, "geteuid") and os.geteuid() != 0:
        raise argparse.ArgumentTypeError(f"port {port} is below 1024, which only root may open: "
                                         "choose one from 1024 to 65535 (e.g. --port 8890)")
    return port


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["kernel-stress"]:  # its options are kernelguard.stress's own
        return cmd_kernel_stress(argv[1:])
    # prog: what a person typed, ./lab (this module is how ./lab runs them)
    parser = argparse.ArgumentParser(prog="./lab")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="execute notebooks and write their pages")
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("test", help="run and check every notebook of the repository")
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    p.set_defaults(func=cmd_test)
    p = sub.add_parser("strip", help="remove outputs from notebooks")
    p.add_argument("notebooks", nargs="*")
    p.set_defaults(func=cmd_strip)
    p = sub.add_parser("kernel", help="show or change the kernel")
    p.add_argument("action", nargs="?", default="show",
                   choices=["show", "use", "default", "install", "uninstall"])
    p.add_argument("jar", nargs="?")
    p.set_defaults(func=cmd_kernel)
    sub.add_parser("kernel-stress", help="measure the kernel: starts, interrupts "
                   "(options: python -m kernelguard.stress --help)")
    p = sub.add_parser("grade-kernel", help="for ./lab grade: run cells, JSON on stdin and stdout")
    p.set_defaults(func=cmd_grade_kernel)
    p = sub.add_parser("student-edition", help="the students' course folder, without answers")
    p.add_argument("out", type=Path)
    p.set_defaults(func=cmd_student_edition)
    # ./lab alone starts JupyterLab: its usage reads ./lab [--no-browser] [--port PORT].
    p = sub.add_parser("lab", prog="./lab", help="start JupyterLab on the project, open on notebooks/")
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--port", type=port_number)
    # For the browser tests: a copy of the project's notebooks instead of the project, its own log.
    p.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_lab)
    args = parser.parse_args(argv)
    if getattr(args, "action", None) == "use" and not args.jar:
        parser.error("kernel use needs the path of a kernel jar")
    from .server import ServerError

    try:
        return args.func(args)
    except (kernelspec.KernelSpecError, ServerError) as e:
        print(f"[lab] {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
