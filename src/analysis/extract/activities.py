"""Training activities: summer schools, training courses, workshops, by country and field."""

import re

from analysis.extract.context import Context
from analysis.extract.fields import rows_per_country

COLUMNS = ["doc_id", "institution", "country", "activity", "fields", "quote", "start", "end"]

KIND = (
    r"(?:(?:summer|winter|spring|autumn|doctoral|thematic)\s+schools?|training\s+courses?|"
    r"training\s+sessions?|workshops?|tutorials?)"
)
ACTIVITY = re.compile(rf"\b{KIND}(?:\s*(?:,|or|and)\s*{KIND})*", re.IGNORECASE)


def extract(context: Context) -> list[dict]:
    """One row per country where the activities take place ('... in Vietnam')."""
    rows = []
    for sentence in context.factual_sentences:
        if activity := ACTIVITY.search(sentence.text):
            rows += rows_per_country(context, sentence, activity, activity=activity.group())
    return rows
