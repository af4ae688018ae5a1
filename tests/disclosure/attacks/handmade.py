"""Small hand-made pages in the published format, for planted leaks the real pages cannot hold.

The tables are written as the gate renders them (``<table data-disclosure="passed"
data-table=...>``, caption, ``<th scope="col">`` headers, legend in ``<tfoot>``) and read back
with the same parser as the real pages, so a hand-made page goes through the whole reading
path of the attacks.
"""

from __future__ import annotations

from html import escape

from tests.disclosure.attacks.numbers import MARK, round_count
from tests.disclosure.attacks.pages import ReportSet, Table, parse_page
from tests.disclosure.attacks.rules import AttackRules

UNITS = {"survey": "respondenten", "hr": "medewerkers", "cbs": "medewerkers"}


def legend(rules: AttackRules, source: str) -> str:
    """The legend line a table of ``source`` carries (its threshold in words)."""
    return f"{MARK} = onderdrukt: te weinig {UNITS[source]} (minder dan {rules.min_n(source)})"


def table_html(name: str, caption: str, header: list[str], rows: list[list[str]],
               rules: AttackRules, source: str = "survey") -> str:
    """One table in the gate's HTML format."""
    out = [f'<table data-disclosure="passed" data-table="{escape(name)}" '
           'class="disclosure-table">', f"<caption>{escape(caption)}</caption>",
           "<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
           + "</tr></thead>", "<tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody>")
    out.append(f'<tfoot><tr><td colspan="{len(header)}">{escape(legend(rules, source))}'
               "</td></tr></tfoot></table>")
    return "\n".join(out)


def page(wave: int, section: str, tables: list[str], source: str = "hand") -> list[Table]:
    """Parse hand-made tables as the page ``<source>/<wave>/<section>``."""
    html = '<html lang="nl"><body>' + "\n".join(tables) + "</body></html>"
    return parse_page(html, f"{source}/{wave}/{section}", wave, section, "hand-made")


def report_set(*pages: list[Table]) -> ReportSet:
    """A report set of hand-made pages."""
    return ReportSet(label="hand-made", tables=tuple(t for p in pages for t in p))


def count_text(value: int | None, rules: AttackRules, source: str) -> str:
    """A count as published: rounded (never below the threshold), or the mark when None."""
    if value is None:
        return MARK
    rounded = round_count(value, rules.round_count, rules.min_n(source))
    text = str(rounded)
    groups = []
    while len(text) > 3:
        groups.insert(0, text[-3:])
        text = text[:-3]
    return ".".join([text, *groups])
