"""Spellings -> canonical codes and names, through the maps in ``data/reference/``.

Unknown spellings fail loudly with every unmapped name and the file to edit, so a new
document's odd spelling is fixed once, in data, not patched in code.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import reference
from analysis.errors import UserError

BRACKETED_ACRONYM = re.compile(r"(.+?)\s*\(([^()]+)\)")


def country_iso3(names: pd.Series, table: str) -> pd.Series:
    """Country spellings -> ISO 3166-1 alpha-3 (empty stays empty)."""
    known = reference.country_spellings()
    codes = names.fillna("").map(lambda name: known.get(name.strip().lower(), "") if name else "")
    unmapped = sorted(set(names[(codes == "") & (names.fillna("") != "")]))
    if unmapped:
        raise UserError(
            f"{table}: unknown country name(s) {', '.join(map(repr, unmapped))}; "
            f"add them to {reference.COUNTRY_ALIASES}"
        )
    return codes


def institution(name: str, country_iso3: str) -> reference.Institution | None:
    """An institution spelling -> its canonical record, disambiguated by country; None when
    the map does not know it (or cannot tell which one it is)."""
    for spelling in _spellings(name):
        candidates = reference.institution_aliases().get(spelling.lower(), [])
        if country_iso3:
            candidates = [c for c in candidates if c.country_iso3 == country_iso3]
        if len(candidates) == 1:
            return candidates[0]
    return None


def _spellings(name: str) -> list[str]:
    """A name as written, and, for 'Name (ACRONYM)', the name and the acronym."""
    written = _as_written(name)
    bracketed = BRACKETED_ACRONYM.fullmatch(written)
    return [written, *(bracketed.groups() if bracketed else ())]


def partner(name: str, country_iso3: str) -> reference.Institution:
    """A partner under its canonical name, or kept as written (without a leading 'the')
    when the map does not know it: ``unknown_partners`` lists those once."""
    found = institution(name, country_iso3)
    if found:
        return found
    return reference.Institution(_as_written(name), "", country_iso3)


def _as_written(name: str) -> str:
    """A name as the text writes it, without a leading 'the' or doubled spaces."""
    return re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I)


def unknown_partners(partners: pd.Series) -> list[str]:
    """Partner names the institution map does not know (kept as written)."""
    known = {i.canonical for found in reference.institution_aliases().values() for i in found}
    return sorted(set(partners) - known)


def institution_label(names: pd.Series) -> pd.Series:
    """The document's institution as tables show it: the map's acronym (else canonical
    name) when the map knows it, else as the sidecar or title gives it. Keeps the dtype of
    ``names``: mapping an empty column would make it object."""
    labels = {}
    for name in names.unique():
        found = institution(name, "")
        labels[name] = (found.acronym or found.canonical) if found else name
    return names.map(labels).astype(names.dtype)


def display_name(iso3: str) -> str:
    """Short country name for charts: 'Vietnam', 'South Korea', not 'Korea, Republic of'."""
    return reference.countries()[iso3].display_name
