"""agreements: partner institutions under canonical names, with signing and renewal years.

Primary key: doc_id, partner. The country comes from the text, else from the
institution map (a partner named without its country).
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

TABLE = "agreements"
RAW_COLUMNS = ["partner", "country", "year_signed", "years_renewed"]
SCHEMA = schema(
    TABLE,
    {
        "partner": pa.Column(str, description="Canonical name of the partner institution"),
        "partner_acronym": pa.Column(str, description="Its acronym (may be empty)"),
        "country_iso3": iso3_column(),
        "year_signed": year_column("Year the agreement was signed"),
        "years_renewed": pa.Column(
            str,
            pa.Check.str_matches(r"^(\d{4}(;\d{4})*)?$"),
            description="Years of renewal, separated by ';'",
        ),
    },
    key=["doc_id", "partner"],
)


def clean_agreements(raw: pd.DataFrame) -> pd.DataFrame:
    """Harmonise partner names and countries; years become integers."""
    countries = harmonise.country_iso3(raw["country"], TABLE)
    partners = [
        harmonise.institution(name, iso3, TABLE)
        for name, iso3 in zip(raw["partner"], countries, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "partner": [p.canonical for p in partners],
            "partner_acronym": [p.acronym for p in partners],
            "country_iso3": [
                iso3 or p.country_iso3 for iso3, p in zip(countries, partners, strict=True)
            ],
            "year_signed": parse_years(raw["year_signed"], TABLE, "year_signed"),
            "years_renewed": raw["years_renewed"].str.replace(r"\s+", "", regex=True),
        }
    )
    return validate(with_provenance(frame, raw, TABLE), SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_agreements(read_raw(raw_dir, TABLE, RAW_COLUMNS))
