"""Choropleth maps and the shipped country shapes: real data, real rendering."""

from __future__ import annotations

import gzip
import importlib
import importlib.util
import io
import json
import math
import re
import time
from pathlib import Path

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pycountry
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch, PathPatch
from shapely.geometry import Point, Polygon

from analysis.charts import basemap, geometry, labels, maps
from analysis.charts.geometry import SHAPES_FILE, label_point, load_shapes
from analysis.charts.maps import draw_choropleth, legend_handles
from analysis.charts.style import NEUTRAL, OKABE_ITO, finish, new_figure
from analysis.figures import to_png
from analysis.reference import regions

# The frames of the two maps the reports draw most, as regions.csv gives them.
ASEAN_EXTENT = regions()["ASEAN"].map_extent
ASIA_EXTENT = regions()["Asia"].map_extent

REPO = Path(__file__).resolve().parents[1]
# fmt: off
NEEDED = ["VNM", "SGP", "BRN", "TWN", "JPN", "CHN", "IND", "KOR",
          "LAO", "KHM", "MMR", "THA", "IDN", "MYS", "PHL", "TLS"]
# fmt: on
BLUE, ORANGE = OKABE_ITO["blue"], OKABE_ITO["vermillion"]


def _pixel_rgb(fig, ax, lon: float, lat: float) -> np.ndarray:
    """RGB (0..1) of the rendered figure at a geographic point."""
    fig.canvas.draw()
    x, y = ax.transData.transform((lon, lat))
    rgba = np.asarray(fig.canvas.buffer_rgba())
    row = rgba.shape[0] - 1 - int(round(y))
    return rgba[row, int(round(x)), :3] / 255.0


def _close_to(actual: np.ndarray, colour: str, tol: float = 0.02) -> bool:
    return bool(np.allclose(actual, to_rgb(colour), atol=tol))


def _on(code: str, lon_lat: np.ndarray) -> np.ndarray:
    """Which (lon, lat) points lie on the country, by shapely (holes excluded)."""
    lon_lat = np.asarray(lon_lat, dtype=float).reshape(-1, 2)
    return shapely.contains_xy(load_shapes()[code], lon_lat[:, 0], lon_lat[:, 1])


def _converter():
    spec = importlib.util.spec_from_file_location(
        "convert_world_atlas", REPO / "tools" / "convert_world_atlas.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the asset -----------------------------------------------------------------------------


def test_asset_is_small_and_documented():
    assert SHAPES_FILE.name == "countries_asia.json.gz"
    assert SHAPES_FILE.stat().st_size < 200_000
    licence = (SHAPES_FILE.parent / "LICENSE-naturalearth.md").read_text(encoding="utf-8")
    assert "public domain" in licence and "world-atlas" in licence and "2.0.2" in licence


def test_asset_has_the_asian_countries_keyed_by_valid_iso3():
    shapes = load_shapes()
    missing = [code for code in NEEDED if code not in shapes or shapes[code].is_empty]
    assert not missing
    invalid = [code for code in shapes if pycountry.countries.get(alpha_3=code) is None]
    assert not invalid
    assert len(shapes) > 60


def test_asset_is_simplified_once_for_the_sizes_drawn():
    # Simplified at conversion time: far fewer points than Natural Earth 1:50m's ~37 000,
    # while the smallest countries keep a shape (Singapore, Bahrain, the Maldives).
    with gzip.open(SHAPES_FILE, "rt", encoding="utf-8") as handle:
        meta = json.load(handle)["meta"]
    assert 0 < meta["tolerance"] <= 0.05
    points = sum(shapely.get_num_coordinates(shape) for shape in load_shapes().values())
    assert points < 20_000
    for code in ("SGP", "BHR", "MDV"):
        assert load_shapes()[code].area > 0, code


def test_asset_rings_are_closed_oriented_valid_and_inside_the_box():
    with gzip.open(SHAPES_FILE, "rt", encoding="utf-8") as handle:
        asset = json.load(handle)
    west, east, south, north = geometry.asset_box()
    for code, polygons in asset["countries"].items():
        for rings in polygons:
            exterior = shapely.LinearRing(rings[0])
            assert rings[0][0] == rings[0][-1], code
            assert exterior.is_ccw, f"{code}: exterior not counter-clockwise"
            assert not any(shapely.LinearRing(hole).is_ccw for hole in rings[1:]), code
            x0, y0, x1, y1 = exterior.bounds
            assert west <= x0 and x1 <= east and south <= y0 and y1 <= north, code
        assert load_shapes()[code].is_valid, code


def test_asset_places_countries_where_they_are():
    # Hanoi, Delhi, Tokyo, Taipei, Singapore: each inside its own country's outline.
    places = {
        "VNM": (105.85, 21.03),
        "IND": (77.2, 28.6),
        "JPN": (139.7, 35.7),
        "TWN": (121.5, 25.0),
        "SGP": (103.82, 1.35),
    }
    for code, point in places.items():
        assert load_shapes()[code].contains(Point(point)), code
    assert not load_shapes()["VNM"].contains(Point(places["IND"]))


def test_converter_decodes_quantized_topojson():
    module = _converter()
    # A unit square (0,0)-(10,10) made of two arcs, the second used reversed (~1).
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [100, 0]},
        "arcs": [[[0, 0], [20, 0], [0, 20]], [[0, 0], [0, 20], [20, 0]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, ~1]], "id": "704"},
                    {"type": "Polygon", "arcs": [[1, ~0]], "properties": {"name": "X"}},
                ],
            }
        },
    }
    document = module.convert(topology, box=(0, 180, -90, 90))
    (ring,) = document["countries"]["VNM"][0]
    assert sorted(map(tuple, ring[:-1])) == [(100, 0), (100, 10), (110, 0), (110, 10)]
    assert ring[0] == ring[-1]
    assert shapely.LinearRing(ring).is_ccw
    assert [f["name"] for f in document["unassigned"]] == ["X"]
    clipped = module.convert(topology, box=(105, 180, -90, 90))["countries"]["VNM"][0][0]
    assert min(p[0] for p in clipped) == 105


