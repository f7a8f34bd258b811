"""key_figures: the document's own institution's size, output and budget, as numbers with
bounds.

Primary key: doc_id, metric, start, end. Units: 'percent', 'count', 'count per year', or a
currency code ('EUR', optionally 'EUR per year').
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import vocabulary
from analysis.clean.common import finish, read_raw, schema
from analysis.clean.numbers import Quantity, parse_quantity, qualifiers
from analysis.errors import UserError

TABLE = "key_figures"
RAW_COLUMNS = ["metric", "value", "unit"]


def units() -> list[str]:
    """Every unit a key figure may have; currencies come from the vocabulary."""
    currencies = vocabulary.currency_codes()
    return [
        "percent",
        "count",
        "count per year",
        *currencies,
        *(f"{code} per year" for code in currencies),
    ]


SCHEMA = schema(
    TABLE,
    {
        "metric": pa.Column(
            str,
            pa.Check.str_matches(r"^[a-z][a-z0-9 '’&-]*$"),
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
            pa.Check.isin(["exact", "range", *qualifiers()]),
            description="exact, approx, at_least, at_most or range",
        ),
        "unit": pa.Column(
            str,
            pa.Check.isin(units()),
            description="percent, count, count per year, or a currency (per year)",
        ),
    },
    key=["doc_id", "metric", "start", "end"],
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
    return finish(frame, raw, SCHEMA)


def _parse(value: str, row: int) -> Quantity:
    try:
        return parse_quantity(value)
    except ValueError:
        raise UserError(f"{TABLE}: row {row}, column value: cannot read {value!r}") from None


def _unit(raw_unit: str) -> str:
    """'%' -> percent; '' -> count; 'per year' -> count per year; 'EUR' stays."""
    unit = raw_unit.strip()
    if unit == "%":
        return "percent"
    if unit in ("", "per year"):
        return f"count {unit}".strip()
    return unit


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_key_figures(read_raw(raw_dir, TABLE, RAW_COLUMNS))
