"""One shared look for every chart in the project.

Why one module: a report reads as one argument when every chart has the same anatomy —
a bold title that states the finding, a grey subtitle giving unit and year, the data
in colour-blind-safe colours without decoration, and a source line a reader can trace.
Each chart then only decides what to plot.

Typical use::

    fig, ax = new_figure()
    ax.barh(names, counts, color=OKABE_ITO["blue"])
    finish(fig, title="One partner hosts most joint labs", subtitle="Joint units, 2024",
           source="Source: an institution profile (doc example_profile)")
    # then analysis.figures.show(fig, alt=...) in a notebook, or figures.to_png(fig)

Nothing here changes matplotlib's global ``rcParams``: the style is applied inside
``matplotlib.rc_context`` and set explicitly on the axes it creates, so importing this
module never alters other people's plots.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy

__all__ = [
    "CATEGORICAL",
    "DPI",
    "FONT_SIZES",
    "NEUTRAL",
    "OKABE_ITO",
    "RC",
    "chart_style",
    "finish",
    "new_figure",
    "offset_text",
    "strip_axes",
]

#: Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

#: Order for categorical series: strongest contrasts first, yellow (weak on white) late.
CATEGORICAL: tuple[str, ...] = tuple(
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "sky_blue",
        "reddish_purple",
        "yellow",
        "black",
    )
)

#: Greys for what is not the point of the chart: "other", "no data", text and rules.
NEUTRAL: dict[str, str] = {
    "no_data": "#E3E3E3",  # countries or cells without a value: lighter than any data colour
    "other": "#B0B0B0",  # an "other / rest" category, visible but quiet
    "line": "#D0D0D0",  # grid lines and remaining spines
    "text_muted": "#5F5F5F",  # subtitle, source, tick labels (contrast 6.4:1 on white)
    "text": "#222222",  # titles, labels
}

#: Text sizes in points; nothing under 10 pt so a report stays readable at 100 % zoom.
FONT_SIZES: dict[str, float] = {
    "title": 15.0,
    "subtitle": 11.5,
    "source": 10.0,
    "label": 11.0,
    "tick": 10.5,
}

#: Resolution of the PNGs: 9 x 5.5 in at 120 dpi is 1080 x 660 px, sharp in an HTML column.
DPI = 120

#: Margin around the figure text, in inches.
_MARGIN_IN = 0.16
_GAP_IN = 0.06
#: Between the band left for the axes and what they draw, as tight_layout's pad: a share
#: of the font size.
_PAD_FONT_SIZES = 0.1

RC: dict[str, Any] = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": NEUTRAL["line"],
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.axisbelow": True,
    "axes.labelsize": FONT_SIZES["label"],
    "axes.labelcolor": NEUTRAL["text"],
    "axes.titlesize": FONT_SIZES["label"],
    "axes.titlelocation": "left",
    "axes.prop_cycle": cycler(color=list(CATEGORICAL)),
    "grid.color": NEUTRAL["line"],
    "grid.linewidth": 0.6,
    "font.size": FONT_SIZES["tick"],
    "xtick.labelsize": FONT_SIZES["tick"],
    "ytick.labelsize": FONT_SIZES["tick"],
    "xtick.color": NEUTRAL["text_muted"],
    "ytick.color": NEUTRAL["text_muted"],
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    "legend.frameon": False,
    "legend.fontsize": FONT_SIZES["tick"],
    "patch.edgecolor": "none",
    "lines.linewidth": 2.0,
}


@contextmanager
def chart_style() -> Iterator[None]:
    """Apply the project style to everything created inside the ``with`` block only.

    ``new_figure`` already styles its own axes; wrap the plotting code in this when later
    artists (legends, annotations) should pick up the same defaults.
    """
    with matplotlib.rc_context(RC):
        yield


def new_figure(
    width: float = 9.0, height: float = 5.5, **subplots_kw: Any
) -> tuple[Figure, Axes | np.ndarray]:
    """Create a figure in the project style: report-sized, white, junk-free axes.

    Parameters
    ----------
    width, height
        Size in inches; the default fills an HTML report column without rescaling text.
    **subplots_kw
        Passed to ``Figure.subplots`` (``nrows``, ``ncols``, ``sharex``, ...).

    Returns
    -------
    The figure and its axes (an array of axes when several are asked for), as
    ``plt.subplots`` returns them.
    """
    with chart_style():
        fig = plt.figure(figsize=(width, height), dpi=DPI)
        if type(fig.canvas) is FigureCanvasAgg:  # in scripts and inline in notebooks
            _MeasuringOnceCanvas(fig)  # becomes fig.canvas; GUI canvases are left alone
        axes = fig.subplots(**subplots_kw)
        for ax in np.atleast_1d(axes).ravel():
            strip_axes(ax)
    return fig, axes


def strip_axes(
    ax: Axes,
    *,
    grid: Literal["x", "y", "both"] | None = None,
    spines: Sequence[str] = ("left", "bottom"),
    ticks: bool = False,
) -> Axes:
    """Remove what carries no data: top/right spines, tick marks, heavy grids.

    Parameters
    ----------
    grid
        Light grid lines along this axis (``"x"`` for horizontal bars, ``"y"`` for
        columns), behind the data; none by default.
    spines
        Spines to keep, drawn in light grey; pass ``()`` for none.
    ticks
        Keep short tick marks (useful on time axes); by default only the labels remain.
    """
    for name, spine in ax.spines.items():
        spine.set_visible(name in spines)
        spine.set_color(NEUTRAL["line"])
        spine.set_linewidth(0.8)
    ax.tick_params(
        which="both",
        length=3 if ticks else 0,
        width=0.8,
        color=NEUTRAL["line"],
        labelcolor=NEUTRAL["text_muted"],
        labelsize=FONT_SIZES["tick"],
    )
    ax.set_axisbelow(True)
    ax.grid(False)
    if grid is not None:
        ax.grid(True, axis=grid, color=NEUTRAL["line"], linewidth=0.6)
    ax.xaxis.label.set_color(NEUTRAL["text"])
    ax.yaxis.label.set_color(NEUTRAL["text"])
    return ax


def offset_text(
    ax: Axes, xy: tuple[float, float], text: str, offset: tuple[float, float], **kw: Any
) -> Text:
    """``text`` at ``offset`` points from the data point ``xy``, never clipped: what
    ``ax.annotate(text, xy, xytext=offset, textcoords="offset points")`` draws, for less
    (an annotation places and checks itself again at every layout and draw).

    ``kw`` goes to ``ax.text`` (alignment, font size, colour).
    """
    at = offset_copy(ax.transData, ax.get_figure(), *offset, units="points")
    return ax.text(*xy, text, transform=at, clip_on=False, **kw)


def finish(fig: Figure, *, title: str, subtitle: str, source: str) -> Figure:
    """Add title, subtitle and source, then lay the axes out so that nothing overlaps.

    The title states the finding (bold, left-aligned at the top), the subtitle gives unit
    and year (grey), the source sits bottom-left (small, grey). Long texts wrap to the
    figure width. Call it once, after plotting and before ``to_png``/``show``.
    """
    for name, value in (("title", title), ("subtitle", subtitle), ("source", source)):
        if not value or not value.strip():
            raise ValueError(f"finish() needs a non-empty {name}")
    for old in [t for t in fig.texts if t.get_gid() in {"title", "subtitle", "source"}]:
        old.remove()

    renderer = fig.canvas.get_renderer()
    width_in, height_in = fig.get_size_inches()
    dpi = fig.dpi
    left = _MARGIN_IN / width_in
    max_width_px = (width_in - 2 * _MARGIN_IN) * dpi

    def add(gid: str, text: str, y: float, va: str, **kw: Any) -> Text:
        artist = fig.text(left, y, text, gid=gid, ha="left", va=va, **kw)
        artist.set_text(_wrap(artist, text, max_width_px, renderer))
        return artist

    def height_of(artist: Text) -> float:
        return artist.get_window_extent(renderer).height / dpi

    top = 1 - _MARGIN_IN / height_in
    title_artist = add(
        "title",
        title,
        top,
        "top",
        fontsize=FONT_SIZES["title"],
        fontweight="bold",
        color=NEUTRAL["text"],
    )
    sub_top = top - (height_of(title_artist) + _GAP_IN) / height_in
    subtitle_artist = add(
        "subtitle",
        subtitle,
        sub_top,
        "top",
        fontsize=FONT_SIZES["subtitle"],
        color=NEUTRAL["text_muted"],
    )
    source_artist = add(
        "source",
        source,
        _MARGIN_IN / height_in,
        "bottom",
        fontsize=FONT_SIZES["source"],
        color=NEUTRAL["text_muted"],
    )

    header_in = _MARGIN_IN + height_of(title_artist) + _GAP_IN + height_of(subtitle_artist)
    footer_in = _MARGIN_IN + height_of(source_artist)
    rect_top = 1 - (header_in + 2 * _GAP_IN) / height_in
    rect_bottom = (footer_in + 2 * _GAP_IN) / height_in
    if rect_top <= rect_bottom:
        raise ValueError("finish(): title, subtitle and source leave no room for the chart")

    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        # Constrained layout re-runs at every draw: give it the free band (l, b, w, h).
        engine.set(rect=(left, rect_bottom, 1 - 2 * left, rect_top - rect_bottom))
    elif fig.axes:
        # Tick labels line up with the title: the band starts at the same left margin.
        _fit_subplots(fig, renderer, (left, rect_bottom, 1 - left, rect_top))
    return fig


def _fit_subplots(fig: Figure, renderer: Any, band: tuple[float, float, float, float]) -> None:
    """Move the subplots so that they and all they draw around them (tick labels, legends,
    annotations) fill ``band`` (left, bottom, right, top, in figure fractions).

    For a grid of one cell, what ``tight_layout(rect=band)`` does, measured once instead of
    twice (its second measurement only spaces the cells of a larger grid, which then still
    go through it). No layout engine is left behind either (``tight_layout`` leaves a
    placeholder), so savefig draws the figure once instead of twice.
    """
    fig.set_layout_engine(None)
    specs = {ax.get_subplotspec() for ax in fig.axes}
    tops = {spec.get_topmost_subplotspec() for spec in specs if spec is not None}
    if None in specs or len(tops) != 1 or tops.pop().get_gridspec().get_geometry() != (1, 1):
        fig.tight_layout(rect=band, pad=_PAD_FONT_SIZES)
        fig.set_layout_engine(None)
        return
    cell = fig.subplotpars
    drawn = fig.transFigure.inverted().transform_bbox(
        Bbox.union(
            [
                ax.get_tightbbox(renderer, for_layout_only=True)
                for ax in fig.axes
                if ax.get_visible()
            ]
        )
    )
    pad_x, pad_y = _PAD_FONT_SIZES * matplotlib.rcParams["font.size"] / 72 / fig.get_size_inches()
    left = band[0] + max(cell.left - drawn.x0, 0) + pad_x
    bottom = band[1] + max(cell.bottom - drawn.y0, 0) + pad_y
    right = band[2] - max(drawn.x1 - cell.right, 0) - pad_x
    top = band[3] - max(drawn.y1 - cell.top, 0) - pad_y
    if left >= right or bottom >= top:  # a short figure: tight_layout shares out the room
        fig.tight_layout(rect=band, pad=_PAD_FONT_SIZES)
        fig.set_layout_engine(None)
        return
    fig.subplots_adjust(left=left, bottom=bottom, right=right, top=top)


def _wrap(artist: Text, text: str, max_width_px: float, renderer: Any) -> str:
    """Greedy word wrap of ``text`` so that the artist fits within ``max_width_px``.

    A line is as wide as its words and the spaces between them (the fonts kern no pair
    across a space), so each word is measured once per process (``_text_width``) instead
    of every candidate line: that took time in the square of the text's length, tens of
    milliseconds for a long source line.
    """
    font = artist.get_fontproperties().copy()  # a cache key must not change later

    def width(word: str) -> float:
        return _text_width(word, font, renderer.dpi)

    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        current_width = 0.0
        for word in paragraph.split():
            candidate_width = current_width + width(" ") + width(word) if current else width(word)
            if current and candidate_width > max_width_px:
                lines.append(" ".join(current))
                current, current_width = [word], width(word)
            else:
                current.append(word)
                current_width = candidate_width
        lines.append(" ".join(current))
    return "\n".join(lines)


def _text_width(text: str, font: FontProperties, dpi: float) -> float:
    """Width in pixels of one line of plain text: the same in every figure at this dpi."""
    return _text_extent(text, font, dpi, matplotlib.rcParams["text.hinting"])[0]


@functools.lru_cache(maxsize=8192)
def _text_extent(
    text: str, font: FontProperties, dpi: float, hinting: str
) -> tuple[float, float, float]:
    """Width, height and descent in pixels of plain text, as Agg measures it: they depend
    on nothing else (``hinting`` is the rcParam the measurement reads), so each is measured
    once per process."""
    return RendererAgg(1, 1, dpi).get_text_width_height_descent(text, font, ismath=False)


class _MeasuringOnceRenderer(RendererAgg):
    """Agg, measuring plain text through :func:`_text_extent`.

    matplotlib caches measurements per renderer, and each figure has its own: every chart
    measured its tick labels, legend entries and source line anew, and since matplotlib
    3.11 shapes each string (HarfBuzz) to measure it, that took about 10 ms a chart.
    """

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: bool | str
    ) -> tuple[float, float, float]:
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        return _text_extent(s, prop.copy(), self.dpi, matplotlib.rcParams["text.hinting"])


class _MeasuringOnceCanvas(FigureCanvasAgg):
    """The Agg canvas, with a renderer that measures text once per process."""

    def get_renderer(self) -> RendererAgg:
        renderer = super().get_renderer()
        # Agg makes a plain renderer whenever the size or dpi changes, with no hook for its
        # class; the subclass adds no state, only where measurements come from.
        renderer.__class__ = _MeasuringOnceRenderer
        return renderer
