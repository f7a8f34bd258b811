"""A thumbnail of each report for the index: its first chart, small, embedded in the page."""

import base64
import io

from nbformat import NotebookNode
from PIL import Image

from analysis.figures import compact_png

WIDTH = 320


def first_png(notebook: NotebookNode) -> bytes | None:
    """The first PNG any output of ``notebook`` shows, or None if it shows none."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if data:
                return base64.b64decode(data)
    return None


def thumbnail(png: bytes, width: int = WIDTH) -> str:
    """``png`` scaled down to ``width`` pixels wide, as a ``data:`` URI for an ``<img src>``:
    a palette PNG like the charts (:func:`analysis.figures.compact_png`), since the index
    carries one per report."""
    image = Image.open(io.BytesIO(png)).convert("RGB")  # a palette image resizes coarsely
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return "data:image/png;base64," + base64.b64encode(compact_png(image)).decode("ascii")


def preview(notebook: NotebookNode) -> str | None:
    """The index thumbnail for ``notebook``: its first PNG, scaled down; None if it has none."""
    png = first_png(notebook)
    return thumbnail(png) if png else None
