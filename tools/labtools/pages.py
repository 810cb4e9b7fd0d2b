"""Writing executed notebooks and their HTML pages, with an index of the lectures in order."""

import html
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from . import paths

# page_template/backprop: JupyterLab's page, with nothing loaded from the internet.
TEMPLATES = Path(__file__).parent / "page_template"


def output_base(notebook: Path) -> Path:
    """build/notebooks/<name> for notebooks/<name>.ipynb; build/solution-pages/<name> for
    solutions/<name>.ipynb; other folders of the project keep their path under build/notebooks;
    a notebook from outside the project goes to build/notebooks/elsewhere/<name>."""
    try:
        rel = notebook.resolve().relative_to(paths.ROOT).with_suffix("")
    except ValueError:
        return paths.OUTPUT / "elsewhere" / notebook.stem
    if rel.parts[0] == "solutions":
        return paths.SOLUTION_PAGES / Path(*rel.parts[1:])
    if rel.parts[0] == "notebooks":
        rel = Path(*rel.parts[1:])
    return paths.OUTPUT / rel


def title(notebook) -> str:
    """The first Markdown heading, else the file name."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.split("\n"):
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def write(run) -> tuple[Path, Path]:
    """Saves the executed notebook (with how the run went) and its HTML page; returns both."""
    base = output_base(run.path)
    base.parent.mkdir(parents=True, exist_ok=True)
    outcome = {"ok": run.ok}
    if not run.ok:
        outcome.update(cell=run.failure.cell, kind=run.failure.kind)
    run.notebook.metadata.setdefault("backprop_lab", {})["run"] = outcome
    executed = base.with_suffix(".ipynb")
    nbformat.write(run.notebook, executed)
    page = base.with_suffix(".html")
    exporter = HTMLExporter(template_name="backprop", extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_notebook_node(
        run.notebook, resources={"metadata": {"name": title(run.notebook) or run.path.stem}})
    page.write_text(body, encoding="utf-8")
    return executed, page


def write_index() -> Path:
    """build/notebooks/index.html: a link to the page of each lecture (notebooks/*.ipynb) that
    has one, in order. Only lectures: whatever else ./lab run ran (a solution, an exercise, a
    test's notebook) is not a lecture."""
    paths.OUTPUT.mkdir(parents=True, exist_ok=True)
    items = []
    for notebook in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        base = output_base(notebook)
        if not base.with_suffix(".html").is_file() or not base.with_suffix(".ipynb").is_file():
            continue
        executed = nbformat.read(base.with_suffix(".ipynb"), as_version=4)
        outcome = executed.metadata.get("backprop_lab", {}).get("run", {})
        status = ("" if outcome.get("ok") else
                  f' <span class="failed">(failed at cell {outcome.get("cell", "?")}: '
                  f'{html.escape(str(outcome.get("kind", "?")))})</span>')
        link = base.with_suffix(".html").relative_to(paths.OUTPUT)
        name = title(executed) or notebook.stem
        items.append(f'  <li><a href="{html.escape(str(link))}">{html.escape(name)}</a>'
                     f' <span class="file">{html.escape(notebook.name)}</span>{status}</li>')
    page = paths.OUTPUT / "index.html"
    page.write_text(INDEX.format(items="\n".join(items)), encoding="utf-8")
    return page


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backprop Lab: lectures</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.6; }}
  .file {{ color: #777; font-size: 0.85em; margin-left: 0.5em; }}
  .failed {{ color: #b00020; }}
</style>
</head>
<body>
<h1>Backprop Lab: lectures</h1>
<p>Each page is a notebook as it ran on the Java kernel, outputs included.</p>
<ol>
{items}
</ol>
</body>
</html>
"""
