"""JupyterLab's kernels stand on the reliability layer too: through a Jupyter server with the
settings ./lab gives JupyterLab, the project's kernel is supervised, and the stop button's request
(POST /api/kernels/ID/interrupt, as JupyterLab sends it) ends a runaway cell with a clear message
while the notebook's state is kept. (What this Java kernel did before: a cell that never ends, or
a kernel that afterwards runs nothing and says "ok".) Needs the Maven build, which ./lab test
makes first; about 10 s.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid
from pathlib import Path

import websocket

from labtools import kernelspec, paths, server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServerStopTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.TemporaryDirectory()
        server._write_settings(Path(cls.root.name))  # the settings ./lab starts JupyterLab with
        kernelspec.write()
        cls.token = secrets.token_hex(16)
        cls.base = f"http://127.0.0.1:{free_port()}"
        paths.LOGS.mkdir(parents=True, exist_ok=True)
        cls.log = open(paths.LOGS / "test-jupyter-server.log", "w")
        command = [sys.executable, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={cls.base.rsplit(':', 1)[1]}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={cls.token}", f"--ServerApp.root_dir={cls.root.name}",
                   "--ServerApp.open_browser=False"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        cls.server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=cls.log,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + server.READY_TIMEOUT
        while not server._answers(cls.base, cls.token):
            if cls.server.poll() is not None or time.monotonic() > deadline:
                cls.tearDownClass()
                raise AssertionError(f"the Jupyter server did not start: see {cls.log.name}")
            time.sleep(0.2)

    @classmethod
    def tearDownClass(cls):
        if cls.server.poll() is None:
            cls.server.terminate()  # shuts its kernels down
            try:
                cls.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                cls.server.kill()
        cls.log.close()
        cls.root.cleanup()

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.base}{path}", method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=90) as response:
            text = response.read()
        return json.loads(text) if text else {}

    def send(self, ws, code: str) -> str:
        """Sends a cell to run, as JupyterLab does; its message id."""
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        return msg_id

    def execute(self, ws, code: str, stop_after: float | None = None) -> tuple[dict, list]:
        """Runs a cell over the kernel's websocket, as JupyterLab does; with stop_after, presses
        stop (the interrupt request) that many seconds after the cell started."""
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        reply, idle, outputs, busy_at = None, False, [], None
        deadline = time.monotonic() + 60
        while not (reply and idle):
            self.assertLess(time.monotonic(), deadline, f"the cell {code!r} never ended")
            if stop_after is not None and busy_at is not None \
                    and time.monotonic() - busy_at > stop_after:
                self.api("POST", f"/api/kernels/{self.kernel_id}/interrupt")
                stop_after = None
            ws.settimeout(0.2)
            try:
                m = json.loads(ws.recv())
            except websocket.WebSocketTimeoutException:
                continue
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if m["channel"] == "shell":
                reply = m["content"]
            elif m["msg_type"] == "status":
                state = m["content"]["execution_state"]
                busy_at = busy_at or (time.monotonic() if state == "busy" else None)
                idle = state == "idle"
            elif m["msg_type"] in ("stream", "execute_result", "display_data", "error"):
                outputs.append(m["content"])
        return reply, outputs

    def shell(self, ws, msg_type: str, content: dict) -> dict:
        """One shell request over the kernel's websocket, as JupyterLab sends it; its reply."""
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "test",
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": content}))
        deadline = time.monotonic() + 60
        while True:
            self.assertLess(time.monotonic(), deadline, f"no reply to {msg_type}")
            ws.settimeout(0.2)
            try:
                m = json.loads(ws.recv())
            except websocket.WebSocketTimeoutException:
                continue
            if m["channel"] == "shell" and m.get("parent_header", {}).get("msg_id") == msg_id:
                return m["content"]

    def test_shift_tab_shows_the_library_javadoc_and_tab_only_what_a_student_types(self):
        kernel = self.api("POST", "/api/kernels", {"name": kernelspec.NAME})
        self.kernel_id = kernel["id"]
        self.session = uuid.uuid4().hex
        ws = websocket.create_connection(
            f"{self.base.replace('http', 'ws', 1)}/api/kernels/{self.kernel_id}/channels"
            f"?session_id={self.session}", header=[f"Authorization: token {self.token}"],
            timeout=90)
        try:
            self.execute(ws, "import backprop.*;")
            code = "import backprop.*;\ndouble slope = Activation.SIGMOID.derivative(0.5);"
            reply = self.shell(ws, "inspect_request", {"code": code, "detail_level": 0,
                                                       "cursor_pos": code.index("derivative") + 3})
            self.assertTrue(reply["found"], reply)
            shown = reply["data"]["text/plain"]
            self.assertIn("double Activation.derivative(double z)\nf'(z) for one number.", shown)
            self.assertIn("Matrix Activation.derivative(Matrix z)\nf'(z), entry by entry.", shown)
            reply = self.shell(ws, "complete_request", {"code": "Activation.", "cursor_pos": 11})
            self.assertEqual(["byId(", "IDENTITY", "RELU", "SIGMOID", "SOFTMAX", "softmax(",
                              "softmaxBackward(", "TANH", "valueOf(", "values()"], reply["matches"])
        finally:
            ws.close()
            self.api("DELETE", f"/api/kernels/{self.kernel_id}")

    def test_the_stop_button_ends_a_runaway_cell_and_keeps_the_state(self):
        kernel = self.api("POST", "/api/kernels", {"name": kernelspec.NAME})
        self.kernel_id = kernel["id"]
        self.session = uuid.uuid4().hex
        spec = self.api("GET", f"/api/kernelspecs/{kernelspec.NAME}")["spec"]
        self.assertIn("kernelguard.supervisor", spec["argv"], "JupyterLab's kernel is supervised")
        ws = websocket.create_connection(
            f"{self.base.replace('http', 'ws', 1)}/api/kernels/{self.kernel_id}/channels"
            f"?session_id={self.session}", header=[f"Authorization: token {self.token}"],
            timeout=90)
        try:
            reply, _ = self.execute(ws, "int x = 41;")
            self.assertEqual("ok", reply["status"], reply)
            reply, outputs = self.execute(ws, "while (true) {}", stop_after=1.0)
            self.assertEqual(("error", "Interrupted"), (reply["status"], reply.get("ename")), reply)
            self.assertIn("Everything defined before it is kept", reply["evalue"])
            self.assertEqual("Interrupted", outputs[-1]["ename"], "shown under the cell")
            reply, outputs = self.execute(ws, "x + 1")
            self.assertEqual("ok", reply["status"], reply)
            self.assertIn("42", json.dumps(outputs), "the state before the stop is kept")
            # Run All with a runaway cell: the cell queued behind it says why it did not run.
            runaway, queued = self.send(ws, "while (true) {}"), self.send(ws, "x = 0;")
            seen = {runaway: [], queued: []}
            replies, stopped = {}, False
            started = time.monotonic()
            while len(replies) < 2:
                self.assertLess(time.monotonic() - started, 60, f"replies so far: {replies}")
                if not stopped and time.monotonic() - started > 1.5:
                    self.api("POST", f"/api/kernels/{self.kernel_id}/interrupt")
                    stopped = True
                ws.settimeout(0.2)
                try:
                    m = json.loads(ws.recv())
                except websocket.WebSocketTimeoutException:
                    continue
                parent = m.get("parent_header", {}).get("msg_id")
                if parent in seen:
                    seen[parent].append(m)
                    if m["channel"] == "shell":
                        replies[parent] = m["content"]
            self.assertEqual("Interrupted", replies[runaway].get("ename"), replies[runaway])
            self.assertEqual("aborted", replies[queued]["status"])
            said = [m["content"]["text"] for m in seen[queued] if m["msg_type"] == "stream"]
            self.assertEqual(1, len(said), said)
            self.assertIn("Not run: an earlier cell was stopped", said[0])
            reply, outputs = self.execute(ws, "x")
            self.assertIn("41", json.dumps(outputs), "the skipped cell did not run")
        finally:
            ws.close()
            self.api("DELETE", f"/api/kernels/{self.kernel_id}")


if __name__ == "__main__":
    unittest.main()
