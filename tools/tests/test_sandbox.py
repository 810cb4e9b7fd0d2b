"""The grading kernel's sandbox, on the real kernel: what a hostile cell can and cannot do.

One sandboxed kernel runs a row of hostile cells (grading.run_cells, as the grader runs a
submission); each test then checks one cell's outcome and the world around it: another student's
notebook and the grader's output folder byte for byte, the processes left, the guard's reports.
"""

import asyncio
import hashlib
import os
import pwd
import socket
import subprocess
import tempfile
import unittest
from pathlib import Path

from labtools import grading, paths, sandbox

ROOT = Path(__file__).resolve().parents[2]


def java_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class SandboxTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        why = sandbox.available()
        if why:
            raise AssertionError(f"the grader's sandbox cannot run here: {why}")
        paths.use_project_jupyter_dirs()
        grading.write_spec()
        cls.tmp = tempfile.TemporaryDirectory()
        world = Path(cls.tmp.name)
        world.chmod(0o755)  # as open as a careless instructor's folder
        cls.victim = world / "bob" / "03-activations.ipynb"
        cls.victim.parent.mkdir()
        cls.victim.write_text('{"cells": []}\n')
        cls.victim.chmod(0o666)
        cls.grades = world / "grades"
        cls.grades.mkdir(mode=0o777)
        (cls.grades / "grades.csv").write_text("student,total\nbob,8\n")
        cls.before = {p: sha256(p) for p in (cls.victim, cls.grades / "grades.csv")}
        cls.listener = socket.socket()
        cls.listener.bind(("127.0.0.1", 0))
        cls.listener.listen(1)
        port = cls.listener.getsockname()[1]
        key = ROOT / "solutions" / "03-activations.answers.json"
        cls.cells = {
            "who": 'System.out.println(System.getProperty("user.name"));',
            "key": f"System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of({java_string(str(key))})));",
            "project": f"System.out.println(String.join(\",\", new java.io.File({java_string(str(ROOT))}).list()));",
            "overwrite": f"java.nio.file.Files.writeString(java.nio.file.Path.of({java_string(str(cls.victim))}), \"0/8\");",
            "ghost": f"java.nio.file.Files.writeString(java.nio.file.Path.of({java_string(str(cls.grades / 'ghost.html'))}), \"x\");",
            "loopback": f'new java.net.Socket("127.0.0.1", {port}).close(); System.out.println("connected");',
            "network": 'new java.net.Socket("192.0.2.1", 80).close(); System.out.println("connected");',
            "setsid": 'new ProcessBuilder("setsid", "sh", "-c", "sleep 600 &").start().waitFor();',
            "tmp": "java.nio.file.Files.write(java.nio.file.Path.of(\"/tmp/big\"), new byte[64 << 20]);",
            "reflection": ('var f = Class.forName("backprop.check.Grading").getDeclaredField("session");\n'
                           "f.setAccessible(true);"),
            "caught": ('try { var u = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");'
                       ' u.setAccessible(true); } catch (Throwable t) { System.out.println("hidden"); }'),
            "exit": "System.exit(0);",
            "halt": "Runtime.getRuntime().halt(0);",
            "alive": 'System.out.println("still here");',
            "flood": 'String line = "x".repeat(1000); for (int i = 0; i < 5000; i++) System.out.println(line);',
        }
        names = list(cls.cells)
        log = Path(cls.tmp.name) / "kernel.log"
        with open(log, "w") as f:
            result = asyncio.run(grading.run_cells(list(cls.cells.values()), world, 60, 240, 2, f))
        cls.result = result
        cls.by_name = dict(zip(names, result["cells"]))
        cls.log = log.read_text(errors="replace")

    @classmethod
    def tearDownClass(cls):
        cls.listener.close()
        cls.tmp.cleanup()

    def text(self, name: str) -> str:
        cell = self.by_name[name]
        return "".join(o.get("text", "") if o["output_type"] == "stream" else
                       "\n".join([f"{o.get('ename', '')}: {o.get('evalue', '')}", *o.get("traceback", [])])
                       for o in cell["outputs"])

    def assertFailed(self, name: str, *pieces: str):
        cell = self.by_name[name]
        self.assertEqual("error", cell["status"], f"{name}: {self.text(name)[:300]}")
        for piece in pieces:
            self.assertIn(piece, self.text(name), name)

    def test_the_kernel_runs_as_an_unprivileged_user(self):
        self.assertEqual("ok", self.by_name["who"]["status"])
        expected = sandbox.USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.assertEqual(expected, self.text("who").strip())

    def test_the_answer_keys_and_the_project_are_not_there(self):
        self.assertFailed("key", "NoSuchFileException")
        # Of the project, only what runs the kernel is there: no solutions, exercises, tools, build
        # output or lecture.
        self.assertEqual({".venv", "build", "kernelguard", "lib"}, set(self.text("project").strip().split(",")))

    def test_another_students_notebook_and_the_grades_stay_unchanged(self):
        # They live in the machine's /tmp, writable by all: the sandbox has a /tmp of its own.
        self.assertFailed("overwrite", "NoSuchFileException")
        self.assertFailed("ghost", "NoSuchFileException")
        for path, digest in self.before.items():
            self.assertEqual(digest, sha256(path), path)
        self.assertEqual(["grades.csv"], sorted(p.name for p in self.grades.iterdir()))

    def test_there_is_no_network(self):
        self.assertFailed("network", "Network is unreachable")
        # The grader's machine listens on this port; the sandbox's loopback is another one.
        self.assertFailed("loopback", "Connection refused")

    def test_no_process_can_be_started_and_none_is_left(self):
        self.assertFailed("setsid", "starting a process (setsid) is not allowed")
        self.assertEqual([], self.by_name["setsid"]["refused"])
        self.assertEqual(0, self.result["processes_left"])
        left = subprocess.run(["pgrep", "-f", "sleep 600"], capture_output=True, text=True).stdout
        self.assertEqual("", left.strip())

    def test_tmp_is_small(self):
        self.assertEqual("error", self.by_name["tmp"]["status"], self.text("tmp"))

    def test_private_access_by_reflection_is_refused_and_reported(self):
        self.assertFailed("reflection", "private access by reflection",
                          "is not allowed while a notebook is graded")
        self.assertEqual(["private access by reflection (suppressAccessChecks)"],
                         self.by_name["reflection"]["refused"])

    def test_a_refusal_the_cell_catches_is_still_reported(self):
        self.assertEqual("ok", self.by_name["caught"]["status"])
        self.assertEqual("hidden\n", self.text("caught"))
        self.assertEqual(["private access by reflection (suppressAccessChecks)"],
                         self.by_name["caught"]["refused"])

    def test_exit_and_halt_fail_their_cell_and_the_kernel_goes_on(self):
        self.assertFailed("exit", "ending the JVM")
        self.assertFailed("halt", "ending the JVM")
        self.assertEqual([], self.by_name["exit"]["refused"])
        self.assertEqual("still here\n", self.text("alive"))
        self.assertEqual(1, self.result["kernel_starts"])
        self.assertEqual(0, self.result["replays"])

    def test_output_is_cut(self):
        kept = self.text("flood")
        self.assertLess(len(kept), grading.OUTPUT_BYTES + 2000)
        self.assertIn("[output cut", kept)

    def test_the_sandbox_refuses_a_connection_file_on_the_network(self):
        with tempfile.TemporaryDirectory() as d:
            conn = Path(d) / "kernel.json"
            conn.write_text('{"transport": "tcp", "ip": "127.0.0.1"}')
            done = subprocess.run(["python3", sandbox.__file__, str(conn), "--", "/bin/true"],
                                  capture_output=True, text=True)
        self.assertEqual(2, done.returncode)
        self.assertIn("must use the ipc transport", done.stderr)


if __name__ == "__main__":
    unittest.main()
