"""The data API notebooks use: typed tables, country look-ups, quotes, parameter domains."""

import doctest

import pytest

from analysis import data
from analysis.errors import UserError


def test_docstring_examples_run():
    result = doctest.testmod(data)
    assert result.attempted >= 5 and result.failed == 0


def test_tables_load_with_their_schema_types():
    agreements = data.load("agreements")
    assert str(agreements.year.dtype) == "Int64"
    assert agreements.action.tolist().count("renewed") == 1
    assert str(data.load("key_figures").value_min.dtype) == "float64"
    assert data.load("countries").asean_member.dtype == bool


def test_unknown_table_is_one_clear_error():
    with pytest.raises(
        UserError, match="unknown table 'phd'; tables: countries, documents, key_figures"
    ):
        data.load("phd")


def test_country_facts_collect_every_table():
    facts = data.country_facts("VNM")
    assert set(facts) == {
        "agreements",
        "events",
        "phd_students",
        "partner_countries",
        "copublications",
        "joint_labs",
        "activities",
    }
    assert data.country_facts("ATA") == {}


def test_quotes_are_distinct_and_in_document_order():
    quotes = data.quotes(data.load("copublications"))
    assert len(quotes) == 1 and quotes.quote[0].startswith("more than 6%")


def test_regions_come_from_the_reference_table_in_any_case():
    assert len(data.region_members("asean")) == 11
    assert {"JPN", "IND", "TLS"} <= set(data.region_members("Asia"))
    assert set(data.region_members("East Asia")) >= {"CHN", "JPN", "KOR"}
    assert "FRA" in data.region_members("europe")
    with pytest.raises(UserError, match="regions: ASEAN, Asia, East Asia"):
        data.region_members("Atlantis")


@pytest.mark.parametrize(
    ("name", "good", "bad", "message"),
    [
        ("country", "VNM", "FRA", "'FRA' is not a country in the data; choose from CHN, IDN"),
        ("highlight", "", "XXX", "choose from CHN"),
        ("countries", ["VNM", "THA"], ["VNM", "ZZZ"], "'ZZZ' is not a country in the data"),
        ("region", "asean", "atlantis", "choose from ASEAN, Asia, East Asia"),
        ("year", 2004, 2005, "choose from 2004"),
        ("start_year", 1990, 2010, "1900 to 2006"),
        ("end_year", 2005, 1970, "1983 to 2100"),
        ("top_n", 3, 0, "1 or more"),
    ],
)
def test_parameter_domains(name, good, bad, message):
    check = data.parameter_domains()[name]
    check(good)
    with pytest.raises(ValueError, match=message):
        check(bad)
