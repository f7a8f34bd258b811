"""``reports/review/<doc_id>.html``: one page per document, for the analyst checking extraction.

``extract`` prints how many of a document's mentions the rows explain; this page shows which.
The full text is highlighted with every extracted row (after corrections: what the CSVs in
``data/raw/extracted/`` hold, one colour per table) and every unexplained mention, each with
its values or reason on hover and in a list beside the text, together with the coverage
figure and where a correction goes. Like every report, it is one file: no script, nothing
fetched, so it opens from file:// and can be sent by e-mail.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader

from analysis import paths
from analysis.atomic import write_text
from analysis.errors import UserError
from analysis.extract import EXTRACTORS, FACT_TABLES, corrections, coverage
from analysis.extract.context import Context
from analysis.extract.document import Document, load_document
from analysis.reports.html import TEMPLATES
from analysis.reports.index import REVIEW_DIR
from analysis.reports.provenance import Provenance, collect
from analysis.sidecar import Sidecar

# (background tint, underline) per table, in EXTRACTORS order: a table keeps its colour on
# every page. None is red: red marks what no row explains.
PALETTE = (
    ("#dbeafe", "#1d4ed8"),
    ("#fde68a", "#b45309"),
    ("#bbf7d0", "#15803d"),
    ("#ddd6fe", "#6d28d9"),
    ("#a5f3fc", "#0e7490"),
    ("#fbcfe8", "#be185d"),
    ("#d9f99d", "#4d7c0f"),
    ("#eadbc8", "#7c5a3a"),
    ("#e5e7eb", "#4b5563"),
    ("#fed7aa", "#c2410c"),
)


@dataclass(frozen=True)
class Fact:
    """One extracted row, as the page marks and lists it."""

    key: str  # its list entry is ``list-<key>``
    table: str
    values: tuple[tuple[str, str], ...]  # the table's own columns, provenance left out
    quote: str
    start: int
    end: int
    origin: str  # rule or analyst; empty for a table without origins

    @property
    def fields(self) -> str:
        """The values as a correction's ``fields`` cell writes them: ``name=value; ...``."""
        return "; ".join(f"{name}={value}" for name, value in self.values)

    @property
    def summary(self) -> str:
        by = f" ({self.origin})" if self.origin else ""
        return f"{self.table}: {self.fields}{by}"


@dataclass(frozen=True)
class Unexplained:
    """One mention no row explains, with the reason ``extract`` gave."""

    key: str
    mention: str
    kind: str
    start: int
    end: int
    reason: str

    @property
    def summary(self) -> str:
        return f"unexplained {self.kind} “{self.mention}”: {self.reason}"


Marked = Fact | Unexplained


@dataclass(frozen=True)
class Segment:
    """A piece of the text between two consecutive span boundaries, and every span over it."""

    text: str
    start: int
    covering: tuple[Marked, ...]
    opens: bool  # some span starts here: the list links to ``at-<start>``

    @property
    def classes(self) -> str:
        """``fact-<table>`` for every covering row, ``shade-<table>`` for the colour shown (the
        innermost row's), ``unexplained`` and ``overlap`` when they apply."""
        facts = [mark for mark in self.covering if isinstance(mark, Fact)]
        names = ["mark", *sorted({f"fact-{fact.table}" for fact in facts})]
        if facts:
            names.append(f"shade-{_innermost(facts).table}")
        if len(facts) < len(self.covering):
            names.append("unexplained")
        if len(self.covering) > 1:
            names.append("overlap")
        return " ".join(names)

    @property
    def hover(self) -> str:
        return "\n".join(mark.summary for mark in self.covering)

    @property
    def target(self) -> str:
        """The list entry a click leads to: the innermost span's."""
        return _innermost(self.covering).key


@dataclass(frozen=True)
class Shade:
    """A legend entry: a table, its colours, and how many rows it has on this page."""

    table: str
    tint: str
    edge: str
    rows: int


@dataclass(frozen=True)
class CorrectionsFile:
    """Where an analyst corrects this document, and what the file's lines hold."""

    shown_path: str
    exists: bool
    columns: Sequence[str] = tuple(corrections.COLUMNS)
    actions: Sequence[str] = corrections.ACTIONS
    tables: Sequence[str] = tuple(FACT_TABLES)


def write_review_pages(
    documents_dir: Path = paths.DOCUMENTS,
    extracted_dir: Path = paths.EXTRACTED,
    out_dir: Path = paths.REPORTS / REVIEW_DIR,
    *,
    corrections_dir: Path = paths.CORRECTIONS,
) -> list[Path]:
    """Write ``<doc_id>.html`` into ``out_dir`` for every ``*.txt`` of ``documents_dir``,
    from the tables ``extract`` wrote into ``extracted_dir``; return the pages' paths.

    ``corrections_dir`` is where the page tells the analyst to write corrections.
    """
    documents_dir, extracted_dir = Path(documents_dir), Path(extracted_dir)
    tables = _read_tables(extracted_dir)
    provenance = collect(documents_dir)
    template = _template()
    written = []
    for path in sorted(documents_dir.glob("*.txt")):
        document = load_document(path)
        html = template.render(
            **_page(document, tables, extracted_dir, corrections_dir),
            provenance=replace(provenance, documents=_own_digest(provenance, document.doc_id)),
            code_note=f"Highlights come from the tables in {_shown(extracted_dir)}/, "
            "as python -m analysis extract wrote them.",
        )
        page = Path(out_dir) / f"{document.doc_id}.html"
        write_text(page, html)
        written.append(page)
    return written


