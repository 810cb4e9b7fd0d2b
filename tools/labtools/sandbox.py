"""The grading kernel's sandbox: one submission's kernel, contained by the operating system.

The grading kernelspec (grading.py) starts every kernel as

    python -m labtools.sandbox CONNECTION_FILE -- python -m kernelguard.supervisor … -- java …

and this module turns that into bubblewrap (Debian's `bubblewrap`) around the supervised kernel:

- **What it sees**: the system's programs and libraries (/usr), a few files of /etc the JVM reads,
  the Python that runs the supervisor, the kernel's jars and agent, all read-only; an empty /tmp
  (a small tmpfs); and the folder of its connection file, where its sockets are. Not the project:
  no solutions, answer keys, exercises, submissions, grades or logs.
- **As whom**: when the grader runs as root, as the unprivileged user `nobody` (LAB_SANDBOX_USER
  names another); otherwise as the grader's own user. In new user, PID, network, IPC and UTS
  namespaces, with no capabilities and no_new_privs.
- **No network**: a network namespace of its own holds only its loopback device. The grader
  reaches the kernel through Unix sockets (ZeroMQ's ipc transport) in the connection file's folder.
- **No process outlives it**: the kernel is process 1's child in a PID namespace of its own; when
  the sandbox ends (the grader kills it, or the grader dies: --die-with-parent) the system ends
  every process in it. The supervisor also gives the JVM a seccomp filter that refuses to start
  processes at all (kernelguard/nochildren.py).
- **Limits**: processes and threads (RLIMIT_NPROC), file size, open files, no core dumps; memory
  by the JVM's own limits (heap, metaspace, direct buffers) in the grading kernelspec.

Everything the sandbox does not hold back is stated in the README ("Exercises and grading").
"""

import json
import os
import pwd
import resource
import shutil
import sys
from pathlib import Path

BWRAP = os.environ.get("LAB_BWRAP", "bwrap")
SETPRIV = "/usr/bin/setpriv"
USER = os.environ.get("LAB_SANDBOX_USER", "nobody")

# Files of /etc that a JVM, fontconfig (XChart's text) and the dynamic linker read.
ETC = ["ld.so.cache", "alternatives", "java-17-openjdk", "fonts", "localtime", "passwd", "group",
       "nsswitch.conf"]
# The environment the kernel gets: nothing else of the grader's passes in.
PASS_ENV = ("LANG", "LC_ALL", "RJK_", "KERNELGUARD_", "PYTHONPATH", "JAVA_TOOL_OPTIONS")

LIMITS = {
    resource.RLIMIT_NPROC: 512,               # processes and threads of the sandbox's user
    resource.RLIMIT_FSIZE: 16 * 1024 * 1024,  # no file it writes (in /tmp) grows past 16 MB
    resource.RLIMIT_NOFILE: 1024,
    resource.RLIMIT_CORE: 0,
}
TMP_BYTES = 32 * 1024 * 1024


class SandboxError(Exception):
    """The sandbox cannot be made on this machine; the message says what to install or allow."""


def available() -> str:
    """'' when sandboxes can be made here, else why not (checked by running one)."""
    if shutil.which(BWRAP) is None:
        return ("bubblewrap is missing: the grader runs each submission in a sandbox "
                "(Debian: apt-get install bubblewrap)")
    import subprocess
    probe = subprocess.run(command_for_probe(), capture_output=True, text=True,
                           preexec_fn=_limit)
    if probe.returncode != 0:
        return ("bubblewrap cannot make a sandbox here (user namespaces off?): "
                + (probe.stderr.strip() or f"exit code {probe.returncode}"))
    return ""


def command_for_probe() -> list[str]:
    return _layers(_view(None, []), ["/bin/true"])


def _view(folder: Path | None, readable) -> list[str]:
    """The file system the sandbox sees."""
    args = [*_system_files(), *_read_only(readable), "--dev", "/dev"]
    args += ["--bind", str(folder), str(folder)] if folder else []
    args += _links(readable)
    # An empty, small /tmp for everyone first, so that nothing bound under /tmp is hidden by it.
    return ["--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/tmp"] + _parents(args) + args


def _parents(args: list[str]) -> list[str]:
    """The folders above every bind, made first and traversable (bubblewrap would make them
    readable by root only)."""
    made = []
    for i, word in enumerate(args[:-1]):
        if word.startswith("--") and "bind" in word and i + 2 < len(args):
            made += [str(p) for p in reversed(Path(args[i + 2]).parents) if str(p) != "/"]
    return [a for p in dict.fromkeys(made) for a in ("--perms", "0755", "--dir", p)]


def _isolation() -> list[str]:
    """The namespaces, rights and environment of the sandbox's processes."""
    return ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--proc", "/proc", "--clearenv",
            "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--setenv", "PATH", "/usr/bin:/bin"]


def _layers(view: list[str], command: list[str], settings: list[str] = ()) -> list[str]:
    """bubblewrap around `command`. Run by root, two layers: the outer one, still root, makes the
    view (it can read what the grader can), then the sandbox's user takes over (setpriv) and
    the inner one, unprivileged, makes the namespaces over that view."""
    user = _sandbox_user()
    if user is None:
        return [BWRAP, *view, *_isolation(), *settings, "--", *command]
    uid, gid = user
    return [BWRAP, "--die-with-parent", *view, "--bind", "/proc", "/proc", "--", SETPRIV, f"--reuid={uid}", f"--regid={gid}",
            "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
            BWRAP, "--bind", "/", "/", "--dev", "/dev", *_isolation(), *settings, "--", *command]


def _system_files() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    for name in ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args


