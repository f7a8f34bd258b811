"""Choropleth maps of Asia drawn with matplotlib alone.

Why no GIS stack: the reports need one kind of map (countries filled by a category, a few
labels), and geopandas/cartopy would bring GDAL/PROJ and downloads at run time. The
country shapes ship with the package (``assets/countries_asia.json.gz``, Natural Earth
1:50m, converted once by ``tools/convert_world_atlas.py``) and are read here with the
standard library.

The projection is equirectangular with the aspect set to ``1 / cos(mid-latitude)``: at
the latitudes of South-East Asia that keeps shapes faithful, and it needs no projection
library. Countries too small to see at the map's scale (judged by their projected area in
points, not by a list) get a circle marker in their fill colour, so a reader still finds
them.

Typical use::

    fig, ax = new_figure()
    draw_choropleth(ax, {"VNM": OKABE_ITO["blue"], "SGP": OKABE_ITO["orange"]},
                    extent=ASEAN_EXTENT, labels={"VNM": "Vietnam"})
    ax.legend(handles=legend_handles([("Joint lab", OKABE_ITO["blue"])]))
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pycountry
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from analysis.charts.style import NEUTRAL
from analysis.paths import ASSETS

__all__ = [
    "ASEAN_EXTENT",
    "ASIA_EXTENT",
    "SHAPES_FILE",
    "Extent",
    "Polygon",
    "draw_choropleth",
    "legend_handles",
    "load_shapes",
]

SHAPES_FILE = ASSETS / "countries_asia.json.gz"

#: (lon_min, lon_max, lat_min, lat_max), the order of ``imshow``'s extent.
Extent = tuple[float, float, float, float]
#: A polygon: exterior ring first, then holes; each ring an (n, 2) array of lon, lat.
Polygon = tuple[np.ndarray, ...]

#: South-East Asia with its neighbours (southern China, eastern India, northern Australia).
ASEAN_EXTENT: Extent = (88.0, 146.0, -13.0, 30.0)
#: Asia from the Middle East to Japan.
ASIA_EXTENT: Extent = (30.0, 150.0, -12.0, 56.0)

#: A filled country whose projected size (square root of its area) is below this many
#: points gets a marker: about 3 mm, the size of a readable dot.
SMALL_COUNTRY_PT = 9.0
MARKER_SIZE_PT = 8.0
LABEL_SIZE_PT = 10.0
_LABEL_COLOUR = NEUTRAL["text"]
_HIGHLIGHT_COLOUR = "#1A1A1A"
_ISO3 = re.compile(r"^[A-Z]{3}$")


@functools.cache
def _asset() -> dict:
    with gzip.open(SHAPES_FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _polygons(raw: list) -> tuple[Polygon, ...]:
    polygons = []
    for rings in raw:
        arrays = []
        for ring in rings:
            array = np.asarray(ring, dtype=float)
            array.flags.writeable = False
            arrays.append(array)
        polygons.append(tuple(arrays))
    return tuple(polygons)


@functools.cache
def load_shapes() -> Mapping[str, tuple[Polygon, ...]]:
    """Country polygons keyed by ISO 3166-1 alpha-3, from the shipped asset (cached).

    Returns a read-only mapping ``ISO3 -> polygons``; each polygon is a tuple of rings
    (exterior counter-clockwise first, then clockwise holes), each ring a read-only (n, 2)
    array of ``lon, lat`` in degrees. It is cached because every map reads the same file.
    Only the part of each country inside the asset's box (see its ``meta``) is there.
    """
    countries = _asset()["countries"]
    return MappingProxyType({code: _polygons(raw) for code, raw in countries.items()})


@functools.cache
def _unassigned() -> tuple[Polygon, ...]:
    """Territories the source gives no ISO code: drawn as land, never coloured."""
    return tuple(p for feature in _asset()["unassigned"] for p in _polygons(feature["polygons"]))


def _path(polygons: Sequence[Polygon]) -> Path:
    """One compound path for all rings of a country (non-zero fill keeps holes empty)."""
    vertices, codes = [], []
    for polygon in polygons:
        for ring in polygon:
            vertices.append(ring)
            ring_codes = np.full(len(ring), Path.LINETO, dtype=Path.code_type)
            ring_codes[0] = Path.MOVETO
            ring_codes[-1] = Path.CLOSEPOLY
            codes.append(ring_codes)
    return Path(np.concatenate(vertices), np.concatenate(codes))


@functools.cache
def _country_path(code: str) -> Path:
    return _path(load_shapes()[code])


@functools.cache
def _unassigned_path() -> Path:
    return _path(_unassigned())


def _ring_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


@functools.cache
def _area_deg2(code: str) -> float:
    """Area in square degrees of latitude, i.e. with longitudes scaled by cos(latitude)."""
    total = 0.0
    for polygon in load_shapes()[code]:
        for ring in polygon:
            mid = math.cos(math.radians(float(ring[:, 1].mean())))
            total += _ring_area(ring) * mid  # holes are clockwise: they subtract
    return abs(total)


def _bbox(path: Path) -> tuple[float, float, float, float]:
    v = path.vertices
    return float(v[:, 0].min()), float(v[:, 0].max()), float(v[:, 1].min()), float(v[:, 1].max())


def _intersects(box: tuple[float, float, float, float], extent: Extent) -> bool:
    return not (
        box[1] < extent[0] or box[0] > extent[1] or box[3] < extent[2] or box[2] > extent[3]
    )


def _check_codes(name: str, codes: Sequence[str]) -> list[str]:
    """Codes of the shapes; unknown ISO codes are an error, real ones off the map are skipped."""
    shapes = load_shapes()
    bad = [c for c in codes if not _ISO3.match(c) or pycountry.countries.get(alpha_3=c) is None]
    if bad:
        raise ValueError(f"{name}: not ISO 3166-1 alpha-3 country codes: {', '.join(sorted(bad))}")
    return [c for c in codes if c in shapes]


def representative_point(code: str, extent: Extent | None = None) -> tuple[float, float]:
    """A point well inside the country (and inside ``extent``): where a label or marker goes.

    An approximation of the pole of inaccessibility: on a grid over the country's visible
    bounding box, the inside point farthest from the outline and from the extent's edge,
    refined once on a finer grid. Centroids would fall outside concave countries (an
    S-shaped coast puts the centroid in the neighbour).
    """
    path = _country_path(code)
    x0, x1, y0, y1 = _bbox(path)
    if extent is not None:
        x0, x1 = max(x0, extent[0]), min(x1, extent[1])
        y0, y1 = max(y0, extent[2]), min(y1, extent[3])
    scale = math.cos(math.radians((y0 + y1) / 2))
    outline = path.vertices
    step = max(1, len(outline) // 4000)
    outline = outline[::step] * (scale, 1.0)

    def best(bx0: float, bx1: float, by0: float, by1: float, n: int) -> tuple[float, float, float]:
        xs, ys = np.meshgrid(np.linspace(bx0, bx1, n), np.linspace(by0, by1, n))
        points = np.column_stack([xs.ravel(), ys.ravel()])
        points = points[path.contains_points(points)]
        if len(points) == 0:
            return (bx0 + bx1) / 2, (by0 + by1) / 2, -1.0
        projected = points * (scale, 1.0)
        d2 = np.full(len(points), np.inf)
        for chunk in range(0, len(outline), 512):
            diff = projected[:, None, :] - outline[None, chunk : chunk + 512, :]
            d2 = np.minimum(d2, np.einsum("ijk,ijk->ij", diff, diff).min(axis=1))
        clearance = np.sqrt(d2)
        if extent is not None:
            edge = np.minimum.reduce(
                [
                    (points[:, 0] - x0) * scale,
                    (x1 - points[:, 0]) * scale,
                    points[:, 1] - y0,
                    y1 - points[:, 1],
                ]
            )
            clearance = np.minimum(clearance, edge)
        i = int(np.argmax(clearance))
        return float(points[i, 0]), float(points[i, 1]), float(clearance[i])

    n = 28
    x, y, clearance = best(x0, x1, y0, y1, n)
    if clearance < 0:
        return x, y
    dx, dy = (x1 - x0) / (n - 1), (y1 - y0) / (n - 1)
    fx, fy, fine = best(x - dx, x + dx, y - dy, y + dy, 11)
    return (fx, fy) if fine >= clearance else (x, y)


def _points_per_degree(ax: Axes, extent: Extent) -> float:
    """Points per degree of latitude once the map fills its axes at the fixed aspect."""
    fig = ax.get_figure()
    position = ax.get_position()
    width_pt = position.width * fig.get_figwidth() * 72
    height_pt = position.height * fig.get_figheight() * 72
    cos_mid = math.cos(math.radians((extent[2] + extent[3]) / 2))
    return min(width_pt / ((extent[1] - extent[0]) * cos_mid), height_pt / (extent[3] - extent[2]))


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
        ISO3 -> text, placed well inside the country with a white halo; next to the marker
        for countries too small to hold it.
    small_country_markers
        Give filled countries too small to see at this scale a circle marker in their
        fill colour.
    """
    lon_min, lon_max, lat_min, lat_max = extent
    box = _asset()["meta"]["box"]
    if not (lon_min < lon_max and lat_min < lat_max):
        raise ValueError(f"extent must be (lon_min, lon_max, lat_min, lat_max), got {extent}")
    if (
        lon_min < box["lon_min"]
        or lon_max > box["lon_max"]
        or lat_min < box["lat_min"]
        or lat_max > box["lat_max"]
    ):
        raise ValueError(f"extent {extent} goes beyond the shipped map data {box}")

    shapes = load_shapes()
    fill_codes = set(_check_codes("fills", list(fills)))
    label_codes = _check_codes("labels", list(labels or {}))
    highlight_codes = _check_codes("highlight", [highlight] if highlight else [])

    visible = [c for c in shapes if _intersects(_bbox(_country_path(c)), extent)]
    paths = [_country_path(c) for c in visible]
    colours = [fills[c] if c in fill_codes else default_fill for c in visible]
    if _unassigned():
        paths.append(_unassigned_path())
        colours.append(default_fill)
    ax.add_collection(
        PatchCollection(
            [PathPatch(p) for p in paths],
            facecolors=colours,
            edgecolors=edge,
            linewidths=0.6,
            zorder=1,
        ),
        autolim=False,
    )
    visible_set = set(visible)
    for code in highlight_codes:
        if code in visible_set:
            ax.add_patch(
                PathPatch(
                    _country_path(code),
                    facecolor="none",
                    edgecolor=_HIGHLIGHT_COLOUR,
                    linewidth=1.6,
                    zorder=3,
                )
            )

    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    ax.set_aspect(1 / math.cos(math.radians((lat_min + lat_max) / 2)), adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)

    points_per_degree = _points_per_degree(ax, extent)
    marked: set[str] = set()
    if small_country_markers:
        for code in sorted((fill_codes | set(highlight_codes)) & visible_set):
            if math.sqrt(_area_deg2(code)) * points_per_degree >= SMALL_COUNTRY_PT:
                continue
            x, y = representative_point(code)
            if not (lon_min <= x <= lon_max and lat_min <= y <= lat_max):
                continue
            ax.plot(
                x,
                y,
                marker="o",
                markersize=MARKER_SIZE_PT,
                markerfacecolor=fills.get(code, default_fill),
                markeredgecolor=_HIGHLIGHT_COLOUR if code in highlight_codes else "#444444",
                markeredgewidth=1.4 if code in highlight_codes else 0.8,
                linestyle="none",
                zorder=4,
                gid=f"marker-{code}",
            )
            marked.add(code)

    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for code in label_codes:
        if code not in visible_set:
            continue
        x, y = representative_point(code, extent)
        small = code in marked or (
            math.sqrt(_area_deg2(code)) * points_per_degree < SMALL_COUNTRY_PT
        )
        ax.annotate(
            labels[code],  # type: ignore[index]
            (x, y),
            xytext=(MARKER_SIZE_PT / 2 + 3, 0) if small else (0, 0),
            textcoords="offset points",
            ha="left" if small else "center",
            va="center",
            fontsize=LABEL_SIZE_PT,
            color=_LABEL_COLOUR,
            path_effects=halo,
            zorder=5,
            annotation_clip=True,
            gid=f"label-{code}",
        )


def legend_handles(entries: Sequence[tuple[str, str]]) -> list[Patch]:
    """Legend patches for ``(label, colour)`` pairs: a choropleth has no artists to list."""
    return [
        Patch(facecolor=colour, edgecolor=NEUTRAL["line"], linewidth=0.6, label=label)
        for label, colour in entries
    ]
