"""The wave population: staff in service at a wave's peildatum, with their realised answers."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.special import expit

from pipeline.synth.calibrate import intercept_for_mean
from pipeline.synth.experiences import (
    GROUNDS,
    SOURCES,
    UB_FORMS,
    age_band,
    realise_outcomes,
    survey_gender,
)
from pipeline.synth.organisation import directie_table
from pipeline.synth.workforce import Workforce, simulate_workforce

RESPONSE_TARGET = {2024: 0.31, 2026: 0.28}
_CLUSTER_RESPONSE = {"Sociaal": 0.0, "Ruimte en Economie": -0.15, "Bedrijfsvoering": 0.25,
                     "Dienstverlening en Informatie": 0.10, "Bestuur en Organisatie": 0.30,
                     "Stadsdelen": -0.25}
_BAND_RESPONSE = {"1-5": -0.60, "6-8": -0.25, "9-11": 0.0, "12-14": 0.30, "15+": 0.45}
_AGE_RESPONSE = {"<25": -0.45, "25-34": -0.15, "35-44": 0.0, "45-54": 0.10, "55+": 0.20}


@lru_cache(maxsize=4)
def cached_workforce(seed: int, first_year: int = 2019, last_year: int = 2026,
                     n_2024: int = 22000) -> Workforce:
    """Simulate the workforce once per argument set (it is deterministic)."""
    return simulate_workforce(seed, first_year, last_year, n_2024)


def response_propensity(pop: pd.DataFrame, wave: int) -> np.ndarray:
    """Probability that each person responds to the wave's survey.

    Response depends on the weighting margins (cluster, salary band, age band, gender) and on a
    person effect unrelated to the outcomes, so that calibration to the HR register removes the
    non-response bias, as the study design assumes.

    Parameters
    ----------
    pop : pandas.DataFrame
        Wave population with ``cluster``, ``schaal_band``, ``age_band``, ``gender`` (HR code)
        and ``response_effect``.
    wave : int
        Survey year (the target response rate differs by wave).

    Returns
    -------
    numpy.ndarray
        Response probabilities; their mean equals the wave's target response rate.
    """
    lin = (pop["cluster"].map(_CLUSTER_RESPONSE) + pop["schaal_band"].map(_BAND_RESPONSE)
           + pop["age_band"].map(_AGE_RESPONSE) + 0.12 * (pop["gender"] == "V")
           + pop["response_effect"]).to_numpy(dtype=float)
    target = RESPONSE_TARGET.get(wave, 0.30)
    return expit(lin + intercept_for_mean(lin, target))


def population_with_outcomes(seed: int, year: int = 2024, n_2024: int = 22000) -> pd.DataFrame:
    """Return every staff member at 31-12 of ``year`` with background, answers and propensity.

    This is the synthetic finite population: survey waves are samples of it, and its column
    means are the true population values that weighted estimates should recover.

    Parameters
    ----------
    seed : int
        Seed of the synthetic world.
    year : int
        Wave year (peildatum 31-12 of this year).
    n_2024 : int
        Headcount at 31-12-2024.

    Returns
    -------
    pandas.DataFrame
        One row per staff member: ``person_id``, ``employee_id``, canonical background
        (``cluster``, ``directie``, ``schaal``, ``schaal_band``, ``manager``, ``age_band``,
        ``gender`` (HR: M/V/X), ``gender_survey``, birth countries, ``herkomst``,
        ``migratieachtergrond``, ``disability``, ``lhbtiq``), every canonical answer, the 0/1
        indicators ``ub_any``, ``discr_ja``, ``sexual_harassment``, and ``p_response``.

    Examples
    --------
    >>> pop = population_with_outcomes(seed=3, year=2024, n_2024=3000)
    >>> bool(0.50 < pop["ub_any"].mean() < 0.60 and 0.12 < pop["discr_ja"].mean() < 0.16)
    True
    """
    wf = cached_workforce(seed, n_2024=n_2024)
    pop = wf.snapshot(year).reset_index(drop=True)
    rng = np.random.default_rng([seed, year, 5])
    age = (pop["peildatum"] - pop["birth_date"]).dt.days / 365.25
    pop["age"] = age
    pop["age_band"] = age_band(age)
    pop["gender_survey"] = survey_gender(pop["gender"], rng)
    org = directie_table().set_index("directie")
    pop["climate"] = pop["directie"].map(org["climate"])
    answers = realise_outcomes(pop, year, seed)
    pop = pd.concat([pop, answers], axis=1)
    pop["ub_any"] = (pop[[f"ub_{f}" for f in UB_FORMS]].max(axis=1) > 0).astype(int)
    pop["discr_ja"] = (pop["discr"] == "ja").astype(int)
    pop["sexual_harassment"] = (pop["ub_seksuele_intimidatie"] > 0).astype(int)
    pop["p_response"] = response_propensity(pop, year)
    return pop


__all__ = ["GROUNDS", "SOURCES", "population_with_outcomes", "response_propensity"]
