"""Stage ``index``: ``reports/index.html`` linking every wave's reports.

Shows per wave its study type and reports, with the build date, the data source (demo or real)
and the code commit. Run as ``python -m pipeline.report.index``.
"""

from __future__ import annotations

import html
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.config import ROOT, load_params, project_paths
from pipeline.report.build import SECTION_TITLES, STUDY_NAMES, wave_study
from pipeline.report.provenance import code_version, dutch_date, source_label
from pipeline.report.render import TEMPLATE_DIR, TEMPLATE_NAME


def index_page(params: dict[str, Any], reports: Path, today: date, version: str) -> str:
    """Return the index page's HTML.

    Parameters
    ----------
    params : dict
        Parameters (``waves``, ``report.sections``, ``data.source``).
    reports : pathlib.Path
        The reports folder (only pages that exist are linked).
    today : datetime.date
        Build date.
    version : str
        Code commit.

    Returns
    -------
    str
        A complete, self-contained HTML page.
    """
    source = params["data"]["source"]
    css = (TEMPLATE_DIR / TEMPLATE_NAME / "report.css").read_text(encoding="utf-8")
    rows = []
    for wave in params["waves"]:
        study = wave_study(params, int(wave))
        links = []
        for section in params["report"]["sections"]:
            page = reports / str(wave) / f"{section}.html"
            if page.is_file():
                title = html.escape(SECTION_TITLES.get(section, section))
                links.append(f'<li><a href="{wave}/{section}.html">{title}</a></li>')
        rows.append(f"<tr><th scope=\"row\" class=\"label\">{wave}</th>"
                    f"<td class=\"label\">{html.escape(STUDY_NAMES[study])}</td>"
                    f"<td class=\"label\"><ul>{''.join(links)}</ul></td></tr>")
    banner = ('<p class="banner" role="note"><strong>Synthetische data.</strong> Deze rapporten '
              "zijn gemaakt met nagemaakte gegevens; ze gaan niet over echte medewerkers.</p>"
              if source == "demo" else "")
    extra = ""
    if (reports / "kwaliteit.html").is_file():
        extra = '<p><a href="kwaliteit.html">Datakwaliteit van alle bestanden</a></p>'
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Medewerkersonderzoek inclusie en discriminatie: rapporten</title>
<style>{css}</style>
</head>
<body>
{banner}
<h1>Medewerkersonderzoek inclusie en discriminatie: rapporten</h1>
<p class="meta">Gemaakt op {dutch_date(today)}. Bron: {html.escape(source_label(source))}.
Code: versie {html.escape(version)}.</p>
<main>
<table>
<caption>Rapporten per meting</caption>
<thead><tr><th scope="col">Meting</th><th scope="col">Soort onderzoek</th>
<th scope="col">Rapporten</th></tr></thead>
<tbody>
{''.join(rows)}
</tbody>
</table>
{extra}
</main>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    """Write ``reports/index.html``; returns the exit status."""
    params = load_params()
    reports = project_paths(params).reports
    reports.mkdir(parents=True, exist_ok=True)
    page = index_page(params, reports, date.today(), code_version(ROOT))
    tmp = reports / "index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(reports / "index.html")
    print(f"index: {(reports / 'index.html').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
