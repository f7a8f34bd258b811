"""Sentences that look like facts but are not: plans, negations, changes, ambiguous years.
A row that is not in the text costs more than a fact missed, so these yield no rows and
are left in unmatched.csv for review."""

import pytest
from pipeline import TRICKY, rows

from analysis.extract import extract_document


@pytest.fixture(scope="module")
def tables():
    return extract_document(TRICKY)


def test_only_the_plain_facts_become_rows(tables):
    assert rows(tables["phd_students"], "country", "year", "students") == {
        ("Cambodia", "2010", "12"),
        ("Thailand", "2011", "25"),
        ("Malaysia", "2011", "9"),
    }
    facts = [name for name in tables if name not in ("profile", "unmatched", "sentences")]
    assert {name for name in facts if len(tables[name])} == {"phd_students"}


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("The IRD will open a joint laboratory in Laos in 2027.", "plan, possibility or negation"),
        ("No joint laboratory exists in Myanmar.", "plan, possibility or negation"),
        (
            "The IRD plans to sign an agreement with the National University of Laos in 2026.",
            "plan, possibility or negation",
        ),
        (
            "Co-publications with Japan grew by 12% between 2005 and 2010.",
            "no extraction rule matched",
        ),
        (
            "In 2010, the IRD signed an agreement with the University of Tokyo and Kyoto "
            "University.",
            "no extraction rule matched",
        ),
        ("Between 2005 and 2008, 40 PhD students came from Vietnam.", "no extraction rule matched"),
    ],
)
def test_ambiguous_sentences_are_left_for_review(tables, sentence, reason):
    unmatched = dict(zip(tables["unmatched"].sentence, tables["unmatched"].reason, strict=True))
    assert unmatched[sentence] == reason
