"""The Dutch texts of the unit page (``eenheden.ipynb``), written from the published tables.

Apart from :mod:`pipeline.report.units`, which :mod:`pipeline.report.tables` uses to plan the
unit tables: the page's texts need both, and a module of its own keeps the two free of a
cycle.
"""

from __future__ import annotations

from pipeline.report.tables import reported_units
from pipeline.report.unit_pages import page_links
from pipeline.report.units import LEVELS, findings, method_text, not_reported


def page_texts(report: object) -> dict[str, str]:
    """Return the Dutch texts of the unit page (findings, links, the list, methods) as Markdown.

    Parameters
    ----------
    report : pipeline.report.context.WaveReport
        The wave's report (ledger and facts of the report stage).
    """
    rules = report.ledger.rules
    listed = reported_units(report.data, rules)
    tables = {}
    for level in LEVELS:
        for topic in ("kerncijfers", "veiligheid"):
            name = f"eenheden-{level}-{topic}"
            if report.published(name):
                tables[name] = report.table(name).data
    return {"findings": findings(tables, listed, rules), "pages": page_links(listed),
            "not_reported": not_reported(listed),
            "methods": method_text(report.params["estimation"], rules, listed)}
