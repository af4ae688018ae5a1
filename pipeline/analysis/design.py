"""Build a wave's survey design: respondents in the estimates, raked to the HR register.

The register holds HR codes (gender ``M``/``V``/``X``); the survey asks gender in four
categories. For weighting, ``non-binair`` and ``anders`` are raked together to the register's
``X`` (column ``gender_hr``); the analyses keep the four survey categories.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipeline.analysis.catalogue import CATEGORY_ORDER
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
        # ordered categories (age, salary band) in their natural order: a category without
        # respondents is merged with a neighbour in that order (<25 with 25-34, not with 55+)
        order = [c for c in CATEGORY_ORDER.get(m, ()) if c in counts.index]
        if order:
            counts = counts.reindex(order + [c for c in counts.index if c not in order])
        out[MARGIN_COLUMN.get(m, m)] = counts.astype("int64").rename_axis(None)
    return out


def _is_boolean(col: pd.Series) -> bool:
    """Tell whether a column is boolean (bool dtypes, or objects holding only True/False)."""
    if str(col.dtype) in ("boolean", "bool"):
        return True
    values = col.dropna()
    return col.dtype == object and len(values) > 0 and values.map(
        lambda v: isinstance(v, bool | np.bool_)).all()


def analysis_frame(survey: pd.DataFrame, breakdowns: list[str],
                   margins: Sequence[str]) -> pd.DataFrame:
    """Respondent frame for estimation: breakdowns as labelled strings plus the margin columns.

    Boolean breakdowns (``disability``, ``lhbtiq``, ``manager``) become ``ja``/``nee``. Each
    weighting margin (``weighting.margins``) gets its survey column (:data:`MARGIN_COLUMN`):
    ``gender`` as ``gender_hr`` in the register's codes, the others as they are.

    Examples
    --------
    >>> s = pd.DataFrame({"gender": ["vrouw", "anders"], "cluster": ["a", "b"],
    ...                   "age_band": ["<25", "55+"]})
    >>> analysis_frame(s, ["gender"], ["cluster", "gender"]).to_dict("list")
    {'gender': ['vrouw', 'anders'], 'cluster': ['a', 'b'], 'gender_hr': ['V', 'X']}
    """
    out = pd.DataFrame(index=survey.index)
    for b in breakdowns:
        if b not in survey:
            continue
        col = survey[b]
        if _is_boolean(col):
            col = col.astype("boolean").map(BOOL_BREAKDOWN_LABELS, na_action="ignore")
        out[b] = col.astype("string")
    for m in margins:
        column = MARGIN_COLUMN.get(m, m)
        if m not in survey or column in out:
            continue
        values = survey[m].astype("string")
        if m == "gender":
            values = values.map(GENDER_TO_HR, na_action="ignore")
        out[column] = values
    return out


def wave_design(frame: pd.DataFrame, register: pd.DataFrame, weighting: dict[str, Any],
                wave: int, seed: int | None = None,
                extra: dict[str, pd.Series] | None = None) -> SurveyDesign:
    """Rake the wave's respondents to the register and attach replicate weights.

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents with margin columns (:func:`analysis_frame`) and indicator columns.
    register : pandas.DataFrame
        Staff at the wave's peildatum.
    weighting : dict
        ``weighting:`` section of ``params.yaml`` (``margins``; ``allow_missing_margins``
        names, per wave, margins the wave may be weighted without).
    wave : int
        Survey year.
    seed : int
        Seed for the bootstrap replicates.
    extra : dict of str to pandas.Series, optional
        Margins that do not come from the register, keyed by survey column, raked after the
        register's: herkomst with totals from the CBS (``weighting.herkomst_margin``).

    Returns
    -------
    SurveyDesign

    Raises
    ------
    DesignError
        A margin of ``weighting.margins`` is not in the survey and not allowed missing.
    """
    allowed = allowed_missing_margins(weighting, wave)
    usable = usable_margins(frame, list(weighting["margins"]), wave=wave, allowed=allowed)
    margins = register_margins(register, usable)
    for name, totals in (extra or {}).items():
        if name not in frame or frame[name].isna().all():
            raise DesignError(f"wave {wave}: weighting margin '{name}' is not in the survey; "
                              "set weighting.herkomst_margin: false in params.yaml")
        margins[name] = totals
    settings = {**weighting, "margins": list(margins)}
    return SurveyDesign.from_margins(frame, margins, settings, wave=wave, seed=seed)


def allowed_missing_margins(weighting: dict[str, Any], wave: int) -> list[str]:
    """Margins ``params.yaml`` allows this wave to be weighted without.

    ``weighting.allow_missing_margins`` maps a wave (int or str key) to a list of margins.

    Examples
    --------
    >>> allowed_missing_margins({"allow_missing_margins": {2026: ["cluster"]}}, 2026)
    ['cluster']
    >>> allowed_missing_margins({"allow_missing_margins": {"2026": "cluster"}}, 2026)
    ['cluster']
    >>> allowed_missing_margins({}, 2024)
    []
    """
    spec = weighting.get("allow_missing_margins") or {}
    if not isinstance(spec, dict):
        raise DesignError("params.yaml: weighting.allow_missing_margins must map a wave to a "
                          "list of margins, e.g. {2026: [cluster]}")
    value = spec.get(wave, spec.get(str(wave))) or []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def usable_margins(frame: pd.DataFrame, margins: list[str], wave: int | None = None,
                   allowed: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Return the weighting margins this wave asked; stop on one it lacks unless allowed.

    A margin nobody answered (column absent or all missing) cannot be raked. It is left out
    only when it is in ``allowed`` (``weighting.allow_missing_margins`` of the wave);
    otherwise the wave stops with one line naming the wave, the margin and what to do.

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents with margin columns (:func:`analysis_frame`).
    margins : list of str
        ``weighting.margins``.
    wave : int, optional
        Survey year, for the message.
    allowed : sequence of str
        Margins the wave may be weighted without.

    Returns
    -------
    list of str

    Raises
    ------
    DesignError
        A margin is missing and not allowed, or no margin is left.

    Examples
    --------
    >>> f = pd.DataFrame({"cluster": ["a"], "gender_hr": [None]})
    >>> usable_margins(f, ["cluster", "gender", "age_band"], 2026, ["gender", "age_band"])
    ['cluster']
    >>> usable_margins(f, ["cluster", "gender"], 2026)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.analysis.design.DesignError: wave 2026: weighting margin 'gender' is not in the ...
    """
    usable, lacking = [], []
    for m in margins:
        column = MARGIN_COLUMN.get(m, m)
        if column in frame and frame[column].notna().any():
            usable.append(m)
        elif m not in allowed:
            lacking.append(m)
    label = wave if wave is not None else "<jaar>"
    if lacking:
        names = ", ".join(lacking)
        quoted = ", ".join(f"'{m}'" for m in lacking)
        noun = "margin" if len(lacking) == 1 else "margins"
        verb = "is" if len(lacking) == 1 else "are"
        raise DesignError(f"wave {label}: weighting {noun} {quoted} {verb} not in the survey; "
                          "map it in the wave's mapping file "
                          f"(config/sources/<source>/waves/{label}.yml), or weight without it "
                          "by setting "
                          f"weighting.allow_missing_margins: {{{label}: [{names}]}} "
                          "in params.yaml")
    if not usable:
        raise DesignError(f"wave {label}: none of the weighting margins "
                          f"{', '.join(margins)} was asked; the wave cannot be weighted")
    return usable


