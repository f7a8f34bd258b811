"""Country shapes and the geometry the maps ask about, done by shapely (GEOS); nothing here
draws.

The shapes ship with the package (``assets/countries_asia.json.gz``, Natural Earth 1:50m,
converted, simplified for the sizes drawn and snapped to 0.01 degree once, by
``tools/convert_world_atlas.py``). They are in degrees, longitude and latitude: the maps
use the equirectangular projection with x scaled by the cosine of the frame's middle
latitude (``aspect``), which at the latitudes of South-East Asia keeps shapes faithful.

What the maps ask, each answered once per process and cached where it can be: which
countries a frame shows (``visible``), how big a country is (``area_deg2``), where its
label goes (``label_point``), and which country, if any, lies under each of many points
(``countries_at``).
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
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from analysis.paths import ASSETS

__all__ = [
    "SHAPES_FILE",
    "Extent",
    "area_deg2",
    "aspect",
    "asset_box",
    "check_codes",
    "check_extent",
    "countries_at",
    "has_shape",
    "inside_radius",
    "label_point",
    "load_shapes",
    "region_extent",
    "visible",
]

SHAPES_FILE = ASSETS / "countries_asia.json.gz"

#: (lon_min, lon_max, lat_min, lat_max), the order of ``imshow``'s extent.
Extent = tuple[float, float, float, float]

#: Around a region framed by its members' shapes: this share of its size on each side.
FRAME_MARGIN = 0.12
#: Shapes are cut this share of the frame's size beyond it: the axes hide the rest, and no
#: cut edge (with its border line) ever shows inside the frame.
CUT_MARGIN = 0.02
#: How close a label point comes to the best one, in degrees: under a pixel on every frame.
LABEL_POINT_TOLERANCE = 0.02
_ISO3 = re.compile(r"^[A-Z]{3}$")


@functools.cache
def _asset() -> dict:
    with gzip.open(SHAPES_FILE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _multipolygon(polygons: list) -> MultiPolygon:
    """A MultiPolygon from the asset's lists of rings, prepared for fast point tests."""
    geometry = MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons])
    shapely.prepare(geometry)
    return geometry


@functools.cache
def load_shapes() -> Mapping[str, MultiPolygon]:
    """Country shapes keyed by ISO 3166-1 alpha-3, from the shipped asset (cached).

    Each is a valid shapely MultiPolygon in degrees (x longitude, y latitude), prepared for
    point tests. Only the part of each country inside the asset's box (``asset_box``) is
    there. Cached because every map reads the same file.
    """
    countries = _asset()["countries"]
    return MappingProxyType({code: _multipolygon(raw) for code, raw in countries.items()})


@functools.cache
def _unassigned_land() -> MultiPolygon:
    """Territories the source gives no ISO code: drawn as land, never coloured."""
    return _multipolygon([p for feature in _asset()["unassigned"] for p in feature["polygons"]])


def asset_box() -> Extent:
    """The box the shipped shapes cover: no map may go beyond it."""
    box = _asset()["meta"]["box"]
    return (box["lon_min"], box["lon_max"], box["lat_min"], box["lat_max"])


def has_shape(code: str) -> bool:
    """Whether the shipped shapes can draw the country."""
    return code in load_shapes()


def check_codes(name: str, codes: Sequence[str]) -> list[str]:
    """Codes of the shapes; unknown ISO codes are an error, real ones off the map are skipped.

    A typo must not silently leave a country grey, hence the error.
    """
    bad = [c for c in codes if not _ISO3.match(c) or pycountry.countries.get(alpha_3=c) is None]
    if bad:
        raise ValueError(f"{name}: not ISO 3166-1 alpha-3 country codes: {', '.join(sorted(bad))}")
    return [c for c in codes if has_shape(c)]


def check_extent(extent: Extent) -> None:
    """Raise ``ValueError`` for an extent that is no box or goes beyond the shipped shapes."""
    lon_min, lon_max, lat_min, lat_max = extent
    if not (lon_min < lon_max and lat_min < lat_max):
        raise ValueError(f"extent must be (lon_min, lon_max, lat_min, lat_max), got {extent}")
    box = asset_box()
    if lon_min < box[0] or lon_max > box[1] or lat_min < box[2] or lat_max > box[3]:
        raise ValueError(f"extent {extent} goes beyond the shipped map data {box}")


def region_extent(members: Sequence[str], fixed: Extent | None = None) -> Extent | None:
    """The extent a map of these countries shows: ``fixed`` when the region's reference row
    gives one, else a frame around the members' shapes; None when none has a shape (the
    shapes cover Asia and its neighbours only)."""
    if fixed:
        return fixed
    shapes = [load_shapes()[code] for code in members if has_shape(code)]
    if not shapes:
        return None
    west, south, east, north = shapely.total_bounds(shapes)
    pad = FRAME_MARGIN * max(east - west, north - south)
    box = asset_box()
    return (
        max(west - pad, box[0]),
        min(east + pad, box[1]),
        max(south - pad, box[2]),
        min(north + pad, box[3]),
    )


