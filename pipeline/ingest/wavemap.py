"""A wave mapping in memory: :class:`ColumnMap` per variable and :class:`WaveMapping` per wave.

Loaded and checked by :func:`pipeline.ingest.mapping.load_mapping` (and importable from
there); this module holds only the data classes, so that reading (``convert``) and loading
(``mapping``) can both use them.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.ingest.codesets import CODESETS, Codeset, code_list


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
    codeset_name : str or None
        Name of the mapping's own ``codesets:`` entry the codes come from (for messages).
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
    codeset_name: str | None = None

    @cached_property
    def codeset(self) -> Codeset:
        """Return the column's :class:`~pipeline.ingest.codesets.Codeset`.

        Examples
        --------
        >>> ColumnMap("ps1", "Q1", builtin="int").codeset.problem
        'not a whole number'
        """
        if self.builtin is not None:
            return CODESETS[self.builtin]
        return code_list(self.codes or {}, self.labels)

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
        return self.codeset.numeric_raw


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
        Where the mapping was read from (for messages); None for a canonical mapping.
    fieldwork : (datetime.date, datetime.date) or None
        First and last day of the fieldwork (optional key ``fieldwork: {start, end}``); the
        estimates stage checks the peildatum against it.
    mapping_file : str or None
        For a canonical mapping: where a mapping file of this wave would go (for hints).
    """

    wave: int
    study: str
    peildatum: dt.date
    file: str
    read: dict[str, Any]
    columns: dict[str, ColumnMap]
    path: Path | None = None
    fieldwork: tuple[dt.date, dt.date] | None = None
    mapping_file: str | None = None

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


def project_path(path: str | Path | None) -> str:
    """Return `path` relative to the project root when it lies inside it (for hints).

    Examples
    --------
    >>> from pipeline.config import ROOT
    >>> project_path(ROOT / "config" / "sources" / "x" / "waves" / "2024.yml")
    'config/sources/x/waves/2024.yml'
    >>> project_path("waves/2030.yml")
    'waves/2030.yml'
    """
    from pipeline.config import ROOT

    if path is None:
        return "a wave mapping (config/sources/<source>/waves/<wave>.yml)"
    path = Path(path)
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(ROOT)).as_posix()
    except ValueError:
        return path.name if path.is_absolute() else path.as_posix()