def peildatum_gap_days(peildatum: dt.date, fieldwork: tuple[dt.date, dt.date] | None) -> int | None:
    """Days between the HR peildatum and the fieldwork period (0 inside it; None if unknown).

    Examples
    --------
    >>> import datetime as dt
    >>> period = (dt.date(2026, 10, 1), dt.date(2026, 11, 15))
    >>> peildatum_gap_days(dt.date(2026, 12, 31), period)
    46
    >>> peildatum_gap_days(dt.date(2026, 10, 9), period)
    0
    >>> peildatum_gap_days(dt.date(2025, 12, 31), period), peildatum_gap_days(period[0], None)
    (274, None)
    """
    if fieldwork is None:
        return None
    start, end = fieldwork
    if peildatum < start:
        return (start - peildatum).days
    if peildatum > end:
        return (peildatum - end).days
    return 0


def peildatum_check(wave: int, peildatum: dt.date, fieldwork: tuple[dt.date, dt.date] | None,
                    max_gap_days: int) -> dict[str, Any]:
    """Record the peildatum against the fieldwork; log a warning when they lie far apart.

    Parameters
    ----------
    wave : int
        Survey year.
    peildatum : datetime.date
        The HR snapshot the wave is weighted to (``peildatum`` of the wave's mapping,
        ``config/sources/<source>/waves/<wave>.yml``).
    fieldwork : (datetime.date, datetime.date) or None
        First and last day of fieldwork (``fieldwork`` of the mapping), if known.
    max_gap_days : int
        ``weighting.max_peildatum_gap_days``.

    Returns
    -------
    dict
        ``peildatum``, ``fieldwork`` (ISO dates or None), ``peildatum_gap_days`` (None if the
        fieldwork is unknown), ``max_peildatum_gap_days`` and ``peildatum_gap_too_large``.

    Examples
    --------
    >>> import datetime as dt
    >>> peildatum_check(2026, dt.date(2025, 12, 31), (dt.date(2026, 10, 1),
    ...                 dt.date(2026, 11, 15)), 183)["peildatum_gap_too_large"]
    True
    """
    gap = peildatum_gap_days(peildatum, fieldwork)
    too_large = gap is not None and gap > max_gap_days
    if too_large:
        logging.getLogger(__name__).warning(
            "wave %s: HR peildatum %s lies %s days from the fieldwork (%s to %s), more than "
            "weighting.max_peildatum_gap_days (%s); check peildatum in "
            "config/sources/<source>/waves/%s.yml",
            wave, peildatum.isoformat(), gap, fieldwork[0].isoformat(), fieldwork[1].isoformat(),
            max_gap_days, wave)
    return {
        "peildatum": peildatum.isoformat(),
        "fieldwork": [d.isoformat() for d in fieldwork] if fieldwork else None,
        "peildatum_gap_days": gap,
        "max_peildatum_gap_days": int(max_gap_days),
        "peildatum_gap_too_large": too_large,
    }