def aspect(extent: Extent) -> float:
    """The axes aspect (y units per x unit) of the equirectangular projection for this
    frame: a degree of longitude is cos(middle latitude) degrees of latitude long."""
    return 1 / math.cos(math.radians((extent[2] + extent[3]) / 2))


def _frame(extent: Extent, margin: float = 0.0) -> Polygon:
    pad = margin * max(extent[1] - extent[0], extent[3] - extent[2])
    return shapely.box(extent[0] - pad, extent[2] - pad, extent[1] + pad, extent[3] + pad)


@functools.cache
def visible(extent: Extent) -> Mapping[str, BaseGeometry]:
    """The countries a frame shows, each cut a little beyond it (``CUT_MARGIN``), by code;
    the unassigned land under the key ``""``. Cut once per frame: a map then draws only
    what can show, and the outlines it hands to matplotlib stay short."""
    frame = _frame(extent, CUT_MARGIN)
    shapes = {**load_shapes(), "": _unassigned_land()}
    cut = {code: shape.intersection(frame) for code, shape in shapes.items()}
    # A shape that only touches the cut leaves a line or a point: nothing to fill.
    kept = {code: shape for code, shape in cut.items() if shape.area > 0}
    shapely.prepare(list(kept.values()))
    return MappingProxyType(kept)


def _sinusoidal(coords: np.ndarray) -> np.ndarray:
    """Longitudes scaled by the cosine of their latitude: an equal-area projection."""
    return np.column_stack([coords[:, 0] * np.cos(np.radians(coords[:, 1])), coords[:, 1]])


@functools.cache
def area_deg2(code: str) -> float:
    """Area in square degrees of latitude (about 12 300 km² each), true at every latitude:
    how big a country looks on any frame, in one number."""
    return float(shapely.transform(load_shapes()[code], _sinusoidal).area)


def label_point(code: str, extent: Extent | None = None) -> tuple[float, float]:
    """A point well inside the country (and inside ``extent``): where a label or marker goes.

    The pole of inaccessibility (shapely's ``polylabel``) of the part of the country the
    frame shows, in the frame's projected plane: the inside point farthest from the outline
    and from the frame's edge. Centroids would fall outside concave countries (an S-shaped
    coast puts the centroid in the neighbour).
    """
    return _pole_of(code, extent)[:2]


def inside_radius(code: str, extent: Extent | None = None) -> float:
    """The radius of the widest circle inside the part of the country the frame shows, in
    degrees of latitude: how thick the country is, wherever it is thickest."""
    return _pole_of(code, extent)[2]


@functools.lru_cache(maxsize=1024)
def _pole_of(code: str, extent: Extent | None) -> tuple[float, float, float]:
    """Longitude, latitude and radius of the widest circle inside the country's shown part."""
    shape = load_shapes()[code]
    if extent is not None:
        shown = _polygons(shape.intersection(_frame(extent)))
        shape = MultiPolygon(shown) if shown else shape
    south, north = shape.bounds[1], shape.bounds[3]
    scale = math.cos(math.radians((south + north) / 2 if extent is None else sum(extent[2:]) / 2))
    plane = shapely.transform(shape, lambda coords: coords * (scale, 1.0))
    x, y, radius = _pole(plane)
    return x / scale, y, radius


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    """The polygons of a geometry; a cut can leave lines or points where shapes touch."""
    return [part for part in shapely.get_parts(geometry) if isinstance(part, Polygon)]


def _pole(shape: BaseGeometry) -> tuple[float, float, float]:
    """The pole of inaccessibility of the part with the widest inside, and its distance to
    the outline (parts by area, the rest skipped once none can hold a wider circle)."""
    best, clearance = None, -1.0
    for part in sorted(_polygons(shape), key=lambda p: -p.area):
        if math.sqrt(part.area / math.pi) <= clearance:
            break
        point = polylabel(part, LABEL_POINT_TOLERANCE)
        distance = part.boundary.distance(point)
        if distance > clearance:
            best, clearance = point, distance
    return best.x, best.y, clearance


def countries_at(extent: Extent, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """For each point, the position in ``visible(extent)`` of the shape it lies on (a
    country's holes, its neighbours' enclaves, excluded), or -1 over the sea.

    Only the shapes near the points are tested (an R-tree of the frame's shapes picks them),
    each against the points inside its bounding box, with GEOS's prepared point-in-polygon
    test.
    """
    shapes, bounds, tree = _frame_index(extent)
    found = np.full(np.shape(lon), -1, dtype=np.int64)
    if found.size == 0:
        return found
    for position in tree.query(shapely.box(np.min(lon), np.min(lat), np.max(lon), np.max(lat))):
        west, south, east, north = bounds[position]
        (near,) = np.nonzero((lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))
        found[near[shapely.contains_xy(shapes[position], lon[near], lat[near])]] = position
    return found


@functools.cache
def _frame_index(extent: Extent) -> tuple[tuple[BaseGeometry, ...], np.ndarray, shapely.STRtree]:
    """The frame's shapes, their bounding boxes and an R-tree of them."""
    shapes = tuple(visible(extent).values())
    return shapes, shapely.bounds(np.array(shapes, dtype=object)), shapely.STRtree(shapes)
