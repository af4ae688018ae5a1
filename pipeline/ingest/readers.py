"""Readers for raw exports: SPSS ``.sav``, ``.csv`` and ``.xlsx``, detected automatically.

:func:`read_raw` looks at the file's first bytes (not only its name) to tell SPSS, Excel and
text apart; for text it detects the encoding (UTF-8 with or without BOM, else Windows-1252) and
the delimiter (``;``, ``,`` or tab). Excel and CSV files may carry a title block above the
header (as CBS and payroll exports do): the header is the first row that is as wide as the table.
Every detected setting can be overridden (``format``, ``encoding``, ``delimiter``, ``decimal``,
``header_row``, ``sheet``), from ``params.yaml`` or the wave mapping's ``read:`` block.

Cells are returned as read: text for CSV (empty cells missing), numbers/text/dates for Excel,
numeric codes or text for SPSS (value labels returned separately, never applied silently). The
decimal mark travels with the frame (``frame.attrs["decimal"]``) so that mapping the survey
items uses it too.
Row numbers in messages count data rows: 1 is the first row under the header.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.ingest.distinct import blank_cells, rows_where
from pipeline.ingest.errors import IngestError
from pipeline.ingest.parse import raw_key

FORMATS = ("sav", "csv", "xlsx")
READ_OPTIONS = ("format", "encoding", "delimiter", "decimal", "header_row", "sheet")


@dataclass
class RawTable:
    """A raw table as read, with what the reader detected.

    Parameters
    ----------
    frame : pandas.DataFrame
        The data rows (default index), columns as in the file.
    path : pathlib.Path
        Source file.
    format : str
        ``sav``, ``csv`` or ``xlsx``.
    value_labels : dict
        SPSS value labels: column -> {normalised code: label}.
    variable_labels : dict
        SPSS variable labels: column -> label.
    encoding, delimiter, decimal : str or None
        Detected (or given) text settings.
    header_row : int
        0-based row of the header in the file (after a title block).
    """

    frame: pd.DataFrame
    path: Path
    format: str
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    variable_labels: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str = "."
    header_row: int = 0


def detect_format(path: str | Path) -> str:
    r"""Detect the file format from its first bytes.

    Parameters
    ----------
    path : str or pathlib.Path
        File to inspect.

    Returns
    -------
    str
        ``sav`` (``$FL2``/``$FL3`` magic), ``xlsx`` (zip with ``xl/``) or ``csv`` (anything else).

    Raises
    ------
    IngestError
        If the file does not exist, is empty, or is a zip/binary file that is no workbook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_text("a;b\n1;2\n")
    >>> detect_format(p)
    'csv'
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(path, "file not found")
    head = path.read_bytes()[:8]
    if not head:
        raise IngestError(path, "file is empty")
    if head[:4] in (b"$FL2", b"$FL3"):
        return "sav"
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as zf:
                if any(n.startswith("xl/") for n in zf.namelist()):
                    return "xlsx"
        except zipfile.BadZipFile as exc:
            raise IngestError(path, "unreadable file: damaged zip/xlsx") from exc
        raise IngestError(path, "wrong file type: a zip archive, not an xlsx workbook")
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise IngestError(path, "wrong file type: old binary Excel (.xls); save as .xlsx")
    if b"\x00" in path.read_bytes()[:4096]:
        raise IngestError(path, "wrong file type: binary content, not text, xlsx or sav")
    return "csv"


