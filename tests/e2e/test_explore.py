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
    assert len(explorer.gate.tables) == 4
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
    assert (shown["n"] >= explorer.gate.rules.min_n("survey")).all()
