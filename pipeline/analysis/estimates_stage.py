"""Stage ``estimates``: weight one wave and compute every estimate, written as tidy tables.

Run as ``python -m pipeline.analysis.estimates_stage --wave 2024``. Reads the processed survey
and HR register; writes to ``data/processed/<source>/`` (paths: :mod:`pipeline.contract`):

* ``estimates_<wave>.parquet`` — the tidy estimate table (every indicator x breakdown);
* ``odds_<wave>.parquet`` — adjusted odds ratios of unwanted behaviour and discrimination;
* ``contrasts_<wave>.parquet`` — each group against the rest, with adjusted p-values;
* ``weighting_<wave>.json`` — raking report, design effect, response by unit, items not asked,
  the margins used and left out, the HR peildatum and its distance to the fieldwork, and the
  R-indicators of the response before and after weighting (:mod:`pipeline.analysis.rindicator`)
  and the counts per cluster and directie of the precision planner
  (:mod:`pipeline.analysis.planner`), and the weighted share of each herkomst in total and
  per cluster for the comparison with the CBS (:mod:`pipeline.analysis.origin`, key
  ``origin``; always weighted without herkomst) and, with ``weighting.herkomst_margin``,
  the CBS-based herkomst totals the weighting used (key ``herkomst_margin``).

A margin of ``weighting.margins`` that the survey lacks stops the stage, unless
``weighting.allow_missing_margins`` lets the wave be weighted without it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

import pandas as pd

from pipeline.analysis.catalogue import BY_NAME, CATALOGUE
from pipeline.analysis.design import MARGIN_COLUMN, analysis_frame, peildatum_check
from pipeline.analysis.planner import unit_facts
from pipeline.analysis.rindicator import wave_representativeness
from pipeline.analysis.wave import Wave, load_wave
from pipeline.config import load_params, project_paths
from pipeline.contract import stage_params
from pipeline.ingest.atomic import write_json_atomic, write_parquet_atomic
from pipeline.log import thousands
from pipeline.stats.compare import group_vs_rest
from pipeline.stats.design import SurveyDesign
from pipeline.stats.diagnostics import effective_n, kish_deff, response_rates
from pipeline.stats.estimate import estimate_all
from pipeline.stats.regression import odds_ratios
from pipeline.stats.scales import cronbach_alpha


def weighting_report(design: SurveyDesign, survey_all: pd.DataFrame, register: pd.DataFrame,
                     not_asked: list[str], margins: list[str]) -> dict[str, Any]:
    """Facts about the weighting for the response section (no personal values).

    ``margins`` (``weighting.margins``) are the units whose response rates are reported.
    """
    rake = design.rake
    response = {}
    for unit in margins:
        if unit in survey_all and unit in register:
            resp = survey_all.copy()
            if unit in MARGIN_COLUMN:  # the survey's answer in the register's codes
                resp[unit] = analysis_frame(survey_all, [], [unit])[MARGIN_COLUMN[unit]]
            population = register[unit].astype("string").value_counts()
            response[unit] = response_rates(resp, population, unit).to_dict(orient="records")
    return {
        "respondents_total": len(survey_all),
        "respondents_in_estimates": int(design.n),
        "population": len(register),
        "iterations": int(rake.iterations),
        "max_margin_diff": float(rake.max_margin_diff),
        "converged": bool(rake.converged),
        "trimming_rounds": int(rake.trimming_rounds),
        "trim_bounds": list(rake.trim_bounds) if rake.trim_bounds else None,
        "trim_method": rake.trim_method,
        "calibration": rake.calibration,
        "collapsed": rake.collapsed.astype(str).to_dict(orient="records"),
        "n_missing_margin": int(rake.n_missing_margin),
        "margins_used": sorted({str(m) for m in pd.DataFrame(rake.margin_table())["margin"]}),
        "missing_margin": rake.missing_margin,
        "deff": float(kish_deff(design.weights)),
        "n_eff": float(effective_n(design.weights)),
        "replicates": int(design.n_replicates),
        "margins": rake.margin_table().astype({"category": str}).to_dict(orient="records"),
        "response": response,
        "not_asked": not_asked,
    }


def weighting_facts(weighting: dict[str, Any], margins_used: list[str],
                    data: Wave) -> dict[str, Any]:
    """Margins left out (allowed by params) and the peildatum against the fieldwork.

    Parameters
    ----------
    weighting : dict
        ``weighting:`` section of ``params.yaml``.
    margins_used : list of str
        Survey columns the raking used (``margins_used`` of the weighting report).
    data : Wave
        The wave (its ``peildatum`` and ``fieldwork`` come from the wave mapping).

    Returns
    -------
    dict
        ``margins_missing`` (params margins not raked, each allowed by
        ``weighting.allow_missing_margins``) and the keys of
        :func:`~pipeline.analysis.design.peildatum_check`.
    """
    missing = [m for m in weighting["margins"] if MARGIN_COLUMN.get(m, m) not in margins_used]
    facts: dict[str, Any] = {"margins_missing": missing}
    if data.peildatum is not None:
        facts.update(peildatum_check(data.wave, data.peildatum, data.fieldwork,
                                     int(weighting.get("max_peildatum_gap_days", 183))))
    return facts


def adjusted_odds(design: SurveyDesign, estimation: dict[str, Any]) -> pd.DataFrame:
    """Estimate adjusted odds ratios of each outcome in ``estimation.odds_ratios``."""
    spec = estimation.get("odds_ratios", {})
    covariates = [c for c in spec.get("covariates", [])
                  if c in design.data and design.data[c].notna().any()]
    reference = {k: v for k, v in (spec.get("reference") or {}).items() if k in covariates}
    if not covariates:
        return pd.DataFrame()
    frames = [odds_ratios(design, outcome, covariates, reference=reference)
              for outcome in spec.get("outcomes", []) if outcome in design.data]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def scale_reliability(survey: pd.DataFrame) -> dict[str, float] | None:
    """Cronbach's alpha of psychological safety with its 95% interval (None if not asked)."""
    if not all(f"ps{k}" in survey for k in range(1, 8)):
        return None
    result = cronbach_alpha(survey)
    return {"alpha": result.alpha, "ci_low": result.ci_low, "ci_high": result.ci_high,
            "level": result.level, "n": result.n}


