"""Confidence intervals for proportions and means on an effective sample size.

All functions are vectorised over numpy arrays.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
inference. *JASA*, 22(158), 209-212.
Korn, E. L., & Graubard, B. I. (1998). Confidence intervals for proportions with small
expected number of positive counts estimated from survey data. *Survey Methodology*, 24(2),
193-201.
Dean, N., & Pagano, M. (2015). Evaluating confidence interval methods for binomial
proportions in clustered surveys. *J. Survey Statistics and Methodology*, 3(4), 484-503.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from pipeline.stats.errors import StatsError


def _z(alpha: float) -> float:
    if not 0 < alpha < 1:
        raise StatsError(f"alpha must be in (0, 1), got {alpha!r}")
    return float(stats.norm.ppf(1 - alpha / 2))


def wilson_interval(p: np.ndarray | float, n_eff: np.ndarray | float, alpha: float = 0.05
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval with the sample size replaced by an effective n.

    Parameters
    ----------
    p : array-like
        Estimated proportions.
    n_eff : array-like
        Effective sample sizes (``n`` for a simple random sample).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits.

    Notes
    -----
    ``(p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)`` with ``n = n_eff``.

    Examples
    --------
    >>> lo, hi = wilson_interval(0.2, 50)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.1124, 0.3304)
    """
    z = _z(alpha)
    p = np.asarray(p, dtype=float)
    n = np.asarray(n_eff, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def korn_graubard_interval(
    p: np.ndarray | float,
    n_eff: np.ndarray | float,
    n: np.ndarray | float,
    df: np.ndarray | float | None = None,
    alpha: float = 0.05,
    sampling_fraction: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Korn-Graubard interval: Clopper-Pearson on the df-adjusted effective sample size.

    Parameters
    ----------
    p : array-like
        Estimated proportions.
    n_eff : array-like
        Effective sample size ``p(1-p) / var(p)`` (``n`` when the variance is 0).
    n : array-like
        Unweighted sample size of the cell.
    df : array-like, optional
        Design degrees of freedom; default ``n - 1`` (no adjustment).
    alpha : float, default 0.05
        1 - confidence level.
    sampling_fraction : float, default 0
        Response fraction ``f`` credited by a finite-population correction: ``n_eff`` is
        capped at ``n / (1 - f)`` instead of ``n``.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits (0 and 1 at p = 0 and p = 1).

    Notes
    -----
    ``n* = min(n, n_eff) * (t_{n-1, alpha/2} / t_{df, alpha/2})^2``, ``x* = p n*``; limits
    are the Beta quantiles ``B(alpha/2; x*, n* - x* + 1)`` and
    ``B(1 - alpha/2; x* + 1, n* - x*)``. Truncating ``n_eff`` at ``n`` (design effect
    below 1 is not credited) follows Korn & Graubard (1998). Under a finite-population
    correction the cap is ``n / (1 - f)``, the effective n of a simple random sample drawn
    without replacement: the design effect the correction itself implies is credited, no
    more (without it the intervals of small groups over-cover; docs/statistics.md).

    Examples
    --------
    With ``n_eff = n`` this is the Clopper-Pearson interval:

    >>> lo, hi = korn_graubard_interval(0.1, 30, 30)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0211, 0.2653)
    """
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    if not 0 <= sampling_fraction < 1:
        raise StatsError(f"sampling_fraction must be in [0, 1), got {sampling_fraction!r}")
    ne = np.minimum(np.asarray(n_eff, dtype=float), n / (1 - sampling_fraction))
    if df is not None:
        dfa = np.asarray(df, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = stats.t.ppf(1 - alpha / 2, n - 1) / stats.t.ppf(1 - alpha / 2, dfa)
        ne = ne * np.where(np.isfinite(ratio), ratio, 1.0) ** 2
    x = p * ne
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.where(x > 0, stats.beta.ppf(alpha / 2, x, ne - x + 1), 0.0)
        hi = np.where(ne - x > 0, stats.beta.ppf(1 - alpha / 2, x + 1, ne - x), 1.0)
    bad = ~(ne > 0) | np.isnan(p)
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def t_interval(estimate: np.ndarray | float, se: np.ndarray | float, df: np.ndarray | float,
               alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric t interval ``estimate -+ t_{df, 1-alpha/2} * se``.

    Parameters
    ----------
    estimate, se : array-like
        Point estimates and standard errors.
    df : array-like
        Degrees of freedom (``inf`` for the normal).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits.

    Examples
    --------
    >>> lo, hi = t_interval(5.0, 0.5, np.inf)
    >>> round(float(lo), 3), round(float(hi), 3)
    (4.02, 5.98)
    """
    _z(alpha)
    est = np.asarray(estimate, dtype=float)
    dfa = np.maximum(np.asarray(df, dtype=float), 1.0)
    q = stats.t.ppf(1 - alpha / 2, dfa) * np.asarray(se, dtype=float)
    return est - q, est + q


def proportion_interval(
    p: np.ndarray,
    se: np.ndarray,
    n: np.ndarray,
    n_kish: np.ndarray,
    *,
    alpha: float = 0.05,
    min_expected: float = 10.0,
    small_n: int = 30,
    sampling_fraction: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Choose and compute the interval for each proportion: Korn-Graubard or Wilson.

    Parameters
    ----------
    p, se : numpy.ndarray
        Estimates and design-based standard errors.
    n : numpy.ndarray
        Unweighted base sizes.
    n_kish : numpy.ndarray
        Kish effective n, used when ``se`` is 0 (p = 0 or 1) or undefined.
    alpha : float, default 0.05
        1 - confidence level.
    min_expected : float, default 10
        Korn-Graubard when ``n_eff * p`` or ``n_eff * (1 - p)`` is below this.
    small_n : int, default 30
        Korn-Graubard when the unweighted base is below this.
    sampling_fraction : float, default 0
        Response fraction credited by the finite-population correction (Korn-Graubard
        caps ``n_eff`` at ``n / (1 - f)``).

    Returns
    -------
    tuple of numpy.ndarray
        ``ci_low``, ``ci_high``, ``ci_method`` (``korn-graubard`` / ``wilson-neff``) and the
        design effective n ``p(1-p)/se^2`` used (capped at ``n / (1 - f)`` for
        Korn-Graubard only).

    Examples
    --------
    >>> lo, hi, method, ne = proportion_interval(np.array([0.02, 0.4]),
    ...     np.array([0.01, 0.02]), np.array([200, 600]), np.array([200.0, 600.0]))
    >>> method.tolist()
    ['korn-graubard', 'wilson-neff']
    """
    p = np.asarray(p, dtype=float)
    se = np.asarray(se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ne = np.where(se > 0, p * (1 - p) / se**2, np.asarray(n_kish, dtype=float))
    ne = np.where(np.isfinite(ne), ne, np.asarray(n_kish, dtype=float))
    use_kg = (ne * p < min_expected) | (ne * (1 - p) < min_expected) | (np.asarray(n) < small_n)
    kg_lo, kg_hi = korn_graubard_interval(p, ne, n, alpha=alpha,
                                          sampling_fraction=sampling_fraction)
    w_lo, w_hi = wilson_interval(p, ne, alpha)
    lo = np.where(use_kg, kg_lo, w_lo)
    hi = np.where(use_kg, kg_hi, w_hi)
    method = np.where(use_kg, "korn-graubard", "wilson-neff").astype(object)
    return lo, hi, method, ne
