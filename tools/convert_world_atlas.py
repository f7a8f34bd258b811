"""One-off conversion of Natural Earth country shapes into the map asset the package ships.

Why this exists: the maps need country outlines, and the build must work offline. So the
shapes are converted once, here, from the npm package ``world-atlas`` (Natural Earth 1:50m
admin-0 countries as TopoJSON) and written as small gzipped JSON that
``analysis.charts.geometry`` reads. This script is NOT run at build time; it is committed so
that the asset can be reproduced::

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python tools/convert_world_atlas.py package/countries-50m.json

Everything the maps would otherwise redo at every draw is done here, once:

- **Simplified for the sizes drawn.** The maps are about 9 in wide at 120 dpi; the most
  detailed frame the reports draw (South-East Asia) shows about 0.07 degree per pixel.
  Each TopoJSON arc (a border shared by two countries, or a coast) is simplified
  (Douglas-Peucker) to ``TOLERANCE``, under half a pixel there, before the rings are
  stitched, so neighbours keep one common border: no gaps or overlaps appear between them.
  A ring that simplification collapses (an islet smaller than a pixel) is dropped, unless
  nothing of its country would be left in the box: then that country keeps its full
  outline, so every country of the source stays on the map.
- **Projected as drawn.** The maps use the equirectangular projection: x is the longitude,
  y the latitude, and each map scales x by the cosine of its middle latitude (the axes'
  aspect, see ``analysis.charts.geometry.aspect``). Because that scale is linear and
  differs from one frame to the next, the coordinates are stored in degrees, the plane
  every frame shares; a fixed scale chosen here would stretch the maps framed far from it.
- **Valid, clipped and rounded geometry.** Rings are stitched into polygons, repaired where
  simplification made them cross themselves, clipped to a box around Asia (``BOX``) and
  snapped to a 0.01 degree grid by shapely, so the runtime can use them without checks.

Output format (``src/analysis/assets/countries_asia.json.gz``)::

    {"meta": {...source, version, box, tolerance, decimals...},
     "countries": {"VNM": [[ring, hole, ...], ...], ...},   # ISO 3166-1 alpha-3 keys
     "unassigned": [{"name": "...", "polygons": [...]}]}    # features without an ISO code

Each polygon is a list of rings (exterior first, then holes), each ring a closed list of
``[lon, lat]`` pairs; exteriors run counter-clockwise and holes clockwise (RFC 7946).
Features that world-atlas ships without an ISO numeric id (disputed or special territories)
are kept under ``unassigned`` with the name world-atlas gives them, so the map has no holes
but no country's colour is claimed for them.

The TopoJSON decoding follows the specification (quantized, delta-encoded arcs plus a
transform; negative arc indices mean the one's complement arc, reversed); it needs no
TopoJSON library.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pycountry
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.polygon import orient

# lon_min, lon_max, lat_min, lat_max: Asia with margins (Middle East, Russia's southern
# edge, northern Australia) so maps framed around Asia never show a cut-off edge.
BOX = (20.0, 160.0, -20.0, 62.0)
#: Douglas-Peucker tolerance in degrees: under half a pixel on the most detailed frame drawn.
TOLERANCE = 0.03
DECIMALS = 2
WORLD_ATLAS_VERSION = "2.0.2"
NATURAL_EARTH_VERSION = "4.1.0"
DEFAULT_OUTPUT = (
    Path(__file__).resolve().parents[1] / "src" / "analysis" / "assets" / "countries_asia.json.gz"
)

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Turn quantized, delta-encoded arcs into absolute lon/lat coordinates."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: list[Point] = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify_arcs(arcs: list[list[Point]], tolerance: float) -> list[list[Point]]:
    """Each arc simplified on its own, its two ends kept: the arcs two countries share stay
    shared, so their common border is simplified once and identically for both."""
    return [
        [(x, y) for x, y in LineString(arc).simplify(tolerance, preserve_topology=False).coords]
        if len(arc) > 2
        else arc
        for arc in arcs
    ]


def stitch_ring(indices: Sequence[int], arcs: list[list[Point]]) -> Ring:
    """Join the arcs of one ring, dropping each arc's first point (the previous one's last)."""
    ring: Ring = []
    for k, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if k == 0 else arc[1:])
    return ring


def geometry_rings(geometry: dict) -> list[list[list[int]]]:
    """The arc indices of each polygon (lists of rings) of a TopoJSON Polygon or
    MultiPolygon geometry."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _ring_area(ring: Ring) -> float:
    """The area a ring encloses; 0 for one simplification collapsed to a line or a point."""
    return Polygon(ring).area if len(set(ring)) >= 3 else 0.0


