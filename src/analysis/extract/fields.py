"""Fields of science named after 'in the field(s) of' or in parentheses after 'fields', and
the rows of facts that take place in countries and fields (joint labs, training)."""

import re

from analysis.extract.context import Context
from analysis.extract.document import Sentence

FIELDS = re.compile(
    r"\bin\s+(?:the\s+)?fields?\s+of\s+(?P<of>[^.;:()]+)|\bfields?\s*\((?P<listed>[^)]+)\)",
    re.IGNORECASE,
)


def find_fields(text: str, position: int = 0) -> re.Match[str] | None:
    """The first fields phrase at or after ``position``; its 'of' or 'listed' group is the list."""
    return FIELDS.search(text, position)


def fields_text(match: re.Match[str]) -> str:
    """The list of fields as written."""
    return (match["of"] or match["listed"]).strip()


def rows_per_country(
    context: Context, sentence: Sentence, phrase: re.Match[str], **values: str
) -> list[dict]:
    """One row per foreign country named after ``phrase`` (e.g. 'summer schools') and before
    the fields it lists, each quoting from the phrase through the fields."""
    fields = find_fields(sentence.text, phrase.end())
    limit = sentence.start + (fields.start() if fields else len(sentence.text))
    start = sentence.start + phrase.start()
    end = sentence.start + fields.end() if fields else limit
    listed = fields_text(fields) if fields else ""
    return [
        context.row(start, max(end, country.end), country=country.text, **values, fields=listed)
        for country in context.foreign_countries(sentence)
        if sentence.start + phrase.end() <= country.start < limit
    ]
