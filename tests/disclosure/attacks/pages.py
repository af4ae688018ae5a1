"""Load what a reader gets: the gated tables of every rendered page and of its downloads.

A report set is every ``reports/<source>/<wave>/<section>.html`` of one build (and every unit
page, ``<wave>/eenheden/<unit>.html``), with the CSV
files (``tabellen/<section>/<name>.csv``) and the workbook (``<section>_tabellen.xlsx``) written
next to each page (``pipeline/report/downloads.py``). Each table keeps where it came from
(``origin``: ``html``, ``csv`` or ``xlsx``), so an attack can compare a page with its
downloads. Download tables take the name, caption and legend of the page table they match.

Planting a leak (for the tests that show an attack is not vacuous) replaces cell texts of one
table in a copy of the report set: :meth:`ReportSet.plant`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

ORIGINS = ("html", "csv", "xlsx")
LABEL_HEADERS = ("Jaar", "Indicator", "Uitsplitsing", "Groep", "Cijfer")
"""Header cells of the key columns of an estimate table (``Cijfer``: which figure a row of a
wide table holds, its value or its n)."""


@dataclass(frozen=True)
class Table:
    """One published table as read back from a page or a download.

    Attributes
    ----------
    page : str
        ``<source>/<wave>/<section>``.
    wave : int
        The report's wave (its folder), not necessarily the year of every row.
    section : str
        Page name (``prevalentie``, ``representatie`` ...).
    origin : str
        ``html``, ``csv`` or ``xlsx``.
    name : str
        The table's ``data-table`` name.
    caption : str
        Caption text.
    header : tuple of str
        Column headers.
    rows : tuple of tuple of str
        Cell texts as published (Dutch numbers, ``·`` for a suppressed cell).
    footer : tuple of str
        Legend and notes.
    report_set : str
        Label of the build it belongs to (``demo``, ``seed-2``, ...).
    """

    page: str
    wave: int
    section: str
    origin: str
    name: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[str, ...] = ()
    report_set: str = ""

    @property
    def ref(self) -> str:
        """``page:name``, with the origin when it is a download."""
        suffix = "" if self.origin == "html" else f" [{self.origin}]"
        return f"{self.page}:{self.name}{suffix}"

    def col(self, header: str) -> int | None:
        """Index of the column with this header, or None."""
        return self.header.index(header) if header in self.header else None

    def row_label(self, row: int) -> str:
        """Readable label of a row: its key columns (or its first cell) joined by ``/``."""
        cells = self.rows[row]
        keys = [cells[i] for i, h in enumerate(self.header) if h in LABEL_HEADERS
                and i < len(cells)]
        return " / ".join(keys) if keys else (cells[0] if cells else str(row))

    def cell_label(self, row: int, col: int) -> str:
        """Readable label of a cell: row label and column header."""
        return f"{self.row_label(row)} | {self.header[col]}"

    def find_row(self, **labels: str) -> int:
        """Index of the first row whose columns have these texts (``Groep="man"``).

        Raises
        ------
        KeyError
            If no row matches.
        """
        wanted = dict(labels)
        for i, cells in enumerate(self.rows):
            if all(self.col(h) is not None and cells[self.col(h)] == v
                   for h, v in wanted.items()):
                return i
        raise KeyError(f"{self.ref}: no row with {labels}")

    def with_cells(self, edits: Mapping[tuple[int, int], str]) -> Table:
        """A copy with some cell texts replaced (``{(row, col): text}``)."""
        rows = [list(r) for r in self.rows]
        for (r, c), text in edits.items():
            rows[r][c] = text
        return replace(self, rows=tuple(tuple(r) for r in rows))


@dataclass(frozen=True)
class ReportSet:
    """Every published table of one build (pages and downloads).

    Attributes
    ----------
    label : str
        Name of the build (``demo``, ``seed-2``).
    tables : tuple of Table
        In page order; each page's HTML tables first, then its CSV and XLSX tables.
    root : pathlib.Path or None
        The project the pages were read from.
    """

    label: str
    tables: tuple[Table, ...]
    root: Path | None = field(default=None, compare=False)

    @property
    def waves(self) -> list[int]:
        """Report waves, ascending."""
        return sorted({t.wave for t in self.tables})

    @property
    def pages(self) -> list[str]:
        """Page identities (``source/wave/section``), in order."""
        return list(dict.fromkeys(t.page for t in self.tables))

    def select(self, *, wave: int | None = None, origins: Iterable[str] = ORIGINS,
               page: str | None = None) -> tuple[Table, ...]:
        """Tables of one wave and/or page, of the given origins."""
        keep = set(origins)
        return tuple(t for t in self.tables if t.origin in keep
                     and (wave is None or t.wave == wave)
                     and (page is None or t.page.endswith(page)))

    def only(self, *, wave: int | None = None, origins: Iterable[str] = ORIGINS) -> ReportSet:
        """The report set restricted to one wave and/or some origins."""
        return replace(self, tables=self.select(wave=wave, origins=origins))

    def table(self, page: str, name: str, origin: str = "html") -> Table:
        """The table ``name`` of the page whose identity ends with ``page`` (``2024/gronden``)."""
        for t in self.tables:
            if t.page.endswith(page) and t.name == name and t.origin == origin:
                return t
        raise KeyError(f"{self.label}: no table {name!r} ({origin}) on a page {page!r}")

    def plant(self, page: str, name: str, edits: Mapping[tuple[int, int], str],
              origins: Iterable[str] = ORIGINS) -> ReportSet:
        """A copy with cells of one table replaced, in the page and (by default) its downloads.

        ``edits`` address cells of the HTML table (row, column); the same rows and columns
        are edited in the downloads, which have the same layout.
        """
        keep = set(origins)
        changed = []
        found = False
        for t in self.tables:
            if t.page.endswith(page) and t.name == name and t.origin in keep:
                changed.append(t.with_cells(edits))
                found = True
            else:
                changed.append(t)
        if not found:
            raise KeyError(f"{self.label}: no table {name!r} on a page {page!r}")
        return replace(self, tables=tuple(changed))

    def with_tables(self, tables: Iterable[Table]) -> ReportSet:
        """A copy with more tables (hand-made pages)."""
        return replace(self, tables=(*self.tables, *tables))


def _stem(name: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", name.lower()).strip("-_") or "tabel"


def parse_page(html: str, page: str, wave: int, section: str, report_set: str = ""
               ) -> list[Table]:
    """Tables of a rendered page that carry the gate's mark (``data-disclosure="passed"``)."""
    from pipeline.disclosure import parse_published_tables

    out = []
    for parsed in parse_published_tables(html):
        if parsed.disclosure != "passed":
            continue
        out.append(Table(
            page=page, wave=wave, section=section, origin="html",
            name=parsed.attrs.get("data-table") or parsed.caption,
            caption=parsed.caption, header=tuple(parsed.header),
            rows=tuple(tuple(r) for r in parsed.rows), footer=tuple(parsed.footer),
            report_set=report_set,
        ))
    return out


