import numpy as np
import pandas as pd
import pingouin as pg
import pytest

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
    alpha, n = cronbach_alpha(df)
    rev = reverse_items(df).astype(float)
    expected = pg.cronbach_alpha(rev[list(PS_ITEMS)], nan_policy="listwise")[0]
    assert alpha == pytest.approx(expected, rel=1e-12)
    assert n == rev.dropna().shape[0]
    assert alpha > 0.8


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
