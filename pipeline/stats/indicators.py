"""Build binary indicators (0/1, NA = not in the base) from canonical survey variables.

The estimation engine reads a binary indicator as: 1 = has the outcome, 0 = in the base
without the outcome, NA = not in the base. These helpers make such columns without
modifying the input frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from pipeline.stats.errors import ColumnError


def _need(df: pd.DataFrame, columns: Iterable[str], arg: str) -> None:
    absent = [c for c in columns if c not in df.columns]
    if absent:
        raise ColumnError(f"{arg}: column(s) {absent} not in the data")


def indicator_equals(df: pd.DataFrame, column: str, positive: Sequence[str] | str) -> pd.Series:
    """1 where ``column`` is one of ``positive``, 0 where it is another answer, NA if missing.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.
    column : str
        A categorical variable, e.g. ``discr``.
    positive : str or sequence of str
        Answer codes counted as 1, e.g. ``"ja"``.

    Returns
    -------
    pandas.Series
        ``Int64`` indicator.

    Examples
    --------
    >>> df = pd.DataFrame({"discr": ["ja", "nee", None, "twijfel"]})
    >>> indicator_equals(df, "discr", "ja").tolist()
    [1, 0, <NA>, 0]
    """
    _need(df, [column], "column")
    pos = [positive] if isinstance(positive, str) else list(positive)
    s = df[column]
    out = s.astype("string").isin(pos).astype("Int64")
    return out.mask(s.isna()).rename(None)


def any_above(df: pd.DataFrame, columns: Sequence[str], threshold: float = 0) -> pd.Series:
    """Flag any column above ``threshold``: 1 if any, 0 if none observed is, NA if all missing.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.
    columns : sequence of str
        E.g. the ``ub_<form>`` frequency items (0-4); columns absent from the wave are
        skipped.
    threshold : float, default 0
        Values strictly above count as positive.

    Returns
    -------
    pandas.Series
        ``Int64`` indicator (e.g. ``ub_any``).

    Examples
    --------
    >>> df = pd.DataFrame({"ub_a": [0, 2, None, None], "ub_b": [0, None, 1, None]})
    >>> any_above(df, ["ub_a", "ub_b", "ub_absent"]).tolist()
    [0, 1, 1, <NA>]
    """
    present = [c for c in columns if c in df.columns]
    if not present:
        raise ColumnError(f"columns: none of {list(columns)[:5]} is in the data")
    block = df[present].apply(pd.to_numeric, errors="coerce")
    out = (block > threshold).any(axis=1).astype("Int64")
    return out.mask(block.isna().all(axis=1))


def share_of_base(df: pd.DataFrame, columns: Sequence[str], base: pd.Series) -> pd.DataFrame:
    """Multi-select items as 0/1 among the base, NA outside it.

    Within the base, an unticked (or missing) option counts as 0: a multi-select question
    records only the ticked options.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.
    columns : sequence of str
        Boolean option columns, e.g. ``discr_ground_*``.
    base : pandas.Series
        Boolean mask of the base, e.g. ``df['discr'] == 'ja'`` (NA = not in base).

    Returns
    -------
    pandas.DataFrame
        One ``Int64`` column per option.

    Examples
    --------
    >>> df = pd.DataFrame({"discr": ["ja", "ja", "nee"],
    ...                    "discr_ground_herkomst": [True, None, None]})
    >>> share_of_base(df, ["discr_ground_herkomst"], df["discr"] == "ja")[
    ...     "discr_ground_herkomst"].tolist()
    [1, 0, <NA>]
    """
    _need(df, columns, "columns")
    in_base = base.fillna(False).astype(bool).to_numpy()
    out = {}
    for c in columns:
        v = df[c].fillna(False).astype(bool).astype("Int64")
        out[c] = v.mask(~in_base)
    return pd.DataFrame(out, index=df.index)
