"""Downloadable CSV and XLSX of a report's published tables, read back from the rendered page.

The files are made from the HTML the reader sees, not from the notebook's data: every
``<table data-disclosure="passed">`` of the page is parsed with
:func:`pipeline.disclosure.parse_published_tables` and written out cell for cell. A table
without the gate's mark is never written, so a download can hold nothing the page does not
show.

Layout, next to the page ``reports/<wave>/<section>.html``::

    reports/<wave>/<section>_tabellen.xlsx        one sheet per table, plus a sheet "Toelichting"
    reports/<wave>/tabellen/<section>/<name>.csv  one CSV per table (UTF-8, ";" separated)

The CSV files hold the cell texts as published (Dutch number formats, ``·`` for a suppressed
cell), so they read back with ``pandas.read_csv(path, sep=";", thousands=".", decimal=",")``.
In the XLSX, counts and percentages become numbers with a number format, so that they can be
computed with. The workbook's bytes depend on its tables only (fixed document and zip dates,
:func:`pipeline.ingest.atomic.normalise_zip`).
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pipeline.disclosure import ParsedTable, parse_published_tables
from pipeline.ingest.atomic import normalise_zip

PASSED = "passed"
_INTEGER = re.compile(r"^-?\d{1,3}(?:\.\d{3})+$|^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+,\d+$")
_PERCENT = re.compile(r"^(-?\d+)(?:,(\d+))?%$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Download:
    """One file written for a report.

    Attributes
    ----------
    path : pathlib.Path
        Where the file is.
    href : str
        Link relative to the report page (forward slashes).
    label : str
        What the file holds, in Dutch (the table caption, or "alle tabellen").
    kind : str
        ``xlsx`` or ``csv``.
    """

    path: Path
    href: str
    label: str
    kind: str


def published_tables(page: str) -> list[ParsedTable]:
    """Return the tables of a rendered page that carry the gate's mark.

    Parameters
    ----------
    page : str
        Rendered HTML.

    Returns
    -------
    list of ParsedTable
        Tables with ``data-disclosure="passed"``, in page order; all others are left out.

    Examples
    --------
    >>> doc = ('<table data-disclosure="passed" data-table="a"><thead><tr><th>x</th></tr>'
    ...        '</thead><tbody><tr><td>1</td></tr></tbody></table><table><tr><th>y</th></tr>'
    ...        '<tr><td>geheim</td></tr></table>')
    >>> [t.attrs["data-table"] for t in published_tables(doc)]
    ['a']
    """
    return [t for t in parse_published_tables(page) if t.disclosure == PASSED]


def file_stem(name: str, used: set[str]) -> str:
    """Make a safe, unique file name stem from a table name.

    Examples
    --------
    >>> used = set()
    >>> file_stem("Discriminatie naar herkomst", used), file_stem("discriminatie-naar-herkomst",
    ...                                                           used)
    ('discriminatie-naar-herkomst', 'discriminatie-naar-herkomst-2')
    """
    base = re.sub(r"[^a-z0-9_]+", "-", name.lower()).strip("-_") or "tabel"
    stem, k = base, 2
    while stem in used:
        stem, k = f"{base}-{k}", k + 1
    used.add(stem)
    return stem


def cell_value(text: str) -> tuple[str | int | float, str | None]:
    """Read a Dutch-formatted published cell as a number where it is one.

    Parameters
    ----------
    text : str
        Cell text as published.

    Returns
    -------
    tuple
        The value (int, float or the text unchanged) and an Excel number format (or None).

    Examples
    --------
    >>> cell_value("6.370"), cell_value("56%"), cell_value("12,5%")
    ((6370, '#,##0'), (0.56, '0%'), (0.125, '0.0%'))
    >>> cell_value("1,07"), cell_value("55%–57%"), cell_value("·")
    ((1.07, None), ('55%–57%', None), ('·', None))
    """
    stripped = text.strip()
    if _INTEGER.match(stripped):
        return int(stripped.replace(".", "")), "#,##0"
    if _DECIMAL.match(stripped):
        return float(stripped.replace(",", ".")), None
    percent = _PERCENT.match(stripped)
    if percent:
        decimals = percent.group(2) or ""
        value = float(f"{percent.group(1)}.{decimals or '0'}") / 100
        return round(value, len(decimals) + 2), "0%" if not decimals else "0." + "0" * len(
            decimals) + "%"
    return text, None


def write_csv(table: ParsedTable, path: Path) -> Path:
    """Write one published table as CSV (UTF-8 with BOM, ``;`` separated, header row first).

    Parameters
    ----------
    table : ParsedTable
        A table with the gate's mark.
    path : pathlib.Path
        Destination.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(table.header)
        writer.writerows(table.rows)
    return path


