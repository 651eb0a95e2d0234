"""db/numbers.py alone: formatting and comparing values needs no database."""

import math

import pytest
from tracker.db import numbers
from tracker.db.errors import InvalidInput


@pytest.mark.parametrize(("unit", "value", "shown"), [
    ("count", 32538.0, "32,538"),
    ("count", 23.16, "23.16"),
    ("percentage", 29.3, "29.3%"),
    ("money", 14_266_000, "£14.266m"),
    ("money", 950, "£950"),
    ("days", 11.97, "11.97 days"),
    ("seconds", 7, "7 s"),
    ("count", -0.0000001, "0"),
    ("count", None, "N/A"),
])
def test_values_print_as_the_papers_print_them(unit, value, shown):
    assert numbers.format_value(unit, value) == shown


def test_counts_compare_by_percent_and_rates_by_points():
    count = numbers.compare("count", "lower_is_better", 200, 150)
    assert (count.difference, count.difference_unit, count.assessment) == (-25.0, "%", "better")
    rate = numbers.compare("percentage", "higher_is_better", 30.0, 28.5)
    assert (rate.difference, rate.difference_unit, rate.assessment) == (-1.5, "pp", "worse")
    assert numbers.format_difference(count) == "-25%" and numbers.format_difference(rate) == "-1.5 pp"
    assert numbers.compare("count", "higher_is_better", 10, 10).assessment == "same"


def test_a_missing_or_zero_base_cannot_be_compared():
    for last, this in ((None, 5), (5, None), (0, 5)):
        found = numbers.compare("count", "higher_is_better", last, this)
        assert found.difference is None and found.assessment == "n/a"
        assert numbers.format_difference(found) == "N/A"
    assert numbers.compare("percentage", "higher_is_better", 0, 5).difference == 5  # points from zero are fine


def test_significance_needs_both_intervals():
    assert numbers.compare("percentage", "higher_is_better", 50, 60, 3, 4).significant is True  # 10 > hypot(3, 4) = 5
    assert numbers.compare("percentage", "higher_is_better", 50, 54, 3, 4).significant is False
    assert numbers.compare("percentage", "higher_is_better", 50, 60, 3, None).significant is None


@pytest.mark.parametrize(("text", "value"), [
    ("32538", 32538), ("32,538", 32538), ("29.3%", 29.3), ("£14.266m", 14_266_000), ("1.5k", 1500),
    ("n/a", None), ("", None), (" - ", None),
])
def test_numbers_read_as_people_type_them(text, value):
    assert numbers.parse_number(text, where="value") == value


@pytest.mark.parametrize("text", ["twelve", "1e999", "nan", "£m"])
def test_a_non_number_is_refused_naming_where(text):
    with pytest.raises(InvalidInput) as refused:
        numbers.parse_number(text, where="measure 1.1, value")
    assert refused.value.where == "measure 1.1, value" and repr(text) in refused.value.reason


def test_parsed_numbers_are_finite():
    assert math.isfinite(numbers.parse_number("1e300", where="v"))
