"""Group disclosure: 0% or 100% in a small group tells something about every member."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.disclosure.errors import DisclosureInputError
from pipeline.disclosure.rules import DisclosureRules


def group_disclosure_mask(n: pd.Series, n_pos: pd.Series, rules: DisclosureRules) -> pd.Series:
    """Flag proportions of 0% or 100% in groups smaller than ``group_disclosure_max_n``.

    Such an estimate is suppressed (not replaced by a bound such as "<5%": in a group of 12,
    "<5%" still means nobody, so a bound would disclose just the same).

    Parameters
    ----------
    n : pandas.Series
        Unweighted respondents in the base of each cell.
    n_pos : pandas.Series
        Respondents with the outcome; missing for means (never flagged).
    rules : DisclosureRules
        Gives ``group_disclosure_max_n``.

    Returns
    -------
    pandas.Series of bool
        True where the estimate must not be shown.

    Examples
    --------
    >>> n = pd.Series([49, 49, 50, 12, 30])
    >>> n_pos = pd.Series([0, 49, 0, 5, pd.NA], dtype="Int64")
    >>> group_disclosure_mask(n, n_pos, DisclosureRules()).tolist()
    [True, True, False, False, False]
    """
    if len(n) != len(n_pos):
        raise DisclosureInputError(f"n has {len(n)} rows but n_pos has {len(n_pos)}")
    counts = pd.to_numeric(pd.Series(n).reset_index(drop=True), errors="coerce").astype(float)
    positives = pd.to_numeric(pd.Series(n_pos).reset_index(drop=True), errors="coerce")
    positives = positives.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    if np.any(positives > counts.to_numpy()):
        raise DisclosureInputError("n_pos must not exceed n")
    extreme = (positives == 0) | (positives == counts.to_numpy())
    small = counts.to_numpy() < rules.group_disclosure_max_n
    return pd.Series(extreme & small & ~np.isnan(positives), index=pd.Series(n).index)
