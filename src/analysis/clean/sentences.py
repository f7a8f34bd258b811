"""sentences: every sentence of every document, as a span, so a report can show a quote
inside its sentence without loading a language pipeline.

Primary key: doc_id, start.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import document_file
from analysis.clean.common import read_raw, validate

TABLE = "sentences"
SCHEMA = pa.DataFrameSchema(
    {
        "doc_id": pa.Column(
            str, pa.Check.str_matches(rf"^{document_file.DOC_ID.pattern}$"), description="Document"
        ),
        "sentence": pa.Column(str, pa.Check.str_length(min_value=1), description="Its text"),
        "start": pa.Column(
            "int64", pa.Check.ge(0), description="Sentence start (character offset)"
        ),
        "end": pa.Column("int64", pa.Check.ge(1), description="Sentence end (character offset)"),
    },
    name=TABLE,
    strict=True,
    ordered=True,
    unique=["doc_id", "start"],
    checks=pa.Check(lambda df: df["start"] < df["end"], error="start < end"),
)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The raw sentence spans, typed and validated."""
    return validate(read_raw(raw_dir, TABLE, ["doc_id", "sentence"], provenance=False), SCHEMA)
