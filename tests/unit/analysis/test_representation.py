"""Representation tables on a hand-made barometer, and the 25% cluster rule at its edges."""

import pandas as pd
import pytest

from pipeline.analysis.representation import BE, cluster_growth, share_table


def _barometer(base, now, n=400):
    return pd.DataFrame({
        "year": [2024, 2026], "unit": "Sociaal", "schaal_band": "12+", "scheme": "nieuw",
        "herkomst": BE, "share": [base, now], "n_staff": n, "suppressed": now is None})


@pytest.mark.parametrize(("now", "met"),
                         [(0.25, True), (0.2499, False), (0.30, True), (0.19, False)])
def test_cluster_growth_target_is_a_quarter_more_than_2024(now, met):
    growth = cluster_growth(_barometer(0.20, now), 2026).iloc[0]
    assert growth["required"] == pytest.approx(0.25)
    assert bool(growth["met"]) is met


def test_cluster_growth_unknown_when_cbs_suppressed():
    growth = cluster_growth(_barometer(0.20, None), 2026).iloc[0]
    assert pd.isna(growth["met"])


def test_share_table_keeps_band_order_and_counts():
    b = pd.DataFrame({"year": 2023, "unit": "organisatie", "scheme": "nieuw", "herkomst": BE,
                      "schaal_band": ["15+", "1-5", "12+"], "share": [0.1, 0.5, 0.2],
                      "n_staff": [300, 2500, 3500], "suppressed": False})
    t = share_table(b, bands=("1-5", "12+", "15+"), years=[2023])
    assert t["group"].tolist() == ["1-5", "12+", "15+"]
    assert t["n_pos"].tolist() == [1250, 700, 30]
