"""Precision planner: the reporting level each cluster and directie can expect, and reached.

Before fieldwork (:func:`expected_level`): from the HR register at the wave's peildatum and an
expected response rate per unit (default: the last wave's, per unit and salary band), the
expected respondents, the expected 95% margin of a 14% and a 55% indicator, and whether the
unit will pass the disclosure rules. After fieldwork (:func:`achieved_level`): the achieved
respondents, the achieved margin (the published intervals of the wave's two headline
indicators by cluster; the same formula with the achieved n and weights per directie, which
the reports do not break down) and whether the unit is reportable.

Expected margin (half-width of the 95% interval) of a proportion ``p`` in a unit of ``N``
staff with ``n`` expected respondents in the figures::

    m(p) = z * sqrt(deff * p * (1 - p) / n * (1 - n / N))

``deff`` is Kish's design effect of unequal weighting, ``1 + CV^2`` of the last wave's
weights of the unit's respondents, and ``1 - n / N`` the finite-population correction. The
disclosure verdict applies the gate's own rules (:mod:`pipeline.disclosure`) to the
expected n and ``p``: at least ``survey_min_n`` respondents, and a percentage that gives away
no fewer than ``min_numerator`` respondents with (``min_complement`` without) the outcome.

Run ``python -m pipeline.analysis.planner --wave 2026 [--response-rate 0.3]``: prints the
table in Dutch. The weighting report (``weighting_<wave>.json``, key ``units``) holds the
counts the planner needs (:func:`unit_facts`): staff and respondents per unit and band, and
the unit's design effect; never a person's values.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipeline.disclosure.numerator import discloses_numerator
from pipeline.disclosure.rules import DisclosureRules
from pipeline.errors import PipelineError
from pipeline.stats.diagnostics import kish_deff

logger = logging.getLogger(__name__)

LEVELS = ("cluster", "directie")
"""Units the planner reports on (register columns)."""
BAND = "schaal_band"
"""The band within a unit whose response rate the planner carries over."""
SHARES = {0.14: "discr_ja", 0.55: "ub_any"}
"""The two indicator sizes planned for, and the headline indicator each stands for."""
SHRINK = 20.0
"""Prior staff count that pulls a small unit-band rate towards its unit's rate."""
Z = 1.959963984540054
LEVEL_LABELS = {"cluster": "cluster", "directie": "directie"}


class PlannerError(PipelineError, ValueError):
    """The planner cannot plan this wave (no earlier wave, no register, bad rate)."""


def unit_facts(survey_all: pd.DataFrame, survey: pd.DataFrame, weights: np.ndarray,
               register: pd.DataFrame, levels: Sequence[str] = LEVELS) -> dict[str, Any]:
    """Count staff and respondents per unit (and band), with the unit's design effect.

    Parameters
    ----------
    survey_all : pandas.DataFrame
        Every respondent (who responded).
    survey : pandas.DataFrame
        Respondents in the estimates, in the order of ``weights``.
    weights : numpy.ndarray
        Their survey weights.
    register : pandas.DataFrame
        Staff at the peildatum.
    levels : sequence of str
        Unit columns.

    Returns
    -------
    dict
        Per level a list of units: ``unit``, ``population``, ``respondents``,
        ``respondents_in_estimates``, ``deff`` (Kish, NaN below two respondents) and
        ``bands`` (band -> staff and respondents).
    """
    w = np.asarray(weights, dtype=float)
    out: dict[str, Any] = {}
    for level in levels:
        if level not in register or level not in survey_all:
            continue
        staff = register[level].astype("string")
        resp = survey_all[level].astype("string")
        est = survey[level].astype("string")
        rows = []
        for unit in sorted(staff.dropna().unique()):
            in_unit = (resp == unit).fillna(False).to_numpy(dtype=bool)
            in_est = (est == unit).fillna(False).to_numpy(dtype=bool)
            bands = {}
            reg_bands = register.loc[(staff == unit).fillna(False).to_numpy(dtype=bool), BAND]
            resp_bands = survey_all.loc[in_unit, BAND] if BAND in survey_all else pd.Series()
            for band, count in reg_bands.astype("string").value_counts().sort_index().items():
                bands[str(band)] = {"population": int(count), "respondents": int(
                    (resp_bands.astype("string") == band).sum())}
            unit_w = w[in_est] if len(w) == len(est) else np.array([])
            rows.append({"unit": str(unit), "population": int((staff == unit).sum()),
                         "respondents": int(in_unit.sum()),
                         "respondents_in_estimates": int(np.sum(in_est)),
                         "deff": float(kish_deff(unit_w)) if len(unit_w) > 1 else float("nan"),
                         "bands": bands})
        out[level] = rows
    return out


