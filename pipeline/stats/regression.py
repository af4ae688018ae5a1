"""Adjusted odds ratios: survey-weighted logistic regression with replicate-weight SEs.

The point estimates maximise the weighted (pseudo-)likelihood with the full-sample
weights; the same fit is repeated with every replicate weight (warm-started IRLS in numpy),
and the variance of each coefficient is the spread of the replicate coefficients
(Lumley 2010, ch. 6; Binder 1983). statsmodels' GLM with frequency or variance weights is
not used for SEs: those treat weights as counts or precisions, not as a sampling design.
Without replicate weights the SEs are the sandwich (linearisation) SEs of the weighted fit.

References
----------
Binder, D. A. (1983). On the variances of asymptotically normal estimators from complex
surveys. *International Statistical Review*, 51(3), 279-292.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*, ch. 6. Wiley.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from pipeline.stats.design import SurveyDesign
from pipeline.stats.domains import as_binary, single_blas_thread
from pipeline.stats.errors import ColumnError, StatsError


def _complete_cases(df: pd.DataFrame, outcome: str,
                    covariates: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the 0/1 outcome (NaN where missing) and the mask of complete cases."""
    for col in [outcome, *covariates]:
        if col not in df.columns:
            raise ColumnError(f"column {col!r} is not in the data")
    y = as_binary(df[outcome], outcome)
    mask = ~np.isnan(y)
    for c in covariates:
        mask &= df[c].notna().to_numpy()
    return y, mask


