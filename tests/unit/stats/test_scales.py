import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from pipeline.stats import StatsError, cronbach_alpha, reverse_items, scale_score
from pipeline.stats.scales import PS_ITEMS, PS_REVERSED


def ps_data(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    latent = rng.normal(0, 1, n)
    cols = {}
    for item in PS_ITEMS:
        sign = -1 if item in PS_REVERSED else 1
        cols[item] = np.clip(np.rint(4 + sign * 1.2 * latent + rng.normal(0, 1, n)), 1, 7)
    df = pd.DataFrame(cols).astype("Int64")
    df.loc[rng.random(n) < 0.1, "ps2"] = pd.NA
    return df


def test_reverse_and_score_by_hand():
    df = pd.DataFrame([[1, 5, 2, 5, 3, 5, 5], [7, 7, 7, 7, 7, None, None],
                       [1, 1, 1, 1, None, None, None]], columns=list(PS_ITEMS), dtype="Int64")
    score = scale_score(df)
    assert score[0] == pytest.approx((7 + 5 + 6 + 5 + 5 + 5 + 5) / 7)
    assert score[1] == pytest.approx((1 + 7 + 1 + 7 + 1) / 5)
    assert np.isnan(score[2])  # only 4 answered
    already = reverse_items(df)
    pd.testing.assert_series_equal(scale_score(already, already_reversed=True), score)
    assert df.loc[0, "ps1"] == 1  # input untouched


def test_alpha_equals_pingouin_listwise():
    df = ps_data()
    result = cronbach_alpha(df)
    rev = reverse_items(df).astype(float)
    expected = pg.cronbach_alpha(rev[list(PS_ITEMS)], nan_policy="listwise")[0]
    assert result.alpha == pytest.approx(expected, rel=1e-12)
    assert result.n == rev.dropna().shape[0]
    assert result.alpha > 0.8


def test_alpha_and_interval_equal_the_closed_form():
    """Issue 15: alpha with Feldt's interval, computed here from the formulas alone.

    alpha = k/(k-1) * (1 - sum of item variances / variance of the sum); the interval is
    1 - (1 - alpha) * F(1 - a/2 or a/2; n - 1, (n - 1)(k - 1)), with n the complete cases only
    (the respondents without ps2 must not count in the degrees of freedom).
    """
    df = ps_data(n=250, seed=3)
    result = cronbach_alpha(df)
    block = reverse_items(df).astype(float)[list(PS_ITEMS)].dropna().to_numpy()
    n, k = block.shape
    alpha = k / (k - 1) * (1 - block.var(axis=0, ddof=1).sum() / block.sum(axis=1).var(ddof=1))
    low = 1 - (1 - alpha) * stats.f.ppf(0.975, n - 1, (n - 1) * (k - 1))
    high = 1 - (1 - alpha) * stats.f.ppf(0.025, n - 1, (n - 1) * (k - 1))
    assert n < len(df)  # some respondents skipped ps2
    assert (result.n, result.items, result.level) == (n, k, 0.95)
    assert result.alpha == pytest.approx(alpha, rel=1e-12)
    assert result.ci_low == pytest.approx(low, abs=5e-4)  # pingouin rounds to 3 decimals
    assert result.ci_high == pytest.approx(high, abs=5e-4)
    assert result.ci_low < result.alpha < result.ci_high


def test_alpha_interval_by_hand_on_a_tiny_scale():
    """Three items, five people: alpha 0,9648 by hand; F quantiles of 4 and 8 df."""
    df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 3, 4, 6]})
    result = cronbach_alpha(df, ["a", "b", "c"], [])
    # item variances 2.5, 2.3, 3.3 (sum 8.1); totals 4, 7, 9, 13, 16 have variance 22.7
    assert result.alpha == pytest.approx(1.5 * (1 - 8.1 / 22.7), rel=1e-12)
    assert result.ci_low == pytest.approx(1 - (1 - result.alpha) * 5.0526, abs=1e-3)
    assert result.ci_high == pytest.approx(1 - (1 - result.alpha) * 0.1114, abs=1e-3)


@pytest.mark.parametrize("value", [0, 8])
def test_out_of_range_items_raise(value):
    df = pd.DataFrame({item: [3] for item in PS_ITEMS})
    df["ps4"] = value
    with pytest.raises(StatsError, match="ps4"):
        scale_score(df)


def test_score_argument_errors():
    df = ps_data(10)
    with pytest.raises(StatsError, match="min_answered"):
        scale_score(df, min_answered=9)
    with pytest.raises(KeyError, match="ps9"):
        scale_score(df, items=["ps9"])
