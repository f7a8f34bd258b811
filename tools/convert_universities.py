"""One-off conversion of a world list of universities into the map of Asian universities'
countries that extraction reads (``data/reference/universities.csv``).

Why this exists: a partner is often a university the text places nowhere ('an agreement
with Tsinghua University'), and the hand-kept ``institutions.csv`` cannot list every
university an unseen document names. Hipo's ``university-domains-list`` (MIT licence) lists
about 10 000 universities with their country. It is converted once, here, and committed, so
the build needs no network; this script is NOT run at build time::

    git clone https://github.com/Hipo/university-domains-list hipo
    .venv/bin/python tools/convert_universities.py hipo/world_universities_and_domains.json

Kept: universities in Asian countries (GeoNames continent ``AS``), where the documents'
partners are. A name listed under two countries places neither, so it is left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pycountry

from analysis import atomic, reference

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "data" / "reference" / "universities.csv"


def asian_universities(records: list[dict]) -> pd.DataFrame:
    """Name and ISO3 country of every university of an Asian country, named once."""
    continents = {iso3: c.continent for iso3, c in reference.countries().items()}
    rows = []
    for record in records:
        country = pycountry.countries.get(alpha_2=record["alpha_two_code"])
        if country and continents.get(country.alpha_3) == "AS":
            rows.append({"name": " ".join(record["name"].split()), "country_iso3": country.alpha_3})
    table = pd.DataFrame(rows).drop_duplicates()
    placed_once = table.groupby(table.name.str.lower()).country_iso3.transform("nunique") == 1
    return table[placed_once].sort_values(["country_iso3", "name"], ignore_index=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="world_universities_and_domains.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    table = asian_universities(json.loads(args.source.read_text(encoding="utf-8")))
    atomic.write_csv(args.out, table)
    print(f"{args.out}: {len(table)} universities in {table.country_iso3.nunique()} countries")


if __name__ == "__main__":
    sys.exit(main())
