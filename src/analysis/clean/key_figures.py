"""key_figures: the profiled institution's size and output, as numbers with bounds.

Primary key: doc_id, metric. Units: 'percent', 'count' or 'count per year'.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.clean.common import read_raw, schema, validate, with_provenance
from analysis.clean.numbers import QUALIFIERS, Quantity, parse_quantity
from analysis.errors import UserError

TABLE = "key_figures"
RAW_COLUMNS = ["metric", "value", "unit"]
SCHEMA = schema(
    TABLE,
    {
        "metric": pa.Column(
            str,
            pa.Check.str_matches(r"^[a-z][a-z -]*$"),
            description="What is counted, in lower case, as the document says",
        ),
        "value": pa.Column(
            float, pa.Check.ge(0), nullable=True, description="Number stated (empty for a range)"
        ),
        "value_min": pa.Column(
            float, pa.Check.ge(0), nullable=True, description="Lowest value the statement allows"
        ),
        "value_max": pa.Column(
            float, pa.Check.ge(0), nullable=True, description="Highest value the statement allows"
        ),
        "qualifier": pa.Column(
            str,
            pa.Check.isin(["exact", "range", *QUALIFIERS]),
            description="exact, approx, at_least, at_most or range",
        ),
        "unit": pa.Column(
            str,
            pa.Check.isin(["percent", "count", "count per year"]),
            description="percent, count, or count per year",
        ),
    },
    key=["doc_id", "metric"],
)


def clean_key_figures(raw: pd.DataFrame) -> pd.DataFrame:
    """Parse each stated value into value/min/max/qualifier and name its unit."""
    quantities = [_parse(value, row) for row, value in enumerate(raw["value"], start=1)]
    frame = pd.DataFrame(
        {
            "metric": raw["metric"].str.lower().str.strip(),
            "value": [q.value for q in quantities],
            "value_min": [q.value_min for q in quantities],
            "value_max": [q.value_max for q in quantities],
            "qualifier": [q.qualifier for q in quantities],
            "unit": raw["unit"].map(_unit),
        }
    )
    return validate(with_provenance(frame, raw, TABLE), SCHEMA)


def _parse(value: str, row: int) -> Quantity:
    try:
        return parse_quantity(value)
    except ValueError:
        raise UserError(f"{TABLE}: row {row}, column value: cannot read {value!r}") from None


def _unit(raw_unit: str) -> str:
    if raw_unit.strip() == "%":
        return "percent"
    return "count per year" if raw_unit.strip() else "count"


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_key_figures(read_raw(raw_dir, TABLE, RAW_COLUMNS))