def margin(p: float, n: float, population: float, deff: float, z: float = Z) -> float:
    """Return the expected half-width of the 95% interval of ``p`` from ``n`` of ``N``.

    Examples
    --------
    >>> round(margin(0.5, 100, 1e12, 1.0), 4)
    0.098
    >>> margin(0.5, 100, 100, 1.0)
    0.0
    >>> math.isnan(margin(0.5, 0, 100, 1.0))
    True
    """
    if not n > 0:
        return float("nan")
    fpc = max(0.0, 1.0 - n / population) if population > 0 else 1.0
    return float(z * math.sqrt(deff * p * (1 - p) / n * fpc))


def reportable(n: float, p: float, rules: DisclosureRules) -> bool:
    """Whether the gate would show a proportion ``p`` of a group of ``n`` respondents.

    The gate's own rules on the expected counts: primary suppression (``survey_min_n``), the
    group rule (0% or 100% in a group below ``group_disclosure_max_n``) and the numerator
    rule on ``round(n * p)`` respondents with the outcome.

    Examples
    --------
    >>> rules = DisclosureRules()
    >>> reportable(9, 0.55, rules), reportable(30, 0.55, rules), reportable(30, 0.14, rules)
    (False, True, False)
    """
    n = float(np.floor(n + 0.5)) if np.isfinite(n) else 0.0
    if n < rules.survey_min_n:
        return False
    k = float(np.floor(n * p + 0.5))
    if k in (0.0, n) and n < rules.group_disclosure_max_n:  # 0% or 100% in a small group
        return False
    return not discloses_numerator(n, k, p, rules, "survey")


def _rate(band: dict[str, int], unit_rate: float) -> float:
    return (band["respondents"] + SHRINK * unit_rate) / (band["population"] + SHRINK)


def register_units(register: pd.DataFrame, levels: Sequence[str] = LEVELS) -> dict[str, Any]:
    """Staff per unit and band, in the form of :func:`unit_facts` (no respondents).

    Examples
    --------
    >>> reg = pd.DataFrame({"cluster": ["a", "a", "b"], "schaal_band": ["1-5", "6-8", "1-5"]})
    >>> register_units(reg, ["cluster"])["cluster"][0]
    {'unit': 'a', 'population': 2, 'bands': {'1-5': {'population': 1}, '6-8': {'population': 1}}}
    """
    out: dict[str, Any] = {}
    for level in levels:
        if level not in register:
            continue
        rows = []
        for unit, staff in register.groupby(register[level].astype("string"), sort=True):
            bands = staff[BAND].astype("string").value_counts().sort_index()
            rows.append({"unit": str(unit), "population": len(staff),
                         "bands": {str(b): {"population": int(c)} for b, c in bands.items()}})
        out[level] = rows
    return out


