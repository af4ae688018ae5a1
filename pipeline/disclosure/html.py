"""HTML of published tables, and a parser that reads them back (for end-to-end checks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.disclosure.published import PublishedTable


def render_table(table: PublishedTable) -> str:
    """Render a published table as one accessible HTML ``<table>``.

    Parameters
    ----------
    table : PublishedTable
        A table that passed the gate.

    Returns
    -------
    str
        HTML with ``data-disclosure="passed"``, the table name, the number of suppressed
        cells, a ``<caption>``, ``<th scope="col">`` headers and a ``<tfoot>`` legend.

    Examples
    --------
    >>> import pandas as pd
    >>> from pipeline.disclosure import DisclosureRules, publish_counts
    >>> t = publish_counts(pd.DataFrame({"n": [12, 30]}, index=["a", "b"]),
    ...                    DisclosureRules(round_count=1), name="t1", caption="Aantal")
    >>> html = render_table(t)
    >>> html.startswith('<table data-disclosure="passed" data-table="t1"')
    True
    >>> '<th scope="col">n</th>' in html
    True
    """
    frame = table.display_frame
    columns = [str(c) for c in frame.columns]
    out = [
        f'<table data-disclosure="passed" data-table="{escape(table.name)}" '
        f'data-suppressed="{table.suppressed.cells}" class="disclosure-table">',
        f"<caption>{escape(table.caption)}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
        + "</tr></thead>",
        "<tbody>",
    ]
    for row in frame.itertuples(index=False):
        out.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>")
    out.append("</tbody>")
    footer = [table.legend, *table.notes]
    span = max(len(columns), 1)
    out.append(
        "<tfoot>"
        + "".join(f'<tr><td colspan="{span}">{escape(text)}</td></tr>' for text in footer)
        + "</tfoot>"
    )
    out.append("</table>")
    return "\n".join(out)


@dataclass
class ParsedTable:
    """A ``<table>`` read back from HTML.

    Attributes
    ----------
    attrs : dict
        The table's attributes.
    disclosure : str or None
        The value of ``data-disclosure`` (``"passed"`` for gated tables).
    caption : str
        Caption text.
    header : list of str
        Header cell texts (``<th>`` in ``<thead>``, or the first row's ``<th>``).
    rows : list of list of str
        Cell texts of the body rows.
    footer : list of str
        Texts of the ``<tfoot>`` cells (legend and notes).
    """

    attrs: dict[str, str | None]
    disclosure: str | None = None
    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[ParsedTable] = []
        self._stack: list[ParsedTable] = []
        self._section: list[str] = []
        self._row: list[str] | None = None
        self._row_is_header = False
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            table = ParsedTable(attrs=dict(attrs), disclosure=dict(attrs).get("data-disclosure"))
            self.tables.append(table)
            self._stack.append(table)
            self._section.append("tbody")
        elif not self._stack:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self._section[-1] = tag
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
            self._row_is_header = True
        elif tag in ("td", "th"):
            self._cell = []
            if tag == "td":
                self._row_is_header = False

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        table = self._stack[-1]
        if tag == "table":
            self._stack.pop()
            self._section.pop()
        elif tag == "caption" and self._caption is not None:
            table.caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            section = self._section[-1]
            if section == "tfoot":
                table.footer.extend(self._row)
            elif section == "thead" or (
                self._row_is_header and not table.header and not table.rows
            ):
                table.header = self._row
            else:
                table.rows.append(self._row)
            self._row = None
        elif tag in ("thead", "tfoot"):
            self._section[-1] = "tbody"

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def parse_published_tables(html: str) -> list[ParsedTable]:
    """Extract every ``<table>`` of an HTML document with its disclosure mark and cell texts.

    Parameters
    ----------
    html : str
        A rendered report (or any HTML).

    Returns
    -------
    list of ParsedTable
        In document order, nested tables included.

    Examples
    --------
    >>> doc = ('<p>x</p><table data-disclosure="passed"><caption>T</caption>'
    ...        '<thead><tr><th scope="col">Groep</th><th scope="col">n</th></tr></thead>'
    ...        '<tbody><tr><td>a</td><td>1.234</td></tr></tbody>'
    ...        '<tfoot><tr><td colspan="2">legenda</td></tr></tfoot></table><table></table>')
    >>> [t.disclosure for t in parse_published_tables(doc)]
    ['passed', None]
    >>> t = parse_published_tables(doc)[0]
    >>> t.caption, t.header, t.rows, t.footer
    ('T', ['Groep', 'n'], [['a', '1.234']], ['legenda'])
    """
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    return parser.tables
