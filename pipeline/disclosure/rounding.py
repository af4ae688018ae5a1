"""Rounding and Dutch number format of published counts, percentages and means."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from pipeline.disclosure.errors import DisclosureInputError


def round_count(value: float, base: int, floor: int = 0) -> int:
    """Round a count to the nearest multiple of ``base``, never below ``floor``.

    Halves round up. When rounding would fall below ``floor`` (the primary threshold), the
    next multiple at or above ``floor`` is taken, so a published count never drops below it.

    Parameters
    ----------
    value : float
        A non-negative count.
    base : int
        Round to a multiple of this; 1 keeps whole counts.
    floor : int, default 0
        Smallest value the rounded count may take (when ``value >= floor``).

    Returns
    -------
    int

    Examples
    --------
    >>> [round_count(v, 5) for v in (10, 12, 13, 17.5)]
    [10, 10, 15, 20]
    >>> round_count(10, 3, floor=10)
    12
    """
    if base < 1:
        raise DisclosureInputError(f"base must be an integer >= 1, got {base!r}")
    if not math.isfinite(value) or value < 0:
        raise DisclosureInputError(f"value must be a finite count >= 0, got {value!r}")
    rounded = math.floor(value / base + 0.5) * base
    if value >= floor > rounded:
        rounded = math.ceil(floor / base) * base
    return rounded


def _dutch(number: float, decimals: int) -> str:
    text = str(Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = ".".join(groups) + ("," + fraction if fraction else "")
    if sign and set(body) <= set("0.,"):
        sign = ""
    return sign + body


def format_count(value: float) -> str:
    """Format a count in Dutch style (dot between thousands).

    Examples
    --------
    >>> format_count(22000), format_count(15)
    ('22.000', '15')
    """
    return _dutch(float(value), 0)


def format_percent(proportion: float, decimals: int) -> str:
    """Format a proportion (0-1) as a Dutch percentage with a decimal comma.

    A proportion above 0 that would round to 0% is shown as ``<`` the smallest step, and one
    below 1 that would round to 100% as ``>`` 100 minus that step, so rounding never fakes
    an extreme.

    Examples
    --------
    >>> format_percent(0.1234, 1), format_percent(0.5, 0), format_percent(0.001, 0)
    ('12,3%', '50%', '<1%')
    >>> format_percent(0.9996, 1)
    '>99,9%'
    """
    if not math.isfinite(proportion):
        raise DisclosureInputError(f"proportion must be finite, got {proportion!r}")
    step = 10.0**-decimals
    percent = 100.0 * proportion
    shown = _dutch(percent, decimals)
    if 0 < percent and float(shown.replace(".", "").replace(",", ".")) == 0:
        return f"<{_dutch(step, decimals)}%"
    if percent < 100 and float(shown.replace(".", "").replace(",", ".")) >= 100:
        return f">{_dutch(100 - step, decimals)}%"
    return f"{shown}%"


def format_number(value: float, decimals: int) -> str:
    """Format a number (a mean) with a decimal comma.

    Examples
    --------
    >>> format_number(5.25, 1), format_number(1234.5, 0)
    ('5,3', '1.235')
    """
    if not math.isfinite(value):
        raise DisclosureInputError(f"value must be finite, got {value!r}")
    return _dutch(float(value), decimals)
