"""clean_agreements on rows as extraction writes them: partners under their canonical name
and acronym, unknown partners kept as written, countries from the text or the map, a
repeated agreement merged, bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis import reference
from analysis.clean import harmonise
from analysis.clean.agreements import SCHEMA, clean_agreements
from analysis.errors import UserError

TEXT = (
    "Agreements were signed with Viet Nam, Academy of Science and technology in 1983, with "
    "Thailand, the Thailand research fund in 2000 and with NTU in 2005. The agreement with "
    "the Hanoi University of Science, signed in 1999, was Renewed in 2010. "
    "The agreement with TRF (2000) remains the model for the region. An MoU with the "
    "Vietnam Academy of Science and Technology (VAST) was renewed in 2015."
)
ROWS = [
    {
        "partner": "Academy of Science and technology",
        "country": "Viet Nam",
        "action": "signed",
        "year": "1983",
        "quote": "Viet Nam, Academy of Science and technology in 1983",
    },
    {
        "partner": "the Thailand research fund",
        "country": "Thailand",
        "action": "signed",
        "year": "2000",
        "quote": "Thailand, the Thailand research fund in 2000",
    },
    {"partner": "NTU", "country": "", "action": "signed", "year": "2005", "quote": "NTU in 2005"},
    {
        "partner": "the Hanoi University of Science",
        "country": "",
        "action": "Renewed",
        "year": "2010",
        "quote": "the Hanoi University of Science, signed in 1999, was Renewed in 2010",
    },
    {"partner": "TRF", "country": "", "action": "signed", "year": "2000", "quote": "TRF (2000)"},
]


@pytest.fixture
def cleaned():
    return clean_agreements(raw_rows(TEXT, ROWS))


def test_partners_take_their_canonical_name_acronym_and_country(cleaned):
    assert values(cleaned, "partner", "partner_acronym", "country_iso3", "action", "year") == [
        ("Vietnam Academy of Science and Technology", "VAST", "VNM", "signed", 1983),
        ("Thailand Research Fund", "TRF", "THA", "signed", 2000),
        ("Nanyang Technological University", "NTU", "SGP", "signed", 2005),
        ("Hanoi University of Science", "", "", "renewed", 2010),
    ]
    assert_table(cleaned, SCHEMA)


def test_an_unknown_partner_is_kept_as_written_and_listed(cleaned):
    assert harmonise.unknown_partners(cleaned.partner) == ["Hanoi University of Science"]


def test_the_repeated_agreement_keeps_the_first_statement(cleaned):
    assert cleaned.quote[1] == "Thailand, the Thailand research fund in 2000"
    assert cleaned.attrs["merged"] == [f"{DOC_ID}: 'TRF (2000)'"]
    assert set(values(cleaned, "doc_id", "institution", "origin")) == {(DOC_ID, "CNRS", "rule")}
    assert_quotes_from(cleaned, TEXT)


def test_the_document_institution_is_shown_by_its_acronym():
    raw = raw_rows(TEXT, ROWS[:1], institution="Centre National de la Recherche Scientifique")
    assert clean_agreements(raw).institution.tolist() == ["CNRS"]


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("year", "2018-2019", "row 3, column year: '2018-2019' is not a year"),
        (
            "action",
            "extended",
            "row 3, column action: bad value 'extended' fails isin(['signed', 'renewed'])",
        ),
        (
            "country",
            "Rep. of Korea",
            f"unknown country name(s) 'Rep. of Korea'; add them to {reference.COUNTRY_ALIASES}",
        ),
    ],
)
def test_a_bad_row_is_named_with_its_value(field, written, message):
    rows = [*ROWS[:2], {**ROWS[2], field: written}]
    with pytest.raises(UserError) as error:
        clean_agreements(raw_rows(TEXT, rows))
    assert str(error.value) == f"agreements: {message}"


def test_a_partner_written_with_its_acronym_in_brackets_is_recognised():
    row = {
        "partner": "Vietnam Academy of Science and Technology (VAST)",
        "country": "",
        "action": "renewed",
        "year": "2015",
        "quote": "Vietnam Academy of Science and Technology (VAST) was renewed in 2015",
    }
    cleaned = clean_agreements(raw_rows(TEXT, [row]))
    assert values(cleaned, "partner", "partner_acronym", "country_iso3") == [
        ("Vietnam Academy of Science and Technology", "VAST", "VNM")
    ]


def test_a_bad_row_after_a_merged_repeat_is_named_by_its_own_number():
    rows = [ROWS[1], ROWS[4], {**ROWS[2], "action": "extended"}]
    with pytest.raises(UserError, match=r"^agreements: row 3, column action"):
        clean_agreements(raw_rows(TEXT, rows))
