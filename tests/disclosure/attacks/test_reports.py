"""The attack suite against the built reports: the demo and the demo built from another seed.

The reports pass when the attack suite recovers no count below the threshold and no
suppressed cell narrower than the protection interval. Each attack must also have examined
something, so that a passing report set is not a vacuous pass.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from tests.disclosure.attacks.attacks import ATTACKS, lp_bounds
from tests.disclosure.attacks.reading import TOTAL, TWO_WAY, norm

REPORT_SETS = ["demo_reports", pytest.param("second_seed_reports", marks=pytest.mark.slow)]
EXAMINED = {
    "implied_counts": ("rows",),
    "within_table": ("tables with suppressed cells", "constraints"),
    "one_way_two_way": ("two-way constraints",),
    "between_sections": ("suppressed n compared", "download cells compared"),
    "between_waves": ("figures compared across reports", "joint stock-flow identities"),
    "with_structure": ("constraints", "structural zeros", "stock-flow identities",
                       "published stocks"),
    "unit_differencing": ("hierarchy constraints", "constraints"),
}
"""What each attack must have examined in a real report set (counters of its Result)."""


@pytest.fixture(scope="module", params=REPORT_SETS)
def reports(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def results(reports, rules):
    return {name: attack(reports.tables, rules) for name, attack in ATTACKS.items()}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_attack_examined_the_reports(reports, results, name):
    examined = results[name].examined
    missing = [c for c in EXAMINED[name] if examined.get(c, 0) <= 0]
    assert not missing, f"{reports.label}: {name} examined no {', '.join(missing)}"


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_attack_recovers_nothing(reports, results, name):
    """No count below the threshold and no suppressed cell narrower than the interval."""
    result = results[name]
    if result.findings:
        pytest.fail(f"{reports.label}: attack {result.attack} recovered "
                    f"{len(result.findings)} cell(s):\n{result.summary()}", pytrace=False)



def test_the_attacks_read_the_unit_pages_and_the_planner(reports, rules):
    """Every unit page (``<wave>/eenheden/<unit>.html``) and its downloads are in the report
    set, and the planner's counts per directie are read as respondents."""
    from tests.disclosure.attacks.reading import estimate_rows

    on_disk = {f"{p.parent.parent.parent.name}/{p.parent.parent.name}/eenheden/{p.stem}"
               for p in reports.root.joinpath("reports").glob("*/*/eenheden/*.html")}
    assert len(on_disk) >= 60
    read = {(t.page, t.origin) for t in reports.tables if "/eenheden/" in t.page}
    assert {(page, origin) for page in on_disk for origin in ("html", "csv", "xlsx")} <= read
    planner = [t for t in reports.tables if t.name == "planner-directie" and t.origin == "html"]
    assert planner
    rows = estimate_rows(planner[0], rules)
    assert rows and {(r.breakdown, r.base, r.share_of) for r in rows} == {
        ("directie", ("respons",), "none")}

def _truth(root, source: str, waves: list[int]) -> dict:
    """True counts behind the suppressed cells, keyed as the LP keys them (never printed)."""
    from pipeline.analysis.catalogue import BREAKDOWN_LABELS, BY_NAME
    from pipeline.analysis.representation import flow_table

    def label(breakdown: str) -> str:
        if breakdown == TOTAL:
            return TOTAL
        return norm(TWO_WAY.join(BREAKDOWN_LABELS.get(b, b) for b in breakdown.split(TWO_WAY)))

    processed = root / "data" / "processed" / source
    truth: dict = {}
    for wave in waves:
        estimates = pd.read_parquet(processed / f"estimates_{wave}.parquet")
        for row in estimates.itertuples(index=False):
            key = (wave, label(row.breakdown), norm(str(row.group)))
            if row.indicator == "discr_ja":
                truth[("n", key[0], ("resp",), *key[1:])] = float(row.n)
            if row.indicator in ("discr_ja", "ub_any") and not pd.isna(row.n_pos):
                indicator = norm(BY_NAME[row.indicator].label)
                truth[("n", key[0], ("num", indicator), *key[1:])] = float(row.n_pos)
    flows = flow_table(pd.read_parquet(processed / "hr_flows.parquet"))
    for (year, band), values in flows.iterrows():
        for column, value in values.items():
            truth[("flow", int(year), norm(str(band)), column)] = float(value)
    return truth


def _true_value(key, truth):
    if key and key[0] == "flows":
        _, _, (_, _, year, band, column) = key
        return truth.get(("flow", year, band, column))
    return truth.get(key)


@pytest.mark.parametrize("joint", [False, True], ids=["per-report", "reports-together"])
def test_the_lp_bounds_hold_the_true_counts(reports, rules, joint):
    """The attacks' assumptions (bases, sums, structural zeros, stock-flow identity, CBS
    slack) are true of the data: every suppressed count lies inside its LP bounds."""
    sources = {p.split("/")[0] for p in reports.pages}
    assert len(sources) == 1
    source = sources.pop()
    params = json.loads(json.dumps(__import__("yaml").safe_load(
        (reports.root / "params.yaml").read_text(encoding="utf-8"))))
    truth = _truth(reports.root, source, [int(w) for w in params["waves"]])
    checked, outside = 0, []
    for table, cell, key, bounds in lp_bounds(reports.tables, rules, joint=joint):
        value = _true_value(key, truth)
        if value is None:
            continue
        assert bounds is not None, f"{table} {cell}: infeasible"
        checked += 1
        low, high = bounds
        if not (low - 1e-9 <= value <= (math.inf if math.isinf(high) else high + 1e-9)):
            outside.append(f"{table} {cell}")
    assert checked >= 10
    assert not outside, "true counts outside their bounds: " + "; ".join(outside)
