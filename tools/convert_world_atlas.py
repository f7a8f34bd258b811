"""One-off conversion of Natural Earth country shapes into the map asset the package ships.

Why this exists: the maps need country outlines, and the build must work offline and
without GIS libraries. So the shapes are converted once, here, from the npm package
``world-atlas`` (Natural Earth 1:50m admin-0 countries as TopoJSON), cropped to a box around
Asia, rounded to 0.01 degree and written as small gzipped JSON that
``analysis.charts.maps`` reads with the standard library. This script is NOT run at build
time; it is committed so that the asset can be reproduced::

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python tools/convert_world_atlas.py package/countries-50m.json

Output format (``src/analysis/assets/countries_asia.json.gz``)::

    {"meta": {...source, version, box, precision...},
     "countries": {"VNM": [[ring, hole, ...], ...], ...},   # ISO 3166-1 alpha-3 keys
     "unassigned": [{"name": "...", "polygons": [...]}]}    # features without an ISO code

Each polygon is a list of rings (exterior first, then holes), each ring a closed list of
``[lon, lat]`` pairs; exteriors run counter-clockwise and holes clockwise (RFC 7946), so a
non-zero fill rule draws holes correctly. Features that world-atlas ships without an ISO
numeric id (disputed or special territories) are kept under ``unassigned`` with the name
world-atlas gives them, so the map has no holes but no country's colour is claimed for them.

The TopoJSON decoding follows the specification (quantized, delta-encoded arcs plus a
transform; negative arc indices mean the one's complement arc, reversed); it needs no
TopoJSON library.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pycountry

# lon_min, lon_max, lat_min, lat_max: Asia with margins (Middle East, Russia's southern
# edge, northern Australia) so maps framed around Asia never show a cut-off edge.
BOX = (20.0, 160.0, -20.0, 62.0)
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


def stitch_ring(indices: Sequence[int], arcs: list[list[Point]]) -> Ring:
    """Join the arcs of one ring, dropping each arc's first point (the previous one's last)."""
    ring: Ring = []
    for k, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if k == 0 else arc[1:])
    return ring


def geometry_polygons(geometry: dict, arcs: list[list[Point]]) -> list[list[Ring]]:
    """Polygons (lists of rings) of a TopoJSON Polygon or MultiPolygon geometry."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [[stitch_ring(r, arcs) for r in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[stitch_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman clip of one ring to an axis-aligned box.

    Good enough for filled maps: a concave ring may gain zero-width slivers along the box
    edge, which are invisible when filled and lie on or outside any extent inside the box.
    """
    lon_min, lon_max, lat_min, lat_max = box
    edges = (
        (lambda p: p[0] >= lon_min, 0, lon_min),
        (lambda p: p[0] <= lon_max, 0, lon_max),
        (lambda p: p[1] >= lat_min, 1, lat_min),
        (lambda p: p[1] <= lat_max, 1, lat_max),
    )
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    for inside, axis, value in edges:
        if not points:
            break
        output: Ring = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    output.append(_intersect(previous, current, axis, value))
                output.append(current)
            elif inside(previous):
                output.append(_intersect(previous, current, axis, value))
            previous = current
        points = output
    if points:
        points.append(points[0])
    return points


def _intersect(a: Point, b: Point, axis: int, value: float) -> Point:
    t = (value - a[axis]) / (b[axis] - a[axis])
    x = a[0] + t * (b[0] - a[0])
    y = a[1] + t * (b[1] - a[1])
    return (value, y) if axis == 0 else (x, value)


def signed_area(ring: Ring) -> float:
    """Shoelace area in square degrees: positive when the ring runs counter-clockwise."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        total += x0 * y1 - x1 * y0
    return total / 2.0


def tidy_ring(ring: Ring, *, exterior: bool) -> list[list[float]] | None:
    """Round, drop repeated points, orient (CCW exterior, CW hole); None if nothing is left."""
    rounded: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    if len(rounded) < 4:
        return None
    area = signed_area([(p[0], p[1]) for p in rounded])
    if area == 0.0:
        return None
    if (area > 0) != exterior:
        rounded.reverse()
    return rounded


def convert_polygons(polygons: Iterable[list[Ring]], box) -> list[list[list[list[float]]]]:
    """Clip, round and orient every polygon; drop those entirely outside the box."""
    result = []
    for polygon in polygons:
        exterior = tidy_ring(clip_ring(polygon[0], box), exterior=True)
        if exterior is None:
            continue
        holes = [tidy_ring(clip_ring(hole, box), exterior=False) for hole in polygon[1:]]
        result.append([exterior, *[h for h in holes if h is not None]])
    return result


def alpha3(numeric_id: str) -> str | None:
    """ISO 3166-1 alpha-3 code for a numeric id such as ``"704"``, via pycountry."""
    country = pycountry.countries.get(numeric=numeric_id.zfill(3))
    return country.alpha_3 if country else None


def convert(topology: dict, box=BOX) -> dict:
    """Build the asset's JSON document from a world-atlas countries topology."""
    arcs = decode_arcs(topology)
    countries: dict[str, list] = {}
    unassigned: list[dict] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = convert_polygons(geometry_polygons(geometry, arcs), box)
        if not polygons:
            continue
        name = (geometry.get("properties") or {}).get("name", "")
        code = alpha3(str(geometry["id"])) if "id" in geometry else None
        if code is None:
            print(
                f"no ISO code for {name!r} (id {geometry.get('id')}): unassigned", file=sys.stderr
            )
            unassigned.append({"name": name, "polygons": polygons})
        else:
            countries.setdefault(code, []).extend(polygons)
    return {
        "meta": {
            "source": "Natural Earth 1:50m Admin 0 countries (public domain), "
            f"version {NATURAL_EARTH_VERSION}, via npm package world-atlas "
            f"{WORLD_ATLAS_VERSION} countries-50m.json",
            "box": {"lon_min": box[0], "lon_max": box[1], "lat_min": box[2], "lat_max": box[3]},
            "decimals": DECIMALS,
            "keys": "ISO 3166-1 alpha-3 (pycountry numeric -> alpha_3)",
            "rings": "exterior counter-clockwise, holes clockwise, closed, [lon, lat]",
        },
        "countries": dict(sorted(countries.items())),
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
