"""What the seed document must yield (the foundation issue's acceptance list)."""

import pytest
from pipeline import SEED, rows, run_pipeline


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return run_pipeline(SEED, tmp_path_factory.mktemp("seed"))[1]


def test_agreements(tables):
    assert rows(
        tables["agreements"], "partner", "partner_acronym", "country_iso3", "action", "year"
    ) == {
        ("Vietnam Academy of Science and Technology", "VAST", "VNM", "signed", 1983),
        ("Vietnam Academy of Social Sciences", "VASS", "VNM", "signed", 2001),
        ("Thailand Research Fund", "TRF", "THA", "signed", 2000),
        ("Thailand Research Fund", "TRF", "THA", "renewed", 2003),
        ("Nanyang Technological University", "NTU", "SGP", "signed", 2005),
    }


def test_events_are_agreements_plus_office_and_network(tables):
    assert rows(tables["events"], "year", "country_iso3", "event_type") == {
        (1983, "VNM", "agreement_signed"),
        (2001, "VNM", "agreement_signed"),
        (2000, "THA", "agreement_signed"),
        (2003, "THA", "agreement_renewed"),
        (2005, "SGP", "agreement_signed"),
        (2006, "VNM", "office_opened"),
        (2003, "", "network_joined"),
    }
    labels = dict(zip(tables["events"].event_type, tables["events"].label, strict=True))
    assert "Hanoi" in labels["office_opened"]
    assert (
        "ASEAN" in labels["network_joined"] and "information technology" in labels["network_joined"]
    )


def test_phd_students_in_2004(tables):
    assert rows(tables["phd_students"], "country_iso3", "year", "students") == {
        ("VNM", 2004, 161),
        ("THA", 2004, 47),
        ("IDN", 2004, 16),
        ("MYS", 2004, 6),
        ("KHM", 2004, 6),
        ("SGP", 2004, 2),
    }


def test_partner_country_tiers(tables):
    assert rows(tables["partner_countries"], "scope", "country_iso3", "tier") == {
        ("Asia", "JPN", "main"),
        ("Asia", "CHN", "main"),
        ("Asia", "VNM", "main"),
        ("Asia", "IND", "significant"),
        ("Asia", "KOR", "significant"),
        ("Asia", "TWN", "significant"),
        ("Asia", "SGP", "significant"),
        ("ASEAN", "VNM", "strong"),
        ("ASEAN", "LAO", "lesser"),
        ("ASEAN", "KHM", "lesser"),
    }
    basis = dict(
        zip(tables["partner_countries"].tier, tables["partner_countries"].basis, strict=False)
    )
    assert basis["main"] == "the number of visits of CNRS scientists and of joint projects"
    assert basis["lesser"] == "historical reasons"


def test_copublications(tables):
    assert rows(
        tables["copublications"], "country_iso3", "share_min_pct", "intl_pubs_min", "intl_pubs_max"
    ) == {(iso3, 6.0, 20.0, 400.0) for iso3 in ("VNM", "LAO", "KHM", "MMR")}


def test_joint_labs(tables):
    fields = "chemistry; information and communication science; nanotechnology"
    assert rows(tables["joint_labs"], "country_iso3", "fields") == {
        ("VNM", fields),
        ("SGP", fields),
    }


def test_activities(tables):
    assert rows(tables["activities"], "country_iso3", "fields") == {
        ("VNM", "physics; economy; chemistry; environmental sciences")
    }
    assert "summer schools" in tables["activities"].activity[0]
    assert "training courses" in tables["activities"].activity[0]


def test_key_figures(tables):
    figures = tables["key_figures"].set_index("metric")
    assert rows(tables["key_figures"], "metric", "qualifier", "unit") == {
        ("permanent staff", "exact", "count"),
        ("full time researchers", "exact", "percent"),
        ("laboratories", "approx", "count"),
        ("joint units", "exact", "percent"),
        ("publications in peer reviewed journals", "at_least", "count per year"),
    }
    assert figures.loc["permanent staff", "value"] == 26000
    assert figures.loc["full time researchers", "value"] == 40
    assert figures.loc["laboratories", "value"] == 1300
    assert figures.loc["joint units", "value"] == 82.5
    assert figures.loc["publications in peer reviewed journals", "value_min"] == 20000


def test_contact_details_and_funding_are_not_facts(tables):
    for name, table in tables.items():
        if "quote" in table:
            text = " ".join(table.quote)
            for boilerplate in ("Phone", "Fax", "Michel-Ange", "311784", "Seventh Framework"):
                assert boilerplate not in text, (name, boilerplate)


def test_every_row_names_the_institution(tables):
    for name, table in tables.items():
        if "institution" in table and len(table):  # one document has no conflicts
            assert set(table.institution) == {"CNRS"}, name
