"""Atomic file writes: write to a temporary file in the target folder, then rename.

Nothing half-written ever appears under ``data/processed/``: if writing fails, the temporary
file is removed and the previous file (if any) is left as it was.

Also the means of reproducible bytes (issue 12): the same inputs give the same files on every
run and machine. A time that a file format embeds is :func:`source_timestamp`
(``SOURCE_DATE_EPOCH`` if set, else a fixed moment), never the clock; zip containers
(``.xlsx``) are rewritten by :func:`normalise_zip` with fixed entry dates.
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

import pandas as pd

SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"
#: The moment embedded in files when ``SOURCE_DATE_EPOCH`` is not set (the zip epoch).
FIXED_TIMESTAMP = dt.datetime(1980, 1, 1, 0, 0, 0)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
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
    """Write `frame` to parquet atomically (no index).

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
        frame.to_parquet(tmp, index=False)
    return Path(path)


def write_json_atomic(obj: Any, path: str | Path) -> Path:
    """Write `obj` as indented UTF-8 JSON atomically.

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
        tmp.write_text(
            json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
    return Path(path)
