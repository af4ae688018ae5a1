"""Cell parsers for Dutch exports: cell keys, numbers (decimal comma or point), yes/no, dates.

:func:`raw_key` is the one normalisation of a raw cell to text that every lookup uses. The
parsers return the parsed series and the 1-based rows that could not be parsed, so the caller
can raise one :class:`~pipeline.ingest.errors.IngestError` naming file and column; the cell
parsers :func:`number_from_text`, :func:`whole_number` and :func:`yes_no` return None for a
cell they cannot read.

What the data contract allows: whole numbers as ``5``, ``5.0`` or ``5,0``; decimals with a
comma or a point (the file's ``decimal`` setting decides only what ``1.000`` means); yes/no
as ``ja/nee``, ``1/0``, ``true/false`` (any case), ``yes/no``, ``j/n``, ``y/n``, ``waar/onwaar``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from pipeline.ingest.distinct import factorize_cells, rows_where

#: Raw spellings of yes and no (compared case-insensitively, after :func:`raw_key`).
YES = frozenset({"1", "true", "ja", "yes", "waar", "j", "y", "on"})
NO = frozenset({"0", "false", "nee", "no", "onwaar", "n", "off"})

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED_POINTS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


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
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    text = str(value).strip()
    return text or None


def number_from_text(text: str, decimal: str = ",") -> float | None:
    """Read one number written as text with a decimal comma or point; None if it is none.

    The last of ``,`` and ``.`` is the decimal mark when both occur (``1.234,5``,
    ``1,234.5``). A lone comma is always a decimal comma (``0,8``, ``5,0``). A lone point is a
    decimal point (``0.8``, ``5.0``), except that with ``decimal=","`` points between groups
    of three digits separate thousands (``1.000`` is 1000).

    Parameters
    ----------
    text : str
        Stripped cell text.
    decimal : str
        The file's decimal mark, ``","`` or ``"."``.

    Returns
    -------
    float or None

    Examples
    --------
    >>> [number_from_text(t) for t in ("5", "5,0", "5.0", "0,8", "1.234,5", "1.000", "x")]
    [5.0, 5.0, 5.0, 0.8, 1234.5, 1000.0, None]
    >>> number_from_text("1.000", decimal="."), number_from_text("nan")
    (1.0, None)
    """
    text = text.strip()
    if "," in text and "." in text:
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if mark == "," else ",", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    elif decimal == "," and _GROUPED_POINTS.fullmatch(text):
        text = text.replace(".", "")
    if not _NUMBER.fullmatch(text):
        return None
    return float(text)


def whole_number(value: Any, decimal: str = ",") -> int | None:
    """Return the whole number in a cell (``5``, ``5.0``, ``5,0``, ``5.0`` as a float), else None.

    Parameters
    ----------
    value : Any
        A non-empty raw cell.
    decimal : str
        The file's decimal mark (see :func:`number_from_text`).

    Returns
    -------
    int or None
        None when the cell is empty, not a number, or not whole (``3,5``).

    Examples
    --------
    >>> [whole_number(v) for v in ("5", "5.0", "5,0", 5.0, 5, "3,5", "vijf")]
    [5, 5, 5, 5, 5, None, None]
    """
    key = raw_key(value)
    if key is None:
        return None
    if key.lstrip("+-").isdigit():
        return int(key)
    number = number_from_text(key, decimal)
    if number is None or not number.is_integer():
        return None
    return int(number)


def yes_no(value: Any, decimal: str = ",") -> bool | None:
    """Return True/False for a yes/no cell in any spelling the contract allows, else None.

    Parameters
    ----------
    value : Any
        A non-empty raw cell.
    decimal : str
        The file's decimal mark (``1,0`` is yes).

    Returns
    -------
    bool or None

    Examples
    --------
    >>> [yes_no(v) for v in ("ja", "Nee", "1", "0,0", "TRUE", "false", True, 1.0, "yes", "?")]
    [True, False, True, False, True, False, True, True, True, None]
    """
    key = raw_key(value)
    if key is None:
        return None
    low = key.casefold()
    if low in YES or low in NO:
        return low in YES
    number = whole_number(key, decimal)
    return {1: True, 0: False}.get(number) if number is not None else None


def parse_number(series: pd.Series, decimal: str = ",") -> tuple[pd.Series, list[int]]:
    """Parse numbers written with a decimal comma (``0,8``) or point; return bad rows too.

    Text is read with :func:`number_from_text`: with ``decimal=","`` a point separates
    thousands only between groups of three digits (``1.234,5``; ``5.0`` stays 5). Numbers that
    arrive as numbers (Excel, SPSS) are taken as they are.

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
        return number_from_text(text, decimal)

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
