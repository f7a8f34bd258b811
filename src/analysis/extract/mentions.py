"""Typed mentions inside a sentence: years, quantities, countries, regions, institutions.

Extractors for each kind of fact combine these mentions; they never match whole
sentences. Quantities keep the text as written ("more than 20 000", "82, 5 %"): turning
them into numbers is cleaning's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from analysis import reference
from analysis.extract.document import Sentence

# "the 1990s" is a decade, not a year.
YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\w%]|\s?%|,\d)")
# Thousands grouped by spaces ("26 000"), commas ("20,000") or dots ("26.000", as written in
# French or German); otherwise digits with an optional decimal part.
_INTEGER = (
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:\.\d{3})+(?!\d)"
    r"|\d+(?:\.\d+)?"
)
# A decimal comma, sometimes followed by a stray space ("82, 5 %"), only before a percent
# sign: elsewhere "2004, 161" is a list, not a number.
_PERCENT_NUMBER = r"\d+,\s?\d{1,2}(?=\s?%)|" + _INTEGER
QUALIFIER = (
    r"(?:more than|over|above|at least|in excess of|about|around|approximately|nearly|"
    r"almost|some|roughly|close to|up to|less than|fewer than|under)"
)
_RANGE = rf"between (?:{_INTEGER}) and (?:{_INTEGER})|from (?:{_INTEGER}) to (?:{_INTEGER})"
PERCENT = re.compile(
    rf"(?:{QUALIFIER}\s+)?(?<![\d,])(?:{_PERCENT_NUMBER})\s?(?:%|per ?cent\b)", re.IGNORECASE
)
QUANTITY = re.compile(
    rf"(?:(?:{_RANGE})|(?:{QUALIFIER}\s+)?(?<![\d,.])(?:{_INTEGER}))(?![\d%]|\s?%|\s?per ?cent)",
    re.IGNORECASE,
)
INSTITUTION_HEAD = (
    r"academy|academia|university|universiti|universitas|institute|institution|fund|"
    r"foundation|council|agency|centre|center|ministry|commission|observatory|"
    r"polytechnic|school|college|society|laboratory"
)
# Words that end a name when walking left from its head word ("signed with the Thailand ...").
# fmt: off
INSTITUTION_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "between", "by", "for", "from", "has", "have", "her",
    "his", "in", "is", "its", "of", "on", "or", "renewed", "signed", "since", "the", "their",
    "to", "was", "were", "with",
})
# fmt: on


@dataclass(frozen=True)
class Mention:
    """A typed span of a document's text; ``key`` is the ISO3 or region a name stands for."""

    kind: str
    start: int
    end: int
    text: str
    key: str = ""


_CACHED: list = []


def per_sentence(find: Callable[[Sentence], list[Mention]]) -> Callable[[Sentence], tuple]:
    """Cache a mention finder per sentence, since several extractors ask for the same
    mentions; results come as tuples so no caller can change a cached list."""
    cached = lru_cache(maxsize=None)(lambda sentence: tuple(find(sentence)))
    _CACHED.append(cached)
    return cached


def forget_sentences() -> None:
    """Empty the per-sentence caches: called for each new document, so memory stays bounded."""
    for cached in _CACHED:
        cached.cache_clear()


def _spans(pattern: re.Pattern[str], sentence: Sentence, kind: str) -> list[Mention]:
    return [
        Mention(kind, sentence.start + m.start(), sentence.start + m.end(), m.group())
        for m in pattern.finditer(sentence.text)
    ]


@per_sentence
def years(sentence: Sentence) -> list[Mention]:
    """Four-digit years from 1900 to 2099 that are not part of a larger number or a percent."""
    return [m for m in _spans(YEAR, sentence, "year") if not _inside_quantity(m, sentence)]


def _inside_quantity(year: Mention, sentence: Sentence) -> bool:
    """'20 000' contains '20 0' but no year; a year is never glued to digit groups."""
    return any(
        q.start < year.start or q.end > year.end for q in _overlapping_numbers(year, sentence)
    )


def _overlapping_numbers(mention: Mention, sentence: Sentence) -> list[Mention]:
    numbers = _spans(re.compile(_INTEGER), sentence, "number")
    return [n for n in numbers if n.start < mention.end and mention.start < n.end]


