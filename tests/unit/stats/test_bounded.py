"""Bounded raking (``trim_method='bounded'``) without R: margins, bounds, optimality.

The R comparison (``calibrate(calfun = "raking", bounds =)``) is in ``test_against_r.py``;
these tests need no R. Optimality is checked through the Karush-Kuhn-Tucker conditions of
the minimum raking-distance problem: ``log g`` is additive in the margin categories for the
weights strictly inside the bounds, and that same additive predictor is at or beyond the bound
for the weights at a bound (Deville, Sarndal & Sautory 1993).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import RakeConvergenceError, StatsError, SurveyDesign, bootstrap_replicates
from pipeline.stats import rake as rake_weights
from pipeline.stats.bounded import rake_bounded_matrix


def skewed(n: int = 2000, seed: int = 4) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Unit c is under-represented and nearly all men: its women need extreme weights."""
    rng = np.random.default_rng(seed)
    u = rng.choice(["a", "b", "c"], n, p=[0.6, 0.28, 0.12])
    g = np.where(u == "c", rng.choice(["m", "v"], n, p=[0.85, 0.15]),
                 rng.choice(["m", "v"], n, p=[0.5, 0.5]))
    age = rng.choice(["jong", "midden", "oud"], n, p=[0.2, 0.5, 0.3])
    df = pd.DataFrame({"u": u, "g": g, "age": age})
    margins = {"u": pd.Series({"a": 5000.0, "b": 3000.0, "c": 2000.0}),
               "g": pd.Series({"m": 5000.0, "v": 5000.0}),
               "age": pd.Series({"jong": 3000.0, "midden": 4000.0, "oud": 3000.0})}
    return df, margins


def assert_margins(weights: pd.Series, df: pd.DataFrame, margins: dict[str, pd.Series],
                   rtol: float = 1e-8) -> None:
    for name, target in margins.items():
        got = weights.groupby(df[name]).sum().reindex(target.index)
        np.testing.assert_allclose(got.to_numpy(), target.to_numpy(), rtol=rtol)


def assert_kkt(g: np.ndarray, df: pd.DataFrame, margins: dict[str, pd.Series],
               bounds: tuple[float, float]) -> None:
    lo, hi = bounds
    x = pd.get_dummies(df[list(margins)].astype(str)).to_numpy(dtype=float)
    free = (g > lo * (1 + 1e-9)) & (g < hi * (1 - 1e-9))
    coef, *_ = np.linalg.lstsq(x[free], np.log(g[free]), rcond=None)
    eta = x @ coef
    np.testing.assert_allclose(eta[free], np.log(g[free]), atol=1e-8)  # additive inside
    assert np.all(eta[g >= hi * (1 - 1e-9)] >= np.log(hi) - 1e-8)      # pushed up to U
    assert np.all(eta[g <= lo * (1 + 1e-9)] <= np.log(lo) + 1e-8)      # pushed down to L


def test_closed_form_two_by_two():
    # units (A,c0) (A,c1) (B,c0) (B,c1) (B,c1), base 20, margins A/B 50/50, c0/c1 40/60,
    # bounds 0.8-1.3. Unbounded raking gives g = 1.206, 1.294, 0.794, 0.853, 0.853: (B,c0) is
    # below 0.8. Bounded: (B,c0) at 0.8 (16) leaves c0 24 for (A,c0) (g 1.2), A 26 for (A,c1)
    # (g 1.3: at the upper bound), B 34 for the two (B,c1) (g 0.85). KKT: the free units give
    # a_A + b_0 = log 1.2 and a_B + b_1 = log 0.85, so (a_A + b_1) + (a_B + b_0) = log 1.02,
    # consistent with a_A + b_1 >= log 1.3 and a_B + b_0 <= log 0.8.
    codes = np.array([[0, 0], [0, 1], [1, 0], [1, 1], [1, 1]])
    targets = [np.array([50.0, 50.0]), np.array([40.0, 60.0])]
    res = rake_bounded_matrix(codes, targets, np.full(5, 20.0), bounds=(0.8, 1.3), tol=1e-12)
    np.testing.assert_allclose(res.weights[:, 0], [24.0, 26.0, 16.0, 17.0, 17.0], rtol=1e-10)
    assert res.converged[0] and res.trimming_rounds > 0


def test_margins_met_bounds_held_and_optimal():
    df, margins = skewed()
    plain = rake_weights(df, margins, tol=1e-12, max_iter=1000)
    g0 = plain.weights / plain.weights.mean()
    bounds = (0.6, 2.5)
    assert g0.max() > bounds[1] and g0.min() < bounds[0]  # both bounds bind
    res = rake_weights(df, margins, trim_bounds=bounds, trim_method="bounded", tol=1e-12)
    assert res.converged and res.trim_method == "bounded" and res.trimming_rounds > 0
    assert_margins(res.weights, df, margins)
    g = (res.weights / res.weights.mean()).to_numpy()
    assert g.min() >= bounds[0] * (1 - 1e-9) and g.max() <= bounds[1] * (1 + 1e-9)
    assert_kkt(g, df, margins, bounds)


