"""The representation section of the built demo (issue 15, items 3 and 6 and their fixes).

Reads the publication ledgers and the rendered pages of the ``built`` session fixture (no
pipeline run of its own): the flows table holds stocks and flows and never adds them up, a
cluster's figure of a year has the same n in every report, every council target has a verdict
at the precision it is shown, the projection's bands are scenario ranges, years are columns,
and the charts are there with their alt text and table.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
import pytest

from pipeline.analysis.catalogue import CATEGORY_ORDER
from pipeline.analysis.representation import END, FLOW_COLUMNS, START
from pipeline.analysis.targets import COLUMNS, VERDICTS
from pipeline.disclosure.html import parse_published_tables
from pipeline.disclosure.ledger import read_wave_ledger
from pipeline.disclosure.rounding import format_percent

WAVES = (2024, 2026)
IN_YEAR = re.compile(r"\bin (\d{4})\b")


@pytest.fixture(scope="module")
def ledgers(built):
    return {w: read_wave_ledger(built / "data" / "processed" / "demo" / f"publication_{w}.json")
            for w in WAVES}


@pytest.fixture(scope="module")
def pages(built):
    return {w: (built / "reports" / "demo" / str(w) / "representatie.html").read_text(
        encoding="utf-8") for w in WAVES}


def _count(text: str) -> int:
    return int(text.replace(".", ""))


def test_the_flows_table_has_both_stocks_and_never_adds_stocks_to_flows(ledgers):
    """Before: columns bezetting (the previous year's stock), in, door, uit and a Totaal that
    added them up (2024: 25,940, more than all staff)."""
    for wave, ledger in ledgers.items():
        display = ledger.table("stromen").display
        assert list(display.columns[1:]) == list(FLOW_COLUMNS), wave
        assert "Totaal" not in display.columns[1:]
        rows = display.set_index(display.columns[0])
        bands = [b for b in rows.index if b != "Totaal"]
        assert bands == [b for b in CATEGORY_ORDER["schaal_band"] if b in bands]
        # the Totaal row adds a column over the bands: the staff at the end of the year is
        # the register's headcount of that year (the jong table), not more
        young = ledger.table("jong").display
        year = max(int(c) for c in young.columns if c.isdigit())
        staff = _count(young.loc[young["Cijfer"] == "n", str(year)].iloc[0])
        assert _count(rows.loc["Totaal", END]) == staff
        assert _count(rows.loc["Totaal", START]) < staff + 500


def test_every_shown_band_satisfies_the_stock_flow_identity_within_the_rounding(ledgers):
    for wave, ledger in ledgers.items():
        data = ledger.table("stromen").data
        for band, row in data.iterrows():
            if row.isna().any():
                continue
            begin, hired, up_in, up_out, left, end = (row[c] for c in FLOW_COLUMNS)
            # each shown count is within 2 of the truth (rounded to 5)
            assert abs(begin + hired + up_in - up_out - left - end) <= 2 * 6, (wave, band)


def test_a_cluster_of_a_year_has_the_same_n_in_every_report(ledgers):
    """Before: the 2024 figure of Bedrijfsvoering had n 550 in the 2024 report and 575 (the
    2026 count) in the 2026 report."""
    seen: dict[tuple[str, int], set[float]] = defaultdict(set)
    for ledger in ledgers.values():
        data = ledger.table("clusters-groei").data
        for row in data.itertuples(index=False):
            match = IN_YEAR.search(str(row.indicator))
            year = int(match.group(1)) if match else int(row.wave)
            if row.n == row.n and not str(row.indicator).startswith("nodig"):
                seen[(str(row.group), year)].add(float(row.n))
    assert any(year == 2024 for _, year in seen)
    differing = {k: v for k, v in seen.items() if len(v) > 1}
    assert not differing, differing


def test_every_target_has_a_verdict_at_the_precision_it_is_shown(ledgers):
    for wave, ledger in ledgers.items():
        table = ledger.table("doelen")
        data = table.data
        assert list(data.columns) == list(COLUMNS)
        assert set(data["oordeel"]) <= set(VERDICTS)
        assert len(data) >= 3 and data["jaar"].dtype.kind == "i"
        for row, shown in zip(data.itertuples(index=False), table.display["Waarde"],
                              strict=True):
            if row.waarde != row.waarde:
                assert row.oordeel == "geen gegevens"
                continue
            assert shown == format_percent(row.waarde, 1)
            met = round(row.waarde, 3) >= round(row.streefwaarde, 3)
            assert row.oordeel == ("gehaald" if met else "niet gehaald"), (wave, row)
        young = data[data["doel"] == "Medewerkers jonger dan 35"].iloc[0]
        assert young["jaar"] == wave and young["oordeel"] != "geen gegevens"


def test_a_cluster_target_is_shown_only_where_its_base_year_figure_is(ledgers):
    """The target is 1.25 x the base-year share: shown next to a hidden share, it gives the
    share back."""
    for wave, ledger in ledgers.items():
        goals = ledger.table("doelen").display
        series = ledger.table("clusters-groei").display
        values = series[series["Cijfer"] != "n"].set_index("Groep")["2024"]
        for row in goals[goals["Eenheid"] != "organisatie"].itertuples(index=False):
            if values.get(row.Eenheid, "·") in ("·", ""):
                assert row.Streefwaarde in ("·", ""), (wave, row.Eenheid)


def test_the_growth_sentence_judges_no_cluster_the_page_hides(ledgers, pages):
    """Before: the sentence under the cluster chart came from the ungated CBS table and called
    a cluster whose share the table hides "niet gehaald" (its share lies below the target)."""
    wave = max(WAVES)
    goals = ledgers[wave].table("doelen").data
    clusters = goals[goals["eenheid"] != "organisatie"]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", pages[wave]))
    sentence = re.search(r"In \d{4} haalde.*?clusters het groeidoel[^.]*\.", text)
    assert sentence, "no growth sentence on the page"
    judged = sentence.group(0).split("geen oordeel")[0]
    hidden = clusters.loc[clusters["oordeel"] == "geen gegevens", "eenheid"].tolist()
    assert hidden, "the demo hides no cluster: the test has nothing to check"
    for cluster in hidden:
        assert cluster not in judged, cluster


def test_the_cluster_target_is_judged_in_its_target_year_only(ledgers):
    before = ledgers[2024].table("doelen").data
    clusters = before[before["eenheid"] != "organisatie"]
    assert len(clusters) >= 2 and set(clusters["oordeel"]) == {"geen gegevens"}
    after = ledgers[2026].table("doelen").data
    assert (after.loc[after["eenheid"] != "organisatie", "oordeel"] != "geen gegevens").any()


def test_projection_bands_are_scenario_ranges_and_the_scenarios_differ(ledgers, pages):
    """Before: the band was headed "95%-interval" and both scenarios assumed a 35% mix."""
    for wave, ledger in ledgers.items():
        for name in ("projectie", "projectie-mix"):
            display = ledger.table(name).display
            assert "Scenariobandbreedte" in display.columns
            assert "95%-interval" not in display.columns
        paths = ledger.table("projectie").data
        last = paths[paths["wave"] == paths["wave"].max()]
        assert last["estimate"].nunique() == 2, wave
        mixes = ledger.table("projectie-mix").data
        assert sorted(mixes["wave"])[1:] == [2028, 2030, 2035]
        assert "scenariobandbreedte" in pages[wave]
        assert "95%-interval" not in _projection_part(pages[wave])


def _projection_part(page: str) -> str:
    start = page.index("Wanneer wordt")
    return page[start:page.index("Verantwoording", start)]


def test_series_have_the_years_as_columns_and_no_year_repeated_as_a_group(pages):
    """Before: "Jaar | Groep" with the year in both (the jong table) and long series."""
    for wave, page in pages.items():
        tables = {t.attrs.get("data-table"): t for t in parse_published_tables(page)}
        for name in ("doel-12", "gemeente-trend", "schaal-15", "jong", "clusters-groei"):
            header = tables[name].header
            assert "Jaar" not in header and "Cijfer" in header, (wave, name)
            years = [h for h in header if h.isdigit()]
            assert years == sorted(years) and years[-1] == str(wave), (wave, name)
        for t in tables.values():
            if "Jaar" in t.header and "Groep" in t.header:
                j, g = t.header.index("Jaar"), t.header.index("Groep")
                assert not any(r[j] == r[g] for r in t.rows), (wave, t.attrs)
        bands = [r[0] for r in tables["herkomst-schaal"].rows]
        order = [b for b in CATEGORY_ORDER["schaal_band"] if b in bands]
        assert [b for b in bands if b in order] == order


def test_the_charts_against_the_targets_are_svg_with_alt_text_and_their_table(pages):
    for wave, page in pages.items():
        titles = re.findall(r'<svg[^>]*role="img"[^>]*><title[^>]*>([^<]+)</title>', page)
        line = [t for t in titles if t.startswith("Lijndiagram")]
        dots = [t for t in titles if t.startswith("Puntdiagram")]
        assert line and "30%" in line[0], (wave, titles)
        assert dots and "doel" in dots[0], (wave, titles)
        assert page.count("Tabel bij deze figuur") >= 3
        assert "data:image/png" not in _section(page, "Doel: 30%", "Vergelijking met")


def _section(page: str, start: str, end: str) -> str:
    a = page.index(start)
    return page[a:page.index(end, a)]


def test_the_projection_text_takes_every_number_from_the_published_tables(built, ledgers,
                                                                          pages):
    """Before: the notebook recomputed the projection from the processed CBS and HR tables,
    so its sentences (rates 6,5% and 7,5%, the year the target is reached) bypassed the
    ledger. Now each percentage in the text is a value the projection tables show, or the
    labour-force comparison the page states beside it."""
    from pipeline.analysis import representation as rep
    from pipeline.report.formats import pct

    for wave, ledger in ledgers.items():
        shown = set()
        for name in ("projectie", "projectie-mix", "projectie-aannames"):
            data = ledger.table(name).data
            for column in ("estimate", "ci_low", "ci_high"):
                shown |= {pct(v) for v in data[column].dropna()}
        benchmark = pd.read_parquet(built / "data" / "processed" / "demo" / "benchmark.parquet")
        shown.add(pct(rep.labour_force_share(benchmark, int(data["wave"].max()))))
        text = re.sub(r"<[^>]+>", " ", pages[wave])
        start = text.index("Bij de huidige instroommix")
        paragraph = text[start:text.index("betrouwbaarheidsinterval.", start)]
        numbers = set(re.findall(r"\d+(?:,\d+)?%", paragraph))
        # besides the figures: the target (params: 30%) and "meer dan 100%"
        assert numbers and numbers <= shown | {"30%", "100%"}, (wave, numbers - shown)
        assert "Aannames: per jaar verlaat" in paragraph
