"""The comparison report: ties shaped from hand-made tables of two institutions, and each
comparison chart rendered for real, from one institution to ten."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis import compare, data
from analysis.charts import compare as charts
from analysis.clean import SCHEMAS
from analysis.clean.common import validate
from analysis.clean.partner_countries import TIERS
from analysis.figures import to_png

SOURCE = "Source: institutional profiles (synthetic test data)"
#: Fifteen countries and ten institutions for the crowded case, names of varied length.
COUNTRIES = [
    "VNM",
    "THA",
    "LAO",
    "KHM",
    "MMR",
    "MYS",
    "SGP",
    "IDN",
    "PHL",
    "BRN",
    "CHN",
    "JPN",
    "KOR",
    "IND",
    "TWN",
]
INSTITUTIONS = [
    "CNRS",
    "IRD",
    "DAAD",
    "Fraunhofer",
    "INSERM",
    "CIRAD",
    "Helmholtz",
    "KNAW",
    "CSIC",
    "JSPS",
]


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows of a processed table, with provenance filled in and the real schema checked."""
    provenance = {"origin": "rule", "quote": "…", "start": 1, "end": 2}
    frame = pd.DataFrame(
        [{**provenance, "doc_id": f"{row['institution'].lower()}_profile", **row} for row in rows],
        columns=list(SCHEMAS[name].columns),
    )
    return validate(frame[list(SCHEMAS[name].columns)], SCHEMAS[name])


def agreement(institution, country, year, action="signed", partner="Academy", doc="profile"):
    return {
        "institution": institution,
        "country_iso3": country,
        "partner": partner,
        "partner_acronym": partner[:3].upper(),
        "action": action,
        "year": year,
        "doc_id": f"{institution.lower()}_{doc}",
    }


def event(institution, country, year, event_type, label="Milestone"):
    return {
        "institution": institution,
        "country_iso3": country,
        "year": year,
        "event_type": event_type,
        "label": label,
    }


def partner(institution, country, tier, scope=""):
    return {
        "institution": institution,
        "country_iso3": country,
        "tier": tier,
        "scope": scope,
        "basis": "history",
    }


def phd_row(institution, country, year, students):
    return {
        "institution": institution,
        "country_iso3": country,
        "year": year,
        "students": students,
        "qualifier": "exact",
    }


@pytest.fixture(scope="module")
def names():
    return data.countries().name.to_dict()


@pytest.fixture
def tables():
    """Two institutions sharing Vietnam; CNRS's Vietnam counts have two years (two documents
    disagreeing on the later one), and one agreement is stated by two documents."""
    agreements = table(
        "agreements",
        [
            agreement("CNRS", "VNM", 1983),
            agreement("CNRS", "VNM", 1983, doc="report"),
            agreement("CNRS", "VNM", 2001, partner="Social Sciences"),
            agreement("CNRS", "VNM", 2005, action="renewed"),
            agreement("CNRS", "THA", 2000, partner="Research Fund"),
            agreement("IRD", "VNM", 1990, partner="University"),
        ],
    )
    return {
        "partner_countries": table(
            "partner_countries",
            [
                partner("CNRS", "VNM", "strong", scope="South-East"),
                partner("CNRS", "VNM", "main", scope="Whole continent"),
                partner("IRD", "LAO", "significant"),
            ],
        ),
        "agreements": agreements,
        "events": table(
            "events",
            [
                event("CNRS", "VNM", 1983, "agreement_signed"),
                event("CNRS", "VNM", 1999, "office_opened"),
                event("CNRS", "THA", 2000, "agreement_signed"),
                event("IRD", "VNM", 1990, "agreement_signed"),
                event("IRD", "", 2010, "network_joined"),
            ],
        ),
        "phd_students": table(
            "phd_students",
            [
                phd_row("CNRS", "VNM", 2004, 161),
                phd_row("CNRS", "VNM", 2010, 120),
                phd_row("CNRS", "VNM", 2010, 100) | {"doc_id": "cnrs_report"},
                phd_row("CNRS", "THA", 2004, 47),
                phd_row("IRD", "VNM", 2008, 30),
            ],
        ),
        "joint_labs": table(
            "joint_labs", [{"institution": "CNRS", "country_iso3": "VNM", "fields": "physics"}]
        ),
        "copublications": table(
            "copublications",
            [
                {
                    "institution": "IRD",
                    "country_iso3": "LAO",
                    "share_min_pct": 6.0,
                    "share_qualifier": "exact",
                    "intl_pubs_min": float("nan"),
                    "intl_pubs_max": float("nan"),
                }
            ],
        ),
    }


