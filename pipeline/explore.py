"""Explore a wave beyond the fixed reports, through the same engine and disclosure gate.

In JupyterLab (``make lab``)::

    from pipeline.explore import Explorer
    ex = Explorer.load(2024)                       # weights the wave once (a few seconds)
    ex.breakdown("discr_ja", by="religion")        # estimates with intervals, gate-checked
    ex.breakdown("ub_any", by=["herkomst", "schaal_band"])   # a two-way breakdown

Every table an explorer returns passed the disclosure gate of its session, so what an analyst
copies out of the notebook is publishable by the same rules as the reports. The raw
respondent data stay inside the object; no method returns them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.analysis.catalogue import BY_NAME, CATALOGUE
from pipeline.analysis.wave import load_wave
from pipeline.config import load_params
from pipeline.disclosure import DisclosureRules, ReportGate
from pipeline.disclosure.published import PublishedTable
from pipeline.errors import PipelineError
from pipeline.report.context import TWO_WAY_SEP, relabel
from pipeline.stats.design import SurveyDesign
from pipeline.stats.estimate import estimate_all

EXTRA_BREAKDOWNS = ("religion", "education", "directie")


class ExploreError(PipelineError, ValueError):
    """An exploration request names something the wave does not have."""


@dataclass
class Explorer:
    """One wave, weighted, with a disclosure gate for the session.

    Attributes
    ----------
    wave : int
        Survey year.
    design : SurveyDesign
        Respondents with raked and replicate weights (kept private to the session).
    gate : ReportGate
        The session's disclosure gate: groups hidden once stay hidden.
    """

    wave: int
    design: SurveyDesign = field(repr=False)
    gate: ReportGate = field(repr=False)
    params: dict[str, Any] = field(repr=False)
    _count: int = 0

    @classmethod
    def load(cls, wave: int, replicates: int | None = None) -> Explorer:
        """Weight a wave to the register at its peildatum.

        Parameters
        ----------
        wave : int
            Survey year (needs the processed survey of the wave).
        replicates : int, optional
            Bootstrap replicates (default from ``params.yaml``).
        """
        params = load_params()
        data = load_wave(params, wave, [*params["estimation"]["breakdowns"], *EXTRA_BREAKDOWNS])
        weighting = dict(params["weighting"])
        if replicates is not None:
            weighting["replicates"] = replicates
        design = data.design(weighting)
        gate = ReportGate(DisclosureRules.from_params(params.get("disclosure")),
                          report=f"verkenning {wave}")
        return cls(wave=wave, design=design, gate=gate, params=params)

    @property
    def indicators(self) -> pd.DataFrame:
        """Indicators available in this wave, with their Dutch labels and bases."""
        have = [i for i in CATALOGUE if i.name in self.design.data]
        return pd.DataFrame({"indicator": [i.name for i in have],
                             "label": [i.label for i in have],
                             "base": [i.base for i in have]})

    @property
    def breakdowns(self) -> list[str]:
        """Background variables this wave can be broken down by."""
        return [c for c in self.design.data.columns
                if c not in BY_NAME and c != "gender_hr" and self.design.data[c].notna().any()]

    def breakdown(self, indicator: str, by: str | Sequence[str],
                  caption: str | None = None) -> PublishedTable:
        """Estimate ``indicator`` by one variable or a pair, and publish it through the gate.

        Parameters
        ----------
        indicator : str
            A name from :attr:`indicators`.
        by : str or sequence of two str
            A variable from :attr:`breakdowns`, or two for an intersectional table.
        caption : str, optional
            Table caption (default: generated in Dutch).

        Returns
        -------
        PublishedTable
            Shown as an HTML table in JupyterLab.
        """
        if indicator not in self.design.data or indicator not in BY_NAME:
            raise ExploreError(f"indicator '{indicator}' is not in this wave; "
                               "see Explorer.indicators")
        spec = [by] if isinstance(by, str) else list(by)
        unknown = [b for b in spec if b not in self.breakdowns]
        if unknown or not 1 <= len(spec) <= 2:
            raise ExploreError(f"by: {unknown or spec} is not one or two of {self.breakdowns}")
        item = BY_NAME[indicator]
        kinds = {"proportions": [indicator]} if item.kind == "proportion" else {
            "proportions": [], "means": [indicator]}
        est = estimate_all(self.design, kinds["proportions"],
                           spec if len(spec) == 1 else [], means=kinds.get("means", ()),
                           two_way=[tuple(spec)] if len(spec) == 2 else (),
                           alpha=float(self.params["estimation"].get("alpha", 0.05)))
        self._count += 1
        label = TWO_WAY_SEP.join(spec)
        return self.gate.publish_estimates(
            relabel(est), name=f"verkenning-{self._count}",
            caption=caption or f"{item.label}, naar {label} ({self.wave})")
