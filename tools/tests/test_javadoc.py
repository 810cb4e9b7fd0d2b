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

    def test_every_public_class_method_constructor_and_constant_has_a_comment(self):
        """Shift+Tab shows the library's Javadoc for every public member a notebook can reach.
        Members the compiler writes (enum values/valueOf, a record's equals/hashCode/toString and
        its canonical constructor, a default constructor, a bridge method) have no source to
        comment and are not listed; a record's accessors are documented by its @param lines, and
        its compact canonical constructor ("public Layer {") by the record's comment."""
        missing = [f"{f.relative_to(paths.ROOT)}: {key}" for f in library_sources()
                   for key in public_declarations(f.read_text(encoding="utf-8"))
                   if not self.index.get(key, "").strip()]
        if missing:
            self.fail(f"{len(missing)} public declarations have no Javadoc comment (Shift+Tab shows "
                      "only their signature):\n  " + "\n  ".join(missing))

    def test_the_scanner_finds_every_public_member_of_the_compiled_library(self):
        """The declarations the test above checks against what javap reads from the library's
        jars, less what the compiler writes without a source: enum values()/valueOf(String), a
        record's canonical constructor, equals, hashCode and toString, a class's default
        constructor and generic bridge methods (LiveTraining's accept(Object) for accept(Epoch))."""
        records: dict[str, str] = {}
        declared = {key for f in library_sources()
                    for key in public_declarations(f.read_text(encoding="utf-8"), records)}
        written = compiled_public_members()
        self.assertGreater(len(written), 400, "javap read the library")
        self.assertIn("Epoch(int,double,double,double,double,double[],int,double)", written)
        self.assertEqual("int,double,double,double,double,double[],int,double", records["Epoch"])
        self.assertEqual([], [key for key in written if key not in declared
                              and not compiler_written(key, written, declared, records)])

    def test_the_public_declarations_are_found_as_a_notebook_reaches_them(self):
        """The scanner of the test above, on a source whose answer is known."""
        source = """
            /** A class. */
            public final class Box {
                public static final int SIDE = 8;
                static final int HIDDEN = 1;
                private int size;
                public Box(int size) { this.size = size; }
                public int size() { if (size > 0) { return size; } return 0; }
                int packageOnly() { return 0; }
                private void hidden() { }
                /** Documented. */
                public static Box of(java.util.List<String> names, double... xs) { return null; }
                @Override
                public String toString() { return "box"; }
                public enum Colour { RED("r"), GREEN("g"); Colour(String s) { } public String id() { return ""; } }
                public record Corner(int x, int y) {
                    public Corner { }
                    public int sum() { return x + y; }
                }
                public interface Measure { double at(int i); default int n() { return 1; } }
                private static final class Inner { public void notReachable() { } }
                static final Runnable TASK = new Runnable() { public void run() { } };
            }
            final class Helper { public void notReachable() { } }
            """
        self.assertEqual(["Box", "Box.SIDE", "Box(int)", "Box.size()", "Box.of(List,double[])",
                          "Box.toString()", "Box.Colour", "Box.Colour.RED", "Box.Colour.GREEN",
                          "Box.Colour.id()", "Box.Corner", "Box.Corner.x()", "Box.Corner.y()",
                          "Box.Corner.sum()", "Box.Measure", "Box.Measure.at(int)", "Box.Measure.n()"],
                         public_declarations(source))


def library_sources() -> list:
    """The Java sources the index is built from."""
    return [f for module in javadoc.MODULES
            for f in sorted((paths.ROOT / "lib" / module / "src" / "main" / "java").rglob("*.java"))]