def test_converter_simplifies_shared_borders_once_so_neighbours_still_meet():
    module = _converter()
    # Two countries side by side; the border between them (arc 0, wiggling by 0.01 degree)
    # is shared: simplified once, it stays one line, with no gap or overlap between them.
    border = [[5 + (0.01 if y % 2 else 0), y / 10] for y in range(101)]
    topology = {
        "type": "Topology",
        "arcs": [border, [[5, 10], [0, 10], [0, 0], [5, 0]], [[5, 0], [10, 0], [10, 10], [5, 10]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[~0, 2]], "id": "764"},  # east
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "104"},  # west
                ],
            }
        },
    }
    countries = module.convert(topology, box=(0, 180, -90, 90), tolerance=0.05)["countries"]
    east, west = (Polygon(countries[code][0][0]) for code in ("THA", "MMR"))
    assert len(countries["THA"][0][0]) < 10  # the wiggles are gone
    assert east.intersection(west).area == pytest.approx(0.0, abs=1e-9)
    assert east.union(west).area == pytest.approx(100.0, abs=0.01)


# --- geometry ------------------------------------------------------------------------------


def test_label_points_lie_inside_concave_countries():
    for code in ("VNM", "MYS", "IDN", "PHL", "CHN", "LAO"):
        assert _on(code, label_point(code)).all(), code


def test_label_point_is_in_the_part_the_frame_shows():
    # Russia's label point on a map of Asia lies in the frame, on Russia, away from the edge.
    lon, lat = label_point("RUS", ASIA_EXTENT)
    west, east, south, north = ASIA_EXTENT
    assert west < lon < east and south < lat < north - 1
    assert _on("RUS", (lon, lat)).all()
    assert geometry.inside_radius("RUS", ASIA_EXTENT) > 1


def test_countries_at_names_the_shape_under_each_point():
    codes = list(geometry.visible(ASIA_EXTENT))
    hanoi, delhi, ocean = (105.85, 21.03), (77.2, 28.6), (88.0, -5.0)
    lon, lat = np.array([hanoi, delhi, ocean]).T
    found = geometry.countries_at(ASIA_EXTENT, lon, lat)
    assert [codes[i] if i >= 0 else None for i in found] == ["VNM", "IND", None]


def test_a_frame_shows_only_what_is_near_it():
    shown = geometry.visible(ASEAN_EXTENT)
    assert {"VNM", "IDN", "CHN"} <= set(shown) and "PAK" not in shown
    west, east, south, north = ASEAN_EXTENT
    margin = geometry.CUT_MARGIN * max(east - west, north - south) + 1e-9
    x0, y0, x1, y1 = shown["CHN"].bounds  # cut just beyond the frame
    assert x0 >= west - margin and x1 <= east + margin and y1 <= north + margin


