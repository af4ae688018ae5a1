"""Calibration helpers: choose an intercept so that a logistic model hits a target mean."""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit


def intercept_for_mean(linear: np.ndarray, target: float) -> float:
    """Return the shift ``c`` such that ``mean(expit(linear + c)) == target``.

    Parameters
    ----------
    linear : numpy.ndarray
        Linear predictor per person, without intercept.
    target : float
        Desired population mean probability, strictly between 0 and 1.

    Returns
    -------
    float
        The intercept.

    Examples
    --------
    >>> lin = np.array([-1.0, 0.0, 1.0])
    >>> c = intercept_for_mean(lin, 0.5)
    >>> round(float(expit(lin + c).mean()), 6)
    0.5
    """
    if not 0.0 < target < 1.0:
        raise ValueError(f"target must lie strictly between 0 and 1, got {target!r}")
    return float(brentq(lambda c: expit(linear + c).mean() - target, -30.0, 30.0, xtol=1e-10))
