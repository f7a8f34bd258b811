"""partner_countries: how strong the tie with each country is, and what the document
says that rests on.

Primary key: doc_id, scope, country_iso3. ``scope`` is the region the statement is about
(a country can be a main partner in Asia and a strong one among ASEAN members).
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.clean import harmonise
from analysis.clean.common import iso3_column, read_raw, schema, validate, with_provenance
from analysis.errors import UserError

TABLE = "partner_countries"
# Document wording -> tier, strongest first; the order ranks partners in charts.
TIERS = {
    "main": ("main", "major", "principal", "key", "leading", "privileged", "closest"),
    "significant": ("significant", "important", "close"),
    "strong": ("strong",),
    "lesser": ("lesser", "minor", "smaller", "limited"),
}
TIER_OF_WORD = {word: tier for tier, words in TIERS.items() for word in words}
RAW_COLUMNS = ["scope", "country", "tier", "basis"]
SCHEMA = schema(
    TABLE,
    {
        "country_iso3": iso3_column(),
        "tier": pa.Column(str, pa.Check.isin(list(TIERS)), description="Strength of the tie"),
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
    """Countries to ISO3, tier words to the tier vocabulary."""
    words = raw["tier"].str.lower().str.strip()
    unknown = sorted(set(words) - set(TIER_OF_WORD))
    if unknown:
        raise UserError(f"{TABLE}: unknown tier word(s) {', '.join(unknown)}")
    frame = pd.DataFrame(
        {
            "country_iso3": harmonise.country_iso3(raw["country"], TABLE),
            "tier": words.map(TIER_OF_WORD),
            "basis": raw["basis"].str.strip(),
            "scope": raw["scope"].str.strip(),
        }
    )
    return validate(with_provenance(frame, raw, TABLE), SCHEMA)


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw table and clean it."""
    return clean_partner_countries(read_raw(raw_dir, TABLE, RAW_COLUMNS))
