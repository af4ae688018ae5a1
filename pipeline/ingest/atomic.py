"""Atomic file writes: write to a temporary file in the target folder, then rename.

Nothing half-written ever appears under ``data/processed/``: if writing fails, the temporary
file is removed and the previous file (if any) is left as it was.

Also the means of reproducible bytes (issue 12): the same inputs give the same files on every
run and machine. A time that a file format embeds is :func:`source_timestamp`
(``SOURCE_DATE_EPOCH`` if set, else a fixed moment), never the clock; zip containers
(``.xlsx``) are rewritten by :func:`normalise_zip` with fixed entry dates. Every float written
to parquet or JSON first passes :func:`round_significant` (:data:`SIGNIFICANT_DIGITS`
significant digits, at most :data:`MAX_DECIMALS` decimals), so that the last-bit differences
between machines (BLAS kernels per CPU, thread count, summation order) do not reach the bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"
#: The moment embedded in files when ``SOURCE_DATE_EPOCH`` is not set (the zip epoch).
FIXED_TIMESTAMP = dt.datetime(1980, 1, 1, 0, 0, 0)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: Significant digits of every float written by :func:`write_parquet_atomic` and
#: :func:`write_json_atomic`. Between CPUs (OpenBLAS kernels) the demo's estimates differ by
#: about 1e-16 relative, se and p-values by up to 1e-12: at 12 digits about 12 of the 39,000
#: floats of a wave still differed after rounding, at 9 the expectation is below 0.01.
SIGNIFICANT_DIGITS = 9
#: ... but never more decimals than this: a value that is a difference of larger ones (a
#: confidence bound near 0: -9.5e-07 = 0.02 - 0.02) carries their absolute error (1e-16, here
#: 1e-10 relative); 1e-12 absolute is far above that and below anything reported.
MAX_DECIMALS = 12
#: Powers of ten 1e-330 .. 1e310 (parsed, so correctly rounded; exact from 1 to 1e22).
_POW10 = np.array([float(f"1e{k}") for k in range(-330, 311)])
_P0 = 330  # index of 1e0
_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def source_epoch(env: Mapping[str, str] | None = None) -> dt.datetime | None:
    """Return ``SOURCE_DATE_EPOCH`` as a naive UTC datetime, or None when it is not set.

    Parameters
    ----------
    env : mapping, optional
        Environment (default ``os.environ``).

    Returns
    -------
    datetime.datetime or None

    Raises
    ------
    ValueError
        If the variable is set but not a non-negative whole number of seconds.

    Examples
    --------
    >>> source_epoch({"SOURCE_DATE_EPOCH": "1735603200"})
    datetime.datetime(2024, 12, 31, 0, 0)
    >>> source_epoch({}) is None
    True
    """
    env = os.environ if env is None else env
    value = env.get(SOURCE_DATE_ENV, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(f"{SOURCE_DATE_ENV} must be whole seconds since 1970, not {value!r}")
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).replace(tzinfo=None)


def source_timestamp(env: Mapping[str, str] | None = None) -> dt.datetime:
    """Return the moment to embed in written files: ``SOURCE_DATE_EPOCH``, else a fixed one.

    Parameters
    ----------
    env : mapping, optional
        Environment (default ``os.environ``).

    Returns
    -------
    datetime.datetime
        Naive UTC; :data:`FIXED_TIMESTAMP` when ``SOURCE_DATE_EPOCH`` is not set.

    Examples
    --------
    >>> source_timestamp({})
    datetime.datetime(1980, 1, 1, 0, 0)
    """
    return source_epoch(env) or FIXED_TIMESTAMP


def normalise_zip(path: str | Path, when: dt.datetime | None = None) -> Path:
    """Rewrite a zip container (``.xlsx``) so that its bytes depend on its contents only.

    Every entry gets the same date (`when`, at least 1980-01-01), the same attributes and
    the same compression, in the original order; an Office ``docProps/core.xml`` gets
    `when` as its created and modified dates. The file is replaced atomically.

    Parameters
    ----------
    path : str or pathlib.Path
        The zip file.
    when : datetime.datetime, optional
        Moment to embed (default :func:`source_timestamp`).

    Returns
    -------
    pathlib.Path
        `path`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.zip"
    >>> with zipfile.ZipFile(p, "w") as z:
    ...     z.writestr("x.txt", "x")
    >>> zipfile.ZipFile(normalise_zip(p)).infolist()[0].date_time
    (1980, 1, 1, 0, 0, 0)
    """
    path = Path(path)
    when = when or source_timestamp()
    stamp = max(when.timetuple()[:6], _ZIP_EPOCH)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w") as target:
            for name, data in entries:
                if name == "docProps/core.xml":
                    data = _CORE_DATE.sub(lambda m: m.group(1) + iso + m.group(3), data)
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # the same on every platform
                info.external_attr = 0o644 << 16
                target.writestr(info, data, compresslevel=6)
    return path


def round_significant(values: Any, digits: int = SIGNIFICANT_DIGITS,
                      max_decimals: int = MAX_DECIMALS) -> np.ndarray:
    """Round floats to `digits` significant digits and at most `max_decimals` decimals.

    Only IEEE basic operations (multiply or divide by an exact power of ten, round half to
    even), so the result has the same bits on every machine, whatever its CPU or libm; it is
    the float nearest to the rounded decimal. NaN and infinities are kept, -0.0 becomes 0.0.

    Parameters
    ----------
    values : array_like
        Floats.
    digits : int, default SIGNIFICANT_DIGITS
        Significant digits kept (1 to 15).
    max_decimals : int, default MAX_DECIMALS
        Decimals kept at most (0 to 22): smaller values lose digits, below half of
        ``10**-max_decimals`` they become 0.

    Returns
    -------
    numpy.ndarray
        A float64 copy, rounded.

    Examples
    --------
    >>> round_significant([0.1 + 0.2, 2 / 3, -1234567890.123, 1e-9 / 3, 1e-20, 0.0]).tolist()
    [0.3, 0.666666667, -1234567890.0, 3.33e-10, 0.0, 0.0]
    >>> round_significant([-4e-13, -0.0]).tolist()
    [0.0, 0.0]
    """
    x = np.array(values, dtype=float, copy=True)
    flat = x.reshape(-1)
    mag = np.abs(flat)
    ok = np.isfinite(flat) & (mag > 0)
    v, m = flat[ok], mag[ok]
    e = np.floor(np.log10(m)).astype(np.int64)  # log10 may be one ulp off near 10^e:
    e -= m < _POW10[_P0 + e]                      # fixed by exact comparisons
    e += m >= _POW10[_P0 + e + 1]
    k = np.minimum(digits - 1 - e, max_decimals)  # decimals kept; 10**k exact for k <= 22
    out = np.empty_like(v)
    up = k >= 0
    out[up] = np.rint(v[up] * _POW10[_P0 + k[up]]) / _POW10[_P0 + k[up]]
    out[~up] = np.rint(v[~up] / _POW10[_P0 - k[~up]]) * _POW10[_P0 - k[~up]]
    flat[ok] = out
    x += 0.0  # -0.0 (also from rounding a small negative) becomes 0.0
    return x


def canonical_floats(obj: Any, digits: int = SIGNIFICANT_DIGITS) -> Any:
    """Apply :func:`round_significant` to every float of a table or a JSON-like object.

    Parameters
    ----------
    obj : pandas.DataFrame, dict, list, tuple, float or other
        A frame (float columns, numpy or nullable, are rounded; other columns are kept) or
        nested dicts and lists (floats rounded, bools and ints kept).
    digits : int, default SIGNIFICANT_DIGITS
        Significant digits kept.

    Returns
    -------
    Any
        A rounded copy (`obj` is not modified).

    Examples
    --------
    >>> canonical_floats({"deff": 1.0700000000000003, "n": 3, "ok": True, "x": [2 / 3]})
    {'deff': 1.07, 'n': 3, 'ok': True, 'x': [0.666666667]}
    >>> canonical_floats(pd.DataFrame({"a": [0.1 + 0.2], "b": ["x"]}))["a"].tolist()
    [0.3]
    """
    if isinstance(obj, pd.DataFrame):
        out = obj.copy()
        for i, dtype in enumerate(out.dtypes):
            if isinstance(dtype, np.dtype) and dtype.kind == "f":
                out.isetitem(i, pd.Series(round_significant(out.iloc[:, i].to_numpy()),
                                          index=out.index, dtype=dtype))
            elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind == "f":
                col = out.iloc[:, i]
                values = round_significant(col.to_numpy(dtype=float, na_value=np.nan))
                out.isetitem(i, pd.Series(values, index=out.index).astype(dtype).mask(col.isna()))
        return out
    if isinstance(obj, dict):
        return {k: canonical_floats(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [canonical_floats(v, digits) for v in obj]
    if isinstance(obj, float):
        return float(round_significant(obj, digits))
    return obj


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` when the block succeeds.

    Parameters
    ----------
    path : str or pathlib.Path
        Final destination.

    Yields
    ------
    pathlib.Path
        Temporary file to write to (same folder, same suffix).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("ok")
    >>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('ok', ['a.txt'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_parquet_atomic(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write `frame` to parquet atomically (no index), floats by :func:`canonical_floats`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Table to write.
    path : str or pathlib.Path
        Destination.

    Returns
    -------
    pathlib.Path
        The destination.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.parquet"
    >>> _ = write_parquet_atomic(pd.DataFrame({"a": [1]}), p)
    >>> pd.read_parquet(p)["a"].tolist()
    [1]
    """
    with atomic_path(path) as tmp:
        canonical_floats(frame).to_parquet(tmp, index=False)
    return Path(path)


def write_json_atomic(obj: Any, path: str | Path) -> Path:
    """Write `obj` as indented UTF-8 JSON atomically, floats by :func:`canonical_floats`.

    Parameters
    ----------
    obj : Any
        JSON-serialisable object.
    path : str or pathlib.Path
        Destination.

    Returns
    -------
    pathlib.Path
        The destination.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "q.json"
    >>> _ = write_json_atomic({"rows": 3}, p)
    >>> p.read_text(encoding="utf-8").startswith("{")
    True
    """
    with atomic_path(path) as tmp:
        text = json.dumps(canonical_floats(obj), indent=2, ensure_ascii=False, default=str)
        tmp.write_text(text + "\n", encoding="utf-8")
    return Path(path)
