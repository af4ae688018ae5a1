import numpy as np
import pandas as pd
import polars as pl
import pytest
import svy
from statsmodels.stats.proportion import proportion_confint

from pipeline.stats import (
    COLUMNS,
    ColumnError,
    SurveyDesign,
    estimate_all,
    korn_graubard_interval,
    rake,
    share_of_base,
    wilson_interval,
)
from pipeline.stats.replicates import bootstrap_replicates


@pytest.mark.parametrize("count, nobs", [(0, 20), (1, 20), (3, 40), (60, 200), (199, 200),
                                         (500, 1000)])
def test_interval_functions_equal_statsmodels(count, nobs):
    p = count / nobs
    lo, hi = wilson_interval(p, nobs)
    exp = proportion_confint(count, nobs, alpha=0.05, method="wilson")
    assert (float(lo), float(hi)) == pytest.approx(exp, abs=1e-10)
    lo, hi = korn_graubard_interval(p, nobs, nobs)
    exp = proportion_confint(count, nobs, alpha=0.05, method="beta")
    assert (float(lo), float(hi)) == pytest.approx(exp, abs=1e-10)


@pytest.mark.parametrize("count, nobs, method, sm_method", [
    (60, 200, "wilson-neff", "wilson"),
    (100, 300, "wilson-neff", "wilson"),
    (3, 200, "korn-graubard", "beta"),       # n p < 10
    (195, 200, "korn-graubard", "beta"),     # n (1 - p) < 10
    (8, 20, "korn-graubard", "beta"),        # small n
])
def test_unweighted_estimate_intervals_equal_statsmodels(count, nobs, method, sm_method):
    df = pd.DataFrame({"y": [1] * count + [0] * (nobs - count)})
    out = estimate_all(SurveyDesign.unweighted(df), ["y"]).iloc[0]
    assert out["ci_method"] == method
    assert out["n_eff"] == pytest.approx(nobs)
    exp = proportion_confint(count, nobs, alpha=0.05, method=sm_method)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx(exp, abs=1e-10)
    assert out["se"] == pytest.approx(np.sqrt(count / nobs * (1 - count / nobs) / nobs))


def test_weighted_point_estimates_equal_np_average(respondents, margins):
    res = rake(respondents, margins, trim_bounds=(0.3, 3.0))
    des = SurveyDesign(respondents, res.weights.to_numpy())
    out = estimate_all(des, ["discr_ja"], ["herkomst", "disability"], means=["score"])
    w = res.weights
    base = respondents["discr_ja"].notna()
    for grp, sub in respondents[base].groupby("herkomst"):
        row = out[(out.indicator == "discr_ja") & (out.group == grp)].iloc[0]
        ws = w[sub.index]
        assert row["estimate"] == pytest.approx(np.average(sub["discr_ja"].astype(float),
                                                           weights=ws))
        assert row["n"] == len(sub)
        assert row["n_pos"] == int(sub["discr_ja"].sum())
        assert row["n_weighted"] == pytest.approx(ws.sum())
        assert row["n_eff"] == pytest.approx(ws.sum() ** 2 / (ws**2).sum())
    tot = out[(out.indicator == "score") & (out.group == "totaal")].iloc[0]
    assert tot["estimate"] == pytest.approx(np.average(respondents["score"], weights=w))
    assert pd.isna(tot["n_pos"]) and tot["ci_method"] == "linearised-t"
    # booleans are labelled ja / nee
    assert set(out.loc[out.breakdown == "disability", "group"]) == {"ja", "nee"}


def test_domain_by_subset_equals_by_group(respondents, margins):
    des = SurveyDesign.from_margins(respondents, margins,
                                    {"replicates": 40, "trim_bounds": [0.3, 3.0]}, seed=2)
    by_group = estimate_all(des, ["discr_ja", "ub_any"], ["herkomst"], means=["score"])
    for grp in ["Buiten-Europa", "Nederland"]:
        sub = des.subset(des.data["herkomst"] == grp)
        direct = estimate_all(sub, ["discr_ja", "ub_any"], means=["score"])
        grouped = by_group[by_group.group == grp].reset_index(drop=True)
        cols = ["indicator", "estimate", "se", "ci_low", "ci_high", "n", "n_weighted", "n_eff"]
        pd.testing.assert_frame_equal(direct[cols], grouped[cols], check_exact=False,
                                      rtol=1e-10)


