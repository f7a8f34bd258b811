"""Extraction: documents -> raw tables in ``data/raw/extracted/``, every row with provenance.

Each module extracts one kind of fact by binding typed mentions to a fact cue; values stay
as written. Every count, year and country mention that no row explains goes to
``unexplained.csv`` with a reason, so nothing is dropped silently. Analyst corrections
(``data/raw/corrections/<doc_id>.csv``) add or reject rows after the rules have run.
``sentences.csv`` lists every sentence's span, so reports can show a quote in its sentence.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import atomic, document_file, paths, stamps
from analysis.errors import UserError
from analysis.extract import (
    activities,
    agreements,
    copublications,
    corrections,
    coverage,
    events,
    joint_labs,
    key_figures,
    partner_countries,
    phd_students,
    profile,
)
from analysis.extract.context import Context
from analysis.extract.document import Document, load_document
from analysis.sidecar import sidecar_path

EXTRACTORS = {
    "profile": profile,
    "agreements": agreements,
    "events": events,
    "phd_students": phd_students,
    "partner_countries": partner_countries,
    "copublications": copublications,
    "joint_labs": joint_labs,
    "activities": activities,
    # Last: a key figure is a quantity that no other frame claimed.
    "key_figures": key_figures,
}
FACT_TABLES = [name for name in EXTRACTORS if name != "profile"]
SENTENCE_COLUMNS = ["doc_id", "sentence", "start", "end"]
#: Each document's raw tables from the last run, in a folder beside the tables they join.
KEPT = ".documents"


def extract_document(
    path: Path, corrections_dir: Path = paths.CORRECTIONS
) -> tuple[dict[str, pd.DataFrame], coverage.Coverage]:
    """Every raw table of one document, ``unexplained`` included, and its coverage."""
    context = Context(load_document(path))
    rows = {name: module.extract(context) for name, module in EXTRACTORS.items()}
    for name in FACT_TABLES:
        for row in rows[name]:
            row["origin"] = "rule"
    correctable = {name: EXTRACTORS[name].COLUMNS for name in FACT_TABLES}
    rows = corrections.apply(context, rows, corrections_dir, correctable)
    _refuse_years_after_its_date(context.document, rows, corrections_dir)
    claimed = [row for name in FACT_TABLES for row in rows[name]]
    rows["unexplained"], covered = coverage.unexplained(context, claimed)
    rows["sentences"] = [
        {"doc_id": context.document.doc_id, "sentence": s.text, "start": s.start, "end": s.end}
        for s in context.sentences
    ]
    tables = {name: pd.DataFrame(table, columns=columns(name)) for name, table in rows.items()}
    return tables, covered


def columns(table: str) -> list[str]:
    """A raw table's columns: the extractor's, plus ``origin`` for fact tables."""
    if table == "unexplained":
        return coverage.COLUMNS
    if table == "sentences":
        return SENTENCE_COLUMNS
    own = EXTRACTORS[table].COLUMNS
    return own + ["origin"] if table in FACT_TABLES else own


def default_documents() -> list[Path]:
    """Every ``*.txt`` in ``data/raw/documents/``."""
    found = sorted(paths.DOCUMENTS.glob("*.txt"))
    if not found:
        raise UserError(f"{paths.DOCUMENTS}: no *.txt documents to extract")
    return found


def extract(
    documents: Iterable[Path] | None = None,
    out: Path = paths.EXTRACTED,
    corrections_dir: Path = paths.CORRECTIONS,
    reuse_kept: bool = True,
) -> tuple[dict[str, int], list[coverage.Coverage]]:
    """Extract the documents into one CSV per table in ``out``; return rows per table and
    each document's coverage.

    All documents are read before anything is written, so a bad document leaves the
    previous tables in place. ``reuse_kept=False`` (a forced build) extracts every document
    again instead of taking the tables kept from the last run.
    """
    documents = list(documents) if documents else default_documents()
    _refuse_bad_ids(documents)
    kept_dir = Path(out) / KEPT
    results = [_extract_kept(path, corrections_dir, kept_dir, reuse_kept) for path in documents]
    counts = {}
    for name in results[0][0]:
        table = pd.concat([tables[name] for tables, _ in results], ignore_index=True)
        atomic.write_csv(Path(out) / f"{name}.csv", table)
        counts[name] = len(table)
    return counts, [covered for _, covered in results]


def _extract_kept(
    path: Path, corrections_dir: Path, kept_dir: Path, reuse_kept: bool
) -> tuple[dict[str, pd.DataFrame], coverage.Coverage]:
    """One document's tables, as the last run extracted them when the document, its sidecar,
    its corrections and the code are the same; else extracted again and kept. A corpus with
    one edited document then reads only that one again.

    The kept files are pickles this tool wrote in its own output folder; one that cannot be
    read back, or was written from other inputs, is extracted again, never an error.
    """
    doc_id = document_file.doc_id(path)
    inputs = stamps.combined(
        {
            "document": stamps.file_digest(path),
            "sidecar": stamps.file_digest(sidecar_path(path)),
            "corrections": stamps.file_digest(
                corrections.corrections_path(corrections_dir, doc_id)
            ),
            "code": stamps.code_digest(),
        }
    )
    kept = kept_dir / f"{doc_id}.pickle"
    try:
        kept_inputs, result = pickle.loads(kept.read_bytes())
    except Exception:  # missing, truncated or from another version: extract it again
        kept_inputs = None
    if reuse_kept and kept_inputs == inputs:
        return result
    result = extract_document(path, corrections_dir)
    kept_dir.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(kept, pickle.dumps((inputs, result), protocol=pickle.HIGHEST_PROTOCOL))
    return result


def _refuse_bad_ids(documents: list[Path]) -> None:
    """Every file name must give a valid doc_id no other document has; checked before any
    document is read, so a bad name late in the list costs no extraction."""
    seen: dict[str, Path] = {}
    for path in documents:
        doc_id = document_file.doc_id(path)
        if doc_id in seen:
            raise UserError(f"{path}: same doc_id {doc_id!r} as {seen[doc_id]}")
        seen[doc_id] = path


def _refuse_years_after_its_date(
    document: Document, rows: dict[str, list[dict]], corrections_dir: Path
) -> None:
    """A fact cannot be dated after the document stating it (its sidecar ``date``): the
    rules misread a number, or the document is wrong; either way an analyst decides."""
    date = document.sidecar.date
    if date is None:
        return
    for table in FACT_TABLES:
        for row in rows[table]:
            year = row.get("year", "")
            if year.isdigit() and int(year) > date.year:
                fix = corrections.corrections_path(corrections_dir, document.doc_id)
                raise UserError(
                    f"{document.path}: {table}: year {year} in {row['quote']!r} is after the "
                    f"document's date ({date}); if misread, reject the row in {fix}"
                )
