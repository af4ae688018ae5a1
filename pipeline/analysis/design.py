"""Build a wave's survey design: respondents in the estimates, raked to the HR register.

The register holds HR codes (gender ``M``/``V``/``X``); the survey asks gender in four
categories. For weighting, ``non-binair`` and ``anders`` are raked together to the register's
``X`` (column ``gender_hr``); the analyses keep the four survey categories.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipeline.errors import PipelineError
from pipeline.stats.design import SurveyDesign

GENDER_TO_HR = {"man": "M", "vrouw": "V", "non-binair": "X", "anders": "X"}
# survey column used for each margin named in params.yaml (HR column has the margin's name)
MARGIN_COLUMN = {"gender": "gender_hr"}
BOOL_BREAKDOWN_LABELS = {True: "ja", False: "nee"}


class DesignError(PipelineError, ValueError):
    """The wave cannot be weighted as asked (e.g. no register at the peildatum)."""


def respondents_in_estimates(survey: pd.DataFrame, include_partial: bool) -> pd.DataFrame:
    """Keep the respondents the estimates use (partials only if ``include_partial``).

    Examples
    --------
    >>> s = pd.DataFrame({"complete": [True, False, True]})
    >>> len(respondents_in_estimates(s, include_partial=False))
    2
    """
    if include_partial or "complete" not in survey:
        return survey.reset_index(drop=True)
    keep = survey["complete"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return survey.loc[keep].reset_index(drop=True)


def register_at(hr: pd.DataFrame, peildatum: pd.Timestamp) -> pd.DataFrame:
    """Staff in the register at ``peildatum``, one row per employee (main contract first)."""
    snap = hr[hr["peildatum"] == peildatum]
    if snap.empty:
        dates = sorted(hr["peildatum"].dt.strftime("%d-%m-%Y").unique())
        raise DesignError(f"HR register: no snapshot at peildatum {peildatum:%d-%m-%Y} "
                          f"(available: {', '.join(dates)})")
    order = snap.sort_values("fte", ascending=False) if "fte" in snap else snap
    return order.drop_duplicates("employee_id").reset_index(drop=True)


def register_margins(register: pd.DataFrame, margins: list[str]) -> dict[str, pd.Series]:
    """Count the population per category of each margin, keyed by the survey column to rake.

    Parameters
    ----------
    register : pandas.DataFrame
        Staff at the peildatum (:func:`register_at`).
    margins : list of str
        Margin names from ``params.yaml`` (HR column names).

    Returns
    -------
    dict of str to pandas.Series

    Examples
    --------
    >>> reg = pd.DataFrame({"gender": ["M", "V", "V", "X"], "cluster": ["a", "a", "b", "b"]})
    >>> register_margins(reg, ["gender"])["gender_hr"].to_dict()
    {'M': 1, 'V': 2, 'X': 1}
    """
    out = {}
    for m in margins:
        if m not in register:
            raise DesignError(f"HR register: margin column '{m}' is missing")
        counts = register[m].astype("string").value_counts(dropna=True).sort_index()
        out[MARGIN_COLUMN.get(m, m)] = counts.astype("int64").rename_axis(None)
    return out


def _is_boolean(col: pd.Series) -> bool:
    """Tell whether a column is boolean (bool dtypes, or objects holding only True/False)."""
    if str(col.dtype) in ("boolean", "bool"):
        return True
    values = col.dropna()
    return col.dtype == object and len(values) > 0 and values.map(
        lambda v: isinstance(v, bool | np.bool_)).all()


def analysis_frame(survey: pd.DataFrame, breakdowns: list[str]) -> pd.DataFrame:
    """Respondent frame for estimation: breakdowns as labelled strings plus ``gender_hr``.

    Boolean breakdowns (``disability``, ``lhbtiq``, ``manager``) become ``ja``/``nee``.
    """
    out = pd.DataFrame(index=survey.index)
    for b in breakdowns:
        if b not in survey:
            continue
        col = survey[b]
        if _is_boolean(col):
            col = col.astype("boolean").map(BOOL_BREAKDOWN_LABELS, na_action="ignore")
        out[b] = col.astype("string")
    for m in ("cluster", "schaal_band", "age_band"):
        if m in survey and m not in out:
            out[m] = survey[m].astype("string")
    if "gender" in survey:
        out["gender_hr"] = survey["gender"].astype("string").map(GENDER_TO_HR, na_action="ignore")
    return out


def wave_design(frame: pd.DataFrame, register: pd.DataFrame, weighting: dict[str, Any],
                wave: int, seed: int | None = None) -> SurveyDesign:
    """Rake the wave's respondents to the register and attach replicate weights.

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents with margin columns (:func:`analysis_frame`) and indicator columns.
    register : pandas.DataFrame
        Staff at the wave's peildatum.
    weighting : dict
        ``weighting:`` section of ``params.yaml``.
    wave : int
        Survey year.
    seed : int
        Seed for the bootstrap replicates.

    Returns
    -------
    SurveyDesign
    """
    margins = register_margins(register, usable_margins(frame, list(weighting["margins"])))
    settings = {**weighting, "margins": list(margins)}
    return SurveyDesign.from_margins(frame, margins, settings, wave=wave, seed=seed)


def usable_margins(frame: pd.DataFrame, margins: list[str]) -> list[str]:
    """Return the weighting margins this wave asked (a margin nobody answered can't be raked).

    Examples
    --------
    >>> f = pd.DataFrame({"cluster": ["a"], "gender_hr": [None]})
    >>> usable_margins(f, ["cluster", "gender", "age_band"])
    ['cluster']
    """
    usable = []
    for m in margins:
        column = MARGIN_COLUMN.get(m, m)
        if column in frame and frame[column].notna().any():
            usable.append(m)
    if not usable:
        raise DesignError("survey: none of the weighting margins "
                          f"{', '.join(margins)} was asked; the wave cannot be weighted")
    return usable
