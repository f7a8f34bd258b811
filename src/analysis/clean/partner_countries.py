"""partner_countries: how strong the tie with each country is, and what the document
says that rests on.

Primary key: doc_id, scope, country_iso3. ``scope`` is the region the statement is about
(a country can be a main partner in Asia and a strong one among ASEAN members).
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import vocabulary
from analysis.clean import harmonise
from analysis.clean.common import finish, iso3_column, read_raw, schema
from analysis.errors import UserError

TABLE = "partner_countries"
# Tiers, strongest first (the vocabulary's order); the order ranks partners in charts.
TIERS = list(vocabulary.entries("tier"))
RAW_COLUMNS = ["scope", "country", "tier", "basis"]
SCHEMA = schema(
    TABLE,
    {
        "country_iso3": iso3_column(),
        "tier": pa.Column(str, pa.Check.isin(TIERS), description="Strength of the tie"),
        "basis": pa.Column(
            str,
            pa.Check.str_length(min_value=1),
            description="What the document says the tier rests on",
        ),
        "scope": pa.Column(str, description="Region the statement is about (may be empty)"),
    },
    key=["doc_id", "scope", "country_iso3"],
)


def clean_partner_countries(raw: pd.DataFrame) -> pd.DataFrame:
    """Countries to ISO3; tiers (canonical, or a tier word) to the tier vocabulary."""
    words = raw["tier"].str.lower().str.strip()
    tier_of = {**vocabulary.canonical_of("tier"), **{tier: tier for tier in TIERS}}
    unknown = sorted(set(words) - set(tier_of))
    if unknown:
        raise UserError(
            f"{TABLE}: unknown tier(s) {', '.join(unknown)}; tiers are in {vocabulary.VOCABULARY}"
        )
    frame = pd.DataFrame(
        {
            "country_iso3": harmonise.country_iso3(raw["country"], TABLE),
            "tier": words.map(tier_of),
            "basis": raw["basis"].str.strip(),
            "scope": raw["scope"].str.strip(),
        }
    )
    return finish(frame, raw, SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_partner_countries(read_raw(raw_dir, TABLE, RAW_COLUMNS))
