"""Stage ``synth``: write the synthetic Amsterdam as realistic raw exports to ``data/raw/demo``.

Run as ``python -m pipeline.synth.main``. Reads ``params.yaml`` once (``seed``, ``synth``,
``waves``). Writes, as real deliveries look:

* ``survey/<wave>_<study>.<sav|csv>`` through the wave's mapping file (vendor names and codes);
* ``hr/hr_<yyyy>-12-31.csv`` Dutch payroll exports, one per peildatum;
* ``cbs/barometer_<yyyy>.xlsx`` as CBS delivers them;
* ``benchmark/beroepsbevolking.csv``;
* ``truth.json``: the true population values, for recovery tests.

A few realistic defects are planted (``PLANTED``) so that the cleaning stages' quarantine is
exercised on the demo data; ``truth.json`` records them.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.config import ConfigError, load_params, project_paths
from pipeline.contract import DEMO_SOURCE, stage_params
from pipeline.ingest.mapping import load_mapping, to_raw
from pipeline.ingest.writers import (
    write_benchmark,
    write_cbs_barometer,
    write_hr_export,
    write_survey_raw,
)
from pipeline.log import shown_path
from pipeline.synth.barometer import barometer_tables, labour_force_benchmark
from pipeline.synth.population import cached_workforce, population_with_outcomes
from pipeline.synth.survey import STUDY_OF_WAVE, draw_wave
from pipeline.synth.truth import representation_truth, wave_truth


def check_demo_waves(params: dict[str, Any]) -> list[int]:
    """Return the waves to generate, or refuse in one line with the years the demo can make.

    Raises
    ------
    ConfigError
        If ``data.source`` is not the demo, or a wave has no synthetic calibration.

    Examples
    --------
    >>> check_demo_waves({"data": {"source": "demo"}, "waves": [2024]})
    [2024]
    """
    source = str((params.get("data") or {}).get("source", DEMO_SOURCE))
    if source != DEMO_SOURCE:
        raise ConfigError(f"params.yaml: the demo generator writes only data.source "
                          f"'{DEMO_SOURCE}', not '{source}': run `make reports` (it regenerates "
                          "dvc.yaml without the synth stage)")
    waves = [int(w) for w in params["waves"]]
    unknown = [w for w in waves if w not in STUDY_OF_WAVE]
    if unknown:
        can = " and ".join(str(w) for w in sorted(STUDY_OF_WAVE))
        raise ConfigError(f"params.yaml: waves: the demo generator makes waves {can} only, not "
                          f"{', '.join(map(str, unknown))}; for other years use your own "
                          "source (docs/adding-a-wave.md)")
    return waves

# Planted defects: duplicated respondents per survey wave, impossible birth dates per HR file.
PLANTED = {"duplicate_respondents": 3, "impossible_birth_dates": 2}
HR_COLUMNS = ["employee_id", "peildatum", "cluster", "directie", "schaal", "manager",
              "birth_date", "gender", "fte", "start_date", "end_date"]


def hr_snapshot(workforce: Any, year: int) -> pd.DataFrame:
    """Return the canonical HR register at 31-12 of ``year`` (no origin: HR never has it)."""
    snap = workforce.snapshot(year)
    return snap[HR_COLUMNS].reset_index(drop=True)


def _plant_hr_defects(hr: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    out = hr.copy()
    rows = rng.choice(len(out), size=PLANTED["impossible_birth_dates"], replace=False)
    out.loc[rows, "birth_date"] = pd.Timestamp("1900-01-01")
    return out


def _plant_duplicates(survey: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = rng.choice(len(survey), size=PLANTED["duplicate_respondents"], replace=False)
    return pd.concat([survey, survey.iloc[rows]], ignore_index=True)


def write_demo(params: dict[str, Any], out: Path) -> dict[str, Any]:
    """Generate the synthetic world and write every raw file into ``out``.

    Parameters
    ----------
    params : dict
        Parameters (``seed``, ``synth``, ``waves``).
    out : pathlib.Path
        Destination folder (replaced as a whole).

    Returns
    -------
    dict
        The truth record written to ``out/truth.json``.
    """
    seed = int(params["seed"])
    synth = params.get("synth", {})
    first, last = int(synth.get("first_year", 2019)), int(synth.get("last_year", 2026))
    n_staff = int(synth.get("n_staff", 22000))
    years = range(first, last + 1)
    rng = np.random.default_rng([seed, 99])
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for sub in ("survey", "hr", "cbs", "benchmark"):
        (tmp / sub).mkdir(parents=True)

    workforce = cached_workforce(seed, first, last, n_staff)
    for year in years:
        hr = _plant_hr_defects(hr_snapshot(workforce, year), rng)
        write_hr_export(hr, tmp / "hr" / f"hr_{year}-12-31.csv")
    barometer = barometer_tables(workforce, years)
    for year in years:
        write_cbs_barometer(barometer, tmp / "cbs" / f"barometer_{year}.xlsx", year)
    write_benchmark(labour_force_benchmark(years), tmp / "benchmark" / "beroepsbevolking.csv")

    truth: dict[str, Any] = {"seed": seed, "planted": PLANTED, "waves": {},
                             "representation": representation_truth(workforce, years)}
    config = project_paths({"data": {"source": DEMO_SOURCE}}).config
    for wave in check_demo_waves(params):
        mapping = load_mapping(config / "waves" / f"{wave}.yml")
        pop = population_with_outcomes(seed, int(wave), n_staff)
        survey = draw_wave(pop, int(wave), seed)
        truth["waves"][str(wave)] = {"study": mapping.study, **wave_truth(pop, survey)}
        exported = _plant_duplicates(survey.drop(columns="person_id"), rng)
        write_survey_raw(to_raw(exported, mapping), tmp / mapping.file, mapping)

    (tmp / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False),
                                    encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return truth


def main(argv: list[str] | None = None) -> int:
    """Write the demo raw data; returns the exit status."""
    params = stage_params(load_params(), "synth")
    check_demo_waves(params)
    out = project_paths({"data": {"source": DEMO_SOURCE}}).raw
    truth = write_demo(params, out)
    summary = ", ".join(f"{w}: {t['respondents']} respondenten" for w, t in truth["waves"].items())
    logging.getLogger(__name__).info("geschreven naar %s (%s)", shown_path(out), summary)
    return 0


if __name__ == "__main__":
    from pipeline.cli import run_stage

    sys.exit(run_stage(main, sys.argv[1:], "synthetische data"))
