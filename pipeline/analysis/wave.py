"""Load one wave for analysis: respondents, indicators and the register it is weighted to.

Used by the estimates stage, the explorer (``pipeline.explore``) and the benchmarks, so that
all of them weight a wave the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.analysis.design import (
    analysis_frame,
    register_at,
    respondents_in_estimates,
    wave_design,
)
from pipeline.analysis.indicators import build_indicators
from pipeline.analysis.origin import herkomst_margin_on, herkomst_totals, origin_indicators
from pipeline.config import project_paths
from pipeline.ingest.waves import wave_mapping
from pipeline.log import thousands
from pipeline.stats.design import SurveyDesign

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wave:
    """A wave ready to be weighted.

    Attributes
    ----------
    wave : int
        Survey year.
    survey_all : pandas.DataFrame
        Every kept respondent, partial ones included (for response figures).
    survey : pandas.DataFrame
        Respondents in the estimates (``estimation.include_partial``).
    register : pandas.DataFrame
        Staff at the wave's peildatum, one row per employee.
    indicators : pandas.DataFrame
        Indicator columns of ``survey``.
    not_asked : list of str
        Catalogue indicators the wave did not ask.
    frame : pandas.DataFrame
        Breakdown columns and indicators: the data of the design.
    peildatum : datetime.date or None
        The HR snapshot the wave is weighted to (``peildatum`` of the wave mapping).
    fieldwork : (datetime.date, datetime.date) or None
        First and last day of fieldwork (``fieldwork`` of the wave mapping), if given.
    herkomst_totals : pandas.Series or None
        Population totals per herkomst when ``weighting.herkomst_margin`` is on
        (:func:`~pipeline.analysis.origin.herkomst_totals`); None otherwise.
    herkomst_basis : str or None
        ``cluster`` or ``organisatie``: which CBS shares the totals come from.
    """

    wave: int
    survey_all: pd.DataFrame
    survey: pd.DataFrame
    register: pd.DataFrame
    indicators: pd.DataFrame
    not_asked: list[str]
    frame: pd.DataFrame
    peildatum: dt.date | None = None
    fieldwork: tuple[dt.date, dt.date] | None = None
    herkomst_totals: pd.Series | None = None
    herkomst_basis: str | None = None

    def design(self, weighting: dict[str, Any], seed: int | None = None,
               herkomst: bool = True) -> SurveyDesign:
        """Rake to the register and attach replicate weights.

        The bootstrap's seed is ``weighting.replicate_seed`` unless `seed` is given. With
        ``weighting.herkomst_margin`` on, herkomst is an extra margin unless ``herkomst`` is
        False (the survey-against-CBS comparison weights without it).
        """
        extra = ({"herkomst": self.herkomst_totals}
                 if herkomst and self.herkomst_totals is not None else None)
        return wave_design(self.frame, self.register, weighting, self.wave, seed, extra=extra)


def load_wave(params: dict[str, Any], wave: int,
              breakdowns: Sequence[str] | None = None) -> Wave:
    """Read a wave's processed survey and the HR register at its peildatum.

    Parameters
    ----------
    params : dict
        Parameters (``estimation``; ``weighting.margins``: the columns raked).
    wave : int
        Survey year.
    breakdowns : sequence of str, optional
        Breakdown variables to keep (default ``estimation.breakdowns``).

    Returns
    -------
    Wave
    """
    paths = project_paths(params)
    mapping = wave_mapping(paths, wave)
    survey_all = pd.read_parquet(paths.artefact("survey", wave))
    register = register_at(pd.read_parquet(paths.artefact("hr")),
                           pd.Timestamp(mapping.peildatum))
    est = params["estimation"]
    survey = respondents_in_estimates(survey_all, bool(est.get("include_partial", False)))
    indicators, not_asked = build_indicators(survey)
    keep = list(dict.fromkeys(breakdowns if breakdowns is not None else est["breakdowns"]))
    margins = list(params["weighting"]["margins"])
    totals, basis = None, None
    if herkomst_margin_on(params["weighting"]):
        year = pd.Timestamp(mapping.peildatum).year
        totals, basis = herkomst_totals(pd.read_parquet(paths.artefact("barometer")), register,
                                        year)
        margins.append("herkomst")
        logger.info("golf %d: herkomst als wegingskenmerk (CBS %d, %s)", wave, year, basis)
    frame = pd.concat([analysis_frame(survey, keep, margins), indicators,
                       origin_indicators(survey)], axis=1)
    logger.info("golf %d geladen (%s respondenten, %s in de schattingen; register %s "
                "medewerkers)", wave, thousands(len(survey_all)), thousands(len(survey)),
                thousands(len(register)))
    return Wave(wave, survey_all, survey, register, indicators, not_asked, frame,
                peildatum=mapping.peildatum, fieldwork=mapping.fieldwork,
                herkomst_totals=totals, herkomst_basis=basis)
