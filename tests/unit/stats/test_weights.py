import math

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import (
    ColumnError,
    EmptyCategoryError,
    MarginError,
    RakeConvergenceError,
    StatsError,
    effective_n,
    kish_deff,
    rake,
    response_rates,
    weight_summary,
)


def two_by_two() -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    # unit A: 1 man, 3 women; unit B: 2 men, 2 women
    df = pd.DataFrame({"unit": ["A"] * 4 + ["B"] * 4,
                       "gender": ["man"] + ["vrouw"] * 3 + ["man"] * 2 + ["vrouw"] * 2})
    margins = {"unit": pd.Series({"A": 40.0, "B": 60.0}),
               "gender": pd.Series({"man": 50.0, "vrouw": 50.0})}
    return df, margins


def test_rake_two_by_two_matches_closed_form():
    # Raking preserves the sample odds ratio n11 n22 / (n12 n21) = (1*2)/(3*2) = 1/3.
    # With cell totals T11 = x, T12 = 40 - x, T21 = 50 - x, T22 = 10 + x:
    # x (10 + x) / ((40 - x)(50 - x)) = 1/3  <=>  x^2 + 60 x - 1000 = 0.
    x = (-60 + math.sqrt(60**2 + 4 * 1000)) / 2
    expected_cells = {("A", "man"): x, ("A", "vrouw"): 40 - x,
                      ("B", "man"): 50 - x, ("B", "vrouw"): 10 + x}
    df, margins = two_by_two()
    res = rake(df, margins, tol=1e-12, max_iter=1000)
    cells = res.weights.groupby([df["unit"], df["gender"]]).sum()
    for key, value in expected_cells.items():
        assert cells[key] == pytest.approx(value, abs=1e-8)
    # every respondent in a cell gets the same weight T_ij / n_ij
    assert res.weights.iloc[1] == pytest.approx((40 - x) / 3, abs=1e-8)
    assert res.converged and res.max_margin_diff < 1e-12
    assert res.trimming_rounds == 0 and res.collapsed.empty


def test_rake_reproduces_four_margins(respondents, margins):
    res = rake(respondents, margins, tol=1e-10, max_iter=200)
    for name, target in margins.items():
        got = res.weights.groupby(respondents[name]).sum().reindex(target.index)
        np.testing.assert_allclose(got.to_numpy(), target.to_numpy(), rtol=1e-9)
    assert res.weights.sum() == pytest.approx(20000.0)
    table = res.margin_table()
    np.testing.assert_allclose(table["weighted"], table["population"], rtol=1e-9)


def test_rake_does_not_mutate_input(respondents, margins):
    before = respondents.copy()
    rake(respondents, margins, trim_bounds=(0.3, 3.0))
    pd.testing.assert_frame_equal(respondents, before)


def test_trimming_respects_bounds_and_margins():
    rng = np.random.default_rng(4)
    n = 2000
    u = rng.choice(["a", "b", "c"], n, p=[0.62, 0.3, 0.08])
    # unit c is under-represented and almost all men: its women get extreme weights
    g = np.where(u == "c", rng.choice(["m", "v"], n, p=[0.98, 0.02]),
                 rng.choice(["m", "v"], n, p=[0.5, 0.5]))
    df = pd.DataFrame({"u": u, "g": g})
    margins = {"u": pd.Series({"a": 5000.0, "b": 3000.0, "c": 2000.0}),
               "g": pd.Series({"m": 5000.0, "v": 5000.0})}
    untrimmed = rake(df, margins)
    ratio0 = untrimmed.weights / untrimmed.weights.mean()
    assert ratio0.max() > 3.0  # the bounds bind
    res = rake(df, margins, trim_bounds=(0.3, 3.0), tol=1e-8, max_iter=500)
    ratio = res.weights / res.weights.mean()
    assert ratio.max() <= 3.0 * (1 + 1e-6)
    assert ratio.min() >= 0.3 * (1 - 1e-6)
    assert res.trimming_rounds > 0 and res.converged
    for name, target in margins.items():
        got = res.weights.groupby(df[name]).sum().reindex(target.index)
        np.testing.assert_allclose(got.to_numpy(), target.to_numpy(), rtol=1e-6)


