"""JupyterHub for the course on one machine: Debian's JupyterHub 3.0.0, run as root.

    jupyterhub -f course/hub/jupyterhub_config.py

Students are real users of the machine (add-student), members of the group backprop-students;
they log in with their own password (PAM), and each one's server is a process running as that
student (LocalProcessSpawner), so the operating system keeps them apart: a home folder of mode
700 cannot be read by another student, whatever their server or kernel tries. A server starts as
PREFIX/bin/start-singleuser, which brings the course into ~/backprop-lab (course-sync) and opens
JupyterLab on its exercises; the Java kernel is the one install-course installed for everyone.

Settings that differ between machines come from the environment:
  BACKPROP_LAB_PREFIX    where install-course put the course          (default /opt/backprop-lab)
  BACKPROP_HUB_URL       where the Hub listens                        (default http://127.0.0.1:8000;
                         in production, keep it on the loopback behind a TLS proxy such as nginx)
  BACKPROP_HUB_STATE     the Hub's database, cookie secret and proxy pid (default /var/lib/backprop-lab-hub)
  BACKPROP_HUB_ADMINS    instructors' user names, comma-separated: the Hub's admin page (default none)
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub's config loader provides it)

PREFIX = Path(os.environ.get("BACKPROP_LAB_PREFIX", "/opt/backprop-lab"))
STATE = Path(os.environ.get("BACKPROP_HUB_STATE", "/var/lib/backprop-lab-hub"))
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)

# ---- the Hub and its proxy ---------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("BACKPROP_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"  # the Hub's own API: for the proxy and the servers, on this machine
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# The npm proxy that install-hub installs (Debian's own does not start with its Node.js).
c.ConfigurableHTTPProxy.command = [str(PREFIX / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")]
# Stopping the Hub stops every student's server too (and with it their kernels).
c.JupyterHub.cleanup_servers = True

# ---- who may log in: the machine's students, by password -----------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {"backprop-students"}
c.Authenticator.admin_users = {name for name in os.environ.get("BACKPROP_HUB_ADMINS", "").split(",") if name}

# ---- each student's server: a process of theirs, on the installed course ---------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(PREFIX / "bin" / "start-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/backprop-lab/exercises"
# A first start copies the course and starts JupyterLab: seconds, but a loaded machine is slow.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
# Only what a server needs from the Hub's environment (not the Hub's PYTHONPATH or Java options).
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "JAVA_HOME"]
