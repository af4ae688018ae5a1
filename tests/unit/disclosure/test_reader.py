"""The reader's audit: rounding intervals, implied numerators and the stock-flow identity."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from pipeline.disclosure import DisclosureRules, audit, publish_counts, publish_estimates
from pipeline.disclosure.counts import count_key
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.reader import reader_audit, reader_view, shown_interval

FLOWS = pd.DataFrame(
    {"bezetting": [2400, 322], "instroom": [550, 14], "doorstroom": [0, 10],
     "uitstroom": [170, 4]},
    index=pd.Index(["1-5", "15+"], name="band"))


def stock_flow(population: str, before: tuple, after: tuple) -> AuditView:
    cells = [count_key(population, "band", "kolom", "15+", c)
             for c in ("bezetting", "instroom", "doorstroom", "uitstroom")]
    keys = (*cells, before, after, ("structuur", "totaal-in"))
    return AuditView(keys=keys, labels=tuple(str(k[-1]) for k in keys),
                     values=(None,) * len(keys),
                     constraints=(((0,), 4), ((0, 1, 2), 6), ((5, 3), 6)))


def staff(year: int, n: int, rules: DisclosureRules):
    frame = pd.DataFrame({"wave": year, "indicator": "aandeel", "base": "register",
                          "breakdown": "Schaal", "group": ["15+"], "estimate": [0.25],
                          "ci_low": float("nan"), "ci_high": float("nan"), "n": [n],
                          "n_pos": [round(n / 4)]})
    return publish_estimates(frame, rules, f"staf-{year}", "Staf", source="hr")


def test_rounding_protects_what_the_unrounded_audit_would_see_pinned():
    """The 15+ uitstroom (4) is hidden; staff before (322) and after (342) are published.
    With exact values the identity pins it; with counts rounded to 5 it does not."""
    for round_count, pinned in ((1, True), (5, False)):
        rules = DisclosureRules(round_count=round_count)
        flows = publish_counts(FLOWS, rules, "stromen", "Stromen", population="p",
                               structural_zeros=frozenset({("1-5", "doorstroom")}))
        assert flows.display.set_index("band").loc["15+", "uitstroom"] == "·"
        before, after = staff(2025, 322, rules), staff(2026, 342, rules)
        identity = stock_flow("p", before.audit_view.keys[0], after.audit_view.keys[0])
        tables = [flows, before, after]
        assert reader_audit(tables) == []            # without the identity: safe
        found = reader_audit(tables, [identity])
        assert bool(found) is pinned, round_count
        if pinned:
            assert "15+ / uitstroom" in {f.cell for f in found}
    # the gate's own audit (unrounded) sees the same identity pin it at any rounding
    rules = DisclosureRules()
    flows = publish_counts(FLOWS, rules, "stromen", "Stromen", population="p",
                           structural_zeros=frozenset({("1-5", "doorstroom")}))
    before, after = staff(2025, 322, rules), staff(2026, 342, rules)
    identity = stock_flow("p", before.audit_view.keys[0], after.audit_view.keys[0])
    assert audit([flows, before, after], known=[identity]) != []


def test_a_published_count_is_its_rounding_interval():
    rules = DisclosureRules()
    table = publish_counts(pd.DataFrame({"n": [14, 300]}, index=["a", "b"]), rules, "t", "T")
    view = reader_view(table)
    assert view.values == (None,) * len(view.values)
    assert view.bounds[0] == shown_interval(14, 5, 10) == (13.0, 17.0)


def test_an_implied_numerator_pins_a_hidden_base():
    rules = DisclosureRules()
    # the gronden table hides "c" (6) and, to protect it from the total, "b" (40)
    frame = pd.DataFrame({"wave": 2024, "indicator": "grond", "base": "discr",
                          "breakdown": ["Totaal", "G", "G", "G"],
                          "group": ["Totaal", "a", "b", "c"], "estimate": .5, "ci_low": .4,
                          "ci_high": .6, "n": [346, 300, 40, 6], "n_pos": [173, 150, 20, 3]})
    grounds = publish_estimates(frame, rules, "gronden", "Gronden")
    hidden = [k for k, v in zip(grounds.audit_view.keys, grounds.audit_view.values,
                                strict=True) if v is None and k[-1] in ("b", "c")]
    assert len(hidden) == 2
    assert reader_audit([grounds]) == []
    # elsewhere "10%; n 400" of discrimination in group b says 40 (39-41) were discriminated
    implied = AuditView(keys=(hidden[0],), labels=("b",), values=(None,), constraints=(),
                        bounds=((39.0, 41.0),))
    assert {f.cell for f in reader_audit([grounds], [implied])} >= {"b"}


def _flows_item(flows: pd.DataFrame, tables=()):
    from pipeline.analysis import representation as rep
    from pipeline.disclosure.ledger import Planned
    from pipeline.report.tables import stock_flow

    item = Planned(2026, "representatie", "stromen", "Stromen", flows, kind="counts",
                   source="hr", population="p", row_totals=False,
                   structural_zeros=rep.structural_zeros(flows))
    return item, stock_flow(item, list(tables), 2026)


def _flows(uit_15: int = 6) -> pd.DataFrame:
    from pipeline.analysis import representation as rep

    rows = {"1-5": (500, 90, 0, 30, 40), "9-11": (600, 80, 30, 12, 50),
            "15+": (300, 20, 12, 0, uit_15)}
    frame = pd.DataFrame([(*v, v[0] + v[1] + v[2] - v[3] - v[4]) for v in rows.values()],
                         columns=list(rep.FLOW_COLUMNS),
                         index=pd.Index(list(rows), name=rep.FLOW_ROWS))
    return frame


def test_the_stock_flow_identity_of_every_band_is_in_the_readers_audit():
    """start + in + door in = end + door uit + uit per band, all in the flows table: without
    rounding a reader pins a flow the gate hid (uitstroom of 15+, 6); with counts rounded to 5
    the band's five other counts leave it 12 wide."""
    from pipeline.disclosure.ledger import plan_publication

    flows = _flows()
    item, identities = _flows_item(flows)
    assert len(identities) == 3
    for round_count, pinned in ((1, True), (5, False)):
        rules = DisclosureRules(round_count=round_count)
        table = publish_counts(flows, rules, "stromen", "Stromen", population="p",
                               structural_zeros=frozenset(item.structural_zeros),
                               row_totals=False)
        assert "Totaal" not in table.display.columns
        assert table.display.set_index("salarisschaal").loc["15+", "uitstroom"] == "·"
        assert reader_audit([table]) == []
        found = reader_audit([table], identities)
        assert bool(found) is pinned, round_count
        if not pinned:  # the plan passes with the identities known
            plan_publication([item], rules, measure=False)


