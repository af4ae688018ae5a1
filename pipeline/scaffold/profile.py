"""What the scaffolder may know about a raw column, and what it may write down.

A :class:`ColumnProfile` holds the column's name, its SPSS variable label, its value labels
and its distinct (normalised) cell values. The distinct values are used to guess codes, but
they are written into the draft only when :attr:`ColumnProfile.shown` is true: a
low-cardinality coded column (category labels such as ``ja``/``nee``, unit names). Values of
identifiers, free text, dates and anything with many distinct values are never written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.ingest.distinct import factorize_cells
from pipeline.ingest.mapping import raw_key
from pipeline.ingest.readers import RawTable

#: At most this many distinct values are written for a coded column.
MAX_SHOWN = 12
#: Longer cell texts are taken for free text, whatever their count.
MAX_CODE_LENGTH = 40

_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")
_ID_NAME = re.compile(
    r"^(id|resp|respnr|respondent|respondentnummer|respondent ?(id|nr|nummer)|resp ?(id|nr)"
    r"|record ?id|response ?id|deelnemer ?(id|nr|nummer)?|token|uuid|volgnummer)$"
)


def norm(text: object) -> str:
    """Return text lower-cased, without accents, ``_``/``-`` as spaces, whitespace collapsed.

    Parameters
    ----------
    text : object
        A label, header or cell.

    Returns
    -------
    str

    Examples
    --------
    >>> norm("  Hindoeïstisch "), norm("geboorteland_MOEDER"), norm("één keer")
    ('hindoeistisch', 'geboorteland moeder', 'een keer')
    """
    value = unicodedata.normalize("NFKD", str(text))
    value = "".join(c for c in value if not unicodedata.combining(c)).lower()
    value = re.sub(r"[_\s]+", " ", value.replace("\u00a0", " "))
    return value.strip()


def code_order(code: str) -> tuple[int, float, str]:
    """Return a sort key putting numeric codes first, in numeric order.

    Examples
    --------
    >>> sorted(["10", "9", "nee", "ja", "-1"], key=code_order)
    ['-1', '9', '10', 'ja', 'nee']
    """
    try:
        return (0, float(code), "")
    except ValueError:
        return (1, 0.0, code)


def looks_like_id(name: str, label: str = "") -> bool:
    """Return True when a column's name or label says it is a respondent identifier.

    Examples
    --------
    >>> looks_like_id("RESPNR"), looks_like_id("Q1", "Respondentnummer"), looks_like_id("Q1")
    (True, True, False)
    """
    return any(_ID_NAME.match(norm(t).replace("-", " ")) for t in (name, label) if t)


@dataclass
class ColumnProfile:
    """A raw column as the scaffolder sees it.

    Parameters
    ----------
    name : str
        Raw column name.
    label : str
        SPSS variable label (empty for CSV/Excel: the header is the name).
    value_labels : dict
        SPSS value labels: normalised code -> label.
    keys : list of str
        Distinct normalised non-missing values (for guessing only; see :attr:`shown`).
    counts : dict
        Rows per distinct key.
    n_rows, n_filled : int
        Rows, and rows with a value.
    role : str
        ``id`` (named as a respondent identifier), ``id_like`` (every value once, one word),
        ``date``, ``text`` (free text or many distinct values), ``coded``, or ``empty``.
    """

    name: str
    label: str = ""
    value_labels: dict[str, str] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    n_rows: int = 0
    n_filled: int = 0
    role: str = "coded"

    @property
    def text(self) -> str:
        """Return the text the guesses read: the label, else the header (normalised)."""
        return norm(self.label or self.name)

    @property
    def shown(self) -> bool:
        """Return True when the column's distinct values may be written into the draft."""
        return self.role == "coded" and len(self.keys) <= MAX_SHOWN

    @property
    def labels(self) -> dict[str, str]:
        """Return code -> label: SPSS value labels, else (coded columns) each value as its label.

        Values are included only for columns whose values may be shown.

        Examples
        --------
        >>> ColumnProfile("x", keys=["ja", "nee"], counts={"ja": 3, "nee": 2}).labels
        {'ja': 'ja', 'nee': 'nee'}
        >>> ColumnProfile("x", keys=["a", "b"], role="text").labels
        {}
        """
        if self.role in ("id", "id_like", "date"):
            return {}
        if self.value_labels:
            return dict(self.value_labels)
        return {k: k for k in self.keys} if self.shown else {}


def _is_date(value: object) -> bool:
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp | np.datetime64):
        return True
    return isinstance(value, str) and bool(_DATE.match(value.strip()))


def profile_column(table: RawTable, name: str) -> ColumnProfile:
    """Profile one raw column: label, value labels, distinct values and role.

    Parameters
    ----------
    table : RawTable
        As read by :func:`pipeline.ingest.readers.read_raw`.
    name : str
        Raw column name.

    Returns
    -------
    ColumnProfile

    Examples
    --------
    >>> import pathlib
    >>> frame = pd.DataFrame({"RESPNR": ["101", "102", "103", "104"],
    ...                       "Q1": ["ja", "nee", "ja", "ja"]})
    >>> table = RawTable(frame, pathlib.Path("x.csv"), "csv")
    >>> profile_column(table, "RESPNR").role, profile_column(table, "Q1").role
    ('id', 'coded')
    """
    label = str(table.variable_labels.get(name) or "").strip()
    codes, uniques = factorize_cells(table.frame[name])
    counts_by_code = np.bincount(codes, minlength=len(uniques))
    counts: Counter[str] = Counter()
    dates = 0
    for value, count in zip(uniques[:-1], counts_by_code[:-1], strict=True):
        key = raw_key(value)
        if key is None:
            continue
        counts[key] += int(count)
        dates += _is_date(value)
    labels = table.value_labels.get(name) or {}
    profile = ColumnProfile(
        name=str(name),
        label=label,
        value_labels={k: labels[k] for k in sorted(labels, key=code_order)},
        keys=sorted(counts, key=code_order),  # sorted: file order would show row 1's answer
        counts=dict(counts),
        n_rows=len(table.frame),
        n_filled=int(sum(counts.values())),
    )
    profile.role = _role(profile, dates)
    return profile


def _role(p: ColumnProfile, dates: int) -> str:
    if looks_like_id(p.name, p.label):
        return "id"
    if not p.keys:
        return "empty"
    if dates and dates >= len(p.keys) / 2:
        return "date"
    if p.value_labels:
        return "coded"
    if len(p.keys) > MAX_SHOWN or any(len(k) > MAX_CODE_LENGTH for k in p.keys):
        unique = len(p.keys) == p.n_filled
        if unique and all(len(k) <= MAX_CODE_LENGTH and " " not in k for k in p.keys):
            return "id_like"  # every value once, short, one word: an identifier of some kind
        return "text"
    if p.n_filled < 2 * len(p.keys):  # values hardly repeat: open answers, not categories
        return "text"
    return "coded"


def profile_table(table: RawTable) -> list[ColumnProfile]:
    """Profile every column of a raw table, in file order.

    Parameters
    ----------
    table : RawTable
        As read.

    Returns
    -------
    list of ColumnProfile
    """
    return [profile_column(table, str(c)) for c in table.frame.columns]
