"""Joint laboratories abroad (International Associated Laboratories, joint units), by
country, with their fields."""

import re

from analysis.extract.context import Context
from analysis.extract.fields import fields_text, find_fields

COLUMNS = ["doc_id", "institution", "country", "fields", "quote", "start", "end"]

TRIGGER = re.compile(
    r"\b(?:international\s+associated\s+laborator(?:y|ies)|associated\s+laborator(?:y|ies)|"
    r"joint\s+laborator(?:y|ies)|joint\s+labs?|international\s+(?:joint|mixed)\s+units?|"
    r"LIAs?|UMIs?)\b",
    re.IGNORECASE,
)


def extract(context: Context) -> list[dict]:
    """One row per foreign country named between the trigger and the fields it lists."""
    rows = []
    for sentence in context.factual_sentences:
        trigger = TRIGGER.search(sentence.text)
        if not trigger:
            continue
        fields = find_fields(sentence.text, trigger.end())
        limit = sentence.start + (fields.start() if fields else len(sentence.text))
        start = sentence.start + trigger.start()
        end = sentence.start + fields.end() if fields else limit
        for country in context.foreign_countries(sentence):
            if start <= country.start < limit:
                rows.append(
                    context.row(
                        start,
                        max(end, country.end),
                        country=country.text,
                        fields=fields_text(fields) if fields else "",
                    )
                )
    return rows
