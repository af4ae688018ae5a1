"""Encode raking margins as integer codes, and collapse empty categories.

A *margin* is a population total per category of one variable (a ``pd.Series`` whose
index holds the categories in their natural order, e.g. age bands from young to old).
Respondents are encoded as integer codes ``0..K-1`` per margin (``-1`` = missing), so that
raking can use ``np.bincount`` and sparse products instead of group-by loops.

Collapse rule
-------------
A category whose population total is > 0 but which has fewer than ``collapse_below``
respondents (default 1: no respondents at all) cannot be calibrated. It is merged with one
of its *adjacent* categories in the margin's index order -- the neighbour with the smaller
population total (the previous one on a tie) -- and the merged category is labelled
``"a+b"``. This repeats, smallest respondent count first, until every category has enough
respondents. Order the margin's index meaningfully (bands ascending; nominal units in the
order in which merging them is least harmful). A margin that would be left with a single
category cannot be collapsed and raises :class:`~pipeline.stats.errors.EmptyCategoryError`.
Categories with population 0 and no respondents are dropped; respondents in a category with
population 0 raise :class:`~pipeline.stats.errors.MarginError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.stats.errors import ColumnError, EmptyCategoryError, MarginError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EncodedMargins:
    """Respondents' margin codes and the (collapsed) population targets.

    Attributes
    ----------
    names : tuple of str
        Margin variable names, in raking order.
    codes : numpy.ndarray
        Integer array (n, M); ``-1`` marks a missing value.
    targets : tuple of numpy.ndarray
        Population total per (collapsed) category, one array per margin.
    labels : tuple of tuple of str
        Category labels after collapsing, one tuple per margin.
    collapsed : pandas.DataFrame
        One row per original category that was merged: ``margin``, ``category``,
        ``merged_into``. Empty when nothing was collapsed.
    """

    names: tuple[str, ...]
    codes: np.ndarray
    targets: tuple[np.ndarray, ...]
    labels: tuple[tuple[str, ...], ...]
    collapsed: pd.DataFrame


def _check_margin(name: str, margin: pd.Series) -> pd.Series:
    if not isinstance(margin, pd.Series):
        raise MarginError(f"margin {name!r}: expected a pandas Series of population totals, "
                          f"got {type(margin).__name__}")
    if margin.index.has_duplicates:
        dup = margin.index[margin.index.duplicated()].tolist()
        raise MarginError(f"margin {name!r}: duplicated categories {dup}")
    values = pd.to_numeric(margin, errors="coerce")
    if values.isna().any() or (values < 0).any():
        raise MarginError(f"margin {name!r}: population totals must be non-negative numbers")
    if values.sum() <= 0:
        raise MarginError(f"margin {name!r}: population totals sum to zero")
    values.index = values.index.astype(str)
    return values.astype(float)


def _collapse_groups(
    name: str, labels: list[str], pop: np.ndarray, resp: np.ndarray, collapse_below: int,
    collapse_full: bool = False,
) -> tuple[list[list[str]], list[float], list[int]]:
    groups = [[lab] for lab in labels]
    gpop = list(pop.astype(float))
    gresp = list(resp.astype(int))
    while True:
        short = [i for i in range(len(groups))
                 if gresp[i] < collapse_below or (collapse_full and gresp[i] >= gpop[i])]
        if not short:
            return groups, gpop, gresp
        i = min(short, key=lambda k: (gresp[k], k))
        if len(groups) == 1:
            raise EmptyCategoryError(
                f"margin {name!r}: category {'+'.join(groups[i])!r} has population "
                f"{gpop[i]:g} but only {gresp[i]} respondent(s), and the margin has no other "
                "category to merge it with"
            )
        neighbours = [k for k in (i - 1, i + 1) if 0 <= k < len(groups)]
        j = min(neighbours, key=lambda k: (gpop[k], k))
        lo, hi = min(i, j), max(i, j)
        groups[lo] = groups[lo] + groups[hi]
        gpop[lo] += gpop[hi]
        gresp[lo] += gresp[hi]
        del groups[hi], gpop[hi], gresp[hi]


def encode_margins(
    df: pd.DataFrame,
    margins: dict[str, pd.Series],
    *,
    collapse: bool = True,
    collapse_below: int = 1,
    collapse_full: bool = False,
) -> EncodedMargins:
    """Encode respondents' margin values and collapse categories without respondents.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents; must hold one column per margin.
    margins : dict of str to pandas.Series
        Population total per category, keyed by column name. The Series order is the
        order used by the collapse rule (see module docstring).
    collapse : bool, default True
        Merge categories with too few respondents; if False such a category raises.
    collapse_below : int, default 1
        A category with population > 0 and fewer respondents than this is collapsed.
    collapse_full : bool, default False
        Also collapse a category with as many respondents as population (logistic
        calibration, :mod:`pipeline.stats.logistic`, needs non-respondents in every category).

    Returns
    -------
    EncodedMargins
        Codes (``-1`` = missing), collapsed targets and labels, and the collapse log.

    Raises
    ------
    ColumnError
        A margin column is absent from ``df``.
    MarginError
        A respondent value is not a category of the margin, or respondents fall in a
        category with population 0.
    EmptyCategoryError
        A category with population > 0 lacks respondents and cannot (or may not) be
        collapsed.

    Examples
    --------
    >>> df = pd.DataFrame({"age_band": ["<25", "35-44", "35-44", None]})
    >>> pop = pd.Series({"<25": 10.0, "25-34": 20.0, "35-44": 30.0})
    >>> enc = encode_margins(df, {"age_band": pop})
    >>> enc.labels
    (('<25+25-34', '35-44'),)
    >>> enc.codes[:, 0].tolist()
    [0, 1, 1, -1]
    >>> enc.targets[0].tolist()
    [30.0, 30.0]
    """
    if not margins:
        raise MarginError("margins: at least one margin is needed")
    if collapse_below < 1:
        raise MarginError(f"collapse_below must be >= 1, got {collapse_below!r}")
    n = len(df)
    codes = np.full((n, len(margins)), -1, dtype=np.int64)
    targets: list[np.ndarray] = []
    labels: list[tuple[str, ...]] = []
    log: list[dict[str, str]] = []
    for m, (name, margin) in enumerate(margins.items()):
        if name not in df.columns:
            raise ColumnError(f"margin {name!r} is not a column of the respondent data")
        pop = _check_margin(name, margin)
        values = df[name].astype("string")
        unknown = sorted(set(values.dropna().unique()) - set(pop.index))
        if unknown:
            raise MarginError(f"margin {name!r}: respondent value(s) {unknown[:5]} are not "
                              f"categories of the population margin {list(pop.index)[:10]}")
        raw = pd.Categorical(values, categories=pop.index).codes.astype(np.int64)
        resp = np.bincount(raw[raw >= 0], minlength=len(pop))
        zero_pop = (pop.to_numpy() == 0) & (resp > 0)
        if zero_pop.any():
            bad = pop.index[zero_pop].tolist()
            raise MarginError(f"margin {name!r}: respondents in category {bad} whose "
                              "population total is 0")
        keep = pop.to_numpy() > 0
        kept_labels = pop.index[keep].tolist()
        old_to_kept = np.cumsum(keep) - 1
        if not collapse:
            empty = [lab for lab, r in zip(kept_labels, resp[keep], strict=True)
                     if r < collapse_below]
            if empty:
                raise EmptyCategoryError(f"margin {name!r}: category {empty} has population "
                                         "> 0 but too few respondents, and collapsing is off")
        groups, gpop, _ = _collapse_groups(name, kept_labels, pop.to_numpy()[keep],
                                           resp[keep], collapse_below, collapse_full)
        kept_to_group = np.empty(len(kept_labels), dtype=np.int64)
        for g, members in enumerate(groups):
            for lab in members:
                kept_to_group[kept_labels.index(lab)] = g
            if len(members) > 1:
                logger.info("weging: marge %r: categorieën %s samengevoegd (te weinig "
                            "respondenten%s)", name, " en ".join(map(repr, members)),
                            " of allen respondent" if collapse_full else "")
                log.extend({"margin": name, "category": lab, "merged_into": "+".join(members)}
                           for lab in members)
        valid = raw >= 0
        codes[valid, m] = kept_to_group[old_to_kept[raw[valid]]]
        targets.append(np.asarray(gpop, dtype=float))
        labels.append(tuple("+".join(g) for g in groups))
    collapsed = pd.DataFrame(log, columns=["margin", "category", "merged_into"])
    return EncodedMargins(tuple(margins), codes, tuple(targets), tuple(labels), collapsed)
