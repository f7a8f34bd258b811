"""Typed mentions of numbers and time inside a sentence: years and dates, counts,
percentages and amounts of money.

Extractors combine these with names (``names.py``) and cues; they never match whole
sentences. Quantities keep the text as written ("more than 20 000", "82, 5 %",
"forty-five"): turning them into numbers is cleaning's job. Years are resolved to the
calendar year they stand for ("2018-2019" -> 2018, "last year" -> the dateline's year - 1).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

from analysis import vocabulary


@dataclass(frozen=True)
class Mention:
    """A typed span of a document's text.

    ``key`` is what the span stands for: an ISO3 code, a region, a canonical institution,
    a cue's name, a resolved year. ``form`` says how it was written (a year as a 'date',
    'since' a year, an 'academic' year, a 'period'; a country as a 'demonym' or 'city').
    """

    kind: str
    start: int
    end: int
    text: str
    key: str = ""
    form: str = ""

    def within(self, start: int, end: int) -> bool:
        return start <= self.start and self.end <= end


_YEAR = r"(?:19|20)\d\d"
_MONTH = "|".join(
    name for name in [*calendar.month_name[1:], *calendar.month_abbr[1:]] if name != "May"
)
MONTH_NAMES = "|".join(calendar.month_name[1:])
# "May" is a month only next to a day or a year, never as the verb.
_MONTHS = rf"(?:{_MONTH})\.?|(?-i:May)"
DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\s*,?\s+(?P<y1>{_YEAR})"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,\s*(?P<y2>{_YEAR})"
    rf"|(?:{_MONTHS})\s+(?P<y3>{_YEAR})"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](?P<y4>{_YEAR})"
    rf"|(?P<y5>{_YEAR})-\d\d-\d\d)\b",
    re.I,
)
# "2018-2019" or "2018/19" is an academic year when the second year follows the first.
SPAN = re.compile(rf"(?<![\d.,/])(?P<first>{_YEAR})\s*[-–/]\s*(?P<second>{_YEAR}|\d\d)(?![\d%])")
PERIOD = re.compile(
    rf"\b(?:between|from)\s+(?P<first>{_YEAR})\s+(?:and|to|until|till)\s+(?P<second>{_YEAR})\b",
    re.I,
)
YEAR = re.compile(rf"(?<![\d,.\-/])(?:{_YEAR})(?![\w%]|\s?%|,\d|\.\d)")
# Before 1900 a four-digit number is a year only after a word that introduces one ("in 1891").
OLD_YEAR = re.compile(
    r"\b(?:in|since|from|until|till)\s+(?P<year>1[5-8]\d\d)(?![\w%]|\s?%|,\d|\.\d)", re.I
)
SINCE = re.compile(r"\b(?:since|from|as of|starting in|beginning in)\s+(?:the\s+year\s+)?$", re.I)
# 'until 2023', 'up to 2013': the end of something, never the date of an event.
UNTIL = re.compile(r"\b(?:until|till|up\s+to|through|to)\s+$", re.I)
# SINCE and UNTIL are read in this many characters before a year, not the whole sentence.
LEAD_REACH = 40
RELATIVE = re.compile(
    r"\b(?:(?P<which>last|this|past|previous|current)\s+year|(?P<present>currently|at present"
    r"|nowadays|today|this\s+(?:month|week|autumn|fall|spring|summer|winter|semester|term)"
    r"|so\s+far|to\s+date|up\s+to\s+now))\b",
    re.I,
)
RELATIVE_OFFSET = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0}

_INTEGER = (
    r"\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?!\d)|\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:\.\d{3})+(?!\d)"
    r"|\d+(?:\.\d+)?"
)
# A decimal comma, sometimes followed by a stray space ("82, 5 %"), only before a percent
# sign or a multiplier, after at most three digits: elsewhere "2004, 161" is a list, and
# "in 2023, 59 %" a year and a share.
_NUMBER = rf"(?:\d{{1,3}},\s?\d{{1,2}}(?=\s?(?:%|per ?cent|{{multiplier}}))|{_INTEGER})"
WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
DIGIT = re.compile(r"\d")
RANGE = ("between", "from")  # the words that open a range of two numbers
SPELLED_PERCENT = re.compile(r"\s?(?:%|per ?cent\b)", re.I)


def _number_pattern() -> str:
    multiplier = vocabulary.alternation(vocabulary.spellings("multiplier"))
    return _NUMBER.replace("{multiplier}", rf"\s?(?:{multiplier})\b")


@cache
def quantity_pattern() -> re.Pattern[str]:
    """Built once from the vocabulary (qualifiers, multipliers, currencies)."""
    number = _number_pattern()
    qualifier = vocabulary.alternation(vocabulary.spellings("qualifier"))
    multiplier = vocabulary.alternation(vocabulary.spellings("multiplier"))
    currency = vocabulary.alternation(vocabulary.currency_spellings())
    lead_words = (*vocabulary.spellings("qualifier"), *vocabulary.currency_spellings(), *RANGE)
    starts = vocabulary.starts_with(lead_words, also=r"\d")
    return re.compile(
        rf"{starts}(?:(?P<qualifier>{qualifier})\s+)?"
        # 'from' or 'between' opens a range only when one follows ('from 131 nationalities'
        # is a count)
        rf"(?:(?P<range>{'|'.join(RANGE)})\s+"
        rf"(?=(?:(?:{currency})\s?)?(?:{number})\s+(?:and|to)\s+(?:{number})))?"
        rf"(?:(?P<currency_before>{currency})\s?)?"
        rf"(?<![\d,./])(?P<number>{number})"
        rf"(?(range)\s+(?:and|to)\s+(?P<high>{number})|(?:\s*[-–]\s*|\s+to\s+)(?P<upto>{number}))?"
        rf"(?:\s?(?P<multiplier>{multiplier})\b)?"
        rf"(?:\s?(?P<currency_after>{currency})(?![\w]))?"
        rf"(?P<percent>\s?%|\s?per ?cent\b)?",
        re.I,
    )


def years(text: str, offset: int, dateline_year: int | None) -> list[Mention]:
    """Years, full dates, academic years, periods and relative years, resolved."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(match_start: int, match_end: int, year: str, form: str) -> None:
        if not any(s < match_end and match_start < e for s, e in taken):
            taken.append((match_start, match_end))
            found.append(
                Mention(
                    "year",
                    offset + match_start,
                    offset + match_end,
                    text[match_start:match_end],
                    year,
                    form,
                )
            )

    digits = DIGIT.search(text) is not None  # every year but a relative one has digits
    for match in PERIOD.finditer(text) if digits else ():
        add(match.start(), match.end(), match["first"], "period")
    for match in DATE.finditer(text) if digits else ():
        year = next(group for group in match.groups() if group)
        add(match.start(), match.end(), year, "date")
    for match in SPAN.finditer(text) if digits else ():
        first, second = int(match["first"]), match["second"]
        second_year = int(second) if len(second) == 4 else int(match["first"][:2] + second)
        form = "academic" if second_year == first + 1 else "period"
        if second_year > first:
            add(match.start(), match.end(), match["first"], form)
    for match in YEAR.finditer(text) if digits else ():
        lead = text[max(0, match.start() - LEAD_REACH) : match.start()]
        form = "since" if SINCE.search(lead) else "plain"
        form = "until" if UNTIL.search(lead) else form
        add(match.start(), match.end(), match.group(), form)
    for match in OLD_YEAR.finditer(text) if digits else ():
        add(match.start("year"), match.end("year"), match["year"], "plain")
    for match in RELATIVE.finditer(text):
        shift = RELATIVE_OFFSET[match["which"].lower()] if match["which"] else 0
        resolved = dateline_year + shift if dateline_year else ""
        add(match.start(), match.end(), str(resolved), "relative")
    return sorted(found, key=lambda m: m.start)


