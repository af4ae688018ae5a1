"""Representativeness of a wave's response: R-indicators before and after weighting.

The estimates stage calls :func:`wave_representativeness` and stores its facts in the
weighting report (``representativeness``): aggregates over register cells only (staff and
respondent counts per category, mean propensities), never a person's values. The respons
section publishes them through the wave's ledger (:func:`representativeness_tables`).
Method: :mod:`pipeline.stats.representativeness`, docs/statistics.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipeline.analysis.design import GENDER_TO_HR
from pipeline.stats.representativeness import (
    Representativeness,
    register_cells,
    representativeness,
)

VARIABLES = ("directie", "schaal_band", "age_band", "gender", "manager")
"""Register variables of the response-propensity model (directie lies within cluster)."""
VARIABLE_LABELS = {"directie": "directie", "cluster": "cluster", "schaal_band": "salarisschaal",
                   "age_band": "leeftijd", "gender": "gender (registratie)",
                   "manager": "leidinggevende"}
PHASES = {"before": "vóór weging", "after": "na weging"}


def register_codes(frame: pd.DataFrame, variables: Sequence[str]) -> pd.DataFrame:
    """Return the variables in the register's codes, as strings (survey gender as M/V/X).

    Examples
    --------
    >>> s = pd.DataFrame({"gender": ["vrouw", "anders"], "manager": [True, False]})
    >>> register_codes(s, ["gender", "manager"]).to_dict("list")
    {'gender': ['V', 'X'], 'manager': ['ja', 'nee']}
    """
    out = pd.DataFrame(index=frame.index)
    for v in variables:
        col = frame[v]
        if v == "gender" and col.dropna().isin(list(GENDER_TO_HR)).any():
            col = col.map(GENDER_TO_HR, na_action="ignore")
        elif v == "manager":
            col = col.astype("boolean").map({True: "ja", False: "nee"}, na_action="ignore")
        out[v] = col.astype("string")
    return out


def _facts(result: Representativeness, cells: pd.DataFrame,
           respondents: pd.DataFrame) -> dict[str, Any]:
    counted = {v: respondents[v].value_counts() for v in result.variables["variable"]}
    categories = []
    for row in result.categories.itertuples(index=False):
        categories.append({"variable": row.variable, "category": str(row.category),
                           "population": int(row.N),
                           "respondents": int(counted[row.variable].get(row.category, 0)),
                           "rho": float(row.rho), "partial": float(row.partial)})
    return {"r": result.r, "s": result.s, "mean": result.mean, "cells": len(cells),
            "variables": result.variables.to_dict(orient="records"),
            "categories": categories}


def wave_representativeness(survey_all: pd.DataFrame, survey: pd.DataFrame,
                            weights: np.ndarray, register: pd.DataFrame,
                            variables: Sequence[str] = VARIABLES) -> dict[str, Any]:
    """R-indicator and partial indicators of a wave's response, before and after weighting.

    Parameters
    ----------
    survey_all : pandas.DataFrame
        Every respondent (partial ones too): who responded.
    survey : pandas.DataFrame
        The respondents in the estimates, in the order of ``weights``.
    weights : numpy.ndarray
        Their survey weights.
    register : pandas.DataFrame
        Staff at the peildatum.
    variables : sequence of str
        Register variables of the model (those absent from the survey or the register are
        left out).

    Returns
    -------
    dict
        ``variables``, ``respondents``, ``population`` and per phase (``before``, ``after``)
        ``r``, ``s``, ``mean``, ``cells``, ``variables`` (partial indicators per variable) and
        ``categories`` (per category: staff, respondents, mean propensity, signed partial).
    """
    used = [v for v in variables if v in survey_all and v in register and v in survey]
    reg = register_codes(register, used)
    everyone = register_codes(survey_all, used)
    weighted = register_codes(survey, used)
    out: dict[str, Any] = {"variables": used, "respondents": len(survey_all),
                           "population": len(register)}
    before = register_cells(reg, everyone, used)
    out["before"] = _facts(representativeness(before, used), before, everyone)
    after = register_cells(reg, weighted, used, weights=weights, total=len(survey_all))
    out["after"] = _facts(representativeness(after, used), after, everyone)
    return out


def representativeness_tables(facts: dict[str, Any], wave: int,
                              top: int = 8) -> dict[str, pd.DataFrame]:
    """Tidy tables of the R-indicators for the gate: overall, per variable, per category.

    Parameters
    ----------
    facts : dict
        ``representativeness`` of the weighting report.
    wave : int
        Survey year.
    top : int, default 8
        Categories shown: those with the largest absolute partial indicator before weighting,
        grouped by variable.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``r`` (R-indicator before and after weighting), ``variabelen`` (partial indicators
        per variable) and ``categorieen`` (the ``top`` categories, breakdown = the variable).
        The values are indices (``measure`` = ``index``: three decimals, no percentage);
        ``n`` is the respondents of the row's group (base ``respons``, as the response
        tables count them). Rows of all respondents are ``totaal`` rows.
    """
    from pipeline.analysis.catalogue import group_rank
    from pipeline.analysis.response import HR_GENDER_LABELS

    base = {"wave": wave, "ci_low": float("nan"), "ci_high": float("nan"),
            "n_pos": float("nan"), "measure": "index", "base": "respons"}
    n_all = int(facts["respondents"])
    total = {"breakdown": "totaal", "group": "totaal", "n": n_all}
    r_table = pd.DataFrame([{"indicator": f"R-indicator {label}", "estimate": facts[phase]["r"],
                             **total} for phase, label in PHASES.items()]).assign(**base)
    rows = []
    for phase, label in PHASES.items():
        for v in facts[phase]["variables"]:
            name = VARIABLE_LABELS.get(v["variable"], v["variable"])
            for kind, word in (("unconditional", "onvoorwaardelijk"),
                               ("conditional", "voorwaardelijk")):
                rows.append({"indicator": f"{name}: {word}, {label}", "estimate": v[kind],
                             **total})
    variables = pd.DataFrame(rows).assign(**base)
    before = pd.DataFrame(facts["before"]["categories"])
    after = pd.DataFrame(facts["after"]["categories"]).set_index(["variable", "category"])
    order = {v: i for i, v in enumerate(facts["variables"])}
    chosen = before.assign(size=before["partial"].abs()).sort_values(
        "size", ascending=False, kind="stable").head(top)
    labels = [HR_GENDER_LABELS.get(c, c) if v == "gender" else c
              for v, c in zip(chosen["variable"], chosen["category"], strict=True)]
    # each variable's categories in its reading order (salary scale and age low to high)
    chosen = chosen.assign(_v=chosen["variable"].map(order), label=labels, _g=[
        group_rank(v, g) for v, g in zip(chosen["variable"], labels, strict=True)]).sort_values(
        ["_v", "_g"], kind="stable")
    rows = []
    for phase, label in PHASES.items():
        for c in chosen.itertuples(index=False):
            value = c.partial if phase == "before" else after.loc[(c.variable, c.category),
                                                                   "partial"]
            group = c.label
            rows.append({"indicator": f"partiële R-indicator {label}", "breakdown": c.variable,
                         "group": group, "estimate": float(value), "n": int(c.respondents)})
    categories = pd.DataFrame(rows).assign(**base)
    return {"r": r_table, "variabelen": variables, "categorieen": categories}


def _dec(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def representativeness_text(r_table: pd.DataFrame, variables: pd.DataFrame,
                            categories: pd.DataFrame) -> str:
    """Write Dutch text on the R-indicators from the three published tables' data.

    Parameters
    ----------
    r_table, variables, categories : pandas.DataFrame
        The ``data`` of the published tables ``r-indicator``, ``r-variabelen`` and
        ``r-categorieen`` (rounded as shown; hidden values are NaN).

    Returns
    -------
    str
        Markdown: the R-indicator before and after weighting, the variables and categories
        that drive the deviation, and what the weighting leaves.

    Examples
    --------
    >>> r = pd.DataFrame({"indicator": ["R-indicator vóór weging", "R-indicator na weging"],
    ...                   "estimate": [0.84, 0.95]})
    >>> v = pd.DataFrame({"indicator": ["leeftijd: onvoorwaardelijk, vóór weging",
    ...                                 "leeftijd: onvoorwaardelijk, na weging"],
    ...                   "estimate": [0.05, 0.001]})
    >>> c = pd.DataFrame({"indicator": ["partiële R-indicator vóór weging"],
    ...                   "breakdown": ["Leeftijd"], "group": ["<25"], "estimate": [-0.02]})
    >>> print(representativeness_text(r, v, c))  # doctest: +NORMALIZE_WHITESPACE
    De R-indicator van de respons is 0,840 vóór weging en 0,950 na weging (1 betekent dat
    iedereen even vaak meedeed). Vóór weging hangt de respons het sterkst samen met leeftijd
    (partiële R-indicator 0,050). De grootste afwijkingen per categorie: leeftijd <25
    (minder respons, −0,020). Na weging blijft de grootste afwijking bij leeftijd (0,001).
    """
    value = dict(zip(r_table["indicator"], r_table["estimate"], strict=True))
    before, after = (value.get(f"R-indicator {PHASES[p]}") for p in PHASES)
    parts = []
    if before is not None and after is not None and np.isfinite([before, after]).all():
        parts.append(f"De R-indicator van de respons is {_dec(before)} vóór weging en "
                     f"{_dec(after)} na weging (1 betekent dat iedereen even vaak meedeed).")

    def ranked(phase: str) -> list[tuple[str, float]]:
        suffix = f": onvoorwaardelijk, {PHASES[phase]}"
        rows = variables[variables["indicator"].str.endswith(suffix)
                         & variables["estimate"].notna()]
        pairs = [(i[: -len(suffix)], float(e)) for i, e in zip(rows["indicator"],
                                                               rows["estimate"], strict=True)]
        return sorted(pairs, key=lambda p: -p[1])

    first = ranked("before")
    if first:
        named = " en ".join(f"{v} (partiële R-indicator {_dec(e)})" for v, e in first[:2])
        parts.append(f"Vóór weging hangt de respons het sterkst samen met {named}.")
    rows = categories[(categories["indicator"] == f"partiële R-indicator {PHASES['before']}")
                      & categories["estimate"].notna()]
    if len(rows):
        rows = rows.assign(size=rows["estimate"].abs()).sort_values("size", ascending=False)
        named = "; ".join(
            f"{b[:1].lower() + b[1:]} {g} ({'minder' if e < 0 else 'meer'} respons, {_dec(e)})"
            for b, g, e in zip(rows["breakdown"], rows["group"], rows["estimate"], strict=True))
        parts.append(f"De grootste afwijkingen per categorie: {named}.")
    last = ranked("after")
    if last:
        parts.append(f"Na weging blijft de grootste afwijking bij {last[0][0]} "
                     f"({_dec(last[0][1])}).")
    return " ".join(parts)