def build_polygons(polygons: list[list[list[int]]], arcs: list[list[Point]]) -> list[Polygon]:
    """Shapely polygons of a feature's rings; rings that simplification collapsed (no area
    left) are dropped."""
    built = []
    for rings in polygons:
        exterior = stitch_ring(rings[0], arcs)
        if _ring_area(exterior) > 0.0:
            holes = [stitch_ring(r, arcs) for r in rings[1:]]
            built.append(Polygon(exterior, [h for h in holes if _ring_area(h) > 0.0]))
    return built


def tidy(polygons: list[Polygon], box: tuple[float, float, float, float]) -> MultiPolygon:
    """Repaired, clipped to ``box``, snapped to the 0.01 degree grid, oriented as RFC 7946
    asks (exteriors counter-clockwise): empty when nothing is left inside the box."""
    geometry = shapely.make_valid(MultiPolygon(polygons)) if polygons else MultiPolygon()
    geometry = shapely.set_precision(
        geometry.intersection(shapely.box(box[0], box[2], box[1], box[3])), 10.0**-DECIMALS
    )
    parts = [p for p in shapely.get_parts(geometry) if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon([orient(p, sign=1.0) for p in parts])


def as_lists(geometry: MultiPolygon) -> list[list[list[list[float]]]]:
    """The JSON form: polygons of rings of [lon, lat] pairs, exterior first."""
    return [
        [
            [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords]
            for ring in [polygon.exterior, *polygon.interiors]
        ]
        for polygon in geometry.geoms
    ]


def alpha3(numeric_id: str) -> str | None:
    """ISO 3166-1 alpha-3 code for a numeric id such as ``"704"``, via pycountry."""
    country = pycountry.countries.get(numeric=numeric_id.zfill(3))
    return country.alpha_3 if country else None


def convert(topology: dict, box=BOX, tolerance: float = TOLERANCE) -> dict:
    """Build the asset's JSON document from a world-atlas countries topology."""
    arcs = decode_arcs(topology)
    simplified = simplify_arcs(arcs, tolerance)
    countries: dict[str, list[Polygon]] = {}
    unassigned: list[dict] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = geometry_rings(geometry)
        polygons = tidy(build_polygons(rings, simplified), box)
        if polygons.is_empty:  # all of it smaller than a pixel: keep it at full detail
            polygons = tidy(build_polygons(rings, arcs), box)
        if polygons.is_empty:
            continue
        name = (geometry.get("properties") or {}).get("name", "")
        code = alpha3(str(geometry["id"])) if "id" in geometry else None
        if code is None:
            print(
                f"no ISO code for {name!r} (id {geometry.get('id')}): unassigned", file=sys.stderr
            )
            unassigned.append({"name": name, "polygons": as_lists(polygons)})
        else:
            countries.setdefault(code, []).extend(polygons.geoms)
    return {
        "meta": {
            "source": "Natural Earth 1:50m Admin 0 countries (public domain), "
            f"version {NATURAL_EARTH_VERSION}, via npm package world-atlas "
            f"{WORLD_ATLAS_VERSION} countries-50m.json",
            "box": {"lon_min": box[0], "lon_max": box[1], "lat_min": box[2], "lat_max": box[3]},
            "tolerance": tolerance,
            "decimals": DECIMALS,
            "projection": "equirectangular: x longitude, y latitude, in degrees; each map "
            "scales x by the cosine of its middle latitude",
            "keys": "ISO 3166-1 alpha-3 (pycountry numeric -> alpha_3)",
            "rings": "exterior counter-clockwise, holes clockwise, closed, [lon, lat]",
        },
        "countries": {
            code: as_lists(MultiPolygon(polygons)) for code, polygons in sorted(countries.items())
        },
        "unassigned": unassigned,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    document = convert(json.loads(args.topojson.read_text(encoding="utf-8")))
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip bytes identical from run to run (reproducible asset).
    args.output.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(
        f"{args.output}: {len(document['countries'])} countries, "
        f"{len(document['unassigned'])} unassigned, {args.output.stat().st_size} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
