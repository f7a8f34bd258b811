"""Key figures of the document's own institution: staff, laboratories, publications,
budget, shares.

Only clauses about the institution itself qualify: the sentence names it (or opens with
'It'/'Its'), and the clause names no foreign country or region, so '161 from Vietnam'
never becomes a key figure. What a number counts is the words after it ('26 000
permanent staff') or, for amounts, before it ('a budget of 2.1 billion euros').
"""

import re
from functools import cache

from analysis import vocabulary
from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

COLUMNS = ["doc_id", "institution", "metric", "value", "unit", "quote", "start", "end"]

_FUNCTION = r"with|and|or|per|a|an|the|each|to|in|of|at|on|for|from|by|is|are|was|were|as"
# What the quantity counts: lower-case words right after it, through 'in'/'of' phrases
# ('publications in peer reviewed journals'), skipping 'of them being' ('82, 5 % of them
# being joint units').
METRIC_AFTER = re.compile(
    r"\s*(?:of (?:them|which|whom|its|their) (?:being|are|were|is)\s+|of\s+(?:its|their)\s+)?"
    rf"(?P<metric>[a-z][a-z-]*(?:\s+(?!(?:{_FUNCTION})\b)[a-z][a-z-]*)*"
    r"(?:\s+(?:in|of)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})?)"
)
METRIC_BEFORE = re.compile(
    r"(?P<metric>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s+(?:of|amounts?\s+to|amounted\s+to|"
    r"totals?|totalled|totaled|reached|stood\s+at|is|was|were|are|:)\s+(?:some\s+|about\s+)?$"
)
PRONOUN_START = re.compile(r"^(?:It|Its|With)\b")
CLAUSE_END = re.compile(r"[,;:()]|\.(?!\d)")


@cache
def _per_year() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])(?:{vocabulary.alternation(vocabulary.spellings('unit', 'count per year'))}"
        r"|annual|yearly)(?![\w-])",
        re.I,
    )


def extract(context: Context) -> list[dict]:
    """Rows for every quantity with what it counts, in clauses about the institution."""
    rows = []
    for sentence in context.sentences:
        if sentence is context.title or not _about_institution(context, sentence):
            continue
        for quantity in context.mentions(sentence).quantities:
            if not _foreign_clause(context, sentence, quantity):
                rows += _figure(context, sentence, quantity)
    return sorted(rows, key=lambda row: row["start"])


def _about_institution(context: Context, sentence: Sentence) -> bool:
    return bool(context.mentions(sentence).own) or bool(PRONOUN_START.match(sentence.text))


def _foreign_clause(context: Context, sentence: Sentence, quantity: Mention) -> bool:
    start, end = context.clause_of(sentence, quantity.start)
    found = context.mentions(sentence)
    named = context.standalone_countries(sentence) + found.regions
    return any(start <= m.start < end for m in named) or context.states_no_fact(
        sentence, quantity.start
    )


def _figure(context: Context, sentence: Sentence, quantity: Mention) -> list[dict]:
    text = sentence.text
    local_start, local_end = quantity.start - sentence.start, quantity.end - sentence.start
    after = METRIC_AFTER.match(text, local_end)
    before = METRIC_BEFORE.search(text[:local_start])
    if quantity.kind == "money" and before:
        metric, span = before["metric"], (before.start("metric"), local_end)
    elif after and after["metric"].strip() and quantity.kind != "money":
        metric, span = after["metric"], (local_start, after.end())
    elif before:
        metric, span = before["metric"], (before.start("metric"), local_end)
    else:
        return []
    clause_start, clause_end = _clause(text, local_start)
    yearly = _per_year().search(text, clause_start, clause_end)
    start = min(span[0], yearly.start() if yearly else span[0])
    end = max(span[1], yearly.end() if yearly else span[1])
    return [
        context.row(
            sentence.start + start,
            sentence.start + end,
            [quantity],
            metric=metric.strip(),
            value=quantity.text,
            unit=_unit(quantity, yearly is not None),
        )
    ]


def _unit(quantity: Mention, yearly: bool) -> str:
    """'%', a currency code, or empty for a count; ' per year' when the clause says so."""
    if quantity.kind == "percent":
        return "%"
    per_year = " per year" if yearly else ""
    if quantity.kind == "money":
        return _currency(quantity.text) + per_year
    return per_year.strip()


def _currency(text: str) -> str:
    for code in vocabulary.currency_codes():
        spellings = vocabulary.spellings("unit", code)
        if any(re.search(rf"(?<![\w]){re.escape(s)}(?![\w])", text, re.I) for s in spellings):
            return code
    return ""


def _clause(text: str, position: int) -> tuple[int, int]:
    """The clause around ``position``: from the punctuation before it to the one after."""
    before = [m.end() for m in CLAUSE_END.finditer(text, 0, position)]
    after = CLAUSE_END.search(text, position)
    return (before[-1] if before else 0), (after.start() if after else len(text))
