"""Vectorised iterative proportional fitting (raking) with weight trimming.

Works on integer margin codes and a weight *matrix* (n respondents x R columns), so the
full-sample weights (R = 1) and all bootstrap replicates (R = 200) are raked by the same
code in one pass: category totals are ``np.bincount`` (one column) or a sparse indicator
matrix times the weight matrix (many columns).

Trimming bounds apply to the calibration *adjustment* ``g = w / d`` relative to its
weighted mean ``sum(w) / sum(d)``. With equal base weights ``d`` (the full sample) this is
exactly "weights within ``[lower, upper]`` times the mean weight"; in a bootstrap replicate,
whose base weights are resampling multipliers, it applies the same rule to the adjustment
and leaves the resampling itself alone.

References
----------
Deming, W. E., & Stephan, F. F. (1940). On a least squares adjustment of a sampled
frequency table when the expected marginal totals are known. *Annals of Mathematical
Statistics*, 11(4), 427-444.
Kalton, G., & Flores-Cervantes, I. (2003). Weighting methods. *Journal of Official
Statistics*, 19(2), 81-97.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class IpfResult:
    """Output of :func:`rake_matrix`.

    Attributes
    ----------
    weights : numpy.ndarray
        Raked weights, shape (n, R).
    iterations : int
        Sweeps over all margins performed.
    max_diff : numpy.ndarray
        Largest relative margin difference per column after the last sweep.
    converged : numpy.ndarray
        Boolean per column: margins within ``tol`` and weights within the bounds.
    trimming_rounds : int
        Sweeps in which at least one weight was trimmed.
    """

    weights: np.ndarray
    iterations: int
    max_diff: np.ndarray
    converged: np.ndarray
    trimming_rounds: int


def _indicators(codes: np.ndarray, sizes: list[int]) -> list[sparse.csr_matrix]:
    n = codes.shape[0]
    rows = np.arange(n)
    return [sparse.csr_matrix((np.ones(n), (codes[:, m], rows)), shape=(k, n))
            for m, k in enumerate(sizes)]


def column_targets(target: np.ndarray) -> np.ndarray:
    """Targets as (K, 1) (shared by all columns) or (K, R) (one per column)."""
    t = np.asarray(target, dtype=float)
    return t[:, None] if t.ndim == 1 else t


def _totals(code: np.ndarray, k: int, ind: sparse.csr_matrix, w: np.ndarray) -> np.ndarray:
    if w.shape[1] == 1:
        return np.bincount(code, weights=w[:, 0], minlength=k)[:, None]
    return np.asarray(ind @ w)


def rake_matrix(
    codes: np.ndarray,
    targets: tuple[np.ndarray, ...] | list[np.ndarray],
    base: np.ndarray,
    *,
    max_iter: int = 100,
    tol: float = 1e-6,
    bounds: tuple[float, float] | None = None,
) -> IpfResult:
    """Rake every column of a base-weight matrix to the same population margins.

    Parameters
    ----------
    codes : numpy.ndarray
        Integer margin codes, shape (n, M), all >= 0 (no missing values).
    targets : sequence of numpy.ndarray
        Population total per category for each of the M margins: shape (K_m,) for every
        column alike, or (K_m, R) per column (the logistic calibration of
        :mod:`pipeline.stats.logistic` rakes each replicate to its own targets).
    base : numpy.ndarray
        Base (design or bootstrap) weights, shape (n,) or (n, R). Not modified.
    max_iter : int, default 100
        Maximum number of sweeps over all margins.
    tol : float, default 1e-6
        Convergence criterion: the largest relative difference
        ``|weighted total - target| / target`` over all categories.
    bounds : tuple of float, optional
        ``(lower, upper)`` bounds of the adjustment relative to its mean, e.g. (0.3, 3.0).

    Returns
    -------
    IpfResult
        Raked weights (n, R) and convergence information.

    Notes
    -----
    One sweep multiplies, for each margin in turn, the weights of category ``k`` by
    ``target_k / total_k``; then, if bounds are given, clips ``g = w / d`` to
    ``[lower * mean(g), upper * mean(g)]``. Iteration stops when, after a sweep, the
    margins are within ``tol`` and no weight lies outside the bounds (by more than
    ``tol`` relative). A category with zero total in a column (a bootstrap replicate that
    drew none of its respondents) is left out of that column's adjustment and criterion.

    Examples
    --------
    >>> codes = np.array([[0, 0], [0, 1], [1, 0], [1, 1], [1, 1]])
    >>> res = rake_matrix(codes, [np.array([50.0, 50.0]), np.array([40.0, 60.0])],
    ...                   np.ones(5))
    >>> bool(res.converged[0])
    True
    >>> np.round(np.bincount(codes[:, 0], res.weights[:, 0]), 4).tolist()
    [50.0, 50.0]
    """
    w = np.array(base, dtype=float, copy=True)
    if w.ndim == 1:
        w = w[:, None]
    # the base weights are only read: no copy of them (an (n, R) matrix can be large)
    d = np.asarray(base, dtype=float) if np.ndim(base) == 2 else w.copy()
    sizes = [len(t) for t in targets]
    tg = [column_targets(t) for t in targets]
    inds = _indicators(codes, sizes) if w.shape[1] > 1 else [None] * len(sizes)
    cols = [np.ascontiguousarray(codes[:, m]) for m in range(codes.shape[1])]
    positive_d = d > 0
    sum_d = d.sum(axis=0)
    trimming_rounds = 0
    max_diff = np.full(w.shape[1], np.inf)
    converged = np.zeros(w.shape[1], dtype=bool)
    iterations = 0
    for sweep in range(1, max_iter + 1):
        iterations = sweep
        for m, k in enumerate(sizes):
            tot = _totals(cols[m], k, inds[m], w)
            factor = np.divide(tg[m], tot, out=np.ones_like(tot), where=tot > 0)
            w *= factor[cols[m]]
        outside = np.zeros(w.shape[1], dtype=bool)
        if bounds is not None:
            lower, upper = bounds
            g = np.divide(w, d, out=np.zeros_like(w), where=positive_d)
            gbar = w.sum(axis=0) / sum_d
            lo, hi = lower * gbar, upper * gbar
            bad = positive_d & ((g > hi * (1 + tol)) | (g < lo * (1 - tol)))
            outside = bad.any(axis=0)
            if outside.any():
                trimming_rounds += 1
                np.clip(g, lo, hi, out=g)  # in place: same values as
                g *= d                     # np.where(positive_d, clip(g) * d, 0) without
                g[~positive_d] = 0.0       # three (n, R) temporaries
                w = g
        diffs = np.zeros(w.shape[1])
        for m, k in enumerate(sizes):
            tot = _totals(cols[m], k, inds[m], w)
            rel = np.where(tot > 0, np.abs(tot - tg[m]) / tg[m], 0.0)
            diffs = np.maximum(diffs, rel.max(axis=0))
        max_diff = diffs
        converged = (diffs < tol) & ~outside
        if converged.all():
            break
    return IpfResult(w, iterations, max_diff, converged, trimming_rounds)