def design_matrix(
    df: pd.DataFrame,
    outcome: str,
    covariates: Sequence[str],
    reference: Mapping[str, str] | None = None,
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """Treatment-coded design matrix with an intercept, complete cases only.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.
    outcome : str
        Binary 0/1 column.
    covariates : sequence of str
        Categorical (string), boolean or numeric columns. Booleans and numbers enter as one
        term named after the column (a boolean's reference is False; a ``reference`` entry
        for it is ignored).
    reference : mapping of str to str, optional
        Reference category per categorical covariate; default the most frequent.

    Returns
    -------
    tuple
        ``x`` (m, p), ``y`` (m,), term names (``Intercept``, ``var[T.level]``, ``var``) and
        the boolean row mask of complete cases (n,).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 1, 0], "g": ["a", "b", "a", "a"], "x": [1.0, 2, 3, None]})
    >>> x, y, terms, mask = design_matrix(df, "y", ["g", "x"])
    >>> terms, x.shape, mask.tolist()
    (['Intercept', 'g[T.b]', 'x'], (3, 3), [True, True, True, False])
    """
    reference = dict(reference or {})
    y_all, mask = _complete_cases(df, outcome, covariates)
    sub = df.loc[mask]
    cols, terms = [np.ones(int(mask.sum()))], ["Intercept"]
    for c in covariates:
        s = sub[c]
        if s.dtype == "boolean" or s.dtype == bool:
            cols.append(s.astype(float).to_numpy())
            terms.append(c)
        elif pd.api.types.is_numeric_dtype(s):
            cols.append(s.astype(float).to_numpy())
            terms.append(c)
        else:
            s = s.astype("string")
            levels = sorted(s.unique())
            ref = reference.get(c, s.value_counts().idxmax())
            if ref not in levels:
                raise StatsError(f"reference: {ref!r} is not a level of {c!r} {levels[:10]}")
            for lev in levels:
                if lev != ref:
                    cols.append((s == lev).to_numpy(dtype=float))
                    terms.append(f"{c}[T.{lev}]")
    return np.column_stack(cols), y_all[mask], terms, mask


MIN_LEVEL_CASES = 5
"""A category enters the model only with at least this many respondents with the outcome and
as many without it (unweighted). With fewer, its coefficient is driven to infinity in the
fit or in the replicates that leave out its few cases (separation), and no interval exists."""


def sparse_levels(df: pd.DataFrame, outcome: str, covariates: Sequence[str],
                  reference: Mapping[str, str] | None = None,
                  min_cases: int = MIN_LEVEL_CASES) -> dict[str, list[str]]:
    """Return the categories too sparse to estimate, per categorical covariate.

    A category is sparse when fewer than ``min_cases`` of its complete-case respondents have
    the outcome, or fewer than ``min_cases`` do not. Leaving a category's rows out can make
    another one sparse, so the check repeats until nothing changes. A covariate's reference
    category is never dropped (a sparse reference is an error of the caller's choice).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [0, 1] * 20 + [0, 0, 0],
    ...                    "g": ["a"] * 20 + ["b"] * 20 + ["c"] * 3})
    >>> sparse_levels(df, "y", ["g"])
    {'g': ['c']}
    """
    reference = dict(reference or {})
    y, keep = _complete_cases(df, outcome, covariates)
    found: dict[str, list[str]] = {}
    categorical = [c for c in covariates
                   if not (df[c].dtype == "boolean" or df[c].dtype == bool
                           or pd.api.types.is_numeric_dtype(df[c]))]
    changed = True
    while changed:
        changed = False
        for c in categorical:
            s = df[c].astype("string")
            cases = pd.DataFrame({"level": s[keep].to_numpy(), "y": y[keep]})
            counts = cases.groupby("level")["y"].agg(["sum", "count"])
            counts = counts.rename(columns={"sum": "with", "count": "n"})
            counts["without"] = counts["n"] - counts["with"]
            ref = reference.get(c, counts["n"].idxmax() if len(counts) else None)
            sparse = counts.index[(counts[["with", "without"]].min(axis=1) < min_cases)
                                  & (counts.index != ref)].tolist()
            if sparse:
                found.setdefault(c, []).extend(sorted(sparse))
                keep &= ~s.isin(sparse).fillna(False).to_numpy(dtype=bool)
                changed = True
    return found


def irls_logit(x: np.ndarray, y: np.ndarray, w: np.ndarray, *, beta0: np.ndarray | None = None,
               max_iter: int = 50, tol: float = 1e-10) -> tuple[np.ndarray, bool]:
    """Weighted logistic regression by iteratively reweighted least squares.

    Parameters
    ----------
    x : numpy.ndarray
        Design matrix (n, p).
    y : numpy.ndarray
        0/1 outcome (n,).
    w : numpy.ndarray
        Non-negative weights (n,).
    beta0 : numpy.ndarray, optional
        Starting values (warm start); default zeros.
    max_iter : int, default 50
        Maximum Newton steps.
    tol : float, default 1e-10
        Stop when the largest absolute step is below this.

    Returns
    -------
    tuple
        Coefficients (p,) and whether the fit converged.

    Examples
    --------
    >>> x = np.column_stack([np.ones(6), [0, 0, 0, 1, 1, 1]])
    >>> beta, ok = irls_logit(x, np.array([0, 0, 1, 0, 1, 1]), np.ones(6))
    >>> np.round(np.exp(beta), 3).tolist(), ok
    ([0.5, 4.0], True)
    """
    beta = np.zeros(x.shape[1]) if beta0 is None else beta0.copy()
    for _ in range(max_iter):
        mu = expit(x @ beta)
        info = (x * (w * mu * (1 - mu))[:, None]).T @ x
        score = x.T @ (w * (y - mu))
        try:
            step = np.linalg.solve(info, score)
        except np.linalg.LinAlgError:
            return beta, False
        beta = beta + step
        if np.max(np.abs(step)) < tol:
            return beta, bool(np.all(np.abs(beta) < 30))
    return beta, False


def odds_ratios(
    design: SurveyDesign,
    outcome: str,
    covariates: Sequence[str],
    *,
    reference: Mapping[str, str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Estimate adjusted odds ratios of a binary outcome on background variables.

    Parameters
    ----------
    design : SurveyDesign
        Respondents with weights and (preferably) replicate weights.
    outcome : str
        Binary 0/1 column (e.g. ``discr_ja``, ``ub_any``); NA rows are dropped.
    covariates : sequence of str
        Background variables; rows with any missing are dropped (complete cases).
    reference : mapping of str to str, optional
        Reference category per categorical covariate (default: the most frequent).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns ``outcome``, ``term``, ``odds_ratio``, ``ci_low``, ``ci_high``, ``p``,
        ``log_or``, ``se``, ``n``, ``se_method``, ``flags``; intercept excluded.

    Notes
    -----
    Interval ``exp(b -+ z se)``, p-value two-sided Wald against the normal. A category with
    fewer than :data:`MIN_LEVEL_CASES` respondents with or without the outcome is left out of
    the model with its respondents (:func:`sparse_levels`; flag ``left_out=var[T.level]``): its
    coefficient has no finite estimate. Replicates whose fit does not converge (e.g.
    separation) are dropped from the variance and flagged. Runs
    on one BLAS thread: the fits' last bits differed between 1 and 2 OpenBLAS threads, and on
    a 2-core machine one thread made the demo's estimates stage 3-4 times faster.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"g": rng.choice(["a", "b"], 400)})
    >>> df["y"] = (rng.random(400) < np.where(df["g"] == "b", 0.5, 0.2)).astype(int)
    >>> out = odds_ratios(SurveyDesign.unweighted(df), "y", ["g"], reference={"g": "a"})
    >>> out[["term", "se_method"]].values.tolist()
    [['g[T.b]', 'sandwich']]
    """
    with single_blas_thread():  # OpenBLAS's results depend on its thread count
        return _odds_ratios(design, outcome, covariates, reference, alpha)


def _odds_ratios(design: SurveyDesign, outcome: str, covariates: Sequence[str],
                 reference: Mapping[str, str] | None, alpha: float) -> pd.DataFrame:
    data = design.data
    left_out = sparse_levels(data, outcome, covariates, reference)
    if left_out:  # their respondents leave the model, as incomplete cases do
        data = data.copy()
        for c, levels in left_out.items():
            data[c] = data[c].astype("string").mask(data[c].astype("string").isin(levels))
    x, y, terms, mask = design_matrix(data, outcome, covariates, reference)
    w = design.weights[mask]
    if len(y) <= x.shape[1]:
        raise StatsError(f"outcome {outcome!r}: {len(y)} complete cases for {x.shape[1]} terms")
    beta, ok = irls_logit(x, y, w)
    flags = [] if ok else ["not_converged"]
    flags += [f"left_out={c}[T.{lev}]" for c, levels in left_out.items() for lev in levels]
    if design.replicates is not None:
        reps = design.replicates.weights[mask]
        betas = []
        for r in range(reps.shape[1]):
            b_r, ok_r = irls_logit(x, y, reps[:, r], beta0=beta)
            if ok_r:
                betas.append(b_r)
        betas = np.array(betas)
        n_ok = len(betas)
        if n_ok < reps.shape[1]:
            flags.append(f"replicates_dropped={reps.shape[1] - n_ok}")
        if n_ok < 2:
            raise StatsError(f"outcome {outcome!r}: fewer than 2 replicate fits converged")
        var = design.replicates.scale * design.replicates.n_replicates / n_ok * np.sum(
            (betas - betas.mean(axis=0)) ** 2, axis=0)
        se_method = "replicate"
    else:
        mu = expit(x @ beta)
        bread = np.linalg.inv((x * (w * mu * (1 - mu))[:, None]).T @ x)
        u = x * (w * (y - mu))[:, None]
        m = len(y)
        meat = m / (m - 1) * (u - u.mean(axis=0)).T @ (u - u.mean(axis=0))
        var = np.diag(bread @ meat @ bread)
        se_method = "sandwich"
    se = np.sqrt(var)
    z = stats.norm.ppf(1 - alpha / 2)
    out = pd.DataFrame({
        "outcome": outcome, "term": terms, "odds_ratio": np.exp(beta),
        "ci_low": np.exp(beta - z * se), "ci_high": np.exp(beta + z * se),
        "p": 2 * stats.norm.sf(np.abs(beta / se)), "log_or": beta, "se": se, "n": len(y),
        "se_method": se_method, "flags": ";".join(flags)})
    return out[out["term"] != "Intercept"].reset_index(drop=True)
