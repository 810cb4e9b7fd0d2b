"""A tiny stand-in for the Java kernel, for testing the supervisor without a JVM.

    python fake_kernel.py CONNECTION_FILE

Its behaviour comes from the environment:
  FAKE_MUTE_STARTS=N   the first N starts (counted in FAKE_COUNTER) bind their ports, never answer
Cells: "spin" never ends (like while(true){}), "die" exits the process, "x = V" / "x" keep and show
state, anything else is echoed as a stream output. An interrupt_request is answered and ignored
(like a kernel whose interrupt does not work).

When the supervisor hands it a cell-stopper agent (-javaagent:JAR=HOST:PORT:TOKEN in
JAVA_TOOL_OPTIONS, as for any kernel command that does not start with `java`), it plays the agent
too: it says HELLO, and a STOP ends a "spin" cell with java.lang.ThreadDeath, as Thread.stop does.
"""

import json
import os
import re
import select
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import zmq  # noqa: E402

from kernelguard.wire import Message, Signer  # noqa: E402


class FakeAgent:
    """The cell-stopper agent's side of the line protocol (see kernelguard/agent.py)."""

    def __init__(self):
        m = re.search(r"-javaagent:[^=\s]+=([^:\s]+):(\d+):(\S+)", os.environ.get("JAVA_TOOL_OPTIONS", ""))
        self.sock = None
        self.buf = b""
        if m:
            self.sock = socket.create_connection((m.group(1), int(m.group(2))))
            self.sock.sendall(("HELLO token=%s java=17 stop=yes pid=%d\n" % (m.group(3), os.getpid())).encode())

    def stop_requested(self, timeout):
        """Waits up to `timeout` seconds; True if a STOP came (it is answered: STOPPED)."""
        if self.sock is None:
            time.sleep(timeout)
            return False
        stop = False
        if select.select([self.sock], [], [], timeout)[0]:
            self.buf += self.sock.recv(4096)
            *lines, self.buf = self.buf.split(b"\n")
            for line in lines:
                parts = line.decode().split()
                if parts and parts[0] == "STOP":
                    self.sock.sendall(("STOPPED %s 1 0\n" % parts[1]).encode())
                    stop = True
        return stop


def main():
    conn = json.load(open(sys.argv[1]))
    counter = os.environ.get("FAKE_COUNTER")
    n = 0
    if counter:
        n = int(open(counter).read() or 0) if os.path.exists(counter) else 0
        open(counter, "w").write(str(n + 1))
    mute = n < int(os.environ.get("FAKE_MUTE_STARTS", "0"))
    ctx = zmq.Context()
    addr = "tcp://%s:%%d" % conn["ip"]
    shell = ctx.socket(zmq.ROUTER)
    shell.bind(addr % conn["shell_port"])
    control = ctx.socket(zmq.ROUTER)
    control.bind(addr % conn["control_port"])
    stdin = ctx.socket(zmq.ROUTER)
    stdin.bind(addr % conn["stdin_port"])
    iopub = ctx.socket(zmq.PUB)
    iopub.bind(addr % conn["iopub_port"])
    hb = ctx.socket(zmq.REP)
    hb.bind(addr % conn["hb_port"])
    signer = Signer(conn["key"], conn["signature_scheme"])
    state = {}
    count = 0
    agent = FakeAgent()

    def pub(msg_type, content, parent):
        iopub.send_multipart(signer.build(msg_type, content, parent, ids=[b"kernel." + msg_type.encode()]).raw())

    poller = zmq.Poller()
    for s in (shell, control, hb):
        poller.register(s, zmq.POLLIN)
    if agent.sock is not None:
        poller.register(agent.sock, zmq.POLLIN)
    while True:
        ev = dict(poller.poll(1000))
        if mute:
            continue
        if agent.sock is not None and (agent.sock in ev or agent.sock.fileno() in ev):
            agent.stop_requested(0)  # a STOP while no cell runs: nothing to stop
        if hb in ev:
            hb.send(hb.recv())
        if control in ev:
            m = Message.parse(control.recv_multipart())
            t = m.msg_type.replace("_request", "_reply")
            control.send_multipart(signer.build(t, {"status": "ok"}, m.header, ids=m.ids).raw())
            if m.msg_type == "shutdown_request":
                return
        if shell in ev:
            m = Message.parse(shell.recv_multipart())
            pub("status", {"execution_state": "busy"}, m.header)
            if m.msg_type == "kernel_info_request":
                shell.send_multipart(signer.build("kernel_info_reply", {
                    "status": "ok", "protocol_version": "5.3", "implementation": "fake",
                    "language_info": {"name": "java"}}, m.header, ids=m.ids).raw())
            elif m.msg_type == "inspect_request":  # as rapaio answers: signatures only
                shell.send_multipart(signer.build("inspect_reply", {
                    "status": "ok", "found": True, "metadata": {}, "data": {
                        "text/html": "<p><b>double Activation.derivative(double z)</b></p>",
                        "text/plain": "\x1b[0m\x1b[1mdouble Activation.derivative(double z)\x1b[0m\n\n"}},
                    m.header, ids=m.ids).raw())
            elif m.msg_type == "complete_request":  # as JShell completes after an enum's name
                shell.send_multipart(signer.build("complete_reply", {
                    "status": "ok", "cursor_start": m.content["cursor_pos"],
                    "cursor_end": m.content["cursor_pos"], "metadata": {"code": m.content["code"]},
                    "matches": ["RELU", "byId(", "class", "SIGMOID", "EnumDesc", "valueOf(",
                                "describeConstable()", "$JShell$12"]}, m.header, ids=m.ids).raw())
            elif m.msg_type == "execute_request":
                count += 1
                code = m.content["code"].strip()
                pub("execute_input", {"code": code, "execution_count": count}, m.header)
                if code == "spin":
                    while not agent.stop_requested(0.05):
                        pass
                    tb = ["java.lang.ThreadDeath", "\tat REPL.$JShell$12.do_it$(#12:1)"]
                    pub("error", {"ename": "EvalException", "evalue": "", "traceback": tb}, m.header)
                    shell.send_multipart(signer.build("execute_reply", {
                        "status": "error", "execution_count": count, "ename": "EvalException",
                        "evalue": "", "traceback": tb}, m.header, ids=m.ids).raw())
                    pub("status", {"execution_state": "idle"}, m.header)
                    continue
                if code == "spawn":  # a cell that starts a process of its own, then never ends
                    child = subprocess.Popen(["sleep", "600"])
                    pub("stream", {"name": "stdout", "text": "child %d" % child.pid}, m.header)
                    while True:
                        time.sleep(0.05)
                if code == "die":
                    os._exit(7)
                if "=" in code:
                    k, v = [x.strip() for x in code.split("=", 1)]
                    state[k] = v
                elif code in state:
                    pub("execute_result", {"execution_count": count, "data": {"text/plain": state[code]},
                                           "metadata": {}}, m.header)
                elif code.startswith("Integer.toString"):
                    pub("execute_result", {"execution_count": count, "data": {"text/plain": "42005"},
                                           "metadata": {}}, m.header)
                else:
                    pub("stream", {"name": "stdout", "text": code}, m.header)
                shell.send_multipart(signer.build("execute_reply", {
                    "status": "ok", "execution_count": count}, m.header, ids=m.ids).raw())
            pub("status", {"execution_state": "idle"}, m.header)


if __name__ == "__main__":
    main()
