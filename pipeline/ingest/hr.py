"""HR register snapshots (Dutch payroll export) -> canonical HR rows, with quarantine.

Layout in ``config/hr.yml``. Problems that stop the stage: missing required column, unknown
code (manager, gender), invalid salary scale, unparseable number or date, duplicate employee
ids within one snapshot. Problems set aside (quarantine): impossible dates (birth date after the
peildatum or age outside ``plausible_age``, start after the peildatum, leaving before starting).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.ingest.codesets import BAD, QUOTE_HINT, CodeTable, code_key
from pipeline.ingest.derive import derive_hr, schaal_rank
from pipeline.ingest.distinct import map_distinct, rows_where
from pipeline.ingest.errors import IngestError
from pipeline.ingest.parse import parse_date, parse_number, raw_key
from pipeline.ingest.quarantine import Ledger, split_quarantine
from pipeline.ingest.readers import RawTable, read_raw

DATE_COLUMNS = ("peildatum", "birth_date", "start_date", "end_date")


NUMBER_HINT = "write numbers as 0,8 or 0.8 (whole numbers as 1, 1.0 or 1,0)"


def hr_from_raw(
    table: RawTable, config: dict[str, Any], *, config_name: str = "config/hr.yml"
) -> pd.DataFrame:
    r"""Translate a raw payroll table to canonical HR columns (without derived columns).

    Parameters
    ----------
    table : RawTable
        As read by :func:`pipeline.ingest.readers.read_raw`.
    config : dict
        ``config/hr.yml``.
    config_name : str
        The layout file as named in messages (relative to the project).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    IngestError
        Missing required column, unknown code, bad scale/number/date, duplicate employee id.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pipeline.ingest.settings import hr_config
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "hr_2024-12-31.csv"
    >>> _ = p.write_text("Personeelsnummer;Peildatum;Cluster;Directie;Salarisschaal;"
    ...     "Leidinggevende;Geboortedatum;Geslacht;FTE;Datum in dienst;Datum uit dienst\n"
    ...     "1;31-12-2024;S;D;10A;Nee;01-06-1990;V;0,8;01-01-2020;\n", encoding="cp1252")
    >>> hr = hr_from_raw(read_raw(p), hr_config())
    >>> hr["schaal"].tolist(), hr["fte"].tolist(), hr["manager"].tolist()
    (['10A'], [0.8], [False])
    """
    frame, path = table.frame, table.path
    headers = config["columns"]
    for name in config.get("required", headers):
        if headers[name] not in frame.columns:
            raise IngestError(path, "required column is missing", headers[name])
    out: dict[str, pd.Series] = {}
    for name, header in headers.items():
        if header not in frame.columns:
            if name == "end_date":
                out[name] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            continue
        raw = frame[header]
        if name in DATE_COLUMNS:
            values, bad = parse_date(raw, config["date_format"])
            if bad:
                raise IngestError(path, "not a date (dd-mm-jjjj); write dates as dd-mm-jjjj "
                                  f"or set `date_format:` in {config_name}", header, bad)
        elif name == "fte":
            values, bad = parse_number(raw, table.decimal)
            if bad:
                raise IngestError(path, f"not a number; {NUMBER_HINT}", header, bad)
        elif name in config.get("codes", {}):
            codes = CodeTable({code_key(k): v for k, v in config["codes"][name].items()})
            found = map_distinct(raw, lambda v, c=codes: None if raw_key(v) is None
                                 else c.lookup(raw_key(v), table.decimal))
            bad = rows_where(np.array([v is BAD for v in found], dtype=bool))
            if bad:
                hint = f"add the code under `codes: {name}:` in {config_name}"
                if codes.has_yaml_bools:
                    hint += f" ({QUOTE_HINT})"
                raise IngestError(path, f"code not in {config_name}; {hint}", header, bad)
            dtype = "boolean" if name == "manager" else "string"
            values = pd.Series([pd.NA if v is None else v for v in found], index=frame.index,
                               dtype=dtype)
        else:
            keys = map_distinct(raw, lambda v: pd.NA if raw_key(v) is None else raw_key(v))
            values = pd.Series(keys, index=frame.index, dtype="string")
            if name == "schaal":
                values = values.str.upper()
                invalid = map_distinct(values, lambda v: v is not None and not pd.isna(v)
                                       and schaal_rank(v) != schaal_rank(v))
                bad = rows_where(invalid.astype(bool))
                if bad:
                    raise IngestError(path, "not a salary scale (1-18, 10A, 11A); write the "
                                      "scale as in the payroll system", header, bad)
        required = name in config.get("required", headers) and name != "end_date"
        missing = rows_where(values.isna().to_numpy())
        if required and missing:
            raise IngestError(path, "empty value in a required column", header, missing)
        out[name] = values.reset_index(drop=True)
    canonical = pd.DataFrame(out)
    ids = canonical["employee_id"]
    dup = ids.duplicated(keep=False)
    if dup.any():
        rows = [i + 1 for i in canonical.index[dup]]
        raise IngestError(path, "duplicate employee id in one snapshot", headers["employee_id"],
                          rows)
    return canonical


def read_hr_snapshot(
    path: str | Path, config: dict[str, Any], options: dict[str, Any] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, Ledger]:
    """Read one HR snapshot: canonical rows with band and age, quarantine, and ledger.

    Parameters
    ----------
    path : str or pathlib.Path
        ``hr/hr_<yyyy>-12-31.<csv|xlsx>``.
    config : dict
        ``config/hr.yml``.
    options : dict, optional
        Reader overrides.

    Returns
    -------
    kept : pandas.DataFrame
    quarantined : pandas.DataFrame
    ledger : Ledger

    Examples
    --------
    >>> read_hr_snapshot("data/raw/demo/hr/hr_2024-12-31.csv", {})  # doctest: +SKIP
    """
    table = read_raw(path, options)
    canonical = derive_hr(hr_from_raw(table, config,
                                      config_name=config.get("_file", "config/hr.yml")))
    low, high = config.get("plausible_age", [14, 80])
    age_bad = (canonical["age"] < low) | (canonical["age"] > high)
    start_bad = canonical["start_date"] > canonical["peildatum"]
    end_bad = canonical["end_date"].notna() & (canonical["end_date"] < canonical["start_date"])
    return split_quarantine(
        canonical,
        [
            ("impossible_date", "birth_date", age_bad),
            ("impossible_date", "start_date", start_bad),
            ("impossible_date", "end_date", end_bad),
        ],
        table.path,
    )