def _read_tables(extracted_dir: Path) -> dict[str, pd.DataFrame]:
    """Every raw table with provenance spans, plus ``unexplained`` and ``sentences``."""
    tables = {}
    for name in [*EXTRACTORS, "unexplained", "sentences"]:
        path = extracted_dir / f"{name}.csv"
        if not path.exists():
            raise UserError(f"{path}: no such table; run `python -m analysis extract` first")
        tables[name] = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tables


def _page(
    document: Document, tables: dict[str, pd.DataFrame], extracted_dir: Path, corrections_dir: Path
) -> dict:
    """What the template needs for one document."""
    doc_id = document.doc_id
    if doc_id not in set(tables["sentences"].doc_id):
        raise UserError(
            f"{document.path}: not in {extracted_dir}; run `python -m analysis extract` first"
        )
    facts = _facts(document, tables, extracted_dir)
    unexplained = _unexplained(document, tables["unexplained"], extracted_dir)
    correction_file = corrections.corrections_path(corrections_dir, doc_id)
    sidecar = document.sidecar
    return {
        "doc_id": doc_id,
        "title": sidecar.title or sidecar.institution_name or sidecar.institution or doc_id,
        "sidecar": sidecar,
        "about": _about(sidecar),
        "coverage": document_coverage(document, len(unexplained)),
        "legend": _legend(facts),
        "segments": segments(document.text, [*facts, *unexplained]),
        "facts": facts,
        "unexplained": unexplained,
        "corrections": CorrectionsFile(_shown(correction_file), correction_file.exists()),
    }


def _about(sidecar: Sidecar) -> str:
    """The institution the document is about: 'Name (ACRONYM)', or what the sidecar gives."""
    if sidecar.institution_name and sidecar.institution:
        return f"{sidecar.institution_name} ({sidecar.institution})"
    return sidecar.institution_name or sidecar.institution


def document_coverage(document: Document, unexplained: int) -> coverage.Coverage:
    """The figure ``extract`` prints, counted by the same code: every mention coverage checks,
    less the ``unexplained`` ones that ``unexplained.csv`` lists."""
    context = Context(document)
    total = sum(len(coverage.checked_mentions(context, s)) for s in context.sentences)
    return coverage.Coverage(document.doc_id, total - unexplained, total)


def _facts(document: Document, tables: dict[str, pd.DataFrame], extracted_dir: Path) -> list[Fact]:
    """Every row of the document in every raw table, in text order (outer spans first)."""
    found = []
    for table in EXTRACTORS:
        frame = tables[table]
        own = [c for c in frame.columns if c not in corrections.PROVENANCE]
        for row in _rows_of(document, frame, "quote", extracted_dir / f"{table}.csv"):
            found.append(
                Fact(
                    key="",
                    table=table,
                    values=tuple((column, row[column]) for column in own),
                    quote=row["quote"],
                    start=int(row["start"]),
                    end=int(row["end"]),
                    origin=row.get("origin", ""),
                )
            )
    ordered = sorted(found, key=lambda fact: (fact.start, -fact.end))
    return [replace(fact, key=f"row-{n}") for n, fact in enumerate(ordered, start=1)]


def _unexplained(document: Document, frame: pd.DataFrame, extracted_dir: Path) -> list[Unexplained]:
    rows = _rows_of(document, frame, "mention", extracted_dir / "unexplained.csv")
    return [
        Unexplained(
            key=f"mention-{n}",
            mention=row["mention"],
            kind=row["kind"],
            start=int(row["start"]),
            end=int(row["end"]),
            reason=row["reason"],
        )
        for n, row in enumerate(rows, start=1)
    ]


def _rows_of(document: Document, frame: pd.DataFrame, quoted: str, path: Path) -> list[dict]:
    """The document's rows, each checked to quote the document where its span says: tables
    older than the document would mark the wrong words."""
    found = []
    for line, row in enumerate(frame.to_dict("records"), start=2):
        if row["doc_id"] != document.doc_id:
            continue
        start, end = int(row["start"]), int(row["end"])
        if document.text[start:end] != row[quoted]:
            raise UserError(
                f"{path}:{line}: {row[quoted][:60]!r} is not at {start}-{end} of "
                f"{document.path.name}; run `python -m analysis extract` again"
            )
        found.append(row)
    return found


def segments(text: str, marks: Sequence[Marked]) -> list[Segment]:
    """``text`` cut at every span's start and end, so nested and overlapping spans all show:
    each piece carries every span that covers it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    return [
        Segment(
            text[start:end],
            start,
            covering=tuple(m for m in marks if m.start <= start and end <= m.end),
            opens=any(m.start == start for m in marks),
        )
        for start, end in itertools.pairwise(cuts)
    ]


def _innermost(marks: Sequence[Marked]) -> Marked:
    """The shortest span: the most specific statement about these words."""
    return min(marks, key=lambda mark: mark.end - mark.start)


def _legend(facts: list[Fact]) -> list[Shade]:
    """Every table that can have rows, in extraction order, each with its colours."""
    counts = Counter(fact.table for fact in facts)
    return [
        Shade(table, *PALETTE[number % len(PALETTE)], rows=counts[table])
        for number, table in enumerate(EXTRACTORS)
    ]


def _own_digest(provenance: Provenance, doc_id: str) -> tuple[tuple[str, str], ...]:
    """The footer names the hash of this page's document only."""
    return tuple(entry for entry in provenance.documents if entry[0] == doc_id)


def _shown(path: Path) -> str:
    """A path as the analyst types it: relative to the project when inside it."""
    path = Path(path).resolve()
    inside = path.is_relative_to(paths.PROJECT_ROOT)
    return str(path.relative_to(paths.PROJECT_ROOT) if inside else path)


def _template():
    environment = Environment(
        loader=FileSystemLoader([TEMPLATES / "review", TEMPLATES / "report"]),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("review.html.j2")