def test_infeasible_bounds_raise_or_warn():
    df = pd.DataFrame({"u": ["a"] * 99 + ["b"]})
    margins = {"u": pd.Series({"a": 50.0, "b": 50.0})}  # b needs 50x the weight of a
    with pytest.raises(RakeConvergenceError, match="margin 'u'"):
        rake(df, margins, trim_bounds=(0.3, 3.0), max_iter=30)
    with pytest.warns(UserWarning, match="did not converge"):
        res = rake(df, margins, trim_bounds=(0.3, 3.0), max_iter=30, on_nonconvergence="warn")
    assert not res.converged


def test_collapse_merges_empty_category_with_smaller_neighbour():
    df = pd.DataFrame({"age_band": ["<25"] * 5 + ["35-44"] * 10 + ["45-54"] * 10})
    pop = pd.Series({"<25": 100.0, "25-34": 300.0, "35-44": 200.0, "45-54": 400.0})
    res = rake(df, {"age_band": pop})
    # '25-34' has no respondents; neighbours '<25' (100) and '35-44' (200): the smaller wins
    assert res.collapsed.to_dict("list") == {
        "margin": ["age_band", "age_band"], "category": ["<25", "25-34"],
        "merged_into": ["<25+25-34", "<25+25-34"]}
    sums = res.weights.groupby(df["age_band"]).sum()
    assert sums["<25"] == pytest.approx(400.0)
    assert sums["35-44"] == pytest.approx(200.0)


@pytest.mark.parametrize("collapse_below, merged", [(1, False), (6, True)])
def test_collapse_below_threshold(collapse_below, merged):
    df = pd.DataFrame({"u": ["a"] * 5 + ["b"] * 20 + ["c"] * 20})
    pop = pd.Series({"a": 10.0, "b": 50.0, "c": 40.0})
    res = rake(df, {"u": pop}, collapse_below=collapse_below)
    assert (not res.collapsed.empty) == merged


def test_empty_category_that_cannot_be_collapsed():
    df = pd.DataFrame({"u": ["a", "b"], "g": ["x", "x"]})
    margins = {"u": pd.Series({"a": 1.0, "b": 1.0}), "g": pd.Series({"x": 1.0, "y": 1.0})}
    with pytest.raises(EmptyCategoryError, match="margin 'g'"):
        rake(df, margins, collapse=False)
    df1 = pd.DataFrame({"g": [None, None]}, dtype="string")
    with pytest.raises(EmptyCategoryError, match=r"margin 'g'.*no other category"):
        rake(df1, {"g": pd.Series({"x": 2.0})}, missing_margin="cell_average")


@pytest.mark.parametrize(
    "df, margins, error, message",
    [
        (pd.DataFrame({"u": ["a", "z"]}), {"u": pd.Series({"a": 1.0, "b": 1.0})},
         MarginError, r"margin 'u'.*\['z'\]"),
        (pd.DataFrame({"u": ["a"]}), {"v": pd.Series({"a": 1.0})}, ColumnError, "'v'"),
        (pd.DataFrame({"u": ["a", "b"]}), {"u": pd.Series({"a": 1.0, "b": 0.0})},
         MarginError, "population total is 0"),
        (pd.DataFrame({"u": ["a"]}), {"u": pd.Series({"a": -1.0})}, MarginError, "non-negative"),
        (pd.DataFrame({"u": ["a"], "g": ["x"]}),
         {"u": pd.Series({"a": 10.0}), "g": pd.Series({"x": 20.0})}, StatsError, "differ"),
        (pd.DataFrame({"u": ["a"]}), {"u": {"a": 1.0}}, MarginError, "pandas Series"),
    ],
)
def test_bad_margins_raise_clear_errors(df, margins, error, message):
    with pytest.raises(error, match=message):
        rake(df, margins)


