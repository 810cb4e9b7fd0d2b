"""The Hub's set-up files (course/hub/) hold together: the Hub's configs load as JupyterHub loads
them and say what the README says, the scripts parse, and the production files (the single-user
image's Dockerfile, the Zero to JupyterHub values, the LTI 1.3 config), which cannot run here,
are well-formed and agree with each other and with the Debian Hub's set-up."""

import json
import os
import py_compile
import re
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import yaml
from traitlets.config.loader import PyFileConfigLoader

from labtools import kernelspec, paths

HUB = paths.ROOT / "course" / "hub"
PRODUCTION = HUB / "production"
# Dockerfile instructions (https://docs.docker.com/reference/dockerfile/).
INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


def load_hub_config(path: Path, env: dict) -> dict:
    """The config a Hub started with `jupyterhub -f path` gets (traitlets' own loader)."""
    with mock.patch.dict(os.environ, env):
        return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments left out."""
    out, pending = [], ""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        word, _, rest = pending.strip().partition(" ")
        if word.upper() not in INSTRUCTIONS or word != word.upper():
            raise AssertionError(f"{path.name}, line {number}: {word!r} is not a Dockerfile instruction")
        out.append((word, " ".join(rest.split())))
        pending = ""
    if pending:
        raise AssertionError(f"{path.name} ends inside a continued line")
    return out


class HubConfigTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.env = {"BACKPROP_HUB_STATE": str(Path(self.dir.name) / "state"),
                    "BACKPROP_LAB_PREFIX": "/opt/backprop-lab"}

    def test_the_hub_logs_students_in_by_password_and_runs_each_server_as_its_student(self):
        c = load_hub_config(HUB / "jupyterhub_config.py", self.env)
        self.assertEqual("pam", c.JupyterHub.authenticator_class)
        self.assertEqual({"backprop-students"}, c.PAMAuthenticator.allowed_groups)
        self.assertEqual("localprocess", c.JupyterHub.spawner_class)
        self.assertEqual(["/opt/backprop-lab/bin/start-singleuser"], c.Spawner.cmd)
        self.assertEqual("/lab/tree/backprop-lab/exercises", c.Spawner.default_url)
        self.assertEqual("http://127.0.0.1:8000", c.JupyterHub.bind_url)
        self.assertEqual(["/opt/backprop-lab/proxy/node_modules/.bin/configurable-http-proxy"],
                         c.ConfigurableHTTPProxy.command)
        state = Path(self.env["BACKPROP_HUB_STATE"])
        self.assertEqual(f"sqlite:///{state / 'jupyterhub.sqlite'}", c.JupyterHub.db_url)
        self.assertEqual(0o700, state.stat().st_mode & 0o777, "the Hub's secrets are root's alone")
        self.assertNotIn("PYTHONPATH", c.Spawner.env_keep)

    def test_the_lti_launch_is_the_same_in_the_python_config_and_the_helm_values(self):
        c = load_hub_config(PRODUCTION / "lti13_config.py", self.env)
        values = yaml.safe_load((PRODUCTION / "z2jh-values.yaml").read_text())
        helm = values["hub"]["config"]
        self.assertEqual("ltiauthenticator.lti13.auth.LTI13Authenticator", c.JupyterHub.authenticator_class)
        self.assertEqual(helm["JupyterHub"]["authenticator_class"], c.JupyterHub.authenticator_class)
        for name in ("issuer", "client_id", "authorize_url", "jwks_endpoint", "username_key", "uri_scheme"):
            self.assertEqual(helm["LTI13Authenticator"][name], c.LTI13Authenticator[name], name)
        self.assertEqual(helm["LTI13LaunchValidator"]["time_leeway"], c.LTI13LaunchValidator.time_leeway)
        for url in ("authorize_url", "jwks_endpoint", "issuer"):
            self.assertTrue(c.LTI13Authenticator[url].startswith("https://"), url)
        # Everything else is the course's Hub, loaded underneath.
        self.assertEqual(["/opt/backprop-lab/bin/start-singleuser"], c.Spawner.cmd)

    def test_the_helm_values_start_the_images_course_as_the_debian_hub_does(self):
        values = yaml.safe_load((PRODUCTION / "z2jh-values.yaml").read_text())
        hub = load_hub_config(HUB / "jupyterhub_config.py", self.env)
        single = values["singleuser"]
        self.assertEqual(hub.Spawner.cmd, single["cmd"])
        self.assertEqual(hub.Spawner.default_url, single["defaultUrl"])
        self.assertEqual({"name", "tag"}, set(single["image"]))
        copied = {args.split()[-1] for word, args in dockerfile_instructions(PRODUCTION / "Dockerfile")
                  if word == "COPY"}
        self.assertIn(single["cmd"][0], copied, "the image has the command the values start")
        self.assertTrue(re.fullmatch(r"\d+(\.\d+)?G", single["memory"]["limit"]))

    def test_the_dockerfile_builds_on_jupyters_image_with_a_jdk_and_the_course(self):
        steps = dockerfile_instructions(PRODUCTION / "Dockerfile")
        self.assertEqual("FROM", steps[0][0])
        self.assertTrue(steps[0][1].startswith("quay.io/jupyter/base-notebook:"), steps[0][1])
        runs = " ".join(args for word, args in steps if word == "RUN")
        self.assertIn("openjdk-17-jdk-headless", runs)
        self.assertIn("/opt/backprop-lab/course/kernel/install.py --system", runs)
        for word, args in steps:
            if word == "COPY":
                source = args.split()[0]
                if source == "build/student-edition":  # made by ./lab student-edition's default
                    self.assertIn("build/student-edition", (paths.ROOT / "lab").read_text())
                else:
                    self.assertTrue((paths.ROOT / source).exists(), f"COPY {source}: no such file")
        self.assertEqual(("USER", "${NB_UID}"), [s for s in steps if s[0] == "USER"][-1],
                         "the servers run as the notebook user, never root")

    def test_a_broken_dockerfile_is_caught(self):
        bad = Path(self.dir.name) / "Dockerfile"
        bad.write_text("FROM x\nRUN echo a \\\n  && echo b\nCOPPY a b\n")
        with self.assertRaisesRegex(AssertionError, "line 4: 'COPPY' is not a Dockerfile instruction"):
            dockerfile_instructions(bad)
        good = Path(self.dir.name) / "Dockerfile.good"
        good.write_text("# a comment\nFROM x\n\nRUN echo a \\\n  && echo b\n")
        self.assertEqual([("FROM", "x"), ("RUN", "echo a && echo b")], dockerfile_instructions(good))

    def test_the_servers_offer_only_the_course_kernel(self):
        config = json.loads((HUB / "singleuser" / "jupyter_server_config.json").read_text())
        self.assertEqual([kernelspec.NAME], config["KernelSpecManager"]["allowed_kernelspecs"])
        self.assertEqual(kernelspec.NAME, config["MappingKernelManager"]["default_kernel_name"])
        json.loads((HUB / "singleuser" / "page_config.json").read_text())

    def test_every_script_and_config_parses(self):
        for script in (HUB / "course_sync.py", HUB / "jupyterhub_config.py", PRODUCTION / "lti13_config.py",
                       paths.ROOT / "browser-tests" / "src" / "test" / "hub" / "jupyterhub_test_config.py"):
            py_compile.compile(str(script), cfile=str(Path(self.dir.name) / "x.pyc"), doraise=True)
        for script in ("install-hub", "install-course", "uninstall-course", "add-student",
                       "remove-student", "start-singleuser"):
            shell = "sh" if script == "start-singleuser" else "bash"
            done = subprocess.run([shell, "-n", str(HUB / script)], capture_output=True, text=True)
            self.assertEqual(0, done.returncode, f"{script}: {done.stderr}")
            self.assertTrue(os.access(HUB / script, os.X_OK), f"{script} is executable")

    def test_the_scripts_refuse_bad_input_with_the_reason(self):
        def run(*argv, stdin=""):
            return subprocess.run([str(HUB / argv[0]), *argv[1:]], input=stdin, capture_output=True, text=True)

        done = run("add-student", "Bad Name")
        self.assertEqual(1, done.returncode)
        self.assertIn("'Bad Name' is not a user name this machine takes", done.stderr)
        done = run("install-course")
        self.assertIn("usage: install-course EDITION", done.stderr)
        done = run("install-course", str(paths.ROOT / "exercises"))
        if os.geteuid() == 0:
            self.assertIn("is not a student edition (./lab student-edition makes one)", done.stderr)
        else:
            self.assertIn("install-course must run as root", done.stderr)
        done = run("remove-student", "root")
        self.assertNotEqual(0, done.returncode)
        self.assertTrue("is not a student" in done.stderr or "must run as root" in done.stderr, done.stderr)


if __name__ == "__main__":
    unittest.main()
