"""How strong each partner country's tie is: 'the main partners ... are Japan, China',
'a strong involvement with Vietnam and a lesser extent with Laos'.

A tier word must qualify a partnership noun; the countries after it, up to the next tier
word, take that tier. The basis is the reason the document gives ('referring to the
number of visits ...', 'for historical reasons'), else the tier phrase itself.
"""

import re

from analysis.extract import mentions
from analysis.extract.context import Context
from analysis.extract.document import Sentence

COLUMNS = ["doc_id", "institution", "scope", "country", "tier", "basis", "quote", "start", "end"]

TIER = re.compile(
    r"\b(?P<tier>main|major|principal|key|leading|privileged|significant|important|strong|"
    r"close|closest|lesser|minor|smaller|limited)\s+(?:[a-z-]+\s+)?"
    r"(?P<noun>partners?|partnerships?|exchanges|involvement|cooperation|collaborations?|ties|"
    r"links|relations|extent|extends|interactions)\b",
    re.IGNORECASE,
)
BASIS = re.compile(
    r"\b(?:referring to|based on|in terms of|as measured by|measured by|because of|due to|"
    r"judging by)\s+(?P<basis>[^,.;:()]+)|\bfor\s+(?P<reasons>[\w\s-]{0,30}?reasons)\b",
    re.IGNORECASE,
)


def extract(context: Context) -> list[dict]:
    """One row per country and tier, with the region the statement is about."""
    rows = []
    for sentence in context.factual_sentences:
        tiers = list(TIER.finditer(sentence.text))
        for index, tier in enumerate(tiers):
            stop = tiers[index + 1].start() if index + 1 < len(tiers) else len(sentence.text)
            rows.extend(_tier_rows(context, sentence, tier, stop))
    return rows


def _tier_rows(context: Context, sentence: Sentence, tier: re.Match, stop: int) -> list[dict]:
    basis = BASIS.search(sentence.text, tier.end())
    segment_end = basis.start() if basis and basis.start() < stop else stop
    start = sentence.start + tier.start()
    countries = [
        c
        for c in context.foreign_countries(sentence)
        if start <= c.start < sentence.start + segment_end
    ]
    if not countries:
        return []
    reason = (basis["basis"] or basis["reasons"]).strip() if basis else tier.group()
    end = sentence.start + basis.end() if basis else countries[-1].end
    scope = _scope(context, sentence)
    return [
        context.row(
            start,
            max(end, country.end),
            scope=scope,
            country=country.text,
            tier=tier["tier"],
            basis=reason,
        )
        for country in countries
    ]


def _scope(context: Context, sentence: Sentence) -> str:
    """The region this sentence, or the paragraph leading to it, is about."""
    for earlier in reversed(context.paragraph_before(sentence)):
        found = mentions.regions(earlier)
        if found:
            return found[0].text
    return ""
