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
from pipeline.config import load_params, project_paths
from pipeline.disclosure.ledger import WaveLedger, read_wave_ledger
from pipeline.disclosure.published import PublishedTable
from pipeline.errors import PipelineError
from pipeline.report.wavedata import TWO_WAY_SEP, relabel, with_base
from pipeline.stats.design import SurveyDesign
from pipeline.stats.estimate import estimate_all

EXTRA_BREAKDOWNS = ("religion", "education", "directie")


class ExploreError(PipelineError, ValueError):
    """An exploration request names something the wave does not have."""


@dataclass
class Explorer:
    """One wave, weighted, publishing through the wave's publication ledger.

    Every table starts from the wave's ledger (what the reports published and hid), so a group
    the reports hide is hidden here, and each table is audited together with every report
    table and every earlier table of the session. What a table hides depends only on the
    ledger and the table itself, not on the order of the queries.

    Attributes
    ----------
    wave : int
        Survey year.
    design : SurveyDesign
        Respondents with raked and replicate weights (kept private to the session).
    ledger : WaveLedger
        The wave's publication ledger (``publication_<wave>.json``).
    """

    wave: int
    design: SurveyDesign = field(repr=False)
    ledger: WaveLedger = field(repr=False)
    params: dict[str, Any] = field(repr=False)
    published: list[PublishedTable] = field(default_factory=list, repr=False)

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
        path = project_paths(params).artefact("publication", wave)
        if not path.is_file():
            raise ExploreError(f"{path}: the publication ledger of {wave} is missing; run "
                               "make reports first (the explorer publishes on top of it)")
        ledger = read_wave_ledger(path)
        design = data.design(weighting)
        return cls(wave=wave, design=design, ledger=ledger, params=params)

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
        label = TWO_WAY_SEP.join(spec)
        gate = self.ledger.gate(report=f"verkenning {self.wave}")
        gate.know(self.published)
        table = gate.publish_estimates(
            relabel(with_base(est)), name=f"verkenning-{len(self.published) + 1}",
            caption=caption or f"{item.label}, naar {label} ({self.wave})")
        self.published.append(table)
        return table
