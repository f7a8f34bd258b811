"""Executed notebook → one self-contained HTML page for a reader without Python.

The page hides the code (analysts find it in the executed notebook), runs no script and
loads nothing from the network (images are embedded), keeps each chart's alt text, sanitizes
every Markdown cell and HTML output, and ends with the provenance footer. The ``report``
template keeps nbconvert's lab markup for cells and outputs but not its page: no require.js
or MathJax from a CDN, and only the few kilobytes of CSS a report uses (``notebook.css``)
instead of JupyterLab's 256 KB stylesheet.
"""

import copy
import re
import threading
from pathlib import Path

from nbconvert import HTMLExporter
from nbformat import NotebookNode

from analysis.reports.provenance import Provenance
from analysis.reports.sanitize import clean_html

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_THREAD = threading.local()


def exporter() -> HTMLExporter:
    """The HTML exporter every report goes through."""
    return HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        sanitize_html=True,
        filters={"clean_html": clean_html},
        embed_images=True,
    )


def export(notebook: NotebookNode, *, title: str, provenance: Provenance, code_note: str) -> str:
    """Render ``notebook`` as a page titled ``title``; the notebook itself is left unchanged."""
    notebook = copy.deepcopy(notebook)
    notebook.metadata["title"] = title
    resources = {"report": {"provenance": provenance, "code_note": code_note}}
    html, _ = _thread_exporter().from_notebook_node(notebook, resources=resources)
    return html


def _thread_exporter() -> HTMLExporter:
    """This thread's exporter: building one compiles its templates, a tenth of a second that
    every report of a batch would otherwise pay again. One per thread, as reports are
    exported side by side."""
    if not hasattr(_THREAD, "exporter"):
        _THREAD.exporter = exporter()
    return _THREAD.exporter


def title_of(notebook: NotebookNode, fallback: str) -> str:
    """The page title: a Markdown heading printed by code if there is one, since it carries
    the parameters (``display(Markdown(f"# {country}"))`` in a report per country); else the
    first heading of the notebook's Markdown cells."""
    outputs = [text for cell, text in _markdown_in_order(notebook) if cell == "output"]
    cells = [text for cell, text in _markdown_in_order(notebook) if cell == "markdown"]
    for text in outputs + cells:
        match = HEADING.search(text)
        if match:
            return match.group(1)
    return fallback


def _markdown_in_order(notebook: NotebookNode):
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            yield "markdown", cell.source
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}):
                yield "output", output.data["text/markdown"]
