"""clean_key_figures on rows as extraction writes them: thousands separators, a decimal
comma, qualifiers, a currency with a multiplier, units; bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis.clean.key_figures import SCHEMA, clean_key_figures
from analysis.errors import UserError

TEXT = (
    "The CNRS employs 26.000 permanent staff in about 1,300 laboratories, 82, 5 % of them "
    "being Joint Units. Its researchers sign more than 20 000 publications a year, on a "
    "budget of €3.4 billion."
)
ROWS = [
    {"metric": "permanent staff", "value": "26.000", "unit": "", "quote": "26.000 permanent staff"},
    {
        "metric": "laboratories",
        "value": "about 1,300",
        "unit": "",
        "quote": "about 1,300 laboratories",
    },
    {
        "metric": "Joint Units",
        "value": "82, 5 %",
        "unit": "%",
        "quote": "82, 5 % of them being Joint Units",
    },
    {
        "metric": "publications",
        "value": "more than 20 000",
        "unit": "per year",
        "quote": "more than 20 000 publications a year",
    },
    {
        "metric": "budget",
        "value": "€3.4 billion",
        "unit": "EUR",
        "quote": "budget of €3.4 billion",
        "origin": "analyst",
    },
]


@pytest.fixture
def cleaned():
    return clean_key_figures(raw_rows(TEXT, ROWS))


def test_values_bounds_qualifiers_and_units(cleaned):
    assert values(cleaned, "metric", "value", "value_min", "value_max", "qualifier", "unit") == [
        ("permanent staff", 26000, 26000, 26000, "exact", "count"),
        ("laboratories", 1300, None, None, "approx", "count"),
        ("joint units", 82.5, 82.5, 82.5, "exact", "percent"),
        ("publications", 20000, 20000, None, "at_least", "count per year"),
        ("budget", 3.4e9, 3.4e9, 3.4e9, "exact", "EUR"),
    ]
    assert_table(cleaned, SCHEMA)


def test_every_figure_keeps_its_passage(cleaned):
    assert values(cleaned, "doc_id", "origin") == [(DOC_ID, "rule")] * 4 + [(DOC_ID, "analyst")]
    assert_quotes_from(cleaned, TEXT)
    assert cleaned.attrs["merged"] == []


def test_a_range_has_bounds_and_no_single_value():
    row = {"metric": "partner laboratories", "value": "between 20 and 400", "unit": ""}
    text = "between 20 and 400 partner laboratories"
    cleaned = clean_key_figures(raw_rows(text, [{**row, "quote": text}]))
    assert values(cleaned, "value", "value_min", "value_max", "qualifier") == [
        (None, 20, 400, "range")
    ]
    assert_table(cleaned, SCHEMA)


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("value", "twenty-ish", "row 2, column value: cannot read 'twenty-ish'"),
        ("value", "between 400 and 20", "row 2, column value: cannot read 'between 400 and 20'"),
    ],
)
def test_a_bad_row_is_named_with_its_value(field, written, message):
    rows = [ROWS[0], {**ROWS[1], field: written}]
    with pytest.raises(UserError) as error:
        clean_key_figures(raw_rows(TEXT, rows))
    assert str(error.value) == f"key_figures: {message}"


def test_a_figure_without_a_metric_is_named_by_row():
    rows = [ROWS[0], {**ROWS[1], "metric": "  "}]
    with pytest.raises(UserError, match=r"^key_figures: row 2, column metric: bad value '' fails"):
        clean_key_figures(raw_rows(TEXT, rows))
