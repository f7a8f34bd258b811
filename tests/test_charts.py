"""Chart logic on the real processed tables, and each chart rendered for real."""

import io

import pandas as pd
import pytest
from PIL import Image

from analysis import data
from analysis.charts import partners, phd, timeline
from analysis.figures import to_png

SOURCE = {"institution": "CNRS", "source": "Source: the seed profile (doc cnrs_asean_profile)"}


@pytest.fixture(scope="module")
def names():
    return data.countries().name.to_dict()


def png_size(figure) -> tuple[int, int]:
    return Image.open(io.BytesIO(to_png(figure))).size


def test_strongest_tier_wins_and_ranks_countries():
    best = partners.strongest_tiers(data.load("partner_countries")).set_index("country_iso3")
    assert best.loc["VNM", "tier"] == "main" and best.loc["VNM", "tiers"] == "main; strong"
    assert best.loc["LAO", "tier"] == "lesser"
    assert list(best["rank"]) == sorted(best["rank"])


def test_partner_fills_mark_other_members_of_the_grouping():
    fills = partners.partner_fills(
        data.load("partner_countries"), data.region_members("asean"), data.region_members("asean")
    )
    assert fills["VNM"] == partners.TIER_COLOURS["main"]
    assert fills["SGP"] == partners.TIER_COLOURS["significant"]
    assert fills["PHL"] == partners.TIER_COLOURS["other_member"]
    assert "JPN" not in fills


def test_partner_table_is_ranked_strongest_first(names):
    table = partners.partner_table(
        data.load("partner_countries"), names, data.region_members("asia")
    )
    assert table.Country.tolist()[:3] == ["China", "Japan", "Vietnam"]
    assert table.Tie.tolist()[-1] == "Lesser involvement"


@pytest.mark.parametrize("region", ["asia", "asean"])
def test_partner_map_renders(region, names):
    figure = partners.partner_map(
        data.load("partner_countries"),
        region=data.region(region),
        scope_codes=data.region_members("asean"),
        names=names,
        highlight="VNM",
        **SOURCE,
    )
    assert (
        figure.texts[0].get_text()
        == {
            "asia": "CNRS's closest partners in Asia: China, Japan and Vietnam",
            "asean": "CNRS's closest partner in ASEAN: Vietnam",
        }[region]
    )
    figure.canvas.draw()
    legend = figure.axes[0].get_legend().get_window_extent()
    texts = [t.get_window_extent() for t in figure.texts if t.get_gid() in ("source", "subtitle")]
    assert not any(legend.overlaps(text) for text in texts)
    assert figure.bbox.contains(legend.x0, legend.y0) and figure.bbox.contains(legend.x1, legend.y1)
    width, height = png_size(figure)
    assert width == 1080 and height > 600


def test_timeline_window_keeps_region_wide_events():
    events = data.load("events")
    chosen = timeline.select_events(events, 2000, 2004, ["THA"])
    assert set(zip(chosen.year, chosen.country_iso3, strict=True)) == {
        (2000, "THA"),
        (2003, "THA"),
        (2003, ""),
    }


def test_short_labels_name_partners_by_acronym():
    events = data.load("events")
    labels = {(row.year, row.event_type): timeline.short_label(row) for _, row in events.iterrows()}
    assert labels[(1983, "agreement_signed")] == "VAST (1983)"
    assert labels[(2003, "agreement_renewed")] == "TRF renewed (2003)"
    assert labels[(2006, "office_opened")] == "Permanent Office in Hanoi (2006)"


def test_labels_go_beside_markers_when_the_lane_is_free_else_above_or_below():
    assert timeline._placement("VAST (1983)", (1.5, 18), 0.3, 1)[1:] == ("left", (9, 0))
    assert timeline._placement("VASS (2001)", (18, 5), 0.3, 2)[1:] == ("right", (-9, 0))
    text, align, offset = timeline._placement("Permanent Office in Hanoi (2006)", (5, 3), 0.3, 1)
    assert align == "center" and offset == (0, 9) and "\n" in text


def test_timeline_renders_one_lane_per_country(names):
    figure = timeline.timeline(
        data.load("events"), names=names, start_year=1983, end_year=2006, **SOURCE
    )
    lanes = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert lanes == ["Vietnam", "Thailand", "Region-wide", "Singapore"]
    assert (
        figure.texts[0].get_text() == "CNRS's ties go back to 1983 in Vietnam; 4 agreements signed"
    )
    png_size(figure)


