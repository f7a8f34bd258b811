"""clean_partner_countries on rows as extraction writes them: tier words to the tier
vocabulary, country spellings to ISO3, scope kept, a repeat merged; bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis import vocabulary
from analysis.clean.partner_countries import SCHEMA, clean_partner_countries
from analysis.errors import UserError

TEXT = (
    "In Asia, the Main partners of CNRS are Japan and P.R. China, referring to the number of "
    "joint projects. Among ASEAN countries, ties are close with Viet Nam for historical "
    "reasons and limited with Lao PDR. Vietnam remains a key partner for historical reasons."
)
MAIN = "Main partners of CNRS are Japan and P.R. China, referring to the number of joint projects"
ROWS = [
    {
        "scope": "Asia",
        "country": "Japan",
        "tier": "Main",
        "basis": " the number of joint projects",
        "quote": MAIN,
    },
    {
        "scope": "Asia",
        "country": "P.R. China",
        "tier": "Main",
        "basis": "the number of joint projects",
        "quote": MAIN,
    },
    {
        "scope": "ASEAN",
        "country": "Viet Nam",
        "tier": "close",
        "basis": "historical reasons",
        "quote": "close with Viet Nam for historical reasons",
    },
    {
        "scope": "ASEAN",
        "country": "Lao PDR",
        "tier": "limited",
        "basis": "historical reasons",
        "quote": "limited with Lao PDR",
        "origin": "analyst",
    },
    {
        "scope": "ASEAN",
        "country": "Vietnam",
        "tier": "key",
        "basis": "historical reasons",
        "quote": "Vietnam remains a key partner for historical reasons",
    },
]


@pytest.fixture
def cleaned():
    return clean_partner_countries(raw_rows(TEXT, ROWS))


def test_tier_words_and_countries_are_harmonised(cleaned):
    assert values(cleaned, "country_iso3", "tier", "basis", "scope") == [
        ("JPN", "main", "the number of joint projects", "Asia"),
        ("CHN", "main", "the number of joint projects", "Asia"),
        ("VNM", "strong", "historical reasons", "ASEAN"),
        ("LAO", "lesser", "historical reasons", "ASEAN"),
    ]
    assert_table(cleaned, SCHEMA)


def test_a_country_stated_twice_in_one_scope_keeps_its_first_tier(cleaned):
    assert cleaned.attrs["merged"] == [
        f"{DOC_ID}: 'Vietnam remains a key partner for historical reasons'"
    ]
    assert cleaned.origin.tolist() == ["rule", "rule", "rule", "analyst"]
    assert_quotes_from(cleaned, TEXT)


def test_the_same_country_in_two_scopes_is_two_rows():
    rows = [ROWS[2], {**ROWS[4], "scope": "Asia"}]
    cleaned = clean_partner_countries(raw_rows(TEXT, rows))
    assert values(cleaned, "country_iso3", "tier", "scope") == [
        ("VNM", "strong", "ASEAN"),
        ("VNM", "main", "Asia"),
    ]


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("tier", "so-so", f"unknown tier(s) so-so; tiers are in {vocabulary.VOCABULARY}"),
        ("basis", "  ", "row 2, column basis: bad value '' fails str_length(1, None)"),
    ],
)
def test_a_bad_row_is_named_with_its_value(field, written, message):
    rows = [ROWS[0], {**ROWS[1], field: written}]
    with pytest.raises(UserError) as error:
        clean_partner_countries(raw_rows(TEXT, rows))
    assert str(error.value) == f"partner_countries: {message}"
