"""What every cleaning module shares: reading a raw table, provenance columns, validation."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import document_file, reference
from analysis.clean import harmonise
from analysis.errors import UserError

PROVENANCE = ["doc_id", "institution", "origin", "quote", "start", "end"]
ORIGINS = ["rule", "analyst"]


def provenance_columns() -> dict[str, pa.Column]:
    """Schema columns that tie every row to its document and exact quote."""
    return {
        "doc_id": pa.Column(
            str,
            pa.Check.str_matches(rf"^{document_file.DOC_ID.pattern}$"),
            description="Document the row comes from (file stem)",
        ),
        "institution": pa.Column(
            str,
            pa.Check.str_length(min_value=1),
            description="The document's own institution (its acronym when it has one)",
        ),
        "origin": pa.Column(
            str,
            pa.Check.isin(ORIGINS),
            description="rule (extracted) or analyst (a correction file)",
        ),
        "quote": pa.Column(
            str,
            pa.Check.str_length(min_value=1),
            description="Exact text of the document the row comes from",
        ),
        "start": pa.Column("int64", pa.Check.ge(0), description="Quote start (character offset)"),
        "end": pa.Column("int64", pa.Check.ge(1), description="Quote end (character offset)"),
    }


def schema(name: str, columns: dict[str, pa.Column], key: list[str]) -> pa.DataFrameSchema:
    """A table schema: its own columns, then provenance; strict, ordered, unique on ``key``."""
    return pa.DataFrameSchema(
        {**columns, **provenance_columns()},
        name=name,
        strict=True,
        ordered=True,
        unique=key,
        checks=pa.Check(lambda df: df["start"] < df["end"], error="start < end"),
    )


def read_raw(
    raw_dir: Path, table: str, columns: list[str], provenance: bool = True
) -> pd.DataFrame:
    """A raw extracted table as strings (a fact table with its provenance columns); one
    clear line if it is missing or malformed."""
    columns = [*columns, *PROVENANCE] if provenance else columns
    path = Path(raw_dir) / f"{table}.csv"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise UserError(f"{path}: no such raw table (run `python -m analysis extract`)") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: not a readable CSV table ({error})".splitlines()[0]) from None
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise UserError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in ("start", "end"):
        bad = frame[~frame[column].str.fullmatch(r"\d+")]
        if len(bad):
            raise UserError(
                f"{path}: row {bad.index[0] + 2}, column {column}: "
                f"{bad[column].iloc[0]!r} is not a character offset"
            )
    return frame.astype({"start": "int64", "end": "int64"})


def with_provenance(frame: pd.DataFrame, raw: pd.DataFrame, table: str) -> pd.DataFrame:
    """Carry doc_id, institution, origin, quote and span over from the raw rows."""
    carried = raw[PROVENANCE].copy()
    carried["institution"] = harmonise.institution_label(carried["institution"])
    return pd.concat([frame.reset_index(drop=True), carried.reset_index(drop=True)], axis=1)


def merge_repeats(frame: pd.DataFrame, table_schema: pa.DataFrameSchema) -> pd.DataFrame:
    """A document that states a fact twice (a summary, then the body) gives one row: the
    first statement's. ``attrs['merged']`` keeps the later quotes, for a note. Rows keep
    their index, so a validation error names the row as the raw table numbers it."""
    key = table_schema.unique
    if not key or frame.empty or not set(key) <= set(frame.columns):
        return frame
    repeated = frame.duplicated(subset=key, keep="first")
    merged = frame[repeated]
    kept = frame[~repeated]
    kept.attrs["merged"] = [f"{r.doc_id}: {r.quote!r}" for r in merged.itertuples()]
    return kept


def finish(
    frame: pd.DataFrame, raw: pd.DataFrame, table_schema: pa.DataFrameSchema
) -> pd.DataFrame:
    """A cleaned table with its provenance, repeats merged, validated."""
    return merge_and_validate(with_provenance(frame, raw, table_schema.name), table_schema)


def merge_and_validate(frame: pd.DataFrame, table_schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Repeats merged (``attrs['merged']`` lists them for a note), then validated."""
    merged = merge_repeats(frame, table_schema)
    validated = validate(merged, table_schema).reset_index(drop=True)
    validated.attrs["merged"] = merged.attrs.get("merged", [])
    return validated


def validate(frame: pd.DataFrame, table_schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate, turning pandera's report into one line: table, row, column, bad value."""
    if frame.empty:
        frame = typed_empty(frame, table_schema)
    try:
        return table_schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        first = cases.iloc[0]
        row = "" if pd.isna(first["index"]) else f"row {int(first['index']) + 1}, "
        column = first["column"] if isinstance(first["column"], str) else "(table)"
        more = f" (and {len(cases) - 1} more)" if len(cases) > 1 else ""
        value = first["failure_case"]
        value = value.item() if hasattr(value, "item") else value  # 2099, not np.int64(2099)
        raise UserError(
            f"{table_schema.name}: {row}column {column}: bad value {value!r} "
            f"fails {first['check']}{more}"
        ) from None


def typed_empty(frame: pd.DataFrame, table_schema: pa.DataFrameSchema) -> pd.DataFrame:
    """A table without rows, in its schema's dtypes: with no values to go by, pandas makes
    its columns float or object, and a document with no facts of a kind must still clean."""
    dtypes = {name: column.dtype.type for name, column in table_schema.columns.items()}
    return frame.astype({name: dtype for name, dtype in dtypes.items() if name in frame})


def split_list(text: str) -> list[str]:
    """'A, B and C' -> [A, B, C]: commas first, then the last ' and ' of the final item,
    so 'information and communication science' stays whole."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if items and " and " in items[-1] and len(items) > 1:
        head, _, tail = items[-1].rpartition(" and ")
        items[-1:] = [head, tail]
    return [item.removeprefix("and ").removeprefix("or ").strip() for item in items]


SCIENCE_PREFIXES = r"(nano|bio|geo|micro|astro|neuro|agro|eco)-(?=[a-z])"


def normalise_fields(text: str) -> str:
    """'Chemistry, information and communication science and nano-technology' ->
    'chemistry; information and communication science; nanotechnology'."""
    fields = [
        re.sub(SCIENCE_PREFIXES, r"\1", field.lower()).strip(" .")
        for field in split_list(text.replace("..", ""))
    ]
    return "; ".join(field for field in fields if field)


def iso3_column() -> pa.Column:
    """A required ISO 3166-1 alpha-3 country code."""
    return pa.Column(
        str,
        pa.Check.isin(sorted(reference.countries())),
        description="ISO 3166-1 alpha-3 code of the partner country",
    )


def parse_years(values: pd.Series, table: str, column: str) -> pd.arrays.IntegerArray:
    """Years as written ('2004') -> integers; anything else fails naming its row and value."""
    bad = values[~values.str.strip().str.fullmatch(r"\d{4}")]
    if len(bad):
        raise UserError(
            f"{table}: row {bad.index[0] + 1}, column {column}: {bad.iloc[0]!r} is not a year"
        )
    return pd.array(values.astype("int64"), dtype="Int64")


# Extraction reads a year before 1900 only after 'in' or 'since' ('in 1891'), from 1500 on.
EARLIEST_YEAR = 1500


def year_column(description: str, nullable: bool = False) -> pa.Column:
    """A plausible calendar year for a cooperation fact: none is dated in the future (a
    document's own date, when its sidecar gives one, is checked at extraction)."""
    return pa.Column(
        "Int64",
        pa.Check.in_range(EARLIEST_YEAR, dt.date.today().year),
        nullable=nullable,
        description=description,
    )