def test_ties_one_row_per_linked_pair_with_latest_phd_year(tables):
    linked = compare.ties(tables).set_index(["institution", "country_iso3"])
    expected = pd.DataFrame(
        [
            ("CNRS", "THA", "", 1, 0, 47, 0, 0, False, 2),
            ("CNRS", "VNM", "main", 2, 1, 120, 1, 0, False, 5),
            ("IRD", "LAO", "significant", 0, 0, 0, 0, 0, True, 2),
            ("IRD", "VNM", "", 1, 0, 30, 0, 0, False, 2),
        ],
        columns=["institution", "country_iso3", *compare.KINDS, "strength"],
    ).set_index(["institution", "country_iso3"])
    pd.testing.assert_frame_equal(linked, expected, check_dtype=False)


def test_ties_refuses_an_unknown_table(tables):
    with pytest.raises(ValueError, match="phd"):
        compare.ties({**tables, "phd": tables["phd_students"]})


def test_tie_table_reads_like_the_heat_map(tables, names):
    table = compare.tie_table(compare.ties(tables), names)
    assert table.index.tolist() == ["CNRS", "IRD"]
    assert table.columns.tolist() == [names["VNM"], names["LAO"], names["THA"]]
    assert table.loc["CNRS", names["VNM"]] == "main · 2 agr · 120 PhD · office · lab"
    assert table.loc["IRD", names["LAO"]] == "significant · co-pub"
    assert table.loc["CNRS", names["LAO"]] == ""


def test_timeline_marks_lanes_and_merged_repeats(tables, names):
    events = pd.concat([tables["events"], tables["events"].iloc[[1]].assign(label="Again")])
    by_institution = compare.timeline_marks(events, "institution", names)
    assert by_institution.lane.unique().tolist() == ["CNRS", "IRD"]
    assert f"{names['VNM']} ×2" in set(by_institution.label)
    by_country = compare.timeline_marks(tables["events"], "country", names)
    assert by_country.lane.unique().tolist()[-1] == "Region-wide"
    with pytest.raises(ValueError, match="lane_by"):
        compare.timeline_marks(events, "year", names)


def test_phd_by_country_folds_small_countries_and_institutions(tables, names):
    wide, years = compare.phd_by_country(tables["phd_students"], names, 1, 1)
    assert wide.index.tolist() == [names["VNM"], "1 other country"]
    assert wide.columns.tolist() == ["CNRS", "1 other institution"]
    assert wide.to_numpy().tolist() == [[120, 30], [47, 0]]
    assert years == [2004, 2008, 2010]


