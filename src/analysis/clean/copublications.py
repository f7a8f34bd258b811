"""copublications: the share of a country's publications co-written with the institution,
and the range of that country's international publications per year.

Primary key: doc_id, country_iso3.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.clean import harmonise
from analysis.clean.common import finish, iso3_column, read_raw, schema
from analysis.clean.numbers import Quantity, parse_quantity, qualifiers
from analysis.errors import UserError

TABLE = "copublications"
RAW_COLUMNS = ["country", "share", "intl_pubs"]
SCHEMA = schema(
    TABLE,
    {
        "country_iso3": iso3_column(),
        "share_min_pct": pa.Column(
            float,
            pa.Check.in_range(0, 100),
            nullable=True,
            description="Lowest co-publication share the text allows (%)",
        ),
        "share_qualifier": pa.Column(
            str,
            pa.Check.isin(["exact", "range", *qualifiers()]),
            description="How the share is stated",
        ),
        "intl_pubs_min": pa.Column(
            float,
            pa.Check.ge(0),
            nullable=True,
            description="Fewest international publications per year",
        ),
        "intl_pubs_max": pa.Column(
            float,
            pa.Check.ge(0),
            nullable=True,
            description="Most international publications per year",
        ),
    },
    key=["doc_id", "country_iso3"],
)


def clean_copublications(raw: pd.DataFrame) -> pd.DataFrame:
    """'more than 6%' -> share_min_pct 6; 'between 20 and 400' -> 20..400."""
    shares = [_quantity(v, row, "share") for row, v in enumerate(raw["share"], 1)]
    volumes = [_quantity(v, row, "intl_pubs") for row, v in enumerate(raw["intl_pubs"], 1)]
    frame = pd.DataFrame(
        {
            "country_iso3": harmonise.country_iso3(raw["country"], TABLE),
            "share_min_pct": [q.value_min if q.qualifier != "approx" else q.value for q in shares],
            "share_qualifier": [q.qualifier for q in shares],
            "intl_pubs_min": [q.value_min for q in volumes],
            "intl_pubs_max": [q.value_max for q in volumes],
        }
    )
    return finish(frame, raw, SCHEMA)


def _quantity(value: str, row: int, column: str) -> Quantity:
    if not value.strip():
        return Quantity(float("nan"), float("nan"), float("nan"), "exact")
    try:
        return parse_quantity(value)
    except ValueError:
        raise UserError(f"{TABLE}: row {row}, column {column}: cannot read {value!r}") from None


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_copublications(read_raw(raw_dir, TABLE, RAW_COLUMNS))
