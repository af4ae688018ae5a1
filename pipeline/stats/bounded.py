"""Bounded raking: raking-ratio calibration with the adjustments kept inside bounds.

The alternative to clip-and-re-rake trimming (:mod:`pipeline.stats.ipf`), chosen with
``weighting.trim_method: bounded``. It computes the solution of R's
``survey::calibrate(design, ~ m1 + m2 + ..., population, calfun = "raking",
bounds = c(lower, upper))``: the adjustments

    g_i = clip(exp(x_i' eta), lower, upper)

(``x_i`` the 0/1 category indicators of respondent ``i``) with ``eta`` such that every margin
holds, ``sum_i d_i g_i x_i = T``. They minimise the raking distance
``sum_i d_i (g_i log g_i - g_i + 1)`` to the base weights ``d`` subject to the margins and
``lower <= g_i <= upper`` (Deville & Sarndal 1992; the "truncated raking ratio" method of
Deville, Sarndal & Sautory 1993). The solution is unique whenever one exists, so, unlike
clipping inside the IPF loop, it does not depend on the order of the margins or on how the
iterations went. Without binding bounds it is exactly the raking solution.

Method
------
``eta`` minimises the convex dual ``F(eta) = sum_i d_i G(x_i' eta) - eta' T`` where ``G`` is
the antiderivative of ``clip(exp(u), lower, upper)``; ``grad F`` is the margin misfit. Each
iteration takes a Newton step (pseudo-inverse of the Hessian
``X' diag(d_i exp(u_i) [lower < exp(u_i) < upper]) X``; a category whose respondents are all
at a bound gets the IPF step ``log(T_k / total_k)`` instead) and halves it until ``F``
decreases (Armijo; near the solution, where that decrease is below the rounding error of
``F``, until the misfit decreases). Iteration stops when the largest relative margin
difference is below ``tol``; bounds that no weighting can meet leave it not converged. R's
``grake`` takes Newton steps without a line search, with a derivative that switches at
``u = lower - 1`` and ``u = upper - 1`` instead of at the bounds; it reaches the same solution
when it converges, and in a few bootstrap replicates of ``tests/r/crosscheck.R`` it stalls.

Bounds are relative to the mean adjustment ``sum(T) / sum(d)``, as for clipping: for the full
sample with base weights ``N / n`` that mean is 1 and the bounds are R's; in a bootstrap
replicate they bound the adjustment of the replicate's base weights.

References
----------
Deville, J.-C., & Sarndal, C.-E. (1992). Calibration estimators in survey sampling. *Journal
of the American Statistical Association*, 87(418), 376-382.
Deville, J.-C., Sarndal, C.-E., & Sautory, O. (1993). Generalized raking procedures in survey
sampling. *Journal of the American Statistical Association*, 88(423), 1013-1020.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*, ch. 7. Wiley.
"""

from __future__ import annotations

from itertools import combinations_with_replacement

import numpy as np
from scipy import sparse

from pipeline.stats.ipf import IpfResult, column_targets, rake_matrix

_ARMIJO = 1e-4
_MAX_HALVINGS = 30


def _indicator(code: np.ndarray, k: int) -> sparse.csr_matrix:
    n = code.size
    return sparse.csr_matrix((np.ones(n), (code, np.arange(n))), shape=(k, n))


