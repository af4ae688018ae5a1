"""Issue 15 item 1: the samenvatting of every wave and the monitor on the index page.

On the demo build (the session's one ``dvc repro``): each wave has a samenvatting, first in its
list on the index page, with five to eight findings whose every link lands on a heading of the
page it names; its numbers are those of the sections' published tables (it has no table of its
own, so it changes nothing the gate hides); the index shows the key
figures of every wave side by side with the change and its verdict, and the representation
series with the targets.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from pipeline.disclosure.html import parse_published_tables
from tests.e2e.test_report_text import visible_text

WAVES = ("2024", "2026")


@pytest.fixture(scope="module")
def reports(built):
    return built / "reports" / "demo"


def _findings(page: str) -> list[str]:
    start = page.index('id="belangrijkste-bevindingen"')
    block = re.search(r"<ol\b.*?</ol>", page[start:], re.S)
    assert block, "no list of findings"
    return re.findall(r"<li>(.*?)</li>", block.group(0), re.S)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def test_every_wave_has_a_samenvatting_first_in_its_list(reports):
    index = (reports / "index.html").read_text(encoding="utf-8")
    listing = re.search(r'<table class="index-table">.*?</table>', index, re.S).group(0)
    for wave in WAVES:
        assert (reports / wave / "samenvatting.html").is_file()
        row = re.search(rf'<th scope="row">{wave}</th>.*?</tr>', listing, re.S).group(0)
        first = re.search(r'<a href="([^"]+)"', row).group(1)
        assert first == f"{wave}/samenvatting.html"


def test_five_to_eight_findings_each_linking_to_a_heading_that_exists(reports):
    for wave in WAVES:
        page = (reports / wave / "samenvatting.html").read_text(encoding="utf-8")
        findings = _findings(page)
        assert 5 <= len(findings) <= 8, (wave, len(findings))
        for finding in findings:
            links = re.findall(r'<a href="([^"#]+)\.html#([^"]+)"', finding)
            assert links, finding
            for section, anchor in links:
                target = (reports / wave / f"{section}.html").read_text(encoding="utf-8")
                assert f'id="{anchor}"' in target, (wave, section, anchor)


def test_first_wave_says_there_is_no_comparison_and_the_second_compares(reports):
    first = _text(" ".join(_findings((reports / "2024" / "samenvatting.html")
                                     .read_text(encoding="utf-8"))))
    assert "eerste meting in deze reeks" in first and "sinds 2024" not in first
    second = _text(" ".join(_findings((reports / "2026" / "samenvatting.html")
                                      .read_text(encoding="utf-8"))))
    assert "Sinds 2024" in second or "sinds 2024" in second
    assert "correctie volgens Holm" in second and "Benjamini-Hochberg" in second
    for target in ("vanaf schaal 12", "per cluster", "jonger dan 35"):
        assert target in second.lower(), target


def test_the_headline_change_is_the_one_the_prevalence_page_publishes(reports):
    prevalence = re.sub(r"\s+", " ", visible_text(
        (reports / "2026" / "prevalentie.html").read_text(encoding="utf-8")))
    line = re.search(r"ongewenst gedrag \(minstens één vorm\): van (\d+%) \(2024\) naar (\d+%) "
                     r"\(2026\), (−?\+?\d+,\d procentpunt \(95%-interval [^)]*\))", prevalence)
    assert line, prevalence[:1500]
    summary = _text(_findings((reports / "2026" / "samenvatting.html")
                              .read_text(encoding="utf-8"))[0])
    before, after, change = line.groups()
    assert f"van {before} naar {after}, {change}" in summary, summary


def test_groups_that_stand_out_carry_the_figures_published_values(reports):
    for wave in WAVES:
        page = (reports / wave / "samenvatting.html").read_text(encoding="utf-8")
        assert not parse_published_tables(page)  # no table of its own: nothing to hide
        figures = parse_published_tables(
            (reports / wave / "prevalentie.html").read_text(encoding="utf-8"))
        shown = {(t.caption.split(", naar ")[0].lower(), _breakdown(t.caption), r[0]): r[1]
                 for t in figures if ", naar " in t.caption for r in t.rows}
        for finding in _findings(page):
            text = _text(finding)
            outcome = ("discriminatie ervaren" if text.startswith("Vaker discriminatie")
                       else "ongewenst gedrag (minstens één vorm)"
                       if text.startswith("Vaker ongewenst gedrag") else None)
            if outcome is None:
                continue
            named = _named_groups(text)
            assert named, text
            for breakdown, group, value in named:
                assert shown[(outcome, breakdown.lower(), group)] == value, (wave, group, value)


def _breakdown(caption: str) -> str:
    """A figure table's breakdown, as the findings name it ("naar herkomst (CBS, ...)")."""
    return re.sub(r"\s*\(.*\)$", "", caption.split(", naar ", 1)[1]).lower()


