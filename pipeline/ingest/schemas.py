"""Pandera schemas of the canonical tables, validated lazily (every problem reported at once).

:func:`validate` runs a schema with ``lazy=True`` and turns all failures into one
:class:`~pipeline.ingest.errors.IngestError` whose single line lists, per column and check, the
number of rows and the first row numbers — never the failing values.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.ingest.countries import iso_codes
from pipeline.ingest.errors import IngestError, format_problem
from pipeline.ingest.variables import (
    AGE_BANDS,
    HERKOMST,
    MIGRATIEACHTERGROND,
    SCHAAL_BANDS,
    SCHALEN,
    SURVEY_REQUIRED,
    SURVEY_VARIABLES,
)


def _survey_column(name: str) -> pa.Column:
    var = SURVEY_VARIABLES[name]
    checks: list[pa.Check] = []
    if var.kind == "int" and var.values is not None and name != "wave":
        checks.append(pa.Check.in_range(*var.values))
    elif var.values is not None:
        checks.append(pa.Check.isin(list(var.values)))
    if name.startswith("country_"):
        checks.append(pa.Check.isin(sorted(iso_codes())))
    dtype = "int64" if name == "wave" else var.dtype
    required = name in SURVEY_REQUIRED
    return pa.Column(dtype, checks=checks, nullable=name not in ("resp_id", "wave", "study"),
                     unique=name == "resp_id", required=required)


def survey_schema() -> pa.DataFrameSchema:
    """Return the schema of a canonical survey wave (absent items allowed, extra columns not).

    Returns
    -------
    pandera.DataFrameSchema

    Examples
    --------
    >>> df = pd.DataFrame({"resp_id": pd.array(["a"], dtype="string"), "wave": [2026],
    ...     "study": pd.array(["monitor"], dtype="string"),
    ...     "complete": pd.array([True], dtype="boolean"),
    ...     "ps1": pd.array([8], dtype="Int64")})
    >>> try:
    ...     validate(df, survey_schema(), "s.csv")
    ... except IngestError as exc:
    ...     print(exc.problem)
    column 'ps1': value out of range (1 row, first rows: 1)
    """
    columns = {name: _survey_column(name) for name in SURVEY_VARIABLES}
    return pa.DataFrameSchema(columns, strict=True, name="survey")


def hr_schema() -> pa.DataFrameSchema:
    """Return the schema of canonical HR rows (after derivation of band and age).

    Returns
    -------
    pandera.DataFrameSchema

    Examples
    --------
    >>> sorted(hr_schema().columns)[:3]
    ['age', 'age_band', 'birth_date']
    """
    text = {"nullable": False}
    return pa.DataFrameSchema(
        {
            "employee_id": pa.Column("string", **text),
            "peildatum": pa.Column("datetime64[ns]", **text),
            "cluster": pa.Column("string", **text),
            "directie": pa.Column("string", **text),
            "schaal": pa.Column("string", pa.Check.isin(list(SCHALEN)), **text),
            "schaal_band": pa.Column("string", pa.Check.isin(list(SCHAAL_BANDS)), **text),
            "manager": pa.Column("boolean", **text),
            "birth_date": pa.Column("datetime64[ns]", **text),
            "age": pa.Column("Int64", pa.Check.in_range(14, 80), **text),
            "age_band": pa.Column("string", pa.Check.isin(list(AGE_BANDS)), **text),
            "gender": pa.Column("string", pa.Check.isin(["M", "V", "X"]), **text),
            "fte": pa.Column("float64", pa.Check.in_range(0.0, 1.5, include_min=False), **text),
            "start_date": pa.Column("datetime64[ns]", **text),
            "end_date": pa.Column("datetime64[ns]", nullable=True),
        },
        strict=True,
        unique=["employee_id", "peildatum"],
        name="hr",
    )


def barometer_schema() -> pa.DataFrameSchema:
    """Return the schema of canonical barometer rows.

    Returns
    -------
    pandera.DataFrameSchema

    Examples
    --------
    >>> "share" in barometer_schema().columns
    True
    """
    return pa.DataFrameSchema(
        {
            "year": pa.Column("int64", pa.Check.in_range(2000, 2100)),
            "unit": pa.Column("string"),
            "schaal_band": pa.Column("string", pa.Check.isin([*SCHAAL_BANDS, "12+", "totaal"])),
            "scheme": pa.Column("string", pa.Check.isin(["nieuw", "oud"])),
            "herkomst": pa.Column("string", pa.Check.isin([*HERKOMST, *MIGRATIEACHTERGROND])),
            "share": pa.Column("float64", pa.Check.in_range(0.0, 1.0), nullable=True),
            "n_staff": pa.Column("Int64", pa.Check.ge(0), nullable=True),
            "suppressed": pa.Column("boolean"),
        },
        strict=True,
        unique=["year", "unit", "schaal_band", "scheme", "herkomst"],
        name="barometer",
    )


def benchmark_schema() -> pa.DataFrameSchema:
    """Return the schema of the labour-force benchmark.

    Returns
    -------
    pandera.DataFrameSchema

    Examples
    --------
    >>> list(benchmark_schema().columns)
    ['year', 'herkomst', 'scheme', 'share']
    """
    return pa.DataFrameSchema(
        {
            "year": pa.Column("int64", pa.Check.in_range(2000, 2100)),
            "herkomst": pa.Column("string", pa.Check.isin([*HERKOMST, *MIGRATIEACHTERGROND])),
            "scheme": pa.Column("string", pa.Check.isin(["nieuw", "oud"])),
            "share": pa.Column("float64", pa.Check.in_range(0.0, 1.0)),
        },
        strict=True,
        unique=["year", "herkomst", "scheme"],
        name="benchmark",
    )


_CHECK_TEXT = {
    "in_range": "value out of range",
    "isin": "value not an allowed code",
    "greater_than_or_equal_to": "value out of range",
    "column_in_dataframe": "required column is missing",
    "column_in_schema": "column not in the canonical schema",
    "dtype": "wrong type",
    "not_nullable": "missing value where one is required",
    "field_uniqueness": "duplicate value",
    "multiple_fields_uniqueness": "duplicate key",
}


def _describe(check: str) -> str:
    for prefix, text in _CHECK_TEXT.items():
        if check.startswith(prefix):
            return text
    return f"failed check {check.split('(')[0]}"


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str | Path) -> pd.DataFrame:
    """Validate `frame` lazily; raise one :class:`IngestError` listing every problem.

    Row numbers in the message are ``index + 1`` (the frames use a default index, so they are
    data-row numbers of the input). Failing values are never shown.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical table (default index).
    schema : pandera.DataFrameSchema
        One of this module's schemas.
    file : str or pathlib.Path
        Input file, for the message.

    Returns
    -------
    pandas.DataFrame
        `frame` itself when valid.

    Raises
    ------
    IngestError
        With all problems joined by ``"; "`` on one line.

    Examples
    --------
    >>> df = pd.DataFrame({"year": [2024], "herkomst": pd.array(["Europa"], dtype="string"),
    ...     "scheme": pd.array(["nieuw"], dtype="string"), "share": [0.2]})
    >>> validate(df, benchmark_schema(), "b.csv") is df
    True
    """
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        parts: list[str] = []
        name = Path(file).name
        for (column, check), group in cases.groupby(
            [cases["column"].astype(str), cases["check"].astype(str)], sort=False, dropna=False
        ):
            rows = sorted({int(i) + 1 for i in group["index"] if pd.notna(i)})
            col = column if column not in ("None", "nan") else None
            if check.startswith("column_in_dataframe") or check.startswith("column_in_schema"):
                col = str(group["failure_case"].iloc[0])  # a column name, not a value
            parts.append(format_problem(name, _describe(check), col, rows or None))
        message = "; ".join(p.removeprefix(f"{name}: ") for p in parts)
        raise IngestError(file, message) from None
    return frame
