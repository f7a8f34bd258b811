"""Per-mention coverage: every count, year and country mention of a document is either
inside a row's span (or used by a row), or listed in ``unexplained.csv`` with a reason.

Nothing is dropped silently: an analyst sees exactly which numbers, years and countries the
tool read past, and why.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

COLUMNS = ["doc_id", "mention", "kind", "start", "end", "sentence", "reason"]


@dataclass(frozen=True)
class Coverage:
    """How many of a document's mentions the rows explain."""

    doc_id: str
    explained: int
    total: int

    def __str__(self) -> str:
        return f"{self.doc_id}: {self.explained}/{self.total} mentions explained"


def unexplained(context: Context, rows: list[dict]) -> tuple[list[dict], Coverage]:
    """The mentions no row explains, each with a reason, and the coverage figure. A mention
    a frame used but then set aside for review (a total whose part it kept) is unexplained
    unless a row quotes it."""
    spans = Spans([(row["start"], row["end"]) for row in rows])
    reviewed = {(m.start, m.end): reason for m, reason in context.review}
    used = {(m.start, m.end) for m in context.used} - set(reviewed)
    listed, total = [], 0
    for sentence in context.sentences:
        for mention in checked_mentions(context, sentence):
            total += 1
            if (mention.start, mention.end) in used or spans.hold(mention):
                continue
            reason = reviewed.get((mention.start, mention.end)) or _reason(
                context, sentence, mention
            )
            listed.append(
                {
                    "doc_id": context.document.doc_id,
                    "mention": mention.text,
                    "kind": mention.kind,
                    "start": mention.start,
                    "end": mention.end,
                    "sentence": sentence.text,
                    "reason": reason,
                }
            )
    return listed, Coverage(context.document.doc_id, total - len(listed), total)


def checked_mentions(context: Context, sentence: Sentence) -> list[Mention]:
    """The sentence's years, quantities and countries (countries inside a name included)."""
    found = context.mentions(sentence)
    return found.years + found.quantities + found.countries + found.dateline


class Spans:
    """Row spans, sorted, to ask in logarithmic time whether one holds a mention."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.furthest = list(itertools.accumulate((end for _, end in ordered), max))

    def hold(self, mention: Mention) -> bool:
        opened = bisect.bisect_right(self.starts, mention.start)
        return opened > 0 and self.furthest[opened - 1] >= mention.end


def _reason(context: Context, sentence: Sentence, mention: Mention) -> str:
    """Why a mention gave no row, from the most to the least specific."""
    if sentence is context.title:
        return "title"
    if mention.kind == "country" and mention.key == context.profile.country_iso3:
        return "the institution's own country"
    if reason := context.no_facts_here(sentence):
        return reason
    if context.states_no_fact(sentence, mention.start):
        return "plan, possibility or negation"
    if mention in context.mentions(sentence).dateline or (
        mention.kind == "year" and _is_dateline(context, sentence, mention)
    ):
        return "the document's dateline"
    return "no fact rule matched"


def _is_dateline(context: Context, sentence: Sentence, mention: Mention) -> bool:
    """A full date at the head of the text: the dateline of a press release or news item."""
    return mention.form == "date" and sentence in context.sentences[:3]
