"""Fields of science named after 'in the field(s) of' or in parentheses after 'fields', and
the rows of facts that take place in countries and fields (joint labs, training)."""

import re

from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

FIELDS = re.compile(
    r"\bin\s+(?:the\s+)?(?:fields?|areas?|domains?)\s+of\s+(?P<of>[^.;:()]+)"
    r"|\b(?:fields?|areas?)\s*\((?P<listed>[^)]+)\)",
    re.IGNORECASE,
)


def find_fields(text: str, position: int = 0) -> re.Match[str] | None:
    """The first fields phrase at or after ``position``; its 'of' or 'listed' group is the list."""
    return FIELDS.search(text, position)


def fields_text(match: re.Match[str]) -> str:
    """The list of fields as written."""
    return (match["of"] or match["listed"]).strip()


def rows_per_country(
    context: Context, sentence: Sentence, cue: Mention, **values: str
) -> list[dict]:
    """One row per foreign country in the cue's clause (e.g. 'summer schools ... in Vietnam'),
    each quoting from the cue through the country and the fields it lists."""
    countries = context.standalone_countries(sentence)
    if context.states_no_fact(sentence, cue.start):
        context.leave(countries, "plan, possibility or negation")
        return []
    clause_start, clause_end = context.clause_of(sentence, cue.start)
    fields = find_fields(sentence.text, cue.end - sentence.start)
    listed = fields_text(fields) if fields else ""
    fields_end = sentence.start + fields.end() if fields else 0
    return [
        context.row(
            min(cue.start, country.start),
            max(cue.end, country.end, fields_end),
            [country],
            country=country.text,
            **values,
            fields=listed,
        )
        for country in countries
        if clause_start <= country.start < clause_end
    ]