def test_holes_stay_empty_when_drawn_and_when_tested():
    # A square with a square hole: drawn with the base map's path builder, the hole shows
    # the background.
    square = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 3), (3, 3), (3, 1)]])
    fig, ax = plt.subplots(figsize=(2, 2), dpi=100)
    ax.set_axis_off()
    ax.add_patch(PathPatch(basemap._path(square), facecolor=BLUE, edgecolor="none"))
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    assert _close_to(_pixel_rgb(fig, ax, 0.5, 0.5), BLUE)
    assert _close_to(_pixel_rgb(fig, ax, 2.0, 2.0), "white")
    plt.close(fig)
    # One country's outline has enclaves of its neighbours: a point in one is not in it.
    enclaves = [
        Polygon(hole) for polygon in load_shapes()["KGZ"].geoms for hole in polygon.interiors
    ]
    assert enclaves, "expected Kyrgyzstan's enclaves"
    inside = [shapely.get_coordinates(hole.representative_point())[0] for hole in enclaves]
    assert not _on("KGZ", inside).any()
    codes = list(geometry.visible(ASIA_EXTENT))
    found = geometry.countries_at(ASIA_EXTENT, *np.array(inside).T)
    assert "KGZ" not in {codes[i] for i in found if i >= 0}


# --- choropleths ---------------------------------------------------------------------------


def test_choropleth_fills_countries_and_renders_a_png():
    fig, ax = new_figure()
    draw_choropleth(ax, {"VNM": BLUE, "IND": ORANGE}, extent=ASIA_EXTENT)
    assert _close_to(_pixel_rgb(fig, ax, 105.85, 21.03), BLUE)  # Hanoi
    assert _close_to(_pixel_rgb(fig, ax, 78.0, 22.0), ORANGE)  # central India
    assert _close_to(_pixel_rgb(fig, ax, 104.0, 35.0), NEUTRAL["no_data"])  # China: no fill
    assert _close_to(_pixel_rgb(fig, ax, 88.0, -5.0), "white")  # Indian Ocean
    number = fig.number
    png = to_png(fig)
    image = mpimg.imread(io.BytesIO(png))
    assert image.shape[:2] == (660, 1080)
    assert not plt.fignum_exists(number)


def test_the_base_map_of_a_frame_is_built_once_and_reused():
    maps_drawn = []
    for fills in ({"VNM": BLUE}, {"THA": ORANGE, "SGP": BLUE}):
        fig, ax = new_figure()
        draw_choropleth(ax, fills, extent=ASEAN_EXTENT)
        maps_drawn.append(ax.collections[0].get_paths())
        plt.close(fig)
    first, second = maps_drawn
    assert len(first) == len(second) and all(a is b for a, b in zip(first, second, strict=True))
    cached = basemap.base_map(ASEAN_EXTENT).values()
    assert all(a is b for a, b in zip(cached, first, strict=True))
    before = basemap.base_map.cache_info().hits
    fig, ax = new_figure()
    draw_choropleth(ax, {}, extent=ASEAN_EXTENT)
    plt.close(fig)
    assert basemap.base_map.cache_info().hits == before + 1


def test_choropleth_keeps_shapes_in_proportion_without_ticks():
    fig, ax = new_figure()
    try:
        draw_choropleth(ax, {}, extent=ASEAN_EXTENT)
        mid = (ASEAN_EXTENT[2] + ASEAN_EXTENT[3]) / 2
        assert ax.get_aspect() == pytest.approx(1 / math.cos(math.radians(mid)))
        assert ax.get_xlim() == pytest.approx(ASEAN_EXTENT[:2])
        assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
        assert not any(s.get_visible() for s in ax.spines.values())
    finally:
        plt.close(fig)


def test_highlight_draws_a_dark_outline():
    def dark_pixels(highlight):
        fig, ax = new_figure()
        draw_choropleth(ax, {"VNM": BLUE}, extent=ASEAN_EXTENT, highlight=highlight)
        fig.canvas.draw()
        rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
        plt.close(fig)
        return int((rgb.sum(axis=2) < 150).sum())

    assert dark_pixels("VNM") > dark_pixels(None) + 300


