"""Quantities as documents write them -> numbers with bounds and a qualifier.

'26 000' -> 26000 (exact); '82, 5 %' -> 82.5; 'more than 20 000' -> at least 20000;
'about 1300' -> approximately 1300; 'between 20 and 400' -> the range 20..400;
'forty-five' -> 45 (read by text2num); '€2.1 billion' -> 2100000000.
``value`` is the number stated (empty for a range); ``value_min``/``value_max`` are the
bounds the statement guarantees (empty where it guarantees none). Qualifier, multiplier
and currency spellings come from the vocabulary.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

from analysis import vocabulary

RANGE = re.compile(
    r"^(?:between|from)\s+(?P<low>.+?)\s+(?:and|to)\s+(?P<high>.+)$"
    r"|^(?P<low2>[\d.,\s]+?)\s*(?:-|–|to)\s*(?P<high2>[\d.,\s]+)$",
    re.I,
)
NUMBER = re.compile(
    r"^\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+$|^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?:\.\d{3})+$"
    r"|^\d+(?:[.,]\s?\d+)?$"
)
NAN = math.nan


def qualifiers() -> dict[str, tuple[str, ...]]:
    """Canonical qualifier -> spellings (at_least, at_most, approx)."""
    return vocabulary.entries("qualifier")


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity; NaN marks a bound the text does not give."""

    value: float
    value_min: float
    value_max: float
    qualifier: str


def parse_number(text: str) -> float:
    """'26 000' -> 26000, Swiss '6'090' -> 6090, '20,000' and '20.000' -> 20000, '82, 5' ->
    82.5, '1300' -> 1300, 'forty-five' -> 45, '2.1 billion' -> 2100000000.

    A comma or dot followed by groups of exactly three digits separates thousands: prose
    does not give three decimals.
    """
    cleaned, factor = _without_multiplier(_without_currency(text.strip()))
    if re.fullmatch(r"[A-Za-z][A-Za-z\s-]*", cleaned):
        try:
            return float(text2num(cleaned.lower(), "en")) * factor
        except ValueError:
            raise ValueError(f"not a number: {text!r}") from None
    if not NUMBER.match(cleaned):
        raise ValueError(f"not a number: {text!r}")
    if re.fullmatch(r"\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*", cleaned):
        return float(re.sub(r"[,.]", "", cleaned)) * factor
    return float(re.sub(r"[ \u00a0\u202f'’]", "", cleaned).replace(",", ".")) * factor


def _without_currency(text: str) -> str:
    return _currency_pattern().sub("", text).strip()


@cache
def _currency_pattern() -> re.Pattern[str]:
    currency = vocabulary.alternation(vocabulary.currency_spellings())
    return re.compile(rf"^(?:{currency})\s?|\s?(?:{currency})$", re.I)


def _without_multiplier(text: str) -> tuple[str, float]:
    for factor, spellings in vocabulary.entries("multiplier").items():
        for spelling in spellings:
            match = re.fullmatch(rf"(.+?)\s?{re.escape(spelling)}", text, flags=re.I)
            if match and re.search(r"\d|[a-z]{3}", match[1]):
                return match[1].strip(), float(factor)
    return text, 1.0


def parse_quantity(text: str) -> Quantity:
    """Parse a count, percentage, amount or range with its qualifier."""
    body = re.sub(r"\s*(?:%|per ?cent)$", "", text.strip(), flags=re.I)
    for qualifier, phrases in qualifiers().items():
        for phrase in sorted(phrases, key=len, reverse=True):
            if body.lower().startswith(phrase.lower() + " "):
                number = _bounded(body[len(phrase) :].strip(), text)
                if isinstance(number, Quantity):
                    return number
                low = number if qualifier == "at_least" else NAN
                high = number if qualifier == "at_most" else NAN
                return Quantity(number, low, high, qualifier)
    number = _bounded(body, text)
    if isinstance(number, Quantity):
        return number
    return Quantity(number, number, number, "exact")


def _bounded(body: str, text: str) -> float | Quantity:
    """A number, or a range as a Quantity."""
    if match := RANGE.match(body):
        low = parse_number(match["low"] or match["low2"])
        high_text = match["high"] or match["high2"]
        high = parse_number(high_text)
        _, factor = _without_multiplier(_without_currency(high_text))
        if factor > 1 and low < high / factor:
            low *= factor
        if low > high:
            raise ValueError(f"range runs backwards: {text!r}")
        return Quantity(NAN, low, high, "range")
    return parse_number(body)
