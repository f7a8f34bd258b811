"""Choropleth maps and the shipped country shapes: real data, real rendering."""

from __future__ import annotations

import gzip
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
from matplotlib.cm import ScalarMappable
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text

from analysis.charts import maps
from analysis.charts.maps import (
    SHAPES_FILE,
    draw_choropleth,
    legend_handles,
    load_shapes,
    representative_point,
)
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


# --- the asset -----------------------------------------------------------------------------


def test_asset_is_small_and_documented():
    assert SHAPES_FILE.name == "countries_asia.json.gz"
    assert SHAPES_FILE.stat().st_size < 1_000_000
    licence = (SHAPES_FILE.parent / "LICENSE-naturalearth.md").read_text(encoding="utf-8")
    assert "public domain" in licence and "world-atlas" in licence and "2.0.2" in licence


def test_asset_has_the_asian_countries_keyed_by_valid_iso3():
    shapes = load_shapes()
    missing = [code for code in NEEDED if not shapes.get(code)]
    assert not missing
    invalid = [code for code in shapes if pycountry.countries.get(alpha_3=code) is None]
    assert not invalid
    assert len(shapes) > 60


def test_asset_rings_are_closed_oriented_and_inside_the_box():
    with gzip.open(SHAPES_FILE, "rt", encoding="utf-8") as handle:
        box = json.load(handle)["meta"]["box"]
    for code, polygons in load_shapes().items():
        for polygon in polygons:
            exterior = polygon[0]
            assert exterior.ndim == 2 and exterior.shape[1] == 2 and len(exterior) >= 4
            assert np.array_equal(exterior[0], exterior[-1]), code
            assert maps._ring_area(exterior) > 0, f"{code}: exterior not counter-clockwise"
            assert exterior[:, 0].min() >= box["lon_min"] and exterior[:, 0].max() <= box["lon_max"]
            assert exterior[:, 1].min() >= box["lat_min"] and exterior[:, 1].max() <= box["lat_max"]
            assert not exterior.flags.writeable


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
        assert maps._country_path(code).contains_point(point), code
    assert not maps._country_path("VNM").contains_point(places["IND"])


