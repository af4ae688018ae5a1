"""The numerator and complement rules and distribution shares, through the gate.

Hand-worked tables (the "11%; n 10" case, a large group whose rounding protects, a weighted
estimate far from n_pos / n, the complement), boundaries at threshold - 1 and threshold, and
property tests on random tables: what the gate shows never lets a reader pin a numerator or
complement in [1, threshold - 1], and a distribution block never holds exactly one hidden share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.analysis.response import margin_shares
from pipeline.disclosure import (
    MARK,
    DisclosureInputError,
    DisclosureRules,
    SuppressionCounts,
    publish_estimates,
)
from pipeline.disclosure.implied import count_values, implied_ranges, inside, reader_ranges
from pipeline.disclosure.numerator import discloses_numerator

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _rows(table):
    return {row["Groep"]: row for row in table.display.to_dict("records")}


def _status(table):
    return table.data.set_index("group")["status"].to_dict()


# --- the numerator rule on hand-made tables -------------------------------------------------


def test_eleven_percent_of_n_10_is_hidden(tidy):
    """The reviewer's case: "Europa × 15+; 11%; n 10" says about one person."""
    rules = DisclosureRules()  # counts rounded to 5
    frame = tidy("herkomst × schaal", {"Europa × 15+": (11, 1), "NL × 15+": (60, 20)})
    frame.loc[frame["group"] == "Europa × 15+", "estimate"] = 0.11  # weighted
    table = publish_estimates(frame, rules, "t", "Discriminatie")
    row = _rows(table)["Europa × 15+"]
    assert row["Percentage"] == MARK and row["95%-interval"] == MARK
    assert row["n"] == "10"                       # n stays shown
    assert _status(table)["Europa × 15+"] == "numerator"
    assert table.suppressed == SuppressionCounts(numerator=1)
    assert _rows(table)["NL × 15+"]["Percentage"] == "33%"


def test_a_large_group_with_3_percent_is_shown_when_the_rounding_protects(tidy):
    rules = DisclosureRules()
    frame = tidy("gender", {"man": (300, 9), "vrouw": (400, 100)})
    table = publish_estimates(frame, rules, "t", "x")
    row = _rows(table)["man"]
    # n 300 (298 to 302) and 3% allow 8 to 10 respondents: not pinned below 10
    assert (row["Percentage"], row["n"]) == ("3%", "300")
    assert implied_ranges(count_values(300, 5, 10), "3%", 0)[0] == (8, 10)
    assert table.suppressed.numerator == 0


def test_the_same_3_percent_is_hidden_when_the_display_pins_it(tidy):
    # 3 of 100: "3%" of n 100 (98 to 102) can only be 3 respondents
    frame = tidy("gender", {"man": (100, 3), "vrouw": (400, 100)})
    table = publish_estimates(frame, DisclosureRules(), "t", "x")
    assert _status(table)["man"] == "numerator"


def test_a_weighted_estimate_far_from_n_pos_over_n_is_caught_by_what_it_implies(tidy):
    """40 of 400 have the outcome, but the weighted 1% implies 2 to 6: hidden (clause ii)."""
    rules = DisclosureRules()
    frame = tidy("gender", {"man": (400, 40), "vrouw": (400, 100)})
    frame.loc[frame["group"] == "man", "estimate"] = 0.01
    table = publish_estimates(frame, rules, "t", "x")
    assert _status(table) == {"man": "numerator", "vrouw": "shown"}
    assert discloses_numerator(400, 40, 0.01, rules, "survey")
    assert not discloses_numerator(400, 40, 0.10, rules, "survey")


def test_a_weighted_estimate_that_is_no_k_over_n_is_hidden_when_the_count_is_small(tidy):
    # 4% of 12 is no whole count (4% of 12 = 0.48): the true 1 is not protected by that
    frame = tidy("gender", {"man": (12, 1), "vrouw": (400, 100)})
    frame.loc[frame["group"] == "man", "estimate"] = 0.04
    table = publish_estimates(frame, DisclosureRules(round_count=1), "t", "x")
    assert _status(table)["man"] == "numerator"


def test_nearly_everybody_is_the_complement_rule(tidy):
    rules = DisclosureRules()
    frame = tidy("gender", {"man": (300, 297), "vrouw": (2000, 1995), "x": (400, 300)})
    table = publish_estimates(frame, rules, "t", "x")
    # 99% of 298-302 leaves 2 to 4 without the outcome; >99% of 1998-2002 leaves 1 to 10
    assert _status(table) == {"man": "numerator", "vrouw": "shown", "x": "shown"}
    assert _rows(table)["vrouw"]["Percentage"] == ">99%"


