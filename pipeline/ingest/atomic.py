"""Atomic file writes: write to a temporary file in the target folder, then rename.

Nothing half-written ever appears under ``data/processed/``: if writing fails, the temporary
file is removed and the previous file (if any) is left as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd


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
