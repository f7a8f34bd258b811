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
                    extent=(88.0, 146.0, -13.0, 30.0), labels=names_by_iso3)
    ax.legend(handles=legend_handles([("Joint lab", OKABE_ITO["blue"])]))
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pycountry
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from matplotlib.text import Annotation, Text

from analysis.charts.style import NEUTRAL
from analysis.paths import ASSETS

__all__ = [
    "SHAPES_FILE",
    "Extent",
    "Polygon",
    "draw_choropleth",
    "legend_handles",
    "load_shapes",
    "region_extent",
    "has_shape",
    "representative_point",
]

SHAPES_FILE = ASSETS / "countries_asia.json.gz"

#: (lon_min, lon_max, lat_min, lat_max), the order of ``imshow``'s extent.
Extent = tuple[float, float, float, float]
#: A polygon: exterior ring first, then holes; each ring an (n, 2) array of lon, lat.
Polygon = tuple[np.ndarray, ...]

#: Around a region framed by its members' shapes: this share of its size on each side.
FRAME_MARGIN = 0.12

#: A filled country whose projected size (square root of its area) is below this many
#: points gets a marker: about 3 mm, the size of a readable dot.
SMALL_COUNTRY_PT = 9.0
MARKER_SIZE_PT = 8.0
LABEL_SIZE_PT = 10.0
#: A label sits inside its country when at least this share of its box is over it.
INSIDE_SHARE = 0.75
#: The shortest leader line, a third of it inside its country: never a mere tick.
LEADER_MIN_PT = 10.0
#: Leader lines reach about this far: a label goes over grey land rather than further out
#: to sea, and never goes more than twice as far.
LEADER_REACH_PT = 30.0
_LABEL_COLOUR = NEUTRAL["text"]
_HIGHLIGHT_COLOUR = "#1A1A1A"
_HALO_PT = 1.5  # the white halo around label text, each side
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


def _contains(code: str, points: np.ndarray) -> np.ndarray:
    """Which points lie in the country, holes excluded.

    ``Path.contains_points`` on a compound path counts a point inside a hole as inside
    (it tests each ring on its own), so test ring by ring.
    """
    inside = np.zeros(len(points), dtype=bool)
    for polygon in load_shapes()[code]:
        exterior = polygon[0]
        in_box = (
            (points[:, 0] >= exterior[:, 0].min())
            & (points[:, 0] <= exterior[:, 0].max())
            & (points[:, 1] >= exterior[:, 1].min())
            & (points[:, 1] <= exterior[:, 1].max())
        )
        if not in_box.any():
            continue
        candidates = points[in_box]
        hit = Path(exterior).contains_points(candidates)
        for hole in polygon[1:]:
            hit &= ~Path(hole).contains_points(candidates)
        inside[np.flatnonzero(in_box)[hit]] = True
    return inside


def _bbox(path: Path) -> tuple[float, float, float, float]:
    v = path.vertices
    return float(v[:, 0].min()), float(v[:, 0].max()), float(v[:, 1].min()), float(v[:, 1].max())


def _intersects(box: tuple[float, float, float, float], extent: Extent) -> bool:
    return not (
        box[1] < extent[0] or box[0] > extent[1] or box[3] < extent[2] or box[2] > extent[3]
    )


