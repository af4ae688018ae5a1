"""CBS Barometer Culturele Diversiteit and the labour-force benchmark -> canonical rows.

The barometer arrives as CBS delivers it (``.xlsx``: per classification a sheet with a title
block, one row per unit × salary band, a group-size column and one column of percentages per
herkomst category; suppressed cells ``x``, ``.`` or empty) or as a tidy ``.csv`` with the
canonical column names. Layout in ``config/cbs.yml``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from pipeline.ingest.distinct import rows_where
from pipeline.ingest.errors import IngestError
from pipeline.ingest.parse import parse_number, raw_key, whole_number, yes_no
from pipeline.ingest.readers import RawTable, detect_format, read_raw

NUMBER_HINT = "write numbers as 12,5 or 12.5"
BAROMETER_COLUMNS = ("year", "unit", "schaal_band", "scheme", "herkomst", "share", "n_staff",
                     "suppressed")
BENCHMARK_COLUMNS = ("year", "herkomst", "scheme", "share")


def empty_barometer() -> pd.DataFrame:
    """Return a barometer table without rows, with the canonical columns and dtypes.

    Written when a source has no CBS barometer files, so that the reports can say so.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> b = empty_barometer()
    >>> len(b), list(b.columns) == list(BAROMETER_COLUMNS), str(b["n_staff"].dtype)
    (0, True, 'Int64')
    """
    return pd.DataFrame({
        "year": pd.Series(dtype="int64"), "unit": pd.Series(dtype="string"),
        "schaal_band": pd.Series(dtype="string"), "scheme": pd.Series(dtype="string"),
        "herkomst": pd.Series(dtype="string"), "share": pd.Series(dtype="float64"),
        "n_staff": pd.Series(dtype="Int64"), "suppressed": pd.Series(dtype="boolean"),
    })


def empty_benchmark() -> pd.DataFrame:
    """Return a labour-force benchmark without rows, with the canonical columns and dtypes.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> list(empty_benchmark().dtypes.astype(str))
    ['int64', 'string', 'string', 'float64']
    """
    return pd.DataFrame({
        "year": pd.Series(dtype="int64"), "herkomst": pd.Series(dtype="string"),
        "scheme": pd.Series(dtype="string"), "share": pd.Series(dtype="float64"),
    })


def year_from_name(path: str | Path) -> int | None:
    """Return the four-digit year in a file name (``barometer_2024.xlsx`` -> 2024).

    Parameters
    ----------
    path : str or pathlib.Path
        File.

    Returns
    -------
    int or None

    Examples
    --------
    >>> year_from_name("cbs/barometer_2024.xlsx"), year_from_name("x.xlsx")
    (2024, None)
    """
    found = re.search(r"(19|20)\d\d", Path(path).stem)
    return int(found.group(0)) if found else None


def _sheet_names(path: Path) -> list[str]:
    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise IngestError(path, "unreadable file: not a readable xlsx workbook") from exc
    names = list(book.sheetnames)
    book.close()
    return names


def _wide_to_rows(
    table: RawTable, scheme: str, year: int, bconf: dict[str, Any]
) -> pd.DataFrame:
    frame, path = table.frame, table.path
    cols = bconf["columns"]
    cats = bconf["herkomst_columns"][scheme]
    for header in [cols["unit"], cols["schaal_band"], cols["n_staff"], *cats.values()]:
        if header not in frame.columns:
            raise IngestError(path, "required column is missing", header)
    units = {v: k for k, v in bconf.get("units", {}).items()}
    bands = {v: k for k, v in bconf.get("bands", {}).items()}
    marks = {m.lower() for m in bconf.get("suppressed_marks", ["x", "."])}
    rows: list[dict[str, Any]] = []
    n_raw = frame[cols["n_staff"]].map(lambda c: pd.NA if str(c).strip().lower() in marks else c)
    n_staff, bad = parse_number(n_raw, table.decimal)
    if bad:
        raise IngestError(path, f"group size is not a number; {NUMBER_HINT}, suppressed cells "
                          f"as {' or '.join(sorted(marks))}", cols["n_staff"], bad)
    for category, header in cats.items():
        cells = frame[header]
        suppressed = [raw_key(c) is None or str(c).strip().lower() in marks for c in cells]
        numbers, bad = parse_number(cells.where(~pd.Series(suppressed, index=cells.index)),
                                    table.decimal)
        if bad:
            raise IngestError(path, f"share is not a number or a suppression mark; {NUMBER_HINT}, "
                              f"suppressed cells as {' or '.join(sorted(marks))} (marks: "
                              "`suppressed_marks:` in config/cbs.yml)", header, bad)
        share = numbers / bconf["share_scale"]
        out_of_range = [i for i, s in enumerate(share, 1) if s == s and not 0 <= s <= 1]
        if out_of_range:
            raise IngestError(path, "share outside 0-100%", header, out_of_range)
        for i in range(len(frame)):
            unit = raw_key(frame[cols["unit"]].iloc[i])
            band = raw_key(frame[cols["schaal_band"]].iloc[i])
            rows.append({
                "year": year,
                "unit": units.get(unit, unit),
                "schaal_band": bands.get(band, band),
                "scheme": scheme,
                "herkomst": category,
                "share": share.iloc[i],
                "n_staff": n_staff.iloc[i],
                "suppressed": suppressed[i],
            })
    return pd.DataFrame(rows)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["year"] = out["year"].astype("int64")
    for col in ("unit", "schaal_band", "scheme", "herkomst"):
        out[col] = out[col].astype("string")
    out["share"] = out["share"].astype("float64")
    out["n_staff"] = out["n_staff"].round().astype("Int64")
    out["suppressed"] = out["suppressed"].astype("boolean")
    return out[list(BAROMETER_COLUMNS)].reset_index(drop=True)


def read_barometer(
    path: str | Path,
    config: dict[str, Any],
    year: int | None = None,
    options: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Read one barometer file into canonical long rows.

    Parameters
    ----------
    path : str or pathlib.Path
        ``cbs/barometer_<yyyy>.xlsx`` (CBS layout) or ``.csv`` (tidy, canonical names).
    config : dict
        ``config/cbs.yml``.
    year : int, optional
        Year of the table (default: from the file name).
    options : dict, optional
        Reader overrides.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, unit, schaal_band, scheme, herkomst, share, n_staff, suppressed``.

    Raises
    ------
    IngestError
        Unreadable file, no known sheet, missing column, bad number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pipeline.ingest.settings import cbs_config
    >>> from pipeline.ingest.writers import write_cbs_barometer
    >>> can = pd.DataFrame({"year": 2024, "unit": "organisatie", "schaal_band": "totaal",
    ...     "herkomst": ["Nederland", "Europa", "Buiten-Europa"], "share": [0.57, 0.1, None],
    ...     "n_staff": 22000, "suppressed": [False, False, True]})
    >>> p = write_cbs_barometer(can, pathlib.Path(tempfile.mkdtemp()) / "barometer_2024.xlsx", 2024)
    >>> read_barometer(p, cbs_config())[["herkomst", "share", "suppressed"]].values.tolist()
    [['Nederland', 0.57, False], ['Europa', 0.1, False], ['Buiten-Europa', nan, True]]
    """
    path = Path(path)
    bconf = config["barometer"]
    year = year or year_from_name(path)
    if year is None:
        raise IngestError(path, "no year in the file name (barometer_<jjjj>)")
    fmt = (options or {}).get("format") or detect_format(path)
    if fmt == "csv":
        table = read_raw(path, options)
        frame = table.frame
        missing = [c for c in BAROMETER_COLUMNS if c not in frame.columns and c not in
                   ("scheme", "suppressed", "year")]
        if missing:
            raise IngestError(path, "required column is missing", missing[0])
        share, bad = parse_number(frame["share"], table.decimal)
        if bad:
            raise IngestError(path, f"share is not a number; {NUMBER_HINT}", "share", bad)
        n_staff, bad = parse_number(frame["n_staff"], table.decimal)
        if bad:
            raise IngestError(path, f"group size is not a number; {NUMBER_HINT}", "n_staff", bad)
        years = (frame["year"].map(lambda v: whole_number(v, table.decimal)) if "year" in frame
                 else pd.Series(year, index=frame.index))
        bad = rows_where(years.isna().to_numpy())
        if bad:
            raise IngestError(path, "not a year; write the year as jjjj", "year", bad)
        suppressed = (frame["suppressed"].map(lambda v: yes_no(v, table.decimal) is True)
                      if "suppressed" in frame else share.isna())
        tidy = pd.DataFrame({
            "year": years.astype("int64"),
            "unit": frame["unit"].map(raw_key),
            "schaal_band": frame["schaal_band"].map(raw_key),
            "scheme": frame["scheme"].map(raw_key) if "scheme" in frame else "nieuw",
            "herkomst": frame["herkomst"].map(raw_key),
            "share": share,
            "n_staff": n_staff,
            "suppressed": suppressed,
        })
        return _typed(tidy)
    if fmt != "xlsx":
        raise IngestError(path, f"wrong file type: barometer must be xlsx or csv, not {fmt}")
    names = _sheet_names(path)
    parts = []
    for scheme, sheet in bconf["sheets"].items():
        if sheet in names:
            table = read_raw(path, {**(options or {}), "sheet": sheet})
            parts.append(_wide_to_rows(table, scheme, year, bconf))
    if not parts:
        expected = list(bconf["sheets"].values())
        raise IngestError(path, f"no barometer sheet found (expected {expected})")
    return _typed(pd.concat(parts, ignore_index=True))