def public_declarations(text: str, records: dict[str, str] | None = None) -> list[str]:
    """The index keys of the declarations of one source file that a notebook can reach: the
    public classes, interfaces, enums and records whose enclosing types are all public, and their
    public methods, constructors, fields and enum constants (an interface's members are public
    unless private), and a public record's components (as its accessors, "Record.x()"). A compact
    canonical constructor ("public Layer {") is left out: the record's comment, with its @param
    lines, is what documents it. The declarations are read with the indexer's tokens and keys, so
    a key here is the key the supervisor looks the member up by. `records`, if given, gets each
    public record's component types, as its canonical constructor's key has them: "int,double"."""
    found = []
    owners = []  # [name, depth of its body, kind, reachable, still in its enum constants]
    depth, segment = 0, ""

    def member():
        d = javadoc.ANNOTATION.sub(" ", segment).strip()
        if not d or not owners or owners[-1][1] != depth or not owners[-1][3]:
            return
        names, kind = [o[0] for o in owners], owners[-1][2]
        if owners[-1][4]:                                   # enum constants: A, B("b"), C
            found.extend(".".join(names + [c]) for c in re.findall(r"(?:^|,)\s*(\w+)", d))
            return
        words = set(re.findall(r"[\w-]+", d.split("(")[0].split("=")[0]))
        if not ("public" in words or (kind == "interface" and "private" not in words)):
            return
        if "(" not in d and "=" not in d and len(words - javadoc.MODIFIERS) == 1:
            return                                          # a compact canonical constructor
        key = javadoc._key(segment, names, False)
        if key:
            found.append(key)

    pos = 0
    for m in javadoc.TOKENS.finditer(text):
        segment += text[pos:m.start()]
        pos = m.end()
        if m.group("doc") is not None:
            member()
            segment = ""
            continue
        p = m.group("punct")
        if not p:
            continue                                        # plain comments and literals
        d = javadoc.ANNOTATION.sub(" ", segment)
        t = javadoc.TYPE_DECL.search(d) if p == "{" else None
        if t and "(" not in d[:t.start()] and "=" not in d:
            outer = owners[-1] if owners else None
            reachable = outer is None or (outer[3] and outer[1] == depth)
            words = set(d[:t.start()].split())
            public = "public" in words or (outer is not None and outer[2] == "interface"
                                            and "private" not in words)
            key = ".".join([o[0] for o in owners] + [t.group(2)])
            if reachable and public:
                found.append(key)
                if t.group(1) == "record":
                    start = d.index("(", t.end())
                    components = d[start + 1:javadoc._matching_paren(d, start)]
                    if records is not None:
                        records[key] = ",".join(javadoc.param_types(components))
                    while re.search(r"<[^<>]*>", components):
                        components = re.sub(r"<[^<>]*>", "", components)
                    found.extend(f"{key}.{c.split()[-1]}()" for c in components.split(",") if c.strip())
            depth += 1
            owners.append([t.group(2), depth, t.group(1), reachable and public, t.group(1) == "enum"])
        elif p == "{":
            member()
            depth += 1
        elif p == "}":
            if owners and owners[-1][1] == depth:
                owners.pop()
            depth -= 1
        else:                                               # ";"
            member()
            if owners and owners[-1][1] == depth:
                owners[-1][4] = False                       # an enum's constants end at its first ;
        segment = ""
    return found


def compiled_public_members() -> dict[str, str]:
    """Index key -> what javap says of it ("record", "enum", "class", "interface" for a type, its
    declaration for a member), for the public members of the public classes of the library's
    jars whose enclosing classes are public too."""
    members = {}
    for module in javadoc.MODULES:
        jar = next(paths.KERNEL_CLASSPATH.glob(f"backprop-{module}-*.jar"))
        classes = [n[:-6].replace("/", ".") for n in zipfile.ZipFile(jar).namelist()
                   if n.endswith(".class") and "module-info" not in n]
        out = subprocess.run(["javap", "-public", "-cp", str(jar), *classes], check=True,
                             capture_output=True, text=True).stdout
        header = re.compile(r"(public )?[\w ]*?\b(class|interface) (?:\w+\.)*([\w$]+)(.*)\{$", re.M)
        public = {m.group(3) for m in header.finditer(out) if m.group(1)}
        cls = None
        for line in out.split("\n"):
            m = header.match(line)
            if m:
                binary = m.group(3)
                outer = binary.split("$")
                reachable = all("$".join(outer[:i]) in public for i in range(1, len(outer) + 1))
                cls = binary.replace("$", ".") if reachable else None
                if cls:
                    supertype = m.group(4)
                    members[cls] = ("record" if "java.lang.Record" in supertype else
                                    "enum" if "java.lang.Enum<" in supertype else m.group(2))
                continue
            if cls is None or not line.startswith("  "):
                continue
            d = re.sub(r"\bthrows .*", "", line.strip().rstrip(";"))
            while re.search(r"<[^<>]*>", d):
                d = re.sub(r"<[^<>]*>", "", d)
            m = re.search(r"([\w.$]+)\((.*)\)", d)
            if not m:
                members[f"{cls}.{d.split()[-1]}"] = d             # a field or an enum constant
                continue
            types = ",".join(re.split(r"[.$]", t.strip().replace("...", "[]"))[-1]
                             for t in m.group(2).split(",") if t.strip())
            name = re.split(r"[.$]", m.group(1))[-1]
            simple = cls.rsplit(".", 1)[-1]
            members[f"{cls}({types})" if name == simple else f"{cls}.{name}({types})"] = d
    return members


def compiler_written(key: str, written: dict[str, str], declared: set[str],
                     records: dict[str, str]) -> bool:
    """Whether a member javap reads but the sources do not declare is one the compiler writes.
    `records`: each public record's canonical parameter types, "int,double"."""
    if "(" not in key:
        return False
    name, _, params = key.rstrip(")").partition("(")
    owner = name.rpartition(".")[0]
    if written.get(owner) == "enum" and key in (f"{owner}.values()", f"{owner}.valueOf(String)"):
        return True
    if written.get(owner) == "record" and key in (f"{owner}.equals(Object)", f"{owner}.hashCode()",
                                                  f"{owner}.toString()"):
        return True
    if written.get(name) == "record" and records.get(name) == params:
        return True                                                 # the canonical constructor
    if written.get(name) == "class" and not params:
        return not any(k.startswith(name + "(") for k in declared)  # the default constructor
    if "Object" in params.split(","):                               # a bridge: m(Object) for m(T)
        return any(k != key and k.partition("(")[0] == name
                   and k.count(",") == key.count(",") and k in declared for k in written)
    return False


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
