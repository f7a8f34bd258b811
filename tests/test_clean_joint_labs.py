"""clean_joint_labs on rows as extraction writes them: one list of fields shared by several
countries, compound field names kept whole, hyphenated prefixes joined; bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis import reference
from analysis.clean.joint_labs import SCHEMA, clean_joint_labs
from analysis.errors import UserError

TEXT = (
    "CNRS runs International Associated Laboratories in Viet Nam and in Singapore in the field "
    "of Chemistry, information and communication science and nano-technology, and a joint "
    "unit in Bangkok on Bio-Medicine, Geo-Sciences and Astro-physics. Vietnam also hosts a lab "
    "in physics."
)
SHARED = (
    "International Associated Laboratories in Viet Nam and in Singapore in the field of "
    "Chemistry, information and communication science and nano-technology"
)
FIELDS = "Chemistry, information and communication science and nano-technology"
ROWS = [
    {"country": "Viet Nam", "fields": FIELDS, "quote": SHARED},
    {"country": "Singapore", "fields": FIELDS, "quote": SHARED},
    {
        "country": "Bangkok",
        "fields": "Bio-Medicine, Geo-Sciences and Astro-physics.",
        "quote": "joint unit in Bangkok on Bio-Medicine, Geo-Sciences and Astro-physics",
    },
    {"country": "Vietnam", "fields": "physics", "quote": "Vietnam also hosts a lab in physics"},
]


@pytest.fixture
def cleaned():
    return clean_joint_labs(raw_rows(TEXT, ROWS))


def test_fields_are_split_and_normalised(cleaned):
    compound = "chemistry; information and communication science; nanotechnology"
    assert values(cleaned, "country_iso3", "fields") == [
        ("VNM", compound),
        ("SGP", compound),
        ("THA", "biomedicine; geosciences; astrophysics"),
    ]
    assert_table(cleaned, SCHEMA)


def test_a_second_lab_statement_for_a_country_is_merged_into_the_first(cleaned):
    assert cleaned.attrs["merged"] == [f"{DOC_ID}: 'Vietnam also hosts a lab in physics'"]
    assert_quotes_from(cleaned, TEXT)


def test_an_unknown_country_spelling_names_the_file_to_edit():
    rows = [ROWS[0], {**ROWS[1], "country": "Rep. of Korea"}]
    with pytest.raises(UserError) as error:
        clean_joint_labs(raw_rows(TEXT, rows))
    assert str(error.value) == (
        "joint_labs: unknown country name(s) 'Rep. of Korea'; "
        f"add them to {reference.COUNTRY_ALIASES}"
    )


def test_a_lab_without_a_country_is_named_by_row():
    rows = [ROWS[0], {**ROWS[1], "country": ""}]
    with pytest.raises(UserError, match=r"^joint_labs: row 2, column country_iso3: bad value ''"):
        clean_joint_labs(raw_rows(TEXT, rows))
