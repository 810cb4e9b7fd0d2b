"""Backprop Lab's Jupyter-side tooling: the kernelspec, running and checking notebooks, JupyterLab.

The `lab` launcher at the project root calls it as `python -m labtools COMMAND`; see
`python -m labtools --help`.
"""