def region_extent(members: Sequence[str], fixed: Extent | None = None) -> Extent | None:
    """The extent a map of these countries shows: ``fixed`` when the region's reference row
    gives one, else a frame around the members' shapes; None when none has a shape (the
    shapes cover Asia and its neighbours only)."""
    if fixed:
        return fixed
    boxes = [_bbox(_country_path(code)) for code in members if code in load_shapes()]
    if not boxes:
        return None
    west, east = min(b[0] for b in boxes), max(b[1] for b in boxes)
    south, north = min(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = FRAME_MARGIN * max(east - west, north - south)
    box = _asset()["meta"]["box"]
    return (
        max(west - pad, box["lon_min"]),
        min(east + pad, box["lon_max"]),
        max(south - pad, box["lat_min"]),
        min(north + pad, box["lat_max"]),
    )


def has_shape(code: str) -> bool:
    """Whether the shipped shapes can draw the country."""
    return code in load_shapes()


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
        points = points[_contains(code, points)]
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
        ISO3 -> text with a white halo, placed when the map is drawn: inside the country
        when it fits, else at the nearest free spot beside it with a short leader line
        (over sea, else grey land, over another country with data or with a leader across
        one only a little and as a last resort), or beside its marker for a small country.
        Labels never overlap each other, a marker, a leader line, the legend or the edge.
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

    entries = []
    for code in label_codes:
        if code not in visible_set:
            continue
        small = code in marked or (
            math.sqrt(_area_deg2(code)) * points_per_degree < SMALL_COUNTRY_PT
        )
        anchor = (
            representative_point(code) if code in marked else representative_point(code, extent)
        )
        entries.append(_Label(code, labels[code], anchor, code in marked, small))  # type: ignore[index]
    if entries:
        raster = _IdRaster.render(visible, extent)
        markers = [e.anchor for e in entries if e.marker] + [
            representative_point(c) for c in marked if c not in label_codes
        ]
        busy = (fill_codes | set(label_codes) | set(highlight_codes)) & visible_set
        ax.add_artist(_LabelLayer(ax, entries, raster, markers, busy))


@dataclass(frozen=True)
class _Label:
    code: str
    text: str
    anchor: tuple[float, float]
    marker: bool  # the country has a marker at ``anchor``: the label goes beside it
    small: bool  # too small to hold any label: never try inside


@dataclass(frozen=True)
class _IdRaster:
    """Which country covers each cell of the extent: 0 sea, i + 1 for ``codes[i]``, -1 other land.

    Label placement asks "is this label box over sea or over its own country?" thousands of
    times; a raster rendered once by Agg answers each in one array lookup.
    """

    ids: np.ndarray  # rows from lat_max (top) down to lat_min
    codes: tuple[str, ...]
    extent: Extent

    @classmethod
    def render(cls, codes: Sequence[str], extent: Extent, cells: int = 1200) -> _IdRaster:
        """Rasterise at about one cell per screen pixel: ``cells`` along the longer side."""
        lon_min, lon_max, lat_min, lat_max = extent
        cell_deg = max(lon_max - lon_min, lat_max - lat_min) / cells
        width = max(1, round((lon_max - lon_min) / cell_deg))
        height = max(1, round((lat_max - lat_min) / cell_deg))
        fig = Figure(figsize=(width / 100, height / 100), dpi=100)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(lon_min, lon_max)
        ax.set_ylim(lat_min, lat_max)
        paths = [_country_path(c) for c in codes]
        colours = [((i + 1) % 256 / 255, (i + 1) // 256 / 255, 0.0) for i in range(len(codes))]
        if _unassigned():
            paths.append(_unassigned_path())
            colours.append((1.0, 1.0, 1.0))
        ax.add_collection(
            PatchCollection(
                [PathPatch(p) for p in paths],
                facecolors=colours,
                edgecolors="none",
                linewidths=0,
                antialiased=False,
            )
        )
        fig.set_facecolor((0, 0, 0))
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba()).astype(np.int32)
        ids = rgba[..., 0] + 256 * rgba[..., 1]
        ids[(rgba[..., 0] == 255) & (rgba[..., 1] == 255) & (rgba[..., 2] == 255)] = -1
        return cls(ids.astype(np.int16), tuple(codes), extent)

    def lookup(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Ids at the given points; points outside the extent read as -1 (not allowed)."""
        lon_min, lon_max, lat_min, lat_max = self.extent
        rows, cols = self.ids.shape
        col = np.floor((lon - lon_min) / (lon_max - lon_min) * cols).astype(int)
        row = np.floor((lat_max - lat) / (lat_max - lat_min) * rows).astype(int)
        inside = (col >= 0) & (col < cols) & (row >= 0) & (row < rows)
        out = np.full(lon.shape, -1, dtype=np.int64)
        out[inside] = self.ids[row[inside], col[inside]]
        return out

    def id_of(self, code: str) -> int:
        return self.codes.index(code) + 1


class _LabelLayer(Artist):
    """Places the country labels when the map is drawn, from the final on-screen geometry.

    Placing at draw time means the layout that ``finish()`` applies afterwards (which
    shrinks the map while the text keeps its point size) cannot make labels collide. Each
    label goes inside its country if the text fits there; else to the nearest free spot
    beside it, with a short leader line from inside the country (see ``_beside``); a country
    with a marker has its label beside the dot instead. Labels never overlap each other,
    a marker, a leader line, the legend or the edge of the map.
    """

    def __init__(
        self,
        ax: Axes,
        entries: Sequence[_Label],
        raster: _IdRaster,
        markers: Sequence[tuple[float, float]],
        busy: set[str],
    ) -> None:
        super().__init__()
        self.axes = ax
        self.set_zorder(5)
        self.set_in_layout(False)
        self._entries = sorted(entries, key=lambda e: (not e.marker, _area_deg2(e.code)))
        self._raster = raster
        self._markers = list(markers)
        self._busy = np.array(sorted(raster.id_of(code) for code in busy), dtype=np.int64)
        self._key: tuple | None = None
        self._pt = 1.0  # pixels per point, set when placing
        self.texts: list[Annotation] = []

    def draw(self, renderer) -> None:  # noqa: ANN001 - matplotlib's renderer type
        if not self.get_visible():
            return
        key = (tuple(self.axes.transData.get_matrix().ravel()), renderer.dpi)
        if key != self._key:
            self.texts = self._place(renderer)
            self._key = key
        for text in self.texts:
            text.draw(renderer)

    def _place(self, renderer) -> list[Annotation]:  # noqa: ANN001
        ax = self.axes
        figure = ax.get_figure()
        pt = self._pt = renderer.points_to_pixels(1.0)
        radius = MARKER_SIZE_PT / 2 * pt
        markers = ax.transData.transform(np.asarray(self._markers, dtype=float).reshape(-1, 2))
        placed = [(x - radius, y - radius, x + radius, y + radius) for x, y in markers]
        if ax.get_legend() is not None:
            placed.append(tuple(ax.get_legend().get_window_extent(renderer).extents))
        texts = []
        for entry in self._entries:
            probe = Text(0, 0, entry.text, fontsize=LABEL_SIZE_PT, figure=figure)
            size = probe.get_window_extent(renderer)
            w, h = size.width + 2 * _HALO_PT * pt, size.height + 2 * _HALO_PT * pt
            own = self._raster.id_of(entry.code)
            anchor = ax.transData.transform(entry.anchor)
            centre, xy, leader = None, anchor, False
            if not entry.small:
                centre = self._inside(own, anchor, w, h, placed)
            if centre is None:
                points = [] if entry.marker else self._interior(own, LEADER_MIN_PT / 3 * pt)
                points = points if len(points) else anchor[None]
                centre, xy = self._beside(points, anchor, w, h, own, placed, entry.marker)
                leader = centre is not None and not entry.marker
            if centre is None:  # nowhere free: on the country or beside its dot, as a last resort
                xy = anchor
                centre = anchor + ((w / 2 + radius) if entry.marker else 0.0, 0.0)
            placed.append(
                (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)
            )
            if leader:  # later labels keep off the line too
                placed += [(x, y, x, y) for x, y in _segment(xy, centre)]
            text = Annotation(
                entry.text,
                tuple(ax.transData.inverted().transform(xy)),
                xycoords="data",
                xytext=tuple((centre - xy) / pt),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=LABEL_SIZE_PT,
                color=_LABEL_COLOUR,
                path_effects=[patheffects.withStroke(linewidth=2 * _HALO_PT, foreground="white")],
                arrowprops=_LEADER if leader else None,
                annotation_clip=False,
            )
            text.axes = ax
            text.set_figure(figure)
            text.set_gid(f"label-{entry.code}")
            texts.append(text)
        return texts

    def _cells(self, mask: np.ndarray) -> np.ndarray:
        """Pixel centres of the raster cells where ``mask`` is true."""
        rows, cols = np.nonzero(mask)
        lon_min, lon_max, lat_min, lat_max = self._raster.extent
        n_rows, n_cols = mask.shape
        lon = lon_min + (cols + 0.5) / n_cols * (lon_max - lon_min)
        lat = lat_max - (rows + 0.5) / n_rows * (lat_max - lat_min)
        return self.axes.transData.transform(np.column_stack([lon, lat]))

    def _ids(self, px: np.ndarray) -> np.ndarray:
        """Raster ids under pixel positions of any shape (..., 2)."""
        lon, lat = self.axes.transData.inverted().transform(px.reshape(-1, 2)).T
        return self._raster.lookup(lon, lat).reshape(px.shape[:-1])

    def _box_ids(self, centres: np.ndarray, w: float, h: float) -> np.ndarray:
        """Ids under an 11 x 5 grid of points over the text of each w x h label box (the box
        less its halo); the middle point is the box's centre."""
        halo = 2 * _HALO_PT * self._pt
        fx, fy = np.meshgrid(np.linspace(-0.5, 0.5, 11), np.linspace(-0.5, 0.5, 5))
        grid = np.column_stack([fx.ravel() * (w - halo), fy.ravel() * (h - halo)])
        return self._ids(centres[:, None, :] + grid)

    def _free(self, centres: np.ndarray, w: float, h: float, placed: list) -> np.ndarray:
        """Which w x h boxes lie inside the map and clear of everything placed."""
        box = self.axes.get_window_extent()
        x0, y0 = centres[:, 0] - w / 2, centres[:, 1] - h / 2
        x1, y1 = centres[:, 0] + w / 2, centres[:, 1] + h / 2
        ok = (x0 >= box.x0) & (x1 <= box.x1) & (y0 >= box.y0) & (y1 <= box.y1)
        for px0, py0, px1, py1 in placed:
            ok &= ~((x0 <= px1) & (px0 <= x1) & (y0 <= py1) & (py0 <= y1))
        return ok

    def _inside(
        self, own: int, anchor: np.ndarray, w: float, h: float, placed: list
    ) -> np.ndarray | None:
        """The free centre nearest ``anchor`` that lies on the country with most of the box
        (``INSIDE_SHARE``) over it, so the label reads as the country's; or None."""
        cells = self._cells(self._raster.ids == own)
        cells = cells[np.argsort(np.hypot(*(cells - anchor).T))][:: max(1, len(cells) // 4000)]
        cells = cells[self._free(cells, w, h, placed)]
        ids = self._box_ids(cells, w, h)
        good = (ids[:, ids.shape[1] // 2] == own) & ((ids == own).mean(axis=1) >= INSIDE_SHARE)
        return cells[np.argmax(good)] if good.any() else None

    def _interior(self, own: int, depth: float) -> np.ndarray:
        """Pixel points where leader lines may start: the country's outline moved ``depth``
        pixels inwards, so a leader reaches visibly into its country. Parts thinner than
        that are left out (a leader ending in a sliver is ambiguous), unless all are."""
        core = self._raster.ids == own
        cell = self.axes.get_window_extent().width / core.shape[1]  # the raster fills the map
        for _ in range(round(depth / cell)):
            eroded = _erode(core)
            if not eroded.any():
                break
            core = eroded
        points = self._cells(core & ~_erode(core))
        return points[:: max(1, len(points) // 600)]

    def _beside(
        self,
        points: np.ndarray,
        anchor: np.ndarray,
        w: float,
        h: float,
        own: int,
        placed: list,
        marker: bool,
    ) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
        """The best free centre for a w x h box beside ``points`` (where the country's leader
        lines may start, or its ``marker``), and the point its leader starts from.

        A country's label keeps between ``LEADER_MIN_PT`` and twice ``LEADER_REACH_PT``
        from the points; a dot's label has its middle line a few points from the dot. A spot
        costs its gap (the leader's length) plus penalties in units of the reach: the share
        of the text over grey land (so the sea wins when it is that near), eight times the
        share over a country with data and of the leader line across one (so only a small
        overlap or a short crossing is ever accepted, when nothing else is near), one for a
        leader through another label or its line. Between equals, the spot nearer
        ``anchor`` wins. (None, None) when no spot is free.
        """
        pt = self._pt
        reach = LEADER_REACH_PT * pt
        radius = MARKER_SIZE_PT / 2 * pt
        near = (radius + 2 * pt, radius + 6 * pt) if marker else (LEADER_MIN_PT * pt, 2 * reach)
        margin = np.array([near[1] + w / 2, near[1] + h / 2])
        lo, hi = points.min(axis=0) - margin, points.max(axis=0) + margin
        step = max(1.0, (near[1] - near[0]) / 20)
        xs, ys = np.meshgrid(np.arange(lo[0], hi[0], step), np.arange(lo[1], hi[1], step))
        centres = np.column_stack([xs.ravel(), ys.ravel()])
        centres = centres[self._free(centres, w, h, placed)]
        gap, nearest = _box_distance(centres, w, 0.0 if marker else h, points)
        keep = (gap >= near[0]) & (gap <= near[1])
        if not keep.any():
            return None, None
        centres, gap, starts = centres[keep], gap[keep], points[nearest[keep]]
        others = self._busy[self._busy != own]
        ids = self._box_ids(centres, w, h)
        over = np.isin(ids, others).mean(axis=1)
        land = ((ids != 0) & (ids != own)).mean(axis=1) - over
        cost = gap + reach * (land + 8 * over) + 0.2 * np.hypot(*(centres - anchor).T)
        if not marker:
            lines = _segment(starts, centres)
            bare = (np.abs(lines - centres[:, None, :]) > (w / 2, h / 2)).any(axis=2)
            crossed = (np.isin(self._ids(lines), others) & bare).mean(axis=1)
            cost += reach * (8 * crossed + _hits(lines, placed))
        i = int(np.argmin(cost))
        return centres[i], starts[i]


#: Leader lines: dark with a white casing, so they read over dark fills too.
_LEADER = {
    "arrowstyle": "-",
    "color": _LABEL_COLOUR,
    "linewidth": 0.8,
    "shrinkA": 0,
    "shrinkB": 0,
    "path_effects": [patheffects.withStroke(linewidth=2.4, foreground="white")],
}


def _erode(mask: np.ndarray) -> np.ndarray:
    """Cells of ``mask`` whose four neighbours are in it too (the edge of the array is out)."""
    core = np.zeros_like(mask)
    core[1:-1, 1:-1] = (
        mask[1:-1, 1:-1] & mask[:-2, 1:-1] & mask[2:, 1:-1] & mask[1:-1, :-2] & mask[1:-1, 2:]
    )
    return core


def _segment(a: np.ndarray, b: np.ndarray, n: int = 16) -> np.ndarray:
    """``n`` points from ``a`` to ``b`` (points or arrays of them: (..., 2) -> (..., n, 2))."""
    return a[..., None, :] + np.linspace(0.0, 1.0, n)[:, None] * (b - a)[..., None, :]


def _hits(points: np.ndarray, placed: list) -> np.ndarray:
    """Which rows of points (rows, n, 2) have a point strictly inside a placed box."""
    hit = np.zeros(points.shape[:2], dtype=bool)
    for x0, y0, x1, y1 in placed:
        x, y = points[..., 0], points[..., 1]
        hit |= (x > x0) & (x < x1) & (y > y0) & (y < y1)
    return hit.any(axis=1)


def _box_distance(
    centres: np.ndarray, w: float, h: float, points: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distance from each w x h box centred on ``centres`` to the nearest of ``points``,
    and that point's index."""
    gaps, nearest = [], []
    for chunk in np.array_split(centres, len(centres) // 256 + 1):
        dx = np.maximum(np.abs(points[:, 0] - chunk[:, :1]) - w / 2, 0.0)
        dy = np.maximum(np.abs(points[:, 1] - chunk[:, 1:]) - h / 2, 0.0)
        d = np.hypot(dx, dy)
        gaps.append(d.min(axis=1))
        nearest.append(d.argmin(axis=1))
    return np.concatenate(gaps), np.concatenate(nearest)


def legend_handles(entries: Sequence[tuple[str, str]]) -> list[Patch]:
    """Legend patches for ``(label, colour)`` pairs: a choropleth has no artists to list."""
    return [
        Patch(facecolor=colour, edgecolor=NEUTRAL["line"], linewidth=0.6, label=label)
        for label, colour in entries
    ]
