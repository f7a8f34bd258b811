"""Drawing a choropleth: every country in a frame, filled by category, with a marker for
the small ones and the labels placed by ``labels``.

The base map of a frame (the outline of every shape it shows, cut to the frame and turned
into matplotlib paths) is built once per process and reused by every map of that frame:
a report draws several maps of the same region, and a map then costs one collection of
ready paths, coloured for the chart.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from analysis.charts import geometry
from analysis.charts.geometry import Extent
from analysis.charts.labels import MARKER_SIZE_PT, Label, LabelLayer
from analysis.charts.style import NEUTRAL

__all__ = ["base_map", "draw_choropleth", "legend_handles"]

#: A filled country whose projected size (square root of its area) is below this many
#: points gets a marker: about 3 mm, the size of a readable dot.
SMALL_COUNTRY_PT = 9.0
_HIGHLIGHT_COLOUR = "#1A1A1A"


def _path(shape: BaseGeometry) -> Path:
    """One compound path for all rings of a shape: exteriors counter-clockwise and holes
    clockwise, so the non-zero fill rule leaves the holes empty."""
    vertices, codes = [], []
    for part in shapely.get_parts(shape):
        if part.geom_type != "Polygon":
            continue  # a cut can leave lines where shapes touch the frame
        part = orient(part, sign=1.0)
        for ring in [part.exterior, *part.interiors]:
            ring_vertices = np.asarray(ring.coords)
            ring_codes = np.full(len(ring_vertices), Path.LINETO, dtype=Path.code_type)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            vertices.append(ring_vertices)
            codes.append(ring_codes)
    return Path(np.concatenate(vertices), np.concatenate(codes), readonly=True)


@functools.cache
def base_map(extent: Extent) -> Mapping[str, Path]:
    """The paths of every shape the frame shows, by code (``""`` for the unassigned land),
    each cut just beyond the frame. Built once per frame and process, then reused."""
    return MappingProxyType(
        {code: _path(shape) for code, shape in geometry.visible(extent).items()}
    )


def _points_per_degree(ax: Axes, extent: Extent) -> float:
    """Points per degree of latitude once the map fills its axes at the fixed aspect."""
    fig = ax.get_figure()
    position = ax.get_position()
    width_pt = position.width * fig.get_figwidth() * 72
    height_pt = position.height * fig.get_figheight() * 72
    return min(
        width_pt * geometry.aspect(extent) / (extent[1] - extent[0]),
        height_pt / (extent[3] - extent[2]),
    )


def draw_choropleth(
    ax: Axes,
    fills: Mapping[str, str],
    *,
    extent: Extent,
    default_fill: str = NEUTRAL["no_data"],
    edge: str = "white",
    highlight: str | None = None,
    labels: Mapping[str, str] | None = None,
    small_country_markers: bool = True,
) -> None:
    """Draw every country inside ``extent``, filled by ISO3 code, on ``ax``.

    Parameters
    ----------
    fills
        ISO3 -> colour. Countries not in it get ``default_fill``. Codes of real countries
        outside the shipped shapes are ignored; strings that are no ISO3 code raise
        ``ValueError`` (a typo must not silently leave a country grey).
    extent
        ``(lon_min, lon_max, lat_min, lat_max)`` in degrees, inside the asset's box.
    edge
        Border colour between countries; white reads as a gap, the least ink.
    highlight
        One ISO3 code outlined in a thick dark line (the country the chart is about).
    labels
        ISO3 -> text with a white halo, placed when the map is drawn: inside the country
        when it fits, else at the nearest free spot beside it with a short leader line
        (over sea, else grey land, over another country with data or with a leader across
        one only a little and as a last resort), or beside its marker for a small country.
        Labels never overlap each other, a marker, a leader line, the legend or the edge.
    small_country_markers
        Give filled countries too small to see at this scale a circle marker in their
        fill colour.
    """
    geometry.check_extent(extent)
    fill_codes = set(geometry.check_codes("fills", list(fills)))
    label_codes = geometry.check_codes("labels", list(labels or {}))
    highlight_codes = set(geometry.check_codes("highlight", [highlight] if highlight else []))
    paths = base_map(extent)
    colours = {code: fills[code] if code in fill_codes else default_fill for code in paths}
    _draw_countries(ax, paths, colours, edge, highlight_codes)
    _frame_axes(ax, extent)

    shown = set(colours) - {""}
    small = _too_small_to_see(ax, extent, shown)
    dots = {code: colours[code] for code in (fill_codes | highlight_codes) & small}
    marked = _draw_markers(ax, dots, extent, highlight) if small_country_markers else {}
    entries = [
        Label(
            code,
            (labels or {})[code],
            marked.get(code) or geometry.label_point(code, extent),
            marker=code in marked,
            small=code in small,
        )
        for code in label_codes
        if code in shown
    ]
    if entries:
        busy = (fill_codes | set(label_codes) | highlight_codes) & shown
        ax.add_artist(LabelLayer(ax, entries, extent, list(marked.values()), busy))


def _draw_countries(
    ax: Axes, paths: Mapping[str, Path], colours: Mapping[str, str], edge: str, highlight: set[str]
) -> None:
    """A frame's base map (``base_map``) in these colours (by code), and the highlighted
    countries outlined."""
    ax.add_collection(
        PathCollection(
            list(paths.values()),
            facecolors=[colours[code] for code in paths],
            edgecolors=edge,
            linewidths=0.6,
            zorder=1,
        ),
        autolim=False,
    )
    for code in highlight & set(paths):
        # an artist, not a patch: the frame sets the limits, the outline need not be measured
        ax.add_artist(
            PathPatch(
                paths[code], facecolor="none", edgecolor=_HIGHLIGHT_COLOUR, linewidth=1.6, zorder=3
            )
        )


def _too_small_to_see(ax: Axes, extent: Extent, codes: set[str]) -> set[str]:
    """The countries whose projected size (square root of their area) is under
    ``SMALL_COUNTRY_PT`` on this map: judged by size at the map's scale, not by a list."""
    points_per_degree = _points_per_degree(ax, extent)
    return {
        code
        for code in codes
        if math.sqrt(geometry.area_deg2(code)) * points_per_degree < SMALL_COUNTRY_PT
    }


def _frame_axes(ax: Axes, extent: Extent) -> None:
    """The frame's limits at the projection's aspect, with no ticks or spines."""
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect(geometry.aspect(extent), adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _draw_markers(
    ax: Axes, colours: Mapping[str, str], extent: Extent, highlight: str | None
) -> dict[str, tuple[float, float]]:
    """A dot in its colour on each of these (small) countries inside the frame; returns
    where each dot is."""
    marked = {}
    for code, colour in sorted(colours.items()):
        x, y = geometry.label_point(code)
        if not (extent[0] <= x <= extent[1] and extent[2] <= y <= extent[3]):
            continue
        ax.plot(
            x,
            y,
            marker="o",
            markersize=MARKER_SIZE_PT,
            markerfacecolor=colour,
            markeredgecolor=_HIGHLIGHT_COLOUR if code == highlight else "#444444",
            markeredgewidth=1.4 if code == highlight else 0.8,
            linestyle="none",
            zorder=4,
            gid=f"marker-{code}",
        )
        marked[code] = (x, y)
    return marked


def legend_handles(entries: Sequence[tuple[str, str]]) -> list[Patch]:
    """Legend patches for ``(label, colour)`` pairs: a choropleth has no artists to list."""
    return [
        Patch(facecolor=colour, edgecolor=NEUTRAL["line"], linewidth=0.6, label=label)
        for label, colour in entries
    ]