def synthetic_tables(n_institutions: int, n_countries: int, n_events: int) -> dict:
    """A crowded but plausible comparison: every institution with an event, some busier
    than others, events bunched around 2000, a few kinds of tie for most pairs."""
    rng = np.random.default_rng(7)
    institutions, countries = INSTITUTIONS[:n_institutions], COUNTRIES[:n_countries]
    pairs = [(i, c) for i in institutions for c in countries if rng.random() < 0.6]
    busy = rng.dirichlet(np.ones(n_institutions))
    kinds = rng.choice(list(charts.MARKERS), n_events, p=[0.55, 0.15, 0.2, 0.1])
    years = rng.normal(2000, 15, n_events).clip(1960, 2025).astype(int)
    return {
        "partner_countries": table(
            "partner_countries",
            [partner(i, c, rng.choice(TIERS)) for i, c in pairs if rng.random() < 0.5],
        ),
        "agreements": table(
            "agreements",
            [
                agreement(i, c, 1965 + (7 * n + 11 * k) % 60, partner=f"Partner {n}.{k}")
                for n, (i, c) in enumerate(pairs)
                for k in range(n % 3)
            ],
        ),
        "events": table(
            "events",
            [
                event(
                    institutions[n] if n < n_institutions else rng.choice(institutions, p=busy),
                    "" if kind == "network_joined" else rng.choice(countries),
                    int(year),
                    kind,
                    label=f"Event {n}",
                )
                for n, (kind, year) in enumerate(zip(kinds, years, strict=True))
            ],
        ),
        "phd_students": table(
            "phd_students",
            [
                phd_row(i, c, 2004 + INSTITUTIONS.index(i), int(rng.integers(1, 200)))
                for i, c in pairs
            ],
        ),
        "joint_labs": table(
            "joint_labs",
            [
                {"institution": i, "country_iso3": c, "fields": "physics"}
                for i, c in pairs
                if rng.random() < 0.3
            ],
        ),
    }


@pytest.fixture(scope="module")
def crowded():
    return synthetic_tables(10, 15, 40)


@pytest.fixture(scope="module")
def few():
    return synthetic_tables(3, 6, 12)


def title(figure) -> str:
    """The title as one line, however ``finish`` wrapped it."""
    return figure.texts[0].get_text().replace("\n", " ")


def tick_labels_overlap(axis, renderer) -> bool:
    """Level labels overlap when their boxes do; slanted ones when the gap between their
    parallel baselines is less than a line of text. Ticks outside the view are not drawn."""
    low, high = sorted(axis.get_view_interval())
    along = 0 if axis.axis_name == "x" else 1
    shown = [
        label
        for label in axis.get_ticklabels()
        if label.get_text() and low <= label.get_position()[along] <= high
    ]
    boxes = [label.get_window_extent(renderer) for label in shown]
    pairs = list(zip(boxes, boxes[1:], strict=False))
    if not shown or not shown[0].get_rotation():
        return any(a.overlaps(b) for a, b in pairs)
    slope = np.sin(np.radians(shown[0].get_rotation()))
    line_px = shown[0].get_fontsize() * renderer.points_to_pixels(1)
    return any(abs(b.x0 - a.x0) * slope < line_px for a, b in pairs)


