"""Directies in clusters: the nesting the ledger plans with, and what it protects."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from pipeline.disclosure.errors import DisclosureError
from pipeline.disclosure.ledger import Planned, plan_publication
from pipeline.disclosure.rules import DisclosureRules
from pipeline.report.units import nesting, unit_list, verdict

CHART = {"d1": "C", "d2": "C", "d3": "C", "d4": "E", "d5": "E"}


def _frame(breakdown: str, groups: list[str], ns: list[int], total: int | None) -> pd.DataFrame:
    rows = [("totaal", "totaal", total)] if total is not None else []
    rows += [(breakdown, g, n) for g, n in zip(groups, ns, strict=True)]
    return pd.DataFrame({
        "wave": 2024, "indicator": "ongewenst gedrag", "base": "alle",
        "breakdown": [r[0] for r in rows], "group": [r[1] for r in rows],
        "estimate": 0.5, "ci_low": 0.4, "ci_high": 0.6, "n": [float(r[2]) for r in rows],
        "n_pos": [r[2] // 2 for r in rows]})


def _items(directies: list[int]) -> list[Planned]:
    clusters = _frame("Cluster", ["C", "E"], [100, 200], 300)
    units = _frame("Directie", ["d1", "d2", "d3", "d4", "d5"], directies, None)
    return [Planned(2024, "eenheden", "clusters", "C", clusters),
            Planned(2024, "eenheden", "directies", "D", units)]


def _hidden(ledger, name: str) -> set[str]:
    data = ledger.wave(2024).table(name).data
    return set(data.loc[data["status"].isin(["primary", "secondary"]), "group"])


RULES = DisclosureRules(round_count=1)  # no rounding: the sum pins a single hidden directie


def test_a_directie_hidden_alone_is_its_cluster_minus_the_others_for_the_reader():
    items = _items([5, 45, 50, 30, 170])
    _nested, views = nesting([i.frame for i in items], CHART)
    assert len(views) == 2 and all(len(v.keys) == (4 if v.labels[-1] == "C" else 3)
                                   for v in views)
    # the structure known to the reader's audit, but no nested line for the plan: it stops
    with pytest.raises(DisclosureError, match="reader"):
        plan_publication([items[0], replace(items[1], known=views)], RULES)
    # without the structure the table's own line hides d4 (the smallest other directie, of
    # cluster E): d1 stays alone in its cluster's line, the leak the nesting closes
    assert _hidden(plan_publication(items, RULES), "directies") == {"d1", "d4"}


def test_the_nesting_hides_a_second_directie_of_the_cluster():
    items = _items([5, 45, 50, 30, 170])
    nested, views = nesting([i.frame for i in items], CHART)
    ledger = plan_publication([items[0], replace(items[1], nested=nested, known=views)], RULES)
    # per cluster line the smallest other directie: d2 for d1 in C, d5 for d4 in E
    assert _hidden(ledger, "directies") == {"d1", "d2", "d4", "d5"}
    assert _hidden(ledger, "clusters") == set()


def test_a_residual_without_directie_is_an_unknown_cell_and_too_many_is_no_knowledge():
    exact = nesting([i.frame for i in _items([5, 45, 50, 30, 170])], CHART)[1]
    short = nesting([i.frame for i in _items([5, 40, 50, 30, 170])], CHART)[1]
    over = nesting([i.frame for i in _items([5, 60, 50, 30, 170])], CHART)[1]
    of_c = [[v for v in views if v.labels[-1] == "C"] for views in (exact, short, over)]
    assert [len(v) for v in of_c] == [1, 1, 0]
    assert "C (zonder directie)" not in of_c[0][0].labels
    assert "C (zonder directie)" in of_c[1][0].labels


def test_the_verdict_and_the_list_of_units():
    assert verdict(0.02, 0.049, 0.05) == "hoger dan de rest"
    assert verdict(-0.02, 0.05, 0.05) == "geen verschil aangetoond"
    listed = unit_list(pd.DataFrame({"level": "directie", "unit": ["a", "b"], "n": [300, 50],
                                     "reportable": [True, False]}), DisclosureRules())
    assert listed["reported"].tolist() == [True, False]
    assert listed["reason"].iloc[0] == "" and "14%" in listed["reason"].iloc[1]


def test_two_units_that_would_share_a_page_stop_with_one_clear_line():
    from pipeline.errors import PipelineError
    from pipeline.report.unit_pages import unit_pages

    listed = pd.DataFrame({"level": "directie", "unit": ["Zorg & Welzijn", "Zorg en Welzijn"],
                           "reported": True})
    assert [p[2] for p in unit_pages(listed.iloc[:1])] == ["directie-zorg-welzijn.html"]
    listed.loc[1, "unit"] = "Zorg-Welzijn"
    with pytest.raises(PipelineError, match=r"would share the page directie-zorg-welzijn\.html"):
        unit_pages(listed)
