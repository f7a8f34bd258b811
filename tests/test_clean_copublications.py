"""clean_copublications on rows as extraction writes them: shares with qualifiers and a
decimal comma, publication volumes as ranges and bounds, one quote behind several
countries, a repeat merged; bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis import reference
from analysis.clean.copublications import SCHEMA, clean_copublications
from analysis.errors import UserError

TEXT = (
    "Co-publications with CNRS make up more than 6% of the output of Viet Nam and Lao PDR, "
    "whose international publications number between 20 and 400 a year; 82, 5 % for Burma, "
    "which has up to 300, and about 5,5 % for Kampuchea. Vietnam (more than 6%) leads."
)
SHARED = (
    "more than 6% of the output of Viet Nam and Lao PDR, whose international publications "
    "number between 20 and 400"
)
ROWS = [
    {
        "country": "Viet Nam",
        "share": "more than 6%",
        "intl_pubs": "between 20 and 400",
        "quote": SHARED,
    },
    {
        "country": "Lao PDR",
        "share": "more than 6%",
        "intl_pubs": "between 20 and 400",
        "quote": SHARED,
    },
    {
        "country": "Burma",
        "share": "82, 5 %",
        "intl_pubs": "up to 300",
        "quote": "82, 5 % for Burma, which has up to 300",
    },
    {
        "country": "Kampuchea",
        "share": "about 5,5 %",
        "intl_pubs": "",
        "quote": "about 5,5 % for Kampuchea",
    },
    {
        "country": "Vietnam",
        "share": "more than 6%",
        "intl_pubs": "",
        "quote": "Vietnam (more than 6%)",
    },
]


@pytest.fixture
def cleaned():
    return clean_copublications(raw_rows(TEXT, ROWS))


def test_shares_and_volumes_become_bounds(cleaned):
    columns = ["country_iso3", "share_min_pct", "share_qualifier", "intl_pubs_min", "intl_pubs_max"]
    assert values(cleaned, *columns) == [
        ("VNM", 6, "at_least", 20, 400),
        ("LAO", 6, "at_least", 20, 400),
        ("MMR", 82.5, "exact", None, 300),
        ("KHM", 5.5, "approx", None, None),
    ]
    assert_table(cleaned, SCHEMA)


def test_one_quote_serves_several_countries_and_the_repeat_is_merged(cleaned):
    assert cleaned.quote[:2].tolist() == [SHARED, SHARED]
    assert_quotes_from(cleaned, TEXT)
    assert cleaned.attrs["merged"] == [f"{DOC_ID}: 'Vietnam (more than 6%)'"]


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("share", "a lot", "row 2, column share: cannot read 'a lot'"),
        (
            "intl_pubs",
            "between 400 and 20",
            "row 2, column intl_pubs: cannot read 'between 400 and 20'",
        ),
        (
            "country",
            "Korea Rep.",
            f"unknown country name(s) 'Korea Rep.'; add them to {reference.COUNTRY_ALIASES}",
        ),
    ],
)
def test_a_bad_row_is_named_with_its_value(field, written, message):
    rows = [ROWS[0], {**ROWS[1], field: written}]
    with pytest.raises(UserError) as error:
        clean_copublications(raw_rows(TEXT, rows))
    assert str(error.value) == f"copublications: {message}"


def test_a_share_above_100_percent_is_refused_as_a_plain_number():
    rows = [ROWS[0], {**ROWS[1], "share": "more than 120%"}]
    with pytest.raises(UserError) as error:
        clean_copublications(raw_rows(TEXT, rows))
    assert str(error.value) == (
        "copublications: row 2, column share_min_pct: bad value 120.0 fails in_range(0, 100)"
    )
