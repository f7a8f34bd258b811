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

#: Palette sizes tried in turn; the first that keeps the picture's colours (see
#: :func:`compact_png`) is used. Fine steps, since fewer colours make fewer bytes; and a try
#: is cheap (the quantizer works on the picture's colours, not its pixels).
PALETTE_SIZES = tuple(range(16, 257, 8))
#: A colour covering this many pixels is one of the picture's own (a fill, a marker, text),
#: not a shade that antialiasing puts between two of them.
OWN_COLOUR_PIXELS = 100
#: How far, out of 255 in any channel, the palette may move one of those colours: no reader
#: sees it, while two colours merged into one (a marker taking its neighbour's) move further.
TOLERANCE = 12
#: How far any other colour, a shade between two of them, may move: further, and a line a
#: pixel wide, drawn in such shades, fades into what is around it (a white border between
#: two pale countries).
SHADE_TOLERANCE = 2 * TOLERANCE
#: Rounds of k-means (each colour to its nearest entry, each entry to its colours' mean)
#: that refine the quantizer's palette: the first pulls the entries back onto the chart's
#: colours, the second lets a smaller palette keep them (a bar chart in 16 colours, not 24).
KMEANS_ROUNDS = 2
#: zlib level of the PNG. Level 9 makes it 7 % smaller but takes six times as long (40 ms a
#: chart); the fine palette sizes win most of those bytes back.
COMPRESS_LEVEL = 7


def to_png(fig: Figure, path: Path | str | None = None, dpi: int = DPI) -> bytes:
    """Render the figure to PNG bytes (see :func:`compact_png`), optionally write them
    atomically, and close it.

    Closing matters: pyplot keeps every open figure alive, so a build that makes dozens
    of charts would otherwise grow without bound (and notebooks would show them twice).
    """
    try:
        picture = _rendered(fig, dpi)
    finally:
        plt.close(fig)
    data = compact_png(picture)
    if path is not None:
        write_bytes(Path(path), data)
    return data


def _rendered(fig: Figure, dpi: int) -> Image.Image:
    """The figure drawn at ``dpi`` on white, straight from Agg's pixels: no PNG encoded
    only to be decoded again."""
    fig.set_dpi(dpi)  # so that the canvas says how many pixels savefig draws
    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=dpi, facecolor="white")
    width, height = fig.canvas.get_width_height(physical=True)
    return Image.fromarray(np.frombuffer(raw.getbuffer(), np.uint8).reshape(height, width, 4))


def compact_png(image: Image.Image) -> bytes:
    """``image`` as a palette PNG with the fewest colours of :data:`PALETTE_SIZES` that keep
    its own colours within :data:`TOLERANCE` and the shades between them within
    :data:`SHADE_TOLERANCE`; as a full-colour PNG if none does (a heat map with hundreds of
    shades).

    Pillow's maximum-coverage quantizer keeps a small area of a distinct colour (a legend
    marker) that median cut merges into a larger neighbour. It is shown each colour of the
    picture once (a chart has a few thousand), not its million pixels; the palette is then
    refined and applied here colour by colour, each weighted by its pixels, so that a try
    takes about a millisecond. No dithering: its noise would blur text and cost bytes.
    """
    keys = _colour_keys(image)
    found, pixels = np.unique(keys, return_counts=True)
    colours = found.astype("<u4").view(np.uint8).reshape(-1, 4)[:, :3].astype(np.int64)
    distinct = Image.fromarray(colours.astype(np.uint8)[None])
    own = pixels >= OWN_COLOUR_PIXELS
    for size in PALETTE_SIZES:
        offered = distinct.quantize(
            size, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE
        ).getpalette()
        palette, entries = _refined(np.reshape(offered, (-1, 3)), colours, pixels)
        shift = np.abs(palette[entries] - colours).max(axis=1)
        if shift[own].max(initial=0) <= TOLERANCE and shift.max() <= SHADE_TOLERANCE:
            entry_of = np.zeros(1 << 24, np.uint8)  # by colour key: 16 MB, few pages written
            entry_of[found] = entries
            indexed = Image.fromarray(entry_of[keys])
            indexed.putpalette(palette.astype(np.uint8).ravel().tolist())
            return _png_bytes(indexed)
    return _png_bytes(image.convert("RGB"))


def _colour_keys(image: Image.Image) -> np.ndarray:
    """Each pixel's colour as one number, 0xBBGGRR (rows, columns); alpha is dropped, as
    ``convert("RGB")`` drops it."""
    return np.asarray(image.convert("RGBA")).view("<u4")[..., 0] & 0xFFFFFF


def _refined(
    palette: np.ndarray, colours: np.ndarray, pixels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The palette after :data:`KMEANS_ROUNDS` of k-means over the ``colours`` weighted
    by their ``pixels``, and each colour's entry in it.

    Each entry ends as the mean of the colours it stands for. Pillow leaves it at the mean
    of the box of colours it split off, while some of them go to another box's entry: the
    entries drift off the chart's colours (its grey turns bluish). Its own ``kmeans``
    option runs over every pixel, 0.2 s on a map.
    """
    for _ in range(KMEANS_ROUNDS):
        entries = _nearest(palette, colours)
        members = np.maximum(np.bincount(entries, weights=pixels, minlength=len(palette)), 1)
        sums = [
            np.bincount(entries, weights=pixels * channel, minlength=len(palette))
            for channel in colours.T
        ]
        palette = np.rint(np.stack(sums, axis=1) / members[:, None]).astype(np.int64)
    return palette, entries


def _nearest(palette: np.ndarray, colours: np.ndarray) -> np.ndarray:
    """Each colour's nearest palette entry (squared distance, as Pillow maps them)."""
    # |c - p|² = |c|² - 2 c·p + |p|², and |c|² is the same for every entry of a colour.
    return np.argmin((palette**2).sum(axis=1) - 2 * colours @ palette.T, axis=1)


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=COMPRESS_LEVEL)
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
