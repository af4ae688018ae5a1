"""Issue 6: the exploration notebook runs, and every table it shows passed the gate."""

import pytest

from pipeline.disclosure.published import PublishedTable
from pipeline.explore import ExploreError, Explorer
from tests.e2e.conftest import ROOT
from tests.e2e.inline import run_notebook_inline


def test_exploration_notebook_runs(built):
    namespace = run_notebook_inline(ROOT / "notebooks" / "verkennen.ipynb",
                                    {"wave": 2024, "replicates": 20})
    explorer = namespace["ex"]
    assert len(explorer.published) == 4
    assert isinstance(namespace["tabel"], PublishedTable)
    assert 'data-disclosure="passed"' in namespace["tabel"].to_html()


def test_explorer_refuses_what_the_wave_lacks(built):
    explorer = Explorer.load(2026, replicates=5)
    with pytest.raises(ExploreError, match="witness_ub"):
        explorer.breakdown("witness_ub", by="gender")  # the monitor did not ask it
    with pytest.raises(ExploreError, match="by"):
        explorer.breakdown("discr_ja", by="postcode")


def test_small_directies_are_suppressed(built):
    explorer = Explorer.load(2026, replicates=5)
    table = explorer.breakdown("discr_ja", by="directie")
    shown = table.data.dropna(subset=["n"])
    assert (shown["n"] >= explorer.ledger.rules.min_n("survey")).all()


def test_explorer_hides_what_the_reports_hide_whatever_the_query_order(built):
    """Issue 13: queries start from the wave's publication ledger."""
    one = Explorer.load(2026, replicates=5)
    # a gender group the plan hides, among all respondents or among the discriminated
    # (whichever the demo's data hide): a query of that base by gender must hide it too
    bases = {base for (w, base, b, g) in one.ledger.hidden_groups if b == "Gender"}
    assert bases & {"alle", "discr"}, "the demo's 2026 plan hides no gender group"
    base = "alle" if "alle" in bases else "discr"
    indicator = "discr_ja" if base == "alle" else "discr_ground_herkomst"
    first = [one.breakdown(indicator, by="gender"), one.breakdown("ub_any", by="religion")]
    two = Explorer.load(2026, replicates=5)
    second = [two.breakdown("ub_any", by="religion"), two.breakdown(indicator, by="gender")]
    for a, b in zip(first, reversed(second), strict=True):
        assert a.display.equals(b.display)
    hidden = {g for (w, b_, brk, g) in one.ledger.hidden_groups if b_ == base and brk == "Gender"}
    shown = set(first[0].data.dropna(subset=["n"])["group"])
    assert hidden and not hidden & shown
