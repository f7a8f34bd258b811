"""events: the timeline. Offices and networks from the raw events table, plus one event
per agreement signed or renewed, taken from the cleaned agreements.

Primary key: doc_id, event_type, year, label. country_iso3 is empty for region-wide
events (a network between France and the ASEAN countries).
"""

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import reference
from analysis.clean import harmonise
from analysis.clean.common import (
    PROVENANCE,
    merge_and_validate,
    parse_years,
    read_raw,
    schema,
    with_provenance,
    year_column,
)
from analysis.errors import UserError

TABLE = "events"
EVENT_TYPES = ["agreement_signed", "agreement_renewed", "office_opened", "network_joined"]
RAW_COLUMNS = ["event_type", "year", "place", "country", "region", "label"]
SCHEMA = schema(
    TABLE,
    {
        "year": year_column("Year of the event"),
        "country_iso3": pa.Column(
            str,
            pa.Check.isin(["", *sorted(reference.countries())]),
            description="Country of the event; empty when region-wide",
        ),
        "event_type": pa.Column(str, pa.Check.isin(EVENT_TYPES), description="Kind of event"),
        "label": pa.Column(str, pa.Check.str_length(min_value=3), description="Label for charts"),
    },
    key=["doc_id", "event_type", "year", "label"],
)


def clean_events(raw: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """Raw offices/networks, then agreement events; sorted by year."""
    unknown = sorted(set(raw["event_type"]) - set(EVENT_TYPES))
    if unknown:
        raise UserError(f"{TABLE}: unknown event_type(s) {', '.join(unknown)}")
    milestones = pd.DataFrame(
        {
            "year": parse_years(raw["year"], TABLE, "year"),
            "country_iso3": _event_countries(raw),
            "event_type": raw["event_type"],
            "label": raw["label"].map(_sentence_case),
        }
    )
    # Checked alone first, so an error names the row of the raw events table.
    milestones = merge_and_validate(with_provenance(milestones, raw, TABLE), SCHEMA)
    frame = pd.concat([milestones, agreement_events(agreements)])
    frame = frame.sort_values(["year", "event_type", "label"], ignore_index=True)
    timeline = merge_and_validate(frame, SCHEMA)
    timeline.attrs["merged"] = milestones.attrs["merged"] + timeline.attrs["merged"]
    return timeline


def _event_countries(raw: pd.DataFrame) -> pd.Series:
    """The country named, else the country of the city named, else empty (region-wide)."""
    named = harmonise.country_iso3(raw["country"], TABLE)
    cities = reference.city_countries()
    unknown = sorted(set(p for p in raw["place"] if p and p.lower() not in cities))
    if unknown:
        raise UserError(f"{TABLE}: unknown place(s) {', '.join(unknown)}")
    return named.where(named != "", raw["place"].map(lambda place: cities.get(place.lower(), "")))


def agreement_events(agreements: pd.DataFrame) -> pd.DataFrame:
    """One 'agreement_signed' or 'agreement_renewed' event per agreement row."""
    partner = agreements.partner.where(
        agreements.partner_acronym == "",
        agreements.partner + " (" + agreements.partner_acronym + ")",
    )
    frame = pd.DataFrame(
        {
            "year": agreements.year,
            "country_iso3": agreements.country_iso3,
            "event_type": "agreement_" + agreements.action,
            "label": "Agreement " + agreements.action + " with " + partner,
            **{column: agreements[column] for column in PROVENANCE},
        },
        columns=["year", "country_iso3", "event_type", "label", *PROVENANCE],
    )
    return frame.astype({"year": "Int64", "start": "int64", "end": "int64"})


def _sentence_case(label: str) -> str:
    return label[:1].upper() + label[1:]


def build(raw_dir: Path, cleaned: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Read the raw events and combine them with the cleaned agreements."""
    return clean_events(read_raw(raw_dir, TABLE, RAW_COLUMNS), cleaned["agreements"])
