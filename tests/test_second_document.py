"""A second profile in the same genre, with other numbers and phrasings: the extractor is
not tied to the seed document."""

import pytest
from pipeline import SECOND, rows, run_pipeline


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return run_pipeline(SECOND, tmp_path_factory.mktemp("second"))


@pytest.fixture(scope="module")
def raw(extracted):
    return extracted[0]


@pytest.fixture(scope="module")
def tables(extracted):
    return extracted[1]


def test_profile_comes_from_the_title(raw):
    assert rows(raw["profile"], "name", "acronym", "country") == {
        ("German Research Foundation", "DFG", "Germany")
    }


def test_values_stay_as_written_in_raw_tables(raw):
    assert rows(raw["key_figures"], "value", "metric") == {
        ("about 32 000", "projects"),
        ("around 2 700", "staff"),
        ("more than 1 200", "international collaborations"),
        ("Nearly 35 %", "funding"),
    }


def test_yearly_figure_with_the_year_before_the_number(tables):
    figures = tables["key_figures"].set_index("metric")
    assert figures.loc["international collaborations", "unit"] == "count per year"
    assert figures.loc["staff", "qualifier"] == "approx"


def test_memorandum_with_two_renewals_and_an_unnamed_country(tables):
    assert rows(tables["agreements"], "partner_acronym", "country_iso3", "action", "year") == {
        ("NRCT", "THA", "signed", 1998),
        ("NRCT", "THA", "renewed", 2004),
        ("NRCT", "THA", "renewed", 2010),
        ("LIPI", "IDN", "signed", 2002),
    }


def test_office_and_network(tables):
    events = tables["events"]
    assert rows(
        events[events.event_type.isin(["office_opened", "network_joined"])],
        "year",
        "country_iso3",
        "event_type",
    ) == {(2011, "IDN", "office_opened"), (2009, "", "network_joined")}
    assert events.event_type.value_counts()["agreement_renewed"] == 2


def test_doctoral_researchers_with_other_wording(tables):
    assert rows(tables["phd_students"], "country_iso3", "year", "students") == {
        ("IDN", 2012, 230),
        ("THA", 2012, 85),
        ("PHL", 2012, 12),
    }


def test_tiers_with_other_words(tables):
    assert rows(tables["partner_countries"], "country_iso3", "tier") == {
        ("IDN", "main"),  # "works most closely with Indonesia"
        ("CHN", "main"),
        ("JPN", "main"),
        ("IND", "main"),
        ("PHL", "lesser"),
        ("MMR", "lesser"),
    }


def test_copublications_before_the_share(tables):
    assert rows(
        tables["copublications"],
        "country_iso3",
        "share_min_pct",
        "share_qualifier",
        "intl_pubs_min",
        "intl_pubs_max",
    ) == {("PHL", 4.0, "approx", 150.0, 900.0), ("MMR", 4.0, "approx", 150.0, 900.0)}


def test_labs_and_schools(tables):
    assert rows(tables["joint_labs"], "country_iso3", "fields") == {
        ("IDN", "marine biology; volcanology; seismology"),
        ("THA", "marine biology; volcanology; seismology"),
    }
    assert rows(tables["activities"], "country_iso3", "activity", "fields") == {
        ("THA", "winter schools", "mathematics; statistics; bioinformatics")
    }


def test_ambiguous_mentions_are_left_for_review_with_a_reason(raw):
    reasons = dict(zip(raw["unexplained"].mention, raw["unexplained"].reason, strict=True))
    assert reasons["about 40"] == "PhD count without a single year"
    assert "VNM" not in set(raw["phd_students"].country)
