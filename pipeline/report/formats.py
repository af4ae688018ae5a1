"""Dutch number formats for report text: ``12,3%``, ``6.370``, intervals with an en dash."""

from __future__ import annotations

import math


def pct(value: float, decimals: int = 0) -> str:
    """Format a proportion as a Dutch percentage.

    Examples
    --------
    >>> pct(0.1234, 1), pct(0.55), pct(float("nan"))
    ('12,3%', '55%', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value * 100:.{decimals}f}".replace(".", ",") + "%"


def pct_interval(low: float, high: float, decimals: int = 0) -> str:
    """Format an interval of proportions.

    Examples
    --------
    >>> pct_interval(0.131, 0.152)
    '13%–15%'
    """
    return f"{pct(low, decimals)}–{pct(high, decimals)}"


def count(value: float) -> str:
    """Format a count with a Dutch thousands separator.

    Examples
    --------
    >>> count(6370), count(12.0)
    ('6.370', '12')
    """
    return f"{round(value):,}".replace(",", ".")


def points(diff: float, decimals: int = 0) -> str:
    """Format a difference of proportions in percentage points, with its sign.

    Examples
    --------
    >>> points(0.052), points(-0.013, 1)
    ('+5 procentpunt', '-1,3 procentpunt')
    """
    return f"{diff * 100:+.{decimals}f}".replace(".", ",") + " procentpunt"


def lower_first(text: str) -> str:
    """Lower-case a label's first letter for use inside a sentence, unless it is an acronym.

    Examples
    --------
    >>> lower_first("Salarisschaal"), lower_first("LHBTIQ+"), lower_first("")
    ('salarisschaal', 'LHBTIQ+', '')
    """
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