@pytest.mark.parametrize(("n_pos", "hidden"), [(9, True), (10, False), (11, False),
                                               (89, False), (90, False), (91, True)])
def test_boundary_of_numerator_and_complement(tidy, rules, n_pos, hidden):
    # n 100 unrounded: the percentage pins the numerator exactly
    frame = tidy("gender", {"man": (100, n_pos), "vrouw": (400, 200)})
    table = publish_estimates(frame, rules, "t", "x")
    assert (_rows(table)["man"]["Percentage"] == MARK) is hidden
    assert _rows(table)["man"]["n"] == "100"
    assert table.suppressed.numerator == int(hidden)


@pytest.mark.parametrize(("min_numerator", "min_complement", "n_pos", "hidden"),
                         [(5, 10, 4, True), (5, 10, 5, False), (10, 5, 96, True),
                          (10, 5, 95, False), (12, 10, 11, True)])
def test_thresholds_come_from_the_rules(tidy, min_numerator, min_complement, n_pos, hidden):
    rules = DisclosureRules(round_count=1, min_numerator=min_numerator,
                            min_complement=min_complement)
    frame = tidy("gender", {"man": (100, n_pos), "vrouw": (400, 200)})
    table = publish_estimates(frame, rules, "t", "x")
    assert (_status(table)["man"] == "numerator") is hidden


@pytest.mark.parametrize(("source", "n", "n_pos"), [("hr", 20, 3), ("cbs", 300, 6)])
def test_the_rule_applies_to_every_source(tidy, source, n, n_pos):
    rules = DisclosureRules(min_breakdown_n=1)
    frame = tidy("schaal", {"a": (n, n_pos), "b": (900, 300)})
    table = publish_estimates(frame, rules, "t", "x", source=source)
    assert _status(table) == {"a": "numerator", "b": "shown"}


@pytest.mark.parametrize(("n", "n_pos", "status"), [(30, 0, "group"), (30, 30, "group"),
                                                    (60, 0, "shown"), (60, 60, "shown")])
def test_exact_zero_and_everybody_stay_with_the_group_rule(tidy, rules, n, n_pos, status):
    frame = tidy("disability", {"ja": (n, n_pos), "nee": (400, 200)})
    assert _status(publish_estimates(frame, rules, "t", "x"))["ja"] == status


def test_means_are_untouched(tidy, rules):
    frame = tidy("gender", {"man": (12, 1), "vrouw": (50, 1)})
    frame = frame.assign(n_pos=pd.array([pd.NA, pd.NA], dtype="Int64"), estimate=[0.11, 0.02],
                         indicator="ps_score")
    table = publish_estimates(frame, rules, "t", "x")
    assert set(_status(table).values()) == {"shown"}


def test_a_numerator_hidden_group_keeps_its_n_for_later_tables(tidy, rules):
    from pipeline.disclosure import ReportGate

    gate = ReportGate(rules)
    first = gate.publish_estimates(tidy("gender", {"man": (100, 3), "vrouw": (400, 100)}),
                                   "t1", "x")
    assert _status(first)["man"] == "numerator"
    assert not gate.hidden_groups  # n was shown: later tables may show it too
    later = gate.publish_estimates(
        tidy("gender", {"man": (100, 50), "vrouw": (400, 100)}, indicator="b"), "t2", "y")
    assert set(_status(later).values()) == {"shown"}
    assert gate.summary().numerator == 1


def test_the_legend_and_methods_name_the_rule_with_the_numbers_of_the_rules(tidy):
    rules = DisclosureRules(round_count=1, min_numerator=8, min_complement=12)
    table = publish_estimates(tidy("gender", {"man": (100, 3), "vrouw": (400, 100)}), rules,
                              "t", "x")
    assert "minder dan 8 respondenten met of minder dan 12 zonder de uitkomst" in table.legend


# --- distributions --------------------------------------------------------------------------


