"""clean_countries: the country reference table from ISO 3166-1, GeoNames and the maps in
data/reference/; a bad membership map is named, not guessed around."""

import pytest
from cleaning_rows import assert_table, values

from analysis import reference
from analysis.clean.countries import SCHEMA, clean_countries
from analysis.errors import UserError


@pytest.fixture(scope="module")
def cleaned():
    return clean_countries()


def test_short_and_official_names_continents_and_asean_membership(cleaned):
    picked = cleaned[cleaned.country_iso3.isin(["FRA", "KOR", "LAO", "PRK", "TLS", "VNM"])]
    assert values(picked, *SCHEMA.columns) == [
        ("FRA", "France", "France", "Europe", False, None),
        ("KOR", "South Korea", "Korea, Republic of", "Asia", False, None),
        ("LAO", "Laos", "Lao People's Democratic Republic", "Asia", True, 1997),
        ("PRK", "North Korea", "Korea, Democratic People's Republic of", "Asia", False, None),
        ("TLS", "Timor-Leste", "Timor-Leste", "Oceania", True, 2025),
        ("VNM", "Vietnam", "Viet Nam", "Asia", True, 1995),
    ]
    assert_table(cleaned, SCHEMA)


def test_one_row_per_iso_country_sorted_by_code(cleaned):
    assert len(cleaned) == 249
    assert cleaned.country_iso3.is_unique and cleaned.country_iso3.is_monotonic_increasing


@pytest.fixture
def region_members_map(tmp_path, monkeypatch):
    """A copy of region_members.csv in tmp_path that a test may spoil; the loader's cache
    is cleared before and after, so no other test sees it."""
    path = tmp_path / "region_members.csv"
    path.write_text(reference.REGION_MEMBERS.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(reference, "REGION_MEMBERS", path)
    reference.region_members.cache_clear()
    yield path
    reference.region_members.cache_clear()


def test_an_unknown_code_in_the_membership_map_names_the_file(region_members_map):
    with region_members_map.open("a", encoding="utf-8") as members:
        members.write("ASEAN,VTN,1995\n")
    with pytest.raises(UserError) as error:
        clean_countries()
    assert str(error.value) == f"{region_members_map}: 'VTN' is not an ISO 3166-1 alpha-3 code"


def test_an_impossible_accession_year_is_one_clear_error(region_members_map):
    text = region_members_map.read_text(encoding="utf-8")
    region_members_map.write_text(text.replace("ASEAN,BRN,1984", "ASEAN,BRN,1948"))
    with pytest.raises(
        UserError, match=r"^countries: row \d+, column asean_joined: bad value 1948"
    ):
        clean_countries()
