"""The processed tables for notebooks and reports: load them typed and validated, look up
countries, and find the quotes behind any row.

Example
-------
>>> from analysis import data
>>> phd = data.load("phd_students")
>>> int(phd.loc[phd.country_iso3 == "VNM", "students"].iloc[0])
161
>>> data.country_name("KOR")
'South Korea'
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

import pandas as pd

from analysis import document_file, paths, reference, stamps
from analysis.clean import SCHEMAS
from analysis.clean.common import validate
from analysis.errors import UserError

#: Tables of facts about countries (conflicts are about facts, documents about sources).
FACT_TABLES = [
    name
    for name, schema in SCHEMAS.items()
    if "country_iso3" in schema.columns and name not in {"countries", "documents", "conflicts"}
]
#: Up to this many institutions, a title names each one.
FEW_NAMED = 3
#: What the lanes of a timeline of several institutions can be.
LANES = ("institution", "country")
_CONVERT: dict[str, Callable[[pd.Series], pd.Series]] = {
    "int64": lambda s: s.astype("int64"),
    "Int64": lambda s: pd.array(pd.to_numeric(s.replace("", None)), dtype="Int64"),
    "float64": lambda s: pd.to_numeric(s.replace("", None)).astype("float64"),
    "bool": lambda s: s.map({"True": True, "False": False}),
}


def load(table: str, directory: Path | None = None) -> pd.DataFrame:
    """A processed table with the dtypes of its schema, validated.

    The default folder is ``paths.PROCESSED`` (``data/processed/``, or
    ``$ANALYSIS_PROCESSED_DIR``). When it has not been built yet (a fresh clone opened in
    JupyterLab), the documents are extracted and cleaned first.

    >>> load("agreements").year.min()
    np.int64(1983)
    """
    path = _table_path(table, directory)
    _FILES_READ.add(str(path))
    return _read(path, table)


def rows(table: str, columns: Sequence[str] = (), **where: str) -> pd.DataFrame:
    """The rows of a processed table whose columns equal ``where``, only ``columns`` of
    them when given. A report depends on these rows alone: an edit elsewhere in the table
    does not rebuild it.

    >>> rows("documents", columns=["institution"]).institution.unique().tolist()
    ['CNRS']
    """
    path = _table_path(table)
    _FILES_READ.add(stamps.selection(path, where, columns))
    frame = _read(path, table)
    for column, value in where.items():
        frame = frame[frame[column].astype(str) == value]
    return (frame[list(columns)] if columns else frame).reset_index(drop=True)


def _table_path(table: str, directory: Path | None = None) -> Path:
    """Where a processed table is, built first when the default folder is still empty."""
    if table not in SCHEMAS:
        raise UserError(f"unknown table {table!r}; tables: {', '.join(SCHEMAS)}")
    directory = Path(directory or paths.PROCESSED)
    path = directory / f"{table}.csv"
    if not path.exists() and directory == paths.PROCESSED:
        _build_processed()
    return path


#: The files this process's tables and texts came from since :func:`forget_files_read`: like a
#: compiler's depfile, a build records what each report read and reruns it when one changes.
_FILES_READ: set[str] = set()


def files_read() -> tuple[str, ...]:
    """The processed tables and documents read since the last :func:`forget_files_read`."""
    return tuple(sorted(_FILES_READ))


def forget_files_read() -> None:
    _FILES_READ.clear()


@cache
def _read_cached(path: Path, table: str, stamp: float) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise UserError(f"{path}: no such table (run `python -m analysis clean`)") from None
    schema = SCHEMAS[table]
    for name, column in schema.columns.items():
        if name in frame and str(column.dtype) in _CONVERT:
            frame[name] = _CONVERT[str(column.dtype)](frame[name])
    return validate(frame, schema)


def _read(path: Path, table: str) -> pd.DataFrame:
    """Read once per file version; callers get their own copy to modify."""
    stamp = path.stat().st_mtime if path.exists() else 0.0
    return _read_cached(path, table, stamp).copy()


def _build_processed() -> None:
    from analysis.clean import clean
    from analysis.extract import extract

    print("data/processed is empty: extracting and cleaning the documents first", file=sys.stderr)
    extract()
    clean()


def documents(doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The documents table (institution, title, publisher, date), indexed by doc_id: the
    rows of ``doc_ids`` when given, in their order, else every row."""
    if doc_ids is None:
        return load("documents").set_index("doc_id")
    found = [rows("documents", doc_id=doc_id) for doc_id in doc_ids]
    none = _read(_table_path("documents"), "documents").iloc[:0]  # reading no row reads nothing
    return pd.concat(found or [none], ignore_index=True).set_index("doc_id")


def institutions() -> list[str]:
    """Every institution the documents are about, sorted."""
    return sorted(set(rows("documents", columns=["institution"]).institution))


def institutions_label(names: Iterable[str]) -> str:
    """How titles name a set of institutions: 'CNRS', 'CNRS and IRD', '5 institutions'."""
    unique = sorted(set(names))
    if len(unique) <= FEW_NAMED:
        return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " and " + unique[-1]
    return f"{len(unique)} institutions"


