"""The coverage harness (pipeline.stats.coverage) and the Veenoord population it runs on.

The full run is ``make validate`` (scripts/validate_coverage.py, K = 400 on two populations);
here a reduced run on Veenoord, the closed forms of the reference limits, and the MNAR design.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from pipeline.stats.coverage import (
    NOT_PUBLISHED,
    Scenario,
    cell_summary,
    cell_truth,
    reference_limits,
    run_coverage,
    type_summary,
)
from pipeline.stats.replicates import fpc_factors
from tests.stats.veenoord import veenoord

WEIGHTING = {"margins": ["cluster", "schaal_band", "age_band", "gender"],
             "trim_bounds": [0.3, 3.0], "max_iter": 100, "tolerance": 1e-6,
             "replicates": 40, "missing_margin": "cell_average", "collapse_below": 5,
             "fpc": "capped"}
BREAKDOWNS = ("herkomst", "gender_survey", "cluster", "schaal_band")
K = 40


def _scenario(response="mar"):
    return Scenario("veenoord", veenoord(5, response=response), ("ub_any", "discr_ja"),
                    ("ps_score",), BREAKDOWNS)


def test_veenoord_is_what_its_docstring_says():
    a, b = veenoord(5), veenoord(5)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 9400
    assert abs(a["p_response"].mean() - 0.38) < 1e-6
    assert 0.38 < a["ub_any"].mean() < 0.5
    assert 0.06 < a["discr_ja"].mean() < 0.12
    assert 0.03 < a["discr_ja"].isna().mean() < 0.05
    assert a["ps_score"].between(1, 7).all()
    assert set(a["gender_survey"]) == {"man", "vrouw", "x", "anders"}
    # MNAR differs from MAR only in the propensity, which then depends on herkomst
    m = veenoord(5, response="mnar")
    pd.testing.assert_frame_equal(a.drop(columns="p_response"), m.drop(columns="p_response"))
    by = m.groupby("herkomst")["p_response"].mean()
    assert by["Buiten-Europa"] < by["Nederland"] - 0.05


def test_reference_limits_closed_form():
    # response depends on margin g and on z (not a margin); y = z. Within g the oracle weight
    # 1/pbar_g cannot undo z, so its limit is sum(p y) / sum(p) per g, by hand:
    pop = pd.DataFrame({"g": ["a"] * 4 + ["b"] * 4, "y": [1, 1, 0, 0, 1, 0, 0, 0],
                        "p_response": [0.6, 0.6, 0.2, 0.2, 0.5, 0.5, 0.5, 0.5]})
    sc = Scenario("hand", pop, ("y",), (), ("g",))
    truth = pd.DataFrame({"indicator": "y", "breakdown": ["totaal", "g", "g"],
                          "group": ["totaal", "a", "b"], "truth": [3 / 8, 0.5, 0.25]})
    out = reference_limits(sc, ["g"], truth).set_index("group")
    # g = a: pbar 0.4, weights 1.5, 1.5, 0.5, 0.5 -> 3/4; g = b: weights 1 -> 1/4
    assert out.loc["a", "oracle_bias"] == pytest.approx(0.75 - 0.5)
    assert out.loc["b", "oracle_bias"] == pytest.approx(0.0, abs=1e-12)
    assert out.loc["totaal", "oracle_bias"] == pytest.approx((3 + 1) / 8 - 3 / 8)
    # with one margin raking is post-stratification: the same limit as the oracle
    assert np.allclose(out["raking_bias"], out["oracle_bias"], atol=1e-9)
    assert np.allclose(out["logistic_bias"], out["oracle_bias"], atol=1e-9)


def test_mnar_leaves_a_bias_that_the_herkomst_margin_removes():
    sc = _scenario("mnar")
    truth = cell_truth(sc)
    four = reference_limits(sc, WEIGHTING["margins"], truth)
    five = reference_limits(sc, [*WEIGHTING["margins"], "herkomst"], truth)
    tot = (four["breakdown"] == "totaal") & (four["indicator"] == "ub_any")
    assert four.loc[tot, "oracle_bias"].item() < -0.004       # half a point, by design
    assert abs(five.loc[tot, "oracle_bias"].item()) < 1e-9    # response depends on nothing else
    mar = reference_limits(_scenario(), WEIGHTING["margins"], truth)
    assert mar["oracle_bias"].abs().max() < 1e-9


def test_cells_without_enough_expected_count_are_not_judged():
    pop = pd.DataFrame({"g": ["a"] * 400 + ["b"] * 100, "y": [1] * 20 + [0] * 480,
                        "p_response": 0.5})
    t = cell_truth(Scenario("x", pop, ("y",), (), ("g",)))
    # total: 20 with the outcome x 0.5 = 10 expected -> published; group a likewise; b: 0
    assert t.set_index("group")["indicator_type"].to_dict() == {
        "totaal": "zeldzaam", "a": "zeldzaam", "b": NOT_PUBLISHED}


def test_type_summary_fails_what_misses_a_target():
    truth = pd.DataFrame({"indicator": "y", "breakdown": "totaal", "group": "totaal",
                          "truth": [0.5], "expected_n": [1000.0], "indicator_type": "gewoon",
                          "domain_type": "totaal", "oracle_bias": [0.0]})
    rng = np.random.default_rng(3)
    est = 0.5 + rng.normal(0, 0.02, 400)
    draws = pd.DataFrame({"indicator": "y", "breakdown": "totaal", "group": "totaal",
                          "estimate": est, "se": 0.01, "ci_low": est - 0.0196,
                          "ci_high": est + 0.0196, "n": 1000, "sample": range(400)})
    t = type_summary(cell_summary(draws, truth)).iloc[0]
    assert t["se_sd"] == pytest.approx(0.5, rel=0.1) and not t["ok_se_sd"]
    assert not t["ok_coverage"] and t["ok_bias"]
    shifted = draws.assign(estimate=draws["estimate"] + 0.01)
    assert not type_summary(cell_summary(shifted, truth)).iloc[0]["ok_bias"]


def test_the_monte_carlo_band_is_bonferroni_over_every_judged_cell_of_the_population():
    # one mean cell, 400 draws with SD 0.16 (MC error 0.008) and a bias of 0.018: over the
    # limit of 0.01 and 2.25 MC errors from 0. Alone it is judged at z = 1.96 (missed); in a
    # population of 90 judged cells the family's z is 3.26 (within the band), as the type's
    # own row must then say; cells that are not judged do not enlarge the family.
    def cells(group: str, bias: float, kind: str = "gemiddelde") -> pd.DataFrame:
        return pd.DataFrame({"indicator": "m", "breakdown": "g", "group": [group],
                             "truth": [4.0], "indicator_type": kind, "domain_type": "klein",
                             "mean_estimate": [4.0 + bias], "coverage": [0.95],
                             "mean_se": [0.16], "sd": [0.16], "samples": [400],
                             "mean_n": [50.0], "bias": [bias], "method_bias": [bias],
                             "bias_mc": [0.008], "se_sd": [1.0], "oracle_bias": [0.0]})

    one = cells("a", 0.018)
    assert not type_summary(one).iloc[0]["ok_bias"]
    others = [cells(f"o{i}", 0.0, "gewoon") for i in range(89)]
    family = type_summary(pd.concat([one, *others], ignore_index=True))
    assert family.set_index("indicator_type").loc["gemiddelde", "ok_bias"]
    unjudged = [cells(f"o{i}", 0.0, NOT_PUBLISHED) for i in range(89)]
    assert not type_summary(pd.concat([one, *unjudged], ignore_index=True)).iloc[0]["ok_bias"]


@pytest.fixture(scope="module")
def reduced():
    return run_coverage(_scenario(), WEIGHTING, K, seed=3)


def test_reduced_run_covers_and_tracks_the_sampling_sd(reduced):
    cells = reduced.cells[reduced.cells["indicator_type"] != NOT_PUBLISHED]
    # pooled coverage over the judged cells: binomial 99.9% band around 93-97% (cells are
    # correlated, so the band is widened by the square root of the cells per sample)
    hits = float((cells["coverage"] * cells["samples"]).sum())
    total = float(cells["samples"].sum())
    eff = total / np.sqrt(len(cells))
    lo = stats.binom.ppf(0.0005, round(eff), 0.93) / round(eff)
    hi = stats.binom.ppf(0.9995, round(eff), 0.97) / round(eff)
    assert lo <= hits / total <= hi
    # SE/SD: the SD of an SD estimate from 40 samples is ~1/sqrt(78) = 11%; over the cells
    ratio = cells["se_sd"]
    assert 0.85 < ratio.mean() < 1.15
    assert ((ratio > 0.6) & (ratio < 1.5)).all()
    # bias against the oracle within 4 Monte Carlo errors (+ 0.8 pt of raking model bias)
    assert (cells["method_bias"].abs() < 4 * cells["bias_mc"] + 0.008).all()


def test_capped_fpc_never_corrects_more_than_the_stratum_fraction():
    rng = np.random.default_rng(0)
    w = rng.uniform(1.0, 6.0, 500)
    w *= 1500 / w.sum()
    code = np.zeros(500, dtype=int)
    capped, unit = fpc_factors(w, code, "capped"), fpc_factors(w, code, "unit")
    floor = np.sqrt(1 - 500 / 1500)
    assert (capped >= floor - 1e-12).all() and (capped >= unit - 1e-12).all()
    high = 1 / w < 500 / 1500                      # responded less than average: unchanged
    assert np.allclose(capped[high], unit[high]) and np.allclose(capped[~high], floor)


def test_logistic_limit_is_unbiased_when_the_propensity_is_logistic():
    # p = expit(a + b_g + c_h) with large effects: 1/p - 1 = exp(-(a + b_g + c_h)) is of the
    # form exp(x' eta), so the logistic calibration of the expected sample returns 1/p itself
    # (every cell unbiased, whatever y is); raking fits exp(x' eta) to 1/p and misses
    g = np.repeat(["a", "b", "c"], 40)
    h = np.tile(np.repeat(["p", "q"], 20), 3)
    logit = -2.0 + np.select([g == "b", g == "c"], [2.5, 1.0], 0.0) + 2.0 * (h == "q")
    p = 1 / (1 + np.exp(-logit))
    y = ((g == "b") & (h == "p")) | ((g == "a") & (h == "q"))
    pop = pd.DataFrame({"g": g, "h": h, "y": y.astype(float), "p_response": p})
    sc = Scenario("logit", pop, ("y",), (), ("g", "h"))
    truth = pd.DataFrame({"indicator": "y", "breakdown": ["totaal", "g", "g", "g", "h", "h"],
                          "group": ["totaal", "a", "b", "c", "p", "q"]})
    truth["truth"] = [y.mean(), *(y[g == k].mean() for k in "abc"),
                      *(y[h == k].mean() for k in "pq")]
    out = reference_limits(sc, ["g", "h"], truth)
    assert np.allclose(out["oracle_bias"], 0.0, atol=1e-12)
    assert np.allclose(out["logistic_bias"], 0.0, atol=1e-8)
    assert out["raking_bias"].abs().max() > 0.005
