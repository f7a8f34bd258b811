"""Extraction: documents -> raw tables in ``data/raw/extracted/``, every row with provenance.

Each module extracts one kind of fact from typed mentions in sentences; values stay as
written. Sentences with a fact-like mention that yield no row go to ``unmatched.csv``;
``sentences.csv`` lists every sentence's span, so reports can show a quote in its sentence
without segmenting the text again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import atomic, paths
from analysis.errors import UserError
from analysis.extract import (
    activities,
    agreements,
    copublications,
    events,
    joint_labs,
    key_figures,
    partner_countries,
    phd_students,
    profile,
    unmatched,
)
from analysis.extract.context import Context
from analysis.extract.document import load_document

EXTRACTORS = {
    "profile": profile,
    "key_figures": key_figures,
    "agreements": agreements,
    "events": events,
    "phd_students": phd_students,
    "partner_countries": partner_countries,
    "copublications": copublications,
    "joint_labs": joint_labs,
    "activities": activities,
}


def extract_document(path: Path) -> dict[str, pd.DataFrame]:
    """Every raw table of one document, ``unmatched`` included."""
    context = Context(load_document(path))
    tables = {name: module.extract(context) for name, module in EXTRACTORS.items()}
    claimed = [row for name, rows in tables.items() if name != "profile" for row in rows]
    tables["unmatched"] = unmatched.extract(context, claimed)
    tables["sentences"] = [
        {"doc_id": context.document.doc_id, "sentence": s.text, "start": s.start, "end": s.end}
        for s in context.sentences
    ]
    columns = {name: module.COLUMNS for name, module in EXTRACTORS.items()}
    columns["unmatched"] = unmatched.COLUMNS
    columns["sentences"] = ["doc_id", "sentence", "start", "end"]
    return {name: pd.DataFrame(rows, columns=columns[name]) for name, rows in tables.items()}


def default_documents() -> list[Path]:
    """Every ``*.txt`` in ``data/raw/documents/``."""
    found = sorted(paths.DOCUMENTS.glob("*.txt"))
    if not found:
        raise UserError(f"{paths.DOCUMENTS}: no *.txt documents to extract")
    return found


def extract(documents: Iterable[Path] | None = None, out: Path = paths.EXTRACTED) -> dict[str, int]:
    """Extract the documents into one CSV per table in ``out``; return rows per table.

    All documents are read before anything is written, so a bad document leaves the
    previous tables in place.
    """
    documents = list(documents) if documents else default_documents()
    per_document = [extract_document(path) for path in documents]
    counts = {}
    for name in per_document[0]:
        table = pd.concat([tables[name] for tables in per_document], ignore_index=True)
        atomic.write_csv(Path(out) / f"{name}.csv", table)
        counts[name] = len(table)
    return counts
