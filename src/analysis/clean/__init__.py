"""Cleaning: raw extracted tables -> typed, validated tables in ``data/processed/``.

One module per output table, each with a pandera schema and a pure ``clean_<table>``.
Every table is cleaned and validated before any is written, so an invalid table leaves
the previous processed files untouched.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from analysis import atomic, paths, reference
from analysis.clean import (
    activities,
    agreements,
    conflicts,
    copublications,
    countries,
    documents,
    events,
    harmonise,
    joint_labs,
    key_figures,
    partner_countries,
    phd_students,
    sentences,
)

# Order matters: events are built from the cleaned agreements; conflicts compare the
# cleaned fact tables, so they come last.
MODULES = [
    countries,
    documents,
    key_figures,
    agreements,
    events,
    phd_students,
    partner_countries,
    copublications,
    joint_labs,
    activities,
    sentences,
    conflicts,
]
SCHEMAS = {module.TABLE: module.SCHEMA for module in MODULES}


def clean_all(raw_dir: Path = paths.EXTRACTED) -> dict[str, pd.DataFrame]:
    """Every processed table, cleaned and validated, in memory."""
    cleaned: dict[str, pd.DataFrame] = {}
    for module in MODULES:
        cleaned[module.TABLE] = module.build(Path(raw_dir), cleaned)
    return cleaned


def notes(tables: dict[str, pd.DataFrame]) -> list[str]:
    """What a user should look at in the documents cleaned, though nothing is wrong:
    repeated statements merged, documents that disagree, and partners kept as written.

    Map entries these documents do not name are no news: the map also serves the
    development corpus (tests check that every entry is named somewhere)."""
    found = [
        f"{name}: {len(table.attrs['merged'])} repeated statement(s) merged into the first: "
        + "; ".join(table.attrs["merged"])
        for name, table in tables.items()
        if table.attrs.get("merged")
    ]
    disagreements = tables["conflicts"].conflict_id.nunique()
    if disagreements:
        found.append(
            f"conflicts: {disagreements} fact(s) on which documents disagree; "
            "the reports list both statements"
        )
    unknown = harmonise.unknown_partners(tables["agreements"].partner)
    if unknown:
        found.append(
            f"{len(unknown)} partner(s) not in {reference.INSTITUTIONS}, kept as written: "
            + ", ".join(unknown)
        )
    return found


def clean(raw_dir: Path = paths.EXTRACTED, out: Path = paths.PROCESSED) -> dict[str, int]:
    """Clean every table and write them as CSV to ``out``; return rows per table."""
    tables = clean_all(raw_dir)
    for name, table in tables.items():
        atomic.write_csv(Path(out) / f"{name}.csv", table)
    for note in notes(tables):
        print(f"note: {note}", file=sys.stderr)
    return {name: len(table) for name, table in tables.items()}
