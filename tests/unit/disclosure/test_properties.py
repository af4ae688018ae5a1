"""Property-based tests of the gate on random tables with margins.

After the gate: (a) no suppressed cell is recoverable (the LP audit, plus independent checks),
(b) no published count is below the threshold, (c) cells that needed no suppression are
published unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.disclosure import MARK, DisclosureRules, audit, publish_counts, publish_estimates
from pipeline.disclosure.rounding import round_count

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
RULES = DisclosureRules(round_count=1)
THRESHOLD = RULES.hr_min_n


@st.composite
def crosstabs(draw):
    rows = draw(st.integers(2, 6))
    cols = draw(st.integers(2, 6))
    values = draw(st.lists(st.integers(0, 60), min_size=rows * cols, max_size=rows * cols))
    return pd.DataFrame(np.array(values).reshape(rows, cols),
                        index=[f"r{i}" for i in range(rows)],
                        columns=[f"c{j}" for j in range(cols)])


def _with_margins(counts: pd.DataFrame) -> pd.DataFrame:
    full = counts.copy()
    full["Totaal"] = full.sum(axis=1)
    full.loc["Totaal"] = full.sum(axis=0)
    return full


@SETTINGS
@given(counts=crosstabs())
def test_crosstab_after_the_gate(counts):
    before = counts.copy()
    table = publish_counts(counts, RULES, "t", "x")
    pd.testing.assert_frame_equal(counts, before)  # input not mutated
    truth = _with_margins(counts)
    shown = table.display.set_index("")
    assert list(shown.index) == list(truth.index)
    assert list(shown.columns) == list(truth.columns)
    hidden = shown == MARK
    # (a) the audit recovers nothing ...
    assert audit([table]) == []
    # ... and, independently: no row or column (margins included) holds exactly one hidden cell
    assert not (hidden.sum(axis=1) == 1).any()
    assert not (hidden.sum(axis=0) == 1).any()
    # (b) every published count is at least the threshold; every small cell is hidden
    published = truth.where(~hidden)
    assert (published.stack().dropna() >= THRESHOLD).all()
    assert hidden[truth < THRESHOLD].stack().all()
    # (c) cells not hidden are unchanged
    for r in truth.index:
        for c in truth.columns:
            if not hidden.loc[r, c]:
                assert shown.loc[r, c] == f"{truth.loc[r, c]:,}".replace(",", ".")
    # the counts by reason match the marks
    assert table.suppressed.cells == int(hidden.to_numpy().sum())
    assert table.suppressed.primary == int((truth < THRESHOLD).to_numpy().sum())


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=crosstabs())
def test_crosstab_with_rounding_never_shows_a_count_below_the_threshold(counts):
    rules = DisclosureRules(round_count=5)
    table = publish_counts(counts, rules, "t", "x")
    truth = _with_margins(counts)
    shown = table.display.set_index("")
    hidden = shown == MARK
    for r in truth.index:
        for c in truth.columns:
            if not hidden.loc[r, c]:
                value = int(shown.loc[r, c].replace(".", ""))
                assert value >= rules.hr_min_n
                assert value == round_count(truth.loc[r, c], 5, floor=rules.hr_min_n)


@st.composite
def breakdowns(draw):
    k = draw(st.integers(2, 7))
    n = draw(st.lists(st.integers(0, 60), min_size=k, max_size=k))
    missing = draw(st.integers(0, 5))
    with_total = draw(st.booleans())
    return n, missing, with_total


@SETTINGS
@given(case=breakdowns())
def test_one_way_breakdown_after_the_gate(tidy_builder, case):
    n, missing, with_total = case
    groups = {f"g{i}": (v, v // 2) for i, v in enumerate(n)}
    total = sum(n) + missing if with_total else None
    frame = tidy_builder("gender", groups, total=total)
    table = publish_estimates(frame, RULES, "t", "x")
    data = table.data
    rows = data[data["breakdown"] == "gender"]
    if sum(n) < RULES.min_breakdown_n:
        assert rows.empty and table.suppressed.dropped == 1
        return
    by_group = rows.set_index("group")
    hidden = [g for g in groups if by_group.loc[g, "status"] in ("primary", "secondary")]
    # (a) the audit recovers nothing, and independently: the hidden groups' n's are only
    # known through their sum (the total minus the shown groups and the known residual),
    # so each ranges over [0, that sum]: it must span the protection interval
    assert audit([table]) == []
    if hidden:
        assert len(hidden) >= 2
        assert sum(groups[g][0] for g in hidden) >= RULES.protection_interval
    # (b) every shown n is at least the threshold; (c) and unchanged
    for g, (count, _) in groups.items():
        if g in hidden:
            assert np.isnan(by_group.loc[g, "n"])
        else:
            assert by_group.loc[g, "n"] == count >= RULES.survey_min_n
        if count < RULES.survey_min_n:
            assert g in hidden
    # cells that needed no suppression stay shown: with nothing small, nothing is hidden
    if min(n) >= RULES.survey_min_n:
        assert hidden == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=breakdowns(), second=st.lists(st.integers(0, 60), min_size=7, max_size=7))
def test_report_gate_keeps_tables_of_one_breakdown_consistent(tidy_builder, case, second):
    """Two indicators of one breakdown, reserved then published: a group hidden in one table
    is hidden in the other, and the report audit passes."""
    from pipeline.disclosure import ReportGate

    n, _, _ = case
    first = tidy_builder("gender", {f"g{i}": (v, 0) for i, v in enumerate(n)}, indicator="a")
    other = tidy_builder("gender", {f"g{i}": (max(v, w), 0) for i, (v, w)
                                    in enumerate(zip(n, second, strict=False))}, indicator="b")
    gate = ReportGate(RULES)
    gate.reserve(first)
    gate.reserve(other)
    t1 = gate.publish_estimates(first, "t1", "x")
    t2 = gate.publish_estimates(other, "t2", "y")
    assert gate.audit() == []
    hide = ("primary", "secondary")
    s1 = t1.data.set_index("group")["status"].isin(hide)
    s2 = t2.data.set_index("group")["status"].isin(hide)
    common = s1.index.intersection(s2.index)
    assert (s1[common] == s2[common]).all()
