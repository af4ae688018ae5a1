"""Simulation check of the weighting: bias and interval coverage against a known population.

From a finite population with known outcomes and response propensities, draw samples with
background-dependent non-response (each person responds independently with probability
``p_response``), rake each sample to the population margins with replicate weights, and
compare the weighted and unweighted estimates of overall and Buiten-Europa prevalence with
the population truth. Used by ``scripts/validate_weighting.py`` (full size) and by the unit
tests (reduced size).

The population comes from ``pipeline.synth.population.population_with_outcomes`` when that
exists; otherwise from :func:`toy_population`, a small generator in which outcomes and
response depend on cluster, schaal band, age, gender and herkomst.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats
from scipy.special import expit

from pipeline.stats.design import SurveyDesign
from pipeline.stats.errors import ColumnError
from pipeline.stats.estimate import estimate_all

CLUSTERS = ("Dienstverlening", "Ruimte en Economie", "Sociaal", "Bedrijfsvoering",
            "Stadsdelen", "Veiligheid", "Financien")
BANDS = ("1-5", "6-8", "9-11", "12-14", "15+")
AGES = ("<25", "25-34", "35-44", "45-54", "55+")
GENDERS = ("man", "vrouw", "non-binair")
HERKOMST = ("Nederland", "Europa", "Buiten-Europa")
TARGET_GROUP = ("herkomst", "Buiten-Europa")


def _draw(rng: np.random.Generator, logits: np.ndarray) -> np.ndarray:
    """Draw a category per row from row-wise logits (n, K)."""
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    u = rng.random(len(p))[:, None]
    return (u > np.cumsum(p, axis=1)).sum(axis=1).clip(max=p.shape[1] - 1)


def toy_population(seed: int, n_staff: int = 22000, response_rate: float = 0.31
                   ) -> pd.DataFrame:
    """Generate a synthetic staff population with outcomes and response propensities.

    Herkomst depends on cluster; schaal band on herkomst; outcomes (``ub_any``,
    ``discr_ja``) on herkomst, gender, scale, age and cluster; the response propensity on
    cluster, scale, age, gender and (mildly) herkomst, scaled to ``response_rate`` overall.

    Parameters
    ----------
    seed : int
        Random seed.
    n_staff : int, default 22000
        Population size.
    response_rate : float, default 0.31
        Mean response propensity.

    Returns
    -------
    pandas.DataFrame
        Columns ``cluster``, ``schaal_band``, ``age_band``, ``gender``, ``herkomst``,
        ``disability``, ``ub_any``, ``discr_ja``, ``p_response``.

    Examples
    --------
    >>> pop = toy_population(1, n_staff=5000)
    >>> round(float(pop["p_response"].mean()), 3)
    0.31
    """
    rng = np.random.default_rng(seed)
    n = n_staff
    cl = rng.choice(len(CLUSTERS), n, p=[0.2, 0.12, 0.18, 0.15, 0.2, 0.08, 0.07])
    cl_be = np.array([0.8, -0.3, 0.6, -0.2, 0.5, 0.3, -0.5])
    hk = _draw(rng, np.column_stack([np.full(n, 1.0), np.full(n, -0.9), cl_be[cl] - 0.2]))
    band_shift = np.array([0.0, -0.2, -0.9])[hk]
    band_logits = np.column_stack([np.full(n, -0.6), np.full(n, 0.3), np.full(n, 0.6),
                                   np.full(n, 0.2), np.full(n, -1.0)])
    band_logits += np.outer(band_shift, np.arange(5) - 2)
    sb = _draw(rng, band_logits)
    age = rng.choice(5, n, p=[0.07, 0.25, 0.25, 0.23, 0.20])
    gen = rng.choice(3, n, p=[0.45, 0.54, 0.01])
    dis = rng.random(n) < 0.12
    cl_ub = rng.normal(0, 0.25, len(CLUSTERS))
    is_be, is_eu = hk == 2, hk == 1
    ub = (-0.4 + 0.5 * is_be + 0.2 * is_eu + 0.3 * (gen == 1) + 0.6 * (gen == 2)
          - 0.18 * (sb - 2) - 0.15 * (age - 2) + 0.3 * dis + cl_ub[cl])
    discr = (-2.3 + 1.3 * is_be + 0.5 * is_eu + 0.3 * (gen == 1) + 0.9 * (gen == 2)
             - 0.15 * (sb - 2) - 0.1 * (age - 2) + 0.4 * dis + cl_ub[cl])
    cl_resp = np.array([-0.3, 0.2, -0.1, 0.4, -0.4, 0.1, 0.3])
    resp_lin = (0.3 * (sb - 2) + 0.2 * (age - 2) + 0.15 * (gen == 1) + cl_resp[cl]
                - 0.15 * is_be - 0.05 * is_eu)
    shift = optimize.brentq(lambda a: expit(a + resp_lin).mean() - response_rate, -10, 10)
    return pd.DataFrame({
        "cluster": np.array(CLUSTERS)[cl], "schaal_band": np.array(BANDS)[sb],
        "age_band": np.array(AGES)[age], "gender": np.array(GENDERS)[gen],
        "herkomst": np.array(HERKOMST)[hk], "disability": dis,
        "ub_any": (rng.random(n) < expit(ub)).astype(int),
        "discr_ja": (rng.random(n) < expit(discr)).astype(int),
        "p_response": expit(shift + resp_lin)})


def population_source(seed: int, source: str = "auto") -> tuple[pd.DataFrame, str]:
    """Load the population from ``pipeline.synth`` if available (``auto``), else the toy one.

    Parameters
    ----------
    seed : int
        Seed passed to the generator.
    source : {'auto', 'synth', 'toy'}, default 'auto'
        ``synth`` requires ``pipeline.synth.population.population_with_outcomes``.

    Returns
    -------
    tuple
        The population and the name of the generator used.
    """
    if source in ("auto", "synth"):
        try:
            from pipeline.synth.population import population_with_outcomes
        except ImportError:
            if source == "synth":
                raise
        else:
            return population_with_outcomes(seed), "pipeline.synth.population"
    return toy_population(seed), "pipeline.stats.simulation.toy_population"


def population_margins(pop: pd.DataFrame, names: Sequence[str]) -> dict[str, pd.Series]:
    """Count the population per category of each margin variable (sorted categories).

    Parameters
    ----------
    pop : pandas.DataFrame
        The population.
    names : sequence of str
        Margin variables.

    Returns
    -------
    dict of str to pandas.Series
        Counts per category.

    Examples
    --------
    >>> population_margins(pd.DataFrame({"g": ["b", "a", "b"]}), ["g"])["g"].to_dict()
    {'a': 1.0, 'b': 2.0}
    """
    out = {}
    for m in names:
        if m not in pop.columns:
            raise ColumnError(f"margins: {m!r} is not a column of the population")
        out[m] = pop[m].astype("string").value_counts().sort_index().astype(float)
    return out


@dataclass(frozen=True)
class SimulationResult:
    """Per-sample estimates and their summary.

    Attributes
    ----------
    draws : pandas.DataFrame
        One row per sample x outcome x domain.
    summary : pandas.DataFrame
        Per outcome x domain: truth, mean weighted and unweighted estimates, biases (in
        percentage points), coverage, mean SE and empirical SD of the weighted estimate.
    source : str
        Population generator used.
    """

    draws: pd.DataFrame
    summary: pd.DataFrame
    source: str


def simulate(
    pop: pd.DataFrame,
    weighting: Mapping[str, Any],
    *,
    n_samples: int = 500,
    outcomes: Sequence[str] = ("ub_any", "discr_ja"),
    seed: int = 1,
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Draw samples with non-response, rake and estimate each, and summarise.

    Parameters
    ----------
    pop : pandas.DataFrame
        Population with the margin variables, ``herkomst``, the outcomes and
        ``p_response``.
    weighting : mapping
        The ``weighting:`` section of ``params.yaml`` (``replicates`` may be reduced).
    n_samples : int, default 500
        Number of samples.
    outcomes : sequence of str, default ('ub_any', 'discr_ja')
        Binary outcome columns.
    seed : int, default 1
        Seed of the response draws and bootstrap.
    source : str, default ''
        Label of the population generator, stored in the result.
    progress : callable, optional
        Called with the sample index after each sample.

    Returns
    -------
    SimulationResult
        Draws and summary.
    """
    need = [*weighting["margins"], TARGET_GROUP[0], *outcomes, "p_response"]
    absent = [c for c in need if c not in pop.columns]
    if absent:
        raise ColumnError(f"pop: column(s) {absent} missing from the population frame")
    margins = population_margins(pop, weighting["margins"])
    domain = pop[TARGET_GROUP[0]].astype("string") == TARGET_GROUP[1]
    truth = {("totaal", o): float(pop[o].mean()) for o in outcomes}
    truth.update({(TARGET_GROUP[1], o): float(pop.loc[domain, o].mean()) for o in outcomes})
    rng = np.random.default_rng(seed)
    p_resp = pop["p_response"].to_numpy(dtype=float)
    rows = []
    for s in range(n_samples):
        mask = rng.random(len(pop)) < p_resp
        sample = pop.loc[mask].reset_index(drop=True)
        design = SurveyDesign.from_margins(sample, margins, weighting, seed=seed * 100003 + s)
        est = estimate_all(design, list(outcomes), [TARGET_GROUP[0]])
        est = est[est["group"].isin(["totaal", TARGET_GROUP[1]])]
        in_dom = sample[TARGET_GROUP[0]].astype("string") == TARGET_GROUP[1]
        for r in est.itertuples(index=False):
            sub = sample[r.indicator] if r.group == "totaal" else sample.loc[in_dom, r.indicator]
            t = truth[(r.group, r.indicator)]
            rows.append({"sample": s, "outcome": r.indicator, "domain": r.group, "truth": t,
                         "weighted": r.estimate, "unweighted": float(sub.mean()), "se": r.se,
                         "ci_low": r.ci_low, "ci_high": r.ci_high, "n": r.n,
                         "covered": bool(r.ci_low <= t <= r.ci_high)})
        if progress is not None:
            progress(s)
    draws = pd.DataFrame(rows)
    g = draws.groupby(["outcome", "domain"], sort=False)
    summary = g.agg(truth=("truth", "first"), weighted=("weighted", "mean"),
                    unweighted=("unweighted", "mean"), coverage=("covered", "mean"),
                    mean_se=("se", "mean"), sd_weighted=("weighted", "std"),
                    mean_n=("n", "mean"), samples=("sample", "nunique")).reset_index()
    summary["bias_weighted_pt"] = 100 * (summary["weighted"] - summary["truth"])
    summary["bias_unweighted_pt"] = 100 * (summary["unweighted"] - summary["truth"])
    return SimulationResult(draws, summary, source)


def coverage_band(n_samples: int, low: float = 0.93, high: float = 0.97,
                  alpha: float = 0.001) -> tuple[float, float]:
    """Compute the acceptance band for an observed coverage share over ``n_samples`` samples.

    The lower limit is the ``alpha/2`` binomial quantile at true coverage ``low``, the upper
    the ``1 - alpha/2`` quantile at ``high``: an engine whose true coverage lies in
    ``[low, high]`` fails this band with probability below ``alpha / 2`` on either side.

    Parameters
    ----------
    n_samples : int
        Number of independent samples.
    low, high : float, default 0.93, 0.97
        Target range of the true coverage.
    alpha : float, default 0.001
        Two-sided error probability.

    Returns
    -------
    tuple of float
        Lower and upper acceptance limits (shares).

    Examples
    --------
    >>> coverage_band(500)
    (0.89, 0.992)
    """
    lo = stats.binom.ppf(alpha / 2, n_samples, low) / n_samples
    hi = stats.binom.ppf(1 - alpha / 2, n_samples, high) / n_samples
    return float(lo), float(hi)
