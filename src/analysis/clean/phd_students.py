"""phd_students: PhD students hosted by the institution's laboratories, by country of origin.

Primary key: doc_id, country_iso3, year, students: one document may give several counts for
one country and year (students working on a doctorate, those who finished, the new intake);
a count stated twice is one fact.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.clean import harmonise
from analysis.clean.common import (
    finish,
    iso3_column,
    parse_years,
    read_raw,
    schema,
    year_column,
)
from analysis.clean.numbers import Quantity, parse_quantity, qualifiers
from analysis.errors import UserError

TABLE = "phd_students"
RAW_COLUMNS = ["country", "year", "students"]
SCHEMA = schema(
    TABLE,
    {
        "country_iso3": iso3_column(),
        "year": year_column("Year the students were counted"),
        "students": pa.Column("int64", pa.Check.ge(0), description="Number of PhD students"),
        "qualifier": pa.Column(
            str,
            pa.Check.isin(["exact", *qualifiers()]),
            description="How the count is stated: exact, approx, at_least or at_most",
        ),
    },
    key=["doc_id", "country_iso3", "year", "students"],
)


def clean_phd_students(raw: pd.DataFrame) -> pd.DataFrame:
    """Countries to ISO3, counts ('1 200', 'about 60', 'forty-five') to integers."""
    counts = [_count(value, row) for row, value in enumerate(raw["students"], 1)]
    frame = pd.DataFrame(
        {
            "country_iso3": harmonise.country_iso3(raw["country"], TABLE),
            "year": parse_years(raw["year"], TABLE, "year"),
            "students": [int(q.value) for q in counts],
            "qualifier": [q.qualifier for q in counts],
        }
    )
    return finish(frame, raw, SCHEMA)


def _count(value: str, row: int) -> Quantity:
    try:
        quantity = parse_quantity(value)
    except ValueError:
        quantity = None
    if quantity is None or quantity.qualifier == "range" or quantity.value != int(quantity.value):
        raise UserError(f"{TABLE}: row {row}, column students: {value!r} is not a count")
    return quantity


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_phd_students(read_raw(raw_dir, TABLE, RAW_COLUMNS))