def detect_encoding(data: bytes) -> str:
    r"""Detect the text encoding: UTF-8 (BOM or valid UTF-8) or else Windows-1252.

    Parameters
    ----------
    data : bytes
        File content.

    Returns
    -------
    str
        ``utf-8-sig``, ``utf-8`` or ``cp1252``.

    Examples
    --------
    >>> detect_encoding("één".encode("utf-8")), detect_encoding("één".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> detect_encoding(b"\xef\xbb\xbfa;b")
    'utf-8-sig'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def detect_delimiter(lines: list[str]) -> str:
    """Detect the delimiter from the widest of the first lines: ``;``, ``,`` or tab.

    Parameters
    ----------
    lines : list of str
        First lines of the file (a title block may precede the header).

    Returns
    -------
    str

    Examples
    --------
    >>> detect_delimiter(["Personeelsnummer;FTE", "1;0,8"])
    ';'
    >>> detect_delimiter(["id,score", "1,2"])
    ','
    """
    best, best_count = ",", -1
    for delim in (";", "\t", ","):
        count = max((len(next(csv.reader([line], delimiter=delim))) for line in lines), default=0)
        if count > best_count:
            best, best_count = delim, count
    return best


def find_header_row(rows: list[list[Any]], header_row: int | None = None) -> int:
    """Return the 0-based index of the header row, skipping a title block.

    The header is the first row whose non-empty cells are all text and number at least
    80% of the widest row (title lines hold one cell; notes sit below the table).

    Parameters
    ----------
    rows : list of list
        Cells per row.
    header_row : int, optional
        Forced header row (0-based), e.g. from params.

    Returns
    -------
    int

    Examples
    --------
    >>> find_header_row([["Barometer 2024"], [], ["unit", "band", "n"], ["org", "1-5", 10]])
    2
    """
    if header_row is not None:
        return header_row
    widths = [sum(1 for c in r if raw_key(c) is not None) for r in rows]
    widest = max(widths, default=0)
    for i, (row, width) in enumerate(zip(rows, widths, strict=True)):
        if width == 0 or width < max(1, 0.8 * widest):
            continue
        if all(isinstance(c, str) for c in row if raw_key(c) is not None):
            return i
    return 0


def _frame_from_rows(rows: list[list[Any]], header: int, path: Path) -> pd.DataFrame:
    names_raw = rows[header]
    while names_raw and raw_key(names_raw[-1]) is None:
        names_raw = names_raw[:-1]
    names = [str(c).strip() if raw_key(c) is not None else "" for c in names_raw]
    blank = [i + 1 for i, n in enumerate(names) if not n]
    if blank:
        raise IngestError(path, "header has an empty column name", f"#{blank[0]}")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise IngestError(path, "column name appears twice in the header", dupes[0])
    body = rows[header + 1 :]
    width = max([len(names), *(len(r) for r in body)])
    cells = pd.DataFrame([r if len(r) == width else [*r, *[None] * (width - len(r))]
                          for r in body], columns=range(width), dtype=object)
    empty = blank_cells(cells)
    empty_rows = np.flatnonzero(empty.all(axis=1))
    end = int(empty_rows[0]) if len(empty_rows) else len(cells)  # an empty row ends the table
    too_wide = rows_where((~empty[:end, len(names):]).any(axis=1))
    if too_wide:
        raise IngestError(path, "row has more fields than the header", None, too_wide)
    frame = cells.iloc[:end, : len(names)].mask(empty[:end, : len(names)], pd.NA)
    frame.columns = names
    return frame.reset_index(drop=True)


def _read_csv(path: Path, options: dict[str, Any]) -> RawTable:
    data = path.read_bytes()
    encoding = options.get("encoding") or detect_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(path, f"unreadable file: not valid {encoding} text") from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise IngestError(path, "file is empty")
    lines = text[:65536].splitlines()
    if len(lines) <= 20:  # the head may hold fewer than 20 complete lines
        lines = text.splitlines()
    delimiter = options.get("delimiter") or detect_delimiter(lines[:20])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise IngestError(path, "unreadable file: malformed CSV quoting") from exc
    header = find_header_row(rows[:50], options.get("header_row"))
    frame = _frame_from_rows(rows, header, path)
    decimal = options.get("decimal") or ("," if delimiter == ";" else ".")
    return RawTable(frame, path, "csv", encoding=encoding, delimiter=delimiter, decimal=decimal,
                    header_row=header)


def _read_xlsx(path: Path, options: dict[str, Any]) -> RawTable:
    try:
        book = pd.read_excel(path, sheet_name=options.get("sheet", 0), header=None, dtype=object,
                             engine="openpyxl")
    except (ValueError, KeyError, zipfile.BadZipFile, OSError) as exc:
        raise IngestError(path, "unreadable file: not a readable xlsx workbook") from exc
    rows = [[None if pd.isna(c) else c for c in r] for r in book.itertuples(index=False)]
    if not any(raw_key(c) is not None for r in rows for c in r):
        raise IngestError(path, "file is empty")
    header = find_header_row(rows[:50], options.get("header_row"))
    frame = _frame_from_rows(rows, header, path)
    return RawTable(frame, path, "xlsx", decimal=options.get("decimal") or ".", header_row=header)


def _read_sav(path: Path) -> RawTable:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    except Exception as exc:  # pyreadstat raises several private error types
        raise IngestError(path, "unreadable file: not a readable SPSS .sav file") from exc
    labels = {
        col: {raw_key(k): str(v) for k, v in lab.items()}
        for col, lab in (meta.variable_value_labels or {}).items()
    }
    frame = frame.astype(object).map(lambda c: pd.NA if raw_key(c) is None else c)
    return RawTable(
        frame,
        path,
        "sav",
        value_labels=labels,
        variable_labels={k: v for k, v in meta.column_names_to_labels.items() if v},
    )


def read_raw(path: str | Path, options: dict[str, Any] | None = None) -> RawTable:
    r"""Read a raw export (``.sav``, ``.csv`` or ``.xlsx``), detecting format and settings.

    Parameters
    ----------
    path : str or pathlib.Path
        File to read.
    options : dict, optional
        Overrides: ``format`` (sav/csv/xlsx), ``encoding``, ``delimiter``, ``decimal``,
        ``header_row`` (0-based), ``sheet``.

    Returns
    -------
    RawTable

    Raises
    ------
    IngestError
        If the file is missing, empty, unreadable, of the wrong type (content differs from its
        extension), has no data rows, or has malformed rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hr.csv"
    >>> _ = p.write_bytes("Naam;FTE\nJosé;0,8\n".encode("cp1252"))
    >>> t = read_raw(p)
    >>> t.encoding, t.delimiter, t.decimal, t.frame.iloc[0].tolist()
    ('cp1252', ';', ',', ['José', '0,8'])
    """
    path = Path(path)
    options = dict(options or {})
    unknown = set(options) - set(READ_OPTIONS)
    if unknown:
        raise IngestError(path, f"unknown read options {sorted(unknown)}")
    detected = detect_format(path)
    wanted = options.get("format")
    if wanted is not None and wanted not in FORMATS:
        raise IngestError(path, f"read option format must be one of {list(FORMATS)}")
    suffix = path.suffix.lower().lstrip(".")
    expected = wanted or (suffix if suffix in FORMATS else detected)
    if expected != detected:
        raise IngestError(path, f"wrong file type: named {expected} but the content is {detected}")
    if detected == "sav":
        table = _read_sav(path)
    elif detected == "xlsx":
        table = _read_xlsx(path, options)
    else:
        table = _read_csv(path, options)
    if table.frame.empty:
        raise IngestError(path, "file has a header but no data rows")
    table.frame.attrs["decimal"] = table.decimal  # for apply_mapping: the file's decimal mark
    return table