def origin_facts(data: Wave, design: SurveyDesign, weighting: dict[str, Any],
                 estimation: dict[str, Any]) -> dict[str, Any] | None:
    """Return the weighted herkomst shares per cluster for the CBS comparison (None without).

    The shares come from the weighting on the register margins only: when herkomst is a
    margin as well (``weighting.herkomst_margin``), the wave is weighted a second time
    without it, since with it the total shares would equal the CBS by construction.
    """
    from pipeline.analysis.origin import INDICATOR, survey_shares

    columns = [c for c in INDICATOR.values() if c in design.data]
    if not columns or not design.data[columns[0]].notna().any():
        return None
    base = design if data.herkomst_totals is None else data.design(weighting, herkomst=False)
    table = estimate_all(base, columns, ["cluster"], alpha=float(estimation.get("alpha", 0.05)),
                         small_n=int(estimation.get("small_n", 30)),
                         min_expected=float(estimation.get("min_expected", 10)))
    year = pd.Timestamp(data.peildatum).year if data.peildatum is not None else data.wave
    return {"cbs_year": int(year), "shares": survey_shares(table)}


def margin_facts(data: Wave) -> dict[str, Any]:
    """Return whether herkomst was a weighting margin, and from which CBS totals."""
    if data.herkomst_totals is None:
        return {"used": False}
    year = pd.Timestamp(data.peildatum).year if data.peildatum is not None else data.wave
    return {"used": True, "basis": data.herkomst_basis, "cbs_year": int(year),
            "totals": {str(k): float(v) for k, v in data.herkomst_totals.items()}}


def run(params: dict[str, Any], wave: int) -> dict[str, Any]:
    """Compute and write every table of one wave; returns the weighting report."""
    paths = project_paths(params)
    est = params["estimation"]
    breakdowns = list(est["breakdowns"])
    data = load_wave(params, wave, breakdowns)
    survey, survey_all, register, indicators = (data.survey, data.survey_all, data.register,
                                                data.indicators)
    design = data.design(params["weighting"])

    proportions = [c for c in indicators if BY_NAME[c].kind == "proportion"]
    means = [c for c in indicators if BY_NAME[c].kind == "mean"]
    two_way = [tuple(p) for p in est.get("two_way", [])]
    alpha = float(est.get("alpha", 0.05))
    small_n = int(est.get("small_n", 30))
    estimates = estimate_all(design, proportions, breakdowns, means=means, two_way=two_way,
                             alpha=alpha, small_n=small_n,
                             min_expected=float(est.get("min_expected", 10)))
    contrasts = group_vs_rest(design, proportions, breakdowns, means=means, alpha=alpha,
                              method=str(est.get("multiple_testing", "holm")),
                              family=est.get("test_family", "indicator"),
                              sets={i.name: i.family for i in CATALOGUE}, small_n=small_n)
    report = weighting_report(design, survey_all, register, data.not_asked,
                              list(params["weighting"]["margins"]))
    report["cronbach_alpha"] = scale_reliability(survey)
    report["representativeness"] = wave_representativeness(survey_all, survey, design.weights,
                                                           register)
    report["units"] = unit_facts(survey_all, survey, design.weights, register)
    report["origin"] = origin_facts(data, design, params["weighting"], est)
    report["herkomst_margin"] = margin_facts(data)
    report.update(weighting_facts(params["weighting"], report["margins_used"], data))
    odds = adjusted_odds(design, est)
    write_parquet_atomic(estimates, paths.artefact("estimates", wave))
    write_parquet_atomic(odds, paths.artefact("odds", wave))
    write_parquet_atomic(contrasts, paths.artefact("contrasts", wave))
    write_json_atomic(report, paths.artefact("weighting", wave))
    return report


def main(argv: list[str] | None = None) -> int:
    """Stage entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wave", type=int, required=True)
    args = parser.parse_args(argv)
    report = run(stage_params(load_params(), "estimates"), args.wave)
    logging.getLogger(__name__).info("%s respondenten, deff %.2f, %d iteraties", thousands(
        report["respondents_in_estimates"]), report["deff"], report["iterations"])
    return 0


if __name__ == "__main__":
    from pipeline.cli import run_stage

    sys.exit(run_stage(main, sys.argv[1:], "schattingen"))
