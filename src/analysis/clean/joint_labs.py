"""joint_labs: joint laboratories abroad, by country, with their fields ('; '-separated).

Primary key: doc_id, country_iso3.
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

TABLE = "joint_labs"
RAW_COLUMNS = ["country", "fields"]
SCHEMA = schema(
    TABLE,
    {
        "country_iso3": iso3_column(),
        "fields": pa.Column(str, description="Fields of science, lower case, '; '-separated"),
    },
    key=["doc_id", "country_iso3"],
)


def clean_joint_labs(raw: pd.DataFrame) -> pd.DataFrame:
    """Countries to ISO3; the list of fields split and normalised."""
    frame = pd.DataFrame(
        {
            "country_iso3": harmonise.country_iso3(raw["country"], TABLE),
            "fields": raw["fields"].map(normalise_fields),
        }
    )
    return finish(frame, raw, SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_joint_labs(read_raw(raw_dir, TABLE, RAW_COLUMNS))
