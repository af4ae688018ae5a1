"""Per-wave mapping files: raw vendor columns and codes <-> canonical variables.

A wave mapping (``config/waves/<wave>.yml``, format documented in ``docs/adding-a-wave.md``)
says which raw column holds each canonical variable and how raw codes translate to canonical
codes. :func:`apply_mapping` turns a raw table into the canonical frame; :func:`to_raw` is its
inverse (used by the synthetic exporter), so both directions live in one place and cannot drift.

Raw codes are compared as text after normalisation (``1``, ``1.0`` and ``"1"`` are the same code;
see :func:`raw_key`), so a mapping works whether the file came from SPSS, CSV or Excel.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.ingest.countries import alpha2_by, alpha2_to, iso_codes
from pipeline.ingest.errors import IngestError
from pipeline.ingest.variables import SURVEY_REQUIRED, SURVEY_VARIABLES, WAVE_CONSTANTS

#: Built-in code sets a column may name with ``codeset:`` instead of listing ``codes:``.
BUILTIN_CODESETS = ("text", "int", "iso2", "country_numeric", "country_name_nl", "by_label")
STUDIES = ("monitor", "herhaal")


@dataclass(frozen=True)
class ColumnMap:
    """How one canonical variable is found in the raw file.

    Parameters
    ----------
    canonical : str
        Canonical variable name.
    raw : str
        Raw column name.
    codes : dict or None
        Normalised raw code (str) -> canonical value; None for a built-in code set.
    builtin : str or None
        Name of a built-in code set (see ``BUILTIN_CODESETS``).
    labels : dict
        Normalised raw code -> value label (written to SPSS files).
    missing : dict
        Normalised raw codes meaning "no answer" -> their label.
    label : str
        Variable label (question text).
    comparable : bool
        Whether the item is comparable with earlier waves.
    note : str
        Why not comparable, or other remarks.
    """

    canonical: str
    raw: str
    codes: dict[str, Any] | None = None
    builtin: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    label: str = ""
    comparable: bool = True
    note: str = ""

    @property
    def numeric_raw(self) -> bool:
        """Return True when the raw column holds numeric codes.

        Examples
        --------
        >>> ColumnMap("ps1", "Q1", codes={"1": 1}).numeric_raw
        True
        >>> ColumnMap("cluster", "ORG", builtin="text").numeric_raw
        False
        """
        if self.builtin in ("int", "country_numeric", "by_label"):
            return True
        if self.builtin is not None:
            return False
        return all(_is_int_text(k) for k in self.codes or {})


@dataclass(frozen=True)
class WaveMapping:
    """A parsed wave mapping file.

    Parameters
    ----------
    wave : int
        Survey year.
    study : str
        ``monitor`` or ``herhaal``.
    peildatum : datetime.date
        HR snapshot date the wave is weighted to.
    file : str
        Raw file, relative to ``data/raw/<source>/``.
    read : dict
        Reader overrides (``format``, ``encoding``, ``delimiter``, ``decimal``, ``header_row``,
        ``sheet``).
    columns : dict
        Canonical name -> :class:`ColumnMap`, in file order.
    path : pathlib.Path or None
        Where the mapping was read from (for messages).
    fieldwork : (datetime.date, datetime.date) or None
        First and last day of the fieldwork (optional key ``fieldwork: {start, end}``); the
        estimates stage checks the peildatum against it.
    """

    wave: int
    study: str
    peildatum: dt.date
    file: str
    read: dict[str, Any]
    columns: dict[str, ColumnMap]
    path: Path | None = None
    fieldwork: tuple[dt.date, dt.date] | None = None

    @property
    def name(self) -> str:
        """Return the mapping's file name for messages.

        Examples
        --------
        >>> WaveMapping(2024, "herhaal", dt.date(2024, 12, 31), "s.sav", {}, {}).name
        'waves/2024.yml'
        """
        return self.path.name if self.path is not None else f"waves/{self.wave}.yml"

    def raw_to_canonical(self) -> dict[str, str]:
        """Return raw column name -> canonical name.

        Examples
        --------
        >>> m = WaveMapping(2024, "herhaal", dt.date(2024, 12, 31), "s.sav", {},
        ...                 {"resp_id": ColumnMap("resp_id", "RESPNR", builtin="text")})
        >>> m.raw_to_canonical()
        {'RESPNR': 'resp_id'}
        """
        return {c.raw: c.canonical for c in self.columns.values()}


def raw_key(value: Any) -> str | None:
    """Normalise a raw cell to the text key used to look codes up.

    Parameters
    ----------
    value : Any
        A raw cell (str, int, float, bool, NA).

    Returns
    -------
    str or None
        None for missing/empty; whole floats lose their ``.0``; text is stripped.

    Examples
    --------
    >>> raw_key(1.0), raw_key(" 2 "), raw_key(""), raw_key(float("nan")), raw_key(3)
    ('1', '2', None, None, '3')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    return text or None


