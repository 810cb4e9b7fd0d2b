"""The kernel's class archive (JVM class-data sharing, --cds-dir): an archive of the classes a
kernel start loads, which makes every start that uses it about a third cheaper in CPU.

The archive is named after the java executable, the jars and the -X options of the kernel
command, so a changed kernel gets a new one. When a start finds none, the first healthy kernel
has it written in the background: a detached helper (`python -m kernelguard.supervisor
--write-cds ARCHIVE -- KERNEL COMMAND...`, at the lowest priority, bounded in time) runs a second
JVM of the kernel, lets it load what a start loads, ends it with SIGTERM (on which the JVM writes
the archive) and puts the archive in place. A lock file makes it once per machine and kernel.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

from .config import ZMQ_THREAD_PREFIXES, log
from .ports import free_ports

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
QUIET = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]


class ClassArchive:
    """The archive of one supervisor's kernel: used by every start once it exists."""

    def __init__(self, directory):
        self.directory = directory
        self.wanted = None   # (archive, kernel argv) when a start found no archive
        self.lock = None     # the lock file this supervisor holds while its helper writes

    def jvm_options(self, argv):
        """The JVM options that make a start of the kernel command `argv` use the archive; none
        (and the archive wanted) while it does not exist."""
        archive = self.path_for(argv)
        if archive and os.path.isfile(archive):
            return ["-XX:SharedArchiveFile=" + archive] + QUIET
        if archive:
            self.wanted = (archive, list(argv))
        return []

    def path_for(self, argv):
        h = hashlib.sha1()
        exe = shutil.which(argv[0]) or argv[0]
        # The jars the command names (an option naming one, such as -javaagent:x.jar, is an
        # -X-like option of the JVM: the archive is checked against the jars it loads anyway).
        for path in [exe] + [a for a in argv[1:] if a.endswith(".jar") and not a.startswith("-")]:
            try:
                st = os.stat(path)
                h.update(("%s|%d|%d;" % (os.path.realpath(path), st.st_size, int(st.st_mtime))).encode())
            except (OSError, TypeError):
                return None
        h.update(" ".join(a for a in argv[1:] if a.startswith("-X")).encode())
        os.makedirs(self.directory, exist_ok=True)
        return os.path.join(self.directory, "kernel-%s.jsa" % h.hexdigest()[:16])

    def claim(self, archive):
        """True if this supervisor may write the archive (no other helper is writing it)."""
        lock = archive + ".lock"
        try:
            if time.time() - os.stat(lock).st_mtime > 600:
                os.unlink(lock)  # a stale claim
        except OSError:
            pass
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            self.lock = lock
            return True
        except OSError:
            return False

    def start_writer(self, outer, inner_conn_file):
        """Starts the helper if an archive is wanted and nobody writes it yet. `outer` is the
        supervisor's connection (the helper's kernel gets its key and ports of its own),
        `inner_conn_file` the connection file in the kernel command, replaced by the helper's."""
        wanted, self.wanted = self.wanted, None
        if not wanted:
            return
        archive, argv = wanted
        if os.path.isfile(archive) or not self.claim(archive):
            return
        ports = free_ports(5)
        conn = dict(outer, shell_port=ports[0], iopub_port=ports[1], stdin_port=ports[2],
                    control_port=ports[3], hb_port=ports[4], ip="127.0.0.1", transport="tcp")
        conn_file = archive + ".conn.json"
        fd = os.open(conn_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(conn, f)
        jvm = [conn_file if a == inner_conn_file else a for a in argv]
        helper = [sys.executable, "-m", "kernelguard.supervisor", "--write-cds", archive, "--", *jvm]
        pythonpath = [os.path.dirname(PACKAGE_DIR)] + (
            [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])
        try:
            p = subprocess.Popen(helper, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True,
                                 env=dict(os.environ, PYTHONPATH=os.pathsep.join(pythonpath)))
            log("writing a class archive of the kernel in the background (pid %d)" % p.pid)
        except OSError as e:
            log("no class archive:", e)
            for f in (conn_file, self.lock):
                try:
                    os.unlink(f)
                except (OSError, TypeError):
                    pass


def write_now(directory, argv, connection_file):
    """Writes the archive of the kernel command `argv` (whose connection file is
    `connection_file`) into `directory` and waits for it: for a kernel that cannot write its own,
    such as the grader's, whose sandbox has the archive's folder read-only. Returns the archive's
    path, or None when the command has none."""
    known = ClassArchive(directory)
    archive = known.path_for(argv)
    if archive is None or os.path.isfile(archive):
        return archive
    if not known.claim(archive):  # another process writes it already
        return None
    ports = free_ports(5)
    conn = {"shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2], "control_port": ports[3],
            "hb_port": ports[4], "ip": "127.0.0.1", "transport": "tcp", "key": os.urandom(16).hex(),
            "signature_scheme": "hmac-sha256"}
    conn_file = archive + ".conn.json"
    fd = os.open(conn_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(conn, f)
    jvm = [conn_file if a == connection_file else a for a in argv]
    pythonpath = [os.path.dirname(PACKAGE_DIR)] + (
        [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])
    subprocess.run([sys.executable, "-m", "kernelguard.supervisor", "--write-cds", archive, "--", *jvm],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, PYTHONPATH=os.pathsep.join(pythonpath)), timeout=120)
    return archive if os.path.isfile(archive) else None


def write(archive, jvm_argv):
    """The detached helper: runs the kernel's JVM once with -XX:ArchiveClassesAtExit, ends it
    with SIGTERM once it has started (or after 60 s), moves the archive into place."""
    try:
        os.nice(19)
    except OSError:
        pass
    tmp = "%s.%d.tmp" % (archive, os.getpid())
    conn_file = archive + ".conn.json"
    argv = list(jvm_argv)
    argv[1:1] = ["-XX:ArchiveClassesAtExit=" + tmp] + QUIET
    if any(a.startswith("-javaagent:") for a in argv):
        # An agent named by the command (the grading guard) must be allowed while archiving.
        argv[1:1] = ["-XX:+UnlockDiagnosticVMOptions", "-XX:+AllowArchivingWithJavaAgent"]
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, close_fds=True)
        t0, seen = time.monotonic(), None
        while proc.poll() is None and time.monotonic() - t0 < 60:
            if seen is None:
                try:
                    for t in os.listdir("/proc/%d/task" % proc.pid):
                        with open("/proc/%d/task/%s/comm" % (proc.pid, t)) as f:
                            if f.read().startswith(ZMQ_THREAD_PREFIXES):
                                seen = time.monotonic()  # it has loaded what a start loads
                except OSError:
                    pass
            elif time.monotonic() - seen > 1.0:
                break
            time.sleep(0.2)
        if proc.poll() is None:
            proc.terminate()  # SIGTERM: the JVM writes its archive as it exits
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if os.path.isfile(tmp) and os.path.getsize(tmp) > 0:
            os.replace(tmp, archive)
    finally:
        for f in (tmp, conn_file, archive + ".lock"):
            try:
                os.unlink(f)
            except OSError:
                pass
