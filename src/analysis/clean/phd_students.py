"""phd_students: PhD students hosted by the institution's laboratories, by country of origin.

Primary key: doc_id, country_iso3, year.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.clean import harmonise
from analysis.clean.common import (
    iso3_column,
    parse_years,
    read_raw,
    schema,
    validate,
    with_provenance,
    year_column,
)
from analysis.clean.numbers import parse_number
from analysis.errors import UserError

TABLE = "phd_students"
RAW_COLUMNS = ["country", "year", "students"]
SCHEMA = schema(
    TABLE,
    {
        "country_iso3": iso3_column(),
        "year": year_column("Year the students were counted"),
        "students": pa.Column("int64", pa.Check.ge(0), description="Number of PhD students"),
    },
    key=["doc_id", "country_iso3", "year"],
)


def clean_phd_students(raw: pd.DataFrame) -> pd.DataFrame:
    """Countries to ISO3, counts ('1 200') to integers."""
    frame = pd.DataFrame(
        {
            "country_iso3": harmonise.country_iso3(raw["country"], TABLE),
            "year": parse_years(raw["year"], TABLE, "year"),
            "students": [_count(value, row) for row, value in enumerate(raw["students"], 1)],
        }
    )
    return validate(with_provenance(frame, raw, TABLE), SCHEMA)


def _count(value: str, row: int) -> int:
    try:
        number = parse_number(value)
    except ValueError:
        number = -1.0
    if number < 0 or number != int(number):
        raise UserError(f"{TABLE}: row {row}, column students: {value!r} is not a count")
    return int(number)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_phd_students(read_raw(raw_dir, TABLE, RAW_COLUMNS))