def facts(table: str, institution: str = "", **where: str) -> pd.DataFrame:
    """A processed table's rows about one institution, or about all when ``institution`` is
    empty; only those whose columns equal ``where`` when given."""
    if institution:
        if institution not in institutions():
            raise UserError(
                f"unknown institution {institution!r}; institutions: {', '.join(institutions())}"
            )
        where = {**where, "institution": institution}
    return rows(table, **where) if where else load(table)


def countries() -> pd.DataFrame:
    """The country reference table, indexed by ISO3."""
    return load("countries").set_index("country_iso3")


def country_name(iso3: str) -> str:
    """Short display name of a country: 'South Korea', 'Laos', 'Taiwan'."""
    table = countries()
    if iso3 not in table.index:
        raise UserError(f"unknown country code {iso3!r}")
    return str(table.loc[iso3, "name"])


def country_facts(iso3: str, institution: str = "") -> dict[str, pd.DataFrame]:
    """Every processed row about one country (of one institution, or of all), table by
    table (empty tables left out).

    >>> sorted(country_facts("SGP"))
    ['agreements', 'events', 'joint_labs', 'partner_countries', 'phd_students']
    """
    found = {}
    for table in FACT_TABLES:
        about = facts(table, institution, country_iso3=iso3)
        if len(about):
            found[table] = about
    return found


def quotes(frame: pd.DataFrame) -> pd.DataFrame:
    """The distinct quotes behind some rows, in document order: doc_id, quote, start, end.

    >>> quotes(load("phd_students")).quote.iloc[0]
    '161 from Vietnam'
    """
    columns = ["doc_id", "quote", "start", "end"]
    return frame[columns].drop_duplicates().sort_values(["doc_id", "start"], ignore_index=True)


def passage(doc_id: str, start: int, end: int) -> str:
    """Characters ``start`` to ``end`` of a document in ``data/raw/documents/``, read as
    extraction reads it, so the offsets of its rows point at their quotes. A report depends
    on these characters only: a sentence added elsewhere in the document leaves it alone."""
    path = paths.DOCUMENTS / f"{doc_id}.txt"
    _FILES_READ.add(stamps.passage(path, start, end))
    return read_document(path)[start:end]


@cache
def read_document(path: Path) -> str:
    """A document's text, read once per process (``read_document.cache_clear()`` forgets)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read document ({error.strerror})") from None
    return document_file.text(raw, path)


def countries_in_data() -> list[tuple[str, str]]:
    """(ISO3, display name) of every country any fact table mentions, sorted by name."""
    codes = set()
    for table in FACT_TABLES:
        codes |= set(load(table).country_iso3) - {""}
    return sorted(((code, country_name(code)) for code in codes), key=lambda pair: pair[1])


def region(name: str) -> reference.Region:
    """A region of ``data/reference/regions.csv`` by its name, in any case ('asean')."""
    found = {known.lower(): value for known, value in reference.regions().items()}
    if str(name).lower() not in found:
        raise UserError(f"unknown region {name!r}; regions: {', '.join(reference.regions())}")
    return found[str(name).lower()]


def region_members(name: str) -> list[str]:
    """ISO3 codes of a region's countries: 'ASEAN' (members), 'Asia' (the continent)."""
    return list(region(name).members)


def _shown(value: object) -> str:
    """A choice as a message shows it: text quoted ('' for all), numbers as written."""
    return repr(value) if isinstance(value, str) else str(value)


def parameter_domains() -> dict[str, Callable[[object], None]]:
    """Checks for notebook parameters, run before any kernel starts (see analysis.reports)."""
    in_data = dict(countries_in_data())
    event_years = load("events").year
    phd_years = sorted(set(load("phd_students").year))

    def country(value: object) -> None:
        if value not in in_data:
            raise ValueError(
                f"{value!r} is not a country in the data; choose from {', '.join(sorted(in_data))}"
            )

    def optional_country(value: object) -> None:
        if value != "":
            country(value)

    def country_list(value: object) -> None:
        for code in value:  # type: ignore[attr-defined]
            country(code)

    def one_of(allowed: list) -> Callable[[object], None]:
        def check(value: object) -> None:
            if value not in allowed:
                raise ValueError(f"choose from {', '.join(map(_shown, allowed))}")

        return check

    def year_between(low: int, high: int) -> Callable[[object], None]:
        def check(value: object) -> None:
            if not low <= value <= high:  # type: ignore[operator]
                raise ValueError(f"outside the data; choose from {low} to {high}")

        return check

    def known_region(value: object) -> None:
        try:
            region(str(value))
        except UserError:
            raise ValueError(f"choose from {', '.join(reference.regions())}") from None

    def positive(value: object) -> None:
        if value < 1:  # type: ignore[operator]
            raise ValueError("choose 1 or more")

    first, last = int(event_years.min()), int(event_years.max())
    return {
        "country": country,
        "highlight": optional_country,
        "countries": country_list,
        "region": known_region,
        "year": one_of(phd_years),
        "institution": one_of(["", *institutions()]),
        "lane_by": one_of(list(LANES)),
        "start_year": year_between(1900, last),
        "end_year": year_between(first, 2100),
        "top_n": positive,
    }
