"""documents: one row per document, saying whose cooperation it describes and how to credit
it. Charts, report titles and the index take institution, title, publisher and date from
here, so no institution is named in code or templates.

Primary key: doc_id.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.clean import harmonise
from analysis.clean.common import finish, read_raw, schema

TABLE = "documents"
RAW_TABLE = "profile"
RAW_COLUMNS = ["name", "acronym", "country", "title", "publisher", "date"]
SCHEMA = schema(
    TABLE,
    {
        "name": pa.Column(str, description="The institution's full name, if known"),
        "acronym": pa.Column(str, description="The institution's acronym, if it has one"),
        "country_iso3": pa.Column(str, description="The institution's country, or empty"),
        "title": pa.Column(str, pa.Check.str_length(min_value=1), description="Document title"),
        "publisher": pa.Column(str, description="Who published the document, or empty"),
        "date": pa.Column(
            str,
            pa.Check.str_matches(r"^(?:\d{4}-\d\d-\d\d)?$"),
            description="The document's own date (YYYY-MM-DD), or empty",
        ),
    },
    key=["doc_id"],
)


def clean_documents(raw: pd.DataFrame) -> pd.DataFrame:
    """The institution's country to ISO3; every other field as the sidecar gives it."""
    frame = raw[["name", "acronym", "title", "publisher", "date"]].fillna("").astype(str)
    frame.insert(2, "country_iso3", harmonise.country_iso3(raw["country"], TABLE))
    return finish(frame.apply(lambda column: column.str.strip()), raw, SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw profile table and clean it."""
    return clean_documents(read_raw(raw_dir, RAW_TABLE, RAW_COLUMNS))
