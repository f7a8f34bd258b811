"""activities: summer schools, training courses and similar, by country and field.

Primary key: doc_id, country_iso3, activity.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.clean import harmonise
from analysis.clean.common import (
    finish,
    iso3_column,
    normalise_fields,
    read_raw,
    schema,
)

TABLE = "activities"
RAW_COLUMNS = ["country", "activity", "fields"]
SCHEMA = schema(
    TABLE,
    {
        "country_iso3": iso3_column(),
        "activity": pa.Column(
            str, pa.Check.str_length(min_value=3), description="Kind of activity, lower case"
        ),
        "fields": pa.Column(str, description="Fields of science, lower case, '; '-separated"),
    },
    key=["doc_id", "country_iso3", "activity"],
)


def clean_activities(raw: pd.DataFrame) -> pd.DataFrame:
    """Countries to ISO3; activity in lower case; fields split and normalised."""
    frame = pd.DataFrame(
        {
            "country_iso3": harmonise.country_iso3(raw["country"], TABLE),
            "activity": raw["activity"].str.lower().str.split().str.join(" "),
            "fields": raw["fields"].map(normalise_fields),
        }
    )
    return finish(frame, raw, SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_activities(read_raw(raw_dir, TABLE, RAW_COLUMNS))
