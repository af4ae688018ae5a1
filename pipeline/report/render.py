"""Render an executed notebook to a self-contained Dutch HTML report.

The notebook's code, prompts and parameter cells never reach the page; standard-error streams
(warnings) are dropped; headings get ids and a generated table of contents. The template
(``templates/rapport``) replaces nbconvert's ``<head>`` so that no script or stylesheet is
requested from any host. After rendering, every published table on the page is written out as
CSV and XLSX (:mod:`pipeline.report.downloads`) and linked from a "Tabellen downloaden"
section at the end of the page.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from pipeline.report.downloads import downloads_section, write_downloads

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "rapport"
_HEADING = re.compile(r"<h([23])([^>]*)>(.*?)</h\1>", re.S)
_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_SECTION = re.compile(r"<(thead|tbody)>(.*?)</\1>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_NUMBER = r"[<>≤≥]?[-+−]?\d[\d.,]*%?"          # Dutch number, signed (also U+2212), or share
_NUMERIC = re.compile(rf"^{_NUMBER}(?:(?:\s*[–-]\s*|\s+tot\s+){_NUMBER})?$")
_EMPTY = {"·", "–", "-", "", "referentie"}  # marks, blanks, the reference group of odds ratios


def _is_noise(output: dict) -> bool:
    """Whether an output is for developers: stderr, errors, or a bare ``None``.

    Examples
    --------
    >>> _is_noise({"output_type": "display_data", "data": {"text/plain": "None"}})
    True
    >>> _is_noise({"output_type": "display_data", "data": {"text/plain": "x", "text/html": "x"}})
    False
    """
    kind = output.get("output_type")
    if kind == "error" or (kind == "stream" and output.get("name") == "stderr"):
        return True
    if kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        return set(data) == {"text/plain"} and str(data["text/plain"]).strip() == "None"
    return False


class DropMachineryPreprocessor(Preprocessor):
    """Drop stderr streams, error outputs and bare ``None`` results; they are not for readers."""

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 (nbconvert interface)
        if cell.get("cell_type") == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if not _is_noise(o)]
        return cell, resources


@dataclass(frozen=True)
class ReportMeta:
    """What the page frame shows around the notebook's output.

    Attributes
    ----------
    title : str
        The page's single ``h1``.
    subtitle : str
        A line under the title (wave, study, build date).
    synthetic : bool
        Show the "synthetische data" banner.
    index_href : str
        Relative link to ``reports/index.html``.
    footer : str
        Footer text (source, code version).
    trail : tuple of (str, str)
        Further steps of the breadcrumb after "Alle rapporten": ``(label, href)`` pairs.
    """

    title: str
    subtitle: str
    synthetic: bool
    index_href: str = "../index.html"
    footer: str = ""
    trail: tuple[tuple[str, str], ...] = ()


def heading_slug(text: str, used: set[str]) -> str:
    """Return the id of a heading: its text in lower-case words joined by ``-``, unique in ``used``.

    Examples
    --------
    >>> used = set()
    >>> heading_slug("Doel: 30% vanaf schaal 12", used), heading_slug("Doel: 30%", used)
    ('doel-30-vanaf-schaal-12', 'doel-30')
    >>> heading_slug("Doel: 30%", used)
    'doel-30-2'
    """
    base = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-") or "sectie"
    slug, k = base, 2
    while slug in used:
        slug, k = f"{base}-{k}", k + 1
    used.add(slug)
    return slug


def add_table_of_contents(page: str) -> str:
    """Give every ``h2``/``h3`` an id and insert a table of contents at ``<!--TOC-->``.

    Parameters
    ----------
    page : str
        HTML page with a ``<!--TOC-->`` marker.

    Returns
    -------
    str
        The page with heading ids and a ``<nav class="toc">``.

    Examples
    --------
    >>> out = add_table_of_contents("<!--TOC--><h2>Respons</h2><h3>Per cluster</h3>")
    >>> 'href="#respons"' in out and '<h2 id="respons">' in out
    True
    """
    used: set[str] = set()
    entries: list[tuple[int, str, str]] = []

    def name(match: re.Match[str]) -> str:
        level, attrs, inner = match.group(1), match.group(2), match.group(3)
        existing = re.search(r'id="([^"]+)"', attrs)
        slug = existing.group(1) if existing else heading_slug(inner, used)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "").strip()
        entries.append((int(level), slug, text))
        attrs = attrs if existing else f' id="{slug}"{attrs}'
        return f"<h{level}{attrs}>{inner}</h{level}>"

    page = _HEADING.sub(name, page)
    if not entries:
        return page.replace("<!--TOC-->", "")
    items = []
    for level, slug, text in entries:
        if level == 2:
            items.append(f'<li><a href="#{slug}">{html.escape(text)}</a></li>')
    toc = ('<nav class="toc" aria-labelledby="toc-kop"><h2 id="toc-kop">Inhoud</h2><ol>'
           + "".join(items) + "</ol></nav>")
    return page.replace("<!--TOC-->", toc, 1)


def _with_class(attrs: str, name: str) -> str:
    if re.search(r'class="', attrs):
        return re.sub(r'class="([^"]*)"', lambda m: f'class="{m.group(1)} {name}"', attrs, count=1)
    return f'{attrs} class="{name}"'


def _cell_text(inner: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def mark_numeric_columns(page: str) -> str:
    """Add ``class="num"`` to the cells of table columns that hold only numbers.

    A column is numeric when every body cell is a Dutch number, percentage or interval
    (``6.370``, ``56%``, ``55%–57%``) or a suppression/empty mark, and at least one is a
    number. Numeric columns are right-aligned by the stylesheet; text columns stay left.
    Only ``class`` attributes change; cell texts and the gate's mark are untouched.

    Parameters
    ----------
    page : str
        HTML.

    Returns
    -------
    str
        The HTML with numeric header and body cells marked.

    Examples
    --------
    >>> t = ('<table data-disclosure="passed"><thead><tr><th scope="col">Groep</th>'
    ...      '<th scope="col">n</th></tr></thead><tbody><tr><td>man</td><td>1.230</td></tr>'
    ...      '<tr><td>vrouw</td><td>·</td></tr></tbody></table>')
    >>> out = mark_numeric_columns(t)
    >>> '<th scope="col" class="num">n</th>' in out, '<td class="num">·</td>' in out
    (True, True)
    >>> '<td class="num">man</td>' in out
    False

    Signed differences and their intervals (``−2,6``, ``−4,1 tot −1,0``) are numbers too:

    >>> t2 = t.replace("1.230", "−4,1 tot −1,0").replace(">·<", ">+0,1<")
    >>> '<td class="num">−4,1 tot −1,0</td>' in mark_numeric_columns(t2)
    True
    """

    def table(match: re.Match[str]) -> str:
        text = match.group(0)
        if "<table" in text[6:]:
            return text  # nested tables: leave alone
        bodies = [m for m in _SECTION.finditer(text) if m.group(1) == "tbody"]
        if not bodies:
            return text
        rows = [[_cell_text(c.group(3)) for c in _CELL.finditer(r.group(1))]
                for r in _ROW.finditer(bodies[0].group(2))]
        width = max((len(r) for r in rows), default=0)
        numeric = set()
        for i in range(width):
            column = [r[i] for r in rows if len(r) > i]
            if (column and all(_NUMERIC.match(v) or v in _EMPTY for v in column)
                    and any(v not in _EMPTY for v in column)):
                numeric.add(i)
        if not numeric:
            return text

        def mark_section(section: re.Match[str]) -> str:
            def mark_row(row: re.Match[str]) -> str:
                index = iter(range(10_000))

                def mark_cell(cell: re.Match[str]) -> str:
                    tag, attrs, inner = cell.groups()
                    if next(index) in numeric and "colspan" not in attrs:
                        attrs = _with_class(attrs, "num")
                    return f"<{tag}{attrs}>{inner}</{tag}>"

                offset = row.start(0)
                whole, start, end = row.group(0), row.start(1) - offset, row.end(1) - offset
                return whole[:start] + _CELL.sub(mark_cell, row.group(1)) + whole[end:]

            name, inner = section.groups()
            return f"<{name}>{_ROW.sub(mark_row, inner)}</{name}>"

        return _SECTION.sub(mark_section, text)

    return _TABLE.sub(table, page)


@functools.cache
def _exporter() -> HTMLExporter:
    """Return the page exporter, built once per process (its templates compile once)."""
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        exclude_anchor_links=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"parameters", "injected-parameters"}),
        enabled=True,
    )
    exporter.register_preprocessor(DropMachineryPreprocessor(), enabled=True)
    return exporter


def render_html(executed: Path, out_html: Path, meta: ReportMeta) -> Path:
    """Render an executed notebook to ``out_html`` (written atomically), with its downloads.

    The published tables of the rendered page are written next to it (see
    :func:`pipeline.report.downloads.write_downloads`) and linked from the page.

    Parameters
    ----------
    executed : pathlib.Path
        Executed notebook (papermill output).
    out_html : pathlib.Path
        Destination HTML file.
    meta : ReportMeta
        Title, banner and footer.

    Returns
    -------
    pathlib.Path
        ``out_html``.
    """
    return render_notebook(nbformat.read(executed, as_version=4), out_html, meta)


def render_notebook(nb: nbformat.NotebookNode, out_html: Path, meta: ReportMeta) -> Path:
    """Render a notebook (executed, or built in memory with its outputs) like :func:`render_html`.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook; code inputs are never shown, only outputs and Markdown cells.
    out_html : pathlib.Path
        Destination HTML file.
    meta : ReportMeta
        Title, banner and footer.

    Returns
    -------
    pathlib.Path
        ``out_html``.
    """
    exporter = _exporter()
    css = (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")
    resources = {"report": {**meta.__dict__, "css": css}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    downloads = write_downloads(body, out_html, meta.title)
    body = body.replace("</main>", downloads_section(downloads) + "\n</main>", 1)
    body = add_table_of_contents(mark_numeric_columns(body))
    tmp = out_html.with_suffix(".html.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(out_html)
    return out_html
