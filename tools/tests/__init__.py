"""Tests of the Jupyter-side tooling (run by ./lab test). Jupyter uses the project's folders."""

from labtools import paths

paths.use_project_jupyter_dirs()
