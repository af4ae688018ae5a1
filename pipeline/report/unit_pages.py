"""One page per reported cluster and directie, built from the wave's published unit tables.

The section ``eenheden`` publishes, per level, tables that hold the organisation's total and
every reported unit (:func:`pipeline.report.tables.eenheden`). A unit's own page shows, of each
of those tables, the organisation's rows and the unit's rows only
(:func:`pipeline.disclosure.published.table_rows`): a subset of cells the ledger published,
with their marks, so the unit pages reveal nothing the section page does not. Its findings are
written from the shown cells of the page's own tables.

The pages are built in the report stage without a kernel: an in-memory notebook of Markdown
cells and HTML outputs, rendered like every section page
(:func:`pipeline.report.render.render_notebook`), into ``reports/<source>/<wave>/eenheden/``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import nbformat
import pandas as pd

from pipeline.disclosure.published import MARK, PublishedTable, table_rows
from pipeline.errors import PipelineError
from pipeline.report.units import HIGHER, LEVEL_LABELS, LEVEL_PLURALS, LEVELS, LOWER

logger = logging.getLogger(__name__)

UNIT_DIR = "eenheden"
"""Folder of the unit pages, beside the wave's section pages."""
TOPICS = (
    ("kerncijfers", "Kerncijfers"),
    ("veiligheid", "Psychologische veiligheid"),
    ("vormen", "Vormen van ongewenst gedrag"),
    ("gronden", "Discriminatiegronden"),
    ("daders", "Plegers van discriminatie"),
    ("verteld", "Melden: bij wie men het vertelde"),
)
"""The unit tables a unit page shows (``eenheden-<level>-<topic>``), with their headings."""
TOTAL = "Totaal"
"""The organisation's group label in the published unit tables."""


def page_name(level: str, unit: str) -> str:
    """Return the file name of a unit's page: level and a plain-ASCII slug of its name.

    Examples
    --------
    >>> page_name("directie", "Afval en Grondstoffen")
    'directie-afval-en-grondstoffen.html'
    >>> page_name("cluster", "Sociaal Domein (SD) & Zorg")
    'cluster-sociaal-domein-sd-zorg.html'
    """
    plain = unicodedata.normalize("NFKD", unit).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "eenheid"
    return f"{level}-{slug}.html"


