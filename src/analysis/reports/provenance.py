"""What the footer of every page states: when, by which version, from which documents.

A reader who receives a report by e-mail can then tell whether two copies came from the
same source text, and an analyst can rebuild the exact same page.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from analysis import paths

DISTRIBUTION = "cnrs-asean-analysis"


@dataclass(frozen=True)
class Provenance:
    built: str
    version: str
    documents: tuple[tuple[str, str], ...]  # (doc_id, sha256), one per source document


def collect(documents: Path = paths.DOCUMENTS) -> Provenance:
    """Describe this build: the UTC time now, the installed version, each document's hash."""
    return Provenance(
        built=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=version(DISTRIBUTION),
        documents=tuple((path.stem, sha256(path)) for path in sorted(documents.glob("*.txt"))),
    )


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, the same value the document's sidecar records."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
