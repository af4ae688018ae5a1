"""Logistic calibration: weights that are inverse logistic response propensities.

The alternative to raking, chosen with ``weighting.calibration: logistic``. Raking gives
each respondent the weight ``d_i exp(x_i' eta)``: a response propensity that is
multiplicative (log-linear) in the margins. Everyone on the HR register was invited, so the
design weight is 1 and a weight is ``1 / p_i``; a logistic response model
``p_i = 1 / (1 + exp(-x_i' eta))`` gives the weight

    w_i = b_i (1 + exp(x_i' eta))

with ``eta`` such that every margin holds, ``sum_i w_i x_i = T`` (Kott 2006; Kott & Liao
2017): the response propensity fitted by calibration instead of by maximum likelihood, so the
margins hold exactly. ``b_i`` is 1 in the full sample and the resampling multiplier in a
bootstrap replicate. The weight is never below ``b_i`` (a propensity is at most 1).

Method
------
Subtracting ``sum_i b_i x_i`` from both sides turns the margin equations into
``sum_i b_i exp(x_i' eta) x_i = T - sum_i b_i x_i``: the raking of the base weights ``b`` to
the *non-respondent* totals. So the weights are ``b`` plus the raking (or bounded raking) of
``b`` to the population minus the respondents, per category; solution, uniqueness and
convergence are those of raking. Trimming bounds mean what they mean for raking: the weight
within ``[lower, upper]`` times the mean weight ``D = N / n``, that is the odds of
non-response ``exp(x_i' eta)`` within ``[lower D - 1, upper D - 1]``, which the raking of the
odds gets relative to their mean ``D - 1`` (a lower bound below ``1 / D`` is no bound: the
weight is at least 1 anyway).

A category with at least as many (resampled) respondents as population has no solution (its
respondents would need a propensity of 1 or more); its column is reported as not converged
and the full-sample weighting stops with an error that names the category.

References
----------
Kott, P. S. (2006). Using calibration weighting to adjust for nonresponse and coverage
errors. *Survey Methodology*, 32(2), 133-142.
Kott, P. S., & Liao, D. (2017). Calibration weighting for nonresponse that is not missing at
random: allowing more calibration than response-model variables. *Journal of Survey
Statistics and Methodology*, 5(2), 159-174.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from pipeline.stats.errors import StatsError
from pipeline.stats.ipf import IpfResult, column_targets

CALIBRATIONS = ("raking", "logistic")

Fit = Callable[..., IpfResult]


def nonrespondent_targets(codes: np.ndarray, targets: Sequence[np.ndarray],
                          b: np.ndarray) -> list[np.ndarray]:
    """Return the population minus the (resampled) respondents per category and column.

    Parameters
    ----------
    codes : numpy.ndarray
        Integer margin codes, shape (n, M), all >= 0.
    targets : sequence of numpy.ndarray
        Population totals per category for each margin.
    b : numpy.ndarray
        Design weights relative to the census (1, or the bootstrap multiplier), (n, R).

    Returns
    -------
    list of numpy.ndarray
        Per margin, shape (K_m, R).

    Examples
    --------
    >>> codes = np.array([[0], [0], [1]])
    >>> nonrespondent_targets(codes, [np.array([5.0, 4.0])], np.ones((3, 1)))[0].ravel()
    array([3., 3.])
    """
    out = []
    for m, t in enumerate(targets):
        k = len(t)
        resp = np.stack([np.bincount(codes[:, m], weights=b[:, r], minlength=k)
                         for r in range(b.shape[1])], axis=1)
        out.append(column_targets(t) - resp)
    return out


def odds_bounds(bounds: tuple[float, float] | None,
                design_weight: float) -> tuple[float, float] | None:
    """Turn bounds on the weight relative to its mean into bounds on the odds of non-response.

    Parameters
    ----------
    bounds : tuple of float or None
        ``(lower, upper)`` of ``w / mean(w)``.
    design_weight : float
        ``D = N / n``, the mean weight.

    Returns
    -------
    tuple of float or None
        ``(lower, upper)`` of ``odds / mean(odds)``, with mean odds ``D - 1``.

    Examples
    --------
    >>> [round(b, 4) for b in odds_bounds((0.3, 3.0), 3.2)]  # odds 0 .. 8.6, mean 2.2
    [0.0, 3.9091]
    """
    if bounds is None:
        return None
    lower, upper = bounds
    d = float(design_weight)
    if d <= 1.0:
        raise StatsError(f"calibration 'logistic': population / respondents is {d:g}; it "
                         f"needs fewer respondents than staff")
    return max(0.0, (lower * d - 1.0) / (d - 1.0)), (upper * d - 1.0) / (d - 1.0)


def calibrate_logistic(fit: Fit, codes: np.ndarray, targets: Sequence[np.ndarray],
                       base: np.ndarray, design_weight: float, *,
                       bounds: tuple[float, float] | None = None, **options) -> IpfResult:
    """Logistic calibration of every column of a base-weight matrix to the margins.

    Parameters
    ----------
    fit : callable
        The raking that solves the margins: :func:`pipeline.stats.ipf.rake_matrix` (clip
        and re-rake) or :func:`pipeline.stats.bounded.rake_bounded_matrix`.
    codes : numpy.ndarray
        Integer margin codes, shape (n, M), all >= 0.
    targets : sequence of numpy.ndarray
        Population total per category for each of the M margins.
    base : numpy.ndarray
        Base weights, (n,) or (n, R): the design weight times the bootstrap multiplier.
    design_weight : float
        The base weight of a respondent in the full sample (``N / n``): ``b = base /
        design_weight`` is 1 there and the resampling multiplier in a replicate.
    bounds : tuple of float, optional
        ``(lower, upper)`` of the weight relative to the mean weight (:func:`odds_bounds`).
    **options
        Passed to ``fit`` (``max_iter``, ``tol``).

    Returns
    -------
    IpfResult
        Weights ``b (1 + exp(x' eta))``; ``converged`` is False for a column in which a
        category has no non-respondents left.

    Examples
    --------
    One margin: post-stratification of the odds, so ``w = N_k / n_k`` in category ``k``.

    >>> from pipeline.stats.ipf import rake_matrix
    >>> codes = np.array([[0], [0], [1], [1], [1]])
    >>> res = calibrate_logistic(rake_matrix, codes, [np.array([10.0, 6.0])], np.full(5, 3.2),
    ...                          3.2)
    >>> np.round(res.weights[:, 0], 6).tolist()
    [5.0, 5.0, 2.0, 2.0, 2.0]
    """
    d = np.asarray(base, dtype=float)
    if d.ndim == 1:
        d = d[:, None]
    b = d / float(design_weight)
    excess = nonrespondent_targets(codes, targets, b)
    possible = np.ones(b.shape[1], dtype=bool)
    floored = []
    for m, ex in enumerate(excess):
        tg = column_targets(targets[m])
        tiny = 1e-9 * np.maximum(tg, 1.0)
        possible &= ~((ex <= tiny) & (tg > 0)).any(axis=0)
        floored.append(np.maximum(ex, tiny))
    res = fit(codes, floored, b, bounds=odds_bounds(bounds, design_weight), **options)
    return IpfResult(b + res.weights, res.iterations, res.max_diff, res.converged & possible,
                     res.trimming_rounds)


def impossible_categories(codes: np.ndarray, targets: Sequence[np.ndarray],
                          labels: Sequence[Sequence[str]], names: Sequence[str]) -> list[str]:
    """Name the categories with at least as many respondents as population.

    Parameters
    ----------
    codes : numpy.ndarray
        Margin codes of the complete respondents, (n, M).
    targets : sequence of numpy.ndarray
        Population totals per category.
    labels : sequence of sequence of str
        Category labels per margin.
    names : sequence of str
        Margin names.

    Returns
    -------
    list of str
        ``"margin=category (n respondents, N staff)"`` per impossible category.

    Examples
    --------
    >>> impossible_categories(np.array([[0], [0], [1]]), [np.array([2.0, 5.0])],
    ...                       [["a", "b"]], ["g"])
    ['g=a (2 respondents, 2 staff)']
    """
    out = []
    for m, t in enumerate(targets):
        resp = np.bincount(codes[:, m], minlength=len(t))
        for k in np.flatnonzero((resp >= t) & (t > 0)):
            out.append(f"{names[m]}={labels[m][k]} ({resp[k]} respondents, {t[k]:g} staff)")
    return out
