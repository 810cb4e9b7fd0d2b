"""Backprop Lab's Jupyter-side tooling: the kernelspec, running and checking notebooks, JupyterLab.

The `lab` launcher at the project root calls it as `python -m labtools COMMAND`; see
`python -m labtools --help`.
"""

import sys as _sys

from .paths import KERNELGUARD as _KERNELGUARD

# kernelguard (the kernel supervisor and the client layer every kernel start goes through) is a
# package of its own at the project root; make it importable wherever labtools runs (appended:
# nothing in that folder may shadow a module of the caller's, such as tools/tests).
if str(_KERNELGUARD) not in _sys.path:
    _sys.path.append(str(_KERNELGUARD))
