"""Workloads: one wave's design as the estimates stage builds it, and the scaling generators.

:func:`wave_workload` repeats the steps of ``pipeline.analysis.estimates_stage.run`` up to the
design, so the benchmark times exactly what the stage computes. :func:`scale_survey`,
:func:`scale_margins` and :func:`scale_register` make larger problems from the demo data by
resampling with replacement (respondents; register rows with re-keyed ids).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class WaveWorkload:
    """Everything ``estimate_all`` needs for one wave.

    Attributes
    ----------
    frame : pandas.DataFrame
        Respondents in the estimates: breakdown, margin and indicator columns.
    margins : dict of str to pandas.Series
        Register totals per margin category, keyed by the survey column to rake.
    weighting : dict
        The ``weighting:`` parameters with the usable margins.
    proportions, means, breakdowns : list of str
        Indicator and breakdown names.
    two_way : list of tuple
        Crossed breakdowns.
    alpha : float
        1 - confidence level.
    wave : int
        Survey year.
    seed : int
        Seed of the replicates.
    small_n, min_expected : int, float
        Interval choice settings (``estimation:``).
    """

    frame: pd.DataFrame
    margins: dict[str, pd.Series]
    weighting: dict[str, Any]
    proportions: list[str]
    means: list[str]
    breakdowns: list[str]
    two_way: list[tuple[str, ...]]
    alpha: float
    wave: int
    seed: int
    small_n: int = 30
    min_expected: float = 10.0


def wave_workload(params: dict[str, Any], wave: int, root: Path) -> WaveWorkload:
    """Read one processed wave and the register with the estimates stage's own loader.

    Parameters
    ----------
    params : dict
        ``params.yaml``.
    wave : int
        Survey year.
    root : pathlib.Path
        Project root whose ``data/processed`` holds the cleaned files; must be the root the
        pipeline resolves (``AIM_ROOT``), so the benchmark never reads another tree's data.

    Returns
    -------
    WaveWorkload

    Raises
    ------
    ValueError
        If ``root`` is not the pipeline's project root.
    """
    from pipeline.analysis.catalogue import BY_NAME
    from pipeline.analysis.design import register_margins, usable_margins
    from pipeline.analysis.wave import load_wave
    from pipeline.config import ROOT

    if Path(ROOT).resolve() != Path(root).resolve():
        raise ValueError(f"root {root} is not the pipeline's root {ROOT} (set AIM_ROOT)")
    est = params["estimation"]
    data = load_wave(params, wave, list(est["breakdowns"]))
    usable = usable_margins(data.frame, list(params["weighting"]["margins"]))
    margins = register_margins(data.register, usable)
    weighting = {**params["weighting"], "margins": list(margins)}
    return WaveWorkload(
        frame=data.frame, margins=margins, weighting=weighting,
        proportions=[c for c in data.indicators if BY_NAME[c].kind == "proportion"],
        means=[c for c in data.indicators if BY_NAME[c].kind == "mean"],
        breakdowns=list(est["breakdowns"]), two_way=[tuple(p) for p in est.get("two_way", [])],
        alpha=float(est.get("alpha", 0.05)), wave=wave, seed=int(params["seed"]),
        small_n=int(est.get("small_n", 30)), min_expected=float(est.get("min_expected", 10)))


def scale_survey(frame: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """Resample respondents with replacement to exactly ``n`` rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents. Not modified.
    n : int
        Rows wanted (positive).
    seed : int
        Seed of the draw.

    Returns
    -------
    pandas.DataFrame
        ``n`` rows, index 0..n-1, same columns and dtypes.

    Raises
    ------
    ValueError
        If ``n`` is not positive or ``frame`` is empty.

    Examples
    --------
    >>> big = scale_survey(pd.DataFrame({"g": ["a", "b"], "y": [0, 1]}), 5)
    >>> len(big), list(big.index) == list(range(5))
    (5, True)
    """
    if n <= 0 or frame.empty:
        raise ValueError(f"n must be positive and frame non-empty, got n={n}, {len(frame)} rows")
    rows = np.random.default_rng(seed).integers(0, len(frame), size=n)
    return frame.iloc[rows].reset_index(drop=True)


def scale_margins(margins: dict[str, pd.Series], factor: float) -> dict[str, pd.Series]:
    """Multiply population totals by ``factor`` (not rounded: every margin keeps one total).

    Parameters
    ----------
    margins : dict of str to pandas.Series
        Totals per category.
    factor : float
        Growth of the population (the same as the sample's).

    Returns
    -------
    dict of str to pandas.Series

    Examples
    --------
    >>> scale_margins({"g": pd.Series({"a": 3, "b": 7})}, 10)["g"].tolist()
    [30.0, 70.0]
    """
    return {k: v.astype("float64") * factor for k, v in margins.items()}


def scale_register(snapshot: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """Resample one register snapshot with replacement to ``n`` rows with unique numeric ids.

    An employee drawn ``k`` times becomes ``k`` employees: the id is the original number
    followed by a three-digit copy number, so ids stay unique within the snapshot and copy
    ``j`` of the same person links across snapshots (for the flows).

    Parameters
    ----------
    snapshot : pandas.DataFrame
        Canonical HR rows of one peildatum with numeric-text ``employee_id``. Not modified.
    n : int
        Rows wanted.
    seed : int
        Seed of the draw.

    Returns
    -------
    pandas.DataFrame
        ``n`` rows.

    Raises
    ------
    ValueError
        If ``n`` is not positive, the snapshot is empty, or more than 1000 copies of one
        employee would be needed.

    Examples
    --------
    >>> snap = pd.DataFrame({"employee_id": ["7", "8"], "fte": [1.0, 0.5]})
    >>> big = scale_register(snap, 6)
    >>> len(big), big["employee_id"].is_unique
    (6, True)
    """
    if n <= 0 or snapshot.empty:
        raise ValueError(f"n must be positive and snapshot non-empty, got n={n}")
    rows = np.sort(np.random.default_rng(seed).integers(0, len(snapshot), size=n))
    out = snapshot.iloc[rows].reset_index(drop=True)
    copy = out.groupby("employee_id", sort=False).cumcount()
    if int(copy.max()) >= 1000:
        raise ValueError(f"n={n} needs more than 1000 copies of one employee")
    out["employee_id"] = out["employee_id"].astype(str) + copy.map("{:03d}".format)
    return out


def numeric_ids(hr: pd.DataFrame) -> pd.DataFrame:
    """Replace pseudonymised ``employee_id`` by numbers from 1000000 (same person, same number).

    Parameters
    ----------
    hr : pandas.DataFrame
        Canonical HR rows of several snapshots. Not modified.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> numeric_ids(pd.DataFrame({"employee_id": ["x", "y", "x"]}))["employee_id"].tolist()
    ['1000000', '1000001', '1000000']
    """
    codes, _ = pd.factorize(hr["employee_id"])
    return hr.assign(employee_id=pd.Series(codes + 1_000_000, index=hr.index).astype(str))
