from __future__ import annotations

import pandas as pd
import pytest

from pipeline.disclosure import (
    MARK,
    DisclosureInputError,
    DisclosureRules,
    publish_estimates,
)


def _by_group(table):
    return {row["Groep"]: row for row in table.display.to_dict("records")}


@pytest.mark.parametrize(("n", "hidden"), [(9, True), (10, False), (11, False)])
def test_primary_boundary_through_the_gate(tidy, rules, n, hidden):
    frame = tidy("gender", {"man": (40, 10), "vrouw": (50, 20), "non-binair": (n, 2)})
    table = publish_estimates(frame, rules, "t", "Discriminatie")
    shown = _by_group(table)["non-binair"]
    assert (shown["n"] == MARK) is hidden
    # 2 of 10 or 11: shown n, but the percentage gives away 2 (the numerator rule)
    assert shown["Percentage"] == MARK
    assert table.suppressed.primary == int(hidden)
    assert table.suppressed.numerator == int(not hidden)


def test_hr_and_cbs_thresholds_apply_to_their_source(tidy):
    rules = DisclosureRules(round_count=1, cbs_min_n=250, min_breakdown_n=1)
    frame = tidy("schaal_band", {"1-6": (249, 100), "7-11": (250, 90), "12+": (900, 200)})
    table = publish_estimates(frame, rules, "t", "Herkomst", source="cbs")
    assert table.data.set_index("group")["status"].to_dict() == {
        "1-6": "primary", "7-11": "secondary", "12+": "shown",
    }
    survey = publish_estimates(frame, rules, "t", "Herkomst", source="survey")
    assert survey.suppressed.cells == 0


def test_single_small_group_gets_a_complementary_group(tidy, rules):
    # n's add up to the totaal row: hiding only non-binair would leave 120 - 50 - 62 = 8
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (8, 2)}, total=120)
    table = publish_estimates(frame, rules, "t", "Discriminatie")
    rows = _by_group(table)
    assert rows["non-binair"]["n"] == MARK
    assert rows["man"]["n"] == MARK  # the smallest other group
    assert rows["vrouw"]["n"] == "62"
    assert rows["Totaal"]["n"] == "120"
    assert (table.suppressed.primary, table.suppressed.secondary) == (1, 1)


def test_complement_is_chosen_even_without_a_totaal_row(tidy, rules):
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (8, 2)})
    table = publish_estimates(frame, rules, "t", "Discriminatie")
    assert table.suppressed.secondary == 1


@pytest.mark.parametrize(("n", "flagged"), [(49, True), (50, False)])
def test_group_disclosure_hides_the_estimate_but_not_n(tidy, rules, n, flagged):
    frame = tidy("disability", {"ja": (n, 0), "nee": (400, 60)})
    table = publish_estimates(frame, rules, "t", "Discriminatie")
    row = _by_group(table)["ja"]
    assert (row["Percentage"] == MARK) is flagged
    assert (row["95%-interval"] == MARK) is flagged
    assert row["n"] == str(n)
    assert table.suppressed.group == int(flagged)


def test_group_disclosure_of_100_percent(tidy, rules):
    frame = tidy("disability", {"ja": (30, 30), "nee": (400, 60)})
    table = publish_estimates(frame, rules, "t", "Discriminatie")
    assert _by_group(table)["ja"]["Percentage"] == MARK


@pytest.mark.parametrize(("total", "dropped"), [(29, True), (30, False), (31, False)])
def test_breakdown_with_too_few_respondents_is_dropped(tidy, rules, total, dropped):
    frame = pd.concat([
        tidy("gender", {"man": (300, 40), "vrouw": (400, 60)}, total=700),
        tidy("lhbtiq", {"ja": (total - 15, 3), "nee": (15, 2)}),
    ])
    table = publish_estimates(frame, rules, "t", "Discriminatie")
    shown = set(table.data["breakdown"])
    assert ("lhbtiq" not in shown) is dropped
    assert table.suppressed.dropped == int(dropped)
    assert any("lhbtiq" in note for note in table.notes) is dropped


def _two_way(tidy, cells):
    frame = tidy("herkomst × gender", {f"{h} × {g}": v for (h, g), v in cells.items()})
    return frame


def test_two_way_shown_when_every_cell_passes(tidy, rules):
    frame = _two_way(tidy, {("NL", "man"): (40, 4), ("NL", "vrouw"): (10, 1),
                      ("Europa", "man"): (12, 2), ("Europa", "vrouw"): (30, 3)})
    table = publish_estimates(frame, rules, "t", "Kruising")
    assert len(table.display) == 4
    assert table.suppressed.withheld == 0


def test_two_way_withheld_entirely_when_one_cell_fails(tidy, rules):
    frame = _two_way(tidy, {("NL", "man"): (40, 4), ("NL", "vrouw"): (9, 1),
                      ("Europa", "man"): (12, 2), ("Europa", "vrouw"): (30, 3)})
    table = publish_estimates(frame, rules, "t", "Kruising")
    assert len(table.display) == 0
    assert table.suppressed.withheld == 1
    assert table.suppressed.primary == 0
    assert any("herkomst × gender" in note and "niet getoond" in note for note in table.notes)


def test_two_way_withheld_when_a_one_way_group_is_hidden(tidy, rules):
    one_way = tidy("gender", {"man": (60, 6), "vrouw": (70, 9), "non-binair": (20, 2)},
                   total=150)
    one_way_small = one_way.assign(n=one_way["n"].where(one_way["group"] != "non-binair", 8))
    two_way = _two_way(tidy, {("NL", "man"): (40, 4), ("NL", "vrouw"): (30, 1),
                        ("NL", "non-binair"): (10, 1)})
    table = publish_estimates(pd.concat([one_way_small, two_way]), rules, "t", "x")
    assert table.suppressed.withheld == 1
    assert not table.data["breakdown"].str.contains("×").any()