def test_timeline_labels_an_event_two_documents_state_once_and_clear_the_year_ticks(names):
    events = data.load("events")
    twice = pd.concat([events, events.assign(doc_id="another_document")], ignore_index=True)
    figure = timeline.timeline(twice, names=names, start_year=1983, end_year=2006, **SOURCE)
    ax = figure.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == len(set(labels)) == len(events.drop_duplicates(["year", "label"]))
    figure.canvas.draw()
    ticks = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
    assert not any(t.get_window_extent().overlaps(tick) for t in ax.texts for tick in ticks)


def test_ranked_counts_collapse_the_tail(names):
    ranked = phd.ranked_counts(data.load("phd_students"), names, top_n=3)
    assert ranked.country.tolist() == ["Vietnam", "Thailand", "Indonesia", "3 other countries"]
    assert ranked.students.tolist() == [161, 47, 16, 14]
    assert ranked.share.sum() == pytest.approx(1.0)
    assert ranked.country_iso3.tolist()[-1] == ""


def test_highlighted_country_stands_out(names):
    bars = phd.phd_bars(
        data.load("phd_students"), names=names, year=2004, top_n=10, highlight="THA", **SOURCE
    )
    colours = {p.get_facecolor() for p in bars.axes[0].patches}
    assert len(colours) == 2
    assert bars.texts[0].get_text() == "20% of the PhD students came from Thailand"


def test_count_bins_cover_every_count():
    edges = phd.count_bins(pd.Series([2, 6, 6, 16, 47, 161]))
    assert edges[0] < 2 and edges[-1] > 161 and edges == sorted(edges) and len(edges) <= 5


def test_phd_charts_render(names):
    students = data.load("phd_students")
    bars = phd.phd_bars(students, names=names, year=2004, top_n=10, **SOURCE)
    assert bars.texts[0].get_text() == "68% of the PhD students came from Vietnam"
    assert [t.get_text() for t in bars.axes[0].texts][0] == "161  (68%)"
    png_size(bars)
    png_size(phd.phd_map(students, names=names, year=2004, region=data.region("asean"), **SOURCE))


def test_country_summary_and_locator_map():
    from analysis import views
    from analysis.charts import profile

    summary = views.fact_summary(data.country_facts("SGP"))
    assert summary == [
        "significant exchanges",
        "1 agreement",
        "2 PhD students (2004)",
        "joint laboratories",
    ]
    figure = profile.locator_map(
        "SGP",
        name="Singapore",
        region=data.region("ASEAN"),
        title=views.country_summary("Singapore", data.country_facts("SGP")),
        subtitle="What the documents say about Singapore",
        source=SOURCE["source"],
    )
    assert figure.texts[0].get_text().startswith("Singapore: significant exchanges, 1 agreement")
    png_size(figure)


def test_timeline_title_prefers_the_first_country_over_region_wide_items(names):
    events = timeline.select_events(data.load("events"), 1983, 2006, ["SGP"])
    figure = timeline.timeline(events, names=names, start_year=2003, end_year=2005, **SOURCE)
    assert (
        figure.texts[0].get_text() == "CNRS's ties go back to 2005 in Singapore; 1 agreement signed"
    )


def test_a_text_is_measured_once_per_process_as_agg_measures_it(monkeypatch):
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    from analysis.charts.style import finish, new_figure

    def chart():
        fig, ax = new_figure()
        ax.set_yticks([0, 1], ["A label measured once", "And another"])
        return finish(fig, title="A finding", subtitle="Unit, 2024", source="Source: a test")

    first = chart()
    font = FontProperties(size=11)
    assert first.canvas.get_renderer().get_text_width_height_descent(
        "Vietnam", font, False
    ) == RendererAgg(1, 1, first.dpi).get_text_width_height_descent("Vietnam", font, False)
    to_png(first)
    measured = []
    measure = RendererAgg.get_text_width_height_descent
    monkeypatch.setattr(
        RendererAgg,
        "get_text_width_height_descent",
        lambda renderer, *args: measured.append(args) or measure(renderer, *args),
    )
    png_size(chart())  # the same texts in a new figure: nothing measured again
    assert measured == []
