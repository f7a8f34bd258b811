"""Sentences that look like facts but are not: plans, negations, changes, periods.
A row that is not in the text costs more than a fact missed, so these yield no rows, and
their mentions are listed in unexplained.csv with the reason."""

import pytest
from pipeline import TRICKY, extract_text, reasons, rows

from analysis.extract import extract_document


@pytest.fixture(scope="module")
def tables():
    return extract_document(TRICKY)[0]


def test_only_the_plain_facts_become_rows(tables):
    assert rows(tables["phd_students"], "country", "year", "students") == {
        ("Cambodia", "2010", "12"),
        ("Thailand", "2011", "25"),
        ("Malaysia", "2011", "9"),
    }
    # One agreement signed in 2010 with two partners is two facts, not an ambiguity.
    assert rows(tables["agreements"], "partner", "action", "year") == {
        ("University of Tokyo", "signed", "2010"),
        ("Kyoto University", "signed", "2010"),
    }
    # A count of people the institution sent is one of its figures; the growth of
    # co-publications 'between 2005 and 2010' is not.
    assert rows(tables["key_figures"], "metric", "value") == {("French researchers", "Over 300")}
    facts = [name for name in tables if name not in ("profile", "unexplained", "sentences")]
    assert {name for name in facts if len(tables[name])} == {
        "phd_students",
        "agreements",
        "key_figures",
    }


@pytest.mark.parametrize(
    ("mention", "reason"),
    [
        ("2027", "plan, possibility or negation"),
        ("Myanmar", "plan, possibility or negation"),
        ("2026", "plan, possibility or negation"),
        ("12%", "a change over time, not a share"),
        ("40", "PhD count without a single year"),
    ],
)
def test_mentions_without_a_fact_are_listed_with_why(tables, mention, reason):
    assert reasons(tables, mention) == [reason]


def test_all_students_of_whom_some_are_doctoral_are_no_phd_count(tmp_path):
    document = tmp_path / "school_news.txt"
    document.write_text(
        "School news\n\nIn 2007 eighty-five Chinese students were enrolled at the school, "
        "half of them in doctoral programmes.\n",
        encoding="utf-8",
    )
    tables = extract_document(document)[0]
    assert tables["phd_students"].empty
    assert rows(tables["key_figures"], "metric", "value") == {("Chinese students", "eighty-five")}


def test_places_a_scholarship_council_can_fund_are_the_institutions_yearly_figures(tmp_path):
    document = tmp_path / "ghent_news.txt"
    document.write_text(
        "Ghent University news\n\nIn 2019 Ghent University renewed its agreement with the "
        "China Scholarship Council: the council can fund up to twenty-five doctoral "
        "researchers, ten postdocs and three visiting professors at Ghent University each "
        "year.\n",
        encoding="utf-8",
    )
    tables = extract_document(document)[0]
    assert tables["phd_students"].empty
    assert rows(tables["key_figures"], "value", "unit") == {
        ("up to twenty-five", "per year"),
        ("ten", "per year"),
        ("three", "per year"),
    }


def test_the_seat_where_a_lab_was_founded_is_not_where_the_lab_is(tmp_path):
    document = tmp_path / "inrae_news.txt"
    document.write_text(
        "INRAE news\n\nINRAE is the French National Research Institute for Agriculture. "
        "A Franco-Thai joint laboratory was launched in 2021 at the Paris headquarters of "
        "INRAE with Kasetsart University in Thailand.\n",
        encoding="utf-8",
    )
    tables = extract_document(document)[0]
    assert set(tables["joint_labs"].country) == {"Thailand"}


def test_the_part_of_a_total_at_the_institution_is_its_phd_count(tmp_path):
    tables = extract_text(
        tmp_path,
        "ugent_news",
        "Ghent University news\n\nDoctoral researchers from Mongolia in the joint programme, "
        "academic year 2019-2020:\n- PhD researchers in all: 12\n- among them registered at "
        "Ghent University: 4\n",
        ("UGent", "Ghent University", "BEL"),
    )
    assert rows(tables["phd_students"], "country", "year", "students") == {
        ("Mongolia", "2019", "4")
    }
    assert reasons(tables, "12") == ["a total of which the institution's own part is given"]


def test_a_part_of_a_total_counts_what_the_total_counts(tmp_path):
    tables = extract_text(
        tmp_path,
        "uva_profile",
        "University of Amsterdam at a glance\n\nThe University of Amsterdam enrolled 41,900 "
        "students in the academic year 2023/24, 24 % of them from abroad, and trained "
        "2 300 doctoral candidates, 780 of whom from outside the Netherlands.\n",
        ("UvA", "University of Amsterdam", "NLD"),
    )
    assert rows(tables["key_figures"], "metric", "value") == {
        ("students in the academic year", "41,900"),
        ("students in the academic year from abroad", "24 %"),  # not '23/24, 24 %'
        ("doctoral candidates", "2 300"),
        ("doctoral candidates from outside the Netherlands", "780"),
    }
    assert tables["phd_students"].empty  # not 780 students from the Netherlands


