"""JupyterLab on the project: loopback only, a fresh token, everything in build/.

It serves the project folder and opens on notebooks/, so students reach the lectures and, beside
them, the exercises/ they work in (a JupyterLab cannot leave the folder it serves).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

from . import kernelspec, paths
from .kernel import START_TIMEOUT

READY_TIMEOUT = 90  # seconds for the server to answer (2–3 s on a warm machine)
HOST = "127.0.0.1"
# The folder the file browser opens on, inside the served one.
START_FOLDER = "notebooks"
# Hidden from the file browser, besides Jupyter's own defaults: what builds make.
HIDDEN = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "build", "target"]


class ServerError(Exception):
    """JupyterLab did not come up; the message says why and where its log is."""


def _write_settings(root: Path) -> None:
    """Server and JupyterLab settings, in the project's Jupyter config folder."""
    config = paths.JUPYTER_DIRS["JUPYTER_CONFIG_DIR"]
    # Only the course's kernel: the Python kernel that comes with JupyterLab stays hidden. The
    # instructor's kernel only where there are solutions to run on it.
    kernels = [kernelspec.NAME]
    if (root / paths.SOLUTIONS.name).is_dir():
        kernels.append(kernelspec.INSTRUCTOR_NAME)
    server = {
        "KernelSpecManager": {"allowed_kernelspecs": kernels},
        # A kernel start is given as long as the runner and the grader give it: on a loaded
        # machine a healthy start can take many seconds (the supervisor holds the front end's
        # requests meanwhile); it must be waited for, not given up.
        "MappingKernelManager": {"default_kernel_name": kernelspec.NAME,
                                 "kernel_info_timeout": START_TIMEOUT},
    }
    (config / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    # No news or update pop-ups: they need the internet and distract in class.
    labconfig = config / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    page = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
    (labconfig / "page_config.json").write_text(json.dumps(page, indent=2) + "\n")


def running_server(root: Path) -> dict | None:
    """A JupyterLab that an earlier ./lab started on this folder and that still answers."""
    from jupyter_server.serverapp import list_running_servers

    for server in list_running_servers(paths.JUPYTER_DIRS["JUPYTER_RUNTIME_DIR"]):
        if os.path.realpath(server.get("root_dir", "")) == os.path.realpath(root) \
                and _answers(server["url"], server.get("token", "")):
            return server
    return None


def _answers(url: str, token: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/api/status?token={token}", timeout=2):
            return True
    except (urllib.error.URLError, OSError):
        return False


def _free_port(first: int) -> int:
    for port in range(first, first + 50):
        with socket.socket() as s:
            # As the server will: a port a stopped server left in TIME_WAIT is free.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((HOST, port))
                return port
            except OSError:
                continue
    raise ServerError(f"no free port between {first} and {first + 49} on {HOST}")


def _refuse_busy(port: int) -> None:
    """Stops with cause and fix when another program holds the port asked for."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
            return
        except OSError as e:
            why = e.strerror or str(e)
    raise ServerError(f"port {port} on {HOST} cannot be used ({why}): another program has it. "
                      f"Choose another, e.g. ./lab --port {_free_port(port + 1)}, or leave --port "
                      "out to take the first free port from 8888.")


def _cause(log_path: Path) -> str:
    """The lines of a server's log that say why it stopped (its errors), as ": …", or ""."""
    try:
        lines = log_path.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    errors = [line.strip() for line in lines
              if line.startswith(("[E ", "[C ")) or "rror:" in line]
    return (": " + " / ".join(errors[-3:])) if errors else ""


def lab_command(port: int, token: str, root: Path) -> list[str]:
    """The command line of the JupyterLab server."""
    command = [sys.executable, "-m", "jupyterlab",
               f"--ServerApp.ip={HOST}", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
               f"--LabApp.default_url=/lab/tree/{START_FOLDER}",
               f"--ContentsManager.hide_globs={json.dumps(HIDDEN)}",
               # Nothing that needs the internet: news, update checks, the extension store.
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class="
               "jupyterlab.handlers.announcements.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly",
               # No language-server search: there is none for Java, and the search runs
               # `npm prefix -g`, which writes a log into ~/.npm.
               "--LanguageServerManager.autodetect=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def serve(open_browser: bool, port: int | None, say, root: Path | None = None,
          log_path: Path | None = None) -> int:
    """Starts JupyterLab on the project (or on root), prints its URL once it answers, and runs
    until Ctrl-C (or SIGTERM)."""
    root = Path(root or paths.ROOT).resolve()
    existing = running_server(root)
    if existing:
        url = f"{existing['url'].rstrip('/')}/lab/tree/{START_FOLDER}?token={existing.get('token', '')}"
        if port and port != existing.get("port"):
            raise ServerError(
                f"JupyterLab already serves this project on port {existing.get('port')} (pid "
                f"{existing.get('pid')}), so none was started on port {port}. Open that one: "
                f"{url} or stop it (Ctrl-C where it runs, or kill {existing.get('pid')}) and "
                f"run ./lab --port {port} again.")
        say(f"JupyterLab is already running (pid {existing.get('pid')}): {url}")
        if open_browser:
            webbrowser.open(url)
        return 0
    _write_settings(root)
    import secrets

    token = secrets.token_hex(24)
    if port:
        _refuse_busy(port)
    else:
        port = _free_port(8888)
    log_path = Path(log_path or paths.LOGS / "jupyterlab.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = lab_command(port, token, root)
    url = f"http://{HOST}:{port}/lab/tree/{START_FOLDER}?token={token}"
    with open(log_path, "w") as log:
        # Its own session: Ctrl-C reaches this process, which then stops the server cleanly.
        server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)

        def stop(*_):
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()

        # Ctrl-C, kill -INT and kill -TERM all end in the KeyboardInterrupt below, which stops
        # the server (also when a script started ./lab in the background, leaving SIGINT ignored).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            deadline = time.monotonic() + READY_TIMEOUT
            while not _answers(f"http://{HOST}:{port}", token):
                if server.poll() is not None:
                    raise ServerError(f"JupyterLab stopped at start (exit {server.returncode})"
                                      f"{_cause(log_path)}; the whole log: "
                                      f"{paths.relative(log_path)}")
                if time.monotonic() > deadline:
                    stop()
                    raise ServerError(f"JupyterLab did not answer within {READY_TIMEOUT} s; "
                                      f"see {paths.relative(log_path)}")
                time.sleep(0.2)
            say(f"JupyterLab is ready: {url}")
            where = "the project folder" if root == paths.ROOT.resolve() else paths.relative(root)
            say(f"serving {where} (lectures in {START_FOLDER}/) · log: "
                f"{paths.relative(log_path)} · stop with Ctrl-C")
            if open_browser:
                webbrowser.open(url)
            return server.wait()
        except KeyboardInterrupt:
            say("stopping JupyterLab …")
            stop()
            return 0
        finally:
            stop()