def _antiderivative(u: np.ndarray, log_lo: np.ndarray, log_hi: np.ndarray,
                    lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """``G(u)``: ``exp(u)`` between the log bounds, continued linearly outside (C1)."""
    inside = np.exp(np.clip(u, log_lo, log_hi))
    return inside + lo * np.minimum(u - log_lo, 0.0) + hi * np.maximum(u - log_hi, 0.0)


def rake_bounded_matrix(
    codes: np.ndarray,
    targets: tuple[np.ndarray, ...] | list[np.ndarray],
    base: np.ndarray,
    *,
    bounds: tuple[float, float] | None,
    max_iter: int = 100,
    tol: float = 1e-6,
) -> IpfResult:
    """Bounded raking of every column of a base-weight matrix to the same margins.

    Parameters
    ----------
    codes : numpy.ndarray
        Integer margin codes, shape (n, M), all >= 0.
    targets : sequence of numpy.ndarray
        Population total per category for each of the M margins, shape (K_m,) or (K_m, R)
        (one per column).
    base : numpy.ndarray
        Base (design or bootstrap) weights, shape (n,) or (n, R). Not modified.
    bounds : tuple of float or None
        ``(lower, upper)`` bounds of the adjustment ``w / d`` relative to its mean. ``None``:
        plain raking (:func:`pipeline.stats.ipf.rake_matrix`).
    max_iter : int, default 100
        Maximum Newton iterations.
    tol : float, default 1e-6
        Largest relative margin difference accepted.

    Returns
    -------
    IpfResult
        Weights (n, R); ``trimming_rounds`` counts iterations that ended with a weight at a
        bound; ``converged`` is False where the margins were not met (e.g. bounds that no
        weighting can satisfy).

    Examples
    --------
    >>> codes = np.array([[0, 0], [0, 1], [1, 0], [1, 1], [1, 1]])
    >>> res = rake_bounded_matrix(codes, [np.array([50.0, 50.0]), np.array([40.0, 60.0])],
    ...                           np.full(5, 20.0), bounds=(0.8, 1.3), tol=1e-10)
    >>> bool(res.converged[0]), np.round(res.weights[:, 0], 3).tolist()
    (True, [24.0, 26.0, 16.0, 17.0, 17.0])
    """
    if bounds is None:
        return rake_matrix(codes, targets, base, max_iter=max_iter, tol=tol)
    lower, upper = bounds
    d_all = np.asarray(base, dtype=float)
    if d_all.ndim == 1:
        d_all = d_all[:, None]
    n_cols = d_all.shape[1]
    sizes = [len(t) for t in targets]
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    problem = _Problem(codes, sizes, offsets, targets)
    base_tot = np.asarray(problem.x_all @ d_all)                 # (K, R)
    present_all = base_tot > 0                                   # empty category: left out
    tg_all = np.where(present_all, problem.target, 0.0)
    gbar = tg_all[:sizes[0]].sum(axis=0) / d_all.sum(axis=0)     # mean adjustment per column
    eta = np.zeros((int(offsets[-1]), n_cols))
    eta[:sizes[0]] = np.log(gbar)
    max_diff = np.full(n_cols, np.inf)
    converged = np.zeros(n_cols, dtype=bool)
    at_bound = np.zeros(max_iter + 1, dtype=bool)
    iterations = 0
    cols = np.arange(n_cols)

    def start(cols: np.ndarray) -> _State:
        return _State(problem, d_all[:, cols], tg_all[:, cols], present_all[:, cols],
                      lower * gbar[cols], upper * gbar[cols], eta[:, cols])

    state = start(cols)
    for it in range(max_iter + 1):
        max_diff[cols] = state.max_diff()
        done = max_diff[cols] < tol
        converged[cols[done]] = True
        at_bound[it] = state.any_at_bound()
        eta[:, cols] = state.eta
        if done.all() or it == max_iter:
            break
        if done.any():                                           # go on with the others
            cols = cols[~done]
            state = start(cols)
        iterations = it + 1
        state.newton_step()
    u = problem.linear(eta)
    lo, hi = lower * gbar, upper * gbar
    w = d_all * np.clip(np.exp(np.minimum(u, np.log(hi) + 1.0)), lo, hi)
    return IpfResult(w, iterations, max_diff, converged, int(at_bound[1:].sum()))


class _Problem:
    """Indicators of the margins, shared by all columns."""

    def __init__(self, codes: np.ndarray, sizes: list[int], offsets: np.ndarray,
                 targets: tuple[np.ndarray, ...] | list[np.ndarray]) -> None:
        self.codes, self.sizes, self.offsets = codes, sizes, offsets
        self.k = int(offsets[-1])
        inds = [_indicator(np.ascontiguousarray(codes[:, m]), k) for m, k in enumerate(sizes)]
        self.x_all = sparse.vstack(inds).tocsr()                # (K, n) all indicators
        self.pairs = []                                         # off-diagonal Hessian blocks
        for a, b in combinations_with_replacement(range(len(sizes)), 2):
            if a != b:
                combined = codes[:, a] * sizes[b] + codes[:, b]
                self.pairs.append((a, b, _indicator(combined, sizes[a] * sizes[b])))
        self.target = np.concatenate([column_targets(t) for t in targets])  # (K, 1) or (K, R)

    def linear(self, eta: np.ndarray) -> np.ndarray:
        """``u = X eta``, shape (n, R)."""
        u = np.zeros((self.codes.shape[0], eta.shape[1]))
        for m in range(len(self.sizes)):
            u += eta[self.offsets[m]:self.offsets[m + 1]][self.codes[:, m]]
        return u

    def hessian(self, v: np.ndarray) -> np.ndarray:
        """``X' diag(v_r) X`` for every column r, shape (R, K, K)."""
        n_cols = v.shape[1]
        hess = np.zeros((n_cols, self.k, self.k))
        idx = np.arange(self.k)
        hess[:, idx, idx] = np.asarray(self.x_all @ v).T
        for a, b, ind in self.pairs:
            block = np.asarray(ind @ v).reshape(self.sizes[a], self.sizes[b], n_cols)
            block = block.transpose(2, 0, 1)
            sa = slice(self.offsets[a], self.offsets[a + 1])
            sb = slice(self.offsets[b], self.offsets[b + 1])
            hess[:, sa, sb] = block
            hess[:, sb, sa] = block.transpose(0, 2, 1)
        return hess


class _State:
    """Newton iterate for the columns not yet converged."""

    def __init__(self, problem: _Problem, d: np.ndarray, tg: np.ndarray, present: np.ndarray,
                 lo: np.ndarray, hi: np.ndarray, eta: np.ndarray) -> None:
        self.p, self.d, self.tg, self.present = problem, d, tg, present
        self.lo, self.hi = lo, hi
        self.log_lo, self.log_hi = np.log(np.maximum(lo, 1e-300)), np.log(hi)
        self.eta = eta.copy()
        self.u = problem.linear(self.eta)
        self.f = self.dual(self.u, self.eta)

    def expc(self, u: np.ndarray) -> np.ndarray:
        """``exp(u)``, capped just above the upper bound (no overflow; clipped anyway)."""
        return np.exp(np.minimum(u, self.log_hi + 1.0))

    def dual(self, u: np.ndarray, eta: np.ndarray) -> np.ndarray:
        g_int = _antiderivative(u, self.log_lo, self.log_hi, self.lo, self.hi)
        return (self.d * g_int).sum(axis=0) - (eta * self.tg).sum(axis=0)

    def totals(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(self.p.x_all @ (self.d * np.clip(self.expc(u), self.lo, self.hi)))

    def misfit(self, u: np.ndarray) -> np.ndarray:
        return np.where(self.present, self.totals(u) - self.tg, 0.0)

    def max_diff(self) -> np.ndarray:
        rel = np.abs(self.misfit(self.u)) / np.where(self.present, self.tg, 1.0)
        return rel.max(axis=0)

    def any_at_bound(self) -> bool:
        e = self.expc(self.u)
        return bool((((e <= self.lo) | (e >= self.hi)) & (self.d > 0)).any())

    def newton_step(self) -> None:
        e = self.expc(self.u)
        free = (e > self.lo) & (e < self.hi)
        v = np.where(free, self.d * e, 0.0)                     # d * dg/du
        hess = self.p.hessian(v)
        tot = self.totals(self.u)
        grad = np.where(self.present, tot - self.tg, 0.0)       # (K, R)
        step = -np.einsum("rkl,lr->kr", np.linalg.pinv(hess, hermitian=True), grad)
        diag = np.asarray(self.p.x_all @ v)
        flat = self.present & (diag <= 1e-12 * tot)
        if flat.any():                                          # all at a bound: IPF step
            ratio = np.divide(self.tg, tot, out=np.ones_like(tot), where=flat & (tot > 0))
            step = np.where(flat, np.log(ratio), step)
        du = self.p.linear(step)
        slope = (grad * step).sum(axis=0)                       # directional derivative
        misfit = np.sqrt((grad**2).sum(axis=0))
        # near the solution the decrease of F is below its rounding error (F ~ N, the
        # decrease ~ misfit^2 / N): there a step is taken when it reduces the misfit
        rounding = 1e-12 * np.abs(self.f)
        alpha = np.ones(self.eta.shape[1])
        todo = np.ones(self.eta.shape[1], dtype=bool)
        for _ in range(_MAX_HALVINGS):
            cand_u = self.u + alpha * du
            cand_eta = self.eta + alpha * step
            cand_f = self.dual(cand_u, cand_eta)
            ok = todo & (cand_f <= self.f + _ARMIJO * alpha * slope)
            unsure = todo & ~ok & (cand_f <= self.f + rounding)
            if unsure.any():
                cand_mis = np.sqrt((self.misfit(cand_u)**2).sum(axis=0))
                ok |= unsure & (cand_mis < misfit)
            if ok.any():
                self.u[:, ok], self.eta[:, ok], self.f[ok] = cand_u[:, ok], cand_eta[:, ok], \
                    cand_f[ok]
            todo &= ~ok
            if not todo.any():
                return
            alpha[todo] *= 0.5
        # no decrease found (bounds that cannot be met): take the smallest step tried
        self.u[:, todo] = cand_u[:, todo]
        self.eta[:, todo] = cand_eta[:, todo]
        self.f[todo] = cand_f[todo]
