"""The Kubernetes manifests of the grading (course/kubernetes/), checked on paper: there is no
cluster here to run them on. What is checked is what Kubernetes itself requires of a Job and an
Indexed Job, that the shards, their count and the merge agree, and what the grading sandbox
needs of the pod; the README says that they were not run.
"""

import re
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "course" / "kubernetes"
INDEX = "$(JOB_COMPLETION_INDEX)"
# A Kubernetes object's name: a DNS subdomain of lowercase letters, digits, '-' and '.'.
NAME = re.compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")


def load(name: str) -> dict:
    documents = list(yaml.safe_load_all((FOLDER / name).read_text(encoding="utf-8")))
    assert len(documents) == 1, f"{name}: one object"
    return documents[0]


def option(command: list[str], name: str) -> str:
    """The value after an option of ./lab grade's command line."""
    return command[command.index(name) + 1]


class JobTest(unittest.TestCase):
    """What every Job needs: Kubernetes refuses a Job without these."""

    def check_job(self, job: dict):
        self.assertEqual("batch/v1", job["apiVersion"])
        self.assertEqual("Job", job["kind"])
        self.assertRegex(job["metadata"]["name"], NAME)
        self.assertLessEqual(len(job["metadata"]["name"]), 63, "a Job's name becomes a label's value")
        pod = job["spec"]["template"]["spec"]
        self.assertIn(pod["restartPolicy"], ("Never", "OnFailure"), "a Job's pods may not restart Always")
        names = {v["name"] for v in pod.get("volumes", [])}
        for container in pod["containers"]:
            self.assertRegex(container["name"], r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
            self.assertTrue(container["image"])
            self.assertTrue(all(isinstance(word, str) for word in container["command"]),
                            "every word of a command is a string (YAML reads 2 as a number)")
            for mount in container.get("volumeMounts", []):
                self.assertIn(mount["name"], names, "a mount names a volume of the pod")
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            self.assertEqual("1", env.get("LAB_NO_SET_UP"), "a pod never builds the project it shares")
        labels = job["spec"]["template"]["metadata"]["labels"]
        self.assertTrue(all(isinstance(v, str) for v in labels.values()))
        return pod

    def test_the_grading_is_an_indexed_job_of_n_shards(self):
        job = load("grade-job.yaml")
        pod = self.check_job(job)
        spec = job["spec"]
        self.assertEqual("Indexed", spec["completionMode"])
        n = spec["completions"]
        self.assertIsInstance(n, int, "an Indexed Job needs its completions")
        self.assertGreaterEqual(n, 1)
        self.assertTrue(1 <= spec["parallelism"] <= n)
        if "backoffLimitPerIndex" in spec:
            self.assertEqual("Never", pod["restartPolicy"], "a limit per index counts failed pods")
        (container,) = pod["containers"]
        command = container["command"]
        self.assertEqual(["/course/lab", "grade"], command[:2])
        self.assertEqual(f"{INDEX}/{n}", option(command, "--shard"), "shard K of the Job's N")
        self.assertEqual(f"/grading/out/shard-{INDEX}", option(command, "--out"))
        self.assertIn("--no-gradebook", command)
        self.assertNotIn("--merge", command)
        mounts = [m["mountPath"] for m in container["volumeMounts"]]
        self.assertIn("/grading", mounts, "the shards write where the merge reads")

    def test_the_pod_allows_what_the_sandbox_needs_and_no_root(self):
        pod = load("grade-job.yaml")["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        self.assertEqual("Unconfined", pod["securityContext"]["seccompProfile"]["type"])
        self.assertEqual("Unconfined", pod["securityContext"]["appArmorProfile"]["type"])
        self.assertEqual("Unmasked", container["securityContext"]["procMount"])
        self.assertIs(False, pod["hostUsers"], "an unmasked /proc needs the pod's own user namespace")
        self.assertIs(True, pod["securityContext"]["runAsNonRoot"])
        self.assertNotEqual(0, pod["securityContext"]["runAsUser"])
        self.assertEqual(["ALL"], container["securityContext"]["capabilities"]["drop"])
        self.assertIs(False, container["securityContext"]["allowPrivilegeEscalation"])
        self.assertNotIn("privileged", container["securityContext"])

    def test_the_merge_joins_every_shard_of_the_grading(self):
        grading = load("grade-job.yaml")
        merge = load("merge-job.yaml")
        pod = self.check_job(merge)
        self.assertNotIn("completionMode", merge["spec"])
        (container,) = pod["containers"]
        command = container["command"]
        self.assertEqual(["/course/lab", "grade", "--merge"], command[:3])
        n = grading["spec"]["completions"]
        shards = [word for word in command if word.startswith("/grading/out/shard-")]
        self.assertEqual([f"/grading/out/shard-{k}" for k in range(n)], shards)
        graded = grading["spec"]["template"]["spec"]["containers"][0]["command"]
        self.assertEqual(option(graded, "--roster"), option(command, "--roster"), "one roster for all")
        self.assertNotEqual(option(command, "--out"), "/grading/out/shard-0")
        self.assertEqual(grading["spec"]["template"]["spec"]["volumes"], pod["volumes"])

    def test_the_readme_says_they_were_not_run(self):
        readme = (FOLDER / "README.md").read_text(encoding="utf-8")
        self.assertIn("**They have not been run**", readme)
        self.assertIn("course/kubernetes/grade-job.yaml", readme)
        self.assertIn("course/kubernetes/README.md", (ROOT / "README.md").read_text(encoding="utf-8"))
        for name in ("grade-job.yaml", "merge-job.yaml"):
            self.assertIn("NOT RUN HERE", (FOLDER / name).read_text(encoding="utf-8"))


if __name__ == "__main__":
    unittest.main()
