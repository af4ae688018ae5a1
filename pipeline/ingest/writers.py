"""Writers of realistic raw exports (the inverse of the readers), used by the synthetic exporter.

* :func:`write_survey_raw` — a raw survey frame (from :func:`pipeline.ingest.mapping.to_raw`) as
  SPSS ``.sav`` (value and variable labels), ``.csv`` (Dutch ``;``/Windows-1252/decimal comma or
  UTF-8 ``,``) or ``.xlsx``;
* :func:`write_hr_export` — a canonical HR snapshot as a Dutch payroll export (``config/hr.yml``);
* :func:`write_cbs_barometer` — canonical barometer rows as CBS delivers them (``config/cbs.yml``);
* :func:`write_benchmark` — the labour-force benchmark CSV.

All writes are atomic (temporary file, then rename). Inputs are never modified. The bytes
depend on the inputs only: the creation time an SPSS header or a workbook carries is
:func:`pipeline.ingest.atomic.source_timestamp`, never the clock (:func:`fix_sav_timestamp`,
:func:`pipeline.ingest.atomic.normalise_zip`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.ingest.atomic import atomic_path, normalise_zip, source_timestamp
from pipeline.ingest.distinct import map_distinct
from pipeline.ingest.mapping import WaveMapping, sav_value_labels
from pipeline.ingest.settings import cbs_config, hr_config

_DEFAULT_CSV = {"encoding": "utf-8", "delimiter": ",", "decimal": "."}


def _csv_settings(
    defaults: dict[str, Any], encoding: str | None, delimiter: str | None, decimal: str | None
) -> tuple[str, str, str]:
    enc = encoding or defaults.get("encoding") or "utf-8"
    delim = delimiter or defaults.get("delimiter") or ","
    dec = decimal or defaults.get("decimal") or ("," if delim == ";" else ".")
    if dec == delim:
        raise ValueError(f"decimal mark {dec!r} equals the delimiter")
    return enc, delim, dec


def _write_csv(
    frame: pd.DataFrame, path: Path, encoding: str, delimiter: str, decimal: str
) -> None:
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, sep=delimiter, decimal=decimal, encoding=encoding, index=False,
                     na_rep="", lineterminator="\r\n" if encoding == "cp1252" else "\n")


def _to_object(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype(object)
    return out.where(out.notna(), None)


def write_survey_raw(
    raw: pd.DataFrame,
    path: str | Path,
    mapping: WaveMapping,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
) -> Path:
    """Write a raw survey frame as ``.sav``, ``.csv`` or ``.xlsx`` (chosen by the suffix).

    Parameters
    ----------
    raw : pandas.DataFrame
        Raw frame, as returned by :func:`pipeline.ingest.mapping.to_raw`.
    path : str or pathlib.Path
        Destination; its suffix picks the format.
    mapping : WaveMapping
        The wave mapping (value labels, variable labels, CSV defaults from its ``read:`` block).
    encoding, delimiter, decimal : str, optional
        CSV settings; default the mapping's ``read:`` block, else UTF-8 with ``,``.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    ValueError
        On an unknown suffix, or text that the CSV encoding cannot represent.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pipeline.ingest.mapping import parse_mapping, to_raw
    >>> from pipeline.ingest.readers import read_raw
    >>> m = parse_mapping({"wave": 2026, "study": "monitor", "peildatum": "2026-12-31",
    ...     "file": "s.sav", "columns": {"resp_id": "ID",
    ...     "complete": {"raw": "DONE", "codes": {1: True, 0: False}}}})
    >>> raw = to_raw(pd.DataFrame({"resp_id": ["a"], "complete": [True]}), m)
    >>> p = write_survey_raw(raw, pathlib.Path(tempfile.mkdtemp()) / "s.sav", m)
    >>> read_raw(p).value_labels["DONE"]
    {'1': 'ja', '0': 'nee'}
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".sav":
        _write_sav(raw, path, mapping)
    elif suffix == ".csv":
        enc, delim, dec = _csv_settings(mapping.read or _DEFAULT_CSV, encoding, delimiter, decimal)
        try:
            _write_csv(_text_codes(raw, mapping), path, enc, delim, dec)
        except UnicodeEncodeError as exc:
            raise ValueError(f"{path.name}: text not representable in {enc}") from exc
    elif suffix == ".xlsx":
        with atomic_path(path) as tmp:
            _to_object(_text_codes(raw, mapping)).to_excel(tmp, index=False, engine="openpyxl")
            normalise_zip(tmp)
    else:
        raise ValueError(f"{path.name}: unknown survey format {suffix!r} (sav, csv or xlsx)")
    return path