def _distribution(parts, respondents, indicator="aandeel register", breakdown="leeftijd"):
    total = sum(parts)
    return pd.DataFrame({
        "wave": 2024, "indicator": indicator, "breakdown": breakdown,
        "group": [f"g{i}" for i in range(len(parts))],
        "estimate": [p / total for p in parts], "ci_low": np.nan, "ci_high": np.nan,
        "n": respondents, "n_pos": parts, "measure": "distribution",
    })


def test_a_small_part_is_hidden_and_a_second_share_with_it(rules):
    frame = _distribution([4, 300, 120, 500], [12, 90, 40, 150])
    table = publish_estimates(frame, rules, "t", "Verdeling")
    assert list(table.data["status"]) == ["numerator", "shown", "share", "shown"]
    assert list(table.display["Percentage"]) == [MARK, "32%", MARK, "54%"]
    assert list(table.display["n"]) == ["12", "90", "40", "150"]  # n's stay shown
    assert table.suppressed == SuppressionCounts(secondary=1, numerator=1)


def test_a_primary_hidden_part_already_has_its_secondary(rules):
    # secondary suppression of the n's hides a second row (and so its share): no "share"
    frame = _distribution([30, 300, 120, 500], [8, 90, 40, 150])
    table = publish_estimates(frame, rules, "t", "Verdeling")
    assert list(table.data["status"]) == ["primary", "shown", "secondary", "shown"]


def test_two_hidden_shares_need_no_third(rules):
    frame = _distribution([4, 6, 120, 500], [12, 20, 40, 150])
    table = publish_estimates(frame, rules, "t", "Verdeling")
    assert list(table.data["status"]) == ["numerator", "numerator", "shown", "shown"]


def test_the_group_rule_does_not_apply_to_shares(rules):
    # a share of 0% (no one in the register in that part) in a small group of respondents
    frame = _distribution([0, 300, 500], [12, 20, 40])
    table = publish_estimates(frame, rules, "t", "Verdeling")
    assert list(table.data["status"]) == ["shown"] * 3
    assert table.display["Percentage"].iloc[0] == "0%"


def test_a_part_may_count_more_than_the_respondents_but_must_be_given(rules):
    frame = _distribution([40, 300], [12, 20])
    assert publish_estimates(frame, rules, "t", "x").suppressed.cells == 0
    with pytest.raises(DisclosureInputError, match="distribution"):
        publish_estimates(frame.assign(n_pos=[40, None]), rules, "t", "x")
    with pytest.raises(DisclosureInputError, match="'n_pos' exceeds"):
        publish_estimates(frame.drop(columns="measure"), rules, "t", "x")


def test_margin_shares_go_through_the_gate_as_distributions():
    weighting = {"margins": [
        {"margin": "gender", "category": "X", "population": 6, "weighted": 6.0, "respondents": 3},
        {"margin": "gender", "category": "M", "population": 900, "weighted": 900.4,
         "respondents": 260},
        {"margin": "gender", "category": "V", "population": 1100, "weighted": 1099.6,
         "respondents": 420}]}
    frame = margin_shares(weighting, "gender", 2024)
    assert set(frame["measure"]) == {"distribution"}
    # categories in the variable's order (M, V, X), not the input's
    assert frame["n_pos"].tolist() == [900, 1100, 6, 260, 420, 3, 900, 1100, 6]
    table = publish_estimates(frame, DisclosureRules(min_breakdown_n=1), "t", "x")
    status = table.data.groupby("indicator")["status"].apply(list).to_dict()
    # X: 3 respondents (primary), M hidden with it (secondary): two hidden shares per block
    assert status == {ind: ["secondary", "shown", "primary"] for ind in
                      ("aandeel register", "aandeel respondenten", "aandeel gewogen")}
    assert table.suppressed.group == 0


def test_margin_shares_hide_a_second_share_next_to_a_small_weighted_part(rules):
    # a category with enough respondents but a weighted count below the threshold
    weighting = {"margins": [
        {"margin": "g", "category": "a", "population": 14, "weighted": 8.6, "respondents": 11},
        {"margin": "g", "category": "b", "population": 300, "weighted": 305.4,
         "respondents": 90},
        {"margin": "g", "category": "c", "population": 500, "weighted": 500.0,
         "respondents": 150}]}
    table = publish_estimates(margin_shares(weighting, "g", 2024), rules, "t", "x")
    status = table.data.groupby("indicator", sort=False)["status"].apply(list).to_dict()
    assert status == {"aandeel register": ["shown"] * 3,
                      "aandeel respondenten": ["shown"] * 3,
                      "aandeel gewogen": ["numerator", "share", "shown"]}