# Folders never bound whole into the sandbox, though a kernel command names them
# (-Djava.io.tmpdir=/tmp): the sandbox has its own.
NOT_BOUND = {"/", "/tmp", "/proc", "/dev", "/sys", "/etc", "/run", "/var", "/home", "/root"}


def _read_only(paths) -> list[str]:
    args = []
    for p in dict.fromkeys(str(Path(p).resolve()) for p in paths):
        if p not in NOT_BOUND and not p.startswith("/usr/"):
            args += ["--ro-bind", p, p]
    return args


def _links(paths) -> list[str]:
    """The symbolic links on the way to what is bound, made again in the sandbox (a project's
    .venv that links to a shared one is named by its link on the kernel's command line; the
    folder it leads to is bound read-only under its own name)."""
    args = []
    bound = [Path(b) for b in dict.fromkeys(str(Path(p).resolve()) for p in paths) if b not in NOT_BOUND]
    for p in dict.fromkeys(str(Path(p).absolute()) for p in paths):
        # The highest link only: what lies below it is reached through it.
        link = next((q for q in (*reversed(Path(p).parents), Path(p)) if q.is_symlink()), None)
        system = link is not None and str(link).startswith(("/usr/", "/bin/", "/sbin/", "/lib", "/etc/"))
        # A link inside a folder that is bound whole is there already, as a link.
        seen = link is not None and any(link == b or b in link.parents for b in bound)
        if link is not None and not system and not seen and str(link) not in args:
            args += ["--perms", "0755", "--dir", str(link.parent), "--symlink", os.readlink(link), str(link)]
    return args


def readable_paths(kernel_argv: list[str], env: dict) -> list[str]:
    """What the kernel command needs to read: every absolute path on it and in its environment
    (jars, the agent, the class archive's folder, the start-up snippet), and the Python that runs
    the supervisor."""
    found = [sys.base_prefix, sys.prefix]
    words = list(kernel_argv)
    for key, value in env.items():
        if key.startswith(("RJK_CLASSPATH", "RJK_INIT_SCRIPT", "PYTHONPATH")):
            words += value.replace(";", os.pathsep).split(os.pathsep)
    for word in words:
        for part in word.split("=")[-1].split(":"):
            if part.startswith("/") and os.path.exists(part):
                found.append(part)
    return found


def bwrap_command(connection_file: Path, kernel_argv: list[str], env: dict) -> list[str]:
    """The whole command: bubblewrap, its view of the system, then the kernel command."""
    folder = connection_file.resolve().parent
    readable = [p for p in readable_paths(kernel_argv, env) if not Path(p).resolve().is_relative_to(folder)]
    settings = ["--chdir", str(folder)]
    for key, value in env.items():
        if key.startswith(PASS_ENV):
            settings += ["--setenv", key, value]
    return _layers(_view(folder, readable), kernel_argv, settings)


def _sandbox_user():
    """(uid, gid) to run as: `nobody` (or LAB_SANDBOX_USER) for root, else None (stay)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(USER)
    except KeyError as e:
        raise SandboxError(f"the sandbox's user {USER!r} does not exist (LAB_SANDBOX_USER)") from e
    if entry.pw_uid == 0:
        raise SandboxError(f"the sandbox's user {USER!r} is root: name an unprivileged one")
    return entry.pw_uid, entry.pw_gid


def _limit() -> None:
    os.umask(0o022)  # the folders bubblewrap makes for the view must be traversable
    for limit, value in LIMITS.items():
        resource.setrlimit(limit, (value, value))


def hand_over(folder: Path) -> None:
    """Gives the connection file's folder (and what is in it) to the sandbox's user: the kernel
    reads its connection file and makes its sockets there, and nobody else can."""
    user = _sandbox_user()
    if user:
        for p in [folder, *folder.iterdir()]:
            os.chown(p, *user, follow_symlinks=False)
    folder.chmod(0o700)


def folder(root: Path) -> Path:
    """A fresh folder for one kernel's connection file and sockets, in `root` (made traversable
    but not listable, so that the sandbox's user can reach its own folder and see no other)."""
    import tempfile
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o711)
    return Path(tempfile.mkdtemp(prefix="kernel-", dir=root))


def namespace_of(pid: int) -> str:
    """The PID namespace of the sandbox started as process `pid`: the first one below it that is
    not the grader's own (the sandbox's processes live in it); '' when there is none (yet, or
    any more)."""
    own = os.readlink("/proc/self/ns/pid")
    todo = [pid]
    while todo:
        p = todo.pop(0)
        try:
            namespace = os.readlink(f"/proc/{p}/ns/pid")
            if namespace != own:
                return namespace
            todo += [int(c) for t in os.listdir(f"/proc/{p}/task")
                     for c in Path(f"/proc/{p}/task/{t}/children").read_text().split()]
        except OSError:
            pass
    return ""


def processes_in(namespace: str) -> list[int]:
    """Every process still running in a PID namespace (never the grader's own)."""
    if not namespace or namespace == os.readlink("/proc/self/ns/pid"):
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "ns" / "pid") == namespace:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m labtools.sandbox CONNECTION_FILE -- KERNEL COMMAND…", file=sys.stderr)
        return 2
    connection_file, kernel_argv = Path(argv[0]), argv[2:]
    transport = json.loads(connection_file.read_text()).get("transport")
    if transport != "ipc":
        print(f"labtools.sandbox: the connection file must use the ipc transport, not {transport!r} "
              "(a sandbox has no network to the grader)", file=sys.stderr)
        return 2
    try:
        hand_over(connection_file.resolve().parent)
        command = bwrap_command(connection_file, kernel_argv, dict(os.environ))
        _limit()
    except (SandboxError, OSError) as e:
        print(f"labtools.sandbox: {e}", file=sys.stderr)
        return 2
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
