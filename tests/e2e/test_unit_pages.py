"""Issue 17 item 1: one page per reported cluster and directie.

On the demo build: every unit that passes has its own page and no other unit has one; the
section page links them all; every row of every table on a unit page is a row of the section
page's table, cell for cell (a view reveals nothing the section page does not); every number
of the findings is a cell of the page's own tables; a directie's page links its cluster.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from pipeline.disclosure import parse_published_tables
from pipeline.report.unit_pages import UNIT_DIR, page_name
from tests.e2e.conftest import ROOT

WAVES = (2024, 2026)
LEVELS = ("cluster", "directie")
_NUMBER = re.compile(r"[−+-]?\d[\d.]*(?:,\d+)?%?")


def _wave_dir(wave: int) -> Path:
    return ROOT / "reports" / "demo" / str(wave)


def _tables(path: Path) -> dict:
    return {t.attrs.get("data-table"): t for t in parse_published_tables(
        path.read_text("utf-8"))}


def _reported(wave: int) -> dict[str, set[str]]:
    """The units of the section page's key-figure tables (the units that pass)."""
    tables = _tables(_wave_dir(wave) / "eenheden.html")
    return {level: {row[1] for row in tables[f"eenheden-{level}-kerncijfers"].rows} - {"Totaal"}
            for level in LEVELS}


@pytest.mark.parametrize("wave", WAVES)
def test_every_unit_that_passes_has_a_page_and_no_other(built, wave):
    reported = _reported(wave)
    expected = {page_name(level, u) for level in LEVELS for u in reported[level]}
    on_disk = {p.name for p in (_wave_dir(wave) / UNIT_DIR).glob("*.html")}
    assert on_disk == expected
    assert len([n for n in on_disk if n.startswith("directie-")]) >= 30
    section = (_wave_dir(wave) / "eenheden.html").read_text("utf-8")
    linked = set(re.findall(rf'href="{UNIT_DIR}/([^"]+\.html)"', section))
    assert linked == expected


@pytest.mark.parametrize("wave", WAVES)
def test_a_unit_page_shows_only_rows_of_the_section_page(built, wave):
    section = _tables(_wave_dir(wave) / "eenheden.html")
    checked = 0
    for path in sorted((_wave_dir(wave) / UNIT_DIR).glob("*.html")):
        level = path.name.split("-", 1)[0]
        unit = None
        for name, table in _tables(path).items():
            if name == "clusters-groei-eenheid":
                whole = _tables(_wave_dir(wave) / "representatie.html").get("clusters-groei")
                whole = whole or section.get("clusters-groei")
            else:
                assert name.endswith("-eenheid") and name.startswith(f"eenheden-{level}-"), name
                whole = section[name.removesuffix("-eenheid")]
            assert table.header == whole.header, (path.name, name)
            rows = [tuple(r) for r in whole.rows]
            for row in table.rows:
                assert tuple(row) in rows, (path.name, name, row)
                checked += 1
            groups = {r[table.header.index("Groep")] for r in table.rows} - {"Totaal"}
            assert len(groups) == 1, (path.name, name, groups)
            unit = unit or groups.pop()
        assert unit is not None and page_name(level, unit) == path.name
    assert checked > 1000


@pytest.mark.parametrize("wave", WAVES)
def test_every_number_of_the_findings_is_a_cell_of_the_page(built, wave):
    for path in sorted((_wave_dir(wave) / UNIT_DIR).glob("*.html")):
        page = path.read_text("utf-8")
        cells = {c for t in parse_published_tables(page) for r in t.rows for c in r}
        numbers = {m for c in cells for m in _NUMBER.findall(c)}
        findings = page.split('id="bevindingen"', 1)[1].split("<h2", 1)[0]
        text = unescape(re.sub(r"<[^>]+>", " ", findings)).replace("95%-interval", "")
        for number in _NUMBER.findall(text):
            assert number in numbers, (path.name, number)


@pytest.mark.parametrize("wave", WAVES)
def test_a_directie_page_names_and_links_its_cluster(built, wave):
    import pandas as pd

    from pipeline.report.units import parents

    cluster_of = parents(pd.read_parquet(ROOT / "data" / "processed" / "demo" / "hr.parquet"))
    reported = _reported(wave)
    for directie in sorted(reported["directie"]):
        page = (_wave_dir(wave) / UNIT_DIR / page_name("directie", directie)).read_text("utf-8")
        cluster = cluster_of[directie]
        assert f'<a href="{page_name("cluster", cluster)}">{cluster}</a>' in page
        assert 'href="../eenheden.html"' in page and 'href="../../index.html"' in page
