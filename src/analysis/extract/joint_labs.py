"""Joint laboratories abroad (International Associated Laboratories, joint units), by
country, with their fields."""

import re

from analysis.extract.context import Context
from analysis.extract.fields import rows_per_country

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
        if trigger := TRIGGER.search(sentence.text):
            rows += rows_per_country(context, sentence, trigger)
    return rows