def _is_int_text(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _fail(mapping_path: str | Path, problem: str, column: str | None = None) -> IngestError:
    return IngestError(mapping_path, problem, column)


def _parse_code_value(canonical: str, value: Any, where: str | Path) -> Any:
    var = SURVEY_VARIABLES[canonical]
    if var.kind == "bool":
        if isinstance(value, bool):
            return value
        raise _fail(where, "codes must map to true/false for a yes/no variable", canonical)
    if var.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(where, "codes must map to whole numbers", canonical)
        low, high = var.values  # type: ignore[misc]
        if not low <= value <= high:
            raise _fail(where, f"code maps outside the range {low}-{high}", canonical)
        return value
    text = str(value)
    if var.values is not None and text not in var.values:
        raise _fail(where, "code maps to a value that is not a canonical code", canonical)
    return text


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
    unknown = set(spec) - {"raw", "codes", "codeset", "labels", "missing", "label",
                           "comparable", "note"}
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}", canonical)
    codes_spec = spec.get("codes")
    labels_spec = spec.get("labels") or {}
    builtin: str | None = None
    if "codeset" in spec:
        name = spec["codeset"]
        if name in BUILTIN_CODESETS:
            builtin = name
        elif name in codesets:
            codes_spec = codesets[name].get("codes")
            labels_spec = {**(codesets[name].get("labels") or {}), **labels_spec}
        else:
            raise _fail(where, f"unknown codeset '{name}'", canonical)
    if codes_spec is None and builtin is None:
        builtin = "int" if var.kind == "int" else "text"
    if builtin in ("iso2", "country_numeric", "country_name_nl") and not canonical.startswith(
        "country_"
    ):
        raise _fail(where, f"codeset '{builtin}' is only for birth countries", canonical)
    if builtin == "int" and var.kind != "int":
        raise _fail(where, "codeset 'int' is only for whole-number items", canonical)
    codes: dict[str, Any] | None = None
    if codes_spec is not None:
        if not isinstance(codes_spec, dict) or not codes_spec:
            raise _fail(where, "'codes' must be a non-empty mapping raw code -> value", canonical)
        codes = {}
        for k, v in codes_spec.items():
            key = raw_key(k)
            if key is None:
                raise _fail(where, "empty raw code in 'codes'", canonical)
            codes[key] = _parse_code_value(canonical, v, where)
        values = list(codes.values())
        if len(set(map(repr, values))) != len(values):
            raise _fail(where, "two raw codes map to the same value; to_raw needs one", canonical)
    col_missing = dict(missing)
    col_missing.update({raw_key(k): str(v) for k, v in (spec.get("missing") or {}).items()})
    if codes is not None and set(codes) & set(col_missing):
        raise _fail(where, "a raw code is both a value and a missing code", canonical)
    return ColumnMap(
        canonical=canonical,
        raw=str(spec["raw"]),
        codes=codes,
        builtin=builtin,
        labels={raw_key(k): str(v) for k, v in labels_spec.items()},
        missing=col_missing,
        label=str(spec.get("label", "")),
        comparable=bool(spec.get("comparable", True)),
        note=str(spec.get("note", "")),
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
    unknown = set(spec) - {"wave", "study", "peildatum", "file", "read", "missing_codes",
                           "codesets", "columns", "description", "fieldwork"}
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
    missing = {raw_key(k): str(v) for k, v in (spec.get("missing_codes") or {}).items()}
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
        path=Path(where) if not isinstance(where, Path) else where,
        fieldwork=fieldwork,
    )


