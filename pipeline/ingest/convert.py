"""Apply a wave mapping: raw -> canonical (:func:`apply_mapping`) and back (:func:`to_raw`).

Both directions ask each column's code set (:mod:`pipeline.ingest.codesets`), so they cannot
drift. A raw code that is neither a value nor a missing code stops the stage with one line that
names file, column and rows (never the value) and says what to change in which mapping file.
Importable from :mod:`pipeline.ingest.mapping` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pipeline.ingest.codesets import BAD, CodeTable, Reading
from pipeline.ingest.distinct import factorize_cells, rows_where
from pipeline.ingest.errors import IngestError
from pipeline.ingest.parse import raw_key, whole_number
from pipeline.ingest.variables import SURVEY_REQUIRED, SURVEY_VARIABLES
from pipeline.ingest.wavemap import project_path

if TYPE_CHECKING:
    from pipeline.ingest.wavemap import ColumnMap, WaveMapping


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


def fix_hint(col: ColumnMap, mapping: WaveMapping) -> str:
    """Return what to change when a raw code of `col` cannot be read (no value in it).

    Examples
    --------
    >>> from pipeline.ingest.mapping import parse_mapping
    >>> m = parse_mapping({"wave": 2030, "study": "monitor", "peildatum": "2030-12-31",
    ...     "file": "s.csv", "columns": {"resp_id": "ID", "complete": "C"}}, "waves/2030.yml")
    >>> print(fix_hint(m.columns["complete"], m))
    list its codes under `codes:` of complete in waves/2030.yml, or no-answer codes under `missing:`
    """
    if mapping.path is None:
        where = mapping.mapping_file or f"config/sources/<source>/waves/{mapping.wave}.yml"
        return (f"the file has canonical names: use the canonical codes of {col.canonical} "
                f"(docs/data-contract.md) or add a mapping file {where}")
    where = project_path(mapping.path)
    if col.builtin is not None:
        return (f"list its codes under `codes:` of {col.canonical} in {where}, "
                "or no-answer codes under `missing:`")
    target = (f"codeset {col.codeset_name} under `codesets:`" if col.codeset_name
              else f"`codes:` of {col.canonical}")
    return f"add the code to {target} in {where}, or to `missing:` if it means no answer"


def _convert_column(raw: pd.Series, col: ColumnMap, reading: Reading, file: str | Path,
                    mapping: WaveMapping) -> pd.Series:
    codeset = col.codeset
    missing = CodeTable(col.missing)
    codes, distinct = factorize_cells(raw)
    values: list[Any] = []
    for cell in distinct:
        key = raw_key(cell)
        if key is None or missing.find(key, reading.decimal) is not None:
            values.append(pd.NA)
        else:
            values.append(codeset.decode(key, reading))
    bad = np.array([v is BAD for v in values], dtype=bool)[codes]
    if bad.any():
        problem = f"{codeset.problem}; {fix_hint(col, mapping)}"
        raise IngestError(file, problem, col.raw, rows_where(bad))
    cells = np.empty(len(values), dtype=object)
    cells[:] = values
    dtype = SURVEY_VARIABLES[col.canonical].dtype
    return pd.Series(cells[codes], dtype=dtype, name=col.canonical)


def apply_mapping(
    raw: pd.DataFrame,
    mapping: WaveMapping,
    *,
    file: str | Path = "survey",
    value_labels: dict[str, dict[str, str]] | None = None,
    decimal: str | None = None,
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
    decimal : str, optional
        Decimal mark of the file; default ``raw.attrs["decimal"]`` (set by the readers) or
        ``"."``. Whole numbers read as ``5``, ``5.0`` or ``5,0`` either way.

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
    >>> from pipeline.ingest.mapping import parse_mapping
    >>> m = parse_mapping({"wave": 2026, "study": "monitor", "peildatum": "2026-12-31",
    ...     "file": "s.csv", "missing_codes": {99: "wil ik niet zeggen"},
    ...     "columns": {"resp_id": "ID", "complete": {"raw": "DONE", "codes": {1: True, 0: False}},
    ...                 "discr": {"raw": "D1", "codes": {1: "ja", 2: "nee", 3: "twijfel"}}}})
    >>> raw = pd.DataFrame({"ID": ["a", "b"], "DONE": ["1", "0,0"], "D1": ["2", "99"], "X": [1, 2]})
    >>> out = apply_mapping(raw, m)
    >>> out.frame["complete"].tolist(), out.frame["discr"].tolist(), out.unmapped_columns
    ([True, False], ['nee', <NA>], ['X'])
    """
    n = len(raw)
    decimal = decimal or raw.attrs.get("decimal") or "."
    columns: dict[str, pd.Series] = {}
    absent: list[str] = []
    for name, col in mapping.columns.items():
        if col.raw not in raw.columns:
            if name in SURVEY_REQUIRED:
                raise IngestError(file, "required column is missing", col.raw)
            absent.append(name)
            continue
        reading = Reading(decimal, (value_labels or {}).get(col.raw))
        columns[name] = _convert_column(raw[col.raw].reset_index(drop=True), col, reading, file,
                                        mapping)
    columns["wave"] = pd.Series([mapping.wave] * n, dtype="int64", name="wave")
    columns["study"] = pd.Series([mapping.study] * n, dtype="string", name="study")
    order = [v for v in SURVEY_VARIABLES if v in columns]
    frame = pd.DataFrame({k: columns[k] for k in order})
    mapped_raw = set(mapping.raw_to_canonical())
    unmapped = [str(c) for c in raw.columns if c not in mapped_raw]
    return MappedFrame(frame=frame, unmapped_columns=unmapped, absent_variables=absent)


