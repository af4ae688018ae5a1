"""Every rendered report opened in headless Chromium (issue 7), plus structure checks in Python.

Browser (scripts/browser_check.mjs, one run per session): no console errors, no request that
leaves the file, no serious or critical axe-core violation (WCAG 2.0/2.1 A and AA), a
screenshot per page in tests/output/screenshots/. A deliberately bad page proves the check
can fail. Python: alt texts, one h1, one main, heading order, table headers, working links,
and downloads that hold exactly the published tables.
"""

import csv
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from openpyxl import load_workbook

from pipeline.disclosure import parse_published_tables
from tests.browser.conftest import run_browser_check

pytestmark = pytest.mark.slow

BLOCKING = {"serious", "critical"}
PLACEHOLDER_ALTS = {"image", "img", "figure", "figuur", "afbeelding", "grafiek", "chart", "plot",
                    "png", "output", "untitled"}


# ---------------------------------------------------------------- browser


def test_every_page_was_opened(browser_results, built):
    from tests.browser.conftest import browser_pages

    expected = browser_pages(built / "reports")
    opened = {p["page"] for p in browser_results["pages"]}
    assert opened == expected
    assert any(p.startswith("demo/2026/eenheden/directie-") for p in opened)
    assert "demo/index.html" in opened and len(opened) >= 3
    assert browser_results["browser"]


def test_no_console_errors(browser_results):
    errors = {p["page"]: p["console_errors"] for p in browser_results["pages"]
              if p["console_errors"]}
    assert errors == {}


def test_no_request_leaves_the_file(browser_results):
    for page in browser_results["pages"]:
        assert page["external_requests"] == [], page["page"]
        assert page["requests"], page["page"]  # the page itself was recorded
        assert all(r.startswith(("file:", "data:")) for r in page["requests"]), page["page"]


