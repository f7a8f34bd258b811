"""reports.toml: fixed reports, one report per country in the data, and clear errors."""

import sys

import pytest

from analysis import paths
from analysis.errors import UserError
from analysis.reports import catalogue
from analysis.reports.catalogue import Report

COUNTRIES = [("VNM", "Viet Nam"), ("LAO", "Lao People's Democratic Republic")]
INSTITUTIONS = [("IRD", "IRD"), ("KU Leuven", "KU Leuven")]


def load_text(tmp_path, text, countries=lambda: COUNTRIES, institutions=lambda: INSTITUTIONS):
    path = tmp_path / "reports.toml"
    path.write_text(text, encoding="utf-8")
    return catalogue.load(path, countries, institutions)


def test_the_project_list_has_the_default_reports_and_one_profile_per_country():
    reports = {
        report.name: report
        for report in catalogue.load(paths.REPORT_LIST, lambda: COUNTRIES, lambda: INSTITUTIONS)
    }
    defaults = {"overview", "comparison", "partner_countries", "agreement_timeline", "phd_origins"}
    assert defaults <= set(reports)
    assert reports["country_profile_LAO"] == Report(
        "country_profile_LAO",
        "country_profile",
        "Everything the documents say about Lao People's Democratic Republic, institution by "
        "institution",
        {"country": "LAO"},
    )
    assert reports["institution_overview_KU_Leuven"].parameters == {"institution": "KU Leuven"}
    assert all(report.description for report in reports.values())


def test_a_rule_over_institutions_needs_as_many_as_it_asks_for(tmp_path):
    text = """
        [generated.overview]
        notebook = "overview"
        over = "institutions"
        parameter = "institution"
        at_least = 2
        description = "{name} at a glance"
        """
    two = load_text(tmp_path, text, institutions=lambda: INSTITUTIONS)
    assert [(r.name, r.description) for r in two] == [
        ("overview_IRD", "IRD at a glance"),
        ("overview_KU_Leuven", "KU Leuven at a glance"),
    ]
    assert load_text(tmp_path, text, institutions=lambda: INSTITUTIONS[:1]) == []
    with pytest.raises(UserError, match=r"description may use \{name\} only"):
        load_text(tmp_path, text.replace("{name}", "{iso3}"), institutions=lambda: INSTITUTIONS)


def test_generated_reports_follow_the_fixed_ones_and_keep_fixed_parameters(tmp_path):
    reports = load_text(
        tmp_path,
        """
        [generated.profile]
        notebook = "country_profile"
        parameter = "country"
        description = "{name} ({iso3})"
        parameters = { year = 2004 }

        [reports.overview]
        notebook = "overview"
        description = "At a glance"
        """,
    )
    assert [report.name for report in reports] == ["overview", "profile_VNM", "profile_LAO"]
    assert reports[1].description == "Viet Nam (VNM)"
    assert reports[1].parameters == {"year": 2004, "country": "VNM"}


def test_countries_are_not_listed_when_no_rule_needs_them(tmp_path):
    def no_data():
        raise AssertionError("countries() called without a [generated] rule")

    text = '[reports.a]\nnotebook = "a"\ndescription = "A"\n'
    assert [report.name for report in load_text(tmp_path, text, no_data)] == ["a"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[reports.a\n", "not valid TOML"),
        ('[reports.a]\ndescription = "A"\n', "[reports.a]: missing key(s) notebook"),
        ('[reports.a]\nnotebook = "a"\ndescription = "A"\ntitle = "T"\n', "unknown key(s) title"),
        ('[report.a]\nnotebook = "a"\n', "unknown table(s) report"),
        ('[reports.a]\nnotebook = 1\ndescription = "A"\n', "notebook must be a str"),
        ('[reports."a b"]\nnotebook = "a"\ndescription = "A"\n', "only letters, digits"),
        ("reports = 1\n", "reports must be a table"),
        (
            '[generated.p]\nnotebook = "p"\ndescription = "{name}"\n',
            "[generated.p]: missing key(s) parameter",
        ),
        (
            '[generated.p]\nnotebook = "p"\nparameter = "c"\ndescription = "{country}"\n',
            "may use {iso3} and {name} only",
        ),
        (
            '[reports.p_VNM]\nnotebook = "p"\ndescription = "A"\n'
            '[generated.p]\nnotebook = "p"\nparameter = "c"\ndescription = "{name}"\n',
            "two reports are named 'p_VNM'",
        ),
    ],
)
def test_a_bad_list_is_one_line_naming_the_file_and_the_problem(tmp_path, text, problem):
    with pytest.raises(UserError) as caught:
        load_text(tmp_path, text)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'reports.toml'}: ")
    assert problem in message


def test_a_missing_list_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="file not found"):
        catalogue.load(tmp_path / "reports.toml", lambda: COUNTRIES)


def test_without_the_data_layer_generated_reports_fail_clearly(monkeypatch):
    monkeypatch.setitem(sys.modules, "analysis.data", None)  # makes the import fail
    with pytest.raises(UserError, match=r"need analysis\.data\.\w+\(\), which cannot be imported"):
        catalogue.load(paths.REPORT_LIST)


def test_only_selects_by_name_or_pattern_and_rejects_a_pattern_matching_nothing():
    reports = catalogue.load(paths.REPORT_LIST, lambda: COUNTRIES, lambda: INSTITUTIONS)
    chosen = catalogue.select(reports, ["overview", "country_profile_*"])
    assert [r.name for r in chosen] == ["overview", "country_profile_VNM", "country_profile_LAO"]
    with pytest.raises(UserError, match="no report matches 'overveiw'"):
        catalogue.select(reports, ["overveiw"])
