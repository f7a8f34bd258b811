import math

import pytest

from analysis.clean.numbers import parse_number, parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26 000", 26000),
        ("20 000", 20000),
        ("1300", 1300),
        ("82, 5", 82.5),
        ("82,5", 82.5),
        ("20,000", 20000),
        ("26.000", 26000),
        ("1.200.000", 1200000),
        ("3.75", 3.75),
        ("1\u00a0200", 1200),
        ("forty-five", 45),
        ("two hundred and twenty-five", 225),
        ("€2.1 billion", 2_100_000_000),
        ("1.5 million euros", 1_500_000),
    ],
)
def test_numbers_as_documents_write_them(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "twenty-ish", "2 00", "1,2,3", "12 000 000x"])
def test_unreadable_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_decimal_comma_with_stray_space_in_a_percentage():
    quantity = parse_quantity("82, 5 %")
    assert (quantity.value, quantity.value_min, quantity.value_max) == (82.5, 82.5, 82.5)
    assert quantity.qualifier == "exact"


def test_more_than_is_a_lower_bound():
    quantity = parse_quantity("more than 20 000")
    assert quantity.qualifier == "at_least"
    assert quantity.value_min == 20000 and math.isnan(quantity.value_max)


def test_about_is_approximate_without_bounds():
    quantity = parse_quantity("about 1300")
    assert quantity.qualifier == "approx" and quantity.value == 1300
    assert math.isnan(quantity.value_min) and math.isnan(quantity.value_max)


@pytest.mark.parametrize("text", ["between 20 and 400", "from 20 to 400"])
def test_ranges_give_both_bounds(text):
    quantity = parse_quantity(text)
    assert quantity.qualifier == "range"
    assert (quantity.value_min, quantity.value_max) == (20, 400) and math.isnan(quantity.value)


def test_upper_bounds():
    quantity = parse_quantity("up to 300")
    assert quantity.qualifier == "at_most" and quantity.value_max == 300


def test_backward_range_is_refused():
    with pytest.raises(ValueError, match="backwards"):
        parse_quantity("between 400 and 20")


def test_percent_sign_and_words():
    assert parse_quantity("40%").value == 40
    assert parse_quantity("more than 6 per cent").value_min == 6
