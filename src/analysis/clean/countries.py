"""countries: the reference table of every ISO 3166-1 country: short display name, official
name, GeoNames continent, and ASEAN membership with the year each member joined.

Primary key: country_iso3. Built from reference data, not from documents.
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import reference
from analysis.clean.common import validate

TABLE = "countries"
SCHEMA = pa.DataFrameSchema(
    {
        "country_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), unique=True),
        "name": pa.Column(str, pa.Check.str_length(min_value=2), description="Short name"),
        "official_name": pa.Column(str, description="ISO 3166-1 name"),
        "continent": pa.Column(str, pa.Check.isin(list(reference.CONTINENTS.values()))),
        "asean_member": pa.Column(bool, description="Member of ASEAN today"),
        "asean_joined": pa.Column("Int64", pa.Check.in_range(1967, 2100), nullable=True),
    },
    name=TABLE,
    strict=True,
    ordered=True,
)


def clean_countries() -> pd.DataFrame:
    """One row per ISO country, sorted by code."""
    asean = reference.region_members().query("region == 'ASEAN'")
    joined = dict(zip(asean.country_iso3, asean.joined, strict=True))
    rows = [
        {
            "country_iso3": c.iso3,
            "name": c.display_name,
            "official_name": c.official_name,
            "continent": reference.CONTINENTS[c.continent],
            "asean_member": c.iso3 in joined,
            "asean_joined": joined.get(c.iso3),
        }
        for c in sorted(reference.countries().values(), key=lambda c: c.iso3)
    ]
    frame = pd.DataFrame(rows).astype({"asean_joined": "Int64"})
    return validate(frame, SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The reference table does not depend on extracted data."""
    return clean_countries()
