"""Apply a cell function once per distinct value (raw exports repeat their values a lot).

HR registers and survey exports hold many copies of the same cell (dates, codes, scales):
a per-cell Python function costs microseconds per cell, a hash lookup much less. The
functions used here (:func:`~pipeline.ingest.parse.raw_key` and what builds on it) give
equal results for values that compare equal (``1``, ``1.0`` and ``True`` all give ``"1"``)
and for every kind of missing value, which is what makes the shortcut exact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def factorize_cells(values: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Return codes and distinct values; every missing cell gets the last code (value None).

    Parameters
    ----------
    values : pandas.Series
        Cells.

    Returns
    -------
    codes : numpy.ndarray
        One code per cell, indexing ``distinct``.
    distinct : list
        Distinct values in order of appearance, then ``None`` for the missing cells.

    Examples
    --------
    >>> codes, distinct = factorize_cells(pd.Series(["b", None, "a", "b"]))
    >>> codes.tolist(), distinct
    ([0, 2, 1, 0], ['b', 'a', None])
    """
    cells = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else np.asarray(
        values, dtype=object)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    return np.where(codes < 0, len(uniques), codes), [*uniques.tolist(), None]


def map_distinct(values: pd.Series, func: Callable[[Any], Any]) -> np.ndarray:
    """Return ``[func(v) for v in values]`` as an object array, calling ``func`` once per value.

    Missing cells (``None``, NaN, ``pd.NA``, ``NaT``) all get ``func(None)``.

    Parameters
    ----------
    values : pandas.Series
        Cells.
    func : callable
        Cell function; must give one result for values that compare equal and for every
        missing value.

    Returns
    -------
    numpy.ndarray
        Object array aligned with ``values``.

    Examples
    --------
    >>> calls = []
    >>> def f(v):
    ...     calls.append(v)
    ...     return None if v is None else str(v).upper()
    >>> map_distinct(pd.Series(["a", "b", "a", None, "a"]), f).tolist()
    ['A', 'B', 'A', None, 'A']
    >>> len(calls)
    3
    """
    codes, distinct = factorize_cells(values)
    results = np.empty(len(distinct), dtype=object)
    results[:] = [func(u) for u in distinct]
    return results[codes]


def rows_where(mask: np.ndarray | pd.Series) -> list[int]:
    """Return the 1-based row numbers where ``mask`` is true (for error messages).

    Parameters
    ----------
    mask : array-like of bool
        One flag per row.

    Returns
    -------
    list of int

    Examples
    --------
    >>> rows_where(np.array([False, True, True]))
    [2, 3]
    """
    return (np.flatnonzero(np.asarray(mask, dtype=bool)) + 1).tolist()


def blank_cells(frame: pd.DataFrame) -> np.ndarray:
    """Return a bool matrix: True where a raw cell is empty (missing or only whitespace).

    The same as ``raw_key(cell) is None`` for the cells the readers produce (text, numbers,
    dates, booleans, missing values).

    Parameters
    ----------
    frame : pandas.DataFrame
        Raw cells (object columns).

    Returns
    -------
    numpy.ndarray
        Shape of ``frame``.

    Examples
    --------
    >>> blank_cells(pd.DataFrame({"a": ["x", "  ", None], "b": [1, float("nan"), 0]})).tolist()
    [[False, False], [True, True], [True, False]]
    """
    out = np.zeros(frame.shape, dtype=bool)
    for j in range(frame.shape[1]):
        col = pd.Series(frame.iloc[:, j].to_numpy(dtype=object), dtype=object)
        missing = col.isna().to_numpy()
        try:
            empty = (col.str.strip() == "").fillna(False).to_numpy(dtype=bool)
        except AttributeError:  # no text in the column
            empty = np.zeros(len(col), dtype=bool)
        out[:, j] = missing | empty
    return out
