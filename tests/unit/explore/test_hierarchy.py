"""The explorer knows that directies nest in clusters (issue 17).

A query by directie is audited with the ledger's cluster counts and the organisation chart:
a directie the query hides is not left to be read off as its cluster minus its siblings.
"""

from __future__ import annotations

import pandas as pd

from pipeline.disclosure.ledger import Planned, plan_publication
from pipeline.disclosure.rules import DisclosureRules
from pipeline.explore.gate import publish_query
from pipeline.explore.query import Query, _hierarchy_links

CHART = {"d1": "C", "d2": "C", "d3": "C", "d4": "E"}
RULES = DisclosureRules(round_count=1)  # no rounding: the cluster pins the hidden directie


def _frame(breakdown: str, groups: list[str], ns: list[int]) -> pd.DataFrame:
    return pd.DataFrame({
        "wave": 2024, "indicator": "ongewenst gedrag", "base": "alle", "breakdown": breakdown,
        "group": groups, "estimate": 0.5, "ci_low": 0.4, "ci_high": 0.6,
        "n": [float(n) for n in ns], "n_pos": [n // 2 for n in ns]})


def _ledger():
    clusters = _frame("Cluster", ["C", "E"], [100, 200])
    return plan_publication([Planned(2024, "eenheden", "clusters", "C", clusters)],
                            RULES).wave(2024)


def _hidden(gated) -> set[str]:
    data = gated.table.data
    return set(data.loc[data["status"].isin(["primary", "secondary"]), "group"])


def _query(d2: int):
    frame = _frame("Directie", ["d1", "d2", "d3", "d4"], [1, d2, 50, 15])
    shown = {("n", r.wave, r.base, r.indicator, r.breakdown, r.group): float(r.n)
             for r in frame.itertuples()}
    return frame, shown


def test_a_directie_left_alone_under_its_cluster_gets_a_second_one_hidden():
    ledger = _ledger()
    frame, shown = _query(49)  # d1 <= 100 - 49 - 50 = 1: pinned by the cluster
    query = Query("ub_any", ("directie",))
    alone = publish_query(ledger, frame, [], shown, "q", "Q")
    # the query's own line hides the smallest other directie, of another cluster: without
    # the chart nothing links d1 to its cluster, which leaves it alone there
    assert _hidden(alone) == {"d1", "d4"}
    links = _hierarchy_links(frame, query, CHART)
    assert [link.total[-1] for link in links] == ["C", "E"]
    gated = publish_query(ledger, frame, links, shown, "q", "Q")
    assert "d1" in _hidden(gated) and _hidden(gated) & {"d2", "d3"}
    assert not gated.withheld_whole


def test_a_cluster_with_room_for_the_hidden_directie_costs_nothing():
    ledger = _ledger()
    frame, shown = _query(30)  # d1 <= 20: wider than the protection interval
    links = _hierarchy_links(frame, Query("ub_any", ("directie",)), CHART)
    assert _hidden(publish_query(ledger, frame, links, shown, "q", "Q")) == {"d1", "d4"}


def test_only_a_query_by_directie_alone_is_linked():
    frame, _ = _query(49)
    assert _hierarchy_links(frame, Query("ub_any", ("cluster",)), CHART) == []
    assert _hierarchy_links(frame, Query("ub_any", ("directie", "gender")), CHART) == []
    assert _hierarchy_links(frame, Query("ub_any", ("directie",)), {}) == []
