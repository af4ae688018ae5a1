"""One wave's processed tables, read through the pipeline contract (no gate, nothing published).

The publication stage builds every report table from a :class:`WaveData`
(:mod:`pipeline.report.tables`); the report notebooks read their narrative facts from one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.analysis.catalogue import BY_NAME, group_rank
from pipeline.config import load_params, project_paths
from pipeline.contract import STAGES, stage_params

TWO_WAY_SEP = " × "
NUMERATOR_BASE = {"discr_ja": "discr", "ub_any": "ub"}
"""Indicators whose respondents with the outcome are the base of other tables."""


def label_breakdown(breakdown: str) -> str:
    """Dutch label of a breakdown (two-way joined with ×).

    Examples
    --------
    >>> label_breakdown("herkomst × gender")
    'Herkomst (CBS, nieuwe indeling) × Gender'
    """
    from pipeline.analysis.catalogue import BREAKDOWN_LABELS

    return TWO_WAY_SEP.join(BREAKDOWN_LABELS.get(b, b) for b in breakdown.split(TWO_WAY_SEP))


def relabel(estimates: pd.DataFrame) -> pd.DataFrame:
    """Replace indicator and breakdown codes by Dutch labels (groups keep their codes).

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": ["discr_ja"], "breakdown": ["totaal"], "group": ["totaal"]})
    >>> relabel(t).iloc[0].tolist()
    ['discriminatie ervaren', 'Totaal', 'Totaal']
    """
    out = estimates.copy()
    out["indicator"] = out["indicator"].map(lambda i: BY_NAME[i].label if i in BY_NAME else i)
    out["breakdown"] = out["breakdown"].map(label_breakdown)
    out["group"] = out["group"].replace({"totaal": "Totaal"})
    return out


def with_base(estimates: pd.DataFrame) -> pd.DataFrame:
    """Add the ``base`` column: who a catalogue indicator's share is among (``alle``, ``discr``).

    Tables of the same base share their groups' n, so the disclosure gate hides a group of
    that base in all of them, and a group of another base only where that base is small.

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": ["discr_ja", "discr_ground_leeftijd", "respons"]})
    >>> with_base(t)["base"].tolist()
    ['alle', 'discr', 'respons']
    """
    out = estimates.copy()
    out["base"] = out["indicator"].map(lambda i: BY_NAME[i].base if i in BY_NAME else str(i))
    out["numerator_base"] = out["indicator"].map(lambda i: NUMERATOR_BASE.get(i, ""))
    return out


@dataclass
class WaveData:
    """A wave's estimates and facts, read as a pipeline stage declares them.

    Attributes
    ----------
    wave : int
        Survey year.
    study : str
        ``herhaal`` or ``monitor``.
    params : dict
        The stage's parameters (a :class:`~pipeline.contract.ParamsView`).
    estimates : pandas.DataFrame
        Tidy estimate table of the wave (sensitive until published).
    weighting : dict
        Weighting report.
    paths : ProjectPaths
        Where the source's files are.
    stage : str
        The contract stage reading (``publication`` or ``report``).
    """

    wave: int
    study: str
    params: Any
    estimates: pd.DataFrame
    weighting: dict[str, Any]
    paths: Any = field(repr=False, default=None)
    stage: str = "publication"

    @classmethod
    def load(cls, wave: int, study: str | None = None, stage: str = "publication",
             root: Path | None = None, params: Any = None) -> WaveData:
        """Load a wave's estimates and weighting report for a contract stage."""
        import pipeline.config

        root = Path(root) if root is not None else pipeline.config.ROOT
        if params is None:
            params = stage_params(load_params(root / "params.yaml"), stage)
        paths = project_paths(params, root)
        if study is None:
            from pipeline.ingest.waves import wave_mapping

            study = wave_mapping(paths, int(wave)).study
        return cls(
            wave=int(wave), study=study, params=params,
            estimates=pd.read_parquet(paths.artefact("estimates", wave)),
            weighting=json.loads(paths.artefact("weighting", wave).read_text("utf-8")),
            paths=paths, stage=stage,
        )

    @property
    def source(self) -> str:
        """The data source (``data.source``: folder under ``data/raw/``)."""
        return str((self.params.get("data") or {}).get("source", "demo"))

    @property
    def not_asked(self) -> list[str]:
        """Catalogue indicators this wave's questionnaire did not ask."""
        return list(self.weighting.get("not_asked", []))

    def select(self, indicators: Sequence[str], breakdowns: Sequence[str]) -> pd.DataFrame:
        """Estimate rows of these indicators and breakdowns, in the order given, with base."""
        est = self.estimates
        rows = est[est["indicator"].isin(indicators) & est["breakdown"].isin(breakdowns)]
        order_i = {k: i for i, k in enumerate(indicators)}
        order_b = {k: i for i, k in enumerate(breakdowns)}
        ranks = [group_rank(b, g) for b, g in zip(rows["breakdown"], rows["group"], strict=True)]
        rows = (rows.assign(_i=rows["indicator"].map(order_i), _b=rows["breakdown"].map(order_b),
                            _g=ranks)
                .sort_values(["_b", "_i", "_g"], kind="stable").drop(columns=["_i", "_b", "_g"]))
        return with_base(rows)

    def asked(self, indicators: Sequence[str]) -> list[str]:
        """Return the indicators of this list that the wave asked (and so were estimated)."""
        have = set(self.estimates["indicator"])
        return [i for i in indicators if i in have]

    def missing_text(self, indicators: Sequence[str], breakdowns: Sequence[str]) -> str:
        """Say which of the requested indicators or breakdowns this wave does not have."""
        have_i = set(self.estimates["indicator"])
        have_b = set(self.estimates["breakdown"])
        names = [BY_NAME[i].label for i in indicators if i not in have_i and i in BY_NAME]
        names += [label_breakdown(b) for b in breakdowns if b not in have_b]
        return ("Niet beschikbaar in deze meting (niet gevraagd of te weinig antwoorden): "
                + (", ".join(names) if names else "deze uitsplitsing") + ".")

    def declared(self, name: str, wave: int | None = None) -> Path:
        """Return the path of an artefact the stage declares (else a contract error)."""
        reads = {r.rstrip("*") for r in STAGES[self.stage].reads}
        if name not in reads:
            raise KeyError(f"the {self.stage} stage does not declare artefact {name!r}: add it "
                           "to its reads in pipeline/contract/")
        return self.paths.artefact(name, self.wave if wave is None else wave)

    def processed(self, name: str, wave: int | None = None) -> pd.DataFrame:
        """Read a processed table of the contract (``barometer``, ``hr``, ``odds``, ...)."""
        return pd.read_parquet(self.declared(name, wave))

    def facts(self, kind: str) -> dict[str, Any]:
        """Read a JSON fact file of the contract (``ledger_survey``, ``dq_hr``, ...)."""
        return json.loads(self.declared(kind).read_text(encoding="utf-8"))
