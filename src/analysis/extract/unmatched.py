"""Sentences with a year, a number or a foreign country that no extractor turned into a row.

Nothing is dropped silently: an analyst reviews these. Contact details and funding
statements are expected here, and labelled so.
"""

import re
from bisect import bisect_right

from analysis.extract import mentions
from analysis.extract.context import NOT_A_FACT, Context
from analysis.extract.document import Sentence

COLUMNS = ["doc_id", "sentence", "start", "end", "reason"]

CONTACT = re.compile(
    r"\b(?:phone|tel|telephone|fax|e-?mail|contact|rue|street|avenue|road|boulevard|p\.?o\.? box)\b"
    r"|@|\+\d{1,3}\s?\d",
    re.IGNORECASE,
)
FUNDING = re.compile(
    r"\b(?:received funding|funded by|grant agreement|framework programme|horizon 2020)\b", re.I
)


def extract(context: Context, rows: list[dict]) -> list[dict]:
    """Sentences carrying a fact-like mention that none of ``rows`` quotes from."""
    starts = [sentence.start for sentence in context.sentences]
    claimed = {bisect_right(starts, row["start"]) - 1 for row in rows}
    return [
        {
            "doc_id": context.document.doc_id,
            "sentence": sentence.text,
            "start": sentence.start,
            "end": sentence.end,
            "reason": _reason(sentence),
        }
        for index, sentence in enumerate(context.sentences)
        if index not in claimed and _has_fact_mention(context, sentence)
    ]


def _has_fact_mention(context: Context, sentence: Sentence) -> bool:
    return bool(
        mentions.years(sentence)
        or mentions.quantities(sentence)
        or mentions.percents(sentence)
        or context.foreign_countries(sentence)
    )


def _reason(sentence: Sentence) -> str:
    if NOT_A_FACT.search(sentence.text):
        return "plan, possibility or negation"
    if FUNDING.search(sentence.text):
        return "funding statement"
    if CONTACT.search(sentence.text):
        return "contact details"
    return "no extraction rule matched"
