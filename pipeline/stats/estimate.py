"""All estimates of one wave at once: proportions and means by every breakdown.

Output is the tidy estimate table of ``docs/architecture.md`` (columns :data:`COLUMNS`).

Method
------
For an indicator ``y`` (binary 0/1 for proportions, numeric for means; NA = not in the
base) and a domain ``D`` (a group of a breakdown, or the whole wave), the estimate is the
ratio ``sum_D w y / sum_D w`` with the *full-sample* weights restricted to the domain
(domains are never re-raked; Lumley 2010, sec. 2.3). Every replicate's ratio comes from the
same matrix product (see :mod:`pipeline.stats.domains`), and the standard error is the
spread of the replicate ratios (:mod:`pipeline.stats.replicates`). Without replicate
weights the variance is ``p(1-p)/n_eff`` (Kish) for proportions and the linearised
with-replacement variance for means.

Intervals (95% by default): for a proportion, with the design effective size ``n_eff =
p(1-p)/se^2``, Korn-Graubard when ``n_eff p`` or ``n_eff (1-p)`` is below ``min_expected``
(10) or the base is below ``small_n``, else Wilson on ``n_eff`` (``ci_method`` says which;
never Wald). Korn-Graubard caps ``n_eff`` at ``n / (1 - f)``, ``f`` the response fraction
the finite-population correction credits (``n`` without it). For a mean, ``estimate -+
t_{n-1} se`` (``replicate-t`` or ``linearised-t``).

The ``n_eff`` column is Kish's ``(sum w)^2 / sum w^2`` in the cell.

Flags: ``small_n`` (base below ``small_n``), ``extreme_p`` (expected count below
``min_expected``), ``empty`` (no one in the base), ``replicate_gaps`` (some replicates
have no weight in the cell; their ratios are left out of the variance), ``not_asked``
(indicator absent from the wave; one ``totaal`` row with NA values).

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
Korn, E. L., & Graubard, B. I. (1998). Confidence intervals for proportions with small
expected number of positive counts estimated from survey data. *Survey Methodology*, 24(2).
Kish, L. (1965). *Survey Sampling*. Wiley.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipeline.log import thousands
from pipeline.stats.design import SurveyDesign
from pipeline.stats.domains import SEP, Prepared, group_codes, group_sums, prepare, total_sums
from pipeline.stats.errors import StatsError
from pipeline.stats.intervals import proportion_interval, t_interval

logger = logging.getLogger(__name__)

COLUMNS = ["wave", "indicator", "breakdown", "group", "estimate", "se", "ci_low", "ci_high",
           "ci_method", "n", "n_pos", "n_weighted", "n_eff", "flags"]


def ratio_stats(sums: np.ndarray, prep: Prepared) -> dict[str, np.ndarray]:
    """Estimates, replicate ratios and variances from domain sums.

    Parameters
    ----------
    sums : numpy.ndarray
        Output of :func:`~pipeline.stats.domains.group_sums`, shape (K, 3J, 3 + R).
    prep : Prepared
        The stacked matrices the sums came from.

    Returns
    -------
    dict of str to numpy.ndarray
        ``estimate``, ``se``, ``n``, ``n_pos``, ``n_weighted``, ``n_eff`` (Kish), each
        (K, J); ``replicates`` (K, J, R) of replicate ratios (NaN where undefined);
        ``gaps`` (K, J) bool.
    """
    j = len(prep.names)
    swy, sw = sums[:, :j, 0], sums[:, j:2 * j, 0]
    sw2, sw2y, sw2y2 = sums[:, j:2 * j, 1], sums[:, :j, 1], sums[:, 2 * j:, 1]
    n, npos = sums[:, j:2 * j, 2], sums[:, :j, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        est = swy / sw
        n_eff = sw**2 / sw2
        if prep.n_replicates:
            theta = sums[:, :j, 3:] / sums[:, j:2 * j, 3:]
            finite = np.isfinite(theta)
            valid = finite.sum(axis=2)
            mean = np.where(finite, theta, 0.0).sum(axis=2, keepdims=True) / valid[..., None]
            ss = np.nansum((theta - mean) ** 2, axis=2)
            var = prep.scale * prep.n_replicates / valid * ss
            gaps = (valid < prep.n_replicates) & (n > 0)
        else:
            theta = np.empty((*est.shape, 0))
            is_prop = (prep.kinds == "proportion")[None, :]
            var_prop = est * (1 - est) / n_eff
            lin = (sw2y2 - 2 * est * sw2y + est**2 * sw2) / sw**2 * n / (n - 1)
            var = np.where(is_prop, var_prop, lin)
            gaps = np.zeros(est.shape, dtype=bool)
    return {"estimate": est, "se": np.sqrt(np.maximum(var, 0.0)), "n": n, "n_pos": npos,
            "n_weighted": sw, "n_eff": np.where(n > 0, n_eff, 0.0), "replicates": theta,
            "gaps": gaps}


def _tidy_block(stats_: dict[str, np.ndarray], prep: Prepared, wave: int | None,
                breakdown: str, groups: list[str], *, alpha: float, small_n: int,
                min_expected: float) -> pd.DataFrame:
    k, j = stats_["estimate"].shape
    flat = {key: stats_[key].ravel() for key in
            ("estimate", "se", "n", "n_pos", "n_weighted", "n_eff", "gaps")}
    kinds = np.tile(prep.kinds, k)
    is_prop = kinds == "proportion"
    est, se, n = flat["estimate"], flat["se"], flat["n"]
    p_lo, p_hi, p_meth, ne_design = proportion_interval(
        est, se, n, flat["n_eff"], alpha=alpha, min_expected=min_expected, small_n=small_n,
        sampling_fraction=prep.sampling_fraction)
    m_lo, m_hi = t_interval(est, se, n - 1, alpha)
    mean_method = "replicate-t" if prep.n_replicates else "linearised-t"
    lo = np.where(is_prop, p_lo, m_lo)
    hi = np.where(is_prop, p_hi, m_hi)
    method = np.where(is_prop, p_meth, mean_method).astype(object)
    empty = n == 0
    lo[empty], hi[empty], method[empty] = np.nan, np.nan, ""
    flags = [
        ";".join(f for f, on in (
            ("empty", e), ("small_n", (not e) and nn < small_n),
            ("extreme_p", ip and (not e)
             and (ne * p < min_expected or ne * (1 - p) < min_expected)),
            ("replicate_gaps", g)) if on)
        for e, nn, ip, ne, p, g in zip(empty, n, is_prop, ne_design, est, flat["gaps"],
                                       strict=True)]
    n_pos = pd.array(np.where(is_prop, np.rint(flat["n_pos"]), np.nan), dtype="Float64")
    return pd.DataFrame({
        "wave": wave, "indicator": np.tile(np.array(prep.names, dtype=object), k),
        "breakdown": breakdown, "group": np.repeat(np.array(groups, dtype=object), j),
        "estimate": est, "se": np.where(empty, np.nan, se), "ci_low": lo, "ci_high": hi,
        "ci_method": method, "n": np.rint(n).astype(np.int64),
        "n_pos": n_pos.astype("Int64"), "n_weighted": flat["n_weighted"],
        "n_eff": flat["n_eff"], "flags": flags})


def estimate_all(
    design: SurveyDesign,
    proportions: Sequence[str],
    breakdowns: Sequence[str] = (),
    *,
    means: Sequence[str] = (),
    two_way: Sequence[Sequence[str]] = (),
    alpha: float = 0.05,
    small_n: int = 30,
    min_expected: float = 10.0,
) -> pd.DataFrame:
    """Every indicator by ``totaal``, every breakdown and every two-way breakdown.

    Parameters
    ----------
    design : SurveyDesign
        Respondents with full-sample (and replicate) weights.
    proportions : sequence of str
        Binary indicators (0/1, NA = not in base), e.g. ``ub_any``, ``discr_ja`` and
        multi-select shares built with :func:`pipeline.stats.indicators.share_of_base`.
    breakdowns : sequence of str, default ()
        Breakdown variables; those absent from the wave are skipped.
    means : sequence of str, default ()
        Numeric variables estimated as means (scale scores).
    two_way : sequence of pairs of str, default ()
        Crossed breakdowns, e.g. ``[("herkomst", "gender")]``; skipped if a variable is absent.
    alpha : float, default 0.05
        1 - confidence level.
    small_n : int, default 30
        Bases below this get Korn-Graubard intervals and the ``small_n`` flag.
    min_expected : float, default 10
        Korn-Graubard when ``n_eff p`` or ``n_eff (1-p)`` is below this.

    Returns
    -------
    pandas.DataFrame
        The tidy estimate table (:data:`COLUMNS`), indicators in the order given
        (proportions, then means), ``totaal`` first, then each breakdown's groups.

    Examples
    --------
    >>> df = pd.DataFrame({"herkomst": ["Nederland"] * 6 + ["Europa"] * 4,
    ...                    "discr_ja": [1, 0, 0, 0, 0, 0, 1, 1, 0, pd.NA]})
    >>> des = SurveyDesign.unweighted(df, wave=2024)
    >>> out = estimate_all(des, ["discr_ja"], ["herkomst"])
    >>> out[["group", "estimate", "n", "n_pos", "ci_method"]].round(3)
           group  estimate  n  n_pos      ci_method
    0     totaal     0.333  9      3  korn-graubard
    1     Europa     0.667  3      2  korn-graubard
    2  Nederland     0.167  6      1  korn-graubard
    """
    if not 0 < alpha < 1:
        raise StatsError(f"alpha must be in (0, 1), got {alpha!r}")
    df = design.data
    prep = prepare(design, proportions, means)
    opts = {"alpha": alpha, "small_n": small_n, "min_expected": min_expected}
    blocks = []
    if prep.names:
        blocks.append(_tidy_block(ratio_stats(total_sums(prep), prep), prep, design.wave,
                                  "totaal", ["totaal"], **opts))
        specs = [[b] for b in breakdowns] + [list(t) for t in two_way]
        for spec in specs:
            if any(v not in df.columns for v in spec):
                continue
            codes, labels = group_codes(df, spec)
            sums = group_sums(prep, codes, len(labels))
            blocks.append(_tidy_block(ratio_stats(sums, prep), prep, design.wave,
                                      SEP.join(spec), labels, **opts))
    absent = [c for c in list(proportions) + list(means) if c not in prep.names]
    if absent:
        blocks.append(pd.DataFrame({
            "wave": design.wave, "indicator": absent, "breakdown": "totaal", "group": "totaal",
            "estimate": np.nan, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan,
            "ci_method": "", "n": 0, "n_pos": pd.array([pd.NA] * len(absent), dtype="Int64"),
            "n_weighted": 0.0, "n_eff": 0.0, "flags": "not_asked"}))
    if not blocks:
        return pd.DataFrame({c: [] for c in COLUMNS})
    out = pd.concat(blocks, ignore_index=True)
    order = {name: i for i, name in enumerate(list(proportions) + list(means))}
    out = out.sort_values("indicator", key=lambda s: s.map(order), kind="stable")
    out = out.reset_index(drop=True)
    out["wave"] = out["wave"].astype("Int64")
    logger.info("schattingen klaar (%s rijen, %d indicatoren)", thousands(len(out)),
                out["indicator"].nunique())
    return out[COLUMNS]
