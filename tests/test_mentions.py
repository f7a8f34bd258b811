"""Typed mentions: what counts as a year, a quantity, a percentage, a country."""

from analysis.extract import mentions
from analysis.extract.document import Sentence


def sentence(text: str) -> Sentence:
    return Sentence(100, 100 + len(text), text, 0)


def texts(found) -> list[str]:
    return [mention.text for mention in found]


def test_years_are_not_decades_numbers_or_percentages():
    found = mentions.years(sentence("In 2004, in the 1990s, 20 000 staff, 2010% and 1983."))
    assert texts(found) == ["2004", "1983"]
    assert found[0].start == 103


def test_a_list_after_a_year_is_not_a_decimal():
    found = mentions.quantities(sentence("in 2004, 161 from Vietnam, 47 from Thailand"))
    assert texts(found) == ["161", "47"]


def test_thousands_and_qualifiers_stay_as_written():
    found = mentions.quantities(sentence("about 1300 labs, more than 20 000 papers, 26.000 staff"))
    assert texts(found) == ["about 1300", "more than 20 000", "26.000"]


def test_percentages_with_a_stray_space_in_the_decimal_comma():
    found = mentions.percents(sentence("(40% full time) and (82, 5 % of them) or 6 per cent"))
    assert texts(found) == ["40%", "82, 5 %", "6 per cent"]


def test_countries_longest_name_first_and_only_as_proper_names():
    found = mentions.countries(sentence("South Korea, Viet Nam, and china but not turkey"))
    assert [(m.text, m.key) for m in found] == [("South Korea", "KOR"), ("Viet Nam", "VNM")]


def test_institutions_from_their_head_word():
    found = mentions.institutions(
        sentence("Vietnam, Academy of Science and technology in 1983, the Thailand research fund")
    )
    assert texts(found) == ["Academy of Science and technology", "Thailand research fund"]
