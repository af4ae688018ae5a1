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

    def design(self, weighting: dict[str, Any], seed: int | None = None) -> SurveyDesign:
        """Rake to the register and attach replicate weights.

        The bootstrap's seed is ``weighting.replicate_seed`` unless `seed` is given.
        """
        return wave_design(self.frame, self.register, weighting, self.wave, seed)


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
    frame = pd.concat([analysis_frame(survey, keep, margins), indicators], axis=1)
    logger.info("golf %d geladen (%s respondenten, %s in de schattingen; register %s "
                "medewerkers)", wave, thousands(len(survey_all)), thousands(len(survey)),
                thousands(len(register)))
    return Wave(wave, survey_all, survey, register, indicators, not_asked, frame,
                peildatum=mapping.peildatum, fieldwork=mapping.fieldwork)
