"""Cell parsers for Dutch exports: decimal comma numbers and ``dd-mm-jjjj`` dates.

Each parser returns the parsed series and the 1-based rows that could not be parsed, so the
caller can raise one :class:`~pipeline.ingest.errors.IngestError` naming file and column.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pipeline.ingest.distinct import factorize_cells, rows_where
from pipeline.ingest.mapping import raw_key


def parse_number(series: pd.Series, decimal: str = ",") -> tuple[pd.Series, list[int]]:
    """Parse numbers written with a decimal comma (``0,8``) or point; return bad rows too.

    With ``decimal=","`` a point is a thousands separator (``1.234,5``). With ``decimal="."`` a
    text holding only a comma (``"0,8"``, Dutch text in an Excel cell) is still read with a
    decimal comma. Numbers that arrive as numbers (Excel, SPSS) are taken as they are.

    Parameters
    ----------
    series : pandas.Series
        Raw cells.
    decimal : str
        ``","`` or ``"."``.

    Returns
    -------
    (pandas.Series, list of int)
        float64 values (NaN when empty) and 1-based rows that are not numbers.

    Examples
    --------
    >>> parse_number(pd.Series(["0,8", "1.234,5", None, "x", 2]))[0].tolist()[:3]
    [0.8, 1234.5, nan]
    >>> parse_number(pd.Series(["0,8", "x"]))[1]
    [2]
    >>> parse_number(pd.Series(["0,8", "1.5"]), decimal=".")[0].tolist()
    [0.8, 1.5]
    """
    def number(cell: object) -> float | None:
        """Return the number in one cell: NaN when empty, None when not a number."""
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            return float(cell)
        text = raw_key(cell)
        if text is None:
            return float("nan")
        if decimal == "," or ("," in text and "." not in text):
            text = text.replace(".", "").replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return None

    codes, distinct = factorize_cells(series)
    parsed = [number(v) for v in distinct]
    bad = np.array([v is None for v in parsed])[codes]
    numbers = np.array([np.nan if v is None else v for v in parsed], dtype="float64")[codes]
    return pd.Series(numbers, index=series.index, dtype="float64"), rows_where(bad)


def parse_date(series: pd.Series, fmt: str = "%d-%m-%Y") -> tuple[pd.Series, list[int]]:
    """Parse ``dd-mm-jjjj`` dates (also ``jjjj-mm-dd`` and Excel dates); return bad rows too.

    Parameters
    ----------
    series : pandas.Series
        Raw cells.
    fmt : str
        Expected text format.

    Returns
    -------
    (pandas.Series, list of int)
        ``datetime64[ns]`` values (NaT when empty) and 1-based rows that are not dates
        (including impossible calendar dates such as 31-02-2024).

    Examples
    --------
    >>> s, bad = parse_date(pd.Series(["31-12-2024", "2024-01-05", "31-02-2024", None]))
    >>> [str(d.date()) if pd.notna(d) else None for d in s], bad
    (['2024-12-31', '2024-01-05', None, None], [3])
    """
    def date(cell: object) -> object:
        """Return the date in one cell: NaT when empty, None when not a date."""
        if isinstance(cell, dt.datetime | dt.date | pd.Timestamp):
            return pd.Timestamp(cell)
        text = raw_key(cell)
        if text is None:
            return pd.NaT
        text = text.split(" ")[0]
        for form in (fmt, "%Y-%m-%d"):
            try:
                return pd.Timestamp(dt.datetime.strptime(text, form))
            except ValueError:
                continue
        return None

    codes, distinct = factorize_cells(series)
    parsed = [date(v) for v in distinct]
    bad = np.array([v is None for v in parsed])[codes]
    dates = pd.Series([pd.NaT if v is None else v for v in parsed], dtype="datetime64[ns]")
    values = dates.to_numpy(dtype="datetime64[ns]")[codes]
    return pd.Series(values, index=series.index, dtype="datetime64[ns]"), rows_where(bad)
