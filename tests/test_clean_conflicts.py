"""clean_conflicts on fact tables cleaned from passages of several documents about one
institution: a fact two documents state differently gives one conflict, each statement with
its quote; agreeing documents, a document repeating itself, and agreements one document shows
to be several give none; ids survive a rebuild."""

import pandas as pd
import pandera.pandas as pa
import pytest
from cleaning_rows import DOC_ID, assert_table, raw_rows, values

from analysis.clean.agreements import SCHEMA as AGREEMENTS
from analysis.clean.agreements import clean_agreements
from analysis.clean.common import validate
from analysis.clean.conflicts import SCHEMA, clean_conflicts
from analysis.clean.countries import clean_countries
from analysis.clean.events import SCHEMA as EVENTS
from analysis.clean.events import clean_events
from analysis.clean.partner_countries import SCHEMA as PARTNER_COUNTRIES
from analysis.clean.partner_countries import clean_partner_countries
from analysis.clean.phd_students import SCHEMA as PHD_STUDENTS
from analysis.clean.phd_students import clean_phd_students

REPORT = "asia_report_2021"
BRIEF = "asia_brief_2022"
NOTE = "asia_note_2020"
TEXTS = {
    DOC_ID: (
        "CNRS opened a permanent office in Hanoi in 2006 and joined a network between France "
        "and ASEAN countries in 2003. It signed agreements with the Academy of Science and "
        "Technology in 1983 and in 2004. In 2004 our laboratories hosted 161 PhD students "
        "from Vietnam. Among ASEAN countries, ties are strong with Vietnam. Its Hanoi "
        "representation dates from 2006."
    ),
    REPORT: (
        "The CNRS office in Hanoi has been open since 2007; an office in Ho Chi Minh City "
        "followed in 2012. CNRS is part of a network between France and ASEAN countries since "
        "2005. An agreement with VAST was signed in 1984. In 2004 CNRS hosted 150 PhD students "
        "from Viet Nam. Among ASEAN countries, ties are lesser with Vietnam."
    ),
    BRIEF: (
        "CNRS opened its office in Hanoi in 2006. VAST signed with CNRS in 2004. Its regional "
        "office opened in 2008."
    ),
    NOTE: "CNRS and VAST signed their first agreement in 1983. A regional office opened in 2010.",
}


def office(doc_id: str, place: str, year: str, quote: str) -> tuple[str, dict[str, str]]:
    fields = {"event_type": "office_opened", "year": year, "place": place, "country": ""}
    return doc_id, fields | {"region": "", "label": f"office in {place}", "quote": quote}


def network(doc_id: str, year: str, quote: str) -> tuple[str, dict[str, str]]:
    label = "network between France and ASEAN countries"
    fields = {"event_type": "network_joined", "year": year, "place": "", "country": ""}
    return doc_id, fields | {"region": "ASEAN", "label": label, "quote": quote}


def agreement(doc_id: str, partner: str, year: str, quote: str) -> tuple[str, dict[str, str]]:
    fields = {"partner": partner, "country": "", "action": "signed", "year": year}
    return doc_id, fields | {"quote": quote}


def phd(doc_id: str, country: str, students: str) -> tuple[str, dict[str, str]]:
    quote = f"{students} PhD students from {country}"
    return doc_id, {"country": country, "year": "2004", "students": students, "quote": quote}


def tier(doc_id: str, word: str) -> tuple[str, dict[str, str]]:
    quote = f"ties are {word} with Vietnam"
    fields = {"scope": "ASEAN", "country": "Vietnam", "tier": word, "basis": "ties"}
    return doc_id, fields | {"quote": quote}


def raw(statements: list[tuple[str, dict[str, str]]]) -> pd.DataFrame:
    """One raw table holding the rows of several documents, as extraction writes it."""
    return pd.concat(
        [raw_rows(TEXTS[doc_id], [row]).assign(doc_id=doc_id) for doc_id, row in statements],
        ignore_index=True,
    )


