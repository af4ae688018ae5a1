"""Calibrate respondents to population margins: raking with trimming and collapsing.

The public entry point is :func:`rake`. It encodes the margins
(:mod:`pipeline.stats.margins`, including the collapse rule for empty categories), treats
respondents with a missing margin value (:mod:`pipeline.stats.missing`), and runs the
vectorised IPF of :mod:`pipeline.stats.ipf` from equal design weights ``N / n`` (a census
invitation: every staff member had the same chance to be asked).

References
----------
Deming, W. E., & Stephan, F. F. (1940). On a least squares adjustment of a sampled
frequency table when the expected marginal totals are known. *Annals of Mathematical
Statistics*, 11(4), 427-444.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*, ch. 7. Wiley.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from functools import partial
from typing import Literal

import numpy as np
import pandas as pd

from pipeline.log import thousands
from pipeline.stats.bounded import rake_bounded_matrix
from pipeline.stats.errors import RakeConvergenceError, StatsError
from pipeline.stats.ipf import rake_matrix
from pipeline.stats.logistic import CALIBRATIONS, calibrate_logistic, impossible_categories
from pipeline.stats.margins import EncodedMargins, encode_margins
from pipeline.stats.missing import cell_average, impute_codes

logger = logging.getLogger(__name__)

MissingMethod = Literal["cell_average", "impute"]
TrimMethod = Literal["clip", "bounded"]
TRIM_METHODS = ("clip", "bounded")
Calibration = Literal["raking", "logistic"]


@dataclass(frozen=True)
class RakeResult:
    """Raked weights with convergence and treatment report.

    Attributes
    ----------
    weights : pandas.Series
        Final weight per respondent, indexed like the input frame, summing to the
        population total.
    iterations : int
        IPF sweeps performed.
    max_margin_diff : float
        Largest relative difference ``|weighted total - target| / target`` after the
        last sweep (over complete respondents and their targets).
    converged : bool
        Margins within tolerance and weights within the trimming bounds.
    trimming_rounds : int
        Sweeps in which weights were trimmed to the bounds.
    collapsed : pandas.DataFrame
        Categories merged by the collapse rule (``margin``, ``category``, ``merged_into``).
    n_missing_margin : int
        Respondents with at least one margin value missing.
    missing_margin : str
        How they were treated: ``impute`` or ``cell_average``.
    encoded : EncodedMargins
        Margin codes and (collapsed) targets, reused by the replicate weights.
    codes : numpy.ndarray
        Codes used for raking (after imputation when ``missing_margin='impute'``).
    trim_bounds : tuple of float or None
        Bounds used, relative to the mean weight.
    trim_method : str
        How the bounds were imposed: ``clip`` (clip and re-rake) or ``bounded`` (bounded
        raking, :mod:`pipeline.stats.bounded`).
    calibration : str
        The form of the weights: ``raking`` (``N/n exp(x' eta)``) or ``logistic``
        (``1 + exp(x' eta)``, :mod:`pipeline.stats.logistic`).
    """

    weights: pd.Series
    iterations: int
    max_margin_diff: float
    converged: bool
    trimming_rounds: int
    collapsed: pd.DataFrame
    n_missing_margin: int
    missing_margin: str
    encoded: EncodedMargins
    codes: np.ndarray
    trim_bounds: tuple[float, float] | None
    trim_method: str = "clip"
    calibration: str = "raking"

    def margin_table(self) -> pd.DataFrame:
        """Tabulate population target, weighted total and respondents per category.

        Returns
        -------
        pandas.DataFrame
            Columns ``margin``, ``category``, ``population``, ``weighted``, ``respondents``.

        Examples
        --------
        >>> df = pd.DataFrame({"g": ["a", "a", "b"]})
        >>> res = rake(df, {"g": pd.Series({"a": 10.0, "b": 30.0})})
        >>> res.margin_table()[["category", "population", "weighted", "respondents"]]
          category  population  weighted  respondents
        0        a        10.0      10.0            2
        1        b        30.0      30.0            1
        """
        w = self.weights.to_numpy()
        rows = []
        for m, name in enumerate(self.encoded.names):
            code = self.encoded.codes[:, m]
            ok = code >= 0
            k = len(self.encoded.targets[m])
            weighted = np.bincount(code[ok], weights=w[ok], minlength=k)
            resp = np.bincount(code[ok], minlength=k)
            rows.append(pd.DataFrame({
                "margin": name, "category": list(self.encoded.labels[m]),
                "population": self.encoded.targets[m], "weighted": weighted,
                "respondents": resp}))
        return pd.concat(rows, ignore_index=True)


def check_trim_method(trim_method: str) -> str:
    """Validate ``weighting.trim_method``: ``clip`` or ``bounded``.

    Examples
    --------
    >>> check_trim_method("bounded")
    'bounded'
    """
    return _one_of("trim_method", trim_method, TRIM_METHODS)


def check_calibration(calibration: str) -> str:
    """Validate ``weighting.calibration``: ``raking`` or ``logistic``.

    Examples
    --------
    >>> check_calibration("logistic")
    'logistic'
    """
    return _one_of("calibration", calibration, CALIBRATIONS)


def _one_of(name: str, value: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise StatsError(f"{name} must be {' or '.join(map(repr, options))}, got {value!r}")
    return str(value)


def check_bounds(
    trim_bounds: tuple[float, float] | list[float] | None,
) -> tuple[float, float] | None:
    """Validate trimming bounds ``(lower, upper)`` relative to the mean weight.

    Parameters
    ----------
    trim_bounds : sequence of two floats or None
        ``lower < 1 < upper``, ``lower >= 0``; ``None`` switches trimming off.

    Returns
    -------
    tuple of float or None
        The bounds as a tuple.

    Examples
    --------
    >>> check_bounds([0.3, 3.0])
    (0.3, 3.0)
    """
    if trim_bounds is None:
        return None
    lo, hi = (float(b) for b in trim_bounds)
    if not (0 <= lo < 1 < hi):
        raise StatsError(f"trim_bounds must satisfy 0 <= lower < 1 < upper, got {trim_bounds!r}")
    return lo, hi


def rake(
    df: pd.DataFrame,
    margins: dict[str, pd.Series],
    *,
    max_iter: int = 100,
    tol: float = 1e-6,
    trim_bounds: tuple[float, float] | list[float] | None = None,
    trim_method: TrimMethod = "clip",
    calibration: Calibration = "raking",
    missing_margin: MissingMethod = "cell_average",
    collapse: bool = True,
    collapse_below: int = 1,
    on_nonconvergence: Literal["raise", "warn"] = "raise",
) -> RakeResult:
    """Rake respondents to population margins, trimming weights to bounds.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per respondent, with a column per margin. Not modified.
    margins : dict of str to pandas.Series
        Population total per category (e.g. HR register counts at the peildatum); all
        margins must sum to the same population total (checked to 0.1%).
    max_iter : int, default 100
        Maximum IPF sweeps.
    tol : float, default 1e-6
        Largest relative margin difference accepted.
    trim_bounds : (float, float), optional
        Weight bounds relative to the mean weight, e.g. ``(0.3, 3.0)``.
    trim_method : {'clip', 'bounded'}, default 'clip'
        ``clip``: weights are clipped to the bounds and re-raked within the same loop until
        both margins and bounds hold. ``bounded``: bounded raking, the weights closest to
        the base weights in the raking distance that meet the margins within the bounds
        (R's ``calibrate(calfun = "raking", bounds = ...)``; :mod:`pipeline.stats.bounded`).
    calibration : {'raking', 'logistic'}, default 'raking'
        ``raking``: weights ``N/n exp(x' eta)``, a log-linear response propensity.
        ``logistic``: weights ``1 + exp(x' eta)``, the inverse of a logistic response
        propensity fitted by calibration (Kott 2006, :mod:`pipeline.stats.logistic`); the
        bounds keep their meaning (weight within the bounds times the mean weight).
    missing_margin : {'cell_average', 'impute'}, default 'cell_average'
        Treatment of respondents with a margin value missing, see
        :mod:`pipeline.stats.missing`.
    collapse : bool, default True
        Collapse categories without (enough) respondents by the rule in
        :mod:`pipeline.stats.margins` (with ``calibration='logistic'`` also a category in
        which everyone responded); if False they raise.
    collapse_below : int, default 1
        Minimum respondents per category before it is collapsed.
    on_nonconvergence : {'raise', 'warn'}, default 'raise'
        What to do when the tolerance is not reached in ``max_iter`` sweeps.

    Returns
    -------
    RakeResult
        Weights and the convergence, trimming, collapse and missing-value report.

    Raises
    ------
    MarginError, EmptyCategoryError, ColumnError
        Bad margins, see :func:`pipeline.stats.margins.encode_margins`.
    RakeConvergenceError
        No convergence and ``on_nonconvergence='raise'``.

    Notes
    -----
    Iterative proportional fitting (Deming & Stephan 1940) multiplies the weights of each
    category by ``target / weighted total``, margin after margin, until all margins hold.
    Trimming bounds the ratio of each weight to the mean weight (Kalton &
    Flores-Cervantes 2003); bounded raking solves the bounded problem directly
    (Deville, Sarndal & Sautory 1993).

    Examples
    --------
    A 2 x 2 table: 1 man and 3 women in unit A, 2 men and 2 women in unit B; population
    margins unit (A 40, B 60) and gender (man 50, vrouw 50).

    >>> df = pd.DataFrame({"unit": ["A"] * 4 + ["B"] * 4,
    ...                    "gender": ["man"] + ["vrouw"] * 3 + ["man"] * 2 + ["vrouw"] * 2})
    >>> res = rake(df, {"unit": pd.Series({"A": 40.0, "B": 60.0}),
    ...                 "gender": pd.Series({"man": 50.0, "vrouw": 50.0})})
    >>> res.converged, res.n_missing_margin
    (True, 0)
    >>> res.weights.groupby(df["unit"]).sum().round(4).tolist()
    [40.0, 60.0]
    >>> res.weights.groupby(df["gender"]).sum().round(4).tolist()
    [50.0, 50.0]
    """
    bounds = check_bounds(trim_bounds)
    method = check_trim_method(trim_method)
    form = check_calibration(calibration)
    if missing_margin not in ("cell_average", "impute"):
        raise StatsError(f"missing_margin must be 'cell_average' or 'impute', "
                         f"got {missing_margin!r}")
    if len(df) == 0:
        raise StatsError("df: no respondents to rake")
    enc = encode_margins(df, margins, collapse=collapse, collapse_below=collapse_below,
                         collapse_full=collapse and form == "logistic")
    totals = [float(t.sum()) for t in enc.targets]
    if max(totals) - min(totals) > 1e-3 * max(totals):
        raise StatsError(f"margins: population totals differ between margins "
                         f"{dict(zip(margins, totals, strict=True))}")
    n = len(df)
    pop_total = float(np.mean(totals))
    if form == "logistic":
        complete = (enc.codes >= 0).all(axis=1)
        full = impossible_categories(enc.codes[complete], enc.targets, enc.labels, enc.names)
        if full:
            raise StatsError(f"calibration 'logistic': {', '.join(full)}: a category needs "
                             f"fewer respondents than staff; use calibration: raking")
    codes, weights, res = _rake_codes(enc, pop_total, np.full((n, 1), pop_total / n),
                                      missing_margin, max_iter, tol, bounds,
                                      trim_method=method, calibration=form)
    n_missing = int((enc.codes < 0).any(axis=1).sum())
    max_diff = float(res.max_diff[0])
    if not res.converged[0]:
        worst = _worst_margin(enc, codes, weights[:, 0])
        msg = (f"raking did not converge in {max_iter} sweeps: largest relative margin "
               f"difference {max_diff:.3g} (margin {worst!r}), tolerance {tol:g}; "
               f"trim_bounds={bounds}, trim_method={method!r}, calibration={form!r}")
        if on_nonconvergence == "raise":
            raise RakeConvergenceError(msg)
        warnings.warn(msg, stacklevel=2)
    if bounds is not None:
        trimmed = trimmed_count(weights[:, 0], pop_total / n, bounds)
        logger.log(logging.INFO if res.trimming_rounds else logging.DEBUG,
                   "weging: %s gewichten op de afkapgrenzen %s (%sin %d rondes afgekapt)",
                   thousands(trimmed), bounds,
                   "begrensde raking, " if method == "bounded" else "", res.trimming_rounds)
    logger.info("weging klaar (%s respondenten, %d iteraties%s)", thousands(n), res.iterations,
                "" if res.converged[0] else ", niet geconvergeerd")
    return RakeResult(
        weights=pd.Series(weights[:, 0], index=df.index, name="weight"),
        iterations=res.iterations, max_margin_diff=max_diff, converged=bool(res.converged[0]),
        trimming_rounds=res.trimming_rounds, collapsed=enc.collapsed,
        n_missing_margin=n_missing, missing_margin=missing_margin, encoded=enc, codes=codes,
        trim_bounds=bounds, trim_method=method, calibration=form)


def trimmed_count(weights: np.ndarray, base: float, bounds: tuple[float, float],
                  rtol: float = 1e-6) -> int:
    """Count weights whose adjustment ``weight / base`` lies at a trimming bound.

    Parameters
    ----------
    weights : numpy.ndarray
        Final weights.
    base : float
        Base (design) weight of every respondent.
    bounds : tuple of float
        ``(lower, upper)`` relative to the mean adjustment.
    rtol : float, default 1e-6
        Relative distance from a bound that still counts as at the bound.

    Returns
    -------
    int

    Examples
    --------
    >>> trimmed_count(np.array([0.5, 1.0, 1.0, 1.5]), 1.0, (0.5, 1.5))
    2
    """
    g = np.asarray(weights, dtype=float) / base
    gbar = g.mean()
    lower, upper = bounds
    at_bound = (g <= lower * gbar * (1 + rtol)) | (g >= upper * gbar * (1 - rtol))
    return int(at_bound.sum())


def _rake_codes(enc: EncodedMargins, pop_total: float, base: np.ndarray,
                missing_margin: str, max_iter: int, tol: float,
                bounds: tuple[float, float] | None, *, trim_method: str = "clip",
                calibration: str = "raking"):
    """Rake base weights (n, R) given encoded margins; shared with the replicates."""
    codes = enc.codes
    complete = (codes >= 0).all(axis=1)
    raking = rake_bounded_matrix if trim_method == "bounded" else rake_matrix
    fit = (partial(calibrate_logistic, raking, design_weight=pop_total / codes.shape[0])
           if calibration == "logistic" else raking)
    if complete.all():
        res = fit(codes, enc.targets, base, max_iter=max_iter, tol=tol, bounds=bounds)
        return codes, res.weights, res
    if missing_margin == "impute":
        codes = impute_codes(codes)
        res = fit(codes, enc.targets, base, max_iter=max_iter, tol=tol, bounds=bounds)
        return codes, res.weights, res
    if not complete.any():
        raise StatsError("no respondent has every margin observed; cannot rake")
    share = base[complete].sum(axis=0).mean() / base.sum(axis=0).mean()
    targets = [t * share for t in enc.targets]
    res = fit(codes[complete], targets, base[complete], max_iter=max_iter, tol=tol,
              bounds=bounds)
    w = np.zeros_like(base, dtype=float)
    w[complete] = res.weights
    w = cell_average(codes, w, base)
    w *= pop_total / w.sum(axis=0)
    return codes, w, res


def _worst_margin(enc: EncodedMargins, codes: np.ndarray, w: np.ndarray) -> str:
    worst, name = -1.0, enc.names[0]
    for m, nm in enumerate(enc.names):
        ok = codes[:, m] >= 0
        tot = np.bincount(codes[ok, m], weights=w[ok], minlength=len(enc.targets[m]))
        rel = float(np.max(np.abs(tot - enc.targets[m]) / enc.targets[m]))
        if rel > worst:
            worst, name = rel, nm
    return name