@per_sentence
def percents(sentence: Sentence) -> list[Mention]:
    """Percentages with their qualifier: '40%', '82, 5 %', 'more than 6%'."""
    return _spans(PERCENT, sentence, "percent")


@per_sentence
def quantities(sentence: Sentence) -> list[Mention]:
    """Counts and ranges that are neither years nor percentages, with their qualifier."""
    year_spans = {(m.start, m.end) for m in years(sentence)}
    percent_spans = percents(sentence)
    return [
        m
        for m in _spans(QUANTITY, sentence, "quantity")
        if (m.start, m.end) not in year_spans
        and not any(p.start <= m.start < p.end for p in percent_spans)
    ]


@cache
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Longest names first, so 'South Korea' wins over 'Korea'."""
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])", re.I)


def _gazetteer(sentence: Sentence, names: dict[str, str], kind: str) -> list[Mention]:
    """Names from a gazetteer, written with a capital letter as proper names are."""
    found = []
    for match in _name_pattern(tuple(names)).finditer(sentence.text):
        if match.group()[0].isupper():
            start = sentence.start + match.start()
            found.append(
                Mention(
                    kind,
                    start,
                    start + len(match.group()),
                    match.group(),
                    names[match.group().lower()],
                )
            )
    return found


@per_sentence
def countries(sentence: Sentence) -> list[Mention]:
    """Country names (ISO, common, official, GeoNames and alias spellings)."""
    return _gazetteer(sentence, reference.country_names(), "country")


@per_sentence
def regions(sentence: Sentence) -> list[Mention]:
    """Region names such as ASEAN or Asia, from data/reference/regions.csv."""
    return _gazetteer(sentence, reference.region_names(), "region")


_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_HEAD = re.compile(rf"\b(?:{INSTITUTION_HEAD})\b", re.IGNORECASE)


@per_sentence
def institutions(sentence: Sentence) -> list[Mention]:
    """Names built on an institution word: 'Nanyang Technological University',
    'the Thailand research fund' (from its capitalised word), 'Academy of social sciences'.

    A head word without a capitalised name around it ('a research fund') is no institution.
    """
    found = []
    text = sentence.text
    for head in _HEAD.finditer(text):
        start = name_start(text, head.start())
        end = _of_tail_end(text, head.end())
        name = text[start:end]
        if name[0].isupper() and (
            start < head.start() or end > head.end() or name.isupper() or head.group()[0].isupper()
        ):
            found.append(Mention("institution", sentence.start + start, sentence.start + end, name))
    return _outermost(found)


def name_start(text: str, head_start: int) -> int:
    """Where a name ending in a head word begins: walk left over up to four words (not
    across punctuation or function words), then trim to the first capitalised one."""
    words = list(_WORD.finditer(text[:head_start]))[-4:]
    kept = []
    for word in reversed(words):
        gap = text[word.end() : (kept[-1].start() if kept else head_start)]
        if gap.strip() or word.group().lower() in INSTITUTION_STOPWORDS:
            break
        kept.append(word)
    kept.reverse()
    while kept and not kept[0].group()[0].isupper():
        kept.pop(0)
    return kept[0].start() if kept else head_start


_TAIL_WORD = re.compile(
    r"\s+(?!(?:in|at|since|from|with|for|on|to|by|renewed|signed)\b)([A-Za-z][\w'’-]*)"
)


def _of_tail_end(text: str, head_end: int) -> int:
    """Extend 'Academy' over 'of Science and Technology', stopping before 'in 1983' or a
    second institution ('University of Tokyo and Kyoto University')."""
    of = re.match(r"\s+of\b", text[head_end:])
    if not of:
        return head_end
    end, position, words = head_end, head_end + of.end(), 0
    while words < 6 and (word := _TAIL_WORD.match(text, position)):
        if word.group(1).lower() == "and" and _HEAD.match(_next_words(text, word.end())):
            break
        position = word.end()
        words += 1
        if word.group(1).lower() not in {"and", "of", "the"}:
            end = position
    return end


def _next_words(text: str, position: int) -> str:
    """The rest of the clause after 'and', to see if a second institution starts there."""
    rest = re.split(r"[,.;:()]", text[position:], maxsplit=1)[0]
    heads = list(_HEAD.finditer(rest))
    return heads[0].group() if heads else ""


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions nested in a longer one ('Fund' inside 'Thailand Research Fund')."""
    return [
        m
        for m in mentions
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)
    ]
