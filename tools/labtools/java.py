"""Which Java runs Backprop Lab: the ONE rule, for the kernel and for every Java command of ./lab.

$JAVA_HOME/bin/java when JAVA_HOME names a JDK, else the `java` on the PATH. The kernelspec uses
it for the kernels it starts; ./lab asks it (`python -m labtools.java`) for release, grade,
gradebook and the student edition, so a machine with two JDKs never grades on another Java than
the one the notebooks ran on.
"""

import os
import shutil
import sys
from pathlib import Path


class JavaMissing(Exception):
    """No Java to run: the message says what to install or set."""


def java_executable() -> str:
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if java.is_file():
            return str(java)
    found = shutil.which("java")
    if not found:
        where = f"JAVA_HOME={home} has no bin/java, and " if home else ""
        raise JavaMissing(f"{where}java is not on the PATH: install a JDK 17 or newer "
                          "(Debian: apt-get install openjdk-17-jdk) or set JAVA_HOME to one")
    return found


if __name__ == "__main__":
    try:
        print(java_executable())
    except JavaMissing as e:
        print(e, file=sys.stderr)
        sys.exit(1)