def _text_codes(raw: pd.DataFrame, mapping: WaveMapping) -> pd.DataFrame:
    """Replace ``by_label`` codes by their labels (CSV and Excel carry no value labels)."""
    attrs = raw.attrs.get("value_labels", {}) or {}
    out = raw.copy()
    for col in mapping.columns.values():
        if col.builtin == "by_label" and col.raw in out.columns and col.raw in attrs:
            labels = attrs[col.raw]
            out[col.raw] = pd.Series(
                [pd.NA if pd.isna(v) else labels[str(int(v))] for v in out[col.raw]],
                dtype="string",
                index=out.index,
            )
    return out


def _write_sav(raw: pd.DataFrame, path: Path, mapping: WaveMapping) -> None:
    import pyreadstat

    frame = pd.DataFrame(index=range(len(raw)))
    for name in raw.columns:
        series = raw[name].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            frame[name] = series.astype("Float64").astype("float64")
        else:
            frame[name] = [None if pd.isna(v) else str(v) for v in series]
    variable_labels = {
        c.raw: c.label for c in mapping.columns.values() if c.raw in frame.columns and c.label
    }
    labels = sav_value_labels(mapping, raw)
    with atomic_path(path) as tmp:
        pyreadstat.write_sav(
            frame,
            str(tmp),
            column_labels={c: variable_labels.get(c, "") for c in frame.columns},
            variable_value_labels=labels,
        )
        fix_sav_timestamp(tmp)


#: SPSS system-file header: creation date ``dd mmm yy`` (9 bytes) and time ``hh:mm:ss`` (8).
_SAV_DATE = slice(92, 101)
_SAV_TIME = slice(101, 109)
_SAV_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fix_sav_timestamp(path: str | Path, when: dt.datetime | None = None) -> Path:
    """Overwrite the creation date and time in an SPSS ``.sav`` header (in place).

    ReadStat stamps the file with the local clock and pyreadstat offers no way to set it, so
    the header's ``creation_date`` (offset 92, ``dd mmm yy``) and ``creation_time`` (offset
    101, ``hh:mm:ss``) are overwritten with `when`. Nothing else in the file changes.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.sav`` or ``.zsav`` file.
    when : datetime.datetime, optional
        Moment to write (default :func:`pipeline.ingest.atomic.source_timestamp`).

    Returns
    -------
    pathlib.Path
        `path`.

    Raises
    ------
    ValueError
        If the file does not start with an SPSS system-file header.
    """
    path = Path(path)
    when = when or source_timestamp()
    with path.open("r+b") as handle:
        header = handle.read(_SAV_TIME.stop)
        if len(header) < _SAV_TIME.stop or header[:4] not in (b"$FL2", b"$FL3"):
            raise ValueError(f"{path.name}: not an SPSS system file")
        if header[_SAV_TIME][2:3] != b":" or header[_SAV_TIME][5:6] != b":":
            raise ValueError(f"{path.name}: unexpected SPSS header layout")
        date = f"{when.day:02d} {_SAV_MONTHS[when.month - 1]} {when.year % 100:02d}"
        handle.seek(_SAV_DATE.start)
        handle.write(date.encode("ascii") + when.strftime("%H:%M:%S").encode("ascii"))
    return path


# --------------------------------------------------------------------------- HR


def hr_to_raw(canonical: pd.DataFrame, config: dict[str, Any] | None = None) -> pd.DataFrame:
    """Turn a canonical HR snapshot into the payroll layout (Dutch headers, codes, dates as text).

    Parameters
    ----------
    canonical : pandas.DataFrame
        Canonical HR rows (``employee_id``, ``peildatum``, ``cluster``, ``directie``, ``schaal``,
        ``manager``, ``birth_date``, ``gender``, ``fte``, ``start_date``, ``end_date``);
        derived columns (``schaal_band``, ``age``, ``age_band``) are dropped. Not modified.
    config : dict, optional
        Layout (``config/hr.yml`` by default).

    Returns
    -------
    pandas.DataFrame
        Raw columns; dates as ``dd-mm-jjjj`` text, ``fte`` as float.

    Examples
    --------
    >>> can = pd.DataFrame({"employee_id": ["100234"], "peildatum": [pd.Timestamp("2024-12-31")],
    ...     "manager": [True], "fte": [0.8], "end_date": [pd.NaT]})
    >>> hr_to_raw(can).columns.tolist()
    ['Personeelsnummer', 'Peildatum', 'Leidinggevende', 'FTE', 'Datum uit dienst']
    >>> hr_to_raw(can)["Peildatum"].tolist()
    ['31-12-2024']
    """
    config = config or hr_config()
    fmt = config["date_format"]
    out: dict[str, pd.Series] = {}
    for name, header in config["columns"].items():
        if name not in canonical.columns:
            continue
        series = canonical[name].reset_index(drop=True)
        if name in config.get("codes", {}):
            inverse = {v: k for k, v in config["codes"][name].items()}
            out[header] = pd.Series(
                map_distinct(series, lambda v, inv=inverse: pd.NA if v is None or pd.isna(v)
                             else inv[v if not isinstance(v, bool) else bool(v)]),
                dtype="string",
            )
        elif name in ("peildatum", "birth_date", "start_date", "end_date"):
            dates = pd.Series(pd.to_datetime(series))
            out[header] = dates.dt.strftime(fmt).astype("string")
        elif name == "fte":
            out[header] = series.astype("float64")
        else:
            out[header] = series.astype(object).astype("string")  # str(v), NA stays NA
    return pd.DataFrame(out)


