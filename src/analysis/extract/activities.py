"""Training activities: summer schools, training courses, workshops, by country and field."""

import re

from analysis.extract.context import Context
from analysis.extract.fields import fields_text, find_fields

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
        activity = ACTIVITY.search(sentence.text)
        if not activity:
            continue
        fields = find_fields(sentence.text, activity.end())
        limit = sentence.start + (fields.start() if fields else len(sentence.text))
        start = sentence.start + activity.start()
        end = sentence.start + fields.end() if fields else limit
        for country in context.foreign_countries(sentence):
            if sentence.start + activity.end() <= country.start < limit:
                rows.append(
                    context.row(
                        start,
                        max(end, country.end),
                        country=country.text,
                        activity=activity.group(),
                        fields=fields_text(fields) if fields else "",
                    )
                )
    return rows
