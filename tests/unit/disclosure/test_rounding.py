from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.disclosure import DisclosureInputError
from pipeline.disclosure.rounding import format_count, format_number, format_percent, round_count


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [(0, 5, 0), (2, 5, 0), (2.5, 5, 5), (12, 5, 10), (12.5, 5, 15), (13, 5, 15), (7, 1, 7),
     (149, 100, 100), (150, 100, 200)],
)
def test_round_count_to_nearest_multiple(value, base, expected):
    assert round_count(value, base) == expected


@pytest.mark.parametrize(("value", "expected"), [(10, 12), (11, 12), (13, 12), (14, 15)])
def test_round_count_never_below_floor(value, expected):
    assert round_count(value, 3, floor=10) == expected


@settings(max_examples=100, deadline=None)
@given(value=st.integers(0, 5000), base=st.integers(1, 50), floor=st.integers(1, 300))
def test_rounded_count_is_multiple_close_and_not_below_floor(value, base, floor):
    rounded = round_count(value, base, floor=floor)
    assert rounded % base == 0
    if value >= floor:
        assert rounded >= floor
        assert rounded >= value - base / 2
        assert rounded <= max(value + base / 2, math.ceil(floor / base) * base)
    else:
        assert abs(rounded - value) <= base / 2


@pytest.mark.parametrize("bad", [-1, math.inf, math.nan])
def test_round_count_rejects_bad_values(bad):
    with pytest.raises(DisclosureInputError, match="value"):
        round_count(bad, 5)


def test_round_count_rejects_bad_base():
    with pytest.raises(DisclosureInputError, match="base"):
        round_count(10, 0)


@pytest.mark.parametrize(
    ("proportion", "decimals", "expected"),
    [(0.123, 1, "12,3%"), (0.1234, 0, "12%"), (0.125, 0, "13%"), (0.0, 0, "0%"), (1.0, 1, "100,0%"),
     (0.004, 0, "<1%"), (0.996, 0, ">99%"), (0.0004, 1, "<0,1%"), (0.5, 2, "50,00%")],
)
def test_format_percent_is_dutch_and_never_fakes_an_extreme(proportion, decimals, expected):
    assert format_percent(proportion, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "0"), (999, "999"), (1000, "1.000"), (22000, "22.000"),
                            (1234567, "1.234.567")],
)
def test_format_count_uses_dot_for_thousands(value, expected):
    assert format_count(value) == expected


def test_format_number_uses_decimal_comma():
    assert format_number(5.25, 1) == "5,3"
    assert format_number(-0.04, 1) == "0,0"
    assert format_number(1234.56, 2) == "1.234,56"