def _named_groups(text: str) -> list[tuple[str, str, str]]:
    """The groups a finding lists with their percentages, as (breakdown, group, value).

    A group is written "Buiten-Europa (herkomst) 23%" or, for a yes/no breakdown,
    "LHBTIQ+: ja 19%"; the list runs from "(Benjamini-Hochberg): " to the full stop, each
    item ending in its percentage, then ", " or " en ".

    >>> _named_groups("... (Benjamini-Hochberg): Buiten-Europa (herkomst) 23%, LHBTIQ+: ja "
    ...               "19%, Ruimte en Economie (cluster) 16% en leidinggevende: nee 13%. Zie ...")
    ... # doctest: +NORMALIZE_WHITESPACE
    [('herkomst', 'Buiten-Europa', '23%'), ('LHBTIQ+', 'ja', '19%'),
     ('cluster', 'Ruimte en Economie', '16%'), ('leidinggevende', 'nee', '13%')]
    """
    listed = text.split("(Benjamini-Hochberg): ", 1)[1].split(". Zie", 1)[0]
    listed = re.sub(r" en nog \d+ andere$", "", listed)
    out = []
    for item in re.split(r"(?<=%)(?:, | en )", listed):
        m = (re.fullmatch(r"(?P<group>.+?) \((?P<by>[^()]+)\) (?P<value>\d+%)", item)
             or re.fullmatch(r"(?P<by>[^:]+): (?P<group>.+?) (?P<value>\d+%)", item))
        assert m, item
        out.append((m.group("by"), m.group("group"), m.group("value")))
    return out


def test_index_shows_every_wave_side_by_side_with_the_change_and_the_targets(reports):
    index = (reports / "index.html").read_text(encoding="utf-8")
    monitor = re.search(r'<table class="monitor-table">.*?</table>', index, re.S).group(0)
    header = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", monitor)
    assert header[1:3] == list(WAVES) and "Verschil 2024–2026 (procentpunt)" in header
    key = {}
    for wave in WAVES:
        tables = parse_published_tables(
            (reports / wave / "prevalentie.html").read_text(encoding="utf-8"))
        table = next(t for t in tables if t.caption.startswith("Kerncijfers:"))
        value = table.header.index("Percentage")
        key[wave] = {r[0]: r[value] for r in table.rows}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", monitor):
        name, cells = row[0], re.findall(r"<td[^>]*>(.*?)</td>", row[1])
        label = next(k for k in key["2024"] if k.lower() == html_lib.unescape(name).lower())
        assert cells[:2] == [key["2024"][label], key["2026"][label]], name
        assert cells[3] in ("significante stijging", "significante daling",
                            "geen significante verandering",
                            "na correctie voor meervoudig toetsen niet significant"), cells
    assert "Representatie en de doelen van het college" in index
    series = re.findall(r'<table class="monitor-table">.*?</table>', index, re.S)[1]
    assert "doel 30%" in series and "doel 20%" in series
    # every series has its published figure in every wave's year (before: the under-35 column
    # was all "–" once the jong table had the years as columns)
    rows = {int(y): re.findall(r"<td[^>]*>(.*?)</td>", cells)
            for y, cells in re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', series)}
    young = next(t for t in parse_published_tables(
        (reports / WAVES[-1] / "representatie.html").read_text(encoding="utf-8"))
        if "jonger dan 35" in t.caption.lower())
    shares = dict(zip(young.header, next(r for r in young.rows if r[1] == "Percentage"),
                      strict=True))
    for wave in WAVES:
        assert "–" not in rows[int(wave)], (wave, rows[int(wave)])
        assert rows[int(wave)][1] == shares[wave], wave
    assert 'href="2026/representatie.html#doel-30-vanaf-schaal-12"' in index
