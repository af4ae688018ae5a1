"""True population values of the synthetic Amsterdam, written beside the raw files.

Tests and the recovery checks compare the pipeline's estimates with these numbers. They are the
finite-population values: every staff member in service at the wave's peildatum has realised
answers, and the truth is their mean (for multi-select items, among the item's base).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.synth.experiences import GROUNDS
from pipeline.synth.workforce import Workforce, representation

TRUTH_BREAKDOWNS = ("herkomst", "migratieachtergrond", "gender_survey", "age_band",
                    "schaal_band", "disability", "lhbtiq", "cluster", "manager")
TRUTH_INDICATORS = ("ub_any", "discr_ja", "sexual_harassment")


def _by_group(pop: pd.DataFrame, indicator: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for b in TRUTH_BREAKDOWNS:
        name = "gender" if b == "gender_survey" else b
        means = pop.groupby(b, observed=True)[indicator].mean()
        out[name] = {str(k).lower() if isinstance(k, bool) else str(k): float(v)
                     for k, v in means.items()}
    return out


def wave_truth(pop: pd.DataFrame, survey: pd.DataFrame) -> dict[str, Any]:
    """Return the true values of one wave.

    Parameters
    ----------
    pop : pandas.DataFrame
        The wave population (``population_with_outcomes``).
    survey : pandas.DataFrame
        The drawn survey wave (for response counts).

    Returns
    -------
    dict
        ``population``, ``respondents``, ``response_rate``, overall values and values by
        breakdown of each indicator, ground shares among those discriminated against, the share
        naming a manager, witnessing and satisfaction.
    """
    discr = pop[pop["discr_ja"] == 1]
    formal = pop[pop["formal"]]
    grounds = {g: float(discr[f"discr_ground_{g}"].mean()) for g in GROUNDS}
    return {
        "population": len(pop),
        "respondents": len(survey),
        "response_rate": float(len(survey) / len(pop)),
        "overall": {i: float(pop[i].mean()) for i in TRUTH_INDICATORS},
        "by_group": {i: _by_group(pop, i) for i in TRUTH_INDICATORS},
        "discr_twijfel": float((pop["discr"] == "twijfel").mean()),
        "grounds_among_discriminated": dict(sorted(grounds.items(), key=lambda kv: -kv[1])),
        "manager_named_by_discriminated": float(
            (discr["discr_by_leidinggevende"] | discr["discr_by_hoger_management"]).mean()),
        "colleague_named_by_discriminated": float(discr["discr_by_collega"].mean()),
        "witness_ub": float(pop["witness_ub"].mean()),
        "witness_discr_ja": float((pop["witness_discr"] == "ja").mean()),
        "witness_discr_twijfel": float((pop["witness_discr"] == "twijfel").mean()),
        "report_satisfied": float((formal["report_satisfaction"] >= 4).mean()),
    }


def representation_truth(workforce: Workforce, years: range) -> dict[str, dict[str, float]]:
    """Return the register's representation figures for each year (see ``representation``)."""
    return {str(y): representation(workforce, y) for y in years}
