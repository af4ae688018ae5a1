"""Stage ``index``: ``reports/<source>/index.html``, the monitor over every wave.

Shows the key figures of every wave side by side with the change and its verdict, the
representation series with the council's targets (every number from the waves' publication
ledgers, :mod:`pipeline.report.summary`), then per wave its study type and reports, with the
build date, the data source (demo or real) and the code commit. Run as
``python -m pipeline.report.index``.
"""

from __future__ import annotations

import html
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.config import ROOT, load_params, project_paths
from pipeline.contract import stage_params
from pipeline.disclosure.ledger import read_wave_ledger
from pipeline.report.availability import availability_text, section_availability
from pipeline.report.build import STUDY_NAMES, wave_peildatum, wave_study
from pipeline.report.provenance import FIXED_BUILD_DATE, code_version, dated_line, source_label
from pipeline.report.render import TEMPLATE_DIR, TEMPLATE_NAME
from pipeline.report.sections import SECTION_TITLES


def _wave_row(params: dict[str, Any], reports: Path, wave: int,
              executed: Path | None = None) -> str:
    study = wave_study(params, wave)
    links = []
    for section in params["report"]["sections"]:
        page = reports / str(wave) / f"{section}.html"
        if not page.is_file():
            continue
        title = html.escape(SECTION_TITLES.get(section, section))
        item = f'<a href="{wave}/{section}.html">{title}</a>'
        workbook = reports / str(wave) / f"{section}_tabellen.xlsx"
        if workbook.is_file():
            item += (f' <span class="file-meta">(<a href="{wave}/{workbook.name}" download>'
                     f'tabellen in Excel<span class="visually-hidden">: {title} {wave}</span>'
                     "</a>)</span>")
        if executed is not None:
            missing = availability_text(
                section_availability(executed / str(wave) / f"{section}.ipynb"))
            if missing:
                item += f' <span class="file-meta">({html.escape(missing)})</span>'
        links.append(f"<li>{item}</li>")
    cell = f"<ul>{''.join(links)}</ul>" if links else "nog geen rapporten"
    return (f'<tr><th scope="row">{wave}</th><td>{html.escape(STUDY_NAMES[study])}</td>'
            f"<td>{cell}</td></tr>")


def monitor_section(params: dict[str, Any], ledgers: dict[int, Any]) -> str:
    """Return the monitor's HTML: key figures per wave, representation series, targets.

    Parameters
    ----------
    params : dict
        Parameters (``representation``: the targets).
    ledgers : dict of int to WaveLedger
        The publication ledger of each wave that has one.

    Returns
    -------
    str
        Headings, tables and the latest wave's target findings; '' without ledgers.
    """
    from pipeline.analysis.representation import Targets
    from pipeline.report import summary

    if not ledgers:
        return ""
    tables = {wave: summary.ledger_tables(ledger) for wave, ledger in ledgers.items()}
    latest = max(tables)
    targets = Targets.from_params(params)
    findings = summary.target_findings(tables[latest], latest, targets,
                                       summary.share_step(ledgers[latest].rules))
    waves = ", ".join(str(w) for w in sorted(tables))
    return f"""<h2 id="monitor">Monitor: alle metingen naast elkaar</h2>
<p>De kerncijfers van elke meting ({waves}) en de verandering sinds de vorige vergelijkbare
meting; de samenvatting van elke meting staat als eerste bij de rapporten hieronder.</p>
{summary.monitor_key_figures(tables)}
<h3 id="monitor-representatie">Representatie en de doelen van het college</h3>
{summary.monitor_representation(tables[latest], targets)}
<p>Stand van de doelen in de meting van {latest}:</p>
{summary.monitor_targets(findings, latest)}
"""


