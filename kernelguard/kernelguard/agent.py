"""The supervisor's side of the cell-stopper agent (kernelguard/agent, loaded into the kernel's JVM
with -javaagent:JAR=127.0.0.1:PORT:TOKEN).

The agent connects to a loopback port of the supervisor and speaks one line at a time:
  agent:      HELLO token=T java=V stop=yes|no pid=P   (stop=no: this JVM has no Thread.stop)
  supervisor: STOP ID                                  (stop the threads running the cell's code)
  agent:      STOPPED ID N M                           (N threads stopped, M left: unsafe to stop)
  agent:      UNSUPPORTED ID java V                    (this JVM cannot stop them)
A connection whose token is not the current start's is closed.
"""

import os
import socket

from .config import log


class AgentLink:
    """One agent's connection (non-blocking), and what it said in its HELLO."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.hello = None

    def send(self, line):
        try:
            self.sock.sendall((line + "\n").encode())
            return True
        except OSError:
            return False

    def read_lines(self):
        """The complete lines received so far ([] if none), or None once the agent is gone."""
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return []
        except OSError:
            data = b""
        if not data:
            return None
        self.buf += data
        *lines, self.buf = self.buf.split(b"\n")
        return [l.decode("utf-8", "replace").strip() for l in lines]

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Agents:
    """The listener the agents connect to and their links; an agent's replies to STOP go to the
    interrupts."""

    def __init__(self, sup, jar):
        self.sup = sup
        self.listener = None
        self.port = None
        self.links = []
        if jar:
            if os.path.isfile(jar):
                s = socket.socket()
                s.bind(("127.0.0.1", 0))
                s.listen(4)
                s.setblocking(False)
                self.listener, self.port = s, s.getsockname()[1]
            else:
                log("agent jar not found, interrupts will restart the kernel:", jar)

    def accept(self):
        try:
            sock, _ = self.listener.accept()
        except OSError:
            return
        sock.setblocking(False)
        self.links.append(AgentLink(sock))

    def on_readable(self, link):
        lines = link.read_lines()
        if lines is None:
            self.links.remove(link)
            link.close()
            return
        for line in lines:
            self.on_line(link, line)

    def on_line(self, link, line):
        parts = line.split()
        if not parts:
            return
        if parts[0] != "HELLO":
            self.sup.interrupts.on_agent_reply(parts)
            return
        fields = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        inner = self.sup.inner
        if inner is not None and fields.get("token") == inner.token and not inner.dead:
            link.hello, inner.agent = fields, link
            log("agent of start %d: java %s, stop %s" % (
                inner.number, fields.get("java", "?"), fields.get("stop", "?")))
            return
        link.close()

    def forget(self, inner):
        """A discarded start's agent: its link is closed."""
        if inner.agent:
            inner.agent.close()
            if inner.agent in self.links:
                self.links.remove(inner.agent)
            inner.agent = None
