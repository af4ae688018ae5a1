"""The respons section on the demo: planner against what was achieved, verdicts against the gate,
and the R-indicators in the ledger."""

import json

import numpy as np
import pandas as pd
import pytest

from pipeline.analysis import planner
from pipeline.disclosure import DisclosureRules

WAVE, BEFORE = 2026, 2024
REPLICATES = 200
RATE_CHANGE = 0.20
"""The planner's stated uncertainty: a unit's response rate may differ ~20% (relative) from
the last wave's."""


@pytest.fixture(scope="module")
def demo(built):
    root = built / "data" / "processed" / "demo"
    facts = {w: json.loads((root / f"weighting_{w}.json").read_text("utf-8"))
             for w in (BEFORE, WAVE)}
    estimates = pd.read_parquet(root / f"estimates_{WAVE}.parquet")
    ledger = json.loads((root / f"publication_{WAVE}.json").read_text("utf-8"))
    return facts, estimates, {t["name"]: t for t in ledger["tables"]}


def test_expected_margins_agree_with_the_achieved_ones_within_the_noise(demo, capsys):
    facts, estimates, _ = demo
    rules = DisclosureRules()
    units = facts[WAVE]["units"]
    expected, achieved = planner.wave_planner(units, facts[BEFORE]["units"], estimates, rules)
    both = expected.merge(achieved, on=["level", "unit"], suffixes=("_plan", "_gehaald"))
    rows = []
    for p in planner.SHARES:
        key = round(p * 100)
        for r in both[both["level"] == "cluster"].itertuples(index=False):
            got = getattr(r, f"margin_{key}_gehaald")
            shown = getattr(r, f"estimate_{key}")
            # the plan for an indicator of the size the survey found
            at_p = planner.margin(shown, r.n_plan, r.population_plan, r.deff_plan)
            # noise of the ratio: bootstrap SE of an interval half-width (1 / sqrt(2R)), the
            # response rate changing between waves and the binomial spread of the response
            rate = r.respondents_plan / r.population_plan
            sd = np.sqrt(1 / (2 * REPLICATES) + 0.25 * (RATE_CHANGE**2 + (1 - rate) / (
                r.population_plan * rate)))
            rows.append({"cluster": r.unit, "p": key, "gevonden": round(shown, 3),
                         "n plan": round(r.n_plan), "n gehaald": r.n_gehaald,
                         "marge plan": round(getattr(r, f"margin_{key}_plan"), 4),
                         "plan bij gevonden p": round(at_p, 4), "gehaald": round(got, 4),
                         "z": round(np.log(got / at_p) / sd, 2)})
    table = pd.DataFrame(rows)
    with capsys.disabled():
        print("\n" + table.to_string(index=False))
    assert (table["z"].abs() < 3).all()
    directies = both[both["level"] == "directie"]
    rate = directies["respondents_plan"] / directies["population_plan"]
    sd = np.sqrt(0.25 * (RATE_CHANGE**2 + (1 - rate) / (directies["population_plan"] * rate)))
    z = np.log(directies["margin_14_gehaald"] / directies["margin_14_plan"]) / sd
    ratio = float(np.median(directies["margin_14_gehaald"] / directies["margin_14_plan"]))
    with capsys.disabled():
        print(f"directies: mediaan gehaald/plan {ratio:.3f}, |z| > 2: "
              f"{int((z.abs() > 2).sum())} van {len(z)}")
    assert (z.abs() < 3).all() and (z.abs() > 2).mean() < 0.1


def test_cluster_verdicts_match_what_the_gate_did(demo):
    facts, estimates, tables = demo
    _, achieved = planner.wave_planner(facts[WAVE]["units"], None, estimates,
                                       DisclosureRules())
    for p, name in ((0.14, "discr-cluster"), (0.55, "ub-cluster")):
        data = pd.DataFrame(tables[name]["data"]["rows"],
                            columns=tables[name]["data"]["columns"])
        shown = dict(zip(data["group"], data["status"] == "shown", strict=True))
        key = round(p * 100)
        for r in achieved[achieved["level"] == "cluster"].itertuples(index=False):
            assert getattr(r, f"reportable_{key}") == shown[r.unit], (name, r.unit)


def test_respons_tables_are_in_the_ledger(demo):
    _, _, tables = demo
    for name in ("r-indicator", "r-variabelen", "r-categorieen", "planner-cluster",
                 "planner-directie"):
        assert name in tables
    rows = tables["r-indicator"]["data"]["rows"]
    before, after = (r[4] for r in rows)
    assert 0 < before < after <= 1
