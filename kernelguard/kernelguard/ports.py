"""Loopback ports: the inner kernel's, chosen where nothing else takes them meanwhile, and the ones
Jupyter chose for the supervisor, held from its first moment until its own sockets bind them."""

import random
import socket

PORT_NAMES = ("shell_port", "control_port", "stdin_port", "iopub_port", "hb_port")


def free_ports(n):
    """n free loopback ports for the inner kernel, chosen BELOW the ephemeral range when it is
    known: the JVM binds them a second or more later, and a port from the ephemeral range may be
    taken meanwhile by any outgoing connection on the machine ("Address already in use")."""
    low = 32768
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    socks, ports = [], []
    candidates = list(range(max(1024, low - 12000), low)) if low > 13024 else []
    random.shuffle(candidates)
    for port in candidates:
        if len(ports) == n:
            break
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            s.close()
            continue
        socks.append(s)
        ports.append(port)
    while len(ports) < n:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def reserve(conn):
    """Holds the ports of a connection file (plain sockets, bound, not listening): {port: socket}.

    Meanwhile no outgoing connection on the machine can be given one of them as its local port,
    the client's own sockets included, which reconnect again and again until the supervisor
    listens (without the reservation, about one start in 200 met "Address already in use").
    A connection to a reserved port is refused, as to a port nobody listens on, and the client
    tries again. A port that is taken already is left out: the proxy waits for it when it binds.
    """
    held = {}
    if conn.get("transport", "tcp") != "tcp":
        return held
    for name in PORT_NAMES:
        s = socket.socket()
        try:
            s.bind((conn.get("ip", "127.0.0.1"), int(conn[name])))
        except (OSError, ValueError, KeyError, TypeError):
            s.close()
            continue
        held[int(conn[name])] = s
    return held
