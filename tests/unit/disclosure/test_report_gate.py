from __future__ import annotations

import pandas as pd
import pytest

from pipeline.disclosure import (
    MARK,
    DisclosureError,
    DisclosureInputError,
    DisclosureRules,
    ReportGate,
    SuppressionCounts,
    audit,
    publish_counts,
)


def _status(table):
    return table.data.set_index("group")["status"].to_dict()


def test_groups_hidden_in_one_table_are_hidden_in_later_tables(tidy, rules):
    gate = ReportGate(rules, report="r")
    first = tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (8, 2)},
                 indicator="discr_ja")
    second = tidy("gender", {"man": (50, 30), "vrouw": (62, 35), "non-binair": (8, 5)},
                  indicator="ub_any")
    gate.publish_estimates(first, "t1", "Discriminatie")
    later = gate.publish_estimates(second, "t2", "Ongewenst gedrag")
    assert _status(later) == {"man": "secondary", "vrouw": "shown", "non-binair": "primary"}
    third = tidy("gender", {"man": (500, 30), "vrouw": (620, 35), "non-binair": (80, 5)},
                 indicator="ub_pesten")
    carried = gate.publish_estimates(third, "t3", "Pesten")
    assert _status(carried) == {"man": "secondary", "vrouw": "shown", "non-binair": "secondary"}


def test_other_waves_and_breakdowns_are_not_affected(tidy, rules):
    gate = ReportGate(rules)
    gate.publish_estimates(
        tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (8, 2)}), "t1", "x")
    other_wave = gate.publish_estimates(
        tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (80, 2)}, wave=2026),
        "t2", "x")
    # nothing carried over from wave 2024; the percentages of 6, 9 and 2 fall to the
    # numerator rule, which keeps n shown
    assert _status(other_wave) == {"man": "numerator", "vrouw": "numerator",
                                   "non-binair": "numerator"}
    assert other_wave.suppressed.primary + other_wave.suppressed.secondary == 0


def test_later_table_cannot_hide_what_an_earlier_table_showed(tidy, rules):
    gate = ReportGate(rules, report="r")
    gate.publish_estimates(tidy("gender", {"a": (40, 4), "b": (50, 5), "c": (60, 6)},
                                indicator="ub_any"), "t1", "x")
    second = tidy("gender", {"a": (40, 4), "b": (50, 5), "c": (5, 1)}, indicator="discr_ja")
    with pytest.raises(DisclosureError, match=r"'t2'.*'r'.*t1.*reserve"):
        gate.publish_estimates(second, "t2", "y")


def test_reserve_shares_hidden_groups_in_both_directions(tidy, rules):
    first = tidy("gender", {"a": (40, 4), "b": (50, 5), "c": (60, 6)}, indicator="ub_any")
    second = tidy("gender", {"a": (40, 4), "b": (50, 5), "c": (5, 1)}, indicator="discr_ja")
    gate = ReportGate(rules)
    gate.reserve(first)
    gate.reserve(second)
    t1 = gate.publish_estimates(first, "t1", "x")
    t2 = gate.publish_estimates(second, "t2", "y")
    # b's 10% of 50 (5 respondents) falls to the numerator rule; its n stays shown
    assert _status(t1) == {"a": "secondary", "b": "numerator", "c": "secondary"}
    assert _status(t2) == {"a": "secondary", "b": "numerator", "c": "primary"}
    assert gate.audit() == []


def test_two_way_published_earlier_blocks_hiding_its_groups_later(tidy, rules):
    gate = ReportGate(rules)
    two_way = tidy("herkomst × gender", {"NL × man": (40, 4), "NL × vrouw": (30, 3),
                                         "Europa × man": (12, 2), "Europa × vrouw": (30, 3)})
    gate.publish_estimates(two_way, "kruising", "x")
    one_way = tidy("herkomst", {"NL": (70, 7), "Europa": (42, 5), "Buiten-Europa": (6, 1)})
    with pytest.raises(DisclosureError, match="kruising"):
        gate.publish_estimates(one_way, "herkomst", "y")


def test_crosstabs_of_one_population_share_their_margins(rules):
    gate = ReportGate(rules)
    band = pd.Index(["1-6", "7-11", "12+"], name="schaal_band")
    totals = gate.publish_counts(pd.DataFrame({"n": [7, 90, 95]}, index=band), "t1",
                                 "Staf naar schaal", population="hr-2024")
    assert list(totals.display["n"]) == [MARK, MARK, "95", "192"]
    by_gender = pd.DataFrame({"man": [3, 40, 45], "vrouw": [4, 50, 50]}, index=band)
    crosstab = gate.publish_counts(by_gender, "t2", "Staf naar geslacht",
                                   population="hr-2024")
    # the one-column table's cells are the crosstab's row totals: same keys, same suppression
    assert set(totals.audit_view.keys) <= set(crosstab.audit_view.keys)
    assert list(crosstab.display["Totaal"]) == [MARK, MARK, "95", "192"]
    assert gate.audit() == []


def test_joint_audit_catches_a_margin_shown_in_one_table_and_hidden_in_another(rules):
    band = pd.Index(["1-6", "7-11", "12+"], name="schaal_band")
    shown = publish_counts(pd.DataFrame({"n": [12, 90, 95]}, index=band), rules, "t1", "x",
                           population="hr")
    hidden = publish_counts(pd.DataFrame({"n": [12, 90, 95]}, index=band),
                            DisclosureRules(hr_min_n=13, round_count=1), "t2", "x",
                            population="hr")
    assert hidden.display["n"].iloc[0] == MARK
    assert audit([hidden]) == []
    findings = audit([shown, hidden])
    assert {f.cell for f in findings} == {"1-6 / n", "7-11 / n"}
    assert {f.table for f in findings} == {"t2"}


def test_summary_and_methods_text(tidy):
    rules = DisclosureRules(survey_min_n=12, group_disclosure_max_n=40, round_count=1)
    gate = ReportGate(rules)
    gate.publish_estimates(
        tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (11, 2)}), "t1", "x")
    gate.publish_estimates(tidy("disability", {"ja": (30, 0), "nee": (90, 9)}), "t2", "y")
    # vrouw (9 of 62) and disability nee (9 of 90) fall to the numerator rule
    assert gate.summary() == SuppressionCounts(primary=1, secondary=1, group=1, numerator=2)
    text = gate.methods_text()
    assert "minder dan 12 respondenten" in text
    assert "groep van minder dan 40 respondenten" in text
    assert "5 cellen niet getoond: 1 wegens te weinig waarnemingen, 1 omdat" in text
    assert "en 2 omdat het percentage een te klein aantal" in text


def test_duplicate_table_names_are_rejected(tidy, rules):
    gate = ReportGate(rules)
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9)})
    gate.publish_estimates(frame, "t1", "x")
    with pytest.raises(DisclosureInputError, match="'t1'"):
        gate.publish_estimates(frame, "t1", "x")


def test_rules_must_be_rules():
    with pytest.raises(DisclosureInputError, match="rules"):
        ReportGate({"survey_min_n": 10})  # type: ignore[arg-type]


def test_tables_are_kept_in_order(tidy, rules):
    gate = ReportGate(rules)
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9)})
    gate.publish_estimates(frame, "a", "x")
    gate.publish_counts(pd.DataFrame({"n": [12, 30]}, index=["p", "q"]), "b", "y")
    assert [t.name for t in gate.tables] == ["a", "b"]
