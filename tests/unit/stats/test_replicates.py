import numpy as np
import pandas as pd
import pytest

from pipeline.stats import StatsError, SurveyDesign, bootstrap_replicates, estimate_all, rake
from pipeline.stats.replicates import fpc_factors, rao_wu_multipliers


def srs_sample(n_pop: int, n: int, p: float, seed: int) -> tuple[pd.DataFrame, float]:
    rng = np.random.default_rng(seed)
    pop_y = (rng.random(n_pop) < p).astype(int)
    idx = rng.choice(n_pop, n, replace=False)
    df = pd.DataFrame({"all": "x", "y": pop_y[idx]})
    return df, float(n_pop)


@pytest.mark.parametrize("fpc, factor", [("unit", True), ("stratum", True), ("none", False)])
def test_replicate_se_matches_analytic_srs(fpc, factor):
    n_pop, n = 20000, 2000
    df, total = srs_sample(n_pop, n, 0.3, seed=5)
    res = rake(df, {"all": pd.Series({"x": total})})
    reps = bootstrap_replicates(df, res, n_replicates=400, seed=9, fpc=fpc)
    des = SurveyDesign(df, res.weights.to_numpy(), reps)
    out = estimate_all(des, ["y"])
    p_hat = df["y"].mean()
    f = n / n_pop if factor else 0.0
    analytic = np.sqrt((1 - f) * p_hat * (1 - p_hat) / (n - 1))
    # relative SD of a bootstrap SE with R = 400 is about 1 / sqrt(2 R) = 3.5%
    assert out["se"].iloc[0] == pytest.approx(analytic, rel=0.12)


def test_replicates_are_reraked_to_the_margins(respondents, margins):
    res = rake(respondents, margins, trim_bounds=(0.3, 3.0))
    reps = bootstrap_replicates(respondents, res, n_replicates=30, seed=1)
    assert reps.weights.shape == (len(respondents), 30)
    assert reps.n_not_converged == 0
    for name, target in margins.items():
        codes = pd.Categorical(respondents[name], categories=target.index).codes
        for r in range(30):
            got = np.bincount(codes, weights=reps.weights[:, r], minlength=len(target))
            np.testing.assert_allclose(got, target.to_numpy(), rtol=1e-5)
    g = reps.weights / reps.weights.mean(axis=0)
    # replicate trimming bounds apply to the adjustment w / d, so raw ratios are not bounded,
    # but the replicate weights stay non-negative and finite
    assert np.isfinite(g).all() and (g >= 0).all()


def test_replicates_reproducible_and_seed_dependent(respondents, margins):
    res = rake(respondents, margins)
    a = bootstrap_replicates(respondents, res, n_replicates=5, seed=3).weights
    b = bootstrap_replicates(respondents, res, n_replicates=5, seed=3).weights
    c = bootstrap_replicates(respondents, res, n_replicates=5, seed=4).weights
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_rao_wu_multiplier_moments():
    rng = np.random.default_rng(0)
    n = 50
    lam = np.full(n, np.sqrt(0.7))
    a = rao_wu_multipliers(np.array([n]), np.zeros(n, dtype=int), 4000, rng, lam)
    assert a.mean() == pytest.approx(1.0, abs=0.01)
    # Var(a_i) = lambda^2 (n / m)^2 Var(m_i) with m_i ~ Bin(n - 1, 1 / n)
    expected = 0.7 * (n / (n - 1)) ** 2 * (n - 1) * (1 / n) * (1 - 1 / n)
    assert a.var() == pytest.approx(expected, rel=0.05)
    assert (a >= 0).all()


def test_fpc_factors_and_errors():
    w = np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(fpc_factors(w, np.zeros(3, dtype=int), "unit"),
                               np.sqrt([0.0, 0.5, 0.75]))
    np.testing.assert_allclose(fpc_factors(w, np.zeros(3, dtype=int), "none"), 1.0)
    with pytest.raises(StatsError, match="fpc"):
        fpc_factors(w, np.zeros(3, dtype=int), "both")


def test_bootstrap_argument_errors(respondents, margins):
    res = rake(respondents, margins)
    with pytest.raises(StatsError, match="n_replicates"):
        bootstrap_replicates(respondents, res, n_replicates=1)
    with pytest.raises(StatsError, match="strata"):
        bootstrap_replicates(respondents, res, n_replicates=2, strata="nope")
    with pytest.raises(StatsError, match="different number"):
        bootstrap_replicates(respondents.iloc[:10], res, n_replicates=2)


def test_stratified_replicates_keep_stratum_sizes(respondents, margins):
    res = rake(respondents, margins)
    reps = bootstrap_replicates(respondents, res, n_replicates=4, seed=2, strata="cluster",
                                fpc="none")
    assert reps.weights.shape[1] == 4 and reps.method == "rao-wu-bootstrap(fpc=none)"