# --- properties -----------------------------------------------------------------------------


@st.composite
def proportion_tables(draw):
    k = draw(st.integers(1, 6))
    groups = {}
    estimates = []
    for i in range(k):
        n = draw(st.integers(0, 400))
        n_pos = draw(st.integers(0, n))
        groups[f"g{i}"] = (n, n_pos)
        mode = draw(st.sampled_from(["exact", "weighted", "far"]))
        if n == 0 or n_pos in (0, n) or mode == "exact":
            estimates.append(None)
        elif mode == "weighted":
            estimates.append(min(max(n_pos / n * draw(st.floats(0.5, 2.0)), 1e-4), 1 - 1e-4))
        else:
            estimates.append(draw(st.floats(1e-4, 1 - 1e-4)))
    rules = DisclosureRules(
        round_count=draw(st.sampled_from([1, 5])),
        round_percent=draw(st.sampled_from([0, 1])),
        min_numerator=draw(st.sampled_from([5, 10])),
        min_complement=draw(st.sampled_from([5, 10])),
        min_breakdown_n=1,
    )
    with_total = draw(st.booleans())
    source = draw(st.sampled_from(["survey", "hr"]))
    return groups, estimates, rules, with_total, source


@SETTINGS
@given(case=proportion_tables())
def test_what_the_gate_shows_never_pins_a_small_numerator_or_complement(tidy_builder, case):
    groups, estimates, rules, with_total, source = case
    total = sum(n for n, _ in groups.values()) + 3 if with_total else None
    frame = tidy_builder("gender", groups, total=total)
    for g, estimate in zip(groups, estimates, strict=True):
        if estimate is not None:
            frame.loc[frame["group"] == g, "estimate"] = estimate
    frame["estimate"] = frame["estimate"].fillna(0.0)
    table = publish_estimates(frame, rules, "t", "x", source=source)
    truth = frame.set_index("group")
    floor = rules.min_n(source)
    t_num, t_comp = rules.min_numerator, rules.min_complement
    for shown, row in zip(table.display.to_dict("records"), table.data.itertuples(), strict=True):
        percent = shown["Percentage"]
        if percent in (MARK, ""):
            continue
        counts = count_values(int(shown["n"].replace(".", "")), rules.round_count, floor)
        numerator, complement = implied_ranges(counts, percent, rules.round_percent)
        assert not inside(numerator, t_num) and not inside(complement, t_comp)
        guessed = reader_ranges(counts, percent, rules.round_percent)
        assert not inside(guessed[0], t_num) and not inside(guessed[1], t_comp)
        n, n_pos = truth.loc[row.group, ["n", "n_pos"]]
        if 1 <= n_pos <= t_num - 1:
            assert numerator is not None and numerator[1] >= t_num
        if 1 <= n - n_pos <= t_comp - 1:
            assert complement is not None and complement[1] >= t_comp


@st.composite
def distribution_blocks(draw):
    k = draw(st.integers(1, 6))
    blocks = draw(st.integers(1, 3))
    frames = []
    respondents = draw(st.lists(st.integers(0, 80), min_size=k, max_size=k))
    for b in range(blocks):
        parts = draw(st.lists(st.integers(0, 60), min_size=k, max_size=k))
        if sum(parts) == 0:
            parts[0] = 1
        frames.append(_distribution(parts, respondents, indicator=f"aandeel {b}"))
    return pd.concat(frames, ignore_index=True)


@SETTINGS
@given(frame=distribution_blocks(), round_count=st.sampled_from([1, 5]))
def test_a_distribution_block_never_holds_exactly_one_hidden_share(frame, round_count):
    rules = DisclosureRules(round_count=round_count, min_breakdown_n=1)
    table = publish_estimates(frame, rules, "t", "x")
    data = table.data
    for _, block in data.groupby(["wave", "indicator", "breakdown"]):
        # a lone share is 100%: nothing to hide with it
        assert (block["status"] != "shown").sum() != 1 or len(block) == 1
    truth = frame.set_index(["indicator", "group"])["n_pos"]
    for row in data.itertuples():
        part = truth[(row.indicator, row.group)]
        if 1 <= part < rules.survey_min_n:
            assert row.status != "shown"
        if row.status == "shown":
            assert not np.isnan(row.estimate)
    assert table.suppressed.group == 0