def test_reduces_to_raking_when_bounds_do_not_bind():
    df, margins = skewed()
    plain = rake_weights(df, margins, tol=1e-12, max_iter=1000)
    res = rake_weights(df, margins, trim_bounds=(0.01, 100.0), trim_method="bounded",
                       tol=1e-12)
    np.testing.assert_allclose(res.weights, plain.weights, rtol=1e-9)
    assert res.trimming_rounds == 0
    none = rake_weights(df, margins, trim_bounds=None, trim_method="bounded", tol=1e-12,
                        max_iter=1000)
    np.testing.assert_allclose(none.weights, plain.weights, rtol=1e-12)


def test_does_not_depend_on_margin_order():
    df, margins = skewed()
    bounds = (0.6, 2.5)
    reordered = dict(reversed(list(margins.items())))
    one = rake_weights(df, margins, trim_bounds=bounds, trim_method="bounded", tol=1e-12)
    two = rake_weights(df, reordered, trim_bounds=bounds, trim_method="bounded", tol=1e-12)
    np.testing.assert_allclose(one.weights, two.weights, rtol=1e-9)


def test_infeasible_bounds_raise_or_warn():
    df = pd.DataFrame({"u": ["a"] * 99 + ["b"], "g": ["x", "y"] * 50})
    margins = {"u": pd.Series({"a": 50.0, "b": 50.0}), "g": pd.Series({"x": 50.0, "y": 50.0})}
    with pytest.raises(RakeConvergenceError, match=r"margin 'u'.*trim_method='bounded'"):
        rake_weights(df, margins, trim_bounds=(0.3, 3.0), trim_method="bounded", max_iter=30)
    with pytest.warns(UserWarning, match="did not converge"):
        res = rake_weights(df, margins, trim_bounds=(0.3, 3.0), trim_method="bounded",
                           max_iter=30, on_nonconvergence="warn")
    g = res.weights / (100.0 / len(df))  # adjustment of the base weight N / n
    assert not res.converged and g.max() <= 3.0 * (1 + 1e-9)


def test_bad_trim_method():
    df, margins = skewed(200)
    with pytest.raises(StatsError, match="trim_method"):
        rake_weights(df, margins, trim_bounds=(0.3, 3.0), trim_method="trim")


def test_matrix_columns_are_raked_independently():
    df, margins = skewed(800, seed=7)
    plain = rake_weights(df, margins)
    codes, targets = plain.codes, plain.encoded.targets
    rng = np.random.default_rng(3)
    base = 12.5 * rng.poisson(1.0, size=(len(df), 6)).astype(float)
    both = rake_bounded_matrix(codes, targets, base, bounds=(0.4, 2.5), tol=1e-11)
    assert both.converged.all()
    for r in range(base.shape[1]):
        single = rake_bounded_matrix(codes, targets, base[:, r], bounds=(0.4, 2.5), tol=1e-11)
        np.testing.assert_allclose(both.weights[:, r], single.weights[:, 0], rtol=1e-8)
        assert np.all(both.weights[base[:, r] == 0, r] == 0)


def test_replicates_and_design_use_bounded_raking():
    df, margins = skewed(1500, seed=5)
    params = {"margins": list(margins), "trim_bounds": [0.5, 2.5], "trim_method": "bounded",
              "max_iter": 100, "tolerance": 1e-10, "replicates": 20, "fpc": "none",
              "missing_margin": "impute", "collapse_below": 5}
    des = SurveyDesign.from_margins(df, margins, params, seed=2)
    assert des.rake.trim_method == "bounded" and des.rake.converged
    assert des.replicates.n_not_converged == 0
    reps = des.replicates.weights
    for name, target in margins.items():
        tot = pd.DataFrame(reps).groupby(df[name].to_numpy()).sum().reindex(target.index)
        np.testing.assert_allclose(tot.to_numpy(), np.repeat(target.to_numpy()[:, None], 20, 1),
                                   rtol=1e-8)
    direct = bootstrap_replicates(df, des.rake, n_replicates=20, seed=2, fpc="none",
                                  tol=1e-10)
    np.testing.assert_allclose(direct.weights, reps, rtol=1e-12)


def test_missing_margin_values_with_bounded_raking():
    df, margins = skewed(1000, seed=8)
    df = df.astype("string")
    df.loc[df.index[:40], "g"] = pd.NA
    for method in ("cell_average", "impute"):
        res = rake_weights(df, margins, trim_bounds=(0.5, 2.5), trim_method="bounded",
                           missing_margin=method, tol=1e-10)
        assert res.converged and res.n_missing_margin == 40
        assert res.weights.sum() == pytest.approx(10000.0)