def tables(offices=(), networks=(), agreements=(), phds=(), tiers=()) -> dict[str, pd.DataFrame]:
    """The cleaned tables conflicts read; a kind of fact given no statements is empty."""
    cleaned_agreements = clean_agreements(raw(agreements)) if agreements else empty(AGREEMENTS)
    milestones = [*offices, *networks]
    return {
        "countries": clean_countries(),
        "agreements": cleaned_agreements,
        "events": (
            clean_events(raw(milestones), cleaned_agreements) if milestones else empty(EVENTS)
        ),
        "phd_students": clean_phd_students(raw(phds)) if phds else empty(PHD_STUDENTS),
        "partner_countries": (
            clean_partner_countries(raw(tiers)) if tiers else empty(PARTNER_COUNTRIES)
        ),
    }


def empty(schema: pa.DataFrameSchema) -> pd.DataFrame:
    return validate(pd.DataFrame(columns=list(schema.columns)), schema)


VAST = "Academy of Science and Technology"
HANOI_2006 = office(DOC_ID, "Hanoi", "2006", "permanent office in Hanoi in 2006")
HANOI_2007 = office(REPORT, "Hanoi", "2007", "office in Hanoi has been open since 2007")
NETWORK_2003 = network(DOC_ID, "2003", "joined a network between France and ASEAN countries")
NETWORK_2005 = network(REPORT, "2005", "part of a network between France and ASEAN countries")
VNM_161 = phd(DOC_ID, "Vietnam", "161")
VNM_150 = phd(REPORT, "Viet Nam", "150")
SIGNED_1983_AND_2004 = [
    agreement(DOC_ID, VAST, "1983", "Technology in 1983"),
    agreement(DOC_ID, VAST, "2004", "and in 2004"),
]
SIGNED_1983 = agreement(NOTE, "VAST", "1983", "VAST signed their first agreement in 1983")
SIGNED_1984 = agreement(REPORT, "VAST", "1984", "An agreement with VAST was signed in 1984")
SIGNED_2004 = agreement(BRIEF, "VAST", "2004", "VAST signed with CNRS in 2004")


def test_an_office_dated_differently_by_two_documents_is_one_conflict_with_both_quotes():
    conflicts = clean_conflicts(tables(offices=[HANOI_2006, HANOI_2007]))
    fact = ("events", "CNRS", "VNM", "office in Vietnam", "year")
    assert values(conflicts, "table", "institution", "country_iso3", "subject", "field") == [
        fact,
        fact,
    ]
    assert values(conflicts, "value", "doc_id", "quote") == [
        ("2006", DOC_ID, "permanent office in Hanoi in 2006"),
        ("2007", REPORT, "office in Hanoi has been open since 2007"),
    ]
    assert conflicts.conflict_id.nunique() == 1
    for row in conflicts.itertuples():
        assert TEXTS[row.doc_id][row.start : row.end] == row.quote
    assert_table(conflicts, SCHEMA)


def test_a_document_stating_its_value_twice_gives_its_first_statement():
    _, hanoi = HANOI_2006
    again = hanoi | {
        "label": "Hanoi representation",
        "quote": "Hanoi representation dates from 2006",
    }
    conflicts = clean_conflicts(tables(offices=[(DOC_ID, again), HANOI_2006, HANOI_2007]))
    assert values(conflicts, "value", "doc_id", "quote") == [
        ("2006", DOC_ID, "permanent office in Hanoi in 2006"),
        ("2007", REPORT, "office in Hanoi has been open since 2007"),
    ]


def test_documents_giving_the_same_value_do_not_conflict():
    same_year = office(BRIEF, "Hanoi", "2006", "its office in Hanoi in 2006")
    assert clean_conflicts(tables(offices=[HANOI_2006, same_year])).empty


def test_one_document_stating_two_values_is_no_conflict():
    """Two offices in one country, years apart: the document is not contradicting itself."""
    second_office = office(REPORT, "Ho Chi Minh City", "2012", "Ho Chi Minh City followed in 2012")
    assert clean_conflicts(tables(offices=[HANOI_2007, second_office])).empty


