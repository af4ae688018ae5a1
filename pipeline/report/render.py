"""Render an executed notebook to a self-contained Dutch HTML report.

The notebook's code, prompts and parameter cells never reach the page; standard-error streams
(warnings) are dropped; headings get ids and a generated table of contents. The template
(``templates/rapport``) replaces nbconvert's ``<head>`` so that no script or stylesheet is
requested from any host.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "rapport"
_HEADING = re.compile(r"<h([23])([^>]*)>(.*?)</h\1>", re.S)


class DropMachineryPreprocessor(Preprocessor):
    """Drop stderr streams and error outputs; they are for developers, not readers."""

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 (nbconvert interface)
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                and o.get("output_type") != "error"
            ]
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
    """

    title: str
    subtitle: str
    synthetic: bool
    index_href: str = "../index.html"
    footer: str = ""


def _slug(text: str, used: set[str]) -> str:
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
        slug = existing.group(1) if existing else _slug(inner, used)
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


def render_html(executed: Path, out_html: Path, meta: ReportMeta) -> Path:
    """Render an executed notebook to ``out_html`` (written atomically).

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
    nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"parameters", "injected-parameters"}),
        enabled=True,
    )
    exporter.register_preprocessor(DropMachineryPreprocessor(), enabled=True)
    css = (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")
    resources = {"report": {**meta.__dict__, "css": css}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = add_table_of_contents(body)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_html.with_suffix(".html.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(out_html)
    return out_html
