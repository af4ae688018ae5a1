"""Logistic calibration (``weighting.calibration: logistic``, :mod:`pipeline.stats.logistic`).

Checked against closed forms here and against R's ``calibrate()`` with the same weight
function in ``test_against_r.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import SurveyDesign
from pipeline.stats.errors import StatsError
from pipeline.stats.weights import rake


def _wave(n=900, seed=4):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"unit": rng.choice(["Noord", "Zuid", "Haven"], n, p=[0.5, 0.3, 0.2]),
                       "band": rng.choice(["laag", "hoog"], n, p=[0.7, 0.3])})
    margins = {"unit": pd.Series({"Noord": 1200.0, "Zuid": 900.0, "Haven": 300.0}),
               "band": pd.Series({"laag": 1500.0, "hoog": 900.0})}
    return df, margins


def test_one_margin_is_post_stratification():
    df, margins = _wave()
    res = rake(df, {"unit": margins["unit"]}, calibration="logistic", tol=1e-12)
    n_k = df["unit"].value_counts()
    expected = (margins["unit"] / n_k).reindex(df["unit"]).to_numpy()
    assert np.allclose(res.weights.to_numpy(), expected, rtol=1e-10)


def test_two_margins_meet_the_totals_with_weights_of_the_logistic_form():
    df, margins = _wave()
    res = rake(df, margins, calibration="logistic", tol=1e-12, max_iter=500)
    w = res.weights
    for m, target in margins.items():
        assert np.allclose(w.groupby(df[m]).sum().reindex(target.index), target, rtol=1e-9)
    assert w.min() > 1.0
    # log(w - 1) is additive in the margins: the interaction contrast is zero
    odds = np.log(w - 1).groupby([df["unit"], df["band"]]).first().unstack()
    contrast = odds["laag"] - odds["hoog"]
    assert np.ptp(contrast.to_numpy()) < 1e-9
    raked = rake(df, margins, tol=1e-12, max_iter=500).weights
    assert np.abs(w - raked).max() > 1e-3                  # not the raking solution


def test_replicates_are_calibrated_again_and_never_below_their_multiplier():
    df, margins = _wave()
    design = SurveyDesign.from_margins(df, margins, {
        "margins": ["unit", "band"], "trim_bounds": None, "tolerance": 1e-10, "max_iter": 500,
        "replicates": 30, "missing_margin": "impute", "calibration": "logistic",
        "replicate_seed": 7})
    reps = design.replicates
    assert reps.n_not_converged == 0
    assert design.rake.calibration == "logistic"
    for m, target in margins.items():
        for r in range(reps.n_replicates):
            tot = pd.Series(reps.weights[:, r]).groupby(df[m].to_numpy()).sum()
            assert np.allclose(tot.reindex(target.index), target, rtol=1e-8)
    # a replicate weight is b (1 + odds) with b the resampling multiplier: at least b
    d = float(margins["unit"].sum()) / len(df)
    raking = SurveyDesign.from_margins(df, margins, {
        "margins": ["unit", "band"], "trim_bounds": None, "tolerance": 1e-10, "max_iter": 500,
        "replicates": 30, "missing_margin": "impute", "replicate_seed": 7})
    drawn = raking.replicates.weights > 0             # the same multipliers (same seed)
    assert np.array_equal(drawn, reps.weights > 0)
    assert (reps.weights[drawn] > 0).all() and d > 1


def test_trim_bounds_bound_the_weight_relative_to_its_mean_as_for_raking():
    df, margins = _wave()
    free = rake(df, margins, calibration="logistic", tol=1e-12, max_iter=500).weights
    mean = free.mean()
    assert free.max() / mean > 1.3
    for method in ("clip", "bounded"):
        res = rake(df, margins, calibration="logistic", trim_bounds=(0.2, 1.45),
                   trim_method=method, tol=1e-10, max_iter=500)
        g = res.weights / res.weights.mean()
        assert np.isclose(g.max(), 1.45, rtol=1e-6) and res.weights.min() > 1.0
        for m, target in margins.items():
            tot = res.weights.groupby(df[m]).sum().reindex(target.index)
            assert np.allclose(tot, target, rtol=1e-8)


def test_a_category_in_which_everyone_responded_is_merged_with_its_neighbour():
    df, margins = _wave()
    n_haven = int((df["unit"] == "Haven").sum())
    margins["unit"] = pd.Series({"Noord": 2400.0 - n_haven - 900.0, "Zuid": 900.0,
                                 "Haven": float(n_haven)})
    res = rake(df, margins, calibration="logistic", tol=1e-10, max_iter=500)
    assert set(res.collapsed["merged_into"]) == {"Zuid+Haven"}
    assert res.converged and res.weights.min() > 1.0
    assert rake(df, margins, tol=1e-10).collapsed.empty      # raking needs no merge
    with pytest.raises(StatsError, match=r"unit=Haven .* use calibration: raking"):
        rake(df, margins, calibration="logistic", collapse=False)
    with pytest.raises(StatsError, match="calibration must be"):
        rake(df, margins, calibration="probit")
