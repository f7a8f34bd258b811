"""The project's words, kept once in ``data/reference/vocabulary.csv``: qualifiers, tiers,
units, multipliers and fact cues, each a map from a canonical value to its spellings.

Extraction finds cues and qualifiers with these patterns, cleaning turns the same spellings
into canonical values, and charts rank tiers in the file's order. A new spelling is added to
the file, never to code.
"""

from __future__ import annotations

import re
from functools import cache

from analysis import paths
from analysis.reference import read_reference, split_aliases

VOCABULARY = paths.REFERENCE / "vocabulary.csv"


@cache
def entries(vocabulary: str) -> dict[str, tuple[str, ...]]:
    """Canonical value -> spellings, in the file's order (tiers: strongest first)."""
    table = read_reference(VOCABULARY, ["vocabulary", "canonical", "spellings"])
    found: dict[str, tuple[str, ...]] = {}
    for row in table[table.vocabulary == vocabulary].itertuples(index=False):
        found[row.canonical] = found.get(row.canonical, ()) + tuple(split_aliases(row.spellings))
    return found


def canonical_of(vocabulary: str) -> dict[str, str]:
    """Spelling (lower case) -> canonical value."""
    return {
        spelling.lower(): canonical
        for canonical, spellings in entries(vocabulary).items()
        for spelling in spellings
    }


def spellings(vocabulary: str, *canonical: str) -> tuple[str, ...]:
    """Every spelling of a vocabulary, or of some of its canonical values."""
    chosen = entries(vocabulary)
    keys = canonical or tuple(chosen)
    return tuple(spelling for key in keys for spelling in chosen[key])


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first, with flexible inner spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


@cache
def pattern(vocabulary: str, *canonical: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive pattern for the spellings of a vocabulary entry. It
    looks at a position's first letter before anything else, which makes finding cues in
    every sentence of a long document about a third faster."""
    words = spellings(vocabulary, *canonical)
    return re.compile(rf"{starts_with(words)}(?<![\w-])(?:{alternation(words)})(?![\w-])", re.I)


def starts_with(words: tuple[str, ...], also: str = "") -> str:
    """A look-ahead for the first letters of ``words`` (and the class ``also``): the regex
    engine then rejects most positions at once instead of trying every alternative."""
    return rf"(?=[{re.escape(''.join(sorted({word[0] for word in words})))}{also}])"


def currency_codes() -> list[str]:
    """Units written in capitals are currencies ('EUR', 'USD')."""
    return [unit for unit in entries("unit") if unit.isupper()]


def currency_spellings() -> tuple[str, ...]:
    return spellings("unit", *currency_codes())
