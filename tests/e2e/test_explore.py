"""Issues 6, 13 and 16: the analysts' explorer.

The notebook runs top to bottom in a fresh kernel (papermill) and every answer is checked
against the engine's own estimate for the same cell (or the register count), computed here
from the processed files through ``pipeline.stats``, not from the explorer. The explorer's
results do not depend on the order of the questions, what the reports publish it shows
identically, and nothing public returns respondent rows.
"""

import os

import nbformat
import numpy as np
import pandas as pd
import pytest

from pipeline.analysis.wave import load_wave
from pipeline.config import load_params, project_paths
from pipeline.disclosure import parse_published_tables
from pipeline.disclosure.ledger import read_wave_ledger
from pipeline.disclosure.rounding import format_count, format_number, format_percent, round_count
from pipeline.explore import EXTRA_BREAKDOWNS, ExploreError, Explorer
from pipeline.explore.result import dutch_p, signed
from pipeline.stats.compare import group_vs_rest
from pipeline.stats.estimate import estimate_all
from tests.e2e.conftest import ROOT
from tests.unit.explore.test_surface import frames_reachable

REPLICATES = 20


def engine(wave: int):
    """The wave's design as the estimates stage builds it (same seed, fewer replicates)."""
    params = load_params()
    data = load_wave(params, wave, [*params["estimation"]["breakdowns"], *EXTRA_BREAKDOWNS])
    return data.design({**params["weighting"], "replicates": REPLICATES})


def cell(est: pd.DataFrame, breakdown: str, group: str) -> pd.Series:
    row = est[(est["breakdown"] == breakdown) & (est["group"] == group)]
    assert len(row) == 1, (breakdown, group)
    return {k: float(v) if isinstance(v, np.floating | np.integer) else v
            for k, v in row.iloc[0].items()}


@pytest.fixture(scope="module")
def executed(built, tmp_path_factory):
    """The notebook run by papermill in a fresh kernel; its tables by cell tag."""
    import papermill

    folder = tmp_path_factory.mktemp("verkennen")
    out = folder / "verkennen.ipynb"
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(ROOT)
    try:
        papermill.execute_notebook(
            str(ROOT / "notebooks" / "verkennen.ipynb"), str(out), kernel_name="python3",
            parameters={"wave": 2026, "replicates": REPLICATES,
                        "excel": str(folder / "verkenning.xlsx")},
            cwd=str(folder), progress_bar=False)
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = old
    nb = nbformat.read(out, as_version=4)
    tables = {}
    for c in nb.cells:
        tags = c.metadata.get("tags", [])
        if c.cell_type != "code" or not tags:
            continue
        html = "".join(o.get("data", {}).get("text/html", "") for o in c.get("outputs", []))
        tables[tags[0]] = parse_published_tables(html) if html else []
    return {"tables": tables, "folder": folder, "cells": nb.cells}


@pytest.fixture(scope="module")
def designs(built):
    return {2024: engine(2024), 2026: engine(2026)}


def shown_rows(table):
    return [dict(zip(table.header, row, strict=True)) for row in table.rows]