def read_benchmark(
    path: str | Path, config: dict[str, Any], options: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Read the labour-force benchmark CSV into ``year, herkomst, scheme, share`` (0-1).

    Parameters
    ----------
    path : str or pathlib.Path
        ``benchmark/beroepsbevolking.csv``.
    config : dict
        ``config/cbs.yml``.
    options : dict, optional
        Reader overrides.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pipeline.ingest.settings import cbs_config
    >>> from pipeline.ingest.writers import write_benchmark
    >>> can = pd.DataFrame({"year": [2023], "herkomst": ["Buiten-Europa"], "share": [0.34]})
    >>> p = write_benchmark(can, pathlib.Path(tempfile.mkdtemp()) / "b.csv")
    >>> read_benchmark(p, cbs_config())["share"].tolist()
    [0.34]
    """
    path = Path(path)
    conf = config["benchmark"]
    table = read_raw(path, options)
    frame = table.frame
    cols = conf["columns"]
    for name in ("year", "herkomst", "share"):
        if cols[name] not in frame.columns:
            raise IngestError(path, "required column is missing", cols[name])
    share, bad = parse_number(frame[cols["share"]], table.decimal)
    if bad:
        raise IngestError(path, f"not a number; {NUMBER_HINT}", cols["share"], bad)
    years = [whole_number(v, table.decimal) for v in frame[cols["year"]]]
    bad = [i for i, y in enumerate(years, 1) if y is None or not 1900 <= y <= 2200]
    if bad:
        raise IngestError(path, "not a year; write the year as jjjj", cols["year"], bad)
    scheme = (frame[cols["scheme"]].map(raw_key) if cols.get("scheme") in frame.columns
              else pd.Series("nieuw", index=frame.index))
    return pd.DataFrame({
        "year": pd.Series([int(y) for y in years], dtype="int64"),
        "herkomst": frame[cols["herkomst"]].map(raw_key).astype("string"),
        "scheme": scheme.fillna("nieuw").astype("string"),
        "share": (share / conf["share_scale"]).round(9).astype("float64"),
    })