def _sheet_title(caption: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", caption).strip()[:28] or "Tabel"
    title, k = base, 2
    while title.lower() in used:
        title, k = f"{base[:26]} {k}", k + 1
    used.add(title.lower())
    return title


def write_xlsx(tables: list[ParsedTable], path: Path, title: str) -> Path:
    """Write published tables to one workbook: a sheet per table and a sheet "Toelichting".

    Each table sheet holds the caption (row 1), the header (row 3), the rows, and below them
    the table's legend and notes. Counts and percentages are stored as numbers.

    Parameters
    ----------
    tables : list of ParsedTable
        Tables with the gate's mark.
    path : pathlib.Path
        Destination ``.xlsx``.
    title : str
        The report's title (on the first sheet).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    book = Workbook()
    about = book.active
    about.title = "Toelichting"
    about.append([title])
    about["A1"].font = Font(bold=True, size=13)
    about.append(["Alle tabellen van dit rapport, zoals gepubliceerd (na de privacycontrole)."])
    about.append(["· = onderdrukte cel (zie de legenda onder elke tabel)."])
    about.append([])
    about.append(["Blad", "Tabel"])
    about["A5"].font = about["B5"].font = Font(bold=True)
    used: set[str] = {"toelichting"}
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.caption or table.attrs.get(
            "data-table") or "Tabel", used))
        about.append([sheet.title, table.caption])
        sheet.append([table.caption])
        sheet["A1"].font = Font(bold=True)
        sheet.append([])
        sheet.append(table.header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            values = [cell_value(text) for text in row]
            sheet.append([v for v, _ in values])
            for cell, (_, fmt) in zip(sheet[sheet.max_row], values, strict=False):
                if fmt:
                    cell.number_format = fmt
        if table.footer:
            sheet.append([])
            for note in table.footer:
                sheet.append([note])
        for i, header in enumerate(table.header, start=1):
            width = max([len(header), *(len(r[i - 1]) for r in table.rows if len(r) >= i)])
            sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A4"
    about.column_dimensions["A"].width = 32
    about.column_dimensions["B"].width = 80
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".xlsx.tmp")
    book.save(tmp)
    normalise_zip(tmp)
    tmp.replace(path)
    return path


def _size(path: Path) -> str:
    kib = path.stat().st_size / 1024
    return f"{kib:.0f} kB".replace(".", ",") if kib >= 1 else "< 1 kB"


def write_downloads(page: str, page_path: Path, title: str) -> list[Download]:
    """Write the XLSX and CSV files of a rendered page's published tables.

    Old files of the same page are removed first, so a table that left the report leaves its
    download too.

    Parameters
    ----------
    page : str
        Rendered HTML of the report.
    page_path : pathlib.Path
        Where the page is (or will be) written, ``reports/<wave>/<section>.html``.
    title : str
        The report's title.

    Returns
    -------
    list of Download
        The workbook first, then one CSV per table; empty if the page has no published table.
    """
    tables = published_tables(page)
    folder, section = page_path.parent, page_path.stem
    csv_dir = folder / "tabellen" / section
    workbook = folder / f"{section}_tabellen.xlsx"
    if csv_dir.exists():
        shutil.rmtree(csv_dir)
    workbook.unlink(missing_ok=True)
    if not tables:
        return []
    write_xlsx(tables, workbook, title)
    made = [Download(workbook, workbook.name, "Alle tabellen van dit rapport", "xlsx")]
    used: set[str] = set()
    for table in tables:
        stem = file_stem(table.attrs.get("data-table") or table.caption, used)
        path = write_csv(table, csv_dir / f"{stem}.csv")
        made.append(Download(path, path.relative_to(folder).as_posix(),
                             table.caption or stem, "csv"))
    return made


def downloads_section(downloads: list[Download]) -> str:
    """HTML of the report's "Tabellen downloaden" section (relative links, no table).

    Parameters
    ----------
    downloads : list of Download
        Output of :func:`write_downloads`.

    Returns
    -------
    str
        A ``<section>`` with an ``h2`` and a list of links; empty string when there is nothing.
    """
    if not downloads:
        return ""
    items = []
    for item in downloads:
        kind = "Excel (XLSX)" if item.kind == "xlsx" else "CSV"
        items.append(
            f'<li><a href="{html.escape(item.href)}" download>{html.escape(item.label)}</a> '
            f'<span class="file-meta">({kind}, {_size(item.path)})</span></li>')
    return ('<section class="downloads" aria-labelledby="tabellen-downloaden">'
            '<h2 id="tabellen-downloaden">Tabellen downloaden</h2>'
            "<p>Alle tabellen van dit rapport, precies zoals hierboven gepubliceerd, als bestand. "
            "Een punt (·) staat voor een cel die om privacyredenen niet wordt getoond. "
            "CSV-bestanden gebruiken een puntkomma als scheidingsteken.</p>"
            f'<ul>{"".join(items)}</ul></section>')
