"""Comparisons: group vs rest within a wave, wave vs wave, with multiple-testing correction.

Output columns: the estimate keys (``wave``, ``indicator``, ``breakdown``, ``group``) plus
``comparison``, ``estimate``, ``estimate_b``, ``diff = estimate - estimate_b``, ``diff_se``,
``diff_ci_low``, ``diff_ci_high``, ``p``, ``p_adj``, ``p_adj_method``, ``family``, ``n``,
``n_b``, ``flags`` (see ``docs/architecture.md``).

Group vs rest
    ``estimate`` is the group, ``estimate_b`` the rest of the wave (respondents with another
    observed value of the breakdown). The groups share the weighting, so the SE of the
    difference is the spread of the replicate differences, not ``sqrt(se1^2 + se2^2)``
    (Lumley 2010, sec. 2.4 and ch. 3). Without replicate weights the two disjoint groups are
    treated as independent.
Wave vs wave
    ``estimate`` is the current wave, ``estimate_b`` the earlier one (``wave_b``). Waves are
    independent samples: ``SE = sqrt(SE_1^2 + SE_2^2)``. Only indicators in ``comparable``
    are tested; others get the flag ``not_comparable`` and no difference or test.

Tests are two-sided Wald tests ``z = diff / se`` against the normal distribution; p-values
are adjusted per family by Holm (1979) or Benjamini & Hochberg (1995), implemented in
:func:`adjust` (equal to ``statsmodels.stats.multitest.multipletests``, which is tested, but
without its per-call overhead: a report adjusts hundreds of families).

Test families (:func:`assign_families`), as a confirmatory study sets them: the few headline
totals named ``confirmatory`` form one family, adjusted by ``confirmatory_method`` (Holm:
the family-wise error of the headline claims is controlled); every other test is
exploratory, adjusted by ``method`` (Benjamini-Hochberg: the false discovery rate) within
families of ``family``: ``table`` = one set of related indicators (``sets``, e.g. the grounds
of discrimination) in one breakdown, what one published table or figure compares;
``indicator``; ``breakdown`` (indicator x breakdown); or ``all``.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
Journal of Statistics*, 6(2), 65-70.
Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*,
57(1), 289-300.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.stats.design import SurveyDesign
from pipeline.stats.domains import SEP, group_codes, group_sums, prepare
from pipeline.stats.errors import ColumnError, StatsError
from pipeline.stats.estimate import ratio_stats

logger = logging.getLogger(__name__)

Family = Literal["table", "indicator", "breakdown", "all"]
METHODS = ("holm", "fdr_bh", "bonferroni", "none")
CONFIRMATORY = "confirmatory"
"""Family label of the confirmatory tests (the headline totals)."""
TOTAL = "totaal"

COMPARE_COLUMNS = ["wave", "indicator", "breakdown", "group", "comparison", "estimate",
                   "estimate_b", "diff", "diff_se", "diff_ci_low", "diff_ci_high", "p", "p_adj",
                   "p_adj_method", "family", "n", "n_b", "flags"]


def _family_label(df: pd.DataFrame, family: Family,
                  sets: Mapping[str, str] | None = None) -> pd.Series:
    if family == "indicator":
        return df["indicator"].astype(str)
    if family == "breakdown":
        return df["indicator"].astype(str) + " | " + df["breakdown"].astype(str)
    if family == "table":
        if sets is None:
            raise StatsError("family 'table' needs sets (indicator -> set of related "
                             "indicators, e.g. the catalogue's families)")
        named = df["indicator"].astype(str)
        return named.map(lambda i: sets.get(i, i)) + " | " + df["breakdown"].astype(str)
    if family == "all":
        return pd.Series("all", index=df.index)
    raise StatsError(f"family must be 'table', 'indicator', 'breakdown' or 'all', got "
                     f"{family!r}")


def assign_families(
    df: pd.DataFrame,
    *,
    method: str = "fdr_bh",
    family: Family = "table",
    sets: Mapping[str, str] | None = None,
    confirmatory: Collection[str] = (),
    confirmatory_method: str = "holm",
) -> pd.DataFrame:
    """Label each test's family and adjust its p-value within the family.

    Parameters
    ----------
    df : pandas.DataFrame
        Tests with ``indicator``, ``breakdown`` and ``p``. Not modified.
    method : {'holm', 'fdr_bh', 'bonferroni', 'none'}, default 'fdr_bh'
        Correction within the exploratory families.
    family : {'table', 'indicator', 'breakdown', 'all'}, default 'table'
        Exploratory family (see the module docstring).
    sets : mapping, optional
        Indicator -> name of its set of related indicators (needed for ``table``).
    confirmatory : collection of str, default ()
        Indicators whose total (breakdown ``totaal``) is a confirmatory test: these tests
        form one family, labelled ``confirmatory``.
    confirmatory_method : str, default 'holm'
        Correction within the confirmatory family.

    Returns
    -------
    pandas.DataFrame
        A copy with ``family``, ``p_adj`` and ``p_adj_method`` (per row).

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": ["a", "b", "c", "d", "a"],
    ...                   "breakdown": ["totaal"] * 4 + ["g"], "p": [.01, .02, .01, .04, .01]})
    >>> out = assign_families(t, sets={"c": "x", "d": "x", "a": "y"}, confirmatory=["a", "b"])
    >>> out[["family", "p_adj", "p_adj_method"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['confirmatory', 0.02, 'holm'], ['confirmatory', 0.02, 'holm'],
     ['x | totaal', 0.02, 'fdr_bh'], ['x | totaal', 0.04, 'fdr_bh'], ['y | g', 0.01, 'fdr_bh']]
    """
    for m in (method, confirmatory_method):
        if m not in METHODS:
            raise StatsError(f"method must be one of {METHODS}, got {m!r}")
    out = df.copy()
    headline = (out["indicator"].astype(str).isin(set(confirmatory))
                & (out["breakdown"].astype(str) == TOTAL)).to_numpy()
    labels = _family_label(out, family, sets).to_numpy(dtype=object)
    labels[headline] = CONFIRMATORY
    out["family"] = labels
    out["p_adj"] = np.nan
    out["p_adj_method"] = np.where(headline, confirmatory_method, method)
    for part, how in ((headline, confirmatory_method), (~headline, method)):
        if part.any():
            adjusted = adjust_pvalues(out.loc[part, ["p", "family"]], how)
            out.loc[part, "p_adj"] = adjusted["p_adj"].to_numpy()
    return out


def adjust(p: np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjust one family of p-values (no NaN) for multiple testing.

    Parameters
    ----------
    p : numpy.ndarray
        Raw p-values of one family.
    method : {'holm', 'fdr_bh', 'bonferroni', 'none'}, default 'holm'
        Holm's step-down (family-wise error), Benjamini-Hochberg step-up (false discovery
        rate), Bonferroni, or no adjustment.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input order, capped at 1.

    Notes
    -----
    With ``p_(1) <= ... <= p_(m)``: Holm ``max_{j<=i} min(1, (m - j + 1) p_(j))``;
    Benjamini-Hochberg ``min_{j>=i} min(1, m p_(j) / j)``.

    Examples
    --------
    >>> adjust(np.array([0.01, 0.04, 0.03]), "holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    >>> adjust(np.array([0.01, 0.04, 0.03]), "fdr_bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    if method not in METHODS:
        raise StatsError(f"method must be one of {METHODS}, got {method!r}")
    p = np.asarray(p, dtype=float)
    m = p.size
    if m == 0 or method == "none":
        return p.copy()
    if method == "bonferroni":
        return np.minimum(1.0, m * p)
    order = np.argsort(p, kind="stable")
    ps = p[order]
    ranks = np.arange(1, m + 1)
    if method == "holm":
        adj = np.maximum.accumulate(np.minimum(1.0, (m - ranks + 1) * ps))
    else:
        adj = np.minimum.accumulate((m * ps / ranks)[::-1])[::-1]
        adj = np.minimum(1.0, adj)
    out = np.empty(m)
    out[order] = adj
    return out


def adjust_pvalues(df: pd.DataFrame, method: str = "holm", *, family_col: str = "family"
                   ) -> pd.DataFrame:
    """Adjust the ``p`` column within each family; rows without p keep ``p_adj`` NA.

    Parameters
    ----------
    df : pandas.DataFrame
        With columns ``p`` and ``family_col``. Not modified.
    method : {'holm', 'fdr_bh', 'bonferroni', 'none'}, default 'holm'
        See :func:`adjust`.
    family_col : str, default 'family'
        Column naming each test's family.

    Returns
    -------
    pandas.DataFrame
        A copy with ``p_adj`` and ``p_adj_method``.

    Examples
    --------
    >>> df = pd.DataFrame({"p": [0.01, 0.04, 0.03, np.nan], "family": ["a", "a", "b", "b"]})
    >>> adjust_pvalues(df, "holm")["p_adj"].round(3).tolist()
    [0.02, 0.04, 0.03, nan]
    """
    if method not in METHODS:
        raise StatsError(f"method must be one of {METHODS}, got {method!r}")
    for col in ("p", family_col):
        if col not in df.columns:
            raise ColumnError(f"df: column {col!r} is missing")
    out = df.copy()
    p_adj = np.full(len(out), np.nan)
    p = out["p"].to_numpy(dtype=float)
    for _, idx in out.groupby(family_col, sort=False).indices.items():
        ok = idx[~np.isnan(p[idx])]
        if ok.size == 0:
            continue
        p_adj[ok] = adjust(p[ok], method)
    out["p_adj"] = p_adj
    out["p_adj_method"] = method
    return out


def _wald(diff: np.ndarray, se: np.ndarray, alpha: float
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = 2 * stats.norm.sf(np.abs(diff / se))
    p = np.where(se > 0, p, np.nan)
    return diff - z * se, diff + z * se, p


def group_vs_rest(
    design: SurveyDesign,
    proportions: Sequence[str],
    breakdowns: Sequence[str],
    *,
    means: Sequence[str] = (),
    two_way: Sequence[Sequence[str]] = (),
    alpha: float = 0.05,
    method: str = "holm",
    family: Family = "indicator",
    sets: Mapping[str, str] | None = None,
    small_n: int = 30,
) -> pd.DataFrame:
    """Each group of each breakdown against the rest of the wave, with replicate SEs.

    Parameters
    ----------
    design : SurveyDesign
        Respondents with weights and (preferably) replicate weights.
    proportions, means : sequence of str
        Indicators, as in :func:`pipeline.stats.estimate.estimate_all`.
    breakdowns : sequence of str
        Breakdown variables (absent ones skipped).
    two_way : sequence of pairs of str, default ()
        Crossed breakdowns.
    alpha : float, default 0.05
        1 - confidence level of the difference interval.
    method : {'holm', 'fdr_bh', 'bonferroni', 'none'}, default 'holm'
        Multiple-testing correction within each family.
    family : {'table', 'indicator', 'breakdown', 'all'}, default 'indicator'
        A family is all tests of one set of related indicators in one breakdown (``table``,
        with ``sets``), of one indicator (every breakdown and group), of one indicator x
        breakdown, or the whole table. Group against the rest is exploratory throughout.
    sets : mapping, optional
        Indicator -> its set of related indicators (for ``family='table'``).
    small_n : int, default 30
        Flag ``small_n`` when either side has fewer respondents in the base.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARE_COLUMNS`; ``comparison`` = ``group_vs_rest``.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a"] * 50 + ["b"] * 50,
    ...                    "y": [1] * 10 + [0] * 40 + [1] * 25 + [0] * 25})
    >>> out = group_vs_rest(SurveyDesign.unweighted(df), ["y"], ["g"])
    >>> out[["group", "estimate", "estimate_b", "diff"]]
      group  estimate  estimate_b  diff
    0     a       0.2         0.5  -0.3
    1     b       0.5         0.2   0.3
    """
    prep = prepare(design, proportions, means)
    blocks = []
    specs = [[b] for b in breakdowns] + [list(t) for t in two_way]
    for spec in specs:
        if not prep.names or any(v not in design.data.columns for v in spec):
            continue
        codes, labels = group_codes(design.data, spec)
        if len(labels) < 2:
            continue
        sums = group_sums(prep, codes, len(labels))
        rest = sums.sum(axis=0, keepdims=True) - sums
        a, b = ratio_stats(sums, prep), ratio_stats(rest, prep)
        diff = a["estimate"] - b["estimate"]
        if prep.n_replicates:
            d_rep = a["replicates"] - b["replicates"]
            finite = np.isfinite(d_rep)
            valid = finite.sum(axis=2)
            with np.errstate(divide="ignore", invalid="ignore"):
                mean = np.where(finite, d_rep, 0.0).sum(axis=2, keepdims=True) / valid[..., None]
                var = prep.scale * prep.n_replicates / valid * np.nansum((d_rep - mean) ** 2,
                                                                         axis=2)
        else:
            var = a["se"] ** 2 + b["se"] ** 2
        se = np.sqrt(var)
        k, j = diff.shape
        n_a, n_b = a["n"].ravel(), b["n"].ravel()
        flat_diff = diff.ravel()
        flat_se = np.where((n_a > 0) & (n_b > 0), se.ravel(), np.nan)
        lo, hi, p = _wald(flat_diff, flat_se, alpha)
        flags = [";".join(f for f, on in (("empty", na == 0 or nb == 0),
                                          ("small_n", 0 < min(na, nb) < small_n)) if on)
                 for na, nb in zip(n_a, n_b, strict=True)]
        blocks.append(pd.DataFrame({
            "wave": design.wave, "indicator": np.tile(np.array(prep.names, dtype=object), k),
            "breakdown": SEP.join(spec), "group": np.repeat(np.array(labels, dtype=object), j),
            "comparison": "group_vs_rest", "estimate": a["estimate"].ravel(),
            "estimate_b": b["estimate"].ravel(), "diff": flat_diff, "diff_se": flat_se,
            "diff_ci_low": lo, "diff_ci_high": hi, "p": p,
            "n": np.rint(n_a).astype(np.int64), "n_b": np.rint(n_b).astype(np.int64),
            "flags": flags}))
    if not blocks:
        return pd.DataFrame({c: [] for c in COMPARE_COLUMNS})
    out = pd.concat(blocks, ignore_index=True)
    order = {name: i for i, name in enumerate(prep.names)}
    out = out.sort_values("indicator", key=lambda s: s.map(order), kind="stable")
    out = out.reset_index(drop=True)
    out = assign_families(out, method=method, family=family, sets=sets)
    out["wave"] = out["wave"].astype("Int64")
    logger.info("vergelijkingen klaar (%d toetsen groep tegen de rest, %s)", len(out), method)
    return out[COMPARE_COLUMNS]


def compare_waves(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    comparable: Collection[str],
    *,
    alpha: float = 0.05,
    method: str = "holm",
    family: Family = "indicator",
    sets: Mapping[str, str] | None = None,
    confirmatory: Collection[str] = (),
    confirmatory_method: str = "holm",
) -> pd.DataFrame:
    """Difference between two waves' tidy estimates for the comparable indicators.

    Parameters
    ----------
    current, previous : pandas.DataFrame
        Tidy estimate tables (:func:`pipeline.stats.estimate.estimate_all`) of the later
        and the earlier wave.
    comparable : collection of str
        Indicators with the same wording and answer scale in both waves (from the wave
        mapping files). Others get the flag ``not_comparable`` and no test.
    alpha : float, default 0.05
        1 - confidence level of the difference interval.
    method : {'holm', 'fdr_bh', 'bonferroni', 'none'}, default 'holm'
        Multiple-testing correction per exploratory family.
    family : {'table', 'indicator', 'breakdown', 'all'}, default 'indicator'
        Exploratory family definition, as in :func:`group_vs_rest`.
    sets : mapping, optional
        Indicator -> its set of related indicators (for ``family='table'``).
    confirmatory : collection of str, default ()
        Indicators whose change in the total is a confirmatory test (one family, see
        :func:`assign_families`).
    confirmatory_method : str, default 'holm'
        Correction within the confirmatory family.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARE_COLUMNS` plus ``wave_b``; ``comparison`` = ``wave_vs_wave``.
        Rows of ``current``; a row without a match in ``previous`` gets the flag
        ``absent_in_previous``.

    Notes
    -----
    ``diff = estimate - estimate_b`` and ``SE = sqrt(se^2 + se_b^2)`` (independent samples).

    Examples
    --------
    >>> cur = pd.DataFrame({"wave": [2026, 2026], "indicator": ["x", "y"],
    ...     "breakdown": "totaal", "group": "totaal", "estimate": [0.30, 0.5],
    ...     "se": [0.03, 0.02], "n": [900, 900]})
    >>> prev = cur.assign(wave=2024, estimate=[0.26, 0.4], se=[0.04, 0.02])
    >>> out = compare_waves(cur, prev, comparable={"x"})
    >>> out[["indicator", "diff", "diff_se"]].round(3)
      indicator  diff  diff_se
    0         x  0.04     0.05
    1         y   NaN      NaN
    >>> out["flags"].tolist()
    ['', 'not_comparable']
    """
    keys = ["indicator", "breakdown", "group"]
    need = [*keys, "wave", "estimate", "se", "n"]
    for name, frame in (("current", current), ("previous", previous)):
        absent = [c for c in need if c not in frame.columns]
        if absent:
            raise ColumnError(f"{name}: column(s) {absent} missing from the estimate table")
    prev = previous[[*keys, "wave", "estimate", "se", "n"]].rename(
        columns={"wave": "wave_b", "estimate": "estimate_b", "se": "se_b", "n": "n_b"})
    if prev.duplicated(keys).any():
        raise StatsError("previous: duplicate indicator/breakdown/group rows")
    m = current[[*keys, "wave", "estimate", "se", "n"]].merge(prev, on=keys, how="left",
                                                               validate="many_to_one")
    ok_item = m["indicator"].isin(set(comparable)).to_numpy()
    present = m["estimate_b"].notna().to_numpy()
    test = ok_item & present
    diff = np.where(test, m["estimate"].to_numpy(float) - m["estimate_b"].to_numpy(float), np.nan)
    se = np.where(test, np.hypot(m["se"].to_numpy(float), m["se_b"].to_numpy(float)), np.nan)
    lo, hi, p = _wald(diff, se, alpha)
    m["comparison"] = "wave_vs_wave"
    m["diff"], m["diff_se"], m["diff_ci_low"], m["diff_ci_high"], m["p"] = diff, se, lo, hi, p
    m["flags"] = np.where(~ok_item, "not_comparable",
                          np.where(~present, "absent_in_previous", ""))
    m = assign_families(m, method=method, family=family, sets=sets,
                        confirmatory=confirmatory, confirmatory_method=confirmatory_method)
    m["n_b"] = m["n_b"].astype("Int64")
    return m[[*COMPARE_COLUMNS, "wave_b"]]