def expected_level(staff: dict[str, Any], previous: dict[str, Any] | None,
                   rules: DisclosureRules, response_rate: float | None = None,
                   levels: Sequence[str] = LEVELS) -> pd.DataFrame:
    """Plan respondents, margins and disclosure verdict per unit, before fieldwork.

    Parameters
    ----------
    staff : dict
        Staff per unit and band at the wave's peildatum (:func:`register_units`, or the
        ``units`` of the wave's weighting report).
    previous : dict or None
        ``units`` of the last wave's weighting report: its response per unit and band, the
        share of respondents in the figures (complete) and the design effect of its weights.
        None: no earlier wave (then ``response_rate`` is needed, with deff 1 and every
        respondent in the figures).
    rules : DisclosureRules
        The disclosure rules.
    response_rate : float, optional
        One expected response rate for every unit (instead of the last wave's).
    levels : sequence of str
        Unit levels.

    Returns
    -------
    pandas.DataFrame
        Per unit: ``level``, ``unit``, ``population``, ``rate``, ``respondents`` (expected),
        ``n`` (expected in the figures), ``deff``, per planned share ``p`` the columns
        ``margin_<p>`` and ``reportable_<p>`` (``p`` in percent: ``margin_14``), and
        ``reportable`` (the 14% indicator shown).

    Notes
    -----
    The last wave's rate of a unit and band is shrunk towards the unit's rate,
    ``(n_ub + k r_u) / (N_ub + k)`` with ``k`` = :data:`SHRINK`, and the unit's towards the
    organisation's in the same way; a unit or band new since the last wave takes the rate one
    level up.

    Raises
    ------
    PlannerError
        Without an earlier wave and without ``response_rate``, or a rate outside (0, 1].
    """
    if response_rate is not None and not 0 < response_rate <= 1:
        raise PlannerError(f"response rate {response_rate} lies outside (0, 1]")
    if previous is None and response_rate is None:
        raise PlannerError("no earlier wave to take the response rates from",
                           hint="give --response-rate")
    rows = []
    for level in levels:
        before = {u["unit"]: u for u in (previous or {}).get(level, [])}
        overall = _overall(previous, level)
        for unit in staff.get(level, []):
            population = unit["population"]
            last = before.get(unit["unit"])
            if response_rate is not None:
                expected = population * response_rate
            else:
                rate_u = (last["respondents"] + SHRINK * overall[0]) / (
                    last["population"] + SHRINK) if last else overall[0]
                bands = (last or {}).get("bands", {})
                counts = {b: v["population"] for b, v in unit["bands"].items()}
                expected = sum(c * (_rate(bands[b], rate_u) if b in bands else rate_u)
                               for b, c in counts.items())
                expected += rate_u * (population - sum(counts.values()))
            complete = (last["respondents_in_estimates"] / last["respondents"]
                        if last and last["respondents"] else overall[1])
            deff = last["deff"] if last and np.isfinite(last.get("deff", np.nan)) \
                else overall[2]
            n = expected * complete
            row = {"level": level, "unit": unit["unit"], "population": population,
                   "rate": expected / population, "respondents": expected, "n": n,
                   "deff": deff}
            for p in SHARES:
                key = round(p * 100)
                row[f"margin_{key}"] = margin(p, n, population, deff)
                row[f"reportable_{key}"] = reportable(n, p, rules)
            row["reportable"] = row[f"reportable_{round(min(SHARES) * 100)}"]
            rows.append(row)
    return pd.DataFrame(rows)


def _overall(previous: dict[str, Any] | None, level: str) -> tuple[float, float, float]:
    """Response rate, complete share and mean design effect of the last wave (or neutral)."""
    units = (previous or {}).get(level, [])
    staff = sum(u["population"] for u in units)
    resp = sum(u["respondents"] for u in units)
    est = sum(u["respondents_in_estimates"] for u in units)
    deffs = [u["deff"] for u in units if np.isfinite(u.get("deff", np.nan))]
    return (resp / staff if staff else float("nan"), est / resp if resp else 1.0,
            float(np.median(deffs)) if deffs else 1.0)


INTERVAL_LEVELS = ("cluster",)
"""Levels whose achieved margin is the published interval's. Directies are a breakdown of
the estimates too (the unit reports), but their achieved margin stays the formula at the
planned share: small directies get Korn-Graubard intervals at the share found, which the
plan does not predict."""


