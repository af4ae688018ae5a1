"""The estimation engine against a straightforward per-group loop with the ``svy`` library.

Both compute, for every indicator x group, the weighted estimate, its replicate (bootstrap)
standard error and a 95% interval from the same full-sample and replicate weights. The loop
builds one ``svy.Sample`` per cell (the group's respondents in the indicator's base) and asks
``estimation.prop`` (Wilson interval) or ``estimation.mean``; the engine does every cell with
one set of matrix products (:func:`pipeline.stats.estimate.estimate_all`).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from bench.common import load
from bench.workload import WaveWorkload


def group_key(frame: pd.DataFrame, parts: list[str]) -> pd.Series:
    """Group label of each respondent for one breakdown or a cross (NA if any part is NA).

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents.
    parts : list of str
        Breakdown variables.

    Returns
    -------
    pandas.Series
        String labels joined with `` × `` (as in the estimate table).

    Examples
    --------
    >>> f = pd.DataFrame({"a": ["x", None], "b": ["p", "q"]})
    >>> group_key(f, ["a", "b"]).tolist()
    ['x × p', <NA>]
    """
    key = frame[parts[0]].astype("string")
    for part in parts[1:]:
        key = key + " × " + frame[part].astype("string")
    return key


def loop_cells(workload: WaveWorkload) -> list[tuple[str, str, str]]:
    """Return every (indicator, breakdown, group) cell of the estimate table.

    Parameters
    ----------
    workload : WaveWorkload
        The wave.

    Returns
    -------
    list of (str, str, str)
        Breakdown ``totaal`` has group ``totaal``; two-way groups are joined with `` × ``.
    """
    frame = workload.frame
    specs = [[b] for b in workload.breakdowns if b in frame] + [
        list(t) for t in workload.two_way if all(v in frame for v in t)]
    cells = []
    for ind in [*workload.proportions, *workload.means]:
        cells.append((ind, "totaal", "totaal"))
        for spec in specs:
            keys = group_key(frame, spec).dropna().unique()
            cells += [(ind, " × ".join(spec), str(g)) for g in sorted(keys)]
    return cells


def svy_loop(workload: WaveWorkload, weights: np.ndarray, replicates: np.ndarray,
             cells: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Estimate ``cells`` one at a time with ``svy`` (replicate variance).

    Parameters
    ----------
    workload : WaveWorkload
        The wave.
    weights : numpy.ndarray
        Full-sample weights (n,).
    replicates : numpy.ndarray
        Replicate weights (n, R), bootstrap.
    cells : list of (str, str, str)
        From :func:`loop_cells`.

    Returns
    -------
    list of dict
        ``indicator``, ``breakdown``, ``group``, ``estimate``, ``se``, ``ci_low``, ``ci_high``.
    """
    import polars as pl
    import svy

    frame = workload.frame
    n_rep = replicates.shape[1]
    columns: dict[str, Any] = {"w": weights}
    columns.update({f"rw{r + 1}": replicates[:, r] for r in range(n_rep)})
    for ind in {c[0] for c in cells}:
        columns[ind] = frame[ind].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    specs = {c[1] for c in cells if c[1] != "totaal"}
    for spec in specs:
        key = group_key(frame, spec.split(" × "))
        columns[spec] = key.to_numpy(dtype=object, na_value=None)
    data = pl.DataFrame(columns)
    design = svy.Design(wgt="w", rep_wgts=svy.BootstrapWgts(prefix="rw", n_reps=n_rep))
    out = []
    for ind, breakdown, group in cells:
        sub = data.filter(pl.col(ind).is_not_nan())
        if breakdown != "totaal":
            sub = sub.filter(pl.col(breakdown) == group)
        row: dict[str, Any] = {"est": np.nan, "se": np.nan}
        if sub.height > 1:
            row = _svy_cell(svy, pl, sub, design, ind, ind in workload.means) or row
        out.append({"indicator": ind, "breakdown": breakdown, "group": group,
                    "estimate": row.get("est"), "se": row.get("se"),
                    "ci_low": row.get("lci"), "ci_high": row.get("uci")})
    return out


