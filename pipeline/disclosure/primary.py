"""Primary suppression: hide counts below the threshold of their source."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.disclosure.errors import DisclosureInputError
from pipeline.disclosure.rules import DisclosureRules


def primary_mask(
    counts: Sequence[float] | np.ndarray, rules: DisclosureRules, source: str
) -> np.ndarray:
    """Flag the counts that primary suppression hides.

    Parameters
    ----------
    counts : array-like of float
        Unweighted respondents (survey), staff counts (HR) or CBS group sizes.
    rules : DisclosureRules
        The thresholds.
    source : {"survey", "hr", "cbs"}
        Selects the threshold (``survey_min_n``, ``hr_min_n``, ``cbs_min_n``).

    Returns
    -------
    numpy.ndarray of bool
        True where the count is below the threshold (a missing count is also hidden).

    Examples
    --------
    >>> primary_mask([9, 10, 11, 0], DisclosureRules(), "survey").tolist()
    [True, False, False, True]
    >>> primary_mask([249, 250], DisclosureRules(), "cbs").tolist()
    [True, False]
    """
    threshold = rules.min_n(source)
    values = np.asarray(counts, dtype=float)
    if values.ndim != 1:
        raise DisclosureInputError(f"counts must be one-dimensional, got {values.ndim} dimensions")
    if np.any(values < 0):
        raise DisclosureInputError("counts must be >= 0")
    return ~(values >= threshold)