def test_converter_decodes_quantized_topojson():
    spec = importlib.util.spec_from_file_location(
        "convert_world_atlas", REPO / "tools" / "convert_world_atlas.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
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
    assert module.signed_area([tuple(p) for p in ring]) > 0  # counter-clockwise
    assert [f["name"] for f in document["unassigned"]] == ["X"]
    clipped = module.convert(topology, box=(105, 180, -90, 90))["countries"]["VNM"][0][0]
    assert min(p[0] for p in clipped) == 105


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
    (layer,) = [a for a in ax.get_children() if isinstance(a, maps._LabelLayer)]
    return layer


def test_labels_are_placed_legibly_and_do_not_collide():
    fig, ax = new_figure()
    codes = ["VNM", "THA", "LAO", "KHM", "MMR", "MYS", "SGP", "BRN", "IDN", "PHL", "TLS"]
    fills = dict.fromkeys(codes, BLUE)
    labels = {code: f"{code} label" for code in codes}
    draw_choropleth(ax, fills, extent=ASEAN_EXTENT, labels=labels, highlight="VNM")
    finish(fig, title="A finding", subtitle="Unit, 2024", source="Source: test")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = {t.get_gid(): t for t in _label_layer(ax).texts}
    assert set(texts) == {f"label-{code}" for code in codes}
    # the text itself, without the leader line that Annotation's extent includes
    boxes = {gid: Text.get_window_extent(t, renderer) for gid, t in texts.items()}
    axes_box = ax.get_window_extent(renderer)
    for gid, box in boxes.items():
        assert texts[gid].get_fontsize() >= 10
        assert texts[gid].get_path_effects(), "labels need a halo"
        assert axes_box.x0 - 1 <= box.x0 and box.x1 <= axes_box.x1 + 1, gid
        for other, other_box in boxes.items():
            if other < gid:
                assert not box.overlaps(other_box), f"{gid} overlaps {other}"
    # a label that fits sits inside its own country
    x, y = ax.transData.inverted().transform(boxes["label-THA"].get_points().mean(axis=0))
    assert maps._country_path("THA").contains_point((x, y))
    # Singapore's label sits right beside its marker
    marker = next(line for line in ax.lines if line.get_gid() == "marker-SGP")
    mx, my = ax.transData.transform((marker.get_xdata()[0], marker.get_ydata()[0]))
    sgp = boxes["label-SGP"]
    assert math.dist((mx, my), (sgp.x0, (sgp.y0 + sgp.y1) / 2)) < 40
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
    labels = {code: f"{NAMES[code]}\n{n}" for code, n in PHD_COUNTS.items()}
    draw_choropleth(ax, fills, extent=ASEAN_EXTENT, labels=labels)
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
    """code -> (annotation, box of its text in pixels), after the final draw."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {
        t.get_gid().removeprefix("label-"): (t, Text.get_window_extent(t, renderer))
        for t in _label_layer(ax).texts
    }


def _points(fig, pixels: float) -> float:
    return pixels * 72 / fig.dpi


def _box_to_country_pt(fig, ax, box, code: str) -> float:
    """Points from a label's text box to the nearest vertex of its country's outline; 0 for
    a label centred on its country."""
    centre = ax.transData.inverted().transform(box.get_points().mean(axis=0))
    if maps._contains(code, centre[None]).all():
        return 0.0
    rings = [ring for polygon in load_shapes()[code] for ring in polygon]
    v = ax.transData.transform(np.concatenate(rings))
    dx = np.maximum(np.maximum(box.x0 - v[:, 0], v[:, 0] - box.x1), 0.0)
    dy = np.maximum(np.maximum(box.y0 - v[:, 1], v[:, 1] - box.y1), 0.0)
    return _points(fig, float(np.hypot(dx, dy).min()))


def _leader(ax, text, box) -> np.ndarray | None:
    """Points (lon, lat) along a label's visible leader line: from its start to its text."""
    if text.arrowprops is None:
        return None
    start = ax.transData.transform(text.xy)
    line = start + np.linspace(0, 1, 200)[:, None] * (np.array(box.get_points().mean(0)) - start)
    outside = ~((line[:, 0] > box.x0) & (line[:, 0] < box.x1)
                & (line[:, 1] > box.y0) & (line[:, 1] < box.y1))  # fmt: skip
    return ax.transData.inverted().transform(line[outside])


@pytest.mark.parametrize("make_map", [_counts_map, _partners_map])
def test_labels_stay_close_to_their_country_and_clear_of_each_other(make_map):
    fig, ax, _ = make_map()
    labels = _labels(fig, ax)
    axes_box = ax.get_window_extent()
    legend = ax.get_legend().get_window_extent() if ax.get_legend() else None
    for code, (text, box) in labels.items():
        # never far away: within a few label heights of the country
        assert _box_to_country_pt(fig, ax, box, code) < 36, code
        assert axes_box.x0 - 1 <= box.x0 and box.x1 <= axes_box.x1 + 1, code
        assert axes_box.y0 - 1 <= box.y0 and box.y1 <= axes_box.y1 + 1, code
        assert legend is None or not box.overlaps(legend), code
        for other, (_, other_box) in labels.items():
            assert other >= code or not box.overlaps(other_box), f"{code} overlaps {other}"
        leader = _leader(ax, text, box)
        if leader is not None:  # short, but long enough to read as a line
            length = _points(fig, math.dist(*ax.transData.transform(leader[[0, -1]])))
            assert 5 < length < 2 * maps.LEADER_REACH_PT, (code, length)
    plt.close(fig)


def test_leader_lines_cross_no_other_country_with_data():
    fig, ax, fills = _counts_map()
    labels = _labels(fig, ax)
    leaders = {code: _leader(ax, t, box) for code, (t, box) in labels.items()}
    leaders = {code: line for code, line in leaders.items() if line is not None}
    # the countries that do not fit their label: the long thin one and the two small ones
    assert {"VNM", "KHM", "MYS"} <= set(leaders)
    for code, line in leaders.items():
        assert maps._contains(code, line[:1]).all(), f"{code}: leader starts outside it"
        for other in set(fills) - {code}:
            assert not maps._contains(other, line).any(), f"{code}'s leader crosses {other}"
    plt.close(fig)


def test_representative_point_lies_inside_concave_countries():
    for code in ("VNM", "MYS", "IDN", "PHL", "CHN", "LAO"):
        point = representative_point(code)
        assert maps._country_path(code).contains_point(point), code


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
    load_shapes()  # the asset is read once per process; time a map, not the file
    codes = ["VNM", "THA", "LAO", "KHM", "MMR", "MYS", "SGP", "BRN", "IDN", "PHL", "TLS"]
    start = time.perf_counter()
    fig, ax = new_figure()
    draw_choropleth(
        ax, dict.fromkeys(codes, BLUE), extent=ASIA_EXTENT, labels=dict.fromkeys(codes, "Name")
    )
    to_png(fig)
    assert time.perf_counter() - start < 2.0  # about 0.3 s here; generous for a busy CI


def test_legend_handles():
    handles = legend_handles([("Joint laboratory", BLUE), ("No data", NEUTRAL["no_data"])])
    assert all(isinstance(h, Patch) for h in handles)
    assert [h.get_label() for h in handles] == ["Joint laboratory", "No data"]
    assert _close_to(np.array(handles[0].get_facecolor()[:3]), BLUE)


def test_no_country_names_in_the_chart_code():
    names = {c.name for c in pycountry.countries if len(c.name) >= 5}
    names |= {getattr(c, "common_name", "") for c in pycountry.countries} - {""}
    for module in (maps, importlib.import_module("analysis.charts.style")):
        code = Path(module.__file__).read_text(encoding="utf-8")
        found = sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", code))
        assert not found, f"{module.__name__} names countries: {found}"


def test_holes_stay_empty_when_drawn_and_when_tested():
    # A square with a square hole (clockwise, as in the asset): drawn with the module's path
    # builder, the hole shows the background; the hole-aware test agrees.
    outer = np.array([[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], dtype=float)
    hole = np.array([[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]], dtype=float)
    fig, ax = plt.subplots(figsize=(2, 2), dpi=100)
    ax.set_axis_off()
    ax.add_patch(PathPatch(maps._path([(outer, hole)]), facecolor=BLUE, edgecolor="none"))
    ax.set_xlim(0, 4)
    ax.set_ylim(0, 4)
    assert _close_to(_pixel_rgb(fig, ax, 0.5, 0.5), BLUE)
    assert _close_to(_pixel_rgb(fig, ax, 2.0, 2.0), "white")
    plt.close(fig)
    # One country's outline has enclaves of its neighbours: a point in one is not in it.
    holes = [ring for polygon in load_shapes()["KGZ"] for ring in polygon[1:]]
    points = [ring[:-1].mean(axis=0) for ring in holes]
    in_hole = [p for p, ring in zip(points, holes, strict=True) if MplPath(ring).contains_point(p)]
    assert in_hole, "expected an enclave whose vertex mean lies inside it"
    assert not maps._contains("KGZ", np.array(in_hole)).any()
    assert maps._country_path("KGZ").contains_point(in_hole[0])  # what matplotlib alone says


def test_a_region_without_a_frame_is_framed_around_its_members_shapes():
    west, east, south, north = maps.region_extent(regions()["East Asia"].members)
    assert west < 100 < 145 < east and south < 20 < 50 < north  # China to Japan, Taiwan to Mongolia


def test_a_region_with_no_shapes_has_no_map():
    assert maps.region_extent(regions()["Americas"].members) is None