def unit_pages(listed: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Return ``(level, unit, file name)`` of every reported unit, clusters first.

    Raises
    ------
    PipelineError
        If two units would get the same file name.
    """
    out, seen = [], {}
    for level in LEVELS:
        rows = listed[(listed["level"] == level) & listed["reported"]]
        for unit in rows["unit"].astype(str):
            name = page_name(level, unit)
            if name in seen:
                raise PipelineError(f"the {level} units {seen[name]!r} and {unit!r} would share "
                                    f"the page {name}",
                                    hint="give one of them another name in the HR register")
            seen[name] = unit
            out.append((level, unit, name))
    return out


def page_links(listed: pd.DataFrame, folder: str = UNIT_DIR) -> str:
    """Dutch Markdown list of links to the unit pages, per level.

    Examples
    --------
    >>> listed = pd.DataFrame({"level": ["cluster", "directie", "directie"],
    ...                        "unit": ["Sociaal", "Zorg", "Klein"],
    ...                        "reported": [True, True, False]})
    >>> print(page_links(listed))
    **Clusters**: [Sociaal](eenheden/cluster-sociaal.html)
    <BLANKLINE>
    **Directies**: [Zorg](eenheden/directie-zorg.html)
    """
    pages = unit_pages(listed)
    blocks = []
    for level in LEVELS:
        links = [f"[{unit}]({folder}/{name})" for lv, unit, name in pages if lv == level]
        if links:
            blocks.append(f"**{LEVEL_PLURALS[level].capitalize()}**: " + " · ".join(links))
    return "\n\n".join(blocks)


SAFETY = "psychologische veiligheid"
"""The name of the one figure of the ``veiligheid`` tables, which have no Indicator column."""


def _column(table: PublishedTable, start: str) -> str | None:
    return next((c for c in table.display_frame.columns if str(c).startswith(start)), None)


def _named_rows(view: PublishedTable, group: str, what: str) -> list[tuple[str, pd.Series]]:
    """Return the rows of one group, each with the figure it holds (Indicator, else `what`)."""
    shown = view.display_frame
    return [(row["Indicator"] if "Indicator" in shown else what, row)
            for _, row in shown[shown["Groep"] == group].iterrows()]


def unit_findings(view: PublishedTable, unit: str, what: str = SAFETY) -> list[str]:
    """Dutch findings of one unit from its view of a comparison table, one per indicator.

    Every number is a shown cell of `view` (its text as published); a hidden cell gives
    "niet getoond" instead.

    Parameters
    ----------
    view : PublishedTable
        The organisation's and the unit's rows of a ``kerncijfers`` or ``veiligheid`` table.
    unit : str
        The unit's label.
    what : str
        The figure's name where the table has no Indicator column (one figure per group).

    Returns
    -------
    list of str
        Markdown bullet items.
    """
    shown = view.display_frame
    value = "Percentage" if "Percentage" in shown else "Gemiddelde"
    if value not in shown:
        return []
    interval = "95%-interval" if "95%-interval" in shown else None
    diff, test = _column(view, "Verschil met de rest"), _column(view, "Toets")
    unit_word = "procentpunt" if value == "Percentage" else "punt"
    totals = {name: row[value] for name, row in _named_rows(view, TOTAL, what)}
    items = []
    for name, row in _named_rows(view, unit, what):
        if row[value] == MARK:
            items.append(f"- **{name}**: niet getoond om de geheimhouding te bewaren.")
            continue
        text = f"- **{name}**: {row[value]}"
        if interval and row[interval] != MARK:
            text += f" (95%-interval {row[interval]})"
        text += f" in {unit}, {totals.get(name, MARK)} in de hele organisatie"
        if diff and test and row[diff] != MARK and row[test] != MARK:
            text += f"; verschil met de rest {row[diff]} {unit_word}: {row[test]}"
        items.append(text + ".")
    return items


def summary_sentence(views: Sequence[PublishedTable], unit: str) -> str:
    """One Dutch sentence: which key figures of the unit differ from the rest, after correction.

    Read from the shown verdicts of the unit's rows (the ``Toets`` column).

    Examples
    --------
    >>> from pipeline.disclosure import DisclosureRules, publish_estimates
    >>> est = pd.DataFrame({"wave": 2024, "indicator": "discr_ja", "breakdown": "directie",
    ...                     "group": ["A"], "estimate": [0.12], "ci_low": [0.10],
    ...                     "ci_high": [0.14], "n": [400], "n_pos": [48]})
    >>> table = publish_estimates(est, DisclosureRules(), name="t", caption="T")
    >>> print(summary_sentence([table], "A"))
    Bij geen van de getoonde kerncijfers is een verschil met de rest van de organisatie aangetoond.

    With a verdict (the ``Toets`` column): "In A ligt ... hoger dan in de rest van de
    organisatie. Bij de andere getoonde kerncijfers is geen verschil aangetoond."
    """
    higher, lower, other = [], [], 0
    for view in views:
        test = _column(view, "Toets")
        for name, row in _named_rows(view, unit, SAFETY):
            verdict = row[test] if test else ""
            if verdict == HIGHER:
                higher.append(name)
            elif verdict == LOWER:
                lower.append(name)
            elif verdict and verdict != MARK:
                other += 1
    parts = [f"{'ligt' if len(words) == 1 else 'liggen'} {_and(words)} {how}"
             for words, how in ((higher, "hoger"), (lower, "lager")) if words]
    if not parts:
        return ("Bij geen van de getoonde kerncijfers is een verschil met de rest van de "
                "organisatie aangetoond.")
    text = f"In {unit} " + " en ".join(parts) + " dan in de rest van de organisatie."
    if other:
        text += " Bij de andere getoonde kerncijfers is geen verschil aangetoond."
    return text


def _and(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _cell(cell_id: str, markdown: str | None = None, html: str | None = None):
    if markdown is not None:
        return nbformat.v4.new_markdown_cell(markdown, id=cell_id)
    output = nbformat.v4.new_output("display_data", data={"text/html": html})
    return nbformat.v4.new_code_cell("", id=cell_id, outputs=[output])


def unit_notebook(report: object, level: str, unit: str, *, parent: tuple[str, str] | None,
                  children: Sequence[tuple[str, str]], show: Callable[[object], str],
                  methods: str) -> nbformat.NotebookNode:
    """Return the in-memory notebook of one unit's page.

    Parameters
    ----------
    report : pipeline.report.context.WaveReport
        The wave's report (its ledger holds the unit tables).
    level, unit : str
        ``cluster`` or ``directie``, and the unit's name.
    parent : tuple of (str, str), optional
        A directie's cluster and that cluster's page name ('' when it has no page).
    children : sequence of (str, str)
        A cluster's reported directies and their page names.
    show : callable
        Renders a published table or note to HTML (``WaveReport.show(...).data``).
    methods : str
        The Dutch methods text of the unit reports (:func:`pipeline.report.units.method_text`).
    """
    label = LEVEL_LABELS[level]
    word = label.lower()
    cells = []
    lines = [f"{label} **{unit}**, naast de hele gemeente Amsterdam als organisatie."]
    if parent is not None:
        cluster, href = parent
        lines.append("Deze directie hoort bij het cluster "
                     + (f"[{cluster}]({href})." if href else f"{cluster}."))
    if children:
        lines.append("Directies van dit cluster met een eigen rapport: "
                     + ", ".join(f"[{d}]({href})" for d, href in children) + ".")
    lines.append("Alle clusters en directies staan op de pagina "
                 "[Clusters en directies](../eenheden.html).")
    cells.append(_cell("intro", " ".join(lines)))
    views: dict[str, PublishedTable] = {}
    for topic, _ in TOPICS:
        name = f"eenheden-{level}-{topic}"
        if not report.published(name):
            continue
        table = report.table(name)
        if isinstance(table, PublishedTable) and (table.display_frame["Groep"] == unit).any():
            views[topic] = table_rows(table, [TOTAL, unit], by_indicator=True,
                                      name=f"{name}-eenheid",
                                      caption=f"{table.caption.split(', naar ')[0]}: "
                                              f"{unit} en de hele organisatie")
    findings = [summary_sentence([views[t] for t in ("kerncijfers", "veiligheid") if t in views],
                                 unit)]
    if "kerncijfers" in views:
        findings += unit_findings(views["kerncijfers"], unit)
    if "veiligheid" in views:
        findings += unit_findings(views["veiligheid"], unit)
    if len(findings) > 1:
        cells.append(_cell("findings", "## Bevindingen\n\n" + findings[0] + "\n\n"
                           + "\n".join(findings[1:]) + "\n\n"
                           "Het verschil is dat met alle respondenten buiten deze "
                           f"{word}; \"aangetoond\" geldt na correctie voor meervoudig toetsen "
                           "over alle eenheden van hetzelfde niveau."))
    else:
        cells.append(_cell("findings", "## Bevindingen\n\nVan deze eenheid zijn geen "
                           "kerncijfers te tonen zonder de geheimhouding te schenden."))
    for topic, heading in TOPICS:
        cells.append(_cell(f"h-{topic}", f"## {heading}"))
        if topic in views:
            cells.append(_cell(f"t-{topic}", html=show(views[topic])))
        else:
            cells.append(_cell(f"t-{topic}", f"Voor deze {word} niet beschikbaar."))
    cells.append(_cell("h-representatie", "## Representatie"))
    growth = report.table("clusters-groei") if report.published("clusters-groei") else None
    if level == "cluster" and isinstance(growth, PublishedTable) and (
            growth.display_frame["Groep"] == unit).any():
        cells.append(_cell("t-representatie", html=show(table_rows(
            growth, [unit], name="clusters-groei-eenheid",
            caption=f"{growth.caption.split(' per cluster')[0]}: {unit}"))))
    elif level == "cluster":
        cells.append(_cell("t-representatie", "Het CBS geeft voor dit cluster geen cijfer."))
    else:
        cells.append(_cell("t-representatie", "Het CBS geeft herkomstcijfers per cluster "
                                              "(vanaf schaal 12), niet per directie."))
    cells.append(_cell("h-verantwoording", "## Verantwoording\n\n" + methods))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def build_unit_pages(report: object, out_dir: Path,
                     meta: Callable[[str, tuple[tuple[str, str], ...]], object]) -> list[Path]:
    """Render the page of every reported unit of the wave into ``out_dir``.

    Parameters
    ----------
    report : pipeline.report.context.WaveReport
        The wave's report, loaded for the ``eenheden`` section.
    out_dir : pathlib.Path
        ``reports/<source>/<wave>/eenheden``; emptied of earlier unit pages first.
    meta : callable
        ``meta(title, trail)`` gives the page's :class:`pipeline.report.render.ReportMeta`.

    Returns
    -------
    list of pathlib.Path
        The pages, clusters first.
    """
    import shutil

    from pipeline.report.render import render_notebook
    from pipeline.report.tables import reported_units
    from pipeline.report.units import method_text, parents

    if out_dir.exists():
        shutil.rmtree(out_dir)  # a unit not reported any more leaves no stale page
    listed = reported_units(report.data, report.ledger.rules)
    pages = unit_pages(listed)
    if not pages:
        return []
    methods = method_text(report.params["estimation"], report.ledger.rules, listed)
    cluster_of = parents(report.processed("hr"))
    names = {(lv, unit): name for lv, unit, name in pages}
    out = []
    for level, unit, name in pages:
        parent = None
        children: list[tuple[str, str]] = []
        if level == "directie" and unit in cluster_of:
            cluster = cluster_of[unit]
            parent = (cluster, names.get(("cluster", cluster), ""))
        if level == "cluster":
            children = [(d, names[("directie", d)]) for lv, d, _ in pages
                        if lv == "directie" and cluster_of.get(d) == unit]
        nb = unit_notebook(report, level, unit, parent=parent, children=children,
                           show=lambda obj: report.show(obj).data, methods=methods)
        title = f"{unit} ({LEVEL_LABELS[level].lower()})"
        out.append(render_notebook(nb, out_dir / name, meta(title, (
            ("Clusters en directies", "../eenheden.html"),))))
    logger.info("%d eenheidspagina's gemaakt (%s)", len(out), out_dir.name)
    return out
