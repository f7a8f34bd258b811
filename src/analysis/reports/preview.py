"""A thumbnail of each report for the index: its first chart, small, embedded in the page."""

import base64
import io

from nbformat import NotebookNode
from PIL import Image

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
    """``png`` scaled down to ``width`` pixels wide, as a ``data:`` URI for an ``<img src>``."""
    image = Image.open(io.BytesIO(png))
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def preview(notebook: NotebookNode) -> str | None:
    """The index thumbnail for ``notebook``: its first PNG, scaled down; None if it has none."""
    png = first_png(notebook)
    return thumbnail(png) if png else None
