"""Herkomst as a raking margin, built as the pipeline builds it, removes origin-driven bias.

Veenoord's MNAR population (``tests/stats/veenoord.py``): the response propensity is logistic
in the four HR margins and herkomst. The herkomst totals are not the population's person-level
counts but what ``weighting.herkomst_margin`` uses: CBS-like shares (rounded to 3 decimals,
units under 250 staff withheld, :func:`tests.stats.veenoord.cbs_barometer`) times the
register's counts (:func:`pipeline.analysis.origin.herkomst_totals`). The truth is the
population's own value of each indicator.
"""

import numpy as np
import pandas as pd
import pytest

from pipeline.analysis.origin import herkomst_totals
from pipeline.stats.coverage import Scenario, cell_truth, draw_estimates, reference_limits
from tests.stats.veenoord import HERKOMST, cbs_barometer, veenoord

FOUR = ["cluster", "schaal_band", "age_band", "gender"]
WEIGHTING = {"margins": FOUR, "calibration": "logistic", "trim_bounds": [0.3, 3.0],
             "max_iter": 100, "tolerance": 1e-6, "replicates": 20,
             "missing_margin": "cell_average", "collapse_below": 5, "fpc": "capped"}


@pytest.fixture(scope="module")
def population():
    return veenoord(5, response="mnar")


def _totals(pop: pd.DataFrame, min_n: int = 250) -> tuple[pd.Series, str]:
    return herkomst_totals(cbs_barometer(pop, 2026, min_n=min_n), pop, 2026)


def test_cbs_like_totals_are_close_to_the_true_counts_but_not_them(population):
    totals, basis = _totals(population)
    assert basis == "organisatie"  # Raadsgriffie (~190 staff) is withheld by the CBS rule
    true = population["herkomst"].value_counts().reindex(list(HERKOMST)).astype(float)
    assert totals.sum() == pytest.approx(len(population))
    assert (totals - true).abs().max() < 0.0006 * len(population)  # 3-decimal rounding
    per_cluster, basis = _totals(population, min_n=100)
    assert basis == "cluster"
    assert (per_cluster - true).abs().max() < 0.0006 * len(population)


def test_herkomst_margin_removes_the_bias_of_the_expected_sample(population):
    # deterministic: the logistic calibration limit on the expected sample (each person counted
    # with their propensity). The propensity is logistic in the five variables, so with the
    # exact herkomst totals the limit is exact; with the CBS-like totals it is off only by the
    # rounding of the shares. With four margins it is not.
    sc = Scenario("veenoord-mnar", population, ("ub_any", "discr_ja", "geweld"), (), ())
    truth = cell_truth(sc)
    four = reference_limits(sc, FOUR, truth)
    totals, _ = _totals(population)
    five = reference_limits(sc, [*FOUR, "herkomst"], truth, totals={"herkomst": totals})
    bias_four = (100 * four.set_index("indicator")["logistic_bias"]).to_dict()
    bias_five = (100 * five.set_index("indicator")["logistic_bias"]).to_dict()
    assert bias_four["ub_any"] < -0.4 and bias_four["discr_ja"] < -0.3
    assert max(abs(v) for v in bias_five.values()) < 0.05
    # the truth is the population's own share
    assert truth.set_index("indicator").loc["ub_any", "truth"] == pytest.approx(
        population["ub_any"].mean())


def _bias(scenario: Scenario, margins: list[str], k: int, totals=None) -> pd.DataFrame:
    """Mean bias, its Monte Carlo error and coverage of the totals, against the population."""
    truth = cell_truth(Scenario(scenario.name, veenoord(5, response="mnar"),
                                scenario.proportions, (), ())).set_index("indicator")["truth"]
    draws = draw_estimates(scenario, {**WEIGHTING, "margins": margins}, k, seed=3,
                           totals=totals)
    tot = draws[draws["breakdown"] == "totaal"].copy()
    tot["truth"] = tot["indicator"].map(truth)
    tot["covered"] = (tot["ci_low"] <= tot["truth"]) & (tot["truth"] <= tot["ci_high"])
    return tot.groupby("indicator").agg(
        mean=("estimate", "mean"), sd=("estimate", "std"), coverage=("covered", "mean"),
        truth=("truth", "first")).assign(
            bias=lambda t: t["mean"] - t["truth"], bias_mc=lambda t: t["sd"] / np.sqrt(k))


def test_herkomst_margin_removes_the_bias_of_the_weighted_estimates(population):
    # Monte Carlo with the production engine: respondents drawn by their propensity, 3% of
    # them leave a birth country open (herkomst missing: weighting.missing_margin), weighted
    # with and without the CBS-based herkomst margin, against the population's truth.
    rng = np.random.default_rng(17)
    pop = population.copy()
    pop["herkomst"] = pop["herkomst"].where(rng.random(len(pop)) >= 0.03)
    totals, _ = _totals(population)  # the CBS knows everyone's herkomst
    sc = Scenario("veenoord-mnar", pop, ("ub_any", "discr_ja"), (), ())
    k = 60
    four = _bias(sc, FOUR, k)
    five = _bias(sc, [*FOUR, "herkomst"], k, totals={"herkomst": totals})
    print("\nMNAR, K = 60: bias of the totals in points (MC error), coverage")
    for label, cells in (("4 HR-marges", four), ("+ herkomst (CBS)", five)):
        for indicator, r in cells.iterrows():
            print(f"  {label:<17}{indicator:<9} {100 * r['bias']:+.2f} ({100 * r['bias_mc']:.2f})"
                  f"  {100 * r['coverage']:.0f}%")
    for indicator in ("ub_any", "discr_ja"):
        z_four = abs(four.loc[indicator, "bias"]) / four.loc[indicator, "bias_mc"]
        z_five = abs(five.loc[indicator, "bias"]) / five.loc[indicator, "bias_mc"]
        assert four.loc[indicator, "bias"] < 0 and z_four > 4, indicator
        assert abs(100 * five.loc[indicator, "bias"]) < 0.3 or z_five < 2.5, indicator
