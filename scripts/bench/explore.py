"""Explorer query time (issue 16): one breakdown with its test on the demo wave, gated.

Budget: under 0.5 s per query (``BUDGET_S``), with the wave weighted once beforehand (as in a
notebook) and the reports' replicates. Run by ``make bench`` in its clone, or on its own:
``python scripts/bench/explore.py`` (the project's own demo build).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import timed

BUDGET_S = 0.5
"""The issue's budget for one breakdown with its test."""
QUERIES = {
    "discr_ja naar directie, met toets": ("discr_ja", "directie"),
    "ps_score naar herkomst, met toets": ("ps_score", "herkomst"),
    "ub_any naar cluster × gender (man, vrouw)": ("ub_any", ("cluster", "gender")),
}


def explore_benchmarks(wave: int = 2024, repeats: int = 5) -> dict[str, Any]:
    """Time each query of :data:`QUERIES` (fresh queries; the gate keeps no state)."""
    from pipeline.explore import Explorer

    loaded = timed(lambda: Explorer.load(wave), repeats=1)
    ex = Explorer.load(wave)
    out: dict[str, Any] = {"wave": wave, "load_s": round(loaded["median_s"], 3),
                           "budget_s": BUDGET_S, "queries": {}}
    for label, (indicator, by) in QUERIES.items():
        where = {"gender": ["man", "vrouw"]} if isinstance(by, tuple) else None
        run = timed(lambda i=indicator, b=by, w=where: ex.breakdown(i, by=b, where=w, test=True),
                    repeats=repeats)
        out["queries"][label] = {"median_s": round(run["median_s"], 3), "runs_s": run["runs_s"],
                                 "within_budget": run["median_s"] < BUDGET_S}
    return out


if __name__ == "__main__":
    print(json.dumps(explore_benchmarks(), ensure_ascii=False, indent=1))
