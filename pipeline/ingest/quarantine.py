"""Quarantine and the row ledger: no respondent or employee is lost silently.

Rows with a problem that can be set aside go to a quarantine table with a reason code; the
rest is kept. The ledger per input checks ``rows read = kept + quarantined`` and the stage stops
if it does not balance.

Reason codes (a row gets the first that applies):

``missing_id``
    The identifier is empty.
``duplicate_id``
    The identifier occurred on an earlier row; the first complete occurrence is kept (else the
    first), later ones are quarantined.
``out_of_range``
    One item holds a value outside its canonical range or code list (e.g. ``ps3 = 9`` from a
    numeric column). The whole row is quarantined, not only the item, so the analyst sees it.
``impossible_date``
    HR: birth date after the peildatum or an age outside the plausible range, start after the
    peildatum, or leaving date before the start date.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.ingest.errors import IngestError
from pipeline.log import thousands

logger = logging.getLogger(__name__)

REASONS = ("missing_id", "duplicate_id", "out_of_range", "impossible_date")


@dataclass
class Ledger:
    """Row accounting for one input file.

    Parameters
    ----------
    input : str
        Input file name.
    rows_read : int
        Data rows read.
    kept : int
        Rows kept.
    quarantined : dict
        Reason code -> rows quarantined.

    Examples
    --------
    >>> Ledger("s.sav", 10, 8, {"duplicate_id": 2}).check().balanced
    True
    """

    input: str
    rows_read: int
    kept: int
    quarantined: dict[str, int] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        """Return whether rows read equal kept plus quarantined."""
        return self.rows_read == self.kept + sum(self.quarantined.values())

    def check(self) -> Ledger:
        """Raise :class:`IngestError` when the ledger does not balance; else return self.

        Returns
        -------
        Ledger

        Examples
        --------
        >>> try:
        ...     Ledger("s.sav", 10, 7, {"duplicate_id": 2}).check()
        ... except IngestError as exc:
        ...     print(exc.problem)
        ledger does not balance: 10 rows read, 7 kept + 2 quarantined
        """
        if not self.balanced:
            raise IngestError(
                self.input,
                f"ledger does not balance: {self.rows_read} rows read, {self.kept} kept + "
                f"{sum(self.quarantined.values())} quarantined",
            )
        return self

    def to_dict(self) -> dict:
        """Return the ledger as a JSON-ready dict (with ``balanced``).

        Returns
        -------
        dict

        Examples
        --------
        >>> Ledger("s.sav", 1, 1).to_dict()["balanced"]
        True
        """
        return {**asdict(self), "balanced": self.balanced}


def flag_duplicates(ids: pd.Series, complete: pd.Series | None = None) -> pd.Series:
    """Flag repeated identifiers, keeping the first complete occurrence (else the first).

    Parameters
    ----------
    ids : pandas.Series
        Identifiers.
    complete : pandas.Series, optional
        Completion flags; a complete row is preferred over an earlier partial one.

    Returns
    -------
    pandas.Series
        Bool, True for rows to quarantine.

    Examples
    --------
    >>> flag_duplicates(pd.Series(["a", "b", "a"]), pd.Series([False, True, True])).tolist()
    [True, False, False]
    """
    order = pd.Series(range(len(ids)), index=ids.index)
    if complete is not None:
        prefer = (~complete.fillna(False).astype(bool)).astype(int)
        order = prefer * len(ids) + order
    ranked = pd.DataFrame({"id": ids, "order": order}).sort_values("order", kind="stable")
    dup = ranked["id"].notna() & ranked.duplicated("id", keep="first")
    return dup.reindex(ids.index)


def split_quarantine(
    frame: pd.DataFrame, flags: list[tuple[str, str | None, pd.Series]], file: str | Path
) -> tuple[pd.DataFrame, pd.DataFrame, Ledger]:
    """Split rows into kept and quarantined by ordered reason flags, and balance the ledger.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows (default index: index + 1 is the data-row number). Not modified.
    flags : list of (reason, column, mask)
        Reason code, the column concerned (or None), bool mask; the first matching reason wins.
    file : str or pathlib.Path
        Input file.

    Returns
    -------
    kept : pandas.DataFrame
        Rows without a flag (index reset).
    quarantined : pandas.DataFrame
        Flagged rows with ``_row`` (data-row number), ``_reason`` and ``_column`` first.
    ledger : Ledger
        Balanced ledger.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "a", None]})
    >>> kept, q, led = split_quarantine(df, [
    ...     ("missing_id", "id", df["id"].isna()),
    ...     ("duplicate_id", "id", flag_duplicates(df["id"]))], "s.csv")
    >>> len(kept), q["_reason"].tolist(), q["_row"].tolist(), led.quarantined
    (1, ['duplicate_id', 'missing_id'], [2, 3], {'duplicate_id': 1, 'missing_id': 1})
    """
    reason = pd.Series(pd.NA, index=frame.index, dtype="string")
    column = pd.Series(pd.NA, index=frame.index, dtype="string")
    for code, col, mask in flags:
        if code not in REASONS:
            raise ValueError(f"unknown quarantine reason {code!r}")
        new = mask.fillna(False).astype(bool) & reason.isna()
        reason[new] = code
        column[new] = col
    is_q = reason.notna()
    quarantined = frame[is_q].copy()
    quarantined.insert(0, "_column", column[is_q])
    quarantined.insert(0, "_reason", reason[is_q])
    quarantined.insert(0, "_row", pd.Series(frame.index[is_q] + 1, index=quarantined.index))
    kept = frame[~is_q].reset_index(drop=True)
    counts = {str(k): int(v) for k, v in reason[is_q].value_counts(sort=False).sort_index().items()}
    ledger = Ledger(Path(file).name, len(frame), len(kept), counts).check()
    logger.info("%s: %s rijen gelezen, %s behouden, %s in quarantaine%s", ledger.input,
                thousands(ledger.rows_read), thousands(ledger.kept), thousands(len(quarantined)),
                f" ({', '.join(f'{k}: {thousands(v)}' for k, v in counts.items())})" if counts
                else "")
    return kept, quarantined.reset_index(drop=True), ledger