def test_bad_trim_bounds_and_method():
    df, margins = two_by_two()
    with pytest.raises(StatsError, match="trim_bounds"):
        rake(df, margins, trim_bounds=(1.2, 3.0))
    with pytest.raises(StatsError, match="missing_margin"):
        rake(df, margins, missing_margin="drop")


def test_missing_margin_cell_average_by_hand():
    df = pd.DataFrame({"u": ["a", "a", "b", "b", "a"],
                       "g": ["m", "v", "m", "v", None]}).astype("string")
    margins = {"u": pd.Series({"a": 60.0, "b": 40.0}), "g": pd.Series({"m": 50.0, "v": 50.0})}
    res = rake(df, margins, missing_margin="cell_average", tol=1e-12, max_iter=500)
    assert res.n_missing_margin == 1
    w = res.weights
    # the respondent with gender missing gets the mean weight of unit-a respondents
    assert w.iloc[4] == pytest.approx(w.iloc[[0, 1]].mean())
    assert w.sum() == pytest.approx(100.0)


def test_missing_margin_impute_uses_mode_and_holds_margins():
    df = pd.DataFrame({"u": ["a", "a", "a", "b", "b", "a"],
                       "g": ["m", "m", "v", "v", "m", None]}).astype("string")
    margins = {"u": pd.Series({"a": 60.0, "b": 40.0}), "g": pd.Series({"m": 50.0, "v": 50.0})}
    res = rake(df, margins, missing_margin="impute", tol=1e-10, max_iter=500)
    assert res.n_missing_margin == 1
    assert res.codes[5].tolist() == [0, 0]  # imputed 'm': the mode among unit a
    imputed = df.assign(g=df["g"].fillna("m"))
    for name, target in margins.items():
        got = res.weights.groupby(imputed[name]).sum().reindex(target.index)
        np.testing.assert_allclose(got.to_numpy(), target.to_numpy(), rtol=1e-9)


def test_kish_deff_by_hand():
    w = np.array([1.0, 1.0, 2.0, 4.0])
    # n = 4, sum w = 8, sum w^2 = 22: deff = 4 * 22 / 64, n_eff = 64 / 22
    assert kish_deff(w) == pytest.approx(1.375)
    assert effective_n(w) == pytest.approx(64 / 22)
    cv = w.std(ddof=0) / w.mean()
    assert kish_deff(w) == pytest.approx(1 + cv**2)
    assert kish_deff(np.ones(7)) == pytest.approx(1.0)
    with pytest.raises(StatsError, match="negative"):
        kish_deff([1.0, -1.0])


def test_weight_summary_per_group():
    df = pd.DataFrame({"g": ["a", "a", "b", "b", "b"]})
    w = pd.Series([1.0, 3.0, 2.0, 2.0, 2.0])
    out = weight_summary(df, w, ["g"]).set_index("group")
    assert out.loc["a", "deff"] == pytest.approx(2 * 10 / 16)
    assert out.loc["b", "n_eff"] == pytest.approx(3.0)
    assert out.loc["totaal", "n"] == 5
    with pytest.raises(ColumnError, match="'h'"):
        weight_summary(df, w, ["h"])


def test_response_rates():
    df = pd.DataFrame({"cluster": ["A", "A", "B", None]})
    out = response_rates(df, pd.Series({"A": 10, "B": 5}), "cluster").set_index("unit")
    assert out.loc["A", "response_rate"] == pytest.approx(0.2)
    assert out.loc["B", "response_rate"] == pytest.approx(0.2)
    assert out.loc["totaal", "response_rate"] == pytest.approx(4 / 15)
    with pytest.raises(StatsError, match="no population count"):
        response_rates(pd.DataFrame({"cluster": ["Z"]}), pd.Series({"A": 1}), "cluster")