def test_dutch_display_with_decimals(tidy):
    rules = DisclosureRules(round_percent=1, round_count=5)
    frame = tidy("gender", {"man": (1234, 152), "vrouw": (2001, 300)}, total=3235)
    table = publish_estimates(frame, rules, "t", "x")
    row = _by_group(table)["man"]
    assert row["Percentage"] == "12,3%"
    assert row["n"] == "1.235"
    assert row["95%-interval"] == "7,3%–17,3%"


def test_means_are_shown_as_numbers(tidy, rules):
    frame = tidy("gender", {"man": (40, 0), "vrouw": (50, 0)})
    frame = frame.assign(n_pos=pd.array([pd.NA, pd.NA], dtype="Int64"), estimate=[5.25, 4.9],
                         ci_low=[5.0, 4.6], ci_high=[5.5, 5.2], indicator="ps_score")
    table = publish_estimates(frame, rules, "t", "Psychologische veiligheid")
    assert list(table.display["Gemiddelde"]) == ["5,3", "4,9"]
    assert table.suppressed.group == 0


def test_key_columns_are_shown_only_when_they_vary(tidy, rules):
    frame = pd.concat([tidy("gender", {"man": (40, 4), "vrouw": (50, 5)}, wave=w)
                       for w in (2024, 2026)])
    table = publish_estimates(frame, rules, "t", "x")
    assert list(table.display.columns) == ["Jaar", "Groep", "Percentage", "95%-interval", "n"]


def test_hidden_groups_are_shared_across_indicators_of_one_table(tidy, rules):
    frame = pd.concat([
        tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (8, 2)}, indicator="a"),
        tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (12, 2)}, indicator="b"),
    ])
    table = publish_estimates(frame, rules, "t", "x")
    status = table.data.set_index(["indicator", "group"])["status"]
    assert status[("b", "non-binair")] == "secondary"
    assert status[("b", "man")] == "secondary"


def test_input_frame_is_not_mutated(tidy, rules):
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (8, 2)}, total=120)
    before = frame.copy()
    publish_estimates(frame, rules, "t", "x")
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize("column", ["n", "group", "n_pos", "ci_low"])
def test_missing_column_is_named(tidy, rules, column):
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9)}).drop(columns=column)
    with pytest.raises(DisclosureInputError, match=column):
        publish_estimates(frame, rules, "t", "x")


def test_bad_counts_are_rejected(tidy, rules):
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9)})
    with pytest.raises(DisclosureInputError, match="'n_pos'"):
        publish_estimates(frame.assign(n_pos=[60, 9]), rules, "t", "x")
    with pytest.raises(DisclosureInputError, match="'n'"):
        publish_estimates(frame.assign(n=[-1, 62]), rules, "t", "x")


def test_groups_exceeding_the_total_are_rejected(tidy, rules):
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9)}, total=100)
    with pytest.raises(DisclosureInputError, match="'gender'"):
        publish_estimates(frame, rules, "t", "x")


def test_a_table_without_total_row_hides_a_small_group_alone(tidy):
    """No 'totaal' row: the reader sees no total, so hiding the one small group protects it.

    (Found on a municipality whose schaal 15+ is below the CBS threshold: the table of 15+ alone
    used to claim the same implicit total as the table of every band, and the audit stopped.)
    """
    rules = DisclosureRules(min_breakdown_n=1, round_count=1)
    frame = tidy("manager", {"ja": (7, 1)}).assign(indicator="x")
    table = publish_estimates(frame, rules, "tabel_a", "x")
    assert table.suppressed.primary == 1
    assert ">7<" not in table.to_html()


def test_a_subset_table_does_not_conflict_with_the_full_table():
    from pipeline.disclosure.gate import ReportGate

    def rows(groups, n):
        return pd.DataFrame({"wave": 2028, "indicator": "aandeel", "breakdown": "Salarisschaal",
                             "group": groups, "estimate": 0.25, "se": float("nan"),
                             "ci_low": float("nan"), "ci_high": float("nan"), "ci_method": "",
                             "n": n, "n_pos": [round(0.25 * m) for m in n], "flags": ""})

    gate = ReportGate(DisclosureRules(), report="t")
    gate.publish_estimates(rows(["9-11", "12-14", "15+"], [1325, 663, 83]), name="a",
                           caption="a", source="cbs")
    alone = gate.publish_estimates(rows(["15+"], [83]), name="b", caption="b", source="cbs")
    assert alone.suppressed.primary == 1


def test_a_row_the_source_withheld_does_not_make_percentages_an_outcome():
    """Issue 15: a cluster row CBS withheld (no share, no count) left the value row "Uitkomst".

    The figures are percentages because every row that has one is a share; a row without a
    figure says nothing about what the column holds.
    """
    from pipeline.disclosure.display import wide_frames
    from pipeline.disclosure.estimates import plan_estimates

    nan = float("nan")
    t = pd.DataFrame({"wave": [2024, 2026] * 3, "indicator": "x", "breakdown": "cluster",
                      "group": ["A", "A", "B", "B", "C", "C"],
                      "estimate": [0.19, 0.22, nan, nan, 0.20, 0.21], "ci_low": nan,
                      "ci_high": nan, "n": [535, 545, 180, 190, 1005, 1025],
                      "n_pos": [102, 120, nan, nan, 201, 215]})
    rules = DisclosureRules()
    display, _ = wide_frames(plan_estimates(t, rules, "cbs"), rules, "cbs")
    assert sorted(set(display["Cijfer"])) == ["Percentage", "n"]
    assert display.loc[display["Groep"] == "C", "2026"].tolist() == ["21%", "1.025"]