def index_page(params: dict[str, Any], reports: Path, peildatum: date, version: str,
               executed: Path | None = None, ledgers: dict[int, Any] | None = None) -> str:
    """Return the index page's HTML.

    Parameters
    ----------
    params : dict
        Parameters (``waves``, ``report.sections``, ``data.source``).
    reports : pathlib.Path
        The reports folder (only pages that exist are linked).
    peildatum : datetime.date
        Peildatum of the latest wave (the build date is added when ``SOURCE_DATE_EPOCH`` is set).
    version : str
        Code commit.
    executed : pathlib.Path, optional
        Folder of the executed notebooks (``<wave>/<section>.ipynb``); when given, a report
        that could not show a part for want of an optional input is listed with
        "niet beschikbaar: ..." (:func:`~pipeline.report.availability.section_availability`).
    ledgers : dict of int to WaveLedger, optional
        The waves' publication ledgers: the monitor (:func:`monitor_section`) is shown above
        the list of reports.

    Returns
    -------
    str
        A complete, self-contained HTML page: one ``h1``, one ``<main>``, a skip link, the
        waves in a table with row headers, and the build date, data source and code commit.
    """
    source = params["data"]["source"]
    dated = html.escape(dated_line(peildatum).removeprefix("peildatum personeelsregistratie "))
    css = (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")
    rows = "\n".join(_wave_row(params, reports, int(wave), executed)
                     for wave in params["waves"])
    banner = ('<p class="banner" role="note"><strong>Synthetische data.</strong> Deze rapporten '
              "zijn gemaakt met nagemaakte gegevens; ze gaan niet over echte medewerkers.</p>"
              if source == "demo" else "")
    extra = ""
    if (reports / "kwaliteit.html").is_file():
        extra = '<p><a href="kwaliteit.html">Datakwaliteit van alle bestanden</a></p>'
    title = "Medewerkersonderzoek inclusie en discriminatie: rapporten"
    monitor = monitor_section(params, ledgers or {})
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; \
style-src 'unsafe-inline'; script-src 'none'; base-uri 'none'; form-action 'none'">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<a class="skip-link" href="#inhoud">Direct naar de inhoud</a>
<header class="report-header">
{banner}
<h1>{title}</h1>
<p class="meta">Gemeente Amsterdam. Ervaren discriminatie en ander ongewenst gedrag onder
medewerkers: de vierjaarlijkse herhaling van het onderzoek van 2024 en de tweejaarlijkse
monitor.</p>
</header>
<main id="inhoud" tabindex="-1">
{monitor}
<h2 id="rapporten">Rapporten per meting</h2>
<table class="index-table">
<caption>Rapporten per meting</caption>
<thead><tr><th scope="col">Meting</th><th scope="col">Soort onderzoek</th>
<th scope="col">Rapporten</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
{extra}
<h2 id="over">Over deze rapporten</h2>
<dl class="provenance">
<dt>Peildatum</dt><dd>{dated}</dd>
<dt>Gegevens</dt><dd>{html.escape(source_label(source))}</dd>
<dt>Code</dt><dd>versie {html.escape(version)}</dd>
</dl>
<p>Elke tabel in deze rapporten is door de privacycontrole gegaan: groepen die te klein zijn
om anoniem te blijven, worden niet getoond (·). De rapporten laden niets van internet en zijn
ook offline te lezen.</p>
</main>
<footer class="report-footer">
<p>Bron: {html.escape(source_label(source))}. Code: versie {html.escape(version)}.</p>
</footer>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    """Write ``reports/<source>/index.html``; returns the exit status."""
    params = stage_params(load_params(), "index")
    paths = project_paths(params)
    reports = paths.reports
    reports.mkdir(parents=True, exist_ok=True)
    latest = max((wave_peildatum(params, int(w)) for w in params["waves"]),
                 default=FIXED_BUILD_DATE)
    version = code_version(ROOT, "index", list(params["report"]["sections"]))
    ledgers = {int(w): read_wave_ledger(paths.artefact("publication", int(w)))
               for w in params["waves"] if paths.artefact("publication", int(w)).is_file()}
    page = index_page(params, reports, latest, version,
                      executed=paths.artefact("executed", 0).parent, ledgers=ledgers)
    tmp = reports / "index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(reports / "index.html")
    logging.getLogger(__name__).info("%s", (reports / "index.html").relative_to(ROOT))
    return 0


if __name__ == "__main__":
    from pipeline.cli import run_stage

    sys.exit(run_stage(main, sys.argv[1:], "index"))
