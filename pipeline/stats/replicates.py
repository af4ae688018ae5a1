"""Bootstrap replicate weights with the raking redone in every replicate.

Method
------
Rao-Wu rescaled bootstrap (Rao & Wu 1988; Rao, Wu & Yue 1992). In each of ``R``
replicates, ``m = n - 1`` respondents are drawn with replacement from the ``n``
respondents (per stratum when ``strata`` is given); with ``m_i`` the times respondent ``i``
was drawn, the replicate base weight is

    d_i^(r) = d_i * (1 - lambda_i + lambda_i * (n / m) * m_i)

The replicate base weights are then *raked again* to the same margins with the same
trimming and missing-value rule as the full sample, so the replicates carry the
calibration's variance reduction (Lumley 2010, sec. 7.3). The variance of any estimator is

    v(theta) = (1 / (R - 1)) * sum_r (theta_r - mean_r theta_r)^2,

the sample variance of the replicate estimates (the scale R's ``survey`` package gives
its bootstrap replicates, ``as.svrepdesign(type = "bootstrap")``: ``1 / (R - 1)``).

Finite-population correction (``fpc``)
    The respondents are ~31% of a finite, fully enumerated population, and the estimand
    is that population's value. Under the quasi-randomisation view, response is Poisson
    sampling with propensities ``pi_i``, whose variance carries a factor ``1 - pi_i`` per
    unit (Sarndal, Swensson & Wretman 1992, sec. 3.5); a with-replacement bootstrap
    (``lambda = 1``) overstates standard errors by about ``1 / sqrt(1 - f)`` (20% at
    f = 0.31).

    * ``"capped"`` (default): ``lambda_i = sqrt(1 - pi_i)`` with the estimated propensity
      ``pi_i = min(1 / w_i, f_h)``, ``f_h = n_h / N_h`` the stratum's response fraction:
      the Poisson factor unit by unit for units that responded less than average, and no
      more correction than the stratum's own fraction for units that responded more.
      The cap is what the coverage simulation asks for (``make validate``,
      docs/statistics.md): with the uncapped ``1 / w_i``, respondents whose weights were
      raked from a group that happened to respond well get ``lambda`` near 0 and the
      standard errors of such groups come out too small (coverage down to 89-91%), because
      their ``1 / w_i`` overstates their propensity.
    * ``"unit"``: ``pi_i = min(1, 1 / w_i)`` (the uncapped Poisson factor).
    * ``"stratum"``: Rao & Wu's ``lambda_h = sqrt(m_h (1 - f_h) / (n_h - 1))`` with
      ``f_h = n_h / N_h`` (one sampling fraction per stratum). Understates the variance
      when propensities vary, because low-propensity (high-weight) units dominate it.
    * ``"none"``: ``lambda = 1`` (with replacement; the superpopulation estimand).

    All multipliers stay non-negative.

References
----------
Rao, J. N. K., & Wu, C. F. J. (1988). Resampling inference with complex survey data.
*Journal of the American Statistical Association*, 83(401), 231-241.
Rao, J. N. K., Wu, C. F. J., & Yue, K. (1992). Some recent work on resampling methods for
complex surveys. *Survey Methodology*, 18(2), 209-217.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Sarndal, C.-E., Swensson, B., & Wretman, J. (1992). *Model Assisted Survey Sampling*.
Springer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.stats.errors import ColumnError, StatsError
from pipeline.stats.weights import RakeResult, _rake_codes


@dataclass(frozen=True)
class ReplicateWeights:
    """Replicate weights and how to turn their spread into a variance.

    Attributes
    ----------
    weights : numpy.ndarray
        Replicate weights, shape (n, R).
    scale : float
        Variance multiplier: ``v = scale * sum_r (theta_r - theta_bar)^2``
        (``1 / (R - 1)``).
    method : str
        Description, e.g. ``rao-wu-bootstrap(fpc=True)``.
    n_not_converged : int
        Replicates whose raking did not reach the tolerance.
    seed : int
        Seed of the resampling.
    sampling_fraction : float, default 0
        The response fraction ``n / N`` the finite-population correction credits (0 with
        ``fpc = "none"``); intervals cap the design effective n at ``n / (1 - f)``
        (:func:`pipeline.stats.intervals.proportion_interval`).
    """

    weights: np.ndarray
    scale: float
    method: str
    n_not_converged: int
    seed: int
    sampling_fraction: float = 0.0

    @property
    def n_replicates(self) -> int:
        """Number of replicates R."""
        return int(self.weights.shape[1])


def rao_wu_multipliers(n_by_stratum: np.ndarray, stratum_code: np.ndarray, n_replicates: int,
                       rng: np.random.Generator, lam: np.ndarray) -> np.ndarray:
    """Rescaled Rao-Wu bootstrap multipliers ``1 - lambda_i + lambda_i * n/(n-1) * m_i``.

    Parameters
    ----------
    n_by_stratum : numpy.ndarray
        Respondents per stratum (each >= 2).
    stratum_code : numpy.ndarray
        Stratum code (0..H-1) of each respondent.
    n_replicates : int
        R.
    rng : numpy.random.Generator
        Random source.
    lam : numpy.ndarray
        Rescaling factor ``lambda_i`` in [0, 1] per respondent (1 = with replacement).

    Returns
    -------
    numpy.ndarray
        Multipliers, shape (n, R); each column averages 1 within each stratum in
        expectation.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> a = rao_wu_multipliers(np.array([4]), np.zeros(4, dtype=int), 3, rng, np.ones(4))
    >>> a.shape, bool((a >= 0).all()), np.allclose(a.sum(axis=0), 4.0)
    ((4, 3), True, True)
    """
    n = stratum_code.size
    out = np.empty((n, n_replicates))
    for h, n_h in enumerate(n_by_stratum):
        rows = np.flatnonzero(stratum_code == h)
        m_h = n_h - 1
        lam_h = lam[rows]
        for r in range(n_replicates):
            draws = np.bincount(rng.integers(0, n_h, size=m_h), minlength=n_h)
            out[rows, r] = 1.0 - lam_h + lam_h * (n_h / m_h) * draws
    return out


FPC_METHODS = ("capped", "unit", "stratum", "none")


def _fpc_name(fpc: str | bool) -> str:
    if fpc is True:
        return "stratum"
    if fpc is False or fpc is None:
        return "none"
    if fpc not in FPC_METHODS:
        raise StatsError(f"fpc must be one of {', '.join(FPC_METHODS)}; got {fpc!r}")
    return str(fpc)


def fpc_factors(weights: np.ndarray, stratum_code: np.ndarray, fpc: str | bool) -> np.ndarray:
    """Rescaling factor ``lambda_i`` per respondent for the chosen correction.

    Parameters
    ----------
    weights : numpy.ndarray
        Full-sample calibrated weights (summing to the population total).
    stratum_code : numpy.ndarray
        Stratum code per respondent.
    fpc : {'capped', 'unit', 'stratum', 'none'} or bool
        See the module docstring.

    Returns
    -------
    numpy.ndarray
        ``lambda_i`` in [0, 1].

    Examples
    --------
    >>> fpc_factors(np.array([1.0, 2.0, 4.0, 5.0]), np.zeros(4, dtype=int), "unit").round(3)
    array([0.   , 0.707, 0.866, 0.894])
    >>> fpc_factors(np.array([1.0, 2.0, 4.0, 5.0]), np.zeros(4, dtype=int), "stratum").round(3)
    array([0.816, 0.816, 0.816, 0.816])

    With ``capped`` no unit is corrected by more than its stratum's fraction (here 4/12):

    >>> fpc_factors(np.array([1.0, 2.0, 4.0, 5.0]), np.zeros(4, dtype=int), "capped").round(3)
    array([0.816, 0.816, 0.866, 0.894])
    """
    name = _fpc_name(fpc)
    n = weights.size
    if name == "none":
        return np.ones(n)
    n_h = np.bincount(stratum_code)
    pop_h = np.bincount(stratum_code, weights=weights)
    if (n_h > pop_h * (1 + 1e-9)).any():
        raise StatsError("fpc: more respondents than population in a stratum")
    if name == "stratum":
        f = (n_h / pop_h)[stratum_code]
        m = n_h[stratum_code] - 1
        return np.sqrt(m * (1 - np.minimum(f, 1.0)) / (n_h[stratum_code] - 1))
    with np.errstate(divide="ignore"):
        pi = np.minimum(1.0, 1.0 / weights)
    if name == "capped":
        pi = np.minimum(pi, (n_h / pop_h)[stratum_code])
    return np.sqrt(1.0 - pi)


def bootstrap_replicates(
    df: pd.DataFrame,
    rake_result: RakeResult,
    *,
    n_replicates: int = 200,
    seed: int = 0,
    fpc: str | bool = "capped",
    strata: str | None = None,
    max_iter: int = 100,
    tol: float = 1e-6,
    chunk: int = 50,
) -> ReplicateWeights:
    """Rao-Wu bootstrap replicate weights, each replicate raked like the full sample.

    Parameters
    ----------
    df : pandas.DataFrame
        The respondents that were raked (same rows and order). Not modified.
    rake_result : RakeResult
        The full-sample raking; its margins, collapse, bounds and missing rule are reused.
    n_replicates : int, default 200
        Number of replicates R.
    seed : int, default 0
        Seed for the resampling.
    fpc : {'capped', 'unit', 'stratum', 'none'}, default 'capped'
        Finite-population correction (see module docstring); ``True`` means ``'stratum'``,
        ``False`` means ``'none'``.
    strata : str, optional
        Column to resample within (e.g. ``cluster``); default: one stratum.
    max_iter, tol : int, float
        Raking settings per replicate.
    chunk : int, default 50
        Replicates raked together (bounds peak memory).

    Returns
    -------
    ReplicateWeights
        Weights (n, R) with variance scale ``1 / (R - 1)``.

    Examples
    --------
    >>> from pipeline.stats.weights import rake
    >>> df = pd.DataFrame({"g": ["a"] * 30 + ["b"] * 20})
    >>> res = rake(df, {"g": pd.Series({"a": 100.0, "b": 100.0})})
    >>> reps = bootstrap_replicates(df, res, n_replicates=20, seed=3)
    >>> reps.weights.shape, reps.n_not_converged
    ((50, 20), 0)
    >>> np.allclose(reps.weights[:30].sum(axis=0), 100.0)
    True
    """
    n = len(df)
    if len(rake_result.weights) != n:
        raise StatsError("rake_result: raked for a different number of respondents than df")
    if n_replicates < 2:
        raise StatsError(f"n_replicates must be >= 2, got {n_replicates!r}")
    if strata is None:
        scode = np.zeros(n, dtype=np.int64)
    else:
        if strata not in df.columns:
            raise ColumnError(f"strata: column {strata!r} is not in the data")
        if df[strata].isna().any():
            raise StatsError(f"strata: column {strata!r} has missing values")
        scode = pd.factorize(df[strata], sort=True)[0].astype(np.int64)
    n_h = np.bincount(scode)
    if (n_h < 2).any():
        raise StatsError("strata: every stratum needs at least 2 respondents")
    pop_total = float(rake_result.weights.sum())
    lam = fpc_factors(rake_result.weights.to_numpy(), scode, fpc)
    rng = np.random.default_rng(seed)
    d = pop_total / n
    weights = np.empty((n, n_replicates))  # filled chunk by chunk: no second copy at the end
    not_conv = 0
    for start in range(0, n_replicates, chunk):
        r = min(chunk, n_replicates - start)
        base = d * rao_wu_multipliers(n_h, scode, r, rng, lam)
        _, w_rep, res = _rake_codes(rake_result.encoded, pop_total, base,
                                    rake_result.missing_margin, max_iter, tol,
                                    rake_result.trim_bounds,
                                    trim_method=rake_result.trim_method,
                                    calibration=rake_result.calibration)
        not_conv += int((~res.converged).sum())
        weights[:, start:start + r] = w_rep
    fraction = 0.0 if _fpc_name(fpc) == "none" else n / pop_total
    return ReplicateWeights(weights=weights, scale=1.0 / (n_replicates - 1),
                            method=f"rao-wu-bootstrap(fpc={_fpc_name(fpc)})",
                            n_not_converged=not_conv,
                            seed=seed, sampling_fraction=fraction)