def test_published_flows_that_contradict_the_identity_are_refused():
    """A flows table whose stock is the previous year's where the end of the year is meant
    (the old "bezetting") cannot satisfy the identity within the rounding."""
    from pipeline.analysis import representation as rep
    from pipeline.disclosure import DisclosureInputError
    from pipeline.disclosure.ledger import plan_publication
    from pipeline.disclosure.reader import identity_violations

    rules = DisclosureRules()
    flows = _flows()
    item, identities = _flows_item(flows)
    zeros = frozenset(item.structural_zeros)
    good = publish_counts(flows, rules, "stromen", "Stromen", population="p",
                          structural_zeros=zeros, row_totals=False)
    assert identity_violations([good], identities) == []
    wrong = flows.assign(**{rep.END: flows[rep.START]})
    bad = publish_counts(wrong, rules, "stromen", "Stromen", population="p",
                         structural_zeros=zeros, row_totals=False)
    # a band whose counts are all shown cannot absorb the difference (one with a hidden flow
    # can: 15+ hides its uitstroom, and the gate hides a second uitstroom to protect it)
    assert "9-11 (stromen)" in identity_violations([bad], identities)
    with pytest.raises(DisclosureInputError, match="stock-flow identit"):
        plan_publication([replace(item, frame=wrong, known=identities)], rules, measure=False)