def write_hr_export(
    canonical: pd.DataFrame, path: str | Path, config: dict[str, Any] | None = None
) -> Path:
    """Write a canonical HR snapshot as a Dutch payroll export (``.csv`` or ``.xlsx``).

    CSV: ``;``, decimal comma, Windows-1252, dates ``dd-mm-jjjj`` (settings in
    ``config/hr.yml``). Excel: same headers, dates as text ``dd-mm-jjjj``.

    Parameters
    ----------
    canonical : pandas.DataFrame
        Canonical HR rows of one peildatum. Not modified.
    path : str or pathlib.Path
        Destination, e.g. ``data/raw/demo/hr/hr_2024-12-31.csv``.
    config : dict, optional
        Layout (``config/hr.yml`` by default).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> can = pd.DataFrame({"employee_id": ["100234"], "fte": [0.8889]})
    >>> p = write_hr_export(can, pathlib.Path(tempfile.mkdtemp()) / "hr_2024-12-31.csv")
    >>> p.read_bytes().decode("cp1252").splitlines()
    ['Personeelsnummer;FTE', '100234;0,8889']
    """
    config = config or hr_config()
    path = Path(path)
    raw = hr_to_raw(canonical, config)
    if path.suffix.lower() == ".csv":
        enc, delim, dec = _csv_settings(config.get("csv", {}), None, None, None)
        _write_csv(raw, path, enc, delim, dec)
    elif path.suffix.lower() == ".xlsx":
        with atomic_path(path) as tmp:
            _to_object(raw).to_excel(tmp, index=False, engine="openpyxl")
            normalise_zip(tmp)
    else:
        raise ValueError(f"{path.name}: HR export must be .csv or .xlsx")
    return path


# --------------------------------------------------------------------------- CBS


def _format_share(value: Any, suppressed: bool, scale: float, decimals: int, mark: str) -> Any:
    if suppressed or pd.isna(value):
        return mark
    return round(float(value) * scale, decimals)


def barometer_sheets(
    canonical: pd.DataFrame, year: int, config: dict[str, Any] | None = None
) -> dict[str, pd.DataFrame]:
    """Shape canonical barometer rows of one year into CBS's wide sheets (one per scheme).

    Parameters
    ----------
    canonical : pandas.DataFrame
        Rows ``year, unit, schaal_band, herkomst, share, n_staff, suppressed`` and optionally
        ``scheme`` (``nieuw`` when absent). Not modified.
    year : int
        Year to write.
    config : dict, optional
        CBS layout (``config/cbs.yml`` by default).

    Returns
    -------
    dict
        Sheet name -> wide table with CBS headers (shares in percent, suppressed cells marked).

    Examples
    --------
    >>> can = pd.DataFrame({"year": 2024, "unit": "organisatie", "schaal_band": "totaal",
    ...     "herkomst": ["Nederland", "Europa", "Buiten-Europa"], "share": [0.57, 0.1, pd.NA],
    ...     "n_staff": 22000, "suppressed": [False, False, True]})
    >>> [str(v) for v in barometer_sheets(can, 2024)["Herkomst"].iloc[0]]
    ['Gemeente Amsterdam totaal', 'Totaal', '22000', '57.0', '10.0', 'x']
    """
    config = (config or cbs_config())["barometer"]
    cols = config["columns"]
    frame = canonical[canonical["year"] == year].copy()
    if "scheme" not in frame.columns:
        frame["scheme"] = "nieuw"
    if "suppressed" not in frame.columns:
        frame["suppressed"] = frame["share"].isna()
    sheets: dict[str, pd.DataFrame] = {}
    for scheme, sheet in config["sheets"].items():
        part = frame[frame["scheme"] == scheme]
        if part.empty:
            continue
        categories = config["herkomst_columns"][scheme]
        rows = []
        for (unit, band), group in part.groupby(["unit", "schaal_band"], sort=False):
            by_cat = group.set_index("herkomst")
            n_staff = group["n_staff"].iloc[0]
            row = {
                cols["unit"]: config.get("units", {}).get(unit, unit),
                cols["schaal_band"]: config.get("bands", {}).get(band, band),
                cols["n_staff"]: config["write_mark"] if pd.isna(n_staff) else int(n_staff),
            }
            for cat, header in categories.items():
                if cat in by_cat.index:
                    row[header] = _format_share(
                        by_cat.loc[cat, "share"], bool(by_cat.loc[cat, "suppressed"]),
                        config["share_scale"], config["decimals"], config["write_mark"])
                else:
                    row[header] = config["write_mark"]
            rows.append(row)
        sheets[sheet] = pd.DataFrame(rows)
    return sheets


