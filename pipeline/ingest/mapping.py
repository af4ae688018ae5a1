"""Per-wave mapping files: which raw column and codes hold each canonical variable.

A wave mapping (``config/sources/<source>/waves/<wave>.yml``, format documented in
``docs/adding-a-wave.md``)
says which raw column holds each canonical variable and how raw codes translate to canonical
codes. This module loads and checks it (:func:`load_mapping`, :func:`parse_mapping`) and makes
the mapping of a file already in canonical names (:func:`canonical_mapping`,
:func:`load_mapping_or_canonical`). The code sets live in :mod:`pipeline.ingest.codesets`;
applying a mapping (:func:`apply_mapping`) and its inverse (:func:`to_raw`) live in
:mod:`pipeline.ingest.convert` and are importable from here too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.ingest.codesets import (
    CODESETS,
    QUOTE_HINT,
    code_key,
    default_codeset,
)
from pipeline.ingest.convert import (
    MappedFrame,
    apply_mapping,
    sav_value_labels,
    to_raw,
)
from pipeline.ingest.errors import IngestError
from pipeline.ingest.parse import raw_key
from pipeline.ingest.variables import SURVEY_REQUIRED, SURVEY_VARIABLES, WAVE_CONSTANTS
from pipeline.ingest.wavemap import ColumnMap, WaveMapping, project_path

__all__ = [
    "BUILTIN_CODESETS", "STUDIES", "ColumnMap", "MappedFrame", "WaveMapping",
    "apply_mapping", "load_mapping", "parse_mapping", "project_path", "raw_key",
    "sav_value_labels", "to_raw",
]

#: Built-in code sets a column may name with ``codeset:`` instead of listing ``codes:``.
BUILTIN_CODESETS = tuple(CODESETS)
STUDIES = ("monitor", "herhaal")
_COLUMN_KEYS = {"raw", "codes", "codeset", "labels", "missing", "label", "comparable", "note"}
_TOP_KEYS = {"wave", "study", "peildatum", "file", "read", "missing_codes", "codesets",
             "columns", "description", "fieldwork"}


def _fieldwork(spec: Any, where: str | Path) -> tuple[dt.date, dt.date] | None:
    """Parse the optional ``fieldwork: {start: jjjj-mm-dd, end: jjjj-mm-dd}``."""
    if spec is None:
        return None
    try:
        start, end = (pd.Timestamp(spec[k]).date() for k in ("start", "end"))
    except (TypeError, ValueError, KeyError) as exc:
        raise _fail(where, "fieldwork must be {start: jjjj-mm-dd, end: jjjj-mm-dd}",
                    "fieldwork") from exc
    if end < start:
        raise _fail(where, "fieldwork ends before it starts", "fieldwork")
    return start, end


def _fail(where: str | Path, problem: str, column: str | None = None) -> IngestError:
    return IngestError(where, problem, column)


def _parse_code_value(canonical: str, value: Any, where: str | Path) -> Any:
    var = SURVEY_VARIABLES[canonical]
    if var.kind == "bool":
        if isinstance(value, bool):
            return value
        raise _fail(where, "codes must map to true/false for a yes/no variable "
                    "(write e.g. `1: true`)", canonical)
    if isinstance(value, bool):
        raise _fail(where, f"code maps to true/false, not a {var.kind} value; {QUOTE_HINT}",
                    canonical)
    if var.kind == "int":
        if not isinstance(value, int):
            raise _fail(where, "codes must map to whole numbers", canonical)
        low, high = var.values  # type: ignore[misc]
        if not low <= value <= high:
            raise _fail(where, f"code maps outside the range {low}-{high}", canonical)
        return value
    text = str(value)
    if var.values is not None and text not in var.values:
        raise _fail(where, f"code maps to a value that is not a canonical code; use one of "
                    f"{list(var.values)}", canonical)
    return text


def _codes_of(spec: dict[str, Any], codesets: dict[str, Any], canonical: str,
              where: str | Path) -> tuple[Any, dict, str | None, str | None]:
    """Return (codes spec, labels spec, built-in name, named codeset) of one column."""
    codes_spec, labels_spec = spec.get("codes"), spec.get("labels") or {}
    if "codeset" not in spec:
        if codes_spec is None:
            return None, labels_spec, default_codeset(SURVEY_VARIABLES[canonical].kind), None
        return codes_spec, labels_spec, None, None
    name = spec["codeset"]
    if name in CODESETS:
        return codes_spec, labels_spec, name, None
    if name in codesets:
        labels = {**(codesets[name].get("labels") or {}), **labels_spec}
        return codesets[name].get("codes"), labels, None, name
    raise _fail(where, f"unknown codeset '{name}'; use a built-in ({', '.join(CODESETS)}) or "
                "define it under `codesets:`", canonical)


def _parse_column(
    canonical: str, spec: Any, codesets: dict[str, Any], missing: dict[str, str], where: Path | str
) -> ColumnMap:
    if canonical not in SURVEY_VARIABLES:
        raise _fail(where, "not a canonical survey variable", canonical)
    var = SURVEY_VARIABLES[canonical]
    if var.derived or canonical in WAVE_CONSTANTS:
        raise _fail(where, "is derived or set by the mapping; it cannot come from a raw column",
                    canonical)
    if isinstance(spec, str):
        spec = {"raw": spec}
    if not isinstance(spec, dict) or "raw" not in spec:
        raise _fail(where, "needs a 'raw' column name", canonical)
    unknown = set(spec) - _COLUMN_KEYS
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}", canonical)
    codes_spec, labels_spec, builtin, named = _codes_of(spec, codesets, canonical, where)
    if builtin is not None:
        misuse = CODESETS[builtin].misuse(canonical, var.kind)
        if misuse:
            raise _fail(where, misuse, canonical)
    codes: dict[str, Any] | None = None
    if builtin is None:
        if not isinstance(codes_spec, dict) or not codes_spec:
            raise _fail(where, "'codes' must be a non-empty mapping raw code -> value", canonical)
        codes = {}
        for k, v in codes_spec.items():
            key = code_key(k)
            if key is None:
                raise _fail(where, "empty raw code in 'codes'", canonical)
            codes[key] = _parse_code_value(canonical, v, where)
        values = list(codes.values())
        if len(set(map(repr, values))) != len(values):
            raise _fail(where, "two raw codes map to the same value; to_raw needs one", canonical)
    col_missing = dict(missing)
    col_missing.update({code_key(k): str(v) for k, v in (spec.get("missing") or {}).items()})
    if codes is not None and set(codes) & set(col_missing):
        raise _fail(where, "a raw code is both a value and a missing code", canonical)
    return ColumnMap(
        canonical=canonical,
        raw=str(spec["raw"]),
        codes=codes,
        builtin=builtin,
        labels={code_key(k): str(v) for k, v in labels_spec.items()},
        missing=col_missing,
        label=str(spec.get("label", "")),
        comparable=bool(spec.get("comparable", True)),
        note=str(spec.get("note", "")),
        codeset_name=named,
    )


def _fieldwork(spec: Any, where: str | Path) -> tuple[dt.date, dt.date] | None:
    """Parse the optional ``fieldwork: {start: jjjj-mm-dd, end: jjjj-mm-dd}``."""
    if spec is None:
        return None
    try:
        start, end = (pd.Timestamp(spec[k]).date() for k in ("start", "end"))
    except (TypeError, ValueError, KeyError) as exc:
        raise _fail(where, "fieldwork must be {start: jjjj-mm-dd, end: jjjj-mm-dd}",
                    "fieldwork") from exc
    if end < start:
        raise _fail(where, "fieldwork ends before it starts", "fieldwork")
    return start, end


def parse_mapping(spec: dict[str, Any], where: str | Path = "mapping") -> WaveMapping:
    """Parse and check a wave mapping given as a dict (the YAML content).

    Parameters
    ----------
    spec : dict
        Parsed YAML.
    where : str or pathlib.Path
        Name used in error messages.

    Returns
    -------
    WaveMapping

    Raises
    ------
    IngestError
        On any problem in the mapping (unknown variable, bad code, missing key).

    Examples
    --------
    >>> m = parse_mapping({"wave": 2026, "study": "monitor", "peildatum": "2026-12-31",
    ...     "file": "survey/2026_monitor.csv",
    ...     "columns": {"resp_id": "ID", "complete": {"raw": "DONE", "codes": {1: True, 0: False}},
    ...                 "ps1": {"raw": "PV1", "comparable": False, "note": "new wording"}}})
    >>> m.columns["complete"].codes, m.columns["ps1"].builtin, m.peildatum
    ({'1': True, '0': False}, 'int', datetime.date(2026, 12, 31))
    """
    if not isinstance(spec, dict):
        raise _fail(where, "mapping file is not a YAML mapping")
    for key in ("wave", "study", "peildatum", "file", "columns"):
        if key not in spec:
            raise _fail(where, f"missing key '{key}'")
    unknown = set(spec) - _TOP_KEYS
    if unknown:
        raise _fail(where, f"unknown top-level keys {sorted(unknown)}")
    if spec["study"] not in STUDIES:
        raise _fail(where, f"study must be one of {list(STUDIES)}", "study")
    try:
        wave = int(spec["wave"])
        peildatum = pd.Timestamp(spec["peildatum"]).date()
    except (TypeError, ValueError) as exc:
        raise _fail(where, "wave must be a year and peildatum a date (jjjj-mm-dd)") from exc
    fieldwork = _fieldwork(spec.get("fieldwork"), where)
    missing = {code_key(k): str(v) for k, v in (spec.get("missing_codes") or {}).items()}
    codesets = spec.get("codesets") or {}
    if not isinstance(spec["columns"], dict):
        raise _fail(where, "'columns' must map canonical names to raw columns")
    columns = {
        name: _parse_column(name, col, codesets, missing, where)
        for name, col in spec["columns"].items()
    }
    for name in SURVEY_REQUIRED:
        if name not in columns and name not in WAVE_CONSTANTS:
            raise _fail(where, "required variable has no raw column", name)
    raws = [c.raw for c in columns.values()]
    dupes = sorted({r for r in raws if raws.count(r) > 1})
    if dupes:
        raise _fail(where, "raw column mapped twice", dupes[0])
    return WaveMapping(
        wave=wave,
        study=str(spec["study"]),
        peildatum=peildatum,
        file=str(spec["file"]),
        read=dict(spec.get("read") or {}),
        columns=columns,
        path=Path(where),
        fieldwork=fieldwork,
    )


def load_mapping(path: str | Path) -> WaveMapping:
    """Load a wave mapping file (``config/sources/<source>/waves/<wave>.yml``).

    Parameters
    ----------
    path : str or pathlib.Path
        The YAML file.

    Returns
    -------
    WaveMapping

    Raises
    ------
    IngestError
        If the file is missing, not YAML, or the mapping is inconsistent.

    Examples
    --------
    >>> m = load_mapping("config/waves/2024.yml")  # doctest: +SKIP
    >>> m.study  # doctest: +SKIP
    'herhaal'
    """
    from pipeline.ingest.settings import load_yaml

    return parse_mapping(load_yaml(path), path)