def test_notebook_code_is_short_and_committed_without_outputs():
    nb = nbformat.read(ROOT / "notebooks" / "verkennen.ipynb", as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            assert not c.outputs and c.execution_count is None
            assert len([line for line in c.source.splitlines() if line.strip()]) <= 3


def test_answer_discrimination_by_directie(executed, designs):
    (table,) = executed["tables"]["discr-directie"]
    assert table.disclosure == "passed"
    est = estimate_all(designs[2026], ["discr_ja"], ["directie"])
    checked = 0
    for row in shown_rows(table)[1:]:
        if row["Percentage"] == "·":
            continue
        engine_row = cell(est, "directie", row["Groep"])
        assert row["Percentage"] == format_percent(engine_row["estimate"], 0)
        assert row["n"] == format_count(round_count(engine_row["n"], 5, floor=10))
        checked += 1
    assert checked >= 10


def test_answer_unwanted_behaviour_by_cluster_and_gender(executed, designs):
    (table,) = executed["tables"]["ub-cluster-gender"]
    rows = shown_rows(table)
    groups = [r["Groep"] for r in rows[1:]]
    assert groups and all(g.endswith((" × man", " × vrouw")) for g in groups)
    assert len(groups) == 12  # every cluster, both genders: not withheld whole
    est = estimate_all(designs[2026], ["ub_any"], two_way=[("cluster", "gender")])
    for row in rows[1:]:
        engine_row = cell(est, "cluster × gender", row["Groep"])
        assert row["Percentage"] == format_percent(engine_row["estimate"], 0)


@pytest.mark.parametrize(("tag", "by"), [("ps-manager", "manager"), ("ps-herkomst", "herkomst")])
def test_answer_psychological_safety_with_tests(executed, designs, tag, by):
    (table,) = executed["tables"][tag]
    est = estimate_all(designs[2026], [], [by], means=["ps_score"])
    tests = group_vs_rest(designs[2026], [], [by], means=["ps_score"], method="none")
    for row in shown_rows(table)[1:]:
        decimals = len(row["Gemiddelde"].split(",")[1])
        engine_row = cell(est, by, row["Groep"])
        assert row["Gemiddelde"] == format_number(engine_row["estimate"], decimals)
        low, high = row["95%-interval"].split("–")
        assert low != high
        test = tests[tests["group"] == row["Groep"]].iloc[0]
        assert row["p"] == dutch_p(float(test["p"]))
        assert row["Verschil met de rest (punt)"] == signed(float(test["diff"]), 2)


def test_answer_satisfaction_with_reporting_by_herkomst(executed, designs):
    (table,) = executed["tables"]["tevreden-herkomst"]
    est = estimate_all(designs[2024], ["report_satisfied"], ["herkomst"])
    rows = shown_rows(table)
    assert len(rows) == 4
    for row in rows:
        if row["Percentage"] != "·":
            group = "totaal" if row["Groep"] == "Totaal" else row["Groep"]
            engine_row = cell(est, "totaal" if group == "totaal" else "herkomst", group)
            assert row["Percentage"] == format_percent(engine_row["estimate"], 0)


def test_answer_change_in_one_cluster(executed, designs):
    (table,) = executed["tables"]["verandering-sociaal"]
    (row,) = shown_rows(table)
    now = cell(estimate_all(designs[2026], ["discr_ja"], ["cluster"]), "cluster", "Sociaal")
    then = cell(estimate_all(designs[2024], ["discr_ja"], ["cluster"]), "cluster", "Sociaal")
    assert row["2024"] == format_percent(then["estimate"], 0)
    assert row["2026"] == format_percent(now["estimate"], 0)
    diff = now["estimate"] - then["estimate"]
    se = np.hypot(now["se"], then["se"])
    from scipy import stats

    assert row["Verschil (procentpunt)"] == signed(100 * diff, 1)
    assert row["p"] == dutch_p(float(2 * stats.norm.sf(abs(diff / se))))
    assert row["Toets"]


def test_answer_representation_per_cluster_against_the_target(executed):
    barometer = pd.read_parquet(project_paths(load_params()).artefact("barometer"))
    be = barometer[(barometer["herkomst"] == "Buiten-Europa") & (barometer["scheme"] == "nieuw")
                   & (barometer["schaal_band"] == "12+") & (barometer["unit"] != "organisatie")]
    (groei,) = executed["tables"]["representatie-cluster"]
    checked = 0
    for row in shown_rows(groei):
        if row["Cijfer"] != "Percentage":
            continue
        for year in ("2024", "2026"):
            if row[year] != "·":
                share = be[(be["unit"] == row["Groep"]) & (be["year"] == int(year))]["share"]
                assert row[year] == format_percent(float(share.iloc[0]), 0)
                checked += 1
    assert checked >= 4
    (doelen,) = executed["tables"]["doelen"]
    for row in shown_rows(doelen):
        if row["Eenheid"] in set(be["unit"]) and row["Waarde"] not in ("·", ""):
            base = be[(be["unit"] == row["Eenheid"]) & (be["year"] == 2024)]["share"].iloc[0]
            now = be[(be["unit"] == row["Eenheid"]) & (be["year"] == 2026)]["share"].iloc[0]
            assert row["Waarde"] == format_percent(float(now), 1)
            assert row["Streefwaarde"] == format_percent(1.25 * float(base), 1)


def test_answer_which_directies_can_be_reported(executed, designs):
    (table,) = executed["tables"]["rapporteerbaar"]
    est = estimate_all(designs[2026], ["discr_ja"], ["directie"])
    rows = shown_rows(table)
    assert {r["Te rapporteren"] for r in rows} == {"ja", "nee"}
    for row in rows:
        n = cell(est, "directie", row["Groep"])["n"]
        if row["Te rapporteren"] == "ja":
            assert n >= 10 and not row["Reden"]
        else:
            assert row["Reden"]


def test_answer_to_excel(executed, designs):
    book = pd.read_excel(executed["folder"] / "verkenning.xlsx", sheet_name=None, header=None)
    sheet = next(v for k, v in book.items() if k != "Toelichting")
    assert str(sheet.iloc[0, 0]).startswith("Discriminatie ervaren, naar cluster")
    header = sheet.iloc[2].tolist()
    assert header[:4] == ["Groep", "Percentage", "95%-interval", "n"]
    est = estimate_all(designs[2026], ["discr_ja"], ["cluster"])
    first = sheet.iloc[4]
    assert abs(float(first.iloc[1]) - round(cell(est, "cluster", first.iloc[0])["estimate"], 2)
               ) < 1e-9
    notes = [str(v) for v in sheet.iloc[:, 0].dropna()]
    assert any(n.startswith("· = onderdrukt") for n in notes)
    assert any(n.startswith("Bron: ") for n in notes)


def test_same_questions_in_two_orders_give_identical_results(built):
    questions = [("discr_ja", "directie", None), ("discr_ground_herkomst", "directie", None),
                 ("ub_any", ("cluster", "gender"), {"gender": ["man", "vrouw"]}),
                 ("discr_ja", "directie", {"gender": "vrouw"})]
    one = Explorer.load(2026, replicates=5)
    first = [one.breakdown(i, by=b, where=w) for i, b, w in questions]
    again = one.breakdown("discr_ja", by="directie")  # after the ground by directie
    two = Explorer.load(2026, replicates=5)
    second = [two.breakdown(i, by=b, where=w) for i, b, w in reversed(questions)][::-1]
    for a, b in zip(first, second, strict=True):
        assert a.display.equals(b.display)
        assert a.notes == b.notes
    assert again.display.equals(first[0].display)


def test_what_the_reports_publish_the_explorer_shows(built):
    ledger = read_wave_ledger(project_paths(load_params()).artefact("publication", 2026))
    ex = Explorer.load(2026, replicates=5)
    for name, indicator, by in (("discr-cluster", "discr_ja", "cluster"),
                                ("ub-gender", "ub_any", "gender"),
                                ("discr-herkomst", "discr_ja", "herkomst")):
        report = ledger.table(name).data
        mine = ex.breakdown(indicator, by=by).data
        mine = mine[mine["group"] != "Totaal"]  # the report tables leave the total out
        columns = ["group", "estimate", "ci_low", "n", "status"]
        joined = mine[columns].merge(report[columns], on="group", suffixes=("", "_report"))
        assert len(joined) == len(report) == len(mine), name
        for column in ("estimate", "n", "status"):
            assert joined[column].equals(joined[f"{column}_report"]), (name, column)


def test_hidden_groups_of_the_reports_stay_hidden(built):
    ex = Explorer.load(2026, replicates=5)
    ledger = read_wave_ledger(project_paths(load_params()).artefact("publication", 2026))
    bases = {base for (w, base, b, g) in ledger.hidden_groups if b == "Gender"}
    assert bases & {"alle", "discr"}, "the demo's 2026 plan hides no gender group"
    base = "alle" if "alle" in bases else "discr"
    indicator = "discr_ja" if base == "alle" else "discr_ground_herkomst"
    hidden = {g for (w, b_, brk, g) in ledger.hidden_groups if b_ == base and brk == "Gender"}
    for where in (None, {"cluster": ["Sociaal", "Stadsdelen"]}):
        table = ex.breakdown(indicator, by="gender", where=where).data
        assert hidden and not hidden & set(table.dropna(subset=["n"])["group"])
    directies = ex.breakdown("discr_ja", by="directie").data.dropna(subset=["n"])
    assert (directies["n"] >= 10).all()


def test_no_public_attribute_or_method_returns_respondent_rows(built, tmp_path):
    ex = Explorer.load(2026, replicates=5)
    n = ex._design.n
    results = [ex.breakdown("discr_ja", by="directie", test=True),
               ex.change("discr_ja", by="cluster"), ex.representation("cluster"),
               ex.flows(), ex.targets(),
               ex.breakdown("ps_score", by="herkomst", where={"gender": "vrouw"})]
    frames = frames_reachable(ex, n, tmp_path)
    for result in results:
        frames += frames_reachable(result, n, tmp_path)
    assert len(frames) > 10
    for path, frame in frames:
        assert len(frame) < 100, f"{path}: {len(frame)} rows"
    assert not hasattr(ex, "design")


def test_explorer_refuses_what_the_wave_lacks(built):
    explorer = Explorer.load(2026, replicates=5)
    with pytest.raises(ExploreError, match="witness_ub"):
        explorer.breakdown("witness_ub", by="gender")  # the monitor did not ask it
    with pytest.raises(ExploreError, match="postcode"):
        explorer.breakdown("discr_ja", by="postcode")
    with pytest.raises(ExploreError, match="Sociaal"):
        explorer.change("discr_ja", by="cluster", group="Sociale")


def test_a_query_by_directie_is_linked_to_the_clusters_the_reports_publish(built):
    """The explorer's hierarchy links (issue 17) name the cluster cells of the ledger: the
    same keys, so the joint audit sees the cluster's n next to the query's directies."""
    from pipeline.explore.query import Query, build

    ex = Explorer.load(2026, replicates=5)
    assert len(ex._cluster_of) >= 40
    query = Query("discr_ja", ("directie",))
    frame, links, _, _ = build(ex._design, query, ex._options, 10, ex._cluster_of)
    totals = {link.total for link in links}
    assert {t[-1] for t in totals} == set(ex._cluster_of.values())
    ledger = read_wave_ledger(project_paths(load_params()).artefact("publication", 2026))
    published = {key for table in ledger.tables() for key in table.audit_view.keys}
    assert totals <= published
    for link in links:  # every directie of the query in exactly one cluster's line
        assert all(ex._cluster_of[p[-1]] == link.total[-1] for p in link.parts[:-1])
    directies = set(frame.loc[frame["breakdown"] == "Directie", "group"])
    assert sum(len(link.parts) - 1 for link in links) == len(directies)
