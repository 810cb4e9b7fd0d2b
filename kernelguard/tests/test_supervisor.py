"""The supervisor against a fake kernel (tests/fake_kernel.py): no JVM needed, a few seconds."""

import json
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import unittest

from jupyter_client.manager import KernelManager

from kernelguard import spec as kgspec

HERE = os.path.dirname(os.path.abspath(__file__))


class SupervisorTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kernelguard-test-")
        self.counter = os.path.join(self.dir, "starts")
        self.saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR")}
        os.environ["JUPYTER_PATH"] = self.dir
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(self.dir, "runtime")
        self.km = None

    def tearDown(self):
        if self.km is not None:
            try:
                self.kc.stop_channels()
                self.km.shutdown_kernel(now=True)
            except Exception:
                pass
        if getattr(self, "log", None) is not None:
            self.log.close()
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, mute_starts=0, ports=None, **wrap):
        plain = {"argv": [sys.executable, os.path.join(HERE, "fake_kernel.py"), "{connection_file}"],
                 "display_name": "fake", "language": "java",
                 "env": {"FAKE_COUNTER": self.counter, "FAKE_MUTE_STARTS": str(mute_starts)}}
        wrap.setdefault("interrupt", "restart")
        extra = ["--grace", "0.5", *wrap.pop("extra_args", [])]
        spec = kgspec.wrap(plain, extra_args=extra, **wrap)
        kgspec.write(self.dir, "fake", spec)
        self.log = open(os.path.join(self.dir, "kernel.log"), "w")
        self.km = KernelManager(kernel_name="fake")
        if ports:
            self.km.cache_ports = False  # keep the ports given here
            for name, port in ports.items():
                setattr(self.km, name, port)
        t0 = time.monotonic()
        self.km.start_kernel(stdout=self.log, stderr=self.log)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=20)
        return time.monotonic() - t0

    def logtext(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def run_cell(self, code, timeout=10, interrupt_after=None):
        msg_id = self.kc.execute(code)
        outs, statuses = [], []
        t0 = time.monotonic()
        interrupted = False
        while True:
            if interrupt_after is not None and not interrupted and time.monotonic() - t0 > interrupt_after:
                self.km.interrupt_kernel()
                interrupted = True
            self.assertLess(time.monotonic() - t0, timeout, "no idle for " + code)
            try:
                m = self.kc.get_iopub_msg(timeout=0.1)
            except Exception:
                continue
            if m["msg_type"] == "status":
                statuses.append(m["content"]["execution_state"])
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] in ("stream", "execute_result", "error"):
                outs.append((m["msg_type"], m["content"]))
        while True:
            r = self.kc.get_shell_msg(timeout=timeout)
            if r["parent_header"].get("msg_id") == msg_id:
                return r["content"], outs, statuses

    def test_a_start_that_never_answers_is_replaced_while_the_client_waits(self):
        took = self.start(mute_starts=1)
        self.assertIn("start 1 failed its health check", self.logtext())
        self.assertIn("start 2 healthy", self.logtext())
        self.assertLess(took, 10)
        reply, outs, _ = self.run_cell("hello")
        self.assertEqual("ok", reply["status"])
        self.assertEqual([("stream", {"name": "stdout", "text": "hello"})], outs)

    def test_a_port_taken_for_a_moment_at_start_is_waited_for(self):
        holder = socket.socket()
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        threading.Timer(0.6, holder.close).start()
        self.start(ports={"hb_port": port})
        self.assertIn("port %d is in use for the moment" % port, self.logtext())
        self.assertTrue(self.kc.is_alive())
        self.assertEqual("ok", self.run_cell("hello")[0]["status"])

    def test_a_stopped_cell_takes_the_processes_it_started_with_it(self):
        self.start()
        reply, outs, _ = self.run_cell("spawn", interrupt_after=1.0)
        self.assertEqual("Interrupted", reply["ename"])
        child = int([o[1]["text"] for o in outs if o[0] == "stream"][0].split()[1])
        deadline = time.monotonic() + 5
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(_running(child), "the cell's process %d outlived the cell" % child)

    def test_heartbeat_and_control_are_always_answered(self):
        self.start()
        self.assertTrue(self.kc.is_alive())
        msg = self.kc.session.msg("kernel_info_request")
        self.kc.control_channel.send(msg)
        r = self.kc.get_control_msg(timeout=5)
        self.assertEqual("kernel_info_reply", r["msg_type"])
        self.assertEqual("fake", r["content"]["implementation"])

    def test_an_interrupt_restarts_and_says_so_and_the_next_cell_runs(self):
        self.start()
        self.run_cell("x = 5")
        reply, outs, statuses = self.run_cell("spin", interrupt_after=0.5)
        self.assertEqual("error", reply["status"])
        self.assertEqual("Interrupted", reply["ename"])
        self.assertIn("restarted", reply["evalue"])
        self.assertEqual("error", outs[-1][0])
        reply, outs, statuses = self.run_cell("after")
        self.assertEqual("ok", reply["status"])
        self.assertIn("restarting", statuses)
        self.assertEqual([("stream", {"name": "stdout", "text": "after"})], outs)
        reply, outs, _ = self.run_cell("x")  # the state is gone, and nothing pretends otherwise
        self.assertEqual(("stream", {"name": "stdout", "text": "x"}), outs[0])

    def test_an_interrupt_with_the_agent_stops_the_cell_and_keeps_the_state(self):
        self.start(agent_jar=os.path.join(HERE, "fake_kernel.py"), interrupt="stop")
        self.run_cell("x = 5")
        reply, outs, statuses = self.run_cell("spin", interrupt_after=0.5)
        self.assertEqual(("error", "Interrupted"), (reply["status"], reply["ename"]))
        self.assertIn("Everything defined before it is kept", reply["evalue"])
        self.assertEqual([("error", "Interrupted")], [(t, c.get("ename")) for t, c in outs])
        self.assertNotIn("restarting", statuses)
        self.assertIn("cell stopped in", self.logtext())
        _, outs, _ = self.run_cell("x")  # the same kernel: the state is kept
        self.assertEqual("5", outs[0][1]["data"]["text/plain"])

    def test_cells_queued_behind_an_interrupted_one_are_aborted(self):
        self.start()
        spin = self.kc.execute("spin")
        queued = self.kc.execute("queued")
        time.sleep(0.5)
        self.km.interrupt_kernel()
        replies = {}
        while len(replies) < 2:
            r = self.kc.get_shell_msg(timeout=10)
            replies[r["parent_header"]["msg_id"]] = r["content"]["status"]
        self.assertEqual({spin: "error", queued: "aborted"}, replies)

    def test_cells_skipped_behind_a_stopped_one_say_why(self):
        self.start(agent_jar=os.path.join(HERE, "fake_kernel.py"), interrupt="stop")
        self.kc.execute("spin")
        queued = self.kc.execute("queued")
        time.sleep(0.5)
        self.km.interrupt_kernel()
        said = []
        deadline = time.monotonic() + 10
        while not said and time.monotonic() < deadline:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except Exception:
                continue
            if m["parent_header"].get("msg_id") == queued and m["msg_type"] == "stream":
                said.append(m["content"])
        self.assertEqual("stderr", said[0]["name"], said)
        self.assertIn("Not run: an earlier cell was stopped", said[0]["text"])

    def test_the_kernel_reads_idle_before_any_cell_ran(self):
        self.start()
        msg = self.kc.session.msg("kernel_info_request")
        self.kc.shell_channel.send(msg)
        self.kc.get_shell_msg(timeout=5)
        states = []
        deadline = time.monotonic() + 5
        while "idle" not in states and time.monotonic() < deadline:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except Exception:
                continue
            # JupyterLab leaves out the status of a kernel_info request (an "untracked" type)
            if m["msg_type"] == "status" and m["parent_header"].get("msg_type") != "kernel_info_request":
                states.append(m["content"]["execution_state"])
        self.assertIn("idle", states)

    def test_inspect_shows_the_library_javadoc_and_completion_leaves_out_jshell_internals(self):
        index = os.path.join(self.dir, "javadoc.json")
        with open(index, "w") as f:
            json.dump({"Activation.derivative(double)": "f'(z) for one number."}, f)
        self.start(extra_args=["--docs", index])
        self.kc.inspect("Activation.SIGMOID.derivative(0.5)", 27)
        reply = self.kc.get_shell_msg(timeout=5)["content"]
        self.assertEqual("double Activation.derivative(double z)\nf'(z) for one number.\n",
                         reply["data"]["text/plain"])
        self.assertIn("<p>f'(z) for one number.</p>", reply["data"]["text/html"])
        self.kc.complete("Activation.", 11)
        reply = self.kc.get_shell_msg(timeout=5)["content"]
        self.assertEqual(["byId(", "RELU", "SIGMOID", "valueOf("], reply["matches"])
        # A cell of two statements: the kernel gets the one at the cursor, JupyterLab positions
        # in the whole cell.
        self.kc.complete("import backprop.*;\nActivation.", 30)
        reply = self.kc.get_shell_msg(timeout=5)["content"]
        self.assertEqual("Activation.", reply["metadata"]["code"])
        self.assertEqual((30, 30), (reply["cursor_start"], reply["cursor_end"]))

    def test_an_interrupt_while_idle_changes_nothing(self):
        self.start()
        self.run_cell("x = 3")
        self.km.interrupt_kernel()
        time.sleep(0.3)
        _, outs, _ = self.run_cell("x")
        self.assertEqual("3", outs[0][1]["data"]["text/plain"])

    def test_a_kernel_that_dies_under_a_cell_is_restarted_and_the_cell_says_so(self):
        self.start()
        reply, outs, _ = self.run_cell("die")
        self.assertEqual("KernelDied", reply["ename"])
        self.assertIn("exit code 7", reply["evalue"])
        reply, _, _ = self.run_cell("alive")
        self.assertEqual("ok", reply["status"])

    def test_a_batch_client_can_ask_to_see_a_death_as_a_death(self):
        os.environ["KERNELGUARD_ON_DEATH"] = "exit"
        try:
            self.start()
            self.kc.execute("die")
            for _ in range(100):
                if not self.km.is_alive():
                    break
                time.sleep(0.1)
            self.assertFalse(self.km.is_alive())
        finally:
            del os.environ["KERNELGUARD_ON_DEATH"]

    def test_sigint_in_signal_mode_is_an_interrupt_too(self):
        self.start()
        self.km.kernel_spec.interrupt_mode = "signal"
        reply, _, _ = self.run_cell("spin", interrupt_after=0.5)
        self.assertEqual("Interrupted", reply["ename"])
        self.assertEqual("ok", self.run_cell("alive")[0]["status"])

    def test_shutdown_ends_the_supervisor_and_the_kernel(self):
        self.start()
        pid = self.km.provisioner.process.pid
        children = [int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == pid]
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        self.km = None
        time.sleep(0.5)
        for p in [pid] + children:
            self.assertFalse(_running(p), "process %d still runs" % p)


def _ppid(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _running(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class WrapTest(unittest.TestCase):

    def test_wrap_keeps_the_spec_and_puts_the_supervisor_in_front(self):
        plain = {"argv": ["java", "-Xmx2g", "-jar", "k.jar", "{connection_file}"], "display_name": "J",
                 "language": "java", "interrupt_mode": "signal", "env": {"RJK_CLASSPATH": "a;b"}}
        w = kgspec.wrap(plain, python="/py", agent_jar="/a.jar")
        self.assertEqual(["/py", "-m", "kernelguard.supervisor", "--agent", "/a.jar", "{connection_file}",
                          "--", "java", "-Xmx2g", "-jar", "k.jar", "{inner_connection_file}"], w["argv"])
        self.assertEqual("message", w["interrupt_mode"])
        self.assertEqual("a;b", w["env"]["RJK_CLASSPATH"])
        self.assertTrue(w["env"]["PYTHONPATH"].endswith("kernelguard"))
        self.assertEqual(("J", "java"), (w["display_name"], w["language"]))
        with self.assertRaises(ValueError):
            kgspec.wrap(w)


if __name__ == "__main__":
    unittest.main()
