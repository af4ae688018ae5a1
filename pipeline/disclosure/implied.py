"""Implied counts: what a reader can infer about a numerator from a rounded n and percentage.

A published proportion row shows a rounded count ``n`` (:func:`round_count` with the
threshold as floor) and a rounded percentage (:func:`format_percent`). Together they bound the
numerator ``k`` (respondents with the outcome) and the complement ``n - k``: "11%; n 10" says
that about one person has the outcome. The functions here turn what the reader sees back into
the ranges of true values that would display the same, using the very functions the gate
displays with. They are pure and know nothing of tables or rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from pipeline.disclosure.errors import DisclosureInputError
from pipeline.disclosure.rounding import format_percent, round_count

IntRange = tuple[int, int]
"""``(lo, hi)``: the integers from ``lo`` to ``hi``, both included."""


def count_values(shown: int, base: int, floor: int = 0) -> range:
    """Return the counts that display as ``shown`` after ``round_count(value, base, floor)``.

    Counts below ``floor`` are never displayed (primary suppression hides them), so a reader
    who knows the rules excludes them; counts at or above ``floor`` that would round below it
    are displayed as the first multiple of ``base`` at or above ``floor``.

    Parameters
    ----------
    shown : int
        The displayed count.
    base : int
        Counts are rounded to a multiple of this (1 = no rounding).
    floor : int, default 0
        The threshold of the source: the smallest count that is displayed.

    Returns
    -------
    range
        The whole counts ``v >= floor`` with ``round_count(v, base, floor) == shown``
        (contiguous; empty when ``shown`` cannot be displayed).

    Examples
    --------
    >>> count_values(10, 5, floor=10)   # 10, 11, 12 display as 10; 8 and 9 are never shown
    range(10, 13)
    >>> count_values(15, 5, floor=10)   # 13 to 17 (halves round up: 12.5 is not a count)
    range(13, 18)
    >>> count_values(12, 1, floor=10)
    range(12, 13)
    >>> count_values(12, 5, floor=10)   # not a multiple of 5: never displayed
    range(0, 0)
    """
    for name, value in (("shown", shown), ("base", base), ("floor", floor)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise DisclosureInputError(f"{name} must be an integer, got {value!r}")
    if base < 1 or floor < 0:
        raise DisclosureInputError(f"base must be >= 1 and floor >= 0, got {base!r}, {floor!r}")
    # a count >= floor displays as a value >= floor, within base of itself or (lifted to the
    # floor's multiple) between floor and that multiple: search [max(floor, shown - base), ...]
    if shown < floor:
        return range(0)
    start = max(floor, shown - base)
    matches = [v for v in range(start, shown + base + 1) if round_count(v, base, floor) == shown]
    if not matches:
        return range(0)
    return range(matches[0], matches[-1] + 1)


def _parse_percent(text: str, decimals: int) -> tuple[str, float]:
    """Split a displayed percentage into its bound sign ('<', '>' or '') and its number."""
    if not isinstance(text, str) or not text.endswith("%"):
        raise DisclosureInputError(f"not a displayed percentage: {text!r}")
    body = text[:-1]
    sign = body[:1] if body[:1] in ("<", ">") else ""
    body = body[len(sign):]
    whole, _, fraction = body.replace(".", "").partition(",")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) != decimals:
        raise DisclosureInputError(
            f"not a percentage with {decimals} decimal(s) as format_percent shows it: {text!r}"
        )
    return sign, float(f"{whole}.{fraction or 0}")


def percent_bounds(text: str, decimals: int) -> tuple[float, float]:
    """Return the proportions that display as ``text`` with ``decimals`` decimals.

    The reverse of :func:`pipeline.disclosure.rounding.format_percent`: halves round up, a
    proportion above 0 that would round to 0% shows as ``<`` the smallest step, and one below 1
    that would round to 100% as ``>`` 100 minus that step; ``0%`` and ``100%`` are exact.

    Parameters
    ----------
    text : str
        A displayed percentage (``"11%"``, ``"12,3%"``, ``"<1%"``, ``">99,9%"``).
    decimals : int
        Decimals the percentage was displayed with (``round_percent``).

    Returns
    -------
    tuple of float
        ``(low, high)``, the closure of the set of proportions displayed as ``text``. Which
        ends belong to the set is decided by :func:`implied_ranges`, which checks every
        candidate with ``format_percent`` itself.

    Examples
    --------
    >>> percent_bounds("11%", 0)
    (0.105, 0.115)
    >>> percent_bounds("<1%", 0), percent_bounds(">99%", 0)
    ((0.0, 0.005), (0.995, 1.0))
    >>> percent_bounds("0%", 0), percent_bounds("100,0%", 1)
    ((0.0, 0.0), (1.0, 1.0))
    >>> percent_bounds("12,3", 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.disclosure.errors.DisclosureInputError: not a displayed percentage: '12,3'
    """
    sign, value = _parse_percent(text, decimals)
    step = 10.0**-decimals
    if sign == "<":
        return 0.0, round(step / 2, decimals + 1) / 100
    if sign == ">":
        return round(100 - step / 2, decimals + 1) / 100, 1.0
    if value == 0:
        return 0.0, 0.0
    if value >= 100:
        return 1.0, 1.0
    low = round(value - step / 2, decimals + 1) / 100
    high = round(value + step / 2, decimals + 1) / 100
    return low, min(high, 1.0)


def _numerators(n: int, text: str, decimals: int, low: float, high: float) -> IntRange | None:
    """Return the numerators ``k`` of ``n`` with ``format_percent(k / n) == text``."""
    lo = max(0, math.floor(low * n) - 1)
    hi = min(n, math.ceil(high * n) + 1)
    while lo <= hi and format_percent(lo / n, decimals) != text:
        lo += 1
    while hi >= lo and format_percent(hi / n, decimals) != text:
        hi -= 1
    return (lo, hi) if lo <= hi else None


def implied_ranges(
    counts: Iterable[int], text: str, decimals: int
) -> tuple[IntRange | None, IntRange | None]:
    """Return the numerators and complements consistent with a displayed n and percentage.

    A reader who sees a count (consistent with the counts ``counts``, see
    :func:`count_values`) and a percentage ``text`` infers that the true numerator ``k`` is
    one with ``format_percent(k / n) == text`` for some ``n`` in ``counts``, and that the
    complement is ``n - k`` for those pairs. That is exact for unweighted percentages; a
    weighted percentage need not be any ``k / n`` (see :func:`guessed_ranges`).

    Parameters
    ----------
    counts : iterable of int
        The counts ``n`` consistent with the displayed n (a ``range`` from
        :func:`count_values`); 0 is skipped.
    text : str
        The displayed percentage.
    decimals : int
        Decimals of the displayed percentage.

    Returns
    -------
    tuple
        ``(numerator, complement)``, each the smallest and largest value ``(lo, hi)`` over
        all consistent ``(n, k)``; both None when no ``k / n`` displays as ``text``.

    Examples
    --------
    >>> implied_ranges(count_values(300, 5, floor=10), "3%", 0)   # 8 to 10 of 298-302
    ((8, 10), (288, 294))
    >>> implied_ranges(range(500, 501), "<1%", 0)                 # 1 or 2, not 0
    ((1, 2), (498, 499))
    >>> implied_ranges(range(300, 301), ">99%", 0)                # everybody but 1
    ((299, 299), (1, 1))
    >>> implied_ranges(count_values(100, 5, floor=10), "3%", 0)
    ((3, 3), (95, 99))

    A weighted "11%" of "n 10" (10 to 12 respondents) is no ``k / n``:

    >>> implied_ranges(count_values(10, 5, floor=10), "11%", 0)
    (None, None)
    """
    low, high = percent_bounds(text, decimals)
    numerator: IntRange | None = None
    complement: IntRange | None = None
    for n in counts:
        if n <= 0:
            continue
        found = _numerators(int(n), text, decimals, low, high)
        if found is None:
            continue
        k_lo, k_hi = found
        c_lo, c_hi = int(n) - k_hi, int(n) - k_lo
        if numerator is None or complement is None:
            numerator, complement = (k_lo, k_hi), (c_lo, c_hi)
        else:
            numerator = (min(numerator[0], k_lo), max(numerator[1], k_hi))
            complement = (min(complement[0], c_lo), max(complement[1], c_hi))
    return numerator, complement


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


def guessed_ranges(
    counts: Iterable[int], text: str, decimals: int
) -> tuple[IntRange | None, IntRange | None]:
    """Return the whole numbers nearest to ``p * n``: a reader's guess of a weighted count.

    A weighted percentage ``p`` need not equal any ``k / n``; a reader then takes ``p * n``
    (and ``(1 - p) * n``) rounded to whole persons, for ``p`` in :func:`percent_bounds` and
    ``n`` in ``counts``.

    Parameters
    ----------
    counts : iterable of int
        The counts ``n`` consistent with the displayed n; 0 is skipped.
    text : str
        The displayed percentage.
    decimals : int
        Decimals of the displayed percentage.

    Returns
    -------
    tuple
        ``(numerator, complement)`` as ``(lo, hi)``; both None when ``counts`` holds no
        count above 0.

    Examples
    --------
    "Europa × 15+; 11%; n 10" (counts rounded to 5, threshold 10): about one person.

    >>> guessed_ranges(count_values(10, 5, floor=10), "11%", 0)
    ((1, 1), (9, 11))
    >>> guessed_ranges(range(50, 51), "<1%", 0)
    ((0, 0), (50, 50))
    """
    sizes = [int(n) for n in counts if n > 0]
    if not sizes:
        return None, None
    low, high = percent_bounds(text, decimals)
    small, large = min(sizes), max(sizes)
    numerator = (_half_up(low * small), min(_half_up(high * large), large))
    complement = (_half_up((1 - high) * small), min(_half_up((1 - low) * large), large))
    return numerator, complement


def reader_ranges(
    counts: Iterable[int], text: str, decimals: int
) -> tuple[IntRange | None, IntRange | None]:
    """Return what a reader infers: :func:`implied_ranges`, else :func:`guessed_ranges`.

    Examples
    --------
    >>> reader_ranges(range(12, 13), "4%", 0)     # 4% of 12 is no k / 12: about half a person
    ((0, 1), (11, 12))
    >>> reader_ranges(range(300, 301), "3%", 0)
    ((8, 10), (290, 292))
    """
    sizes = list(counts)
    implied = implied_ranges(sizes, text, decimals)
    if implied[0] is not None:
        return implied
    return guessed_ranges(sizes, text, decimals)


def inside(implied: IntRange | None, threshold: int) -> bool:
    """Tell whether an implied range lies entirely in ``[1, threshold - 1]``.

    Such a range tells the reader that the count is positive and below the threshold.

    Examples
    --------
    >>> inside((1, 1), 10), inside((8, 10), 10), inside((0, 3), 10), inside(None, 10)
    (True, False, False, False)
    """
    return implied is not None and implied[0] >= 1 and implied[1] <= threshold - 1