def achieved_level(units: dict[str, Any], estimates: pd.DataFrame,
                   rules: DisclosureRules, levels: Sequence[str] = LEVELS) -> pd.DataFrame:
    """Report achieved respondents, margins and disclosure verdict per unit, after fieldwork.

    Parameters
    ----------
    units : dict
        ``units`` of the wave's weighting report.
    estimates : pandas.DataFrame
        The wave's estimate table: a unit's margin is the half-width of the published
        interval of the headline indicator (:data:`SHARES`) in the unit's breakdown, where the
        estimates have that breakdown and the level is in :data:`INTERVAL_LEVELS`; else the
        formula with the achieved n and design effect.
    rules : DisclosureRules
        The disclosure rules.
    levels : sequence of str
        Unit columns.

    Returns
    -------
    pandas.DataFrame
        Per unit: ``level``, ``unit``, ``population``, ``respondents``, ``n``, ``deff``, per
        planned share the achieved ``estimate_<p>``, ``margin_<p>``, ``reportable_<p>`` and
        ``source_<p>`` (``interval`` or ``formule``), and ``reportable``.
    """
    rows = []
    for level in levels:
        for u in units.get(level, []):
            row = {"level": level, "unit": u["unit"], "population": u["population"],
                   "respondents": u["respondents"], "n": u["respondents_in_estimates"],
                   "deff": u["deff"]}
            for p, indicator in SHARES.items():
                key = round(p * 100)
                found = estimates[(estimates["indicator"] == indicator)
                                  & (estimates["breakdown"] == level)
                                  & (estimates["group"].astype(str) == u["unit"])
                                  ] if level in INTERVAL_LEVELS else estimates.iloc[0:0]
                if len(found) and np.isfinite(found["ci_low"].iloc[0]):
                    hit = found.iloc[0]
                    row[f"estimate_{key}"] = float(hit["estimate"])
                    row[f"margin_{key}"] = float(hit["ci_high"] - hit["ci_low"]) / 2
                    row[f"source_{key}"] = "interval"
                    shown = float(hit["estimate"])
                else:
                    deff = u["deff"] if np.isfinite(u["deff"]) else 1.0
                    row[f"estimate_{key}"] = float("nan")
                    row[f"margin_{key}"] = margin(p, u["respondents_in_estimates"],
                                                  u["population"], deff)
                    row[f"source_{key}"] = "formule"
                    shown = p
                row[f"reportable_{key}"] = reportable(u["respondents_in_estimates"], shown,
                                                      rules)
            row["reportable"] = row[f"reportable_{round(min(SHARES) * 100)}"]
            rows.append(row)
    return pd.DataFrame(rows)


def previous_wave(waves: Sequence[int], wave: int) -> int | None:
    """Return the last wave before ``wave`` in ``waves`` (None for the first).

    Examples
    --------
    >>> previous_wave([2024, 2026], 2026), previous_wave([2024, 2026], 2024)
    (2024, None)
    """
    earlier = [int(w) for w in waves if int(w) < int(wave)]
    return max(earlier) if earlier else None


def planner_table(expected: pd.DataFrame | None, achieved: pd.DataFrame, wave: int,
                  level: str, shares: Sequence[float] = tuple(SHARES)) -> pd.DataFrame:
    """Tidy table of the planner for the gate: expected and achieved margins per unit.

    Rows are margins in percentage points (``measure`` = ``marge``): per planned share the
    expected margin (when there was a wave to plan from) and the achieved one. ``n`` is the
    unit's achieved respondents (base ``respons``, as the response tables count them), so the
    gate hides a unit's rows where it has too few respondents. ``shares``: the planned shares
    shown (default both).

    Returns
    -------
    pandas.DataFrame
        One row per unit, share and kind, in the units' order.
    """
    ach = achieved[achieved["level"] == level].set_index("unit")
    exp = None if expected is None else expected[expected["level"] == level].set_index("unit")
    rows = []
    for p in shares:
        key = round(p * 100)
        for unit in ach.index:
            n = int(ach.loc[unit, "respondents"])
            if exp is not None and unit in exp.index:
                rows.append({"indicator": f"verwachte marge bij {key}%", "group": unit,
                             "estimate": 100 * float(exp.loc[unit, f"margin_{key}"]), "n": n})
            rows.append({"indicator": f"gehaalde marge bij {key}%", "group": unit,
                         "estimate": 100 * float(ach.loc[unit, f"margin_{key}"]), "n": n})
    return pd.DataFrame(rows).assign(wave=wave, breakdown=level, ci_low=float("nan"),
                                     ci_high=float("nan"), n_pos=float("nan"),
                                     measure="marge", base="respons")


def wave_planner(units: dict[str, Any], previous: dict[str, Any] | None,
                 estimates: pd.DataFrame,
                 rules: DisclosureRules) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """Return the expected (None in the first wave) and achieved level of a wave's units.

    ``units`` and ``previous`` are the ``units`` of this and the last wave's weighting report;
    this wave's register counts are the staff the expectation is for.
    """
    expected = None if not previous else expected_level(units, previous, rules)
    return expected, achieved_level(units, estimates, rules)


