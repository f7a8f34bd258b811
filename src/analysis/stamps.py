"""What each output was built from, kept beside it, so that a build redoes only what changed.

A stamp is a small JSON file holding a digest of each input of one output, like the
dependency files compilers write: for the extracted and processed tables, the documents,
their corrections and the reference maps; for a report, its notebook, its parameters and the
files it actually read while it ran; for all of them, the code of the ``analysis`` package
and the versions of the libraries that shape what it writes. A missing or unreadable stamp
means "build it", never an error.

This module imports only the standard library: a build with nothing to do is decided here,
before pandas, papermill or spaCy are imported.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from analysis import document_file, paths
from analysis.atomic import write_text
from analysis.errors import UserError

PACKAGE = Path(__file__).resolve().parent
#: Libraries whose version can change a table, a chart or a page.
LIBRARIES = (
    "numpy",
    "pandas",
    "pandera",
    "spacy",
    "en-core-web-sm",
    "text2num",
    "pycountry",
    "matplotlib",
    "shapely",
    "pillow",
    "jinja2",
    "bleach",
    "nbformat",
    "nbclient",
    "nbconvert",
    "papermill",
    "ipykernel",
)
MISSING = "missing"
#: Query keys of a selection: the columns of a table it keeps, or the characters of a text
#: (no table column starts with ':').
COLUMNS, CHARACTERS = ":columns", ":characters"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, or ``missing``: a file that disappears is a change too."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return MISSING


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """One digest for every file under ``folder`` matching ``pattern``: names and contents."""
    folder = Path(folder)
    files = sorted(
        path
        for path in folder.rglob(pattern)
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    )
    return combined({str(path.relative_to(folder)): file_digest(path) for path in files})


def combined(parts: Mapping[str, object]) -> str:
    """One digest for named parts (digests, parameters, names), independent of their order."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def code_digest() -> str:
    """The ``analysis`` package (code, templates, assets), the reference maps and the library
    versions: what turns the same inputs into the same outputs. Read once per process."""
    return combined(
        {
            "package": tree_digest(PACKAGE),
            "reference": tree_digest(paths.REFERENCE),
            "libraries": {name: _version(name) for name in LIBRARIES},
        }
    )


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return MISSING


def tables_inputs() -> str:
    """What the extracted and processed tables are made from."""
    return combined(
        {
            "documents": tree_digest(paths.DOCUMENTS),
            "corrections": tree_digest(paths.CORRECTIONS),
            "code": code_digest(),
        }
    )


def read(path: Path) -> dict:
    """The stamp at ``path``; empty when it is missing, unreadable or not a stamp."""
    try:
        stamp = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def up_to_date(path: Path, inputs: str) -> bool:
    """Whether the stamp at ``path`` records ``inputs`` and every output it lists exists."""
    stamp = read(path)
    outputs = stamp.get("outputs")
    return (
        stamp.get("inputs") == inputs
        and isinstance(outputs, list)
        and all(isinstance(output, str) and Path(output).exists() for output in outputs)
    )


def record(path: Path, inputs: str, outputs: Iterable[Path], **more: object) -> None:
    """Stamp ``outputs`` as built from ``inputs`` (with ``more`` to read back next time)."""
    stamp = {"inputs": inputs, "outputs": sorted(str(output) for output in outputs), **more}
    write_text(Path(path), json.dumps(stamp, indent=1, sort_keys=True) + "\n")


def selection(path: Path, where: Mapping[str, str], columns: Sequence[str] = ()) -> str:
    """A read of part of a CSV table, as a stamp records it: ``<path>?<column>=<value>&…``.

    A report about one institution reads that institution's rows; recording the rows rather
    than the file means an edit to another institution's document leaves the report alone.
    ``columns`` keeps only those columns: a report that asks which institutions exist depends
    on that list, not on every row.
    """
    query = sorted((str(key), str(value)) for key, value in where.items())
    if columns:
        query.append((COLUMNS, ",".join(columns)))
    return f"{path}?{urlencode(query)}" if query else str(path)


def passage(path: Path, start: int, end: int) -> str:
    """A read of characters ``start`` to ``end`` of a document, as a stamp records it."""
    return selection(path, {CHARACTERS: f"{start}-{end}"})


class Digests:
    """Digests of files and selections memoised for one build: many reports read the same
    tables."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self._tables: dict[str, list[dict[str, str]] | None] = {}
        self._texts: dict[str, str | None] = {}

    def __call__(self, read: str | Path) -> str:
        key = str(read)
        if key not in self._known:
            folder, slash, name = key.rpartition("/")
            name, _, query = name.partition("?")
            path = Path(folder + slash + name)
            self._known[key] = self._selected(path, query) if query else file_digest(path)
        return self._known[key]

    def of(self, reads: Iterable[str]) -> dict[str, str]:
        return {str(read): self(read) for read in reads}

    def _selected(self, path: Path, query: str) -> str:
        """The digest of the rows a selection keeps, in file order, or of its characters."""
        where = dict(parse_qsl(query, keep_blank_values=True))
        if CHARACTERS in where:
            return self._characters(path, where[CHARACTERS])
        rows = self._rows(path)
        if rows is None:
            return MISSING
        columns = [c for c in where.pop(COLUMNS, "").split(",") if c]
        kept = [
            [row.get(column) for column in columns] if columns else row
            for row in rows
            if all(row.get(column) == value for column, value in where.items())
        ]
        return combined({"rows": kept})

    def _characters(self, path: Path, span: str) -> str:
        start, _, end = span.partition("-")
        text = self._text(path)
        if text is None:
            return MISSING
        return hashlib.sha256(text[int(start) : int(end)].encode("utf-8")).hexdigest()

    def _text(self, path: Path) -> str | None:
        """A document's text, read once per build however many of its passages reports
        quote."""
        key = str(path)
        if key not in self._texts:
            try:
                self._texts[key] = document_file.text(Path(path).read_bytes(), path)
            except (OSError, UserError):
                self._texts[key] = None
        return self._texts[key]

    def _rows(self, path: Path) -> list[dict[str, str]] | None:
        key = str(path)
        if key not in self._tables:
            try:
                with open(path, encoding="utf-8", newline="") as table:
                    self._tables[key] = list(csv.DictReader(table))
            except (OSError, UnicodeDecodeError, csv.Error):
                self._tables[key] = None
        return self._tables[key]
