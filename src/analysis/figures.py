"""Figures out of ``charts`` into pages: encoded as images and shown in a notebook.

``charts`` builds figures from frames and stops there; how a figure becomes bytes (and how
those bytes reach a notebook output with alt text) is decided here, once, for every chart.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from analysis.atomic import write_bytes
from analysis.charts.style import DPI


def to_png(fig: Figure, path: Path | str | None = None, dpi: int = DPI) -> bytes:
    """Render the figure to PNG bytes, optionally write them atomically, and close it.

    Closing matters: pyplot keeps every open figure alive, so a build that makes dozens
    of charts would otherwise grow without bound (and notebooks would show them twice).
    """
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    finally:
        plt.close(fig)
    data = buffer.getvalue()
    if path is not None:
        write_bytes(Path(path), data)
    return data


def show(fig: Figure, alt: str) -> None:
    """Display the figure in a notebook as a PNG with alt text, and close it.

    nbconvert 7's ``classic`` template reads the alt text from the output metadata
    (``metadata["image/png"]["alt"]``), but its ``lab`` template writes no alt attribute
    for PNG outputs at all. So the output carries two representations: ``text/html``, an
    ``<img alt=...>`` that every HTML exporter and JupyterLab render first, and
    ``image/png`` with the alt metadata for anything that prefers the raw image.
    """
    if not alt or not alt.strip():
        raise ValueError("show() needs alt text that says what the chart shows")
    from IPython.display import display

    png = base64.b64encode(to_png(fig)).decode("ascii")
    width_px, height_px = (np.asarray(fig.get_size_inches()) * DPI).round().astype(int)
    image_tag = (
        f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt, quote=True)}" '
        f'width="{width_px}" style="max-width: 100%; height: auto;">'
    )
    display(
        {"text/html": image_tag, "image/png": png, "text/plain": f"<Figure: {alt}>"},
        raw=True,
        metadata={"image/png": {"alt": alt}},
    )
