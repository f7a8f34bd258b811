"""PhD students hosted, by country of origin: '161 from Vietnam', 'Vietnam (161)'.

The year must be the only year in the sentence; otherwise the sentence is left for review.
"""

import re

from analysis.extract import mentions
from analysis.extract.context import Context
from analysis.extract.document import Sentence

COLUMNS = ["doc_id", "institution", "country", "year", "students", "quote", "start", "end"]

TRIGGER = re.compile(r"\b(?:PhD|Ph\.D\.|doctoral|doctorate)\b", re.IGNORECASE)
COUNT_BEFORE = re.compile(
    r"(?P<count>\d{1,3}(?:[ \u00a0,]\d{3})*|\d+)\s+(?:(?:PhD|[a-z]+)\s+){0,3}"
    r"from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
COUNT_AFTER = re.compile(r"^\s*(?:\(|:\s*)(?P<count>\d{1,3}(?:[ \u00a0,]\d{3})*|\d+)\b")


def extract(context: Context) -> list[dict]:
    """One row per country with a count, in sentences about PhD students with one year."""
    rows = []
    for sentence in context.factual_sentences:
        years = mentions.years(sentence)
        if TRIGGER.search(sentence.text) and len(years) == 1:
            rows.extend(_counts(context, sentence, years[0].text))
    return rows


def _counts(context: Context, sentence: Sentence, year: str) -> list[dict]:
    text = context.document.text
    rows = []
    for country in context.foreign_countries(sentence):
        before = COUNT_BEFORE.search(text[sentence.start : country.start])
        after = COUNT_AFTER.match(text[country.end : sentence.end])
        if before and not after:
            start, end = sentence.start + before.start(), country.end
            count = before["count"]
        elif after and not before:
            start, end = country.start, country.end + after.end()
            count = after["count"]
        else:
            continue
        rows.append(context.row(start, end, country=country.text, year=year, students=count))
    return rows
