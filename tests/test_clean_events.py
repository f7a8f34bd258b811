"""clean_events on raw offices and networks as extraction writes them, plus the cleaned
agreements: a city standing for its country, region-wide events, labels in sentence case,
one timeline sorted by year, a repeat merged; bad rows named."""

import pytest
from cleaning_rows import DOC_ID, assert_quotes_from, assert_table, raw_rows, values

from analysis.clean.agreements import clean_agreements
from analysis.clean.events import SCHEMA, clean_events
from analysis.errors import UserError

TEXT = (
    "Since 2003, CNRS is part of a network between France and ASEAN countries in information "
    "technology. It opened a permanent Office in Hanoi (2006) and an office in Singapore in "
    "2012. With Thailand, the Thailand research fund signed in 2000; the agreement with "
    "Kyoto University, Japan, was renewed in 2010. The Permanent Office in Hanoi (2006) "
    "covers the whole region."
)
EVENTS = [
    {
        "event_type": "network_joined",
        "year": "2003",
        "place": "",
        "country": "",
        "region": "ASEAN",
        "label": "network between France and ASEAN countries in information technology",
        "quote": "2003, CNRS is part of a network between France and ASEAN countries in "
        "information technology",
    },
    {
        "event_type": "office_opened",
        "year": "2006",
        "place": "Hanoi",
        "country": "",
        "region": "",
        "label": "permanent Office in Hanoi",
        "quote": "permanent Office in Hanoi (2006",
    },
    {
        "event_type": "office_opened",
        "year": "2012",
        "place": "",
        "country": "Singapore",
        "region": "",
        "label": "office in Singapore",
        "quote": "office in Singapore in 2012",
        "origin": "analyst",
    },
    {
        "event_type": "office_opened",
        "year": "2006",
        "place": "Hanoi",
        "country": "",
        "region": "",
        "label": "Permanent Office in Hanoi",
        "quote": "Permanent Office in Hanoi (2006",
    },
]
AGREEMENTS = [
    {
        "partner": "the Thailand research fund",
        "country": "Thailand",
        "action": "signed",
        "year": "2000",
        "quote": "Thailand, the Thailand research fund signed in 2000",
    },
    {
        "partner": "Kyoto University",
        "country": "Japan",
        "action": "renewed",
        "year": "2010",
        "quote": "Kyoto University, Japan, was renewed in 2010",
    },
]


@pytest.fixture(scope="module")
def agreements():
    return clean_agreements(raw_rows(TEXT, AGREEMENTS))


@pytest.fixture
def cleaned(agreements):
    return clean_events(raw_rows(TEXT, EVENTS), agreements)


def test_one_timeline_of_milestones_and_agreements_sorted_by_year(cleaned):
    assert values(cleaned, "year", "country_iso3", "event_type", "label") == [
        (2000, "THA", "agreement_signed", "Agreement signed with Thailand Research Fund (TRF)"),
        (
            2003,
            "",
            "network_joined",
            "Network between France and ASEAN countries in information technology",
        ),
        (2006, "VNM", "office_opened", "Permanent Office in Hanoi"),
        (2010, "JPN", "agreement_renewed", "Agreement renewed with Kyoto University"),
        (2012, "SGP", "office_opened", "Office in Singapore"),
    ]
    assert_table(cleaned, SCHEMA)


def test_every_event_keeps_its_passage_and_the_repeat_is_merged(cleaned):
    assert cleaned.quote[0] == "Thailand, the Thailand research fund signed in 2000"
    assert cleaned.origin.tolist() == ["rule", "rule", "rule", "rule", "analyst"]
    assert_quotes_from(cleaned, TEXT)
    assert cleaned.attrs["merged"] == [f"{DOC_ID}: 'Permanent Office in Hanoi (2006'"]


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("event_type", "office_closed", "unknown event_type(s) office_closed"),
        ("place", "Atlantis", "unknown place(s) Atlantis"),
        ("year", "2006-2007", "row 2, column year: '2006-2007' is not a year"),
    ],
)
def test_a_bad_row_is_named_with_its_value(agreements, field, written, message):
    rows = [EVENTS[0], {**EVENTS[1], field: written}]
    with pytest.raises(UserError) as error:
        clean_events(raw_rows(TEXT, rows), agreements)
    assert str(error.value) == f"events: {message}"


def test_a_bad_label_is_named_by_its_raw_row(agreements):
    rows = [{**EVENTS[2], "label": "  "}, EVENTS[0]]
    with pytest.raises(UserError, match=r"^events: row 1, column label"):
        clean_events(raw_rows(TEXT, rows), agreements)