def read_csv(path: Path) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Header and rows of a downloaded CSV (UTF-8 with BOM, ``;`` separated)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [tuple(r) for r in csv.reader(handle, delimiter=";")]
    return (lines[0] if lines else ()), tuple(lines[1:])


def _dutch_int(value: int) -> str:
    text = str(abs(value))
    groups = []
    while len(text) > 3:
        groups.insert(0, text[-3:])
        text = text[:-3]
    groups.insert(0, text)
    return ("-" if value < 0 else "") + ".".join(groups)


def _xlsx_text(value: object, number_format: str, label_column: bool) -> str:
    """The published text of a workbook cell (counts and percentages are stored as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and "%" in (number_format or ""):
        decimals = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
        shown = f"{value * 100:.{decimals}f}".replace(".", ",")
        return f"{shown}%"
    if isinstance(value, int):
        return str(value) if label_column else _dutch_int(value)
    if isinstance(value, float):
        if value.is_integer() and not label_column:
            return _dutch_int(int(value))
        return repr(value).replace(".", ",")
    return str(value)


def read_xlsx(path: Path) -> list[tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...],
                                        tuple[str, ...]]]:
    """Tables of a downloaded workbook: (sheet, caption, header, rows, footer) per sheet."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    out = []
    for sheet in book.worksheets:
        if sheet.title == "Toelichting":
            continue
        cells = list(sheet.iter_rows())
        if len(cells) < 3:
            continue
        caption = str(cells[0][0].value or "")
        header = tuple(str(c.value) if c.value is not None else "" for c in cells[2])
        while header and header[-1] == "":
            header = header[:-1]
        labels = [h in LABEL_HEADERS or i == 0 for i, h in enumerate(header)]
        rows, footer, in_footer = [], [], False
        for line in cells[3:]:
            values = [c.value for c in line[: len(header)]]
            if all(v is None for v in values):
                in_footer = True
                continue
            if in_footer:
                footer.append(str(line[0].value))
                continue
            rows.append(tuple(
                _xlsx_text(c.value, c.number_format, labels[i])
                for i, c in enumerate(line[: len(header)])
            ))
        out.append((sheet.title, caption, header, tuple(rows), tuple(footer)))
    return out


