import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from pipeline.stats import (
    ColumnError,
    StatsError,
    SurveyDesign,
    adjust_pvalues,
    compare_waves,
    estimate_all,
    group_vs_rest,
)


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjustment_equals_statsmodels_per_family(method):
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 0.2, 30)
    fam = np.repeat(["a", "b", "c"], 10)
    p[[4, 17]] = np.nan
    out = adjust_pvalues(pd.DataFrame({"p": p, "family": fam}), method)
    for f in "abc":
        m = (fam == f) & ~np.isnan(p)
        expected = multipletests(p[m], method=method)[1]
        np.testing.assert_allclose(out["p_adj"].to_numpy()[m], expected)
    assert out["p_adj"].isna().sum() == 2 and (out["p_adj_method"] == method).all()
    with pytest.raises(StatsError, match="method"):
        adjust_pvalues(pd.DataFrame({"p": p, "family": fam}), "sidak_wrong")


def test_wave_vs_wave_se_formula_and_comparability():
    keys = {"breakdown": "totaal", "group": "totaal"}
    cur = pd.DataFrame({"wave": 2026, "indicator": ["a", "b", "c"], **keys,
                        "estimate": [0.30, 0.20, 0.5], "se": [0.02, 0.01, 0.01], "n": 800})
    prev = pd.DataFrame({"wave": 2024, "indicator": ["a", "b"], **keys,
                         "estimate": [0.25, 0.22], "se": [0.015, 0.012], "n": 700})
    out = compare_waves(cur, prev, comparable={"a", "c"}, method="holm").set_index("indicator")
    se = np.sqrt(0.02**2 + 0.015**2)
    assert out.loc["a", "diff"] == pytest.approx(0.05)
    assert out.loc["a", "diff_se"] == pytest.approx(se)
    assert out.loc["a", "p"] == pytest.approx(2 * stats.norm.sf(0.05 / se))
    assert out.loc["a", "diff_ci_low"] == pytest.approx(0.05 - 1.959963984540054 * se)
    assert out.loc["a", "wave_b"] == 2024 and out.loc["a", "flags"] == ""
    assert out.loc["b", "flags"] == "not_comparable" and np.isnan(out.loc["b", "p"])
    assert np.isnan(out.loc["b", "diff"])
    assert out.loc["c", "flags"] == "absent_in_previous" and np.isnan(out.loc["c", "p"])
    with pytest.raises(ColumnError, match="previous"):
        compare_waves(cur, prev.drop(columns="se"), comparable={"a"})


def test_group_vs_rest_by_hand_with_replicates(respondents, margins):
    des = SurveyDesign.from_margins(respondents, margins, {"replicates": 25}, seed=4)
    out = group_vs_rest(des, ["ub_any"], ["herkomst"], method="fdr_bh")
    row = out[out.group == "Buiten-Europa"].iloc[0]
    df, w, rw = des.data, des.weights, des.replicates.weights
    g = (df["herkomst"] == "Buiten-Europa").to_numpy()
    y = df["ub_any"].to_numpy(float)

    def diff(weights):
        return (np.average(y[g], weights=weights[g]) - np.average(y[~g], weights=weights[~g]))

    assert row["diff"] == pytest.approx(diff(w))
    reps = np.array([diff(rw[:, r]) for r in range(25)])
    assert row["diff_se"] == pytest.approx(np.std(reps, ddof=1))
    assert row["n"] == g.sum() and row["n_b"] == (~g).sum()
    fam = out[out.indicator == "ub_any"]
    np.testing.assert_allclose(fam["p_adj"], multipletests(fam["p"], method="fdr_bh")[1])


def test_group_vs_rest_two_groups_is_antisymmetric_and_independent_without_replicates():
    df = pd.DataFrame({"g": ["a"] * 50 + ["b"] * 50,
                       "y": [1] * 10 + [0] * 40 + [1] * 25 + [0] * 25})
    des = SurveyDesign.unweighted(df)
    out = group_vs_rest(des, ["y"], ["g"]).set_index("group")
    assert out.loc["a", "diff"] == pytest.approx(-out.loc["b", "diff"])
    assert out.loc["a", "diff_se"] == pytest.approx(out.loc["b", "diff_se"])
    est = estimate_all(des, ["y"], ["g"]).set_index("group")["se"]
    assert out.loc["a", "diff_se"] == pytest.approx(np.hypot(est["a"], est["b"]))
    assert (out["family"] == "y").all()


@pytest.mark.parametrize("method", ["holm", "fdr_bh", "bonferroni"])
@pytest.mark.parametrize("m", [1, 2, 7, 50])
def test_adjust_equals_statsmodels_including_ties(method, m):
    from pipeline.stats.compare import adjust

    rng = np.random.default_rng(m)
    p = np.round(rng.uniform(0, 0.3, m), 2)  # rounding creates ties
    np.testing.assert_allclose(adjust(p, method), multipletests(p, method=method)[1])
