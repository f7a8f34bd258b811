"""Figures out of ``charts`` into pages: encoded as images and shown in a notebook.

``charts`` builds figures from frames and stops there; how a figure becomes bytes (and how
those bytes reach a notebook output with alt text) is decided here, once, for every chart.

Every chart becomes a palette PNG: 3 to 5 times smaller than a full-colour one and the same
to the eye, since a chart has a handful of colours (fills, markers, text) and the antialiased
shades between them. SVG would be larger: with its text drawn as paths, so that it looks the
same without the fonts matplotlib used, it is 3 to 25 times the palette PNG (a map 0.5–1 MB).
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from analysis.atomic import write_bytes
from analysis.charts.style import DPI

#: Palette sizes tried in turn; the first that keeps the picture's own colours is used.
PALETTE_SIZES = (32, 64, 128, 256)
#: A colour covering this many pixels is one of the picture's own (a fill, a marker, text),
#: not a shade that antialiasing puts between two of them.
OWN_COLOUR_PIXELS = 100
#: How far, out of 255 in any channel, the palette may move one of those colours: no reader
#: sees it, while two colours merged into one (a marker taking its neighbour's) move further.
TOLERANCE = 12


def to_png(fig: Figure, path: Path | str | None = None, dpi: int = DPI) -> bytes:
    """Render the figure to PNG bytes (see :func:`compact_png`), optionally write them
    atomically, and close it.

    Closing matters: pyplot keeps every open figure alive, so a build that makes dozens
    of charts would otherwise grow without bound (and notebooks would show them twice).
    """
    buffer = io.BytesIO()
    try:  # barely compressed: this PNG is only read back by compact_png
        fig.savefig(
            buffer, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 1}
        )
    finally:
        plt.close(fig)
    data = compact_png(Image.open(buffer))
    if path is not None:
        write_bytes(Path(path), data)
    return data


def compact_png(image: Image.Image) -> bytes:
    """``image`` as a palette PNG with the fewest colours of :data:`PALETTE_SIZES` that keep
    its own colours within :data:`TOLERANCE`; as a full-colour PNG if none does (a heat map
    with hundreds of shades).

    Pillow's maximum-coverage quantizer keeps a small area of a distinct colour (a legend
    marker) that median cut merges into a larger neighbour. No dithering: its noise would
    blur text and cost bytes.
    """
    picture = image.convert("RGB")
    pixels = np.asarray(picture, dtype=np.int64).reshape(-1, 3)
    samples = _one_pixel_per_own_colour(pixels)
    for colours in PALETTE_SIZES:
        indexed = picture.quantize(
            colours, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE
        )
        entries = np.asarray(indexed).ravel()
        palette = _mean_colours(entries, pixels, colours)
        if np.abs(palette[entries[samples]] - pixels[samples]).max(initial=0) <= TOLERANCE:
            indexed.putpalette(palette.astype(np.uint8).ravel().tolist())
            return _png_bytes(indexed)
    return _png_bytes(picture)


def _one_pixel_per_own_colour(pixels: np.ndarray) -> np.ndarray:
    """Where one pixel of each colour covering :data:`OWN_COLOUR_PIXELS` or more is."""
    packed = pixels[:, 0] << 16 | pixels[:, 1] << 8 | pixels[:, 2]
    _, first, counts = np.unique(packed, return_index=True, return_counts=True)
    return first[counts >= OWN_COLOUR_PIXELS]


def _mean_colours(entries: np.ndarray, pixels: np.ndarray, colours: int) -> np.ndarray:
    """Each palette entry's mean over the pixels it stands for (one step of k-means).

    Pillow averages an entry over the box of colours it split off, then gives each pixel
    the nearest entry, often another box's: the entries drift off the chart's colours (its
    grey turns bluish). Its ``kmeans`` refinement also fixes that, but takes 0.2 s on a map.
    """
    members = np.maximum(np.bincount(entries, minlength=colours), 1)
    sums = [np.bincount(entries, weights=channel, minlength=colours) for channel in pixels.T]
    return np.rint(np.stack(sums, axis=1) / members[:, None]).astype(np.int64)


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


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
