"""Co-publication shares with partner countries, and how many international publications
those countries produce ('more than 6% with Vietnam, Laos ..., between 20 and 400
international publications per year'; 'Co-publications with the Philippines and Myanmar
represent about 4 %').

A share binds to a list of countries in either order and holds for each of them; a share
that changed ('grew by 12%') is not a share.
"""

import re
from functools import cache

from analysis import vocabulary
from analysis.extract import frames
from analysis.extract.context import Context
from analysis.extract.document import Sentence
from analysis.extract.mentions import Mention

COLUMNS = ["doc_id", "institution", "country", "share", "intl_pubs", "quote", "start", "end"]


@cache
def _change_before() -> re.Pattern[str]:
    changes = vocabulary.alternation(vocabulary.spellings("cue", "change"))
    return re.compile(rf"\b(?:{changes}|by)\s+(?:\w+\s+){{0,2}}$", re.I)


@cache
def _publications_after() -> re.Pattern[str]:
    words = vocabulary.alternation(vocabulary.spellings("cue", "publications"))
    return re.compile(rf"^\s+(?:{words})\b", re.I)


def extract(context: Context) -> list[dict]:
    """One row per country bound to a share, in co-publication sentences."""
    rows = []
    for sentence in context.sentences:
        if cue := frames.cues(sentence, "copublication"):
            rows += _rows(context, sentence, cue[0])
    return rows


def _rows(context: Context, sentence: Sentence, cue: Mention) -> list[dict]:
    text = context.document.text
    found = context.mentions(sentence)
    percents = [q for q in found.quantities if q.kind == "percent"]
    changes = [q for q in percents if _change_before().search(text[sentence.start : q.start])]
    context.leave(changes, "a change over time, not a share")
    shares = [q for q in percents if q not in changes]
    countries = context.standalone_countries(sentence)
    if context.states_no_fact(sentence, cue.start):
        context.leave(shares + countries, "plan, possibility or negation")
        return []
    bound = frames.bind(shares, countries, sentence)
    context.leave(bound.ambiguous, "share could belong to either of two countries")
    volume = _publication_volume(context, sentence)
    rows = []
    for binding in bound.bindings:
        end = max(binding.end, volume.end if volume else 0)
        for country in binding.group.members:
            rows.append(
                context.row(
                    binding.start,
                    end,
                    [binding.item, country, *([volume] if volume else [])],
                    country=country.text,
                    share=binding.item.text,
                    intl_pubs=volume.text if volume else "",
                )
            )
    return rows


def _publication_volume(context: Context, sentence: Sentence) -> Mention | None:
    """The count or range directly followed by 'publications'."""
    text = context.document.text
    for quantity in context.mentions(sentence).quantities:
        if quantity.kind == "count" and _publications_after().match(
            text[quantity.end : sentence.end]
        ):
            return quantity
    return None