def load_page_with_downloads(path: Path, page: str, wave: int, section: str,
                             report_set: str = "") -> list[Table]:
    """The HTML tables of a page followed by its CSV and XLSX tables (named by its stem)."""
    html_tables = parse_page(path.read_text(encoding="utf-8"), page, wave, section, report_set)
    by_stem = {}
    for t in html_tables:
        by_stem.setdefault(_stem(t.name), t)
    out = list(html_tables)
    csv_dir = path.parent / "tabellen" / path.stem
    for csv_path in sorted(csv_dir.glob("*.csv")) if csv_dir.is_dir() else []:
        header, rows = read_csv(csv_path)
        match = by_stem.get(csv_path.stem)
        out.append(Table(
            page=page, wave=wave, section=section, origin="csv",
            name=match.name if match else csv_path.stem,
            caption=match.caption if match else "", header=header, rows=rows,
            footer=match.footer if match else (), report_set=report_set,
        ))
    workbook = path.parent / f"{path.stem}_tabellen.xlsx"
    if workbook.is_file():
        by_caption = {}
        for t in html_tables:
            by_caption.setdefault(t.caption, t)
        for k, (sheet, caption, header, rows, footer) in enumerate(read_xlsx(workbook)):
            match = None
            if k < len(html_tables) and html_tables[k].caption == caption:
                match = html_tables[k]
            match = match or by_caption.get(caption)
            out.append(Table(
                page=page, wave=wave, section=section, origin="xlsx",
                name=match.name if match else sheet, caption=caption, header=header,
                rows=rows, footer=footer or (match.footer if match else ()),
                report_set=report_set,
            ))
    return out


def load_report_set(root: Path, label: str) -> ReportSet:
    """Every gated table of ``root/reports/<source>/<wave>/<section>.html``, of the unit pages
    (``<wave>/eenheden/<unit>.html``, section ``eenheden``) and of their downloads."""
    tables: list[Table] = []
    reports = Path(root, "reports")
    for path in sorted([*reports.glob("*/*/*.html"), *reports.glob("*/*/eenheden/*.html")]):
        inner = path.parent.name == "eenheden"
        wave_dir = path.parent.parent if inner else path.parent
        source, wave = wave_dir.parent.name, wave_dir.name
        if not wave.isdigit():
            continue
        page = f"{source}/{wave}/eenheden/{path.stem}" if inner else f"{source}/{wave}/{path.stem}"
        section = "eenheden" if inner else path.stem
        tables.extend(load_page_with_downloads(path, page, int(wave), section, label))
    return ReportSet(label=label, tables=tuple(tables), root=Path(root))
