"""A document's sidecar (``<doc_id>.yml`` beside it): who the document is about, who
published it, when, and the hash of the text as it was received.

Extraction names rows after the sidecar's institution and reads relative years ("last
year") from its date; reports credit charts to its publisher. A document without a sidecar
is still read: its institution then comes from its title line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis.errors import UserError

FIELDS = ("institution", "institution_name", "institution_country", "publisher", "title")


@dataclass(frozen=True)
class Sidecar:
    """What the sidecar says; empty strings where it says nothing."""

    institution: str = ""
    institution_name: str = ""
    institution_country: str = ""
    publisher: str = ""
    title: str = ""
    date: dt.date | None = None


def sidecar_path(document: Path) -> Path:
    return Path(document).with_suffix(".yml")


def read_sidecar(document: Path, raw: bytes) -> Sidecar:
    """The sidecar beside ``document``, checked against the document's bytes ``raw``."""
    path = sidecar_path(document)
    if not path.exists():
        return Sidecar()
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problem = str(error).splitlines()[0]
        raise UserError(f"{path}: not a readable YAML sidecar ({problem})") from None
    if not isinstance(meta, dict):
        raise UserError(f"{path}: a sidecar is a mapping of fields, not {type(meta).__name__}")
    expected = meta.get("sha256")
    if expected and hashlib.sha256(raw).hexdigest() != expected:
        raise UserError(
            f"{path}: sha256 does not match {Path(document).name}; the raw document was edited "
            "(restore it, or record the new hash if the change is wanted)"
        )
    return Sidecar(
        **{name: str(meta.get(name) or "").strip() for name in FIELDS},
        date=_date(meta.get("date"), path),
    )


def _date(value: object, path: Path) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UserError(f"{path}: date {value!r} is not YYYY-MM-DD") from None
