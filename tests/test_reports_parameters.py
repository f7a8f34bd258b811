"""Parameter checks happen before any kernel starts and fail with one line that says why."""

import sys

import pytest

from analysis.errors import UserError
from analysis.reports import parameters, run_one


@pytest.fixture(scope="module")
def notebook(fixture_notebooks):
    return fixture_notebooks / "params.ipynb"


def one_line_error(notebook, given, domains=None) -> str:
    with pytest.raises(UserError) as caught:
        parameters.check(notebook, given, domains or {})
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_kinds_come_from_annotations_or_default_literals(notebook):
    assert parameters.declared(notebook) == {
        "country": "str",
        "year": "int",
        "share": "float",
        "verbose": "bool",
        "regions": "list[str]",
        "countries": "list[str]",
    }


def test_command_line_text_is_parsed_into_the_declared_types(notebook):
    given = {
        "country": "THA",
        "year": "2010",
        "share": "1",
        "verbose": "yes",
        "regions": "asean, europe",
        "countries": '["VNM", "LAO"]',
    }
    assert parameters.check(notebook, given, {}) == {
        "country": "THA",
        "year": 2010,
        "share": 1.0,
        "verbose": True,
        "regions": ["asean", "europe"],
        "countries": ["VNM", "LAO"],
    }


def test_typed_values_from_reports_toml_are_checked_not_parsed(notebook):
    given = {"year": 2010, "share": 2, "verbose": False, "countries": ["VNM"]}
    assert parameters.check(notebook, given, {}) == {
        "year": 2010,
        "share": 2.0,
        "verbose": False,
        "countries": ["VNM"],
    }


def test_an_unknown_name_lists_the_declared_ones(notebook):
    message = one_line_error(notebook, {"contry": "VNM"})
    assert "'contry'" in message
    assert "allowed: country, year, share, verbose, regions, countries" in message


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("year", "20x", "whole number"),
        ("year", 2.5, "whole number"),
        ("share", "half", "a number"),
        ("verbose", "maybe", "true or false"),
        ("countries", "[1, 2]", "JSON list"),
        ("country", 704, "text"),
    ],
)
def test_a_wrong_type_names_parameter_value_and_what_is_expected(notebook, name, value, expected):
    message = one_line_error(notebook, {name: value})
    assert f"{name!r} = {value!r}" in message
    assert expected in message


def test_a_domain_hook_rejection_names_parameter_value_and_what_is_allowed(notebook):
    def known_country(code):
        if code not in {"VNM", "THA"}:
            raise ValueError("known countries are\nTHA, VNM")

    domains = {"country": known_country}
    message = one_line_error(notebook, {"country": "XYZ"}, domains)
    assert message == (
        "params.ipynb: parameter 'country' = 'XYZ' is not allowed: known countries are THA, VNM"
    )
    assert parameters.check(notebook, {"country": "VNM"}, domains) == {"country": "VNM"}


def test_a_domain_hook_sees_the_converted_value(notebook):
    seen = []
    parameters.check(notebook, {"year": "2004"}, {"year": seen.append})
    assert seen == [2004]


def test_without_the_data_layer_the_default_hooks_fail_clearly(monkeypatch):
    monkeypatch.setitem(sys.modules, "analysis.data", None)  # makes the import fail
    with pytest.raises(UserError, match=r"analysis\.data\.parameter_domains"):
        parameters.default_domains()


def test_run_one_rejects_bad_parameters_before_writing_anything(fixture_notebooks, tmp_path):
    with pytest.raises(UserError, match="'nope'"):
        run_one("params", {"nope": "1"}, tmp_path, domains={}, notebooks_dir=fixture_notebooks)
    assert list(tmp_path.iterdir()) == []