def test_small_filled_countries_get_a_marker_in_their_colour():
    fig, ax = new_figure()
    fills = {"SGP": ORANGE, "BRN": BLUE, "IND": BLUE, "VNM": BLUE}
    draw_choropleth(ax, fills, extent=ASIA_EXTENT)
    markers = {line.get_gid(): line for line in ax.lines}
    assert {"marker-SGP", "marker-BRN"} <= set(markers)
    assert "marker-IND" not in markers and "marker-VNM" not in markers
    assert markers["marker-SGP"].get_marker() == "o"
    assert _close_to(np.array(to_rgb(markers["marker-SGP"].get_markerfacecolor())), ORANGE)
    # the dot is really visible where Singapore is
    assert _close_to(_pixel_rgb(fig, ax, 103.82, 1.35), ORANGE, tol=0.05)
    plt.close(fig)

    fig, ax = new_figure()
    draw_choropleth(ax, fills, extent=ASIA_EXTENT, small_country_markers=False)
    assert not [line for line in ax.lines if (line.get_gid() or "").startswith("marker-")]
    plt.close(fig)


def test_marker_decision_depends_on_map_scale_not_on_names():
    # Timor-Leste is small on a map of Asia but big enough on a close-up of Timor.
    fig, ax = new_figure()
    draw_choropleth(ax, {"TLS": BLUE}, extent=ASIA_EXTENT)
    assert "marker-TLS" in {line.get_gid() for line in ax.lines}
    plt.close(fig)
    fig, ax = new_figure()
    draw_choropleth(ax, {"TLS": BLUE}, extent=(120.0, 131.0, -12.0, -5.0))
    assert "marker-TLS" not in {line.get_gid() for line in ax.lines}
    plt.close(fig)


def _label_layer(ax):
    (layer,) = [a for a in ax.get_children() if isinstance(a, labels.LabelLayer)]
    return layer


def test_labels_are_placed_legibly_and_do_not_collide():
    fig, ax = new_figure()
    codes = ["VNM", "THA", "LAO", "KHM", "MMR", "MYS", "SGP", "BRN", "IDN", "PHL", "TLS"]
    fills = dict.fromkeys(codes, BLUE)
    names = {code: f"{code} label" for code in codes}
    draw_choropleth(ax, fills, extent=ASEAN_EXTENT, labels=names, highlight="VNM")
    finish(fig, title="A finding", subtitle="Unit, 2024", source="Source: test")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = {t.get_gid(): t for t in _label_layer(ax).texts}
    assert set(texts) == {f"label-{code}" for code in codes}
    boxes = {gid: t.get_window_extent(renderer) for gid, t in texts.items()}
    axes_box = ax.get_window_extent(renderer)
    for gid, box in boxes.items():
        assert texts[gid].get_fontsize() >= 10
        assert texts[gid].get_path_effects(), "labels need a halo"
        assert axes_box.x0 - 1 <= box.x0 and box.x1 <= axes_box.x1 + 1, gid
        for other, other_box in boxes.items():
            if other < gid:
                assert not box.overlaps(other_box), f"{gid} overlaps {other}"
    # a label that fits sits inside its own country
    centre = ax.transData.inverted().transform(boxes["label-THA"].get_points().mean(axis=0))
    assert _on("THA", centre).all()
    # Singapore's label sits right beside its marker
    marker = next(line for line in ax.lines if line.get_gid() == "marker-SGP")
    mx, my = ax.transData.transform((marker.get_xdata()[0], marker.get_ydata()[0]))
    sgp = boxes["label-SGP"]
    assert math.dist((mx, my), (sgp.x0, (sgp.y0 + sgp.y1) / 2)) < 40
    plt.close(fig)


def test_labels_are_placed_without_rasterising_the_map(monkeypatch):
    # Placement asks shapely which country lies under each point; it draws nothing else.
    drawn, draw = [], FigureCanvasAgg.draw

    def counted(canvas: FigureCanvasAgg) -> None:
        drawn.append(canvas)
        draw(canvas)

    monkeypatch.setattr(FigureCanvasAgg, "draw", counted)
    fig, ax = new_figure()
    draw_choropleth(ax, {"VNM": BLUE}, extent=ASEAN_EXTENT, labels={"VNM": "Vietnam"})
    fig.canvas.draw()
    assert drawn == [fig.canvas]
    assert [t.get_gid() for t in _label_layer(ax).texts] == ["label-VNM"]
    plt.close(fig)


