"""Issue 17 item 1: unit reports for every cluster and directie with enough respondents.

On the demo build: the page of each wave shows the units that pass and lists the others with
the reason; the index links the page; the numbers on the page equal the engine's estimate
for that cell, computed here from the processed data through ``pipeline.stats``; the
p-values are adjusted across the units as documented (Benjamini-Hochberg within one set of
related items over all units of a level).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from pipeline.analysis.catalogue import BY_NAME, CATALOGUE
from pipeline.analysis.planner import INTERVAL_LEVELS, SHARES, reportable
from pipeline.analysis.wave import load_wave
from pipeline.config import load_params
from pipeline.disclosure import parse_published_tables
from pipeline.disclosure.ledger import read_wave_ledger
from pipeline.disclosure.rounding import format_percent
from pipeline.disclosure.rules import DisclosureRules
from pipeline.stats.compare import adjust, group_vs_rest
from pipeline.stats.estimate import estimate_all
from tests.e2e.conftest import ROOT

WAVES = (2024, 2026)
REPLICATES = 20
LEVELS = ("cluster", "directie")


def _page(wave: int) -> str:
    return (ROOT / "reports" / "demo" / str(wave) / "eenheden.html").read_text("utf-8")


def _ledger(wave: int):
    return read_wave_ledger(ROOT / "data" / "processed" / "demo" / f"publication_{wave}.json")


@pytest.fixture(scope="module")
def design_2026(built):
    params = load_params()
    data = load_wave(params, 2026, ["cluster", "directie"])
    return data.design({**params["weighting"], "replicates": REPLICATES})


def _expected_units(wave: int, rules: DisclosureRules) -> dict[str, dict[str, bool]]:
    """Which units pass, recomputed from the weighting report's counts and the rules."""
    import json

    units = json.loads((ROOT / "data" / "processed" / "demo" / f"weighting_{wave}.json")
                       .read_text("utf-8"))["units"]
    estimates = pd.read_parquet(ROOT / "data" / "processed" / "demo" / f"estimates_{wave}.parquet")
    share = min(SHARES)
    out: dict[str, dict[str, bool]] = {}
    for level in LEVELS:
        out[level] = {}
        for u in units[level]:
            row = estimates[(estimates["indicator"] == SHARES[share])
                            & (estimates["breakdown"] == level)
                            & (estimates["group"] == u["unit"])]
            finite = (len(row) and np.isfinite(row["ci_low"].iloc[0])
                      and level in INTERVAL_LEVELS)
            shown = float(row["estimate"].iloc[0]) if finite else share
            out[level][u["unit"]] = reportable(u["respondents_in_estimates"], shown, rules)
    return out


@pytest.mark.parametrize("wave", WAVES)
def test_the_page_reports_the_units_that_pass_and_lists_the_others(built, wave):
    ledger = _ledger(wave)
    expected = _expected_units(wave, ledger.rules)
    html = _page(wave)
    tables = {t.attrs.get("data-table"): t for t in parse_published_tables(html)}
    listed = html.split("Eenheden zonder eigen rapport", 1)[1]
    for level in LEVELS:
        table = tables[f"eenheden-{level}-kerncijfers"]
        groups = {row[1] for row in table.rows} - {"Totaal"}
        passing = {u for u, ok in expected[level].items() if ok}
        assert groups == passing, level
        for unit, ok in expected[level].items():
            shown_in_list = re.search(rf"<li>{re.escape(unit)}: te weinig respondenten", listed)
            assert bool(shown_in_list) == (not ok), (level, unit)
    failing = [u for level in LEVELS for u, ok in expected[level].items() if not ok]
    assert failing, "the demo should have directies without a unit report"


def test_the_index_links_the_unit_pages(built):
    index = (ROOT / "reports" / "demo" / "index.html").read_text("utf-8")
    for wave in WAVES:
        assert f'href="{wave}/eenheden.html"' in index
    assert "Clusters en directies" in index


def test_unit_figures_equal_the_engine_on_the_processed_data(design_2026):
    """Every shown percentage of discrimination per directie, and its difference with the
    rest, equal the engine's estimate for that cell (fewer replicates: points only)."""
    ledger = _ledger(2026)
    data = ledger.table("eenheden-directie-kerncijfers").data
    label = BY_NAME["discr_ja"].label
    est = estimate_all(design_2026, ["discr_ja"], ["directie"])
    rest = group_vs_rest(design_2026, ["discr_ja"], ["directie"])
    rows = data[(data["indicator"] == label) & (data["status"] == "shown")
                & (data["breakdown"] != "Totaal")]
    assert len(rows) >= 10
    display = ledger.table("eenheden-directie-kerncijfers").display
    for row in rows.itertuples(index=False):
        engine = est[(est["breakdown"] == "directie") & (est["group"] == row.group)]
        value = float(engine["estimate"].iloc[0])
        shown = display[(display["Indicator"] == label) & (display["Groep"] == row.group)]
        assert shown["Percentage"].iloc[0] == format_percent(value, ledger.rules.round_percent)
        diff = rest[(rest["group"] == row.group)]["diff"].iloc[0]
        assert row.diff == pytest.approx(diff, abs=1e-9)
        # the organisation's value minus the rest's is the engine's difference
        assert row.estimate == pytest.approx(round(value, 2))


@pytest.mark.parametrize("wave", WAVES)
def test_the_correction_across_units_is_benjamini_hochberg_per_set_of_items(built, wave):
    """p_adj on the page = BH over the unit-vs-rest tests of one set of related items and
    every unit of the level (the estimates stage's exploratory family), from the raw p."""
    ledger = _ledger(wave)
    params = load_params()
    assert params["estimation"]["multiple_testing"] == "fdr_bh"
    assert params["estimation"]["test_family"] == "table"
    contrasts = pd.read_parquet(ROOT / "data" / "processed" / "demo"
                                / f"contrasts_{wave}.parquet")
    sets = {i.name: i.family for i in CATALOGUE}
    labels = {i.label: i.name for i in CATALOGUE}
    checked = 0
    for level in LEVELS:
        data = ledger.table(f"eenheden-{level}-kerncijfers").data
        rows = data[data["p_adj"].notna()]
        for row in rows.itertuples(index=False):
            code = labels[row.indicator]
            family = contrasts[(contrasts["breakdown"] == level)
                               & (contrasts["indicator"].map(sets) == sets[code])
                               & contrasts["p"].notna()]
            p = family["p"].to_numpy()
            adjusted = adjust(p, "fdr_bh")
            mine = np.flatnonzero(((family["indicator"] == code)
                                   & (family["group"] == row.group)).to_numpy())
            assert len(mine) == 1
            assert row.p_adj == pytest.approx(adjusted[mine[0]], rel=1e-5)  # ledger: 6 digits
            assert row.p_adj_method == "fdr_bh"
            checked += 1
    assert checked >= 20


def test_bh_itself_matches_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.001, 0.02, 0.03, 0.2, 0.5, 0.04])
    assert adjust(p, "fdr_bh") == pytest.approx(multipletests(p, method="fdr_bh")[1])
