"""Published cells as a reader reads them: Dutch numbers and the intervals their rounding leaves.

A published count ``v`` (rounded to a multiple of ``round_count``, halves up, never below the
primary threshold) stands for every whole count that rounds to ``v`` and is at least the
threshold (a cell below it would have been hidden). A published percentage stands for every
proportion that rounds to it; ``<1%`` means above 0 and below 0.5%, ``>99%`` at least 99.5%
and below 100%.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MARK = "·"
"""The mark of a suppressed cell."""
_COUNT = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")
_PERCENT = re.compile(r"^([<>])?(\d+(?:\.\d{3})*)(?:,(\d+))?%$")
_DECIMAL = re.compile(r"^-?\d+(?:\.\d{3})*,\d+$")
_EPS = 1e-9


def is_hidden(text: str) -> bool:
    """Whether a cell shows the suppression mark.

    Examples
    --------
    >>> is_hidden("·"), is_hidden(" · "), is_hidden("12")
    (True, True, False)
    """
    return text.strip() == MARK


def parse_count(text: str) -> int | None:
    """A published whole count (Dutch thousands separator), else None.

    Examples
    --------
    >>> parse_count("22.000"), parse_count("15"), parse_count("·"), parse_count("4,7")
    (22000, 15, None, None)
    """
    stripped = text.strip()
    if not _COUNT.match(stripped):
        return None
    return int(stripped.replace(".", ""))


def parse_decimal(text: str) -> float | None:
    """A published decimal number with a decimal comma (means, odds ratios), else None.

    Examples
    --------
    >>> parse_decimal("4,7"), parse_decimal("1.234,5"), parse_decimal("12")
    (4.7, 1234.5, None)
    """
    stripped = text.strip()
    if not _DECIMAL.match(stripped):
        return None
    return float(stripped.replace(".", "").replace(",", "."))


def round_count(value: float, base: int, floor: int = 0) -> int:
    """Round as the published tables say they do: to a multiple of ``base``, halves up, and
    never below ``floor`` (the primary threshold) for a count that is at least ``floor``.

    Examples
    --------
    >>> [round_count(v, 5) for v in (10, 12, 13, 17.5)]
    [10, 10, 15, 20]
    >>> round_count(12, 5, floor=12)
    15
    """
    rounded = math.floor(value / base + 0.5) * base
    if value >= floor > rounded:
        rounded = math.ceil(floor / base) * base
    return int(rounded)


def count_interval(value: int, base: int, floor: int) -> tuple[int, int]:
    """The whole counts a published count can stand for.

    Only counts of at least ``floor`` are shown, and they round to ``value``. A value that no
    count rounds to (say 12 with ``base`` 5) was evidently not rounded and is taken as exact.

    Examples
    --------
    >>> count_interval(20, 5, 10), count_interval(10, 5, 10), count_interval(250, 5, 250)
    ((18, 22), (10, 12), (250, 252))
    >>> count_interval(15, 5, 12), count_interval(7, 5, 0)
    ((12, 17), (7, 7))
    """
    if base <= 1:
        return value, value
    candidates = [
        x for x in range(max(0, value - base), value + base + 1)
        if x >= floor and round_count(x, base, floor) == value
    ]
    if not candidates:
        return value, value
    return min(candidates), max(candidates)


@dataclass(frozen=True)
class PercentBounds:
    """The proportions a published percentage can stand for.

    Attributes
    ----------
    low, high : float
        Bounds of the proportion (0-1), both included.
    positive : bool
        The proportion is above 0 (``<1%`` and every shown percentage above 0%).
    not_all : bool
        The proportion is below 1 (``>99%`` and every shown percentage below 100%).
    """

    low: float
    high: float
    positive: bool
    not_all: bool


def parse_percent(text: str) -> PercentBounds | None:
    """Read a published percentage (``56%``, ``12,5%``, ``<1%``, ``>99%``), else None.

    Examples
    --------
    >>> p = parse_percent("56%"); round(p.low, 4), round(p.high, 4), p.positive, p.not_all
    (0.555, 0.565, True, True)
    >>> p = parse_percent("<1%"); p.low, p.high, p.positive
    (0.0, 0.005, True)
    >>> p = parse_percent(">99%"); p.low, p.high, p.not_all
    (0.995, 1.0, True)
    >>> parse_percent("0%").high, parse_percent("100%").low, parse_percent("55%–57%")
    (0.0, 1.0, None)
    """
    match = _PERCENT.match(text.strip())
    if not match:
        return None
    sign, whole, fraction = match.groups()
    decimals = len(fraction or "")
    shown = float(f"{whole.replace('.', '')}.{fraction or '0'}")
    half = 0.5 * 10.0**-decimals
    if sign == "<":
        return PercentBounds(0.0, shown / 100 - half / 100, True, True)
    if sign == ">":
        return PercentBounds(shown / 100 + half / 100, 1.0, True, True)
    if shown == 0:
        return PercentBounds(0.0, 0.0, False, True)
    if shown == 100:
        return PercentBounds(1.0, 1.0, True, False)
    return PercentBounds(max(0.0, (shown - half) / 100), min(1.0, (shown + half) / 100),
                         True, True)


def _whole_range(low: float, high: float, at_least: int) -> tuple[int, int]:
    lo, hi = math.ceil(low - _EPS), math.floor(high + _EPS)
    if lo > hi:  # no whole count fits exactly (weighted shares): take the nearest wholes
        lo, hi = math.floor(low + _EPS), math.ceil(high - _EPS)
    return max(lo, at_least), max(hi, at_least)


def numerator_range(n: tuple[int, int], share: PercentBounds) -> tuple[int, int]:
    """Whole numbers of cases with the outcome implied by a base ``n`` and a share of it.

    Examples
    --------
    >>> numerator_range((43, 47), parse_percent("12%"))
    (5, 5)
    >>> numerator_range((96, 102), parse_percent("<1%"))
    (1, 1)
    """
    return _whole_range(share.low * n[0], share.high * n[1], 1 if share.positive else 0)


def complement_range(n: tuple[int, int], share: PercentBounds) -> tuple[int, int]:
    """Whole numbers of cases without the outcome implied by a base ``n`` and a share of it.

    Examples
    --------
    >>> complement_range((48, 52), parse_percent("94%"))
    (3, 3)
    """
    return _whole_range((1 - share.high) * n[0], (1 - share.low) * n[1],
                        1 if share.not_all else 0)


def population_complement_range(n: tuple[int, int], share: PercentBounds
                                ) -> tuple[int, int] | None:
    """Where ``n`` is the numerator and the share ``n / N``: the whole range of ``N - n``.

    Used for response tables (respondents and the response rate): ``N - n`` is the number of
    staff who did not respond. None when the share is 0.

    Examples
    --------
    >>> population_complement_range((73, 77), parse_percent("95%"))
    (4, 4)
    """
    if share.high <= 0:
        return None
    low = n[0] * (1 - share.high) / share.high
    high = math.inf if share.low <= 0 else n[1] * (1 - share.low) / share.low
    if math.isinf(high):
        return math.ceil(low - _EPS), 10**12
    return _whole_range(low, high, 1 if share.not_all else 0)
