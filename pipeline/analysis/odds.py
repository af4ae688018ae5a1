"""Adjusted odds ratios as a tidy table the disclosure gate can check."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipeline.analysis.catalogue import group_rank

_TERM = re.compile(r"^(?P<var>[^\[]+)\[T\.(?P<level>.+)\]$")


def odds_tidy(odds: pd.DataFrame, estimates: pd.DataFrame, wave: int,
              reference: dict[str, str] | None = None) -> pd.DataFrame:
    """Turn ``odds_ratios`` output into tidy rows with each group's unweighted n.

    The n of a row is the group's base for the outcome, taken from the estimate table, so the
    gate suppresses odds ratios of groups too small to publish. Each covariate's reference
    group is added with odds ratio 1, so that every breakdown lists all its groups (as the
    other tables of the report do).

    Parameters
    ----------
    odds : pandas.DataFrame
        Output of :func:`pipeline.stats.regression.odds_ratios` (``term`` like
        ``herkomst[T.Buiten-Europa]``).
    estimates : pandas.DataFrame
        The wave's tidy estimate table.
    wave : int
        Survey year.
    reference : dict, optional
        Reference level per covariate (rows with odds ratio 1 are added).

    Returns
    -------
    pandas.DataFrame
        Tidy rows with ``measure`` = ``odds_ratio``, ``breakdown`` = covariate,
        ``group`` = level, ``estimate`` = odds ratio.

    Examples
    --------
    >>> o = pd.DataFrame({"outcome": ["discr_ja"], "term": ["herkomst[T.Europa]"],
    ...                   "odds_ratio": [1.6], "ci_low": [1.2], "ci_high": [2.1], "p": [0.01]})
    >>> e = pd.DataFrame({"indicator": ["discr_ja"], "breakdown": ["herkomst"],
    ...                   "group": ["Europa"], "n": [690]})
    >>> odds_tidy(o, e, 2024)[["breakdown", "group", "estimate", "n"]].values.tolist()
    [['herkomst', 'Europa', 1.6, 690]]
    """
    parts = odds["term"].str.extract(_TERM)
    rows = pd.DataFrame({
        "indicator": odds["outcome"].to_numpy(), "breakdown": parts["var"].to_numpy(),
        "group": parts["level"].to_numpy(), "estimate": odds["odds_ratio"].astype(float),
        "ci_low": odds["ci_low"].astype(float), "ci_high": odds["ci_high"].astype(float),
    })
    refs = [{"indicator": outcome, "breakdown": var, "group": level, "estimate": 1.0,
             "ci_low": np.nan, "ci_high": np.nan}
            for outcome in rows["indicator"].unique()
            for var, level in (reference or {}).items() if var in set(rows["breakdown"])]
    rows = pd.concat([pd.DataFrame(refs), rows], ignore_index=True) if refs else rows
    # groups in the variable's reading order (age and scale from low to high), not by name
    rows = rows.assign(_g=[group_rank(b, g) for b, g in zip(rows["breakdown"], rows["group"],
                                                             strict=True)])
    rows = rows.sort_values(["indicator", "breakdown", "_g", "group"], kind="stable").drop(
        columns="_g")
    base = estimates.set_index(["indicator", "breakdown", "group"])["n"]
    keys = zip(rows["indicator"], rows["breakdown"], rows["group"], strict=True)
    return rows.assign(
        wave=wave, se=np.nan, ci_method="replicate", n=[int(base.get(k, 0)) for k in keys],
        n_pos=pd.NA, flags="", measure="odds_ratio",
    )[["wave", "indicator", "breakdown", "group", "estimate", "se", "ci_low", "ci_high",
       "ci_method", "n", "n_pos", "flags", "measure"]].reset_index(drop=True)


def reference_sentence(reference: dict[str, str], labels: dict[str, str]) -> str:
    """Name the reference groups in Dutch.

    Examples
    --------
    >>> text = reference_sentence({"gender": "man"}, {"gender": "Gender"})
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE
    Een odds ratio boven 1 betekent een grotere kans dan in de referentiegroep
    (Gender: man), bij gelijke andere kenmerken.
    """
    refs = "; ".join(f"{labels.get(k, k)}: {v}" for k, v in reference.items())
    return ("Een odds ratio boven 1 betekent een grotere kans dan in de referentiegroep "
            f"({refs}), bij gelijke andere kenmerken.")