def test_tidy_format_and_flags():
    df = pd.DataFrame({"g": ["a"] * 40 + ["b"] * 5,
                       "y": [1] * 2 + [0] * 38 + [1] * 5,
                       "m": [np.nan] * 45}).astype({"y": "Int64"})
    out = estimate_all(SurveyDesign.unweighted(df, wave=2026), ["y", "absent"], ["g", "nope"],
                       means=["m"])
    assert list(out.columns) == COLUMNS
    assert out["wave"].dtype == "Int64" and (out["wave"] == 2026).all()
    row = out[(out.indicator == "y") & (out.group == "b")].iloc[0]
    assert row["flags"] == "small_n;extreme_p" and row["ci_high"] == 1.0
    absent = out[out.indicator == "absent"]
    assert len(absent) == 1 and absent["flags"].iloc[0] == "not_asked"
    assert "nope" not in set(out.breakdown)
    empty = out[(out.indicator == "m") & (out.group == "totaal")].iloc[0]
    assert empty["n"] == 0 and "empty" in empty["flags"] and np.isnan(empty["estimate"])


def test_two_way_breakdown_labels_and_values():
    df = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["p", "q", "p", "p"],
                       "y": [1, 0, 1, 0]})
    out = estimate_all(SurveyDesign.unweighted(df), ["y"], two_way=[("a", "b")])
    two = out[out.breakdown == "a × b"].set_index("group")["estimate"]
    assert two.to_dict() == {"x × p": 1.0, "x × q": 0.0, "y × p": 0.5}


def test_multiselect_shares_use_their_base():
    df = pd.DataFrame({"discr": ["ja", "ja", "ja", "nee", None],
                       "discr_ground_herkomst": [True, False, None, None, None]})
    ind = share_of_base(df, ["discr_ground_herkomst"], df["discr"] == "ja")
    data = df.assign(share=ind["discr_ground_herkomst"])
    out = estimate_all(SurveyDesign.unweighted(data), ["share"]).iloc[0]
    assert out["estimate"] == pytest.approx(1 / 3) and out["n"] == 3


def test_invalid_indicator_values_raise():
    df = pd.DataFrame({"y": [0, 1, 2]})
    with pytest.raises(ColumnError, match="indicator 'y'"):
        estimate_all(SurveyDesign.unweighted(df), ["y"])


def test_cross_check_with_svy_replicate_and_taylor(respondents, margins):
    res = rake(respondents, margins, trim_bounds=(0.3, 3.0))
    reps = bootstrap_replicates(respondents, res, n_replicates=30, seed=7)
    des = SurveyDesign(respondents, res.weights.to_numpy(), reps)
    ours = estimate_all(des, ["ub_any"], means=["score"]).set_index("indicator")
    data = {"ub_any": respondents["ub_any"].to_numpy(), "score": respondents["score"].to_numpy(),
            "w": res.weights.to_numpy()}
    data.update({f"rw{r + 1}": reps.weights[:, r] for r in range(30)})
    sample = svy.Sample(pl.DataFrame(data),
                        svy.Design(wgt="w", rep_wgts=svy.BootstrapWgts(prefix="rw", n_reps=30)))
    est = sample.estimation.prop("ub_any", method="replication").to_polars()
    row = est.filter(pl.col(est.columns[0]) == 1)
    assert ours.loc["ub_any", "estimate"] == pytest.approx(row["est"][0], rel=1e-9)
    # svy scales bootstrap replicates by 1/R, the engine (like R's survey) by 1/(R - 1)
    assert ours.loc["ub_any", "se"] == pytest.approx(row["se"][0] * np.sqrt(30 / 29), rel=1e-9)
    # without replicates the mean's SE is the linearised with-replacement SE, as svy's Taylor
    taylor = svy.Sample(pl.DataFrame(data), svy.Design(wgt="w")).estimation.mean(
        "score", method="taylor").to_polars()
    lin = estimate_all(SurveyDesign(respondents, res.weights.to_numpy()), [],
                       means=["score"]).iloc[0]
    assert lin["estimate"] == pytest.approx(taylor["est"][0], rel=1e-9)
    assert lin["se"] == pytest.approx(taylor["se"][0], rel=1e-9)