def _svy_cell(svy: Any, pl: Any, sub: Any, design: Any, ind: str,
              is_mean: bool) -> dict[str, Any] | None:
    """One cell with svy; None when svy cannot estimate it (then the row stays NaN)."""
    try:
        sample = svy.Sample(sub, design)
        if is_mean:
            table = sample.estimation.mean(ind, method="replication").to_polars()
            return table.row(0, named=True) if table.height else None
        table = sample.estimation.prop(ind, method="replication", ci_method="wilson").to_polars()
    except Exception:
        return None
    if not (table.height and table.width):
        return None
    hits = table.filter(pl.col(table.columns[0]) == 1)
    return hits.row(0, named=True) if hits.height else {"est": 0.0, "se": float("nan")}


def engine_vs_loop(workload: WaveWorkload, repeats: int = 3,
                   loop_budget_s: float = 90.0) -> dict[str, Any]:
    """Time ``estimate_all`` and the ``svy`` loop on the same wave, in one run.

    The loop covers every cell if it fits in ``loop_budget_s``; otherwise the indicators are
    taken in order until the budget is spent, ``estimate_all`` is timed again on exactly those
    indicators, and the full loop time is extrapolated from the time per cell (both are
    reported).

    Parameters
    ----------
    workload : WaveWorkload
        The wave.
    repeats : int
        Runs of ``estimate_all`` (median).
    loop_budget_s : float
        Seconds the loop may take.

    Returns
    -------
    dict
    """
    from pipeline.stats.design import SurveyDesign
    from pipeline.stats.estimate import estimate_all

    t0 = time.perf_counter()
    design = SurveyDesign.from_margins(workload.frame, workload.margins, workload.weighting,
                                       wave=workload.wave, seed=workload.seed)
    design_s = time.perf_counter() - t0

    def engine(props: list[str], means: list[str]) -> pd.DataFrame:
        return estimate_all(design, props, workload.breakdowns, means=means,
                            two_way=workload.two_way, alpha=workload.alpha,
                            small_n=workload.small_n, min_expected=workload.min_expected)

    runs, loads = [], []
    for _ in range(repeats):
        loads.append(load())
        t0 = time.perf_counter()
        table = engine(workload.proportions, workload.means)
        runs.append(time.perf_counter() - t0)
    cells = loop_cells(workload)
    indicators = [*workload.proportions, *workload.means]
    done: list[dict[str, Any]] = []
    covered: list[str] = []
    loop_load = load()
    t0 = time.perf_counter()
    for ind in indicators:
        done += svy_loop(workload, design.weights, design.replicates.weights,
                         [c for c in cells if c[0] == ind])
        covered.append(ind)
        if time.perf_counter() - t0 > loop_budget_s:
            break
    loop_s = time.perf_counter() - t0
    sub_props = [c for c in covered if c in workload.proportions]
    sub_means = [c for c in covered if c in workload.means]
    t0 = time.perf_counter()
    sub_table = engine(sub_props, sub_means)
    engine_sub_s = time.perf_counter() - t0
    merged = pd.DataFrame(done).merge(sub_table, on=["indicator", "breakdown", "group"],
                                      suffixes=("_svy", ""))
    agree = merged.dropna(subset=["estimate_svy", "estimate"])
    max_diff = float((agree["estimate_svy"] - agree["estimate"]).abs().max())
    per_cell = loop_s / max(1, len(done))
    engine_s = float(np.median(runs))
    return {
        "respondents": int(design.n),
        "replicates": int(design.n_replicates),
        "indicators": len(indicators),
        "cells": len(table),
        "design_s": round(design_s, 3),
        "estimate_all_s": round(engine_s, 3),
        "estimate_all_runs_s": [round(r, 3) for r in runs],
        "estimate_all_load": loads,
        "loop_cells_timed": len(done),
        "loop_indicators_timed": len(covered),
        "loop_s": round(loop_s, 3),
        "loop_load": loop_load,
        "estimate_all_same_cells_s": round(engine_sub_s, 3),
        "ratio_same_cells": round(loop_s / engine_sub_s, 1),
        "loop_full_extrapolated_s": round(per_cell * len(cells), 1),
        "ratio_full": round(per_cell * len(cells) / engine_s, 1),
        "max_abs_diff_estimate": round(max_diff, 12),
    }
