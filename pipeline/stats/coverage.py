"""Coverage harness: bias, interval coverage and SE/SD of every kind of published cell.

Given a finite population with known outcomes and response propensities, the harness draws
``K`` respondent samples (each person responds independently with ``p_response``), weights
each sample to the population margins with the production engine (raking, trimming, bootstrap
replicates with the raking redone: :meth:`SurveyDesign.from_margins` with the ``weighting:``
settings of ``params.yaml``), estimates every indicator in total and by every breakdown group
(:func:`~pipeline.stats.estimate.estimate_all`), and compares each estimate with the
population value of its cell.

Cells are grouped into **cell types** by indicator type and domain size:

* indicator: ``gewoon`` (a proportion whose population value is at least 15%), ``zeldzaam``
  (a proportion below 15%), ``gemiddelde`` (a mean);
* domain: ``totaal``, ``groep`` (expected respondents >= 100), ``klein`` (expected
  respondents 30-100).

Only cells a report would publish are judged: groups expected below 30 respondents are left
out, and so are proportions whose expected count with or without the outcome is below the
disclosure rule's ``min_numerator`` / ``min_complement`` (10): the publication ledger withholds
those percentages (docs/disclosure.md). They are kept in the per-cell table as cell type
``niet gepubliceerd``, for information.

Per cell the harness reports the mean bias (with its Monte Carlo error, the SD of the
estimates over ``sqrt(K)``), split into what the weighting method is responsible for and
what no weighting on the margins can remove (:func:`reference_limits`), the coverage of the
95% interval and the ratio of the mean standard error to the SD of the estimates; per cell
type the worst bias, the coverage pooled over its cells and the mean SE/SD ratio, each with
its Monte Carlo error and a verdict against the targets of :data:`TARGETS`.
Used by ``scripts/validate_coverage.py`` (``make validate``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.stats.design import SurveyDesign
from pipeline.stats.errors import ColumnError, StatsError
from pipeline.stats.estimate import estimate_all

logger = logging.getLogger(__name__)

RARE_BELOW = 0.15
SMALL_DOMAIN = (30.0, 100.0)
TARGETS = {"bias_pt": 0.3, "bias_mean": 0.01, "coverage": (0.93, 0.97), "se_sd": (0.9, 1.1)}
"""|mean bias against the margin oracle| (:func:`reference_limits`) below 0.3 percentage points
(0.01 scale points for means), or, where the Monte Carlo error is larger than that, not
distinguishable from 0 (two-sided 5%, Bonferroni over every judged cell of the population:
the run is one family, so that a population without bias fails by chance in at most 5% of runs
however many cell types it has); pooled coverage in 93-97%; mean SE/SD in 0.9-1.1."""

INDICATOR_TYPES = ("gewoon", "zeldzaam", "gemiddelde")
NOT_PUBLISHED = "niet gepubliceerd"
DOMAIN_TYPES = ("totaal", "groep", "klein")


@dataclass(frozen=True)
class Scenario:
    """A population and what the harness estimates on it.

    Attributes
    ----------
    name : str
        Label printed with the results.
    population : pandas.DataFrame
        One row per person: the margin variables, the breakdowns, the indicators (binary
        0/1 with NA for "not in the base", or numeric) and ``p_response``.
    proportions, means : tuple of str
        Binary indicators and numeric indicators.
    breakdowns : tuple of str
        Breakdown variables.
    """

    name: str
    population: pd.DataFrame
    proportions: tuple[str, ...]
    means: tuple[str, ...]
    breakdowns: tuple[str, ...]

    def check(self, margins: Sequence[str]) -> None:
        """Raise :class:`ColumnError` when a column the harness needs is absent."""
        need = [*margins, *self.breakdowns, *self.proportions, *self.means, "p_response"]
        absent = [c for c in dict.fromkeys(need) if c not in self.population.columns]
        if absent:
            raise ColumnError(f"scenario {self.name}: column(s) {absent} missing from the "
                              "population")


def population_margins(pop: pd.DataFrame, names: Sequence[str]) -> dict[str, pd.Series]:
    """Count the population per category of each margin.

    Parameters
    ----------
    pop : pandas.DataFrame
        The population.
    names : sequence of str
        Margin variables.

    Returns
    -------
    dict of str to pandas.Series
        Counts per category (as float).

    Examples
    --------
    >>> population_margins(pd.DataFrame({"g": ["b", "a", "b"]}), ["g"])["g"].to_dict()
    {'a': 1.0, 'b': 2.0}
    """
    return {m: pop[m].astype("string").value_counts().sort_index().astype(float)
            for m in names}


def cell_truth(scenario: Scenario, min_count: float = 10.0) -> pd.DataFrame:
    """Compute the population value, expected respondents and cell type of every cell.

    Parameters
    ----------
    scenario : Scenario
        Population and indicators.
    min_count : float, default 10
        A proportion whose expected count with or without the outcome is below this is
        typed ``niet gepubliceerd`` (the disclosure rules ``min_numerator`` and
        ``min_complement``).

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator``, ``breakdown``, ``group``, ``truth``, ``expected_n`` (sum of
        response propensities of the people in the cell's base), ``indicator_type``,
        ``domain_type``; cells expected below 30 respondents are left out.

    Examples
    --------
    >>> pop = pd.DataFrame({"g": ["a"] * 300 + ["b"] * 100, "y": [1, 0] * 200,
    ...                     "p_response": 0.5})
    >>> t = cell_truth(Scenario("x", pop, ("y",), (), ("g",)))
    >>> t[["group", "expected_n", "domain_type"]].values.tolist()
    [['totaal', 200.0, 'totaal'], ['a', 150.0, 'groep'], ['b', 50.0, 'klein']]
    """
    pop = scenario.population
    p = pop["p_response"].to_numpy(dtype=float)
    rows = []
    for ind in (*scenario.proportions, *scenario.means):
        y = pd.to_numeric(pop[ind].astype("Float64"), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
        base = ~np.isnan(y)
        kind = "gemiddelde" if ind in scenario.means else None
        specs = [("totaal", np.full(len(pop), "totaal", dtype=object))]
        specs += [(b, pop[b].astype("string").to_numpy(dtype=object, na_value=None))
                  for b in scenario.breakdowns]
        for breakdown, labels in specs:
            for group in sorted({g for g in labels if g is not None}):
                cell = base & (labels == group)
                truth = float(y[cell].mean())
                expected = float(p[cell].sum())
                if kind is not None:
                    typ = kind
                elif min(truth, 1 - truth) * expected < min_count:
                    typ = NOT_PUBLISHED
                else:
                    typ = "zeldzaam" if truth < RARE_BELOW else "gewoon"
                rows.append({"indicator": ind, "breakdown": breakdown, "group": str(group),
                             "truth": truth, "expected_n": expected, "indicator_type": typ})
    out = pd.DataFrame(rows)
    out["domain_type"] = np.where(out["breakdown"] == "totaal", "totaal",
                                  np.where(out["expected_n"] >= SMALL_DOMAIN[1], "groep",
                                           "klein"))
    return out[out["expected_n"] >= SMALL_DOMAIN[0]].reset_index(drop=True)


def _margin_totals(pop: pd.DataFrame, margins: Sequence[str],
                   totals: Mapping[str, pd.Series] | None) -> dict[str, pd.Series]:
    """Count the population per margin category, or take the given ``totals``."""
    given = dict(totals or {})
    counted = population_margins(pop, [m for m in margins if m not in given])
    return {m: (given[m].astype(float) if m in given else counted[m]) for m in margins}


def reference_limits(scenario: Scenario, margins: Sequence[str],
                     truth: pd.DataFrame,
                     totals: Mapping[str, pd.Series] | None = None) -> pd.DataFrame:
    """Where weighting on ``margins`` can at best get, and where raking gets, per cell.

    Two deterministic limits, computed on the population with the expected sample (each
    person counted with their response propensity ``p_i``):

    * the **margin oracle**: weights ``1 / pbar_x``, ``pbar_x`` the mean propensity of the
      person's full cross-classification ``x`` of the margins: the best any weighting that
      uses only the margin variables can do. Its bias (``oracle_bias``) is non-response bias
      that the margins cannot remove: response related to the outcome within the cells
      (in a fixed population, also by chance, through a person-level response effect);
    * the **raking limit**: the expected sample raked to the margins (``raking_bias``). The
      difference from the oracle is the raking model's own bias: raking fits a propensity
      that is multiplicative in the margins, ``1 / pbar_x = exp(a + b_cluster + ...)``,
      and misses where the true one is not (e.g. logistic with large effects);
    * the **logistic limit**: the expected sample calibrated with ``calibration: logistic``
      (``logistic_bias``), weights ``1 + exp(a + b_cluster + ...)``: the inverse of a
      logistic propensity, additive in the margins on the logit scale
      (:mod:`pipeline.stats.logistic`).

    Parameters
    ----------
    scenario : Scenario
        Population and indicators.
    margins : sequence of str
        Weighting margins.
    truth : pandas.DataFrame
        Output of :func:`cell_truth`.
    totals : mapping of str to pandas.Series, optional
        Totals to rake a margin to instead of its population count (herkomst from CBS-like
        shares times register counts, as the pipeline builds them:
        :func:`pipeline.analysis.origin.herkomst_totals`); indexed by the margin's categories.

    Returns
    -------
    pandas.DataFrame
        ``truth`` with ``oracle_bias``, ``raking_bias`` and ``logistic_bias`` (same units as
        the indicator).
    """
    from pipeline.stats.ipf import rake_matrix
    from pipeline.stats.logistic import calibrate_logistic

    pop = scenario.population
    p = pop["p_response"].to_numpy(dtype=float)
    codes = np.column_stack([pd.factorize(pop[m].astype("string"), sort=True)[0]
                             for m in margins])
    cross = pd.factorize(pd.MultiIndex.from_arrays(codes.T))[0]
    pbar = np.bincount(cross, weights=p) / np.bincount(cross)
    oracle = p / pbar[cross]
    given = _margin_totals(pop, margins, totals)
    targets = [given[m].reindex(sorted(pop[m].astype("string").unique())).to_numpy(dtype=float)
               for m in margins]
    raked = rake_matrix(codes, targets, p * len(pop) / p.sum(), max_iter=500,
                        tol=1e-10).weights[:, 0]
    # each person is p_i of a respondent: design weight 1 per respondent, so b_i = p_i
    logistic = calibrate_logistic(rake_matrix, codes, targets, p * len(pop) / p.sum(),
                                  design_weight=len(pop) / p.sum(), max_iter=500,
                                  tol=1e-10).weights[:, 0]
    out = []
    for r in truth.itertuples(index=False):
        y = pd.to_numeric(pop[r.indicator].astype("Float64"), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan)
        cell = ~np.isnan(y)
        if r.breakdown != "totaal":
            cell &= (pop[r.breakdown].astype("string") == r.group).to_numpy(
                dtype=bool, na_value=False)
        yc = y[cell]
        out.append({"oracle_bias": float((oracle[cell] * yc).sum() / oracle[cell].sum())
                    - r.truth,
                    "raking_bias": float((raked[cell] * yc).sum() / raked[cell].sum())
                    - r.truth,
                    "logistic_bias": float((logistic[cell] * yc).sum() / logistic[cell].sum())
                    - r.truth})
    return pd.concat([truth.reset_index(drop=True), pd.DataFrame(out)], axis=1)


def draw_estimates(scenario: Scenario, weighting: dict, n_samples: int, *, seed: int = 1,
                   progress: Callable[[int], None] | None = None,
                   totals: Mapping[str, pd.Series] | None = None) -> pd.DataFrame:
    """Draw ``n_samples`` respondent samples, weight each and estimate every cell.

    Parameters
    ----------
    scenario : Scenario
        Population and indicators.
    weighting : dict
        The ``weighting:`` section of ``params.yaml`` (``margins``, ``replicates``, ``fpc``, ...).
    n_samples : int
        Number of samples K.
    seed : int, default 1
        Seed of the response draws (sample ``s`` also seeds its bootstrap with
        ``seed * 100003 + s``).
    progress : callable, optional
        Called with the sample index after each sample.
    totals : mapping of str to pandas.Series, optional
        Totals for some margins instead of their population counts (:func:`reference_limits`).
        The respondents' values of such a margin may be missing (``missing_margin``).

    Returns
    -------
    pandas.DataFrame
        One row per sample and cell: ``sample``, ``indicator``, ``breakdown``, ``group``,
        ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n``.
    """
    if n_samples < 2:
        raise StatsError(f"n_samples must be >= 2, got {n_samples!r}")
    scenario.check(weighting["margins"])
    pop = scenario.population
    margins = _margin_totals(pop, weighting["margins"], totals)
    rng = np.random.default_rng(seed)
    p = pop["p_response"].to_numpy(dtype=float)
    keep = ["indicator", "breakdown", "group", "estimate", "se", "ci_low", "ci_high", "n"]
    parts = []
    for s in range(n_samples):
        sample = pop.loc[rng.random(len(pop)) < p].reset_index(drop=True)
        design = SurveyDesign.from_margins(sample, margins, weighting, seed=seed * 100003 + s)
        est = estimate_all(design, list(scenario.proportions), list(scenario.breakdowns),
                           means=list(scenario.means))
        parts.append(est[keep].assign(sample=s))
        if progress is not None:
            progress(s)
    return pd.concat(parts, ignore_index=True)


def cell_summary(draws: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Bias, coverage and SE/SD per cell.

    Parameters
    ----------
    draws : pandas.DataFrame
        Output of :func:`draw_estimates`.
    truth : pandas.DataFrame
        Output of :func:`cell_truth`.

    Returns
    -------
    pandas.DataFrame
        Per cell: the truth columns, ``samples`` (with an estimate), ``mean_estimate``,
        ``bias``, ``bias_mc`` (Monte Carlo error of the bias), ``coverage``, ``mean_se``,
        ``sd``, ``se_sd`` and ``mean_n``; with ``oracle_bias`` in ``truth``
        (:func:`reference_limits`) also ``method_bias = bias - oracle_bias``.

    Examples
    --------
    >>> truth = pd.DataFrame({"indicator": ["y"], "breakdown": ["totaal"],
    ...     "group": ["totaal"], "truth": [0.5], "expected_n": [100.0],
    ...     "indicator_type": ["gewoon"], "domain_type": ["totaal"]})
    >>> draws = pd.DataFrame({"indicator": "y", "breakdown": "totaal", "group": "totaal",
    ...     "estimate": [0.4, 0.6], "se": [0.1, 0.1], "ci_low": [0.3, 0.52],
    ...     "ci_high": [0.6, 0.7], "n": [100, 100], "sample": [0, 1]})
    >>> cell_summary(draws, truth)[["bias", "coverage", "se_sd"]].round(3).to_dict("records")
    [{'bias': 0.0, 'coverage': 0.5, 'se_sd': 0.707}]
    """
    keys = ["indicator", "breakdown", "group"]
    d = draws.merge(truth[[*keys, "truth"]], on=keys, how="inner")
    d = d[d["estimate"].notna() & d["se"].notna()]
    d = d.assign(covered=(d["ci_low"] <= d["truth"]) & (d["truth"] <= d["ci_high"]))
    g = d.groupby(keys, sort=False)
    s = g.agg(samples=("sample", "nunique"), mean_estimate=("estimate", "mean"),
              coverage=("covered", "mean"), mean_se=("se", "mean"), sd=("estimate", "std"),
              mean_n=("n", "mean")).reset_index()
    out = truth.merge(s, on=keys, how="inner")
    out["bias"] = out["mean_estimate"] - out["truth"]
    if "oracle_bias" in out.columns:
        out["method_bias"] = out["bias"] - out["oracle_bias"]
    out["bias_mc"] = out["sd"] / np.sqrt(out["samples"])
    out["se_sd"] = out["mean_se"] / out["sd"]
    return out


def type_summary(cells: pd.DataFrame) -> pd.DataFrame:
    """Worst bias, pooled coverage and mean SE/SD per cell type, with Monte Carlo errors.

    Parameters
    ----------
    cells : pandas.DataFrame
        Output of :func:`cell_summary`.

    Returns
    -------
    pandas.DataFrame
        One row per cell type present (``indicator_type`` x ``domain_type`` in the order of
        :data:`INDICATOR_TYPES` and :data:`DOMAIN_TYPES`): ``cells``, ``mean_n``,
        ``max_abs_bias`` against the truth (in percentage points for proportions, scale points
        for means), ``max_abs_method_bias`` (against the margin oracle; judged) and the
        ``bias_mc`` of that cell, ``max_abs_oracle_bias``, ``coverage`` pooled with its
        binomial Monte Carlo error ``coverage_mc`` (over cells x samples, which understates
        it when cells are correlated), ``coverage_min``, ``coverage_max``, ``se_sd`` (mean
        over cells) with ``se_sd_mc`` (``1 / sqrt(2 (K - 1) cells)``), and the verdicts
        ``ok_bias``, ``ok_coverage``, ``ok_se_sd``.
    """
    rows = []
    family = int((cells["indicator_type"].isin(INDICATOR_TYPES)
                  & cells["domain_type"].isin(DOMAIN_TYPES)).sum())
    z = float(stats.norm.ppf(1 - 0.025 / max(family, 1)))
    for it in INDICATOR_TYPES:
        for dt in DOMAIN_TYPES:
            c = cells[(cells["indicator_type"] == it) & (cells["domain_type"] == dt)]
            if c.empty:
                continue
            unit = 1.0 if it == "gemiddelde" else 100.0
            limit = TARGETS["bias_mean"] if it == "gemiddelde" else TARGETS["bias_pt"]
            judged = c["method_bias"] if "method_bias" in c.columns else c["bias"]
            worst = c.loc[judged.abs().idxmax()]
            worst_truth = c.loc[c["bias"].abs().idxmax()]
            k = float(c["samples"].mean())
            total = float(c["samples"].sum())
            cov = float((c["coverage"] * c["samples"]).sum() / total)
            cov_mc = float(np.sqrt(cov * (1 - cov) / total))
            se_sd = float(c["se_sd"].mean())
            se_sd_mc = float(1.0 / np.sqrt(2 * (k - 1) * len(c)))
            bias_ok = bool(((judged.abs() * unit < limit)
                            | (judged.abs() < z * c["bias_mc"])).all())
            rows.append({
                "indicator_type": it, "domain_type": dt, "cells": len(c),
                "mean_n": float(c["mean_n"].mean()),
                "max_abs_bias": float(abs(worst_truth["bias"]) * unit),
                "max_abs_method_bias": float(abs(judged[worst.name]) * unit),
                "bias_mc": float(worst["bias_mc"] * unit),
                "max_abs_oracle_bias": float(c["oracle_bias"].abs().max() * unit)
                if "oracle_bias" in c.columns else float("nan"),
                "coverage": cov,
                "coverage_mc": cov_mc, "coverage_min": float(c["coverage"].min()),
                "coverage_max": float(c["coverage"].max()), "se_sd": se_sd,
                "se_sd_mc": se_sd_mc, "ok_bias": bias_ok,
                "ok_coverage": TARGETS["coverage"][0] <= cov <= TARGETS["coverage"][1],
                "ok_se_sd": TARGETS["se_sd"][0] <= se_sd <= TARGETS["se_sd"][1]})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CoverageResult:
    """The harness's output for one scenario.

    Attributes
    ----------
    scenario : str
        Scenario name.
    cells : pandas.DataFrame
        :func:`cell_summary`.
    types : pandas.DataFrame
        :func:`type_summary`.
    n_samples : int
        K.
    """

    scenario: str
    cells: pd.DataFrame
    types: pd.DataFrame
    n_samples: int

    @property
    def passed(self) -> bool:
        """Every cell type meets every target."""
        t = self.types
        return bool(t["ok_bias"].all() and t["ok_coverage"].all() and t["ok_se_sd"].all())


def run_coverage(scenario: Scenario, weighting: dict, n_samples: int, *, seed: int = 1,
                 min_count: float = 10.0,
                 progress: Callable[[int], None] | None = None,
                 totals: Mapping[str, pd.Series] | None = None) -> CoverageResult:
    """Run the harness on one scenario.

    Parameters
    ----------
    scenario : Scenario
        Population and indicators.
    weighting : dict
        The ``weighting:`` settings.
    n_samples : int
        Number of samples K.
    seed : int, default 1
        Seed of the response draws.
    min_count : float, default 10
        Expected count below which a proportion is not published (:func:`cell_truth`).
    progress : callable, optional
        Called with the sample index after each sample.
    totals : mapping of str to pandas.Series, optional
        Totals for some margins instead of their population counts (:func:`reference_limits`).

    Returns
    -------
    CoverageResult
        Per-cell and per-type summaries.
    """
    truth = reference_limits(scenario, weighting["margins"], cell_truth(scenario, min_count),
                             totals)
    draws = draw_estimates(scenario, weighting, n_samples, seed=seed, progress=progress,
                           totals=totals)
    cells = cell_summary(draws, truth)
    logger.info("dekking %s: %d cellen, %d steekproeven", scenario.name, len(cells), n_samples)
    return CoverageResult(scenario.name, cells, type_summary(cells), n_samples)
