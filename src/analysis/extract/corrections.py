"""Analyst corrections: ``data/raw/corrections/<doc_id>.csv`` adds a fact the rules missed
or rejects one they got wrong, each tied to the exact passage it comes from.

Columns: ``action`` (add or reject), ``table`` (a raw fact table), ``passage`` (text of the
document, matched exactly or with any whitespace), ``occurrence`` (which one, 1-based, when
the passage occurs more than once) and ``fields`` (``name=value; name=value``, the table's
own columns). Corrected rows carry ``origin = analyst``; since corrections are applied at
every extraction, re-extracting never loses them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from analysis.errors import UserError
from analysis.extract.context import Context

COLUMNS = ["action", "table", "passage", "occurrence", "fields"]
ACTIONS = ("add", "reject")
PROVENANCE = {"doc_id", "institution", "quote", "start", "end", "origin"}


def corrections_path(corrections_dir: Path, doc_id: str) -> Path:
    return Path(corrections_dir) / f"{doc_id}.csv"


def apply(
    context: Context,
    rows: dict[str, list[dict]],
    corrections_dir: Path,
    tables: dict[str, list[str]],
) -> dict:
    """The rows with the document's corrections applied (none if it has no file);
    ``tables`` gives each correctable table's columns."""
    path = corrections_path(corrections_dir, context.document.doc_id)
    if not path.exists():
        return rows
    for line, correction in _read(path):
        where = f"{path}:{line}"
        table = correction["table"]
        if table not in tables:
            raise UserError(f"{where}: table {table!r} is not one of {', '.join(tables)}")
        text = context.document.text
        start, end = locate(text, correction["passage"], correction["occurrence"], where)
        fields = parse_fields(correction["fields"], tables[table], where)
        if correction["action"] == "add":
            row = context.row(start, end, [], **_complete(fields, tables[table]))
            rows[table].append({**row, "origin": "analyst"})
        else:
            rows[table] = _reject(rows[table], start, end, fields, where)
    return rows


def _read(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: not a readable CSV ({str(error).splitlines()[0]})") from None
    missing = [c for c in COLUMNS if c not in frame.columns and c != "occurrence"]
    if missing:
        raise UserError(f"{path}: missing column(s) {', '.join(missing)}")
    if "occurrence" not in frame:
        frame["occurrence"] = ""
    found = []
    for index, record in enumerate(frame.to_dict("records"), start=2):
        if record["action"] not in ACTIONS:
            raise UserError(f"{path}:{index}: action {record['action']!r} is not add or reject")
        found.append((index, record))
    return found


def locate(text: str, passage: str, occurrence: str, where: str) -> tuple[int, int]:
    """The span of ``passage`` in ``text``: exact, else with any run of whitespace."""
    if not passage.strip():
        raise UserError(f"{where}: empty passage")
    matches = [(m.start(), m.end()) for m in re.finditer(re.escape(passage), text)]
    if not matches:
        loose = r"\s+".join(map(re.escape, passage.split()))
        matches = [(m.start(), m.end()) for m in re.finditer(loose, text)]
    if not matches:
        raise UserError(f"{where}: passage {passage[:60]!r} is not in the document")
    if occurrence.strip():
        if not occurrence.strip().isdigit() or not 1 <= int(occurrence) <= len(matches):
            raise UserError(
                f"{where}: occurrence {occurrence!r}, but the passage occurs {len(matches)} time(s)"
            )
        return matches[int(occurrence) - 1]
    if len(matches) > 1:
        raise UserError(
            f"{where}: passage {passage[:60]!r} occurs {len(matches)} times; "
            "say which in the occurrence column"
        )
    return matches[0]


def parse_fields(cell: str, columns: list[str], where: str) -> dict[str, str]:
    """'country=Vietnam; year=2004' -> {'country': 'Vietnam', 'year': '2004'}."""
    own = [c for c in columns if c not in PROVENANCE]
    fields = {}
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        name, equals, value = part.partition("=")
        if not equals or name.strip() not in own:
            raise UserError(f"{where}: field {part!r} is not one of {', '.join(own)} (name=value)")
        fields[name.strip()] = value.strip()
    return fields


def _complete(fields: dict[str, str], columns: list[str]) -> dict[str, str]:
    """An added row names every one of its table's own columns (empty where unknown)."""
    return {c: fields.get(c, "") for c in columns if c not in PROVENANCE}


def _reject(table: list[dict], start: int, end: int, fields: dict, where: str) -> list[dict]:
    """Rule rows overlapping the passage (and matching the fields given) are removed."""
    kept = [
        row
        for row in table
        if not (
            row["start"] < end
            and start < row["end"]
            and all(str(row.get(k, "")) == v for k, v in fields.items())
        )
    ]
    if len(kept) == len(table):
        print(f"note: {where}: no extracted row to reject there any more", file=sys.stderr)
    return kept
