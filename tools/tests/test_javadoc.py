"""The Javadoc index that Shift+Tab shows (labtools/javadoc.py): the comments as written in the
library's sources, under the keys the supervisor looks signatures up by. No kernel needed."""

import re
import subprocess
import unittest
import zipfile

from labtools import javadoc, paths


class IndexTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.index = javadoc.build()

    def test_methods_overloads_constants_nested_classes_and_records_as_their_comments_say(self):
        # Each text as the comment in lib/core's sources reads.
        self.assertEqual("f'(z) for one number.", self.index["Activation.derivative(double)"])
        self.assertEqual("f'(z), entry by entry.", self.index["Activation.derivative(Matrix)"])
        self.assertTrue(self.index["Activation"].startswith("An activation function f, applied"))
        self.assertTrue(self.index["Activation.SIGMOID"].startswith("σ(z) = 1 / (1 + e^(−z))"))
        self.assertEqual("Starts a network of the given layer sizes, input first: sizes(784, 30, 10).",
                         self.index["Network.sizes(int[])"])
        self.assertIn("same seed gives the same network", self.index["Network.Builder.seed(long)"])
        self.assertEqual("1 for the first epoch", self.index["Epoch.number()"], "a record's @param")
        self.assertTrue(self.index["Activation"].endswith("single-number form; backward handles it."),
                        "{@link #backward} as its word")

    def test_every_public_class_of_the_notebooks_library_is_there(self):
        missing = [name for name in public_classes() if name not in self.index]
        self.assertEqual([], missing)

    def test_no_public_method_with_a_comment_in_the_source_is_missed(self):
        """Every public method or constructor whose declaration follows a Javadoc comment (read
        line by line here, not by the indexer's scanner) is in the index by its name."""
        sources = "\n".join(f.read_text(encoding="utf-8") for module in javadoc.MODULES
                            for f in (paths.ROOT / "lib" / module / "src" / "main" / "java").rglob("*.java"))
        lines = sources.split("\n")
        documented = set()
        for i, line in enumerate(lines):
            m = re.match(r"\s*public\s[^=;(]*?\b(\w+)\s*\(", line)
            if not m or re.search(r"\b(record|class|interface|enum)\s", line):
                continue
            j = i - 1
            while j >= 0 and (lines[j].strip().startswith("@") or not lines[j].strip()):
                j -= 1
            if lines[j].strip().endswith("*/") and not lines[j].strip().startswith("//"):
                documented.add(m.group(1))
        names = {k.split("(")[0].rsplit(".", 1)[-1] for k in self.index if "(" in k}
        self.assertEqual(set(), documented - names - {"main"})


def public_classes() -> list[str]:
    """Outer.Inner for every public class of the library's jars, as javap reads them."""
    found = []
    for module in javadoc.MODULES:
        jar = next(paths.KERNEL_CLASSPATH.glob(f"backprop-{module}-*.jar"))
        classes = [n[:-6].replace("/", ".") for n in zipfile.ZipFile(jar).namelist()
                   if n.endswith(".class") and "module-info" not in n]
        out = subprocess.run(["javap", "-public", "-cp", str(jar), *classes], check=True,
                             capture_output=True, text=True).stdout
        for m in re.finditer(r"^public .*?(?:class|interface|enum|record) ([\w.$]+)", out, re.M):
            found.append(".".join(p for p in m.group(1).split(".") if p[:1].isupper()).replace("$", "."))
    return found


if __name__ == "__main__":
    unittest.main()