def test_axe_reports_no_serious_or_critical_violations(browser_results):
    found = {
        page["page"]: [(v["id"], v["impact"], v["count"], v["nodes"][:2])
                       for v in page["axe_violations"] if v["impact"] in BLOCKING]
        for page in browser_results["pages"]
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_a_screenshot_of_every_page_is_saved(browser_results):
    for page in browser_results["pages"]:
        shot = Path(page["screenshot"])
        assert shot.is_file(), page["page"]
        head = shot.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", page["page"]
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert width >= 800 and height >= 600, (page["page"], width, height)


def test_the_check_catches_a_bad_page(tmp_path):
    """The browser check is not vacuous: a page that breaks every rule fails every check."""
    bad = tmp_path / "pages" / "slecht.html"
    bad.parent.mkdir()
    bad.write_text(
        '<!DOCTYPE html><html><head><title>slecht</title></head><body>'
        '<p style="color:#bbbbbb;background:#ffffff">Lichtgrijze tekst op wit.</p>'
        '<img src="https://voorbeeld.invalid/grafiek.png">'
        "<script>console.error('kapot');</script></body></html>", encoding="utf-8")
    result = run_browser_check(bad.parent, tmp_path / "shots")
    (page,) = result["pages"]
    assert any("voorbeeld.invalid" in url for url in page["external_requests"])
    assert any("kapot" in text for text in page["console_errors"])
    ids = {v["id"] for v in page["axe_violations"] if v["impact"] in BLOCKING}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= ids
    assert Path(page["screenshot"]).is_file()


# ---------------------------------------------------------------- page structure (Python)


class PageOutline(HTMLParser):
    """Collect what the structure checks need from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


@pytest.fixture(scope="module")
def pages(built):
    out = {}
    for path in sorted((built / "reports").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        outline = PageOutline()
        outline.feed(text)
        out[path] = (text, outline)
    assert out
    return out


def _meaningful(alt: str, where: str) -> None:
    assert len(alt) >= 20, (where, alt)
    assert alt.lower().rstrip(".") not in PLACEHOLDER_ALTS, (where, alt)
    assert not re.search(r"\.(png|jpe?g|svg)$", alt, re.I), (where, alt)


def test_every_image_has_a_meaningful_alt_text(pages):
    """Every <img> has an alt text, and every inline <svg role="img"> a <title> naming it."""
    images = 0
    for path, (text, outline) in pages.items():
        for tag, attrs in outline.tags:
            if tag == "img":
                images += 1
                _meaningful((attrs.get("alt") or "").strip(), path.name)
        for svg in re.finditer(r"<svg\b([^>]*)>(.*?)</svg>", text, re.S):
            images += 1
            attrs = svg.group(1)
            assert 'role="img"' in attrs, (path.name, attrs[:120])
            label = re.search(r'aria-labelledby="([^"]+)"', attrs)
            assert label, (path.name, attrs[:120])
            title = re.match(rf'<title id="{re.escape(label.group(1))}">([^<]*)</title>',
                             svg.group(2))
            assert title, (path.name, label.group(1))
            _meaningful(html.unescape(title.group(1)).strip(), path.name)
    assert images > 0  # the reports do have figures


def test_figures_are_vector_and_every_id_is_unique(pages):
    """Issue 15: figures are inline SVG (no embedded PNG); ids inside them never collide."""
    figures = 0
    for path, (text, _) in pages.items():
        assert "data:image/png" not in text, path.name
        figures += text.count('<figure class="chart"><svg')
        ids = re.findall(r'\sid="([^"]+)"', text)
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert duplicates == [], (path.name, duplicates[:5])
    assert figures > 0


PAGE_LIMIT = 300_000
"""Largest page in bytes (issue 15: 19 PNGs made a page of 730 kB)."""


def test_every_page_is_below_300_kilobytes(pages):
    sizes = {path.name if path.name == "index.html" else f"{path.parent.name}/{path.name}":
             path.stat().st_size for path in pages}
    assert max(sizes.values()) < PAGE_LIMIT, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]


def test_one_h1_one_main_and_headings_in_order(pages):
    for path, (_, outline) in pages.items():
        assert outline.count("h1") == 1, path
        assert outline.count("main") == 1, path
        assert outline.headings[0] == 1, path
        for before, after in zip(outline.headings, outline.headings[1:], strict=False):
            assert after <= before + 1, (path, outline.headings)


def test_skip_link_and_in_page_links_have_targets(pages):
    for path, (_, outline) in pages.items():
        skip = [h for h in outline.links if h.startswith("#")][:1]
        assert skip, path
        main = next(a for t, a in outline.tags if t == "main")
        assert main.get("id") == skip[0][1:], path
        for href in outline.links:
            if href.startswith("#"):
                assert href[1:] in outline.ids, (path, href)


def test_no_developer_output_reaches_the_page(pages):
    for path, (text, _) in pages.items():
        assert not re.search(r"<pre>\s*None\s*</pre>", text), path
        assert "Traceback" not in text and "jp-OutputArea-error" not in text, path


def test_every_table_has_a_caption_and_column_headers(pages):
    tables = 0
    for path, (text, _) in pages.items():
        for table in re.findall(r"<table\b.*?</table>", text, re.S):
            tables += 1
            assert "<caption>" in table, path
            head = re.search(r"<thead>(.*?)</thead>", table, re.S)
            assert head and "<th" in head.group(1), path
            assert all('scope="col"' in th for th in re.findall(r"<th\b[^>]*>", head.group(1)))
    assert tables > 0


def test_local_links_resolve_and_nothing_points_off_the_machine(pages):
    for path, (_, outline) in pages.items():
        for href in outline.links:
            url = urlparse(href)
            assert url.scheme in ("", "file"), (path, href)
            if not url.path:
                continue
            assert (path.parent / unquote(url.path)).is_file(), (path, href)


# ---------------------------------------------------------------- downloads


def _section_pages(pages):
    return {p: v for p, v in pages.items() if p.name != "index.html"}


def test_every_report_links_its_workbook_and_one_csv_per_published_table(pages):
    for path, (text, outline) in _section_pages(pages).items():
        published = [t for t in parse_published_tables(text) if t.disclosure == "passed"]
        csvs = [h for h in outline.links if h.endswith(".csv")]
        # a page without tables of its own (the samenvatting) has no workbook
        assert (f"{path.stem}_tabellen.xlsx" in outline.links) == bool(published), path
        assert len(csvs) == len(published), path
        assert all(h.startswith(f"tabellen/{path.stem}/") for h in csvs), path


def test_csv_files_hold_exactly_the_published_tables(pages):
    for path, (text, outline) in _section_pages(pages).items():
        published = [t for t in parse_published_tables(text) if t.disclosure == "passed"]
        csvs = [h for h in outline.links if h.endswith(".csv")]
        for table, href in zip(published, csvs, strict=True):
            with (path.parent / href).open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle, delimiter=";"))
            assert rows[0] == table.header, (path, href)
            assert rows[1:] == table.rows, (path, href)
        on_disk = sorted((path.parent / "tabellen" / path.stem).glob("*.csv"))
        assert len(on_disk) == len(published), path


def test_workbook_has_one_sheet_per_published_table_with_its_cells(pages):
    for path, (text, _) in _section_pages(pages).items():
        published = [t for t in parse_published_tables(text) if t.disclosure == "passed"]
        if not published:  # the samenvatting: no table of its own, no workbook
            assert not (path.parent / f"{path.stem}_tabellen.xlsx").exists(), path
            continue
        book = load_workbook(path.parent / f"{path.stem}_tabellen.xlsx", read_only=True)
        sheets = book.sheetnames
        assert sheets[0] == "Toelichting" and len(sheets) == len(published) + 1, path
        for table, name in zip(published, sheets[1:], strict=True):
            values = list(book[name].iter_rows(values_only=True))
            assert values[0][0] == table.caption, (path, name)
            assert [str(v) for v in values[2][: len(table.header)]] == table.header
            assert len([r for r in values[3:] if any(v is not None for v in r)]) == (
                len(table.rows) + len(table.footer))
        book.close()
