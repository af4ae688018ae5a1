"""The numerator rule: a percentage must not give away a small count with or without the outcome.

A proportion row shows a rounded n and a rounded percentage; together they bound the numerator
(respondents with the outcome) and the complement (those without), see
:mod:`pipeline.disclosure.implied`. "11%; n 10" says that about one person has the outcome.
The rule hides the estimate (n stays shown) when the true count is small and the display pins
it below the threshold, or when the display implies a small count whatever the truth (a
weighted percentage differs from ``n_pos / n``). Exact 0 and exact n are left to the group
rule (:mod:`pipeline.disclosure.group`).

Distribution rows (``measure == "distribution"``) are shares of one whole per (wave,
indicator, breakdown) block: the numerator rule applies to the count of the part (``n_pos``)
with the source's threshold, and a block with exactly one hidden share hides a second one.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pipeline.disclosure.implied import (
    count_values,
    guessed_ranges,
    implied_ranges,
    inside,
    reader_ranges,
)
from pipeline.disclosure.rounding import format_percent, round_count
from pipeline.disclosure.rules import DisclosureRules

DISTRIBUTION = "distribution"
"""Value of the optional ``measure`` column for shares of one whole."""
SHARE = "share"
"""Status of a share hidden so that a hidden share is not 100% minus the rest."""


def distribution_rows(frame: pd.DataFrame) -> np.ndarray:
    """Flag the rows whose ``measure`` is ``"distribution"`` (none without the column).

    Examples
    --------
    >>> distribution_rows(pd.DataFrame({"measure": ["distribution", None, "odds_ratio"]}))
    array([ True, False, False])
    >>> distribution_rows(pd.DataFrame({"n": [1, 2]}))
    array([False, False])
    """
    if "measure" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return (frame["measure"] == DISTRIBUTION).fillna(False).to_numpy(dtype=bool)


def discloses_numerator(
    n: float, n_pos: float, estimate: float, rules: DisclosureRules, source: str
) -> bool:
    """Tell whether a shown proportion gives away a small numerator or complement.

    The reader's view is computed exactly as the gate displays it: n rounded with
    ``round_count(n, round_count, floor=min_n)`` and the estimate with
    ``format_percent(estimate, round_percent)``.

    Parameters
    ----------
    n, n_pos : float
        Unweighted respondents in the base and with the outcome (``0 <= n_pos <= n``).
    estimate : float
        The (weighted) proportion that will be displayed.
    rules : DisclosureRules
        Gives ``min_numerator``, ``min_complement`` and the rounding.
    source : {"survey", "hr", "cbs"}
        Selects the threshold used as the floor of rounded counts.

    Returns
    -------
    bool
        True when (i) the numerator is in ``[1, min_numerator - 1]`` (or the complement in
        ``[1, min_complement - 1]``) and the display pins it below that threshold (no count
        consistent with the display reaches it), or (ii) what the display implies lies
        entirely in ``[1, threshold - 1]`` for numerator or complement. Exact 0 and exact n
        give False (the group rule decides).

    Examples
    --------
    >>> rules = DisclosureRules()
    >>> discloses_numerator(11, 1, 0.11, rules, "survey")     # "11%; n 10"
    True
    >>> discloses_numerator(300, 9, 0.03, rules, "survey")    # "3%; n 300": 8 to 10
    False
    >>> discloses_numerator(300, 40, 0.025, rules, "survey")  # weighted "3%; n 300" still
    False
    >>> discloses_numerator(400, 40, 0.01, rules, "survey")   # weighted "1%; n 400": 2 to 6
    True
    >>> discloses_numerator(300, 297, 0.99, rules, "survey")  # nearly everybody
    True
    >>> discloses_numerator(30, 0, 0.0, rules, "survey")      # 0%: the group rule's case
    False
    """
    n, n_pos, estimate = float(n), float(n_pos), float(estimate)
    if not (math.isfinite(n) and math.isfinite(n_pos) and math.isfinite(estimate)):
        return False
    if n_pos <= 0 or n_pos >= n:
        return False
    min_n = rules.min_n(source)
    shown = round_count(n, rules.round_count, floor=min_n)
    counts = count_values(shown, rules.round_count, floor=min_n)
    text = format_percent(estimate, rules.round_percent)
    numerator, complement = implied_ranges(counts, text, rules.round_percent)
    t_num, t_comp = rules.min_numerator, rules.min_complement
    # (i) a small true count that the display pins below the threshold; no consistent k / n
    # at all (a weighted percentage) pins nothing above it either
    if 0 < n_pos < t_num and (numerator is None or numerator[1] < t_num):
        return True
    if 0 < n - n_pos < t_comp and (complement is None or complement[1] < t_comp):
        return True
    # (ii) what the reader infers, right or wrong
    if numerator is None:
        numerator, complement = guessed_ranges(counts, text, rules.round_percent)
    return inside(numerator, t_num) or inside(complement, t_comp)


def numerator_mask(
    frame: pd.DataFrame, rules: DisclosureRules, source: str, rows: np.ndarray | None = None
) -> np.ndarray:
    """Flag the proportion rows that the numerator rule hides.

    Parameters
    ----------
    frame : pandas.DataFrame
        A validated tidy estimate table (``n``, ``n_pos``, ``estimate``; ``measure``
        optional).
    rules : DisclosureRules
        The rules.
    source : {"survey", "hr", "cbs"}
        The source of the table.
    rows : numpy.ndarray of bool, optional
        Only these rows are checked (the shown ones); all rows by default.

    Returns
    -------
    numpy.ndarray of bool
        True for a proportion row (``n_pos`` present) that :func:`discloses_numerator`
        flags, and for a distribution row whose part counts 1 to ``min_n(source) - 1``.
        Rows of means (``n_pos`` missing) are never flagged.

    Examples
    --------
    >>> t = pd.DataFrame({"n": [11, 300, 40, 25, 30], "n_pos": [1, 9, pd.NA, 4, 0],
    ...     "estimate": [.11, .03, 5.2, .16, 0], "measure": [None] * 3 + ["distribution"] * 2})
    >>> numerator_mask(t, DisclosureRules(), "survey").tolist()
    [True, False, False, True, False]
    """
    checked = np.ones(len(frame), dtype=bool) if rows is None else np.asarray(rows, dtype=bool)
    distribution = distribution_rows(frame)
    n = frame["n"].to_numpy(dtype=float)
    n_pos = pd.to_numeric(frame["n_pos"], errors="coerce").astype("Float64")
    positives = n_pos.to_numpy(dtype=float, na_value=np.nan)
    estimate = frame["estimate"].to_numpy(dtype=float)
    threshold = rules.min_n(source)
    out = np.zeros(len(frame), dtype=bool)
    for i in np.flatnonzero(checked & ~np.isnan(positives)):
        if distribution[i]:
            out[i] = bool(0 < positives[i] < threshold)
        else:
            out[i] = discloses_numerator(n[i], positives[i], estimate[i], rules, source)
    return out


def close_distributions(
    frame: pd.DataFrame, status: np.ndarray, distribution: np.ndarray
) -> np.ndarray:
    """Hide a second share in every distribution block with exactly one hidden share.

    The shares of a (wave, indicator, breakdown) block add to 100%, so one hidden share is
    100% minus the rest. The smallest other shown part (by ``n_pos``) gets the status
    ``"share"`` (estimate hidden, n shown). Withheld and dropped rows are not shown at all
    and do not count.

    Parameters
    ----------
    frame : pandas.DataFrame
        Validated tidy table (``wave``, ``indicator``, ``breakdown``, ``n_pos``).
    status : numpy.ndarray of str
        Status per row (``"shown"`` = estimate shown).
    distribution : numpy.ndarray of bool
        The distribution rows.

    Returns
    -------
    numpy.ndarray of str
        The new status per row.

    Examples
    --------
    >>> t = pd.DataFrame({"wave": 2024, "indicator": "aandeel", "breakdown": "leeftijd",
    ...     "n_pos": [4, 300, 120, 500]})
    >>> close_distributions(t, np.array(["numerator", "shown", "shown", "shown"], dtype=object),
    ...                     np.ones(4, dtype=bool)).tolist()
    ['numerator', 'shown', 'share', 'shown']
    """
    out = np.array(status, dtype=object)
    visible = distribution & ~np.isin(out, ["withheld", "dropped"])
    size = pd.to_numeric(frame["n_pos"], errors="coerce").astype(float).to_numpy()
    estimate = (
        pd.to_numeric(frame["estimate"], errors="coerce").astype(float).to_numpy()
        if "estimate" in frame
        else np.zeros(len(frame))
    )
    keys = frame[["wave", "indicator", "breakdown"]].reset_index(drop=True)
    for rows in keys[visible].groupby(list(keys.columns), sort=False).indices.values():
        positions = np.flatnonzero(visible)[rows]
        if (out[positions] != "shown").sum() != 1:
            continue
        candidates = [int(r) for r in positions if out[r] == "shown"]
        if candidates:
            pick = min(candidates, key=lambda r: (size[r], estimate[r], r))
            out[pick] = SHARE
    return out


def reader_numerator(
    n: float, estimate: float, rules: DisclosureRules, source: str
) -> tuple[int, int] | None:
    """Return what a reader infers of a shown proportion's numerator (rounded n, percentage).

    See :func:`~pipeline.disclosure.implied.reader_ranges`.

    Examples
    --------
    >>> reader_numerator(100, 0.15, DisclosureRules(), "survey")
    (15, 15)
    """
    min_n = rules.min_n(source)
    shown = round_count(float(n), rules.round_count, floor=min_n)
    counts = count_values(shown, rules.round_count, floor=min_n)
    text = format_percent(float(estimate), rules.round_percent)
    numerator, _ = reader_ranges(counts, text, rules.round_percent)
    return numerator


def reveals_hidden_base(
    n: float, estimate: float, rules: DisclosureRules, source: str
) -> bool:
    """Tell whether a shown proportion pins its numerator to within the protection interval.

    The numerator of a proportion may be the base of other tables (the respondents who
    experienced discrimination are the base of the gronden tables). When that base is hidden
    in a group, the proportion of the group may be shown only if what a reader infers of its
    numerator (:func:`reader_numerator`) spans at least the protection interval.

    Examples
    --------
    >>> rules = DisclosureRules()
    >>> reveals_hidden_base(100, 0.15, rules, "survey")    # "15%; n 100": 15 exactly
    True
    >>> reveals_hidden_base(2400, 0.15, rules, "survey")   # 354 to 366
    False
    """
    numerator = reader_numerator(n, estimate, rules, source)
    return numerator is None or numerator[1] - numerator[0] < rules.protection_interval
