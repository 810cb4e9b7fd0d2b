"""What a notebook committed to the repository looks like: the stored-output policy.

Committed notebooks hold no outputs and no execution counts: the outputs are made fresh by every
run (`./lab run`, `./lab test`), so a stored number can never go stale or be typed in, and diffs
show only what an author wrote. They also name the project's kernel (solution notebooks the
instructor's), so JupyterLab opens them on it without asking. `./lab test` enforces this;
`./lab strip NOTEBOOK…` brings a notebook in line.
"""

from pathlib import Path

import nbformat

from . import kernelspec

def problems(path: Path) -> list[str]:
    """How the notebook file breaks the policy; empty when it keeps it."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as e:  # unreadable JSON, wrong format: say so instead of a traceback
        return [f"cannot be read as a notebook: {e}"]
    found = []
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as e:
        found.append(f"is not a valid notebook: {e.message}")
    with_outputs = [i + 1 for i, c in enumerate(notebook.cells)
                    if c.cell_type == "code" and c.get("outputs")]
    counted = [i + 1 for i, c in enumerate(notebook.cells)
               if c.cell_type == "code" and c.get("execution_count") is not None]
    if with_outputs:
        found.append(f"has stored outputs (cells {_list(with_outputs)})")
    if counted:
        found.append(f"has execution counts (cells {_list(counted)})")
    name = notebook.metadata.get("kernelspec", {}).get("name")
    wanted = kernelspec.name_for(path)
    if name != wanted:
        found.append(f"names the kernel {name!r} instead of {wanted!r}")
    return found


def strip(path: Path) -> bool:
    """Removes outputs and execution counts and names the project's kernel; True if it changed."""
    before = path.read_text(encoding="utf-8")
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    notebook.metadata["kernelspec"] = kernelspec.metadata(kernelspec.name_for(path))
    after = nbformat.writes(notebook) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def _list(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:10])) + (" …" if len(numbers) > 10 else "")