# Two maps as the reports draw them: counts on South-East Asia with two-line labels and a
# colour bar, and partners on Asia with a legend in a corner.
PHD_COUNTS = {"VNM": 161, "THA": 47, "IDN": 16, "KHM": 6, "MYS": 6, "SGP": 2}
PHD_COLOURS = {161: "#08306B", 47: "#08306B", 16: "#2171B5", 6: "#6BAED6", 2: "#C6DBEF"}
NAMES = {"VNM": "Vietnam", "THA": "Thailand", "IDN": "Indonesia", "KHM": "Cambodia",
         "MYS": "Malaysia", "SGP": "Singapore", "CHN": "China", "JPN": "Japan", "IND": "India",
         "KOR": "South Korea", "TWN": "Taiwan", "LAO": "Laos"}  # fmt: skip
PARTNERS = dict.fromkeys(["CHN", "JPN", "VNM"], BLUE)
PARTNERS |= dict.fromkeys(["IND", "SGP", "KOR", "TWN"], OKABE_ITO["sky_blue"])
PARTNERS |= dict.fromkeys(["KHM", "LAO"], OKABE_ITO["yellow"])
OTHER_ASEAN = ["THA", "MMR", "MYS", "IDN", "PHL", "BRN", "TLS"]


def _counts_map():
    fig, ax = new_figure(9.0, 6.4)
    fills = {code: PHD_COLOURS[n] for code, n in PHD_COUNTS.items()}
    names = {code: f"{NAMES[code]}\n{n}" for code, n in PHD_COUNTS.items()}
    draw_choropleth(ax, fills, extent=ASEAN_EXTENT, labels=names)
    fig.colorbar(
        ScalarMappable(cmap="Blues"), ax=ax, orientation="horizontal", fraction=0.04, pad=0.02
    )
    finish(fig, title="A finding", subtitle="Unit, 2004", source="Source: test")
    return fig, ax, fills


def _partners_map():
    fig, ax = new_figure(9.0, 6.2)
    fills = dict.fromkeys(OTHER_ASEAN, "#F3E3C3") | PARTNERS
    draw_choropleth(ax, fills, extent=ASIA_EXTENT, labels={c: NAMES[c] for c in PARTNERS})
    ax.legend(handles=legend_handles([("Main partner", BLUE)] * 4), loc="lower left")
    finish(fig, title="A finding", subtitle="Unit, 2004", source="Source: test")
    return fig, ax, fills


def _labels(fig, ax):
    """code -> box of its label's text in pixels, after the final draw."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {
        t.get_gid().removeprefix("label-"): t.get_window_extent(renderer)
        for t in _label_layer(ax).texts
    }


def _points(fig, pixels: float) -> float:
    return pixels * 72 / fig.dpi


def _box_to_country_pt(fig, ax, box, code: str) -> float:
    """Points from a label's text box to its country's outline; 0 for a label centred on
    its country."""
    centre = ax.transData.inverted().transform(box.get_points().mean(axis=0))
    if _on(code, centre).all():
        return 0.0
    country = shapely.transform(load_shapes()[code], ax.transData.transform)
    return _points(fig, shapely.box(*box.extents).distance(country))


def _leader(ax, code: str) -> np.ndarray | None:
    """Points (lon, lat) along a label's leader line as drawn: from its country to its text."""
    layer = _label_layer(ax)
    if code not in layer.leaders:
        return None
    start, end = ax.transData.transform(layer.leaders[code])
    return ax.transData.inverted().transform(
        start + np.linspace(0, 1, 200)[:, None] * (end - start)
    )


@pytest.mark.parametrize("make_map", [_counts_map, _partners_map])
def test_labels_stay_close_to_their_country_and_clear_of_each_other(make_map):
    fig, ax, _ = make_map()
    placed = _labels(fig, ax)
    axes_box = ax.get_window_extent()
    legend = ax.get_legend().get_window_extent() if ax.get_legend() else None
    for code, box in placed.items():
        # never far away: within a few label heights of the country
        assert _box_to_country_pt(fig, ax, box, code) < 36, code
        assert axes_box.x0 - 1 <= box.x0 and box.x1 <= axes_box.x1 + 1, code
        assert axes_box.y0 - 1 <= box.y0 and box.y1 <= axes_box.y1 + 1, code
        assert legend is None or not box.overlaps(legend), code
        for other, other_box in placed.items():
            assert other >= code or not box.overlaps(other_box), f"{code} overlaps {other}"
        leader = _leader(ax, code)
        if leader is not None:  # short, but long enough to read as a line
            start, end = ax.transData.transform(leader[[0, -1]])
            assert 5 < _points(fig, math.dist(start, end)) < 2 * labels.LEADER_REACH_PT, code
            # and it reaches its text, stopping just short of it
            assert 0 < _points(fig, Point(end).distance(shapely.box(*box.extents))) < 4, code
    plt.close(fig)


