"""Implied counts: what a rounded n and a rounded percentage give away (``implied.py``).

Boundary tests at the edges of a rounding step (halves up), the ``<1%`` / ``>99%`` forms, the
count floor (threshold), and a brute-force check of the ranges against ``format_percent`` and
``round_count`` themselves.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.disclosure import DisclosureInputError
from pipeline.disclosure.implied import (
    count_values,
    guessed_ranges,
    implied_ranges,
    inside,
    percent_bounds,
    reader_ranges,
)
from pipeline.disclosure.rounding import format_percent, round_count

# --- (a) counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shown", "base", "floor", "expected"),
    [
        (10, 5, 10, range(10, 13)),   # 10, 11, 12; 8 and 9 would be primary-suppressed
        (15, 5, 10, range(13, 18)),   # 12.5 would round up, but counts are whole
        (20, 5, 10, range(18, 23)),
        (12, 3, 10, range(10, 14)),   # 10 and 11 are lifted to the floor's multiple 12
        (15, 3, 10, range(14, 17)),
        (250, 5, 250, range(250, 253)),
        (255, 5, 250, range(253, 258)),
        (10, 1, 10, range(10, 11)),
        (0, 5, 0, range(0, 3)),
        (9, 1, 10, range(0)),         # below the floor: never shown
        (11, 5, 10, range(0)),        # not a multiple of the base
    ],
)
def test_count_values(shown, base, floor, expected):
    assert count_values(shown, base, floor) == expected


@settings(max_examples=200, deadline=None)
@given(value=st.integers(0, 3000), base=st.integers(1, 20), floor=st.integers(0, 300))
def test_count_values_holds_exactly_the_counts_that_display_the_same(value, base, floor):
    if value < floor:
        return
    shown = round_count(value, base, floor=floor)
    values = count_values(shown, base, floor)
    assert value in values
    around = range(max(0, values.start - 2 * base - 2), values.stop + 2 * base + 2)
    for v in around:
        same = v >= floor and round_count(v, base, floor=floor) == shown
        assert (v in values) is same


@pytest.mark.parametrize("bad", [(10.0, 5, 10), (10, 0, 10), (10, 5, -1), (True, 5, 0)])
def test_count_values_rejects_bad_input(bad):
    with pytest.raises(DisclosureInputError):
        count_values(*bad)


# --- (b) percentages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimals", "expected"),
    [
        ("11%", 0, (0.105, 0.115)),
        ("1%", 0, (0.005, 0.015)),
        ("99%", 0, (0.985, 0.995)),
        ("<1%", 0, (0.0, 0.005)),
        (">99%", 0, (0.995, 1.0)),
        ("0%", 0, (0.0, 0.0)),
        ("100%", 0, (1.0, 1.0)),
        ("12,3%", 1, (0.1225, 0.1235)),
        ("<0,1%", 1, (0.0, 0.0005)),
        (">99,9%", 1, (0.9995, 1.0)),
        ("0,0%", 1, (0.0, 0.0)),
        ("50,00%", 2, (0.49995, 0.50005)),
    ],
)
def test_percent_bounds(text, decimals, expected):
    low, high = percent_bounds(text, decimals)
    assert low == pytest.approx(expected[0], abs=1e-12)
    assert high == pytest.approx(expected[1], abs=1e-12)


@pytest.mark.parametrize(("text", "decimals"), [("11", 0), ("11,0%", 0), ("11%", 1), ("x%", 0),
                                                ("", 0), ("<%", 0)])
def test_percent_bounds_rejects_what_format_percent_never_shows(text, decimals):
    with pytest.raises(DisclosureInputError):
        percent_bounds(text, decimals)


@settings(max_examples=300, deadline=None)
@given(p=st.floats(0, 1), decimals=st.integers(0, 2))
def test_every_displayed_percentage_lies_in_its_bounds(p, decimals):
    low, high = percent_bounds(format_percent(p, decimals), decimals)
    assert low - 1e-12 <= p <= high + 1e-12


@pytest.mark.parametrize(
    ("p", "text"),
    [(0.105, "11%"), (0.10499, "10%"), (0.115, "12%"), (0.11499, "11%"), (0.00499, "<1%"),
     (0.005, "1%"), (0.99499, "99%"), (0.995, ">99%"), (0.99999, ">99%"), (1.0, "100%"),
     (0.0, "0%"), (1e-9, "<1%")],
)
def test_the_edges_of_a_step_follow_format_percent(p, text):
    """Halves round up: the low end of a step belongs to it, the high end to the next."""
    assert format_percent(p, 0) == text
    low, high = percent_bounds(text, 0)
    assert low <= p <= high


# --- (c) implied numerator and complement ---------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "text", "decimals", "numerator", "complement"),
    [
        (range(10, 11), "10%", 0, (1, 1), (9, 9)),
        (count_values(10, 5, 10), "10%", 0, (1, 1), (9, 9)),      # 1/11 and 1/12 show 9%, 8%
        (count_values(300, 5, 10), "3%", 0, (8, 10), (288, 294)),
        (range(500, 501), "<1%", 0, (1, 2), (498, 499)),          # <1% is never 0
        (range(2000, 2001), "<1%", 0, (1, 9), (1991, 1999)),
        (range(300, 301), ">99%", 0, (299, 299), (1, 1)),         # >99% is never everybody
        (range(2000, 2001), ">99%", 0, (1990, 1999), (1, 10)),    # 99.5% rounds to >99%
        (range(60, 61), "0%", 0, (0, 0), (60, 60)),
        (range(60, 61), "100%", 0, (60, 60), (0, 0)),
        (range(1000, 1001), "0,9%", 1, (9, 9), (991, 991)),
        (range(1000, 1001), "1%", 0, (5, 14), (986, 995)),
    ],
)
def test_implied_ranges(counts, text, decimals, numerator, complement):
    assert implied_ranges(counts, text, decimals) == (numerator, complement)


def test_implied_ranges_are_none_when_no_count_displays_so():
    assert implied_ranges(count_values(10, 5, 10), "11%", 0) == (None, None)
    assert implied_ranges(range(0), "11%", 0) == (None, None)
    assert implied_ranges(range(50, 51), "<1%", 0) == (None, None)  # 1/50 is 2%


def test_the_count_floor_narrows_what_n_10_means():
    # "n 10" with counts rounded to 5 and threshold 10 is 10 to 12, never 8 or 9
    assert list(count_values(10, 5, 10)) == [10, 11, 12]
    assert implied_ranges(count_values(10, 5, 10), "25%", 0) == ((3, 3), (9, 9))  # 3/12
    assert implied_ranges(range(8, 13), "25%", 0) == ((2, 3), (6, 9))             # and 2/8


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 3000), data=st.data(), base=st.sampled_from([1, 5]),
       decimals=st.integers(0, 1))
def test_implied_ranges_match_brute_force(n, data, base, decimals):
    k = data.draw(st.integers(0, n))
    floor = 10 if n >= 10 else 0
    counts = count_values(round_count(n, base, floor=floor), base, floor)
    text = format_percent(k / n, decimals)
    numerator, complement = implied_ranges(counts, text, decimals)
    pairs = [(m, j) for m in counts if m > 0 for j in range(m + 1)
             if format_percent(j / m, decimals) == text] if n <= 400 else None
    assert numerator is not None and complement is not None
    assert numerator[0] <= k <= numerator[1]
    assert complement[0] <= n - k <= complement[1]
    if pairs is not None:
        assert numerator == (min(j for _, j in pairs), max(j for _, j in pairs))
        assert complement == (min(m - j for m, j in pairs), max(m - j for m, j in pairs))


def test_guessed_ranges_round_p_times_n():
    """"Europa × 15+; 11%; n 10": a weighted 11% of 10 to 12 respondents is about 1 person."""
    assert guessed_ranges(count_values(10, 5, 10), "11%", 0) == ((1, 1), (9, 11))
    assert guessed_ranges(range(0), "11%", 0) == (None, None)
    assert reader_ranges(count_values(10, 5, 10), "11%", 0) == ((1, 1), (9, 11))
    assert reader_ranges(range(300, 301), "3%", 0) == implied_ranges(range(300, 301), "3%", 0)


@pytest.mark.parametrize(
    ("implied", "threshold", "expected"),
    [((1, 9), 10, True), ((1, 10), 10, False), ((0, 9), 10, False), ((9, 9), 10, True),
     ((10, 10), 10, False), ((0, 0), 10, False), (None, 10, False), ((1, 4), 5, True)],
)
def test_inside(implied, threshold, expected):
    assert inside(implied, threshold) is expected
