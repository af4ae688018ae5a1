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


def test_the_cluster_base_year_carries_its_own_years_count():
    """Before: the base year's row had the current year's n (550 in 2024, 575 in 2026)."""
    from pipeline.analysis.representation import cluster_growth_table

    b = pd.DataFrame({"year": [2024, 2025, 2026], "unit": "Bedrijfsvoering",
                      "schaal_band": "12+", "scheme": "nieuw", "herkomst": BE,
                      "share": [0.23, 0.235, 0.24], "n_staff": [550, 570, 575],
                      "suppressed": False})
    in_2024 = cluster_growth_table(b, 2024).set_index("wave")["n"]
    in_2026 = cluster_growth_table(b, 2026).set_index("wave")["n"]
    assert in_2024[2024] == in_2026[2024] == 550
    assert in_2026.to_dict() == {2024: 550, 2025: 570, 2026: 575}


def test_flows_hold_both_stocks_and_every_band_satisfies_the_identity():
    """Before: one stock (the previous year's, as "bezetting") and no promotions out, so the
    rows did not add up to anything and the table's Totaal added stocks and flows."""
    from pipeline.analysis.representation import FLOW_COLUMNS, flow_table, stock_flow_gaps

    f = pd.DataFrame({
        "peildatum_to": pd.to_datetime(["2024-12-31"] * 7),
        "flow": ["blijf", "blijf", "doorstroom", "instroom", "uitstroom", "doorstroom",
                 "instroom"],
        "direction": [None, None, "omhoog", None, None, "omhoog", None],
        "schaal_band_from": ["9-11", "12-14", "9-11", None, "12-14", "12-14", None],
        "schaal_band_to": ["9-11", "12-14", "12-14", "9-11", None, "15+", "15+"]})
    table = flow_table(f).xs(2024, level="year")
    assert list(table.columns) == list(FLOW_COLUMNS)
    assert table.loc["12-14"].tolist() == [3, 0, 1, 1, 1, 2]
    assert table.loc["15+"].tolist() == [0, 1, 1, 0, 0, 2]
    assert (stock_flow_gaps(table) == 0).all()
