import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from pipeline.stats import StatsError, SurveyDesign, odds_ratios
from pipeline.stats.regression import design_matrix


def logit_data(n: int = 800, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "herkomst": rng.choice(["Nederland", "Europa", "Buiten-Europa"], n, p=[0.6, 0.1, 0.3]),
        "gender": rng.choice(["man", "vrouw"], n),
        "disability": pd.array(rng.random(n) < 0.2, dtype="boolean"),
    })
    lin = (-1.2 + 0.9 * (df["herkomst"] == "Buiten-Europa") + 0.3 * (df["herkomst"] == "Europa")
           + 0.4 * (df["gender"] == "vrouw") + 0.5 * df["disability"].astype(float))
    df["y"] = (rng.random(n) < 1 / (1 + np.exp(-lin))).astype(int)
    return df


def test_equal_weights_equal_statsmodels_logit():
    df = logit_data()
    out = odds_ratios(SurveyDesign.unweighted(df), "y", ["herkomst", "gender", "disability"],
                      reference={"herkomst": "Nederland", "gender": "man"})
    x, y, terms, _ = design_matrix(df, "y", ["herkomst", "gender", "disability"],
                                   {"herkomst": "Nederland", "gender": "man"})
    fit = sm.Logit(y, x).fit(disp=0, cov_type="HC0")
    np.testing.assert_allclose(out["odds_ratio"], np.exp(fit.params[1:]), rtol=1e-8)
    # sandwich SE = HC0 with the n / (n - 1) small-sample factor
    np.testing.assert_allclose(out["se"], fit.bse[1:] * np.sqrt(len(y) / (len(y) - 1)),
                               rtol=1e-6)
    assert out["term"].tolist() == terms[1:]
    assert out["term"].tolist()[0] == "herkomst[T.Buiten-Europa]"


def test_weighted_point_estimates_and_replicate_ses_by_hand(respondents):
    df = logit_data(600, 2)
    rng = np.random.default_rng(5)
    w = rng.uniform(0.5, 3, len(df))
    rw = w[:, None] * rng.poisson(1.0, (len(df), 8))
    from pipeline.stats.replicates import ReplicateWeights
    des = SurveyDesign(df, w, ReplicateWeights(rw, 1 / 8, "test", 0, 0))
    out = odds_ratios(des, "y", ["herkomst", "gender"], reference={"herkomst": "Nederland"})
    x, y, _, _ = design_matrix(df, "y", ["herkomst", "gender"], {"herkomst": "Nederland"})
    glm = sm.GLM(y, x, family=sm.families.Binomial(), freq_weights=w).fit()
    np.testing.assert_allclose(out["log_or"], glm.params[1:], rtol=1e-7)
    betas = np.array([sm.GLM(y, x, family=sm.families.Binomial(), freq_weights=rw[:, r])
                      .fit().params for r in range(8)])
    se = np.sqrt(np.mean((betas - betas.mean(axis=0)) ** 2, axis=0))
    np.testing.assert_allclose(out["se"], se[1:], rtol=1e-6)
    assert (out["se_method"] == "replicate").all()
    assert ((out["ci_low"] < out["odds_ratio"]) & (out["odds_ratio"] < out["ci_high"])).all()


def test_regression_errors():
    df = logit_data(50)
    with pytest.raises(StatsError, match="reference"):
        odds_ratios(SurveyDesign.unweighted(df), "y", ["gender"], reference={"gender": "x"})
    with pytest.raises(KeyError, match="'nope'"):
        odds_ratios(SurveyDesign.unweighted(df), "y", ["nope"])


def test_a_near_empty_category_is_left_out_instead_of_failing_every_replicate():
    """A category of three respondents, none with the outcome (seeds 7 and 20240801 of the
    demo had one): the fit ran to infinity in every replicate and the stage stopped with
    "fewer than 2 replicate fits converged"."""
    df = logit_data(600, 3)
    extra = pd.DataFrame({"herkomst": "Nederland", "gender": ["anders"] * 3,
                          "disability": pd.array([False] * 3, dtype="boolean"), "y": 0})
    df = pd.concat([df, extra], ignore_index=True)
    rng = np.random.default_rng(9)
    w = rng.uniform(0.5, 3, len(df))
    rw = w[:, None] * rng.poisson(1.0, (len(df), 20))
    from pipeline.stats.replicates import ReplicateWeights
    des = SurveyDesign(df, w, ReplicateWeights(rw, 1 / 20, "test", 0, 0))
    out = odds_ratios(des, "y", ["herkomst", "gender"], reference={"gender": "man"})
    assert "gender[T.anders]" not in out["term"].tolist()
    assert out["flags"].str.contains(r"left_out=gender\[T.anders\]", regex=True).all()
    assert np.isfinite(out["se"]).all() and out["n"].eq(600).all()
    # the model without the category's respondents is the model on the rest
    rest = odds_ratios(SurveyDesign(df.iloc[:600], w[:600],
                                    ReplicateWeights(rw[:600], 1 / 20, "test", 0, 0)),
                       "y", ["herkomst", "gender"], reference={"gender": "man"})
    np.testing.assert_allclose(out["log_or"], rest["log_or"], rtol=1e-10)
    np.testing.assert_allclose(out["se"], rest["se"], rtol=1e-10)