def quantities(text: str, offset: int, year_spans: list[Mention]) -> list[Mention]:
    """Counts, ranges, percentages and amounts of money, digits or words, with their
    qualifier; kinds 'count', 'percent' and 'money'. Years are never quantities."""
    found = []
    digits = quantity_pattern().finditer(text) if DIGIT.search(text) else ()
    for match in digits:
        start, end = match.start(), match.end()
        if _is_year(match, year_spans, offset) or _glued(text, start, end):
            continue
        found.append(
            Mention(_quantity_kind(match), offset + start, offset + end, text[start:end].rstrip())
        )
    found += _spelled_counts(text, offset, found)
    return sorted(_trim(found), key=lambda m: m.start)


def _quantity_kind(match: re.Match[str]) -> str:
    if match["percent"]:
        return "percent"
    if match["currency_before"] or match["currency_after"]:
        return "money"
    return "count"


def _is_year(match: re.Match[str], year_spans: list[Mention], offset: int) -> bool:
    start, end = offset + match.start("number"), offset + match.end("number")
    return any(y.start <= start and end <= y.end for y in year_spans)


def _glued(text: str, start: int, end: int) -> bool:
    """Digits inside a code or a reference ('no 311784', '+33 1 44', 'B2', '2nd')."""
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    return bool(re.match(r"[A-Za-z+/#]", before) or re.match(r"(?:st|nd|rd|th)\b|[A-Za-z]", after))