def load_mapping(path: str | Path) -> WaveMapping:
    """Load a wave mapping file (``config/waves/<wave>.yml``).

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


# --------------------------------------------------------------------------- raw -> canonical


@dataclass
class MappedFrame:
    """Result of :func:`apply_mapping`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical frame (same row order as the raw table, default index).
    unmapped_columns : list of str
        Raw columns not named in the mapping (reported in the data-quality facts).
    absent_variables : list of str
        Mapped canonical variables whose raw column is not in the file.
    """

    frame: pd.DataFrame
    unmapped_columns: list[str]
    absent_variables: list[str]


def _country_lookup(builtin: str) -> dict[str, str]:
    if builtin == "iso2":
        return {c: c for c in iso_codes()}
    if builtin == "country_numeric":
        return alpha2_by("numeric")
    return alpha2_by("name_nl")


def _convert_column(
    raw: pd.Series,
    col: ColumnMap,
    value_labels: dict[str, str] | None,
    file: str | Path,
) -> pd.Series:
    var = SURVEY_VARIABLES[col.canonical]
    keys = [raw_key(v) for v in raw.tolist()]
    out: list[Any] = []
    bad: list[int] = []
    if col.builtin in ("iso2", "country_numeric", "country_name_nl"):
        lookup: dict[str, Any] | None = _country_lookup(col.builtin)
    elif col.builtin == "by_label":
        lookup = None
    else:
        lookup = col.codes
    for i, key in enumerate(keys):
        if key is None or key in col.missing:
            out.append(pd.NA)
            continue
        if col.builtin == "text":
            out.append(key)
        elif col.builtin == "int":
            if _is_int_text(key):
                out.append(int(key))
            else:
                bad.append(i + 1)
                out.append(pd.NA)
        elif col.builtin == "by_label":
            if value_labels:
                if key in value_labels:
                    out.append(value_labels[key])
                else:
                    bad.append(i + 1)
                    out.append(pd.NA)
            else:
                out.append(key)
        else:
            assert lookup is not None
            if key in lookup:
                out.append(lookup[key])
            else:
                bad.append(i + 1)
                out.append(pd.NA)
    if bad:
        what = "not a whole number" if col.builtin == "int" else "code not in the mapping"
        raise IngestError(file, what, col.raw, bad)
    return pd.Series(out, dtype=var.dtype, name=col.canonical)


def apply_mapping(
    raw: pd.DataFrame,
    mapping: WaveMapping,
    *,
    file: str | Path = "survey",
    value_labels: dict[str, dict[str, str]] | None = None,
) -> MappedFrame:
    """Translate a raw survey table to the canonical variables with a wave mapping.

    Parameters
    ----------
    raw : pandas.DataFrame
        Raw table as read (vendor columns). Not modified.
    mapping : WaveMapping
        The wave's mapping.
    file : str or pathlib.Path
        Raw file name, for messages.
    value_labels : dict, optional
        Raw column -> {normalised code: label} from an SPSS file (used by ``by_label`` columns).

    Returns
    -------
    MappedFrame
        Canonical frame with ``wave`` and ``study`` set from the mapping.

    Raises
    ------
    IngestError
        If a required raw column is missing, or a raw code is not in the mapping
        (unmapped codes are errors, never silently missing).

    Examples
    --------
    >>> m = parse_mapping({"wave": 2026, "study": "monitor", "peildatum": "2026-12-31",
    ...     "file": "s.csv", "missing_codes": {99: "wil ik niet zeggen"},
    ...     "columns": {"resp_id": "ID", "complete": {"raw": "DONE", "codes": {1: True, 0: False}},
    ...                 "discr": {"raw": "D1", "codes": {1: "ja", 2: "nee", 3: "twijfel"}}}})
    >>> raw = pd.DataFrame({"ID": ["a", "b"], "DONE": ["1", "0"], "D1": ["2", "99"], "X": [1, 2]})
    >>> out = apply_mapping(raw, m)
    >>> out.frame["discr"].tolist(), out.unmapped_columns
    (['nee', <NA>], ['X'])
    """
    n = len(raw)
    columns: dict[str, pd.Series] = {}
    absent: list[str] = []
    for name, col in mapping.columns.items():
        if col.raw not in raw.columns:
            if name in SURVEY_REQUIRED:
                raise IngestError(file, "required column is missing", col.raw)
            absent.append(name)
            continue
        labels = (value_labels or {}).get(col.raw)
        columns[name] = _convert_column(raw[col.raw].reset_index(drop=True), col, labels, file)
    columns["wave"] = pd.Series([mapping.wave] * n, dtype="int64", name="wave")
    columns["study"] = pd.Series([mapping.study] * n, dtype="string", name="study")
    order = [v for v in SURVEY_VARIABLES if v in columns]
    frame = pd.DataFrame({k: columns[k] for k in order})
    mapped_raw = set(mapping.raw_to_canonical())
    unmapped = [str(c) for c in raw.columns if c not in mapped_raw]
    return MappedFrame(frame=frame, unmapped_columns=unmapped, absent_variables=absent)


_TRUE = {"1", "true", "ja", "yes", "waar", "j", "y"}
_FALSE = {"0", "false", "nee", "no", "onwaar", "n"}


def apply_canonical(
    raw: pd.DataFrame,
    *,
    file: str | Path = "survey",
    wave: int | None = None,
    study: str | None = None,
) -> MappedFrame:
    """Type a raw table whose columns already carry the canonical names and codes (no mapping).

    Parameters
    ----------
    raw : pandas.DataFrame
        Table with canonical column names and codes (as text, numbers or bools).
    file : str or pathlib.Path
        Raw file name for messages.
    wave, study : optional
        Used when the file has no ``wave`` / ``study`` column.

    Returns
    -------
    MappedFrame

    Raises
    ------
    IngestError
        If a required column is missing or a value cannot be read as its canonical type.

    Examples
    --------
    >>> raw = pd.DataFrame({"resp_id": ["1"], "complete": ["ja"], "ps1": ["6"], "extra": [0]})
    >>> out = apply_canonical(raw, wave=2026, study="monitor")
    >>> out.frame[["complete", "ps1"]].dtypes.tolist(), out.unmapped_columns
    ([BooleanDtype, Int64Dtype()], ['extra'])
    """
    n = len(raw)
    columns: dict[str, pd.Series] = {}
    for name, var in SURVEY_VARIABLES.items():
        if name not in raw.columns or var.derived:
            continue
        keys = [raw_key(v) for v in raw[name].tolist()]
        values: list[Any] = []
        bad: list[int] = []
        for i, key in enumerate(keys):
            if key is None:
                values.append(pd.NA)
            elif var.kind == "bool":
                low = key.lower()
                if low in _TRUE or low in _FALSE:
                    values.append(low in _TRUE)
                else:
                    bad.append(i + 1)
                    values.append(pd.NA)
            elif var.kind == "int":
                if _is_int_text(key):
                    values.append(int(key))
                else:
                    bad.append(i + 1)
                    values.append(pd.NA)
            else:
                values.append(key)
        if bad:
            raise IngestError(file, f"value is not a valid {var.kind}", name, bad)
        dtype = "int64" if name == "wave" else var.dtype
        columns[name] = pd.Series(values, dtype=dtype, name=name)
    if "wave" not in columns:
        if wave is None:
            raise IngestError(file, "required column is missing", "wave")
        columns["wave"] = pd.Series([wave] * n, dtype="int64")
    if "study" not in columns:
        if study is None:
            raise IngestError(file, "required column is missing", "study")
        columns["study"] = pd.Series([study] * n, dtype="string")
    for name in SURVEY_REQUIRED:
        if name not in columns:
            raise IngestError(file, "required column is missing", name)
    order = [v for v in SURVEY_VARIABLES if v in columns]
    unmapped = [str(c) for c in raw.columns if c not in columns]
    return MappedFrame(
        frame=pd.DataFrame({k: columns[k] for k in order}),
        unmapped_columns=unmapped,
        absent_variables=[],
    )


# --------------------------------------------------------------------------- canonical -> raw


def _inverse(col: ColumnMap) -> dict[Any, str]:
    if col.builtin in ("iso2",):
        return {c: c for c in iso_codes()}
    if col.builtin == "country_numeric":
        return alpha2_to("numeric")
    if col.builtin == "country_name_nl":
        return alpha2_to("name_nl")
    assert col.codes is not None
    return {_value_key(v): k for k, v in col.codes.items()}


def _value_key(value: Any) -> Any:
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    return ("str", str(value))


def to_raw(canonical: pd.DataFrame, mapping: WaveMapping) -> pd.DataFrame:
    """Turn a canonical survey frame into the wave's raw vendor layout (inverse of the mapping).

    Columns of `canonical` that the mapping does not name (derived variables, items the wave
    does not ask, ``wave``/``study``) are dropped; mapped variables absent from `canonical`
    are absent from the result. Missing canonical values become empty raw cells (SPSS
    system-missing). For ``by_label`` columns (e.g. organisation units as numbered codes) codes
    1..k are assigned in sorted order and their labels are put in
    ``result.attrs["value_labels"][raw_column]`` for the writers.

    Parameters
    ----------
    canonical : pandas.DataFrame
        Canonical survey frame. Not modified.
    mapping : WaveMapping
        The wave's mapping.

    Returns
    -------
    pandas.DataFrame
        Raw frame: numeric-coded columns as ``Int64``, text columns as ``string``.

    Raises
    ------
    ValueError
        If a canonical value has no raw code in the mapping (the column is named, not the value).

    Examples
    --------
    >>> m = parse_mapping({"wave": 2026, "study": "monitor", "peildatum": "2026-12-31",
    ...     "file": "s.csv",
    ...     "columns": {"resp_id": "ID", "complete": {"raw": "DONE", "codes": {1: True, 0: False}},
    ...                 "discr": {"raw": "D1", "codes": {1: "ja", 2: "nee", 3: "twijfel"}}}})
    >>> can = pd.DataFrame({"resp_id": ["a", "b"], "complete": [True, False],
    ...                     "discr": pd.array(["nee", pd.NA], dtype="string"),
    ...                     "herkomst": ["x", "y"]})
    >>> raw = to_raw(can, m)
    >>> raw.columns.tolist(), raw["D1"].tolist()
    (['ID', 'DONE', 'D1'], [2, <NA>])
    >>> back = apply_mapping(raw, m).frame
    >>> back["discr"].tolist() == can["discr"].tolist()
    True
    """
    out: dict[str, pd.Series] = {}
    value_labels: dict[str, dict[str, str]] = {}
    for name, col in mapping.columns.items():
        if name not in canonical.columns:
            continue
        series = canonical[name].reset_index(drop=True)
        values = series.tolist()
        if col.builtin == "text":
            out[col.raw] = pd.Series(
                [pd.NA if pd.isna(v) else str(v) for v in values], dtype="string"
            )
            continue
        if col.builtin == "int":
            out[col.raw] = pd.Series(
                [pd.NA if pd.isna(v) else int(v) for v in values], dtype="Int64"
            )
            continue
        if col.builtin == "by_label":
            labels = sorted({str(v) for v in values if not pd.isna(v)})
            code_of = {lab: i + 1 for i, lab in enumerate(labels)}
            value_labels[col.raw] = {str(i): lab for lab, i in code_of.items()}
            out[col.raw] = pd.Series(
                [pd.NA if pd.isna(v) else code_of[str(v)] for v in values], dtype="Int64"
            )
            continue
        inverse = _inverse(col)
        kind = SURVEY_VARIABLES[name].kind
        raw_values: list[Any] = []
        unknown = 0
        for v in values:
            if pd.isna(v):
                raw_values.append(pd.NA)
                continue
            if kind == "bool":
                v = bool(v)
            elif kind == "int":
                v = int(v)
            key = _value_key(v) if col.codes is not None else str(v)
            if key not in inverse:
                unknown += 1
                raw_values.append(pd.NA)
            else:
                raw_values.append(inverse[key])
        if unknown:
            raise ValueError(
                f"{mapping.name}: column '{name}': {unknown} values have no raw code in the mapping"
            )
        if col.numeric_raw:
            out[col.raw] = pd.Series(
                [pd.NA if v is pd.NA else int(v) for v in raw_values], dtype="Int64"
            )
        else:
            out[col.raw] = pd.Series(raw_values, dtype="string")
    frame = pd.DataFrame(out)
    frame.attrs["value_labels"] = value_labels
    return frame


def sav_value_labels(mapping: WaveMapping, raw: pd.DataFrame | None = None) -> dict[str, dict]:
    """Return SPSS value labels per raw column (codes as numbers for numeric columns).

    Combines the mapping's ``labels`` (default: the canonical value as text), its missing codes,
    the country tables for country code sets, and ``raw.attrs["value_labels"]`` for ``by_label``
    columns.

    Parameters
    ----------
    mapping : WaveMapping
        The wave mapping.
    raw : pandas.DataFrame, optional
        Raw frame from :func:`to_raw` (for ``by_label`` labels and to limit to present columns).

    Returns
    -------
    dict
        Raw column -> {code: label}.

    Examples
    --------
    >>> m = parse_mapping({"wave": 2026, "study": "monitor", "peildatum": "2026-12-31",
    ...     "file": "s.sav", "missing_codes": {99: "wil ik niet zeggen"},
    ...     "columns": {"resp_id": "ID", "complete": {"raw": "DONE", "codes": {1: True, 0: False},
    ...                 "labels": {1: "volledig", 0: "gedeeltelijk"}}}})
    >>> sav_value_labels(m)["DONE"]
    {1: 'volledig', 0: 'gedeeltelijk', 99: 'wil ik niet zeggen'}
    """
    attrs = (raw.attrs.get("value_labels", {}) if raw is not None else {}) or {}
    result: dict[str, dict] = {}
    for col in mapping.columns.values():
        if raw is not None and col.raw not in raw.columns:
            continue
        labels: dict[str, str] = {}
        if col.builtin == "by_label":
            labels = dict(attrs.get(col.raw, {}))
        elif col.builtin == "country_numeric":
            names = alpha2_to("name_nl")
            labels = {num: names[a2] for a2, num in alpha2_to("numeric").items()}
        elif col.codes is not None:
            labels = {k: col.labels.get(k, _label_text(v)) for k, v in col.codes.items()}
        if col.builtin in ("text", "iso2", "country_name_nl"):
            continue
        labels.update(col.missing)
        if not labels:
            continue
        if col.numeric_raw:  # SPSS numeric variables take numeric labels only
            result[col.raw] = {int(k): v for k, v in labels.items() if _is_int_text(k)}
        else:
            result[col.raw] = dict(labels)
    return result


def _label_text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)
