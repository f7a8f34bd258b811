"""clean_activities on rows as extraction writes them: activities in lower case with
single spaces, fields normalised, a city standing for its country; bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis.clean.activities import SCHEMA, clean_activities
from analysis.errors import UserError

TEXT = (
    "CNRS organises Summer  Schools or training courses in Vietnam in various fields (physics, "
    "Economy, Chemistry, Environmental sciences..), a Workshop in Kuala Lumpur every year and "
    "a thematic school on Agro-ecology in Cambodia."
)
ROWS = [
    {
        "country": "Vietnam",
        "activity": "Summer  Schools or training courses",
        "fields": "physics, Economy, Chemistry, Environmental sciences..",
        "quote": "Summer  Schools or training courses in Vietnam in various fields (physics, "
        "Economy, Chemistry, Environmental sciences..)",
    },
    {
        "country": "Kuala Lumpur",
        "activity": "Workshop",
        "fields": "",
        "quote": "a Workshop in Kuala Lumpur",
    },
    {
        "country": "Cambodia",
        "activity": "thematic school",
        "fields": "Agro-ecology",
        "quote": "thematic school on Agro-ecology in Cambodia",
        "origin": "analyst",
    },
]


@pytest.fixture
def cleaned():
    return clean_activities(raw_rows(TEXT, ROWS))


def test_activities_and_fields_are_normalised(cleaned):
    assert values(cleaned, "country_iso3", "activity", "fields") == [
        (
            "VNM",
            "summer schools or training courses",
            "physics; economy; chemistry; environmental sciences",
        ),
        ("MYS", "workshop", ""),
        ("KHM", "thematic school", "agroecology"),
    ]
    assert_table(cleaned, SCHEMA)


def test_provenance_is_carried(cleaned):
    assert values(cleaned, "doc_id", "origin") == [
        (DOC_ID, "rule"),
        (DOC_ID, "rule"),
        (DOC_ID, "analyst"),
    ]
    assert_quotes_from(cleaned, TEXT)


def test_the_same_activity_twice_in_a_country_is_one_row():
    rows = [
        ROWS[1],
        {**ROWS[1], "activity": "WORKSHOP", "quote": "Workshop in Kuala Lumpur every year"},
    ]
    cleaned = clean_activities(raw_rows(TEXT, rows))
    assert values(cleaned, "country_iso3", "activity") == [("MYS", "workshop")]
    assert cleaned.attrs["merged"] == [f"{DOC_ID}: 'Workshop in Kuala Lumpur every year'"]


def test_an_activity_without_a_name_is_named_by_row():
    rows = [ROWS[0], {**ROWS[1], "activity": "  "}]
    with pytest.raises(UserError) as error:
        clean_activities(raw_rows(TEXT, rows))
    assert str(error.value) == (
        "activities: row 2, column activity: bad value '' fails str_length(3, None)"
    )
