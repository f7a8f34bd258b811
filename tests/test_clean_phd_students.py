"""clean_phd_students on rows as extraction writes them: odd country spellings, counts in
digits, words and with qualifiers, a repeated statement merged, bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis import reference
from analysis.clean.phd_students import SCHEMA, clean_phd_students
from analysis.errors import UserError

TEXT = (
    "In 2004 our laboratories hosted 1 300 PhD students from Viet Nam, about sixty from "
    "Thai universities, more than 20 from P.R. China and forty-five from Lao PDR. "
    "Vietnam sent 1,300 PhD students in 2004, far more than any other partner."
)
ROWS = [
    {
        "country": "Viet Nam",
        "year": "2004",
        "students": "1 300",
        "quote": "1 300 PhD students from Viet Nam",
    },
    {
        "country": "Thai",
        "year": "2004",
        "students": "about sixty",
        "quote": "about sixty from Thai universities",
    },
    {
        "country": "P.R. China",
        "year": "2004",
        "students": "more than 20",
        "quote": "more than 20 from P.R. China",
    },
    {
        "country": "Lao PDR",
        "year": "2004",
        "students": "forty-five",
        "quote": "forty-five from Lao PDR",
        "origin": "analyst",
    },
    {
        "country": "Vietnam",
        "year": "2004",
        "students": "1,300",
        "quote": "Vietnam sent 1,300 PhD students in 2004",
    },
]


@pytest.fixture
def cleaned():
    return clean_phd_students(raw_rows(TEXT, ROWS))


def test_counts_become_integers_with_their_qualifier(cleaned):
    assert values(cleaned, "country_iso3", "year", "students", "qualifier") == [
        ("VNM", 2004, 1300, "exact"),
        ("THA", 2004, 60, "approx"),
        ("CHN", 2004, 20, "at_least"),
        ("LAO", 2004, 45, "exact"),
    ]
    assert_table(cleaned, SCHEMA)


def test_provenance_is_carried_and_the_repeat_merged_into_the_first_statement(cleaned):
    assert values(cleaned, "doc_id", "institution", "origin") == [
        (DOC_ID, "CNRS", "rule"),
        (DOC_ID, "CNRS", "rule"),
        (DOC_ID, "CNRS", "rule"),
        (DOC_ID, "CNRS", "analyst"),
    ]
    assert cleaned.quote[0] == "1 300 PhD students from Viet Nam"
    assert_quotes_from(cleaned, TEXT)
    assert cleaned.attrs["merged"] == [f"{DOC_ID}: 'Vietnam sent 1,300 PhD students in 2004'"]


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        (
            "students",
            "between 20 and 40",
            "row 2, column students: 'between 20 and 40' is not a count",
        ),
        ("students", "82, 5", "row 2, column students: '82, 5' is not a count"),
        ("year", "2018-2019", "row 2, column year: '2018-2019' is not a year"),
        ("students", "dozens", "row 2, column students: 'dozens' is not a count"),
    ],
)
def test_a_bad_row_is_named_with_its_value(field, written, message):
    rows = [ROWS[0], {**ROWS[1], field: written}]
    with pytest.raises(UserError) as error:
        clean_phd_students(raw_rows(TEXT, rows))
    assert str(error.value) == f"phd_students: {message}"


def test_an_unknown_country_spelling_names_the_file_to_edit():
    rows = [*ROWS[:2], {**ROWS[2], "country": "Rep. of Korea"}]
    with pytest.raises(UserError) as error:
        clean_phd_students(raw_rows(TEXT, rows))
    assert str(error.value) == (
        "phd_students: unknown country name(s) 'Rep. of Korea'; "
        f"add them to {reference.COUNTRY_ALIASES}"
    )
