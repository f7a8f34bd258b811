"""Key figures of the profiled institution: staff, laboratories, publications, shares.

Only sentences about the institution itself qualify: they name it and mention no foreign
country or region, so '161 from Vietnam' never becomes a key figure.
"""

import re

from analysis.extract import mentions
from analysis.extract.context import Context
from analysis.extract.document import Sentence

COLUMNS = ["doc_id", "institution", "metric", "value", "unit", "quote", "start", "end"]

# What the quantity counts: lower-case words right after it, through 'in'/'of' phrases
# ('publications in peer reviewed journals'), skipping 'of them being' ('82, 5 % of them
# being joint units').
METRIC = re.compile(
    r"\s*(?:of (?:them|which|whom) (?:being|are|were|is)\s+)?"
    r"(?P<metric>[a-z][a-z-]*(?:\s+(?!(?:with|and|or|per|a|an|the|each|to)\b)[a-z][a-z-]*)*)"
)
PER_YEAR = re.compile(r"\b(?:per year|a year|each year|every year|annually|per annum)\b", re.I)
CLAUSE_END = re.compile(r"[,;:()]|\.(?!\d)")


def extract(context: Context) -> list[dict]:
    """Rows for every quantity followed by what it counts, in sentences about the institution."""
    rows = []
    for sentence in context.factual_sentences:
        if _about_institution(context, sentence):
            for quantity in mentions.quantities(sentence) + mentions.percents(sentence):
                rows.extend(_figure(context, sentence, quantity))
    return sorted(rows, key=lambda row: row["start"])


def _about_institution(context: Context, sentence: Sentence) -> bool:
    profile = context.profile
    names = [n for n in (profile.acronym, profile.name) if n]
    return (
        sentence is not profile.sentence
        and any(re.search(rf"\b{re.escape(n)}\b", sentence.text) for n in names)
        and not context.foreign_countries(sentence)
        and not mentions.regions(sentence)
    )


def _figure(context: Context, sentence: Sentence, quantity: mentions.Mention) -> list[dict]:
    after = quantity.end - sentence.start
    metric = METRIC.match(sentence.text, after)
    if not metric or not metric["metric"].strip():
        return []
    clause_start, clause_end = _clause(sentence.text, quantity.start - sentence.start)
    per_year = PER_YEAR.search(sentence.text, clause_start, clause_end)
    unit = "%" if quantity.kind == "percent" else (per_year.group() if per_year else "")
    start = sentence.start + min(
        per_year.start() if per_year else after, quantity.start - sentence.start
    )
    end = sentence.start + max(per_year.end() if per_year else 0, metric.end())
    return [
        context.row(start, end, metric=metric["metric"].strip(), value=quantity.text, unit=unit)
    ]


def _clause(text: str, position: int) -> tuple[int, int]:
    """The clause around ``position``: from the punctuation before it to the one after."""
    before = [m.end() for m in CLAUSE_END.finditer(text, 0, position)]
    after = CLAUSE_END.search(text, position)
    return (before[-1] if before else 0), (after.start() if after else len(text))
