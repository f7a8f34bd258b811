"""Typed mentions: years and dates, quantities, countries, institutions."""

from analysis.extract import mentions, names

OFFSET = 100


def years(text: str, dateline_year: int | None = None) -> list[tuple[str, str, str]]:
    return [(m.text, m.key, m.form) for m in mentions.years(text, OFFSET, dateline_year)]


def quantities(text: str) -> list[tuple[str, str]]:
    found = mentions.quantities(text, OFFSET, mentions.years(text, OFFSET, None))
    return [(m.text, m.kind) for m in found]


def test_years_are_not_decades_numbers_or_percentages():
    assert years("In 2004, in the 1990s, 20 000 staff, 2010% and 1983.") == [
        ("2004", "2004", "plain"),
        ("1983", "1983", "plain"),
    ]
    assert mentions.years("In 2004", OFFSET, None)[0].start == 103


def test_dates_academic_years_periods_and_relative_years_resolve_to_a_year():
    assert years("on October 6, 2004 and on 06/06/2017, then 15 March 2012") == [
        ("October 6, 2004", "2004", "date"),
        ("06/06/2017", "2017", "date"),
        ("15 March 2012", "2012", "date"),
    ]
    assert years("in 2018-2019 and 2018/19, but between 2005 and 2008") == [
        ("2018-2019", "2018", "academic"),
        ("2018/19", "2018", "academic"),
        ("between 2005 and 2008", "2005", "period"),
    ]
    assert years("Since 2003, and last year", dateline_year=2019) == [
        ("2003", "2003", "since"),
        ("last year", "2018", "relative"),
    ]


def test_so_far_and_this_month_are_the_datelines_year():
    assert years("So far some 20 defended; this month, to date", dateline_year=2017) == [
        ("So far", "2017", "relative"),
        ("this month", "2017", "relative"),
        ("to date", "2017", "relative"),
    ]


def test_may_is_a_month_only_as_a_date():
    assert years("In May 2010 the office may open") == [("May 2010", "2010", "date")]


def test_a_list_after_a_year_is_not_a_decimal():
    assert quantities("in 2004, 161 from Vietnam, 47 from Thailand") == [
        ("161", "count"),
        ("47", "count"),
    ]


def test_thousands_qualifiers_words_and_money_stay_as_written():
    assert quantities("about 1300 labs, more than 20 000 papers, 26.000 staff") == [
        ("about 1300", "count"),
        ("more than 20 000", "count"),
        ("26.000", "count"),
    ]
    assert quantities("forty-five Vietnamese and some twelve Lao candidates") == [
        ("forty-five", "count"),
        ("some twelve", "count"),
    ]
    assert quantities("a budget of €2.1 billion, or 450 million euros") == [
        ("€2.1 billion", "money"),
        ("450 million euros", "money"),
    ]


def test_a_range_needs_its_second_number_and_a_year_is_no_integer_part():
    assert quantities("from 131 nationalities, from 30 to 150 papers") == [
        ("131", "count"),
        ("from 30 to 150", "count"),
    ]
    assert quantities("in 2023, 59 % of its students") == [("59 %", "percent")]


def test_swiss_thousands_separators():
    assert quantities("6'090 staff and 2’770 more") == [("6'090", "count"), ("2’770", "count")]


def test_percentages_with_a_stray_space_in_the_decimal_comma():
    assert quantities("(40% full time) and (82, 5 % of them) or 6 per cent") == [
        ("40%", "percent"),
        ("82, 5 %", "percent"),
        ("6 per cent", "percent"),
    ]


def test_countries_by_name_demonym_and_city():
    found = names.countries("South Korea, Viet Nam, Chinese students, an office in Hanoi", 0)
    assert [(m.text, m.key, m.form) for m in found] == [
        ("South Korea", "KOR", "name"),
        ("Viet Nam", "VNM", "name"),
        ("Chinese", "CHN", "demonym"),
        ("Hanoi", "VNM", "city"),
    ]
    assert names.countries("china but not turkey", 0) == []


def test_institutions_from_their_head_word():
    found = names.institution_shapes(
        "Vietnam, Academy of Science and technology in 1983, the Thailand research fund", 0
    )
    assert [m.text for m in found] == [
        "Academy of Science and technology",
        "Thailand research fund",
    ]


def test_acronyms_defined_in_brackets():
    text = "the Dutch Research Council (NWO) and Kyoto University"
    shapes = names.institution_shapes(text, 0)
    assert {k: m.text for k, m in names.bracketed_acronyms(text, shapes, 0).items()} == {
        "NWO": "Dutch Research Council"
    }
