"""Spellings -> canonical codes and names, through the maps in ``data/reference/``.

Unknown spellings fail loudly with every unmapped name and the file to edit, so a new
document's odd spelling is fixed once, in data, not patched in code.
"""

from __future__ import annotations

import pandas as pd

from analysis import reference
from analysis.errors import UserError


def country_iso3(names: pd.Series, table: str) -> pd.Series:
    """Country spellings -> ISO 3166-1 alpha-3 (empty stays empty)."""
    known = reference.country_names()
    codes = names.fillna("").map(lambda name: known.get(name.strip().lower(), "") if name else "")
    unmapped = sorted(set(names[(codes == "") & (names.fillna("") != "")]))
    if unmapped:
        raise UserError(
            f"{table}: unknown country name(s) {', '.join(map(repr, unmapped))}; "
            f"add them to {reference.COUNTRY_ALIASES}"
        )
    return codes


def institution(name: str, country_iso3: str, table: str) -> reference.Institution:
    """An institution spelling -> its canonical record, disambiguated by country."""
    candidates = reference.institution_aliases().get(name.strip().lower(), [])
    if country_iso3:
        candidates = [c for c in candidates if c.country_iso3 == country_iso3]
    if len(candidates) != 1:
        problem = "unknown" if not candidates else "ambiguous"
        where = f" in {country_iso3}" if country_iso3 else ""
        raise UserError(
            f"{table}: {problem} institution {name!r}{where}; add it to {reference.INSTITUTIONS}"
        )
    return candidates[0]


def institution_label(names: pd.Series, table: str) -> pd.Series:
    """The profiled institution as tables show it: its canonical acronym, else its name."""
    labels = {}
    for name in names.unique():
        found = institution(name, "", table)
        labels[name] = found.acronym or found.canonical
    return names.map(labels)


def display_name(iso3: str) -> str:
    """Short country name for charts: 'Vietnam', 'South Korea', not 'Korea, Republic of'."""
    return reference.countries()[iso3].display_name