def test_offices_without_a_country_are_not_compared():
    """Nothing tells which office each is."""
    regional_offices = [
        (doc_id, row | {"label": "regional office"})
        for doc_id, row in [
            office(BRIEF, "", "2008", "regional office opened in 2008"),
            office(NOTE, "", "2010", "regional office opened in 2010"),
        ]
    ]
    assert clean_conflicts(tables(offices=regional_offices)).empty


def test_phd_counts_that_differ_between_documents_are_a_conflict():
    conflicts = clean_conflicts(tables(phds=[VNM_161, VNM_150]))
    assert values(conflicts, "subject", "field", "value", "doc_id") == [
        ("PhD students from Vietnam in 2004", "students", "161", DOC_ID),
        ("PhD students from Vietnam in 2004", "students", "150", REPORT),
    ]


def test_a_tier_and_a_network_year_that_differ_are_conflicts_of_their_own():
    conflicts = clean_conflicts(
        tables(
            networks=[NETWORK_2003, NETWORK_2005],
            tiers=[tier(DOC_ID, "strong"), tier(REPORT, "lesser")],
        )
    )
    assert values(conflicts, "table", "subject", "field", "value") == [
        ("events", "Network between France and ASEAN countries", "year", "2003"),
        ("events", "Network between France and ASEAN countries", "year", "2005"),
        ("partner_countries", "Vietnam as a partner in ASEAN", "tier", "strong"),
        ("partner_countries", "Vietnam as a partner in ASEAN", "tier", "lesser"),
    ]
    assert conflicts.conflict_id.nunique() == 2


@pytest.mark.parametrize(
    ("statements", "conflicting"),
    [
        pytest.param(
            [SIGNED_1983, SIGNED_1984],
            [("1983", NOTE), ("1984", REPORT)],
            id="two documents date one agreement differently",
        ),
        pytest.param(
            [*SIGNED_1983_AND_2004, SIGNED_2004],
            [],
            id="one document names two agreements, another one of them",
        ),
        pytest.param(
            [SIGNED_1983, *SIGNED_1983_AND_2004, SIGNED_2004],
            [],
            id="every year stated alone is one a document states beside the other",
        ),
        pytest.param(
            [*SIGNED_1983_AND_2004, SIGNED_1984],
            [("1983", DOC_ID), ("2004", DOC_ID), ("1984", REPORT)],
            id="a year no document states beside the others conflicts with them",
        ),
    ],
)
def test_agreements_conflict_only_on_years_no_document_states_together(statements, conflicting):
    conflicts = clean_conflicts(tables(agreements=statements))
    assert values(conflicts, "value", "doc_id") == conflicting
    subjects = {"agreement signed with Vietnam Academy of Science and Technology"}
    assert set(conflicts.subject) == (subjects if conflicting else set())


def test_renewals_are_not_compared():
    """One agreement is often renewed several times: documents naming different renewals
    agree."""
    renewed = [(doc_id, row | {"action": "renewed"}) for doc_id, row in [SIGNED_1983, SIGNED_1984]]
    assert clean_conflicts(tables(agreements=renewed)).empty


def test_conflict_ids_are_the_same_on_rebuild_whatever_else_the_documents_say():
    alone = clean_conflicts(tables(offices=[HANOI_2006, HANOI_2007]))
    among_others = clean_conflicts(
        tables(offices=[HANOI_2007, HANOI_2006], phds=[VNM_161, VNM_150])
    )
    offices = among_others[among_others.subject == "office in Vietnam"]
    assert offices.conflict_id.tolist() == alone.conflict_id.tolist()
    # Pinned: a rebuild in another process must give it too, or links to a conflict break.
    assert alone.conflict_id.iloc[0] == "events-a2b7683b98"


@pytest.mark.parametrize(
    "facts",
    [{}, {"offices": [HANOI_2006], "phds": [VNM_161]}],
    ids=["no facts", "one document"],
)
def test_without_conflicts_the_table_is_empty_and_typed(facts):
    conflicts = clean_conflicts(tables(**facts))
    assert conflicts.empty
    assert_table(conflicts, SCHEMA)
