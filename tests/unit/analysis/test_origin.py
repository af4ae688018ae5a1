"""Herkomst in the survey against the CBS, and the CBS-based herkomst margin (issue 17, item 4).

Numbers are checked against hand calculations and scipy/statsmodels, never the code's output.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from pipeline.analysis import origin
from pipeline.analysis.origin import HERKOMST, OriginError
from pipeline.errors import PipelineError


def _barometer(shares: dict[str, tuple[float, float, float] | None], n: dict[str, int],
               year: int = 2024) -> pd.DataFrame:
    rows = []
    for unit, values in shares.items():
        for k, h in enumerate(HERKOMST):
            rows.append({"year": year, "unit": unit, "schaal_band": "totaal", "scheme": "nieuw",
                         "herkomst": h, "share": np.nan if values is None else values[k],
                         "n_staff": n[unit], "suppressed": values is None})
    # rows of other bands, schemes and years that must be ignored
    rows.append({"year": year, "unit": "organisatie", "schaal_band": "12+", "scheme": "nieuw",
                 "herkomst": "Europa", "share": 0.9, "n_staff": 5, "suppressed": False})
    rows.append({"year": year - 1, "unit": "organisatie", "schaal_band": "totaal",
                 "scheme": "nieuw", "herkomst": "Europa", "share": 0.9, "n_staff": 5,
                 "suppressed": False})
    return pd.DataFrame(rows)


def test_totals_per_cluster_are_shares_times_register_counts():
    # shares of B add to 0.999 (CBS rounding): scaled to 1 within the cluster
    b = _barometer({"organisatie": (0.5, 0.2, 0.3), "A": (0.6, 0.1, 0.3),
                    "B": (0.4, 0.2, 0.399)}, {"organisatie": 50, "A": 10, "B": 40})
    register = pd.DataFrame({"cluster": ["A"] * 20 + ["B"] * 30})
    totals, basis = origin.herkomst_totals(b, register, 2024)
    assert basis == "cluster"
    # by hand: A 20 x (.6, .1, .3); B 30 x (.4, .2, .399) / .999
    expected = [20 * 0.6 + 30 * 0.4 / 0.999, 20 * 0.1 + 30 * 0.2 / 0.999,
                20 * 0.3 + 30 * 0.399 / 0.999]
    assert totals.index.tolist() == list(HERKOMST)
    np.testing.assert_allclose(totals.to_numpy(), expected, rtol=1e-12)
    assert totals.sum() == pytest.approx(50)


def test_totals_fall_back_to_the_organisation_when_a_cluster_is_withheld():
    b = _barometer({"organisatie": (0.5, 0.2, 0.3), "A": (0.6, 0.1, 0.3), "B": None},
                   {"organisatie": 50, "A": 10, "B": 40})
    register = pd.DataFrame({"cluster": ["A"] * 20 + ["B"] * 30})
    totals, basis = origin.herkomst_totals(b, register, 2024)
    assert basis == "organisatie"
    np.testing.assert_allclose(totals.to_numpy(), [25.0, 10.0, 15.0], rtol=1e-12)
    # a register cluster the CBS does not know: also the organisation's shares
    register = pd.DataFrame({"cluster": ["A"] * 20 + ["C"] * 30})
    b = _barometer({"organisatie": (0.5, 0.2, 0.3), "A": (0.6, 0.1, 0.3)},
                   {"organisatie": 50, "A": 10})
    assert origin.herkomst_totals(b, register, 2024)[1] == "organisatie"


def test_no_cbs_year_stops_with_one_line_naming_the_key():
    b = _barometer({"organisatie": (0.5, 0.2, 0.3)}, {"organisatie": 50})
    with pytest.raises(OriginError) as err:
        origin.herkomst_totals(b, pd.DataFrame({"cluster": ["A"]}), 2026)
    assert isinstance(err.value, PipelineError)
    text = str(err.value)
    assert "weighting.herkomst_margin" in text and "2026" in text and "\n" not in text


@pytest.mark.parametrize("value", ["ja", 1, [True]])
def test_a_bad_switch_value_names_the_key(value):
    with pytest.raises(OriginError, match=r"^params.yaml: weighting.herkomst_margin must be"):
        origin.herkomst_margin_on({"herkomst_margin": value})


def test_indicators_are_missing_where_herkomst_is():
    s = pd.DataFrame({"herkomst": ["Buiten-Europa", None, "Nederland", "Europa"]})
    out = origin.origin_indicators(s)
    assert out["herkomst_buiten_europa"].tolist()[0] == 1.0
    assert out.iloc[1].isna().all()
    np.testing.assert_array_equal(out.iloc[[0, 2, 3]].sum(axis=1), [1.0, 1.0, 1.0])


def _records():
    rec = []
    for unit, est, se in (("totaal", (0.55, 0.12, 0.33), 0.006),
                          ("A", (0.60, 0.10, 0.30), 0.02), ("B", (0.50, 0.14, 0.36), 0.02)):
        for k, h in enumerate(HERKOMST):
            rec.append({"unit": unit, "herkomst": h, "estimate": est[k], "se": se,
                        "ci_low": est[k] - 0.04, "ci_high": est[k] + 0.04,
                        "ci_method": "wilson-neff", "n": 500, "n_pos": round(500 * est[k])})
    return rec


def test_comparison_is_a_wald_test_against_a_known_share_adjusted_over_the_table():
    b = _barometer({"organisatie": (0.56, 0.11, 0.33), "A": (0.55, 0.11, 0.34), "B": None},
                   {"organisatie": 900, "A": 400, "B": 200})
    out = origin.compare(_records(), b, 2024, alpha=0.05, method="fdr_bh")
    tested = out[out["p"].notna()]
    assert set(tested["unit"]) == {"totaal", "A"}  # B withheld by the CBS: no test
    b_rows = out[out["unit"] == "B"]
    assert b_rows["diff"].isna().all() and b_rows["verdict"].isna().all()
    assert b_rows["estimate"].notna().all()  # the survey share itself stays
    row = out[(out["unit"] == "A") & (out["herkomst"] == "Nederland")].iloc[0]
    assert row["diff"] == pytest.approx(0.05)
    assert row["p"] == pytest.approx(2 * stats.norm.sf(0.05 / 0.02))
    assert row["diff_ci_low"] == pytest.approx(0.56 - 0.55)
    assert row["wave_b"] == 2024
    expected = multipletests(tested["p"].to_numpy(), method="fdr_bh")[1]
    np.testing.assert_allclose(tested["p_adj"].to_numpy(), expected, rtol=1e-12)
    assert row["verdict"] == (origin.HIGHER if row["p_adj"] < 0.05 else
                              origin.NOT_AFTER_CORRECTION)


def test_survey_table_leaves_out_units_with_a_small_herkomst_count():
    b = _barometer({"organisatie": (0.56, 0.11, 0.33), "A": (0.55, 0.11, 0.34),
                    "B": (0.5, 0.14, 0.36)}, {"organisatie": 900, "A": 400, "B": 200})
    rec = _records()
    for r in rec:
        if r["unit"] == "B" and r["herkomst"] == "Europa":
            r["n_pos"] = 7  # 7 respondents of this herkomst: 100% minus the others' shares
    table = origin.survey_table(origin.compare(rec, b, 2024), 2026, min_count=10)
    assert "B" not in set(table["group"])
    assert table["indicator"].tolist()[:2] == ["Nederland", "Nederland"]
    assert table["group"].tolist()[:2] == ["A", "totaal"]  # clusters by name, total last
    assert (table["base"] == "alle").all() and (table["wave"] == 2026).all()
    # a difference gives its CBS share back: only where the CBS share passes the CBS rules
    small_cbs = origin.survey_table(origin.compare(rec, b, 2024), 2026, min_count=10,
                                    cbs_min=(250, 10, 10))
    # B: 200 staff < 250, so the gate hides B's CBS shares and, to protect them, A's (the
    # organisation minus A gives B back): A's difference would show its hidden CBS share, so
    # with any cluster failing the CBS rules only the organisation is compared
    assert set(small_cbs["group"]) == {"totaal"}
    europa_a = origin.survey_table(origin.compare(rec, b, 2024), 2026, min_count=10,
                                   cbs_min=(200, 45, 10))  # A: 0.11 x 400 = 44 < 45
    assert set(europa_a["group"]) == {"totaal"}
    passing = origin.survey_table(origin.compare(rec, b, 2024), 2026, min_count=0,
                                  cbs_min=(200, 10, 10))
    assert set(passing["group"]) == {"A", "B", "totaal"}


def test_cbs_table_shows_a_withheld_share_as_missing():
    b = _barometer({"organisatie": (0.56, 0.11, 0.33), "B": None},
                   {"organisatie": 900, "B": 200})
    table = origin.cbs_table(b, 2024, ["totaal", "B", "C"])
    b_rows = table[table["group"] == "B"]
    assert b_rows["estimate"].isna().all() and b_rows["n_pos"].isna().all()
    c_rows = table[table["group"] == "C"]  # unknown to the CBS
    assert c_rows["estimate"].isna().all()
    org = table[(table["group"] == "totaal") & (table["indicator"] == "Europa")].iloc[0]
    assert org["estimate"] == 0.11 and org["n_pos"] == 99 and org["breakdown"] == "totaal"


def test_text_names_only_what_the_tables_show():
    survey = pd.DataFrame({
        "indicator": ["Buiten-Europa"] * 3, "group": ["Alfa", "Bravo", "Totaal"],
        "estimate": [0.25, np.nan, 0.30], "diff": [-0.061, np.nan, -0.02],
        "verdict": [origin.LOWER, None, origin.NO_DIFFERENCE]})
    cbs = pd.DataFrame({"indicator": ["Buiten-Europa"] * 2, "group": ["Alfa", "Charlie"],
                        "estimate": [0.311, np.nan]})
    text = origin.origin_text(survey, cbs, 2024, {"used": True, "basis": "cluster"})
    assert "Alfa (25%, −6,1 procentpunt)" in text
    assert "Bravo" not in text  # its row is hidden
    assert "30%" in text and "(−2,0 procentpunt) is niet significant" in text
    assert "Charlie" in text and "Geen CBS-cijfer" in text
    assert "minder vaak meededen" in text
    assert "wegingskenmerk" in text


def test_text_says_why_no_cluster_is_compared():
    survey = pd.DataFrame({"indicator": ["Europa"], "group": ["Totaal"], "estimate": [0.11],
                           "diff": [0.001], "verdict": ["geen significant verschil"]})
    cbs = pd.DataFrame({"indicator": ["Europa", "Europa", "Europa"],
                        "group": ["A", "B", "Totaal"], "estimate": [0.11, None, 0.11]})
    text = origin.origin_text(survey, cbs, 2026)
    assert "Per cluster is niet vergeleken" in text
    assert "In geen enkel cluster" not in text