def _trim(found: list[Mention]) -> list[Mention]:
    """Trailing spaces and connectors never belong to a quantity."""
    trimmed = []
    for mention in found:
        text = mention.text.rstrip(" ,")
        trimmed.append(
            Mention(
                mention.kind,
                mention.start,
                mention.start + len(text),
                text,
                mention.key,
                mention.form,
            )
        )
    return trimmed


def _spelled_counts(text: str, offset: int, digits: list[Mention]) -> list[Mention]:
    """Counts written in words ('forty-five', 'twelve'), read by text2num; the longest run
    of words it reads as one number wins. 'one' alone is a pronoun more often than a count."""
    qualifier = _qualifier_before()
    words = list(WORD.finditer(text))
    found, index = [], 0
    while index < len(words):
        if not _number_word(words[index].group().lower()):
            index += 1
            continue
        best = None
        for stop in range(index, min(index + 7, len(words))):
            run = text[words[index].start() : words[stop].end()]
            if stop > index and not re.fullmatch(r"[A-Za-z-]+(?:\s+[A-Za-z-]+)*", run):
                break
            value = _read_number(run)
            if value is not None:
                best = (stop, value)
        if best is None or best[1] < 2:
            index = index + 1 if best is None else best[0] + 1
            continue
        start, end = words[index].start(), words[best[0]].end()
        if lead := qualifier.search(text[:start]):
            start = lead.start()
        kind = "count"
        if percent := SPELLED_PERCENT.match(text, end):
            kind, end = "percent", percent.end()
        if not any(d.start < offset + end and offset + start < d.end for d in digits):
            found.append(Mention(kind, offset + start, offset + end, text[start:end], form="words"))
        index = best[0] + 1
    return found


@cache
def _number_word(word: str) -> bool:
    """Whether a number in words can start here ('forty-five', 'seven', 'hundred'); asked
    once per distinct word, so long documents are not read a run at a time."""
    return _read_number(word) is not None


@cache
def _qualifier_before() -> re.Pattern[str]:
    """A qualifier right before a count ('some twelve')."""
    return re.compile(rf"(?:{vocabulary.alternation(vocabulary.spellings('qualifier'))})\s+$", re.I)


def _read_number(words: str) -> int | None:
    try:
        return text2num(words.lower(), "en")
    except ValueError:
        return None
