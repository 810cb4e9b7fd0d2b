"""kernelguard: the reliability layer between Jupyter and the notebooks' Java kernel.

- supervisor: the launcher named in the kernelspec. It starts the real kernel (rapaio) behind
  its own sockets, health-checks every start and restarts a bad one while the front end waits,
  and turns an interrupt into either a clean stop (state kept) or a reported restart. Its parts:
  startup, inner_kernel, ports, proxy, interrupts, restarts, agent, cds, config, timers, wire
  (supervisor.py's docstring says which does what).
- client: what the notebook runner, the grader and the browser tests share: a health-checked
  start with retries, and bounded runs that kill (never interrupt) on a time-out.
- spec: wraps a plain kernelspec so that it starts through the supervisor.
- stress: the measurements behind ./lab kernel-stress (starts, interrupts, CPU after an
  interrupt); labcheck: the stop button in a real JupyterLab.
"""