def dutch_table(expected: pd.DataFrame, achieved: pd.DataFrame | None = None) -> pd.DataFrame:
    """Write the planner's table with Dutch column names (the command prints it).

    Margins in percentage points with one decimal; ``ja``/``nee`` for the verdicts.
    """
    out = pd.DataFrame({
        "Niveau": expected["level"].map(LEVEL_LABELS), "Eenheid": expected["unit"],
        "Medewerkers": expected["population"],
        "Verwachte respons": (expected["rate"] * 100).round(1).astype(str) + "%",
        "Verwacht n": expected["n"].round().astype(int),
        "Design-effect": expected["deff"].round(2),
        "Marge 14% (±pp)": (expected["margin_14"] * 100).round(1),
        "Marge 55% (±pp)": (expected["margin_55"] * 100).round(1),
        "Rapporteerbaar (14%)": expected["reportable_14"].map({True: "ja", False: "nee"}),
        "Rapporteerbaar (55%)": expected["reportable_55"].map({True: "ja", False: "nee"}),
    })
    if achieved is not None:
        ach = achieved.set_index(["level", "unit"])
        key = list(zip(expected["level"], expected["unit"], strict=True))
        out["Gehaald n"] = [ach["n"].get(k, np.nan) for k in key]
        out["Gehaalde marge 14% (±pp)"] = [round(ach["margin_14"].get(k, np.nan) * 100, 1)
                                           for k in key]
        out["Gehaald rapporteerbaar"] = [{True: "ja", False: "nee"}.get(
            ach["reportable"].get(k), "") for k in key]
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the expected (and, after fieldwork, achieved) reporting level per unit."""
    from pipeline.analysis.design import register_at
    from pipeline.config import load_params, project_paths
    from pipeline.ingest.waves import wave_mapping

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wave", type=int, required=True)
    parser.add_argument("--response-rate", type=float, default=None,
                        help="one expected response rate for every unit (default: the last "
                             "wave's, per unit and salary band)")
    args = parser.parse_args(argv)
    params = load_params()
    paths = project_paths(params)
    waves = [int(w) for w in params.get("waves", [])]
    if args.wave not in waves:
        raise PlannerError(f"wave {args.wave} is not in params.yaml waves "
                           f"({', '.join(map(str, waves))})")
    rules = DisclosureRules.from_params(params.get("disclosure"))
    hr = pd.read_parquet(paths.artefact("hr"))
    mapping = wave_mapping(paths, args.wave)
    dates = hr["peildatum"][hr["peildatum"] <= pd.Timestamp(mapping.peildatum)]
    if dates.empty:
        raise PlannerError(f"no HR snapshot on or before {mapping.peildatum}")
    register = register_at(hr, dates.max())
    previous = previous_wave(waves, args.wave)
    facts = None
    if previous is not None and args.response_rate is None:
        path = paths.artefact("weighting", previous)
        if not path.exists():
            raise PlannerError(f"{path.name} of wave {previous} is missing",
                               hint="run the estimates stage of that wave (make reports)")
        facts = json.loads(path.read_text("utf-8")).get("units")
        if not facts:
            raise PlannerError(f"{path.name} has no counts per unit",
                               hint="rerun the estimates stage of that wave")
    expected = expected_level(register_units(register), facts, rules, args.response_rate)
    achieved = None
    now = paths.artefact("weighting", args.wave)
    if now.exists() and json.loads(now.read_text("utf-8")).get("units"):
        achieved = achieved_level(json.loads(now.read_text("utf-8"))["units"],
                                  pd.read_parquet(paths.artefact("estimates", args.wave)),
                                  rules)
    source = (f"een responspercentage van {args.response_rate:.0%}" if args.response_rate
              else f"de respons van {previous} per eenheid en salarisschaal")
    logger.info("%d eenheden, verwacht uit %s", len(expected), source)
    with pd.option_context("display.max_rows", None, "display.width", 200,
                           "display.max_columns", None):
        print(dutch_table(expected, achieved).to_string(index=False))
    print("Marge: halve breedte van het 95%-interval, met het design-effect van de weging "
          "(Kish, 1 + CV² van de gewichten van de vorige meting in de eenheid) en de "
          "eindigepopulatiecorrectie. Rapporteerbaar: de eenheid haalt de openbaarmakingsregels "
          f"(minstens {rules.survey_min_n} respondenten, en minstens {rules.min_numerator} met "
          f"en {rules.min_complement} zonder de uitkomst).")
    return 0


if __name__ == "__main__":
    from pipeline.cli import run_stage

    sys.exit(run_stage(main, sys.argv[1:], "planner"))


def _names(units: Sequence[str]) -> str:
    units = list(units)
    return units[0] if len(units) == 1 else f"{', '.join(units[:-1])} en {units[-1]}"


def planner_text(published: dict[str, pd.DataFrame], expected: pd.DataFrame | None,
                 achieved: pd.DataFrame, previous: int | None,
                 rules: DisclosureRules) -> str:
    """Write Dutch text on the reporting level per unit: expected, achieved, and the difference.

    Parameters
    ----------
    published : dict of str to pandas.DataFrame
        Per level the ``data`` of the published planner table (rounded; a hidden unit's n
        is NaN): units are named only where their row is shown.
    expected, achieved : pandas.DataFrame or None
        :func:`wave_planner`'s frames (the verdicts).
    previous : int or None
        The wave the expectation came from.
    rules : DisclosureRules
        The disclosure rules (named in the text).

    Returns
    -------
    str
        Markdown.
    """
    p_low = round(min(SHARES) * 100)
    parts = []
    if expected is None:
        parts.append("Dit is de eerste meting: er is geen eerdere respons om een verwachting "
                     "op te baseren; de tabellen tonen alleen de gehaalde marges.")
    for level, data in published.items():
        label = LEVEL_LABELS[level]
        shown = set(data.loc[data["n"].notna(), "group"].astype(str))
        ach = achieved[achieved["level"] == level]
        total = len(ach)
        good = int(ach["reportable"].sum())
        text = (f"Van de {total} {label}s {'is' if good == 1 else 'zijn'} er {good} "
                f"rapporteerbaar voor een indicator van {p_low}%")
        if expected is not None:
            exp = expected[expected["level"] == level].set_index("unit")
            text += (f" (verwacht op basis van de respons van {previous}: "
                     f"{int(exp['reportable'].sum())})")
        text += "."
        failing = [u for u in ach.loc[~ach["reportable"], "unit"] if u in shown]
        hidden = int((~ach["reportable"] & ~ach["unit"].isin(shown)).sum())
        if failing:
            text += f" Niet rapporteerbaar: {_names(failing)}."
        if hidden:
            text += (f" {hidden} {label}{'' if hidden == 1 else 's'} met minder dan "
                     f"{rules.survey_min_n} respondenten staan niet in de tabel.")
        if expected is not None:
            exp = expected[expected["level"] == level].set_index("unit")
            flips = ach[ach["unit"].isin(exp.index)]
            worse = [u for u, r in zip(flips["unit"], flips["reportable"], strict=True)
                     if not r and exp.loc[u, "reportable"] and u in shown]
            better = [u for u, r in zip(flips["unit"], flips["reportable"], strict=True)
                      if r and not exp.loc[u, "reportable"] and u in shown]
            if worse:
                text += f" Anders dan verwacht niet rapporteerbaar: {_names(worse)}."
            if better:
                text += f" Anders dan verwacht wel rapporteerbaar: {_names(better)}."
            rows = data[data["n"].notna()]
            want = rows[rows["indicator"] == f"verwachte marge bij {p_low}%"].set_index("group")
            got = rows[rows["indicator"] == f"gehaalde marge bij {p_low}%"].set_index("group")
            both = want.index.intersection(got.index)
            if len(both):
                ratio = float(np.median(got.loc[both, "estimate"] / want.loc[both, "estimate"]))
                word = "groter" if ratio > 1 else "kleiner"
                text += (f" De gehaalde marge was per {label} in de mediaan "
                         f"{abs(ratio - 1) * 100:.0f}% {word} dan verwacht.")
        parts.append(text)
    parts.append(
        "De marge is de halve breedte van het 95%-interval. De verwachting rekent met de "
        f"respons{f' van {previous}' if previous else ''} per eenheid en salarisschaal, "
        "toegepast op de personeelsregistratie van deze meting, met het design-effect van de "
        "weging (Kish: 1 + CV² van de gewichten in de eenheid) en de eindigepopulatiecorrectie. "
        f"Rapporteerbaar betekent: minstens {rules.survey_min_n} respondenten, en een percentage "
        f"van {p_low}% dat minstens {rules.min_numerator} respondenten met en "
        f"{rules.min_complement} zonder de uitkomst telt (de openbaarmakingsregels). De gehaalde "
        "marge per cluster is die van de gepubliceerde intervallen van discriminatie ervaren "
        "(voor 14%) en ongewenst gedrag (voor 55%); per directie, waarvoor het rapport geen "
        "cijfers uitsplitst, dezelfde formule met de gehaalde respons en gewichten.")
    return "\n\n".join(parts)
