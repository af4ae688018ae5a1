"""Every council target gets a verdict, judged at the precision it is shown (issue 15)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline.analysis import representation as rep
from pipeline.analysis.targets import COLUMNS, target_sources, target_verdicts, verdict
from pipeline.disclosure import DisclosureRules
from pipeline.disclosure.ledger import Planned, plan_publication

BE = rep.BE


def _barometer(shares: dict[tuple[str, int], tuple[float, int]]) -> pd.DataFrame:
    rows = [{"year": y, "unit": u, "schaal_band": "12+", "scheme": "nieuw", "herkomst": BE,
             "share": s, "n_staff": n, "suppressed": False} for (u, y), (s, n) in shares.items()]
    return pd.DataFrame(rows)


def _hr(year: int, young: int, total: int) -> pd.DataFrame:
    return pd.DataFrame({"peildatum": pd.Timestamp(f"{year}-12-31"),
                         "employee_id": [f"p{i}" for i in range(total)],
                         "age_band": ["25-34"] * young + ["45-54"] * (total - young)})


BAROMETER = _barometer({("organisatie", 2024): (0.217, 3565), ("organisatie", 2026): (0.301, 3635),
                        ("Sociaal", 2024): (0.20, 900), ("Sociaal", 2026): (0.25, 950),
                        ("Stadsdelen", 2024): (0.22, 550), ("Stadsdelen", 2026): (0.27, 560)})


def test_one_row_per_target_with_exactly_the_published_columns():
    verdicts = target_verdicts(BAROMETER, _hr(2026, 199, 1000), 2026)
    assert list(verdicts.columns) == list(COLUMNS)
    assert verdicts["eenheid"].tolist() == ["organisatie", "Sociaal", "Stadsdelen", "organisatie"]
    assert verdicts["jaar"].dtype.kind == "i" and verdicts["waarde"].dtype.kind == "f"
    assert verdicts["doel"].iloc[0] == "Buiten-Europese herkomst vanaf schaal 12"
    assert verdicts["oordeel"].tolist() == ["gehaald", "gehaald", "niet gehaald",
                                            "niet gehaald"]
    assert verdicts["streefwaarde"].iloc[1] == pytest.approx(0.25)  # 1.25 x 20%


def test_under_35_is_judged_at_one_decimal_19_9_percent_is_not_20():
    """Before: 19.9% was shown as "20%" and got no verdict."""
    assert verdict(0.1994, 0.20) == "niet gehaald"
    assert verdict(0.19951, 0.20) == "gehaald"  # shown as 20,0%
    young = target_verdicts(BAROMETER, _hr(2024, 1994, 10000), 2024).iloc[-1]
    assert young["waarde"] == pytest.approx(0.1994) and young["oordeel"] == "niet gehaald"
    assert target_verdicts(BAROMETER, _hr(2024, 2074, 10000), 2024).iloc[-1]["oordeel"] \
        == "gehaald"


def test_a_target_without_a_figure_has_no_data_and_no_value():
    early = target_verdicts(BAROMETER, _hr(2024, 200, 1000), 2024)
    clusters = early[early["eenheid"] != "organisatie"]
    assert (clusters["jaar"] == 2026).all()
    assert clusters["waarde"].isna().all() and set(clusters["oordeel"]) == {"geen gegevens"}
    empty = target_verdicts(BAROMETER.iloc[:0], _hr(2024, 200, 1000), 2024)
    assert math.isnan(empty["waarde"].iloc[0]) and empty["oordeel"].iloc[0] == "geen gegevens"


def test_the_doelen_table_goes_through_the_publication_plan_and_hides_with_its_figure():
    """A value is shown only where its figure is; a cluster's target (1.25 x its base-year
    share) only where the base-year figure is: it would give that figure back."""
    rules = DisclosureRules()
    sources = target_sources(BAROMETER, _hr(2026, 199, 1000), 2026)
    # the clusters per year in a register table; the plan hides Stadsdelen 2024 (n below 250)
    figure = pd.DataFrame({"wave": [2024] * 3 + [2026] * 3, "indicator": f"aandeel {BE}",
                           "base": "register", "breakdown": "cluster",
                           "group": ["Sociaal", "Stadsdelen", "Ander"] * 2,
                           "estimate": [0.20, 0.22, 0.3, 0.25, 0.27, 0.3], "ci_low": math.nan,
                           "ci_high": math.nan, "n": [900, 200, 300, 950, 560, 300],
                           "n_pos": [180, 44, 90, 238, 151, 90]})
    items = [Planned(2026, "representatie", "clusters", "C", figure, source="cbs"),
             Planned(2026, "representatie", "doelen", "Doelen", sources, kind="targets",
                     source="cbs")]
    ledger = plan_publication(items, rules, measure=False).wave(2026)
    table = ledger.table("doelen")
    assert list(table.data.columns) == list(COLUMNS)
    by_unit = table.data.set_index("eenheid")
    assert by_unit.loc["Sociaal", "oordeel"] == "gehaald"
    assert by_unit.loc["Sociaal", "streefwaarde"] == pytest.approx(0.25)
    assert math.isnan(by_unit.loc["Stadsdelen", "waarde"])
    assert math.isnan(by_unit.loc["Stadsdelen", "streefwaarde"])
    assert by_unit.loc["Stadsdelen", "oordeel"] == "geen gegevens"
    shown = table.display.set_index("Eenheid")
    assert shown.loc["Stadsdelen", "Waarde"] == shown.loc["Stadsdelen", "Streefwaarde"] == "·"
    assert 'data-disclosure="passed"' in table.to_html()
