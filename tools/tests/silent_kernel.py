"""A stand-in for a kernel caught by its start race: its heartbeat echoes, its shell never answers.

Started by tests/test_real_kernel.py as `python silent_kernel.py CONNECTION_FILE`.
"""

import json
import sys

import zmq

info = json.load(open(sys.argv[1]))
context = zmq.Context()
shell = context.socket(zmq.ROUTER)  # bound, so requests queue up, and never read
shell.bind(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
heartbeat = context.socket(zmq.REP)
heartbeat.bind(f"{info['transport']}://{info['ip']}:{info['hb_port']}")
while True:
    heartbeat.send(heartbeat.recv())
