"""Quantities as documents write them -> numbers with bounds and a qualifier.

'26 000' -> 26000 (exact); '82, 5 %' -> 82.5; 'more than 20 000' -> at least 20000;
'about 1300' -> approximately 1300; 'between 20 and 400' -> the range 20..400.
``value`` is the number stated (empty for a range); ``value_min``/``value_max`` are the
bounds the statement guarantees (empty where it guarantees none).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

QUALIFIERS = {
    "at_least": ("more than", "over", "above", "at least", "in excess of"),
    "at_most": ("up to", "less than", "fewer than", "under", "at most"),
    "approx": (
        "about",
        "around",
        "approximately",
        "nearly",
        "almost",
        "some",
        "roughly",
        "close to",
    ),
}
RANGE = re.compile(r"^(?:between|from)\s+(?P<low>.+?)\s+(?:and|to)\s+(?P<high>.+)$", re.I)
NUMBER = re.compile(
    r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$|^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?:\.\d{3})+$"
    r"|^\d+(?:[.,]\s?\d+)?$"
)
NAN = math.nan


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity; NaN marks a bound the text does not give."""

    value: float
    value_min: float
    value_max: float
    qualifier: str


def parse_number(text: str) -> float:
    """'26 000' -> 26000, '20,000' and '20.000' -> 20000, '82, 5' -> 82.5, '1300' -> 1300.

    A comma or dot followed by groups of exactly three digits separates thousands: prose
    does not give three decimals.
    """
    cleaned = text.strip()
    if not NUMBER.match(cleaned):
        raise ValueError(f"not a number: {text!r}")
    if re.fullmatch(r"\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*", cleaned):
        return float(re.sub(r"[,.]", "", cleaned))
    return float(re.sub(r"[ \u00a0\u202f]", "", cleaned).replace(",", "."))


def parse_quantity(text: str) -> Quantity:
    """Parse a count, percentage or range with its qualifier (see the module docstring)."""
    body = re.sub(r"\s*(?:%|per ?cent)$", "", text.strip(), flags=re.I)
    if match := RANGE.match(body):
        low, high = parse_number(match["low"]), parse_number(match["high"])
        if low > high:
            raise ValueError(f"range runs backwards: {text!r}")
        return Quantity(NAN, low, high, "range")
    for qualifier, phrases in QUALIFIERS.items():
        for phrase in phrases:
            if body.lower().startswith(phrase + " "):
                number = parse_number(body[len(phrase) :])
                low = number if qualifier == "at_least" else NAN
                high = number if qualifier == "at_most" else NAN
                return Quantity(number, low, high, qualifier)
    number = parse_number(body)
    return Quantity(number, number, number, "exact")
