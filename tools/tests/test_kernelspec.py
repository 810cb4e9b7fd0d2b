"""The kernelspec is made in one place, for rapaio and for IJava/JJava jars alike, and every
kernel it starts goes through the kernel supervisor (kernelguard)."""

import json
import os
import tempfile
import unittest
import zipfile
from pathlib import Path

from labtools import kernelspec, paths


def fake_jar(folder: Path, name: str, main_class: str | None) -> Path:
    jar = folder / name
    with zipfile.ZipFile(jar, "w") as z:
        manifest = "Manifest-Version: 1.0\n" + (f"Main-Class: {main_class}\n" if main_class else "")
        z.writestr("META-INF/MANIFEST.MF", manifest)
    return jar


def inner_argv(spec: dict) -> list[str]:
    """The command that starts the kernel's JVM: what follows the supervisor's "--" (the last one:
    the grading kernel's sandbox has one before it)."""
    argv = spec["argv"]
    return argv[len(argv) - argv[::-1].index("--"):]


class KernelSpecTest(unittest.TestCase):
    """Needs the Maven build (build/kernel), which ./lab test makes first."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.folder = Path(self.dir.name)

    def tearDown(self):
        self.dir.cleanup()

    def test_the_default_kernel_is_the_pinned_rapaio_jar_with_the_library_on_its_classpath(self):
        spec = kernelspec.kernel_json(kernelspec.DEFAULT_JAR)
        self.assertEqual("Java (Backprop Lab)", spec["display_name"])
        self.assertEqual("java", spec["language"])
        kernel = inner_argv(spec)
        self.assertEqual(["-jar", str(kernelspec.DEFAULT_JAR.resolve()), "{inner_connection_file}"],
                         kernel[-3:])
        self.assertEqual(kernelspec.java_executable(), kernel[0], "the project's Java, not pinned")
        for option in ("-Djava.awt.headless=true", "-Duser.language=en", "-Duser.country=US",
                       "-Xmx2g"):
            self.assertIn(option, kernel)
        self.assertEqual({"RJK_CLASSPATH", "RJK_INIT_SCRIPT", "PYTHONPATH"}, set(spec["env"]))
        jars = spec["env"]["RJK_CLASSPATH"].split(";")
        names = [Path(j).name for j in jars]
        for wanted in ("backprop-core-", "backprop-fast-", "backprop-data-", "backprop-display-",
                       "backprop-check-", "tablesaw-core-", "xchart-", "jackson-databind-",
                       "junit-jupiter-api-", "opentest4j-"):
            self.assertTrue(any(n.startswith(wanted) for n in names), f"{wanted} in {names}")
        self.assertFalse(any(n.startswith("junit-jupiter-engine") for n in names))
        # The instructor's grader never reaches a student's kernel.
        self.assertFalse(any(n.startswith("backprop-grader") for n in names), names)
        self.assertTrue(all(Path(j).is_absolute() and Path(j).is_file() for j in jars))
        self.assertEqual("rapaio-jupyter-kernel-3.0.1.jar", kernelspec.DEFAULT_JAR.name)

    def test_the_kernel_starts_through_the_supervisor_with_the_cell_stopper(self):
        spec = kernelspec.kernel_json(kernelspec.DEFAULT_JAR)
        argv = spec["argv"]
        supervisor = argv[:argv.index("--")]
        self.assertEqual([str(paths.VENV_PYTHON), "-m", "kernelguard.supervisor"], supervisor[:3])
        self.assertEqual(str(paths.AGENT_JAR), supervisor[supervisor.index("--agent") + 1])
        self.assertTrue(paths.AGENT_JAR.is_file(), "built by Maven with the library")
        self.assertEqual(str(paths.KERNEL_DIR / "cds"),
                         supervisor[supervisor.index("--cds-dir") + 1])
        self.assertEqual("{connection_file}", supervisor[-1])
        self.assertNotIn("{connection_file}", inner_argv(spec))
        # Interrupts go to the supervisor (which also takes SIGINT as one), never to the kernel.
        self.assertEqual("message", spec["interrupt_mode"])
        self.assertIn(str(paths.KERNELGUARD), spec["env"]["PYTHONPATH"].split(os.pathsep))
        self.assertEqual({"supervised": True, "agent": str(paths.AGENT_JAR), "interrupt": "stop"},
                         spec["metadata"]["kernelguard"])
        self.assertEqual("rapaio-jupyter-kernel", spec["metadata"]["backprop_lab"]["engine"])

    def test_the_grading_kernel_is_supervised_in_its_sandbox_with_its_own_limits(self):
        from labtools import grading, sandbox

        spec = grading.grading_kernel_json("300m")
        self.assertEqual([str(paths.VENV_PYTHON), sandbox.__file__, "{connection_file}", "--"], spec["argv"][:4])
        self.assertEqual(spec["argv"][4:7], kernelspec.kernel_json()["argv"][:3])
        self.assertIn("--no-child-processes", spec["argv"])
        kernel = inner_argv(spec)
        self.assertEqual(["-Xmx300m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"], kernel[1:4])
        self.assertIn(f"-javaagent:{paths.GUARD_JAR}", kernel)
        self.assertNotIn("-Xmx2g", kernel)
        self.assertEqual(kernelspec.kernel_json()["env"], spec["env"])
        self.assertEqual("message", spec["interrupt_mode"])
        # What the kernel reads at start is inside the sandbox, as are the jars and the Javadoc index.
        readable = sandbox.readable_paths(spec["argv"], spec["env"])
        for needed in (kernelspec.STARTUP_FILE, paths.KERNEL_DIR / "javadoc.json"):
            self.assertIn(str(needed), readable)
        self.assertEqual(kernelspec.STARTUP, kernelspec.STARTUP_FILE.read_text())

    def test_ijava_and_jjava_get_their_own_classpath_variable(self):
        ijava = kernelspec.kernel_json(fake_jar(self.folder, "ijava-1.3.0.jar",
                                                "io.github.spencerpark.ijava.IJava"))
        self.assertEqual({"IJAVA_CLASSPATH", "PYTHONPATH"}, set(ijava["env"]))
        self.assertIn(os.pathsep, ijava["env"]["IJAVA_CLASSPATH"])
        self.assertEqual("message", ijava["interrupt_mode"])
        self.assertIn("kernelguard.supervisor", ijava["argv"])
        jjava = kernelspec.kernel_json(fake_jar(self.folder, "jjava.jar",
                                                "org.dflib.jjava.distro.JJava"))
        self.assertEqual({"JJAVA_CLASSPATH", "PYTHONPATH"}, set(jjava["env"]))
        self.assertIn("--add-opens", inner_argv(jjava))

    def test_an_unknown_jar_is_refused_with_the_reason(self):
        with self.assertRaises(kernelspec.KernelSpecError) as caught:
            kernelspec.kernel_json(fake_jar(self.folder, "x.jar", "com.example.Main"))
        self.assertIn("Main-Class 'com.example.Main'", str(caught.exception))
        with self.assertRaises(kernelspec.KernelSpecError) as caught:
            kernelspec.kernel_json(self.folder / "missing.jar")
        self.assertIn("kernel jar not found", str(caught.exception))

    def test_the_spec_is_written_where_jupyter_path_points(self):
        target = kernelspec.write(kernelspec.DEFAULT_JAR)
        self.assertEqual(paths.JUPYTER_DIRS["JUPYTER_PATH"] / "kernels" / "backprop-lab"
                         / "kernel.json", target)
        self.assertEqual(kernelspec.kernel_json(kernelspec.DEFAULT_JAR),
                         json.loads(target.read_text()))
        self.assertTrue(paths.BUILD in target.parents, "inside the project's build folder")


if __name__ == "__main__":
    unittest.main()