def test_leader_lines_cross_no_other_country_with_data():
    fig, ax, fills = _counts_map()
    placed = _labels(fig, ax)
    leaders = {code: _leader(ax, code) for code in placed}
    leaders = {code: line for code, line in leaders.items() if line is not None}
    # the countries that do not fit their label: the long thin one and the two small ones
    assert {"VNM", "KHM", "MYS"} <= set(leaders)
    for code, line in leaders.items():
        assert _on(code, line[:1]).all(), f"{code}: leader starts outside it"
        for other in set(fills) - {code}:
            assert not _on(other, line).any(), f"{code}'s leader crosses {other}"
    plt.close(fig)


def test_codes_are_checked():
    fig, ax = new_figure()
    try:
        with pytest.raises(ValueError, match="VIE"):
            draw_choropleth(ax, {"VIE": BLUE}, extent=ASEAN_EXTENT)
        with pytest.raises(ValueError, match="extent"):
            draw_choropleth(ax, {}, extent=(0.0, 100.0, 0.0, 40.0))
        # a real country outside the shipped shapes is simply not on this map
        draw_choropleth(ax, {"USA": BLUE, "VNM": BLUE}, extent=ASEAN_EXTENT)
    finally:
        plt.close(fig)


def test_a_whole_map_draws_fast():
    codes = ["VNM", "THA", "LAO", "KHM", "MMR", "MYS", "SGP", "BRN", "IDN", "PHL", "TLS"]

    def one_map() -> None:
        fig, ax = new_figure()
        draw_choropleth(
            ax, dict.fromkeys(codes, BLUE), extent=ASIA_EXTENT, labels=dict.fromkeys(codes, "Name")
        )
        fig.canvas.draw()  # labels placed and everything rendered; encoding is not the map's
        plt.close(fig)

    one_map()  # shapes, frame and base map are prepared once per process: time a map
    start = time.perf_counter()
    one_map()
    assert time.perf_counter() - start < 0.4  # about 0.06 s here; generous for a busy CI


def test_legend_handles():
    handles = legend_handles([("Joint laboratory", BLUE), ("No data", NEUTRAL["no_data"])])
    assert all(isinstance(h, Patch) for h in handles)
    assert [h.get_label() for h in handles] == ["Joint laboratory", "No data"]
    assert _close_to(np.array(handles[0].get_facecolor()[:3]), BLUE)


def test_no_country_names_in_the_chart_code():
    names = {c.name for c in pycountry.countries if len(c.name) >= 5}
    names |= {getattr(c, "common_name", "") for c in pycountry.countries} - {""}
    style = importlib.import_module("analysis.charts.style")
    for module in (maps, geometry, basemap, labels, style):
        code = Path(module.__file__).read_text(encoding="utf-8")
        found = sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", code))
        assert not found, f"{module.__name__} names countries: {found}"


def test_a_region_without_a_frame_is_framed_around_its_members_shapes():
    west, east, south, north = maps.region_extent(regions()["East Asia"].members)
    assert west < 100 < 145 < east and south < 20 < 50 < north  # China to Japan, Taiwan to Mongolia


def test_a_region_with_no_shapes_has_no_map():
    assert maps.region_extent(regions()["Americas"].members) is None


def test_a_frame_at_the_edge_of_the_shapes_keeps_only_what_it_can_fill():
    # New Caledonia lies beyond the asset's eastern edge: its frame is a sliver at the edge,
    # where cut shapes leave lines. Every shape kept has an area, and a path to fill.
    extent = maps.region_extent(["NCL"])
    assert all(shape.area > 0 for shape in geometry.visible(extent).values())
    assert all(len(path.vertices) for path in basemap.base_map(extent).values())