def test_the_population_an_institution_is_compared_with_is_no_figure_of_its_own(tmp_path):
    tables = extract_text(
        tmp_path,
        "tud_news",
        "TU Delft news\n\nIn 2022 TU Delft hosted 95 CSC scholarship holders, a large group "
        "among the some 1,800 such PhD candidates at Dutch universities.\n",
        ("TU Delft", "Delft University of Technology", "NLD"),
    )
    assert rows(tables["key_figures"], "metric", "value") == {("CSC scholarship holders", "95")}
    assert reasons(tables, "some 1,800") == ["a group the institution is compared with"]


def test_an_annual_report_makes_no_figure_a_years_and_a_level_reached_is_a_figure(tmp_path):
    tables = extract_text(
        tmp_path,
        "lund_report",
        "Lund University news\n\nLast year's annual report showed a turnover of SEK 9 billion "
        "and 8,300 employees. International students rose by some 12 per cent, to 2,400.\n",
        ("Lund", "Lund University", "SWE"),
    )
    assert rows(tables["key_figures"], "value", "unit") == {
        ("SEK 9 billion", "SEK per year"),  # a turnover is a year's
        ("8,300", ""),  # not '8,300 per year'
        ("2,400", ""),
    }
    assert "international students" in set(tables["key_figures"].metric)


def test_counts_of_a_place_a_visiting_group_or_each_project_are_no_figures_of_the_institution(
    tmp_path,
):
    tables = extract_text(
        tmp_path,
        "chalmers_asia",
        "Chalmers and Asia\n\nChalmers has 3,100 employees, among them 290 professors. It "
        "works with Kyushu University in Fukuoka, a city of some 1.6 million people. A "
        "group of 12, among them four deans, came to Gothenburg in 2019. Travel grants of "
        "up to 2 000 euro per researcher were offered, and 40 Kyushu students took part.\n",
        ("Chalmers", "Chalmers University of Technology", "SWE"),
    )
    assert rows(tables["key_figures"], "metric", "value") == {
        ("employees", "3,100"),
        ("professors", "290"),  # part of a total that is a figure
    }
    assert reasons(tables, "some 1.6 million") == ["the size of a place"]
    assert reasons(tables, "four") == ["a part of a group that is no figure of the institution"]
    assert reasons(tables, "up to 2 000 euro") == ["a count for each of something, not a total"]
    # 'Kyushu' alone is Kyushu University, named in full before: its students are its own.
    assert reasons(tables, "40") == ["figure of another country or institution"]


def test_numbers_that_point_back_at_a_group_already_named_are_no_figures(tmp_path):
    tables = extract_text(
        tmp_path,
        "bologna_asia",
        "Bologna in Asia\n\nThe university joined a consortium with Osaka University and "
        "Fudan University in 2016. A summer school for students of all three members took "
        "place in Osaka. The university has 33 departments.\n",
        ("Bologna", "University of Bologna", "ITA"),
    )
    assert rows(tables["key_figures"], "metric", "value") == {("departments", "33")}  # not 'three'


def test_members_of_another_body_a_delegation_and_those_who_took_part_are_not_its_figures(
    tmp_path,
):
    tables = extract_text(
        tmp_path,
        "kth_asia",
        "KTH and Asia\n\nKTH Royal Institute of Technology has 5,000 employees. KTH is one of "
        "the seven founding members of Nordic Five Tech. A delegation of some 25 researchers "
        "travelled to Seoul in 2018. About 300 students have already participated in the "
        "exchange with Tokyo Tech. Up to 20 doctoral students are meant to work in the new "
        'lab. Sweden and Japan signed three agreements, among them the "Agreement between the '
        'Japan Society for the Promotion of Science and KTH Royal Institute of Technology".\n',
        ("KTH Stockholm", "KTH Royal Institute of Technology", "SWE"),
    )
    assert rows(tables["key_figures"], "metric", "value") == {("employees", "5,000")}
    assert reasons(tables, "seven") == ["members of another body"]
    assert reasons(tables, "some 25") == ["the size of a delegation"]
    assert reasons(tables, "About 300") == ["who took part in an event or programme"]
    assert reasons(tables, "Up to 20") == ["plan, possibility or negation"]
    # The institution's name in a quoted title does not make the countries' count its own.
    assert reasons(tables, "three") == ["figure of another country or institution"]


def test_those_attending_an_event_and_a_whole_countrys_students_are_not_its_phd_counts(
    tmp_path,
):
    tables = extract_text(
        tmp_path,
        "utrecht_china",
        "Utrecht and China\n\nUtrecht University has 7,000 employees. In January 2018 it "
        "held a winter school in Xi'an for 45 participants, among them PhD candidates from "
        "China. Across the country some 1,500 Chinese doctoral candidates hold a CSC grant.\n",
        ("Utrecht", "Utrecht University", "NLD"),
    )
    assert tables["phd_students"].empty
    assert rows(tables["key_figures"], "metric", "value") == {("employees", "7,000")}
    assert reasons(tables, "some 1,500") == ["a figure of the whole country"]
