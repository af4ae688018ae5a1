"""Psychological safety scale: reverse coding, scale score, Cronbach's alpha.

Edmondson's (1999) team psychological safety scale has seven items answered 1-7; items 1,
3 and 5 are negatively worded and reversed as ``8 - x``. The canonical survey data hold the
*raw* answers (``ps1``...``ps7`` as asked), so :func:`scale_score` reverses them itself;
pass ``already_reversed=True`` if a frame was reverse-coded earlier. The score is the mean
of the answered items when at least ``min_answered`` (5) of the 7 are answered, else NA.
The mean score per group is then an ordinary weighted mean
(``estimate_all(..., means=["ps_score"])``).

References
----------
Edmondson, A. (1999). Psychological safety and learning behavior in work teams.
*Administrative Science Quarterly*, 44(2), 350-383.
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
*Psychometrika*, 16(3), 297-334.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.stats.errors import ColumnError, StatsError

PS_ITEMS = tuple(f"ps{i}" for i in range(1, 8))
PS_REVERSED = ("ps1", "ps3", "ps5")


def _items(df: pd.DataFrame, items: Sequence[str], low: int, high: int) -> pd.DataFrame:
    absent = [c for c in items if c not in df.columns]
    if absent:
        raise ColumnError(f"items: column(s) {absent} not in the data")
    block = df[list(items)].apply(pd.to_numeric, errors="coerce").astype(float)
    out_of_range = (block < low) | (block > high)
    if out_of_range.any().any():
        bad = block.columns[out_of_range.any()].tolist()
        raise StatsError(f"items {bad}: values outside {low}-{high}")
    return block


def reverse_items(df: pd.DataFrame, reversed_items: Sequence[str] = PS_REVERSED,
                  *, low: int = 1, high: int = 7) -> pd.DataFrame:
    """Copy of ``df`` with ``reversed_items`` recoded as ``low + high - x``.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents. Not modified.
    reversed_items : sequence of str, default ('ps1', 'ps3', 'ps5')
        Negatively worded items.
    low, high : int, default 1, 7
        Answer scale.

    Returns
    -------
    pandas.DataFrame
        A copy with the items reversed (as float).

    Examples
    --------
    >>> reverse_items(pd.DataFrame({"ps1": [1, 7, None]}), ["ps1"])["ps1"].tolist()
    [7.0, 1.0, nan]
    """
    out = df.copy()
    out[list(reversed_items)] = low + high - _items(df, reversed_items, low, high)
    return out


def scale_score(
    df: pd.DataFrame,
    items: Sequence[str] = PS_ITEMS,
    reversed_items: Sequence[str] = PS_REVERSED,
    *,
    min_answered: int = 5,
    already_reversed: bool = False,
    low: int = 1,
    high: int = 7,
) -> pd.Series:
    """Mean of the (reverse-coded) items when at least ``min_answered`` are answered.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents with raw item answers.
    items : sequence of str, default ps1..ps7
        Items of the scale.
    reversed_items : sequence of str, default ('ps1', 'ps3', 'ps5')
        Items reversed as ``low + high - x`` (unless ``already_reversed``).
    min_answered : int, default 5
        Minimum answered items for a score.
    already_reversed : bool, default False
        The input is already reverse-coded; do not reverse again.
    low, high : int, default 1, 7
        Answer scale.

    Returns
    -------
    pandas.Series
        Float score (NA when too few items answered), named ``ps_score``.

    Examples
    --------
    >>> df = pd.DataFrame({f"ps{i}": [1, 1] for i in range(1, 8)})
    >>> df.loc[1, ["ps6", "ps7", "ps2"]] = None
    >>> scale_score(df).round(4).tolist()
    [3.5714, nan]
    """
    block = _items(df, items, low, high)
    if not 1 <= min_answered <= len(items):
        raise StatsError(f"min_answered must be in 1..{len(items)}, got {min_answered!r}")
    if not already_reversed:
        rev = [c for c in reversed_items if c in block.columns]
        block[rev] = low + high - block[rev]
    answered = block.notna().sum(axis=1)
    score = block.mean(axis=1).where(answered >= min_answered)
    return score.rename("ps_score")


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of a scale with its confidence interval.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha.
    ci_low, ci_high : float
        Confidence interval (Feldt, Woodruff & Salih 1987), rounded to three decimals.
    n : int
        Complete cases used (listwise deletion).
    items : int
        Number of items.
    level : float
        Confidence level of the interval (0.95).
    """

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    items: int
    level: float = 0.95


def cronbach_alpha(
    df: pd.DataFrame,
    items: Sequence[str] = PS_ITEMS,
    reversed_items: Sequence[str] = PS_REVERSED,
    *,
    already_reversed: bool = False,
    low: int = 1,
    high: int = 7,
    level: float = 0.95,
) -> Alpha:
    """Cronbach's alpha with its confidence interval on complete cases, after reverse coding.

    Computed by :func:`pingouin.cronbach_alpha` (tested against R's ``psych::alpha``) on the
    complete cases, so that the interval's degrees of freedom count only the respondents who
    answered every item.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents with raw item answers.
    items, reversed_items : sequence of str
        As in :func:`scale_score`.
    already_reversed : bool, default False
        The input is already reverse-coded.
    low, high : int, default 1, 7
        Answer scale.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Alpha
        Alpha, its interval and the number of complete cases used.

    Notes
    -----
    ``alpha = k / (k - 1) * (1 - sum var(item) / var(total))`` with sample variances
    (unweighted, as a property of the instrument). The interval is Feldt's:
    ``1 - (1 - alpha) * F`` with the ``F`` quantiles of ``n - 1`` and ``(n - 1)(k - 1)``
    degrees of freedom.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 6]})
    >>> a = cronbach_alpha(df, ["a", "b", "c"], [])
    >>> round(a.alpha, 4), a.n, (a.ci_low, a.ci_high)
    (0.9648, 5, (0.822, 0.996))
    """
    import pingouin  # imported here: pipeline.stats stays quick to import

    block = _items(df, items, low, high)
    if not already_reversed:
        rev = [c for c in reversed_items if c in block.columns]
        block[rev] = low + high - block[rev]
    complete = block.dropna()
    k = block.shape[1]
    if k < 2 or len(complete) < 2:
        raise StatsError(f"cronbach_alpha needs >= 2 items and >= 2 complete cases, got "
                         f"{k} items and {len(complete)} cases")
    if not complete.sum(axis=1).var(ddof=1) > 0:
        return Alpha(np.nan, np.nan, np.nan, len(complete), k, level)
    alpha, (ci_low, ci_high) = pingouin.cronbach_alpha(complete, ci=level)
    return Alpha(float(alpha), float(ci_low), float(ci_high), len(complete), k, level)
