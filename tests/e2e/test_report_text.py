"""Issue 15 items 2 and 4: the text of every rendered page reads as a Dutch report.

Every page of the demo build is scanned for English sentences, raw variable names and
scientific notation; a base gives the same n on every page; filter questions are counted
against their filter; a withheld crossing is one sentence, not an empty table; categories
follow the variable's order; and every section compares the waves without contradicting
itself.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from pipeline.analysis.catalogue import CATALOGUE, CATEGORY_ORDER
from pipeline.disclosure.html import parse_published_tables
from pipeline.ingest.variables import SURVEY_VARIABLES
from tests.e2e.conftest import ROOT

ENGLISH = {"the", "and", "with", "which", "from", "this", "that", "are", "been", "names",
           "answer", "should", "would", "there", "their", "trend with", "no trend", "not"}
"""Words of an English sentence that are not Dutch words (``of``, ``in``, ``is`` are both)."""
RAW_NAMES = {name for name in [*SURVEY_VARIABLES, *(i.name for i in CATALOGUE)]
             if "_" in name or any(ch.isdigit() for ch in name)}
SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
SCIENTIFIC = re.compile(r"\b\d+(?:[.,]\d+)?[eE][-+]?\d+\b")
FILE = re.compile(r"\S+\.(?:csv|sav|xlsx|yml|yaml|json|parquet)\b")
#: The code version in a footer is a commit hash, not a number ("versie 117744e477").
VERSION = re.compile(r"\bversie [0-9a-f]{7,40}\b")


def _pages():
    return sorted((ROOT / "reports").rglob("*.html"))


@pytest.fixture(scope="module")
def pages(built) -> dict[str, str]:
    """Every rendered page (path relative to reports/) and its HTML."""
    return {p.relative_to(built / "reports").as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((built / "reports").rglob("*.html"))}


def visible_text(page: str) -> str:
    """The text a reader sees (and hears: alt texts), without markup, styles or file names."""
    body = re.sub(r"<(style|script|head)\b.*?</\1>", " ", page, flags=re.S | re.I)
    alts = " ".join(re.findall(r'alt="([^"]*)"', body))
    text = re.sub(r"<[^>]+>", " ", body) + " " + alts
    return VERSION.sub(" ", FILE.sub(" ", html_lib.unescape(text)))


def english_words(text: str) -> list[str]:
    """English words in a Dutch text.

    Examples
    --------
    >>> english_words("Demo: 2026 names the new external meldpunt; no trend with 2024")
    ['names', 'no trend', 'the', 'trend with', 'with']
    >>> english_words("Bij wie men het vertelde, of niet; van 2024 naar 2026.")
    []
    """
    lower = text.lower()
    found = [w for w in ENGLISH if " " not in w and re.search(rf"\b{w}\b", lower)]
    found += [w for w in ENGLISH if " " in w and w in lower]
    return sorted(set(found))


def raw_names(text: str) -> list[str]:
    """Canonical variable names, snake_case identifiers and dotted params keys in a text.

    Examples
    --------
    >>> raw_names("zo ingesteld in params.yaml, weighting.allow_missing_margins; ub_any")
    ['weighting.allow_missing_margins', 'allow_missing_margins', 'ub_any']
    >>> raw_names("Uit hr_2024-12-31.csv zijn 10 rijen gelezen.")
    []
    """
    text = FILE.sub(" ", text)
    found = [m.group(0) for m in DOTTED.finditer(text)]
    found += [m.group(0) for m in SNAKE.finditer(text)]
    found += [w for w in RAW_NAMES if "_" not in w and re.search(rf"\b{w}\b", text)]
    return list(dict.fromkeys(found))


def scientific(text: str) -> list[str]:
    """Numbers in e-notation.

    Examples
    --------
    >>> scientific("grootste resterende afwijking 8.3e-07 en 1,6E-07; 2024 en e-mail")
    ['8.3e-07', '1,6E-07']
    >>> scientific(visible_text("<p>Code: versie 117744e477.</p><p>1e5</p>"))
    ['1e5']
    """
    return SCIENTIFIC.findall(text)


def test_the_scans_cover_the_samenvatting_and_the_monitor(pages):
    """The scans below read every page, the samenvatting of each wave and the index included."""
    for name in ("demo/index.html", "demo/2024/samenvatting.html", "demo/2026/samenvatting.html"):
        assert name in pages
        text = visible_text(pages[name])
        assert "procentpunt" in text or "%" in text, name
    assert "Monitor: alle metingen naast elkaar" in visible_text(pages["demo/index.html"])


def test_no_page_has_an_english_sentence(pages):
    found = {name: english_words(visible_text(page)) for name, page in pages.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_page_shows_raw_variable_names(pages):
    found = {name: raw_names(visible_text(page)) for name, page in pages.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_a_page_says_at_most_once_that_this_is_the_first_wave(pages):
    """Before: "Dit is de eerste meting" stood under each of the five 2024 gronden subsections."""
    from pipeline.report.tables import FIRST_WAVE

    said = {name: re.sub(r"\s+", " ", visible_text(page)).count(FIRST_WAVE)
            for name, page in pages.items()}
    assert {k: v for k, v in said.items() if v > 1} == {}
    assert said["demo/2024/gronden.html"] == 1


def test_no_page_uses_scientific_notation(pages):
    found = {name: scientific(visible_text(page)) for name, page in pages.items()}
    assert {k: v for k, v in found.items() if v} == {}


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def test_the_same_base_gives_the_same_n_on_every_page(pages):
    waves = sorted({part for name in pages for part in name.split("/")[:-1] if part.isdigit()})
    assert waves
    for wave in waves:
        seen: dict[str, set[int]] = {}
        for name, page in pages.items():
            if f"/{wave}/" not in f"/{name}":
                continue
            text = re.sub(r"\s+", " ", visible_text(page))
            for pattern in (r"(\d{1,3}(?:\.\d{3})*) volledig ingevulde vragenlijsten",
                            r"Van de (\d{1,3}(?:\.\d{3})*) respondenten"):
                for found in re.findall(pattern, text):
                    seen.setdefault(name, set()).add(_number(found))
            for table in parse_published_tables(page):
                if table.caption.startswith("Kerncijfers: "):
                    col = table.header.index("n")
                    seen.setdefault(name, set()).update(_number(r[col]) for r in table.rows)
        values = set().union(*seen.values())
        assert len(values) == 1, (wave, seen)


def test_filter_questions_count_only_who_was_asked(pages):
    for name, page in pages.items():
        if not name.endswith("respons.html"):
            continue
        table = next(t for t in parse_published_tables(page)
                     if t.caption.startswith("Vragen die het vaakst onbeantwoord bleven"))
        share = table.header.index("Percentage")
        n = table.header.index("n")
        ns = {r[0]: _number(r[n]) for r in table.rows if r[n] != "·"}
        assert all(int(r[share].rstrip("%").lstrip("<>")) < 50 for r in table.rows
                   if r[share] != "·"), (name, table.rows)
        grounds = [v for k, v in ns.items() if k.startswith("discriminatiegrond")]
        assert all(v < 0.5 * max(ns.values()) for v in grounds), (name, ns)


def test_no_table_is_only_a_header(pages):
    empty = [(name, t.caption) for name, page in pages.items()
             for t in parse_published_tables(page) if not t.rows]
    assert empty == []


def test_withheld_crossing_is_one_dutch_sentence(pages):
    page = pages["demo/2026/prevalentie.html"]
    assert ("Discriminatie ervaren: Herkomst (CBS, nieuwe indeling) × Gender: niet getoond, "
            "want niet elke cel haalt de drempel van 10 respondenten.") in visible_text(page)


def _rank(cell: str) -> tuple[str, int] | None:
    for variable, order in CATEGORY_ORDER.items():
        if variable in ("disability", "lhbtiq", "manager"):
            continue
        if cell in order:
            return variable, order.index(cell)
    return None


def test_categories_follow_the_variables_order(pages):
    wrong = []
    for name, page in pages.items():
        for table in parse_published_tables(page):
            if "Groep" not in table.header:
                continue
            g = table.header.index("Groep")
            blocks = [i for i, h in enumerate(table.header)
                      if h in ("Jaar", "Indicator", "Uitsplitsing")]
            last: dict[tuple, int] = {}
            for row in table.rows:
                found = _rank(row[g])
                if found is None:
                    continue
                key = (*[row[i] for i in blocks], found[0])
                if found[1] < last.get(key, -1):
                    wrong.append((name, table.caption, row[g]))
                last[key] = found[1]
    assert wrong == []


TREND_TABLES = {
    "prevalentie": ("trend", "trend-discr-groepen", "trend-ub-groepen"),
    "gronden": ("trend-gronden", "trend-daders-discriminatie", "trend-verteld",
                "trend-veiligheid"),
}


def test_every_section_compares_the_waves(pages):
    for section, names in TREND_TABLES.items():
        page = pages[f"demo/2026/{section}.html"]
        captions = [t.caption for t in parse_published_tables(page)]
        trend = [c for c in captions if "vorige en deze meting" in c]
        assert len(trend) == len(names), (section, trend)
        first = pages[f"demo/2024/{section}.html"]
        assert "Dit is de eerste meting in deze reeks" in visible_text(first)


def test_a_change_is_never_called_not_significant_beside_an_interval_without_zero(pages):
    text = re.sub(r"\s+", " ", visible_text(pages["demo/2026/prevalentie.html"]))
    assert "niet statistisch significant (p =" not in text
    line = re.search(r"ongewenst gedrag \(minstens één vorm\): van \d+% \(2024\) naar \d+% "
                     r"\(2026\), (−\d+,\d) procentpunt \(95%-interval (−\d+,\d) tot (−\d+,\d)\): "
                     r"een significante daling\.", text)
    assert line, text[:2000]
    assert "kerncijfers in het totaal" in text and "Benjamini en Hochberg" in text
    # said only where the correction is the point: the test alone would have been significant
    for match in re.finditer(r"\(95%-interval (−?\d+,\d+) tot (−?\d+,\d+)\): na correctie", text):
        low, high = (float(v.replace("−", "-").replace(",", ".")) for v in match.groups())
        assert low > 0 or high < 0


SIGNED = re.compile(r"^[−+-]\d[\d.,]*(?:\s+tot\s+[−+-]?\d[\d.,]*)?$")


def test_signed_differences_and_their_intervals_are_right_aligned(pages):
    # "−2,6" and "−4,1 tot −1,0" were left-aligned: the minus sign U+2212 and "tot" were not
    # recognised as parts of a number
    left, seen = [], 0
    for name, page in pages.items():
        for attrs, inner in re.findall(r"<td([^>]*)>(.*?)</td>", page, flags=re.S):
            text = html_lib.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
            if SIGNED.match(text):
                seen += 1
                if 'class="num' not in attrs and "num" not in attrs:
                    left.append(f"{name}: {text}")
    assert seen > 50
    assert not left, left[:5]