def write_cbs_barometer(
    canonical: pd.DataFrame, path: str | Path, year: int, config: dict[str, Any] | None = None
) -> Path:
    """Write one year of barometer rows as CBS delivers it (``.xlsx``) or as tidy ``.csv``.

    The workbook has, per scheme, a sheet with a title block of a few rows, a blank row, the
    header (unit, salary scale, group size, one column per herkomst category, in percent),
    the rows, a blank row and notes. Suppressed cells hold ``x``.
    A ``.csv`` path gets the tidy canonical rows of that year instead (``;``, decimal comma).

    Parameters
    ----------
    canonical : pandas.DataFrame
        Canonical barometer rows (see :func:`barometer_sheets`). Not modified.
    path : str or pathlib.Path
        Destination, e.g. ``data/raw/demo/cbs/barometer_2024.xlsx``.
    year : int
        Year to write.
    config : dict, optional
        CBS layout (``config/cbs.yml`` by default).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If there are no rows for `year` or the suffix is not ``.xlsx``/``.csv``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> can = pd.DataFrame({"year": 2024, "unit": "organisatie", "schaal_band": "totaal",
    ...     "herkomst": ["Nederland", "Europa", "Buiten-Europa"], "share": [0.57, 0.1, 0.33],
    ...     "n_staff": 22000, "suppressed": False})
    >>> p = write_cbs_barometer(can, pathlib.Path(tempfile.mkdtemp()) / "barometer_2024.xlsx", 2024)
    >>> pd.read_excel(p, header=None).iloc[0, 0]
    'Barometer Culturele Diversiteit 2024'
    """
    config = config or cbs_config()
    path = Path(path)
    if not (canonical["year"] == year).any():
        raise ValueError(f"{path.name}: no barometer rows for year {year}")
    if path.suffix.lower() == ".csv":
        tidy = canonical[canonical["year"] == year].reset_index(drop=True)
        _write_csv(tidy, path, "utf-8", ";", ",")
        return path
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path.name}: barometer must be .xlsx or .csv")
    bconf = config["barometer"]
    title = [line.format(year=year) for line in bconf["title"]]
    sheets = barometer_sheets(canonical, year, config)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for sheet, table in sheets.items():
                start = len(title) + 1
                pd.DataFrame({"t": title}).to_excel(writer, sheet_name=sheet, index=False,
                                                    header=False)
                table.to_excel(writer, sheet_name=sheet, index=False, startrow=start)
                notes = pd.DataFrame({"n": bconf.get("notes", [])})
                notes.to_excel(writer, sheet_name=sheet, index=False, header=False,
                               startrow=start + len(table) + 2)
        normalise_zip(tmp)
    return path


def write_benchmark(
    canonical: pd.DataFrame, path: str | Path, config: dict[str, Any] | None = None
) -> Path:
    """Write the labour-force benchmark (``year, herkomst, share[, scheme]``) as CSV.

    Parameters
    ----------
    canonical : pandas.DataFrame
        Canonical benchmark rows, share in 0-1. Not modified.
    path : str or pathlib.Path
        Destination, e.g. ``data/raw/demo/benchmark/beroepsbevolking.csv``.
    config : dict, optional
        Layout (``config/cbs.yml`` ``benchmark:`` by default).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> can = pd.DataFrame({"year": [2023], "herkomst": ["Buiten-Europa"], "share": [0.34]})
    >>> p = write_benchmark(can, pathlib.Path(tempfile.mkdtemp()) / "beroepsbevolking.csv")
    >>> p.read_text(encoding="utf-8").splitlines()[1]
    '2023;Buiten-Europa;34,0'
    """
    conf = (config or cbs_config())["benchmark"]
    out = pd.DataFrame()
    for name, header in conf["columns"].items():
        if name not in canonical.columns:
            continue
        series = canonical[name].reset_index(drop=True)
        if name == "share":
            series = (series.astype("float64") * conf["share_scale"]).round(6)
        out[header] = series
    enc, delim, dec = _csv_settings(conf.get("csv", {}), None, None, None)
    _write_csv(out, Path(path), enc, delim, dec)
    return Path(path)
