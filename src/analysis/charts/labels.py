"""Country labels on a map, placed when the map is drawn, from the shapes themselves.

Each label goes inside its country when the text fits there; else to the best free spot
beside it, with a short leader line from inside the country; a country with a marker has
its label beside the dot. Labels never overlap each other, a marker, a leader line, the
legend or the edge of the map.

How a spot is judged without rasterising the map: its text box is sampled at a grid of
points, and shapely says which country, if any, lies under each (``geometry.countries_at``).
Spots beside a country are laid on a grid, ranked by what is cheap to know (the leader's
length, the distance to the country's label point) and judged in full best first, until no
spot left can beat the best found: the penalties for covering land only add to that rank.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.text import Text

from analysis.charts import geometry
from analysis.charts.geometry import Extent
from analysis.charts.style import NEUTRAL

__all__ = ["LABEL_SIZE_PT", "MARKER_SIZE_PT", "Label", "LabelLayer"]

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
_HALO_PT = 1.5  # the white halo around label text, each side
#: A spot is judged at a grid of points over its text (across, down) and at points along
#: its leader line: finely for every final choice (a leader's points a pixel or two apart,
#: so that no crossing of a country slips between them), roughly while ranking the coarse
#: spots.
_Sampling = tuple[tuple[int, int], int]
_FINE: _Sampling = ((11, 5), 48)
_ROUGH: _Sampling = ((6, 3), 8)
#: Points of a placed leader line that later labels keep off: closer than text is tall.
_LEADER_KEPT = 16
#: Spots inside a country tried, at most, and never closer than this many pixels.
_INSIDE_SPOTS, _INSIDE_STEP_PX = 4000, 3.0
#: Leader lines start from at most this many points along a country's inner outline.
_LEADER_STARTS = 150
#: Spots beside a country are first laid this many fine grid steps apart, then refined.
_COARSE = 3
#: Spots judged in full at a time.
_BATCH = 48

#: Leader lines: dark with a white casing, so they read over dark fills too.
_LEADER = {
    "colors": _LABEL_COLOUR,
    "linewidths": 0.8,
    "path_effects": [patheffects.withStroke(linewidth=2.4, foreground="white")],
}
#: A leader runs from inside its country towards the middle of its text, and stops this
#: short of the text's halo.
_LEADER_GAP_PT = 0.5


@dataclass(frozen=True)
class Label:
    code: str
    text: str
    anchor: tuple[float, float]  # lon, lat: the country's label point, or its marker
    marker: bool  # the country has a marker at ``anchor``: the label goes beside it
    small: bool  # too small to hold any label: never try inside


class LabelLayer(Artist):
    """Places the country labels when the map is drawn, from the final on-screen geometry.

    Placing at draw time means the layout that ``finish()`` applies afterwards (which
    shrinks the map while the text keeps its point size) cannot make labels collide.
    Markers are placed first, then countries from the smallest: the small ones have the
    fewest good spots.
    """

    def __init__(
        self,
        ax: Axes,
        entries: Sequence[Label],
        extent: Extent,
        markers: Sequence[tuple[float, float]],
        busy: Collection[str],
    ) -> None:
        super().__init__()
        self.axes = ax
        self.set_zorder(5)
        self.set_in_layout(False)
        self._entries = sorted(entries, key=lambda e: (not e.marker, geometry.area_deg2(e.code)))
        self._extent = extent
        self._markers = np.asarray(markers, dtype=float).reshape(-1, 2)
        self._busy = set(busy)
        self._key: tuple | None = None
        self.texts: list[Text] = []
        #: Code -> the leader line drawn, (start on the country, end at the text) in data
        #: coordinates, for the labels placed beside their country.
        self.leaders: dict[str, np.ndarray] = {}

    def draw(self, renderer) -> None:  # noqa: ANN001 - matplotlib's renderer type
        if not self.get_visible():
            return
        key = (tuple(self.axes.transData.get_matrix().ravel()), renderer.dpi)
        if key != self._key:
            self._place(renderer)
            self._key = key
        # All the lines in one collection, under every text: one draw, and no line over a label.
        lines = LineCollection(
            list(self.leaders.values()), transform=self.axes.transData, **_LEADER
        )
        lines.set_figure(self.axes.get_figure())
        lines.draw(renderer)
        for text in self.texts:
            text.draw(renderer)

    def _place(self, renderer) -> None:  # noqa: ANN001
        ax = self.axes
        scene = _Scene(ax, self._extent, renderer.points_to_pixels(1.0), self._busy)
        radius = MARKER_SIZE_PT / 2 * scene.pt
        scene.take([(x - radius, y - radius, x + radius, y + radius)
                    for x, y in ax.transData.transform(self._markers)])  # fmt: skip
        if ax.get_legend() is not None:
            scene.take([ax.get_legend().get_window_extent(renderer).extents])
        to_data = ax.transData.inverted()
        halo = 2 * _HALO_PT * scene.pt
        self.texts, self.leaders = [], {}
        for entry in self._entries:
            text = self._text(entry)
            size = text.get_window_extent(renderer)
            w, h = size.width + halo, size.height + halo
            centre, xy, leader = scene.place(entry, w, h)
            text.set_position(to_data.transform(centre))
            self.texts.append(text)
            if leader:
                gap = _LEADER_GAP_PT * scene.pt
                self.leaders[entry.code] = to_data.transform([xy, _box_edge(centre, xy, w, h, gap)])

    def _text(self, entry: Label) -> Text:
        """The label's text, with a white halo; placed by setting its position (data
        coordinates), where its middle goes."""
        text = Text(
            0,
            0,
            entry.text,
            ha="center",
            va="center",
            fontsize=LABEL_SIZE_PT,
            color=_LABEL_COLOUR,
            path_effects=[patheffects.withStroke(linewidth=2 * _HALO_PT, foreground="white")],
            transform=self.axes.transData,
            gid=f"label-{entry.code}",
        )
        text.axes = self.axes
        text.set_figure(self.axes.get_figure())
        return text


def _box_edge(
    centre: np.ndarray, towards: np.ndarray, w: float, h: float, gap: float
) -> np.ndarray:
    """Where the line from the centre of a w x h box towards a point leaves the box grown by
    ``gap`` on each side."""
    direction = towards - centre
    reach = np.divide([w / 2 + gap, h / 2 + gap], np.abs(direction), where=direction != 0,
                      out=np.full(2, np.inf))  # fmt: skip
    return centre + direction * min(1.0, reach.min())


class _Scene:
    """One placement: the map as drawn (in pixels), the shapes under it, and the boxes
    already taken by markers, the legend, labels and their leader lines."""

    def __init__(self, ax: Axes, extent: Extent, pt: float, busy: Collection[str]) -> None:
        self.ax = ax
        self.extent = extent
        self.pt = pt  # pixels per point
        self.codes = list(geometry.visible(extent))
        self.busy = np.array([self.codes.index(c) for c in busy if c in self.codes], dtype=int)
        self.box = ax.get_window_extent()
        self._to_data = ax.transData.inverted()
        self._taken = np.empty((0, 4))

    def take(self, boxes: Sequence) -> None:
        """Boxes (x0, y0, x1, y1, pixels) no later label may overlap."""
        self._taken = np.vstack([self._taken, np.asarray(boxes, dtype=float).reshape(-1, 4)])

    def place(self, entry: Label, w: float, h: float) -> tuple[np.ndarray, np.ndarray, bool]:
        """Where a w x h label goes: its centre, the point it names, and whether a leader
        line joins them; its box and leader are then taken."""
        anchor = self.ax.transData.transform(entry.anchor)
        centre = None if entry.small else _inside(self, entry.code, anchor, w, h)
        xy, leader = anchor, False
        if centre is None:
            starts = anchor[None] if entry.marker else self.leader_starts(entry.code)
            centre, xy = _Beside(self, entry.code, starts, anchor, w, h, entry.marker).search()
            leader = centre is not None and not entry.marker
        if centre is None:  # nowhere free: on the country or beside its dot, as a last resort
            xy = anchor
            radius = MARKER_SIZE_PT / 2 * self.pt
            centre = anchor + ((w / 2 + radius) if entry.marker else 0.0, 0.0)
        self.take([(centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)])
        if leader:  # later labels keep off the line too
            line = _segment(xy, centre, _LEADER_KEPT)
            self.take(np.hstack([line, line]))
        return centre, xy, leader

    def ids(self, px: np.ndarray) -> np.ndarray:
        """Position in ``codes`` of the shape under pixel positions (..., 2); -1 for sea."""
        lon, lat = self._to_data.transform(px.reshape(-1, 2)).T
        return geometry.countries_at(self.extent, lon, lat).reshape(px.shape[:-1])

    def within(self, code: str, px: np.ndarray) -> np.ndarray:
        """Which pixel positions (..., 2) lie on the country."""
        lon, lat = self._to_data.transform(px.reshape(-1, 2)).T
        inside = shapely.contains_xy(geometry.visible(self.extent)[code], lon, lat)
        return inside.reshape(px.shape[:-1])

    def pixel_box(self, code: str) -> tuple[float, float, float, float]:
        """The bounding box of the country's part in the frame, in pixels."""
        x0, y0, x1, y1 = geometry.visible(self.extent)[code].bounds
        (x0, y0), (x1, y1) = self.ax.transData.transform([(x0, y0), (x1, y1)])
        return x0, y0, x1, y1

    def could_hold(self, code: str, w: float, h: float) -> bool:
        """Whether the country is big enough for a w x h label inside: its area holds
        ``INSIDE_SHARE`` of the box, and its widest inside circle ``INSIDE_SHARE`` of the
        text's height (a strip thinner than that holds less of any box across it)."""
        scale = self.ax.transData.get_matrix()
        area = geometry.visible(self.extent)[code].area * abs(np.linalg.det(scale[:2, :2]))
        radius = geometry.inside_radius(code, self.extent) * abs(scale[1, 1])
        text_height = h - 2 * _HALO_PT * self.pt
        return area >= INSIDE_SHARE * w * h and 2 * radius >= INSIDE_SHARE * text_height

    def leader_starts(self, code: str) -> np.ndarray:
        """Pixel points where the country's leader lines may start (``_leader_starts``)."""
        to_pixels = tuple(self.ax.transData.get_matrix()[:2].ravel())
        return _leader_starts(code, self.extent, to_pixels, self.pt, tuple(self.box.extents))

    def samples(
        self, centres: np.ndarray, w: float, h: float, grid: tuple[int, int] = _FINE[0]
    ) -> np.ndarray:
        """A grid of points over the text of each w x h box (the box less its halo), the
        middle one at the centre when both counts are odd: (n, points, 2)."""
        halo = 2 * _HALO_PT * self.pt
        across, down = np.meshgrid(np.linspace(-0.5, 0.5, grid[0]), np.linspace(-0.5, 0.5, grid[1]))
        offsets = np.column_stack([across.ravel() * (w - halo), down.ravel() * (h - halo)])
        return centres[:, None, :] + offsets

    def free(self, centres: np.ndarray, w: float, h: float) -> np.ndarray:
        """Which w x h boxes lie inside the map and clear of everything taken."""
        box, taken = self.box, self._taken
        x0, y0 = centres[:, :1] - w / 2, centres[:, 1:] - h / 2
        x1, y1 = centres[:, :1] + w / 2, centres[:, 1:] + h / 2
        inside = (x0 >= box.x0) & (x1 <= box.x1) & (y0 >= box.y0) & (y1 <= box.y1)
        overlap = (x0 <= taken[:, 2]) & (taken[:, 0] <= x1)
        overlap &= (y0 <= taken[:, 3]) & (taken[:, 1] <= y1)
        return inside[:, 0] & ~overlap.any(axis=1)

    def hits(self, points: np.ndarray) -> np.ndarray:
        """Which rows of points (rows, n, 2) have a point strictly inside a taken box."""
        x, y = points[..., :1], points[..., 1:]
        taken = self._taken
        inside = (x > taken[:, 0]) & (x < taken[:, 2]) & (y > taken[:, 1]) & (y < taken[:, 3])
        return inside.any(axis=(1, 2))


