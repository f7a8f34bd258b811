"""Raw rows for the cleaning tests, as extraction writes them, and checks on what comes out.

Each test module holds a short passage in the style of an institution's profile and the
rows extraction would find in it; ``raw_rows`` adds the provenance columns (the quote's
span is looked up in the passage, so ``quote == text[start:end]`` holds as in real data).
"""

from __future__ import annotations

import math

import pandas as pd
import pandera.pandas as pa

DOC_ID = "asia_profile_2019"


def raw_rows(text: str, rows: list[dict[str, str]], institution: str = "CNRS") -> pd.DataFrame:
    """Rows as ``clean.common.read_raw`` returns them: strings, with ``doc_id``,
    ``institution``, ``origin`` (``rule`` unless a row says ``analyst``), ``quote`` and its
    ``start``/``end`` in ``text`` (first occurrence) as int64."""
    records = []
    for row in rows:
        fields = dict(row)
        quote, origin = fields.pop("quote"), fields.pop("origin", "rule")
        start = text.index(quote)
        records.append(
            {
                **fields,
                "doc_id": DOC_ID,
                "institution": institution,
                "origin": origin,
                "quote": quote,
                "start": str(start),
                "end": str(start + len(quote)),
            }
        )
    return pd.DataFrame(records, dtype=str).astype({"start": "int64", "end": "int64"})


def values(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """The given columns, row by row; missing values (NaN, <NA>) become None."""
    return [
        tuple(None if _missing(value) else value for value in row)
        for row in frame[list(columns)].itertuples(index=False, name=None)
    ]


def _missing(value: object) -> bool:
    return value is pd.NA or (isinstance(value, float) and math.isnan(value))


def assert_table(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> None:
    """The schema's columns in order, each with its dtype (text columns hold strings),
    and the frame validates again as it stands."""
    assert list(frame.columns) == list(schema.columns)
    for name, column in schema.columns.items():
        if str(column.dtype).startswith("str"):
            assert pd.api.types.is_string_dtype(frame[name]), name
        else:
            assert str(frame[name].dtype) == str(column.dtype), name
    schema.validate(frame)


def assert_quotes_from(frame: pd.DataFrame, text: str) -> None:
    """Every cleaned row still points at its exact passage."""
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.quote