def _constant(raw: pd.DataFrame, name: str, file: str | Path, given: Any) -> Any:
    """Return the one value of column `name` (``wave``/``study``), checked against `given`."""
    if name not in raw.columns:
        return given
    keys = raw[name].map(raw_key)
    values = keys.map(lambda k: whole_number(k) if name == "wave" and k is not None else k)
    expected = given if given is not None else values.dropna().iloc[0] if values.notna().any() \
        else None
    differs = rows_where((values != expected).fillna(True).to_numpy(dtype=bool))
    if differs:
        raise IngestError(file, f"{name} is empty or differs between rows (or from the file "
                          f"name); give one {name} for the whole file", name, differs)
    return expected


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
    >>> from pipeline.ingest.mapping import parse_mapping
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
    cast = {"bool": bool, "int": int}
    out: dict[str, pd.Series] = {}
    value_labels: dict[str, dict[str, str]] = {}
    for name, col in mapping.columns.items():
        if name not in canonical.columns:
            continue
        typed = cast.get(SURVEY_VARIABLES[name].kind, lambda v: v)
        values = [None if pd.isna(v) else typed(v) for v in canonical[name].tolist()]
        codeset = col.codeset
        if codeset.encode_column is not None:
            raw_values, value_labels[col.raw] = codeset.encode_column(values)
        else:
            raw_values = [None if v is None else codeset.encode(v) for v in values]
        unknown = sum(v is BAD for v in raw_values)
        if unknown:
            raise ValueError(
                f"{mapping.name}: column '{name}': {unknown} values have no raw code in the mapping"
            )
        if codeset.numeric_raw:
            out[col.raw] = pd.Series([pd.NA if v is None else int(v) for v in raw_values],
                                     dtype="Int64")
        else:
            out[col.raw] = pd.Series([pd.NA if v is None else str(v) for v in raw_values],
                                     dtype="string")
    frame = pd.DataFrame(out)
    frame.attrs["value_labels"] = value_labels
    return frame


def sav_value_labels(mapping: WaveMapping, raw: pd.DataFrame | None = None) -> dict[str, dict]:
    """Return SPSS value labels per raw column (codes as numbers for numeric columns).

    Combines each column's code-set labels (listed codes: their ``labels``, default the
    canonical value as text; country tables; ``raw.attrs["value_labels"]`` for ``by_label``)
    with its missing codes.

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
    >>> from pipeline.ingest.mapping import parse_mapping
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
        labels = col.codeset.labels(dict(attrs.get(col.raw, {})))
        if labels is None:
            continue
        labels = {**labels, **col.missing}
        if not labels:
            continue
        if col.numeric_raw:  # SPSS numeric variables take numeric labels only
            result[col.raw] = {int(k): v for k, v in labels.items() if k.lstrip("-").isdigit()}
        else:
            result[col.raw] = dict(labels)
    return result
