"""./lab's errors as a person meets them on the terminal: each names its cause and its fix, and
the exit code is not 0. (Runs ./lab itself; a few seconds, no server is started.)"""

import os
import socket
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from labtools import paths, server

LAB = paths.ROOT / "lab"


def lab(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """./lab ARGS, as typed in the project folder; stops it if it starts a server after all."""
    return subprocess.run([str(LAB), *args], cwd=paths.ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})}, start_new_session=True)


class PortTest(unittest.TestCase):

    def test_a_port_out_of_range_is_refused_with_the_range(self):
        for port in ("70000", "0"):
            run = lab("--no-browser", "--port", port)
            self.assertNotEqual(0, run.returncode)
            self.assertIn("ports run from 1 to 65535", run.stderr)
            self.assertNotIn("ready", run.stdout + run.stderr)

    def test_a_port_below_1024_is_refused_for_a_user_not_for_root(self):
        from labtools.__main__ import port_number

        with mock.patch.object(os, "geteuid", return_value=1000):
            with self.assertRaises(Exception) as e:
                port_number("80")
            self.assertIn("below 1024, which only root may open", str(e.exception))
        with mock.patch.object(os, "geteuid", return_value=0):
            self.assertEqual(80, port_number("80"))

    def test_usage_names_the_command_a_person_types(self):
        run = lab("--port", "abc")
        self.assertNotEqual(0, run.returncode)
        self.assertIn("usage: ./lab [-h] [--no-browser] [--port PORT]", run.stderr)
        self.assertIn("'abc' is not a port number", run.stderr)
        self.assertNotIn("Starting JupyterLab", run.stdout, "nothing starts on a bad option")
        run = lab("kernel", "bogus")
        self.assertNotEqual(0, run.returncode)
        self.assertIn("usage: ./lab kernel", run.stderr)
        self.assertNotIn("python -m labtools", run.stdout + run.stderr)

    def test_a_port_in_use_says_so_and_offers_another(self):
        with socket.socket() as busy:
            busy.bind((server.HOST, 0))
            busy.listen()
            port = busy.getsockname()[1]
            run = lab("--no-browser", "--port", str(port))
        self.assertNotEqual(0, run.returncode)
        self.assertIn(f"port {port} on {server.HOST} cannot be used", run.stderr)
        self.assertIn("another program has it", run.stderr)
        self.assertRegex(run.stderr, r"e\.g\. \./lab --port \d+, or leave --port out")
        self.assertNotIn("see build/logs", run.stderr, "the cause is on the terminal, not only in the log")

    def test_another_port_while_a_server_runs_is_refused_naming_the_running_one(self):
        running = {"port": 8888, "pid": 4242, "url": "http://127.0.0.1:8888/", "token": "t0k"}
        said = []
        with mock.patch.object(server, "running_server", return_value=running), \
                mock.patch.object(server.subprocess, "Popen") as started:
            with self.assertRaises(server.ServerError) as e:
                server.serve(open_browser=False, port=9999, say=said.append)
            self.assertFalse(started.called, "no second server")
        self.assertIn("already serves this project on port 8888 (pid 4242)", str(e.exception))
        self.assertIn("none was started on port 9999", str(e.exception))
        self.assertIn("kill 4242", str(e.exception))
        self.assertEqual([], said, "no URL printed as if it were the one asked for")
        # The same port (or none) still finds the running one, as before.
        with mock.patch.object(server, "running_server", return_value=running):
            self.assertEqual(0, server.serve(open_browser=False, port=8888, say=said.append))
        self.assertIn("http://127.0.0.1:8888/lab/tree/notebooks?token=t0k", said[0])

    def test_a_server_that_stops_at_start_shows_its_error_lines(self):
        with tempfile.TemporaryDirectory() as d:
            log = Path(d) / "jupyterlab.log"
            log.write_text("[I 10:00 ServerApp] starting\n"
                           "[C 10:00 ServerApp] Running as root is not recommended.\n")
            self.assertEqual(": [C 10:00 ServerApp] Running as root is not recommended.",
                             server._cause(log))


class JavaTest(unittest.TestCase):
    """./lab's Java commands run on the Java the kernel runs on: $JAVA_HOME's."""

    def test_release_runs_on_java_home(self):
        real = subprocess.run(["python3", "-m", "labtools.java"], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(paths.ROOT / "tools")},
                              check=True).stdout.strip()
        with tempfile.TemporaryDirectory() as home:
            calls = Path(home) / "calls"
            java = Path(home) / "bin" / "java"
            java.parent.mkdir()
            java.write_text(f'#!/bin/sh\necho "$*" >> {calls}\nexec {real} "$@"\n')
            java.chmod(0o755)
            run = lab("release", "--check", env={"JAVA_HOME": home})
            self.assertEqual(0, run.returncode, run.stderr)
            self.assertIn("backprop.grader.Release --check", calls.read_text())
            self.assertIn("Up to date: every notebook of exercises is what a release of "
                          "solutions makes", run.stdout, "--check says when all is well")


if __name__ == "__main__":
    unittest.main()