def _inside(scene: _Scene, code: str, anchor: np.ndarray, w: float, h: float) -> np.ndarray | None:
    """The free centre nearest ``anchor`` on the country with most of the box
    (``INSIDE_SHARE``) over it, so the label reads as the country's; or None."""
    if _fits(scene, code, anchor[None], w, h)[0]:
        return anchor  # the common case, at the country's label point: nothing to search
    if not scene.could_hold(code, w, h):
        return None
    x0, y0, x1, y1 = scene.pixel_box(code)
    step = max(_INSIDE_STEP_PX, np.sqrt((x1 - x0) * (y1 - y0) / _INSIDE_SPOTS))
    xs, ys = np.meshgrid(np.arange(x0, x1, step), np.arange(y0, y1, step))
    spots = np.column_stack([xs.ravel(), ys.ravel()])
    spots = spots[scene.free(spots, w, h) & scene.within(code, spots)]
    spots = spots[np.argsort(np.hypot(*(spots - anchor).T), kind="stable")]
    for start in range(0, len(spots), _BATCH):
        batch = spots[start : start + _BATCH]
        fits = _fits(scene, code, batch, w, h)
        if fits.any():
            return batch[np.argmax(fits)]
    return None


def _fits(scene: _Scene, code: str, centres: np.ndarray, w: float, h: float) -> np.ndarray:
    """Which w x h boxes are free, centred on the country and mostly over it."""
    over = scene.within(code, scene.samples(centres, w, h))
    middle = over[:, over.shape[1] // 2]
    return middle & (over.mean(axis=1) >= INSIDE_SHARE) & scene.free(centres, w, h)


@functools.lru_cache(maxsize=256)
def _leader_starts(
    code: str, extent: Extent, to_pixels: tuple[float, ...], pt: float, box: tuple[float, ...]
) -> np.ndarray:
    """Pixel points where leader lines may start: the country's outline moved
    ``LEADER_MIN_PT / 3`` inwards, so a leader reaches visibly into its country. Parts
    thinner than that are left out (a leader ending in a sliver is ambiguous), unless all
    are; so are points outside the map's ``box`` (x0, y0, x1, y1).

    The same for every map of the frame drawn at the same size (``to_pixels``, the first
    two rows of the data-to-pixel affine matrix), hence cached.
    """
    a, b, c, d, e, f = to_pixels
    shape = shapely.transform(
        geometry.visible(extent)[code], lambda xy: xy @ np.array([[a, d], [b, e]]) + (c, f)
    ).simplify(0.5)
    core = shape.buffer(-LEADER_MIN_PT / 3 * pt)
    outline = (shape if core.is_empty else core).boundary
    spacing = max(3.0 * pt, outline.length / _LEADER_STARTS)
    starts = shapely.get_coordinates(
        np.concatenate(
            [
                shapely.line_interpolate_point(part, np.arange(0.0, part.length, spacing))
                for part in shapely.get_parts(outline)
            ]
        )
    )
    x, y = starts.T
    shown = (x > box[0]) & (x < box[2]) & (y > box[1]) & (y < box[3])
    starts = starts[shown] if shown.any() else starts
    starts.flags.writeable = False
    return starts


class _Beside:
    """The best free spot for a w x h label beside its country (or its marker).

    A country's label keeps between ``LEADER_MIN_PT`` and twice ``LEADER_REACH_PT`` from
    the points its leader may start from; a dot's label has its middle line a few points
    from the dot. A spot costs its gap (the leader's length) plus penalties in units of
    the reach: the share of the text over grey land (so the sea wins when it is that
    near), eight times the share over a country with data and of the leader line across
    one (so only a small overlap or a short crossing is ever accepted, when nothing else
    is near), one for a leader through another label or its line. Between equals, the spot
    nearer the anchor wins.
    """

    def __init__(
        self,
        scene: _Scene,
        code: str,
        starts: np.ndarray,
        anchor: np.ndarray,
        w: float,
        h: float,
        marker: bool,
    ) -> None:
        self.scene, self.starts, self.anchor, self.w, self.h = scene, starts, anchor, w, h
        self.marker = marker
        self.own = scene.codes.index(code)
        self.others = scene.busy[scene.busy != self.own]
        self.reach = LEADER_REACH_PT * scene.pt
        radius = MARKER_SIZE_PT / 2 * scene.pt
        self.near = (
            (radius + 2 * scene.pt, radius + 6 * scene.pt)
            if marker
            else (LEADER_MIN_PT * scene.pt, 2 * self.reach)
        )

    def search(self) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
        """The best centre and the point its leader starts from; (None, None) when no spot
        is free. Spots are laid on a coarse grid first, then the best few are refined on
        the fine one."""
        step = max(1.0, (self.near[1] - self.near[0]) / 20)
        margin = np.array([self.near[1] + self.w / 2, self.near[1] + self.h / 2])
        low, high = self.starts.min(axis=0) - margin, self.starts.max(axis=0) + margin
        xs, ys = np.meshgrid(
            np.arange(low[0], high[0], _COARSE * step), np.arange(low[1], high[1], _COARSE * step)
        )
        coarse = self._best(np.column_stack([xs.ravel(), ys.ravel()]), 3, _ROUGH)
        if not len(coarse):
            return None, None
        offsets = np.arange(1 - _COARSE, _COARSE) * step
        shifts = np.stack(np.meshgrid(offsets, offsets), axis=-1).reshape(-1, 2)
        (centre,) = self._best((coarse[:, None, :] + shifts).reshape(-1, 2), 1, _FINE)
        return centre, self.starts[self._gaps(centre[None])[1][0]]

    def _gaps(self, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each box's distance to the nearest start (for a dot, the horizontal distance
        only, so the label's middle line stays level with it), and that start."""
        return _box_distance(centres, self.w, 0.0 if self.marker else self.h, self.starts)

    def _best(self, centres: np.ndarray, keep: int, sampling: _Sampling) -> np.ndarray:
        """The ``keep`` cheapest free centres in reach, cheapest first (fewer if fewer),
        judged at the ``sampling`` points (``_FINE`` or ``_ROUGH``)."""
        centres = centres[self.scene.free(centres, self.w, self.h)]
        gap, nearest = self._gaps(centres)
        reachable = (gap >= self.near[0]) & (gap <= self.near[1])
        centres, gap, nearest = centres[reachable], gap[reachable], nearest[reachable]
        bound = gap + 0.2 * np.hypot(*(centres - self.anchor).T)
        order = np.argsort(bound, kind="stable")
        judged, costs = np.zeros(0, dtype=int), np.zeros(0)
        for start in range(0, len(order), _BATCH):
            batch = order[start : start + _BATCH]
            if len(costs) >= keep and bound[batch[0]] >= np.sort(costs)[keep - 1]:
                break  # no spot left can beat the ones found
            penalty = self._penalty(centres[batch], self.starts[nearest[batch]], sampling)
            judged, costs = np.append(judged, batch), np.append(costs, bound[batch] + penalty)
        return centres[judged[np.argsort(costs, kind="stable")[:keep]]]

    def _penalty(self, centres: np.ndarray, starts: np.ndarray, sampling: _Sampling) -> np.ndarray:
        """What each spot costs beyond its bound (see the class): land and data under its
        text, data countries and taken boxes under its leader."""
        scene = self.scene
        text = scene.samples(centres, self.w, self.h, sampling[0])
        lines = _segment(starts, centres, 0 if self.marker else sampling[1])
        # One lookup for the text and the leader: a lookup's R-tree query and pass over
        # the shapes near the points cost as much again as the points themselves.
        ids = scene.ids(np.concatenate([text, lines], axis=1))
        text_ids, line_ids = np.split(ids, [text.shape[1]], axis=1)
        over = np.isin(text_ids, self.others).mean(axis=1)
        land = ((text_ids != -1) & (text_ids != self.own)).mean(axis=1) - over
        cost = self.reach * (land + 8 * over)
        if not self.marker:
            bare = (np.abs(lines - centres[:, None, :]) > (self.w / 2, self.h / 2)).any(axis=2)
            crossed = (np.isin(line_ids, self.others) & bare).mean(axis=1)
            cost += self.reach * (8 * crossed + scene.hits(lines))
        return cost


def _segment(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """``n`` points from ``a`` to ``b`` (points or arrays of them: (..., 2) -> (..., n, 2))."""
    return a[..., None, :] + np.linspace(0.0, 1.0, n)[:, None] * (b - a)[..., None, :]


def _box_distance(
    centres: np.ndarray, w: float, h: float, points: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distance from each w x h box centred on ``centres`` to the nearest of ``points``,
    and that point's index."""
    if not len(centres):
        return np.zeros(0), np.zeros(0, dtype=int)
    dx = np.maximum(np.abs(points[:, 0] - centres[:, :1]) - w / 2, 0.0)
    dy = np.maximum(np.abs(points[:, 1] - centres[:, 1:]) - h / 2, 0.0)
    distance = np.hypot(dx, dy)
    return distance.min(axis=1), distance.argmin(axis=1)
