"""agreements: one row per agreement signed or renewed, partner under its canonical name.

Primary key: doc_id, partner, action, year. The country comes from the text, else from the
institution map (a partner named without its country); it stays empty when neither says.
A partner the map does not know is kept as written and listed once by ``clean``.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import reference
from analysis.clean import harmonise
from analysis.clean.common import (
    finish,
    parse_years,
    read_raw,
    schema,
    year_column,
)

TABLE = "agreements"
ACTIONS = ["signed", "renewed"]
RAW_COLUMNS = ["partner", "country", "action", "year"]
SCHEMA = schema(
    TABLE,
    {
        "partner": pa.Column(
            str, pa.Check.str_length(min_value=2), description="Partner institution"
        ),
        "partner_acronym": pa.Column(str, description="Its acronym (may be empty)"),
        "country_iso3": pa.Column(
            str,
            pa.Check.isin(["", *sorted(reference.countries())]),
            description="ISO3 of the partner's country; empty when the text does not say",
        ),
        "action": pa.Column(str, pa.Check.isin(ACTIONS), description="signed or renewed"),
        "year": year_column("Year the agreement was signed or renewed"),
    },
    key=["doc_id", "partner", "action", "year"],
)


def clean_agreements(raw: pd.DataFrame) -> pd.DataFrame:
    """Harmonise partner names and countries; years become integers."""
    countries = harmonise.country_iso3(raw["country"], TABLE)
    partners = [
        harmonise.partner(name, iso3) for name, iso3 in zip(raw["partner"], countries, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "partner": [p.canonical for p in partners],
            "partner_acronym": [p.acronym for p in partners],
            "country_iso3": [
                iso3 or p.country_iso3 for iso3, p in zip(countries, partners, strict=True)
            ],
            "action": raw["action"].str.strip().str.lower(),
            "year": parse_years(raw["year"], TABLE, "year"),
        }
    )
    return finish(frame, raw, SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_agreements(read_raw(raw_dir, TABLE, RAW_COLUMNS))