def assert_legible(figure) -> None:
    """Every text at least 10 pt, everything drawn inside the figure, axis labels apart."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    assert min(t.get_fontsize() for t in texts) >= 10
    drawn = figure.get_tightbbox(renderer)
    width, height = figure.get_size_inches()
    assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, drawn
    assert drawn.x1 <= width + 0.01 and drawn.y1 <= height + 0.01, drawn
    for ax in figure.axes:
        assert not tick_labels_overlap(ax.xaxis, renderer)
        assert not tick_labels_overlap(ax.yaxis, renderer)
        # The text alone: an annotation's own extent includes its leader line.
        boxes = [Text.get_window_extent(text, renderer) for text in ax.texts]
        clashes = [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1 :] if a.overlaps(b)]
        assert not clashes


def test_tie_matrix_draws_one_cell_per_pair_strongest_first(tables, names):
    linked = compare.ties(tables)
    figure = charts.tie_matrix(linked, names=names, source=SOURCE)
    ax = figure.axes[0]
    assert ax.images[0].get_array().shape[:2] == (2, 3)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["CNRS", "IRD"]
    assert sorted(t.get_text() for t in ax.texts) == ["2", "2", "2", "5"]
    assert title(figure) == f"{names['VNM']} has the strongest ties overall, with both institutions"
    assert_legible(figure)
    alt = charts.tie_matrix_alt(linked, names)
    assert "2 institutions (CNRS, IRD) by 3 countries" in alt and "CNRS with" in alt
    to_png(figure)


def test_tie_matrix_of_one_institution_names_it_in_the_title(tables, names):
    linked = compare.ties(tables).query("institution == 'CNRS'")
    figure = charts.tie_matrix(linked, names=names, source=SOURCE)
    assert title(figure) == f"CNRS's strongest tie is with {names['VNM']}"
    assert_legible(figure)
    to_png(figure)


def test_lanes_timeline_one_lane_per_institution_or_country(tables, names):
    figure = charts.lanes_timeline(
        tables["events"], lane_by="institution", names=names, source=SOURCE
    )
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["CNRS", "IRD"]
    markers = [line for line in ax.get_lines() if line.get_marker() != "None"]
    # one line of markers per event type, one marker per event
    assert len(markers) == tables["events"].event_type.nunique() == 3
    assert sum(len(line.get_xdata()) for line in markers) == len(tables["events"])
    assert len(ax.get_legend().get_texts()) == 3
    assert_legible(figure)
    to_png(figure)
    figure = charts.lanes_timeline(tables["events"], lane_by="country", names=names, source=SOURCE)
    assert len(figure.axes[0].get_yticklabels()) == 3
    to_png(figure)
    alt = charts.lanes_timeline_alt(tables["events"], lane_by="country", names=names)
    assert alt.startswith("Timeline 1983–2010, one lane per country") and "1 × office" in alt


def test_phd_stacked_bars_per_country_and_institution(tables, names):
    figure = charts.phd_stacked(tables["phd_students"], names=names, source=SOURCE)
    ax = figure.axes[0]
    assert len(ax.patches) == 2 * 2  # two countries, two institutions
    assert [t.get_text() for t in ax.get_yticklabels()] == [names["VNM"], names["THA"]]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["CNRS", "IRD"]
    assert title(figure) == f"Most PhD students came from {names['VNM']}: 150 of 197"
    assert "(2004–2010)" in figure.texts[1].get_text()
    assert_legible(figure)
    to_png(figure)
    assert charts.phd_stacked_alt(tables["phd_students"], names=names).endswith(
        f"{names['VNM']} 150, {names['THA']} 47."
    )


@pytest.mark.parametrize(
    "draw",
    [
        lambda names: charts.tie_matrix(compare.ties({}), names=names, source=SOURCE),
        lambda names: charts.lanes_timeline(
            table("events", []), lane_by="country", names=names, source=SOURCE
        ),
        lambda names: charts.phd_stacked(table("phd_students", []), names=names, source=SOURCE),
    ],
)
def test_empty_input_is_a_clear_error(draw, names):
    with pytest.raises(ValueError, match="no .* to draw"):
        draw(names)


@pytest.mark.parametrize("case", ["few", "crowded"])
def test_many_institutions_and_countries_stay_legible(case, request, names, tmp_path):
    tables = request.getfixturevalue(case)
    linked = compare.ties(tables)
    figures = {
        "ties": charts.tie_matrix(linked, names=names, source=SOURCE),
        "lanes_institution": charts.lanes_timeline(
            tables["events"], lane_by="institution", names=names, source=SOURCE
        ),
        "lanes_country": charts.lanes_timeline(
            tables["events"], lane_by="country", names=names, source=SOURCE
        ),
        "phd": charts.phd_stacked(tables["phd_students"], names=names, source=SOURCE),
    }
    for name, figure in figures.items():
        assert_legible(figure)
        to_png(figure, tmp_path / f"{name}.png")
    assert (tmp_path / "ties.png").stat().st_size > 10_000


def test_crowded_phd_chart_greys_the_institutions_beyond_the_palette(crowded, names):
    figure = charts.phd_stacked(crowded["phd_students"], names=names, source=SOURCE)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert len(legend) == 8 and legend[-1] == "3 other institutions"
    assert len(figure.axes[0].get_yticklabels()) == 11
    to_png(figure)
