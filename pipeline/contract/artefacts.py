"""Artefacts of the pipeline: path templates, writers, sensitivity."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DEMO_SOURCE = "demo"
Sensitivity = Literal["raw", "processed", "publishable"]


@dataclass(frozen=True)
class Artefact:
    """A file or folder of the pipeline.

    Attributes
    ----------
    name : str
        Key used by code (``report.processed("barometer")``).
    template : str
        Path relative to the project root, with ``{source}`` and, per wave, ``{wave}``.
    writer : str or None
        The stage that writes it; None for inputs the user supplies.
    sensitivity : {"raw", "processed", "publishable"}
        What may be done with it.
    description : str
        One line for the docs.
    optional : bool
        An input that may be absent (the pipeline says what it would add).
    """

    name: str
    template: str
    writer: str | None
    sensitivity: Sensitivity
    description: str
    optional: bool = False

    @property
    def per_wave(self) -> bool:
        """Whether the path depends on the wave."""
        return "{wave}" in self.template

    def path(self, source: str, wave: int | None = None) -> str:
        """Return the path (relative to the project root) for a source and wave.

        Examples
        --------
        >>> ARTEFACTS["survey"].path("demo", 2024)
        'data/processed/demo/survey_2024.parquet'
        """
        if self.per_wave and wave is None:
            raise ValueError(f"artefact {self.name} needs a wave")
        return self.template.format(source=source, wave=wave)


_P = "data/processed/{source}"
_ARTEFACTS = [
    # inputs (raw exports and their configuration)
    Artefact("raw_survey", "data/raw/{source}/survey", None, "raw", "survey exports"),
    Artefact("raw_hr", "data/raw/{source}/hr", None, "raw", "HR register snapshots"),
    Artefact("raw_cbs", "data/raw/{source}/cbs", None, "raw", "CBS barometer tables",
             optional=True),
    Artefact("raw_benchmark", "data/raw/{source}/benchmark", None, "raw",
             "labour-force table (beroepsbevolking.csv)", optional=True),
    Artefact("source_config", "config/sources/{source}", None, "raw",
             "the source's layouts and wave mappings"),
    Artefact("hr_layout", "config/sources/{source}/hr.yml", None, "raw", "HR export layout"),
    Artefact("cbs_layout", "config/sources/{source}/cbs.yml", None, "raw",
             "CBS and labour-force layout", optional=True),
    Artefact("wave_mapping", "config/sources/{source}/waves/{wave}.yml", None, "raw",
             "survey columns and codes -> canonical variables (none: canonical names)",
             optional=True),
    # the demo source, written by the synthetic generator
    Artefact("demo_raw", "data/raw/demo", "synth", "raw", "the synthetic Amsterdam's exports"),
    # processed (pseudonymised, sensitive)
    Artefact("hr", f"{_P}/hr.parquet", "clean_hr", "processed", "HR register, all snapshots"),
    Artefact("hr_flows", f"{_P}/hr_flows.parquet", "clean_hr", "processed",
             "in-, door- and uitstroom between snapshots"),
    Artefact("quarantine_hr", f"{_P}/quarantine_hr.parquet", "clean_hr", "processed",
             "HR rows set aside"),
    Artefact("ledger_hr", f"{_P}/ledger_hr.json", "clean_hr", "processed", "HR row ledger"),
    Artefact("dq_hr", f"{_P}/dq_hr.json", "clean_hr", "processed", "HR data-quality facts"),
    Artefact("barometer", f"{_P}/barometer.parquet", "clean_cbs", "processed",
             "CBS barometer: origin by salary scale"),
    Artefact("benchmark", f"{_P}/benchmark.parquet", "clean_cbs", "processed",
             "labour-force shares"),
    Artefact("dq_cbs", f"{_P}/dq_cbs.json", "clean_cbs", "processed", "CBS data-quality facts"),
    Artefact("survey", f"{_P}/survey_{{wave}}.parquet", "clean_survey", "processed",
             "canonical survey of a wave"),
    Artefact("quarantine_survey", f"{_P}/quarantine_survey_{{wave}}.parquet", "clean_survey",
             "processed", "survey rows set aside"),
    Artefact("ledger_survey", f"{_P}/ledger_survey_{{wave}}.json", "clean_survey", "processed",
             "survey row ledger"),
    Artefact("dq_survey", f"{_P}/dq_survey_{{wave}}.json", "clean_survey", "processed",
             "survey data-quality facts"),
    Artefact("estimates", f"{_P}/estimates_{{wave}}.parquet", "estimates", "processed",
             "every indicator by every breakdown"),
    Artefact("odds", f"{_P}/odds_{{wave}}.parquet", "estimates", "processed",
             "adjusted odds ratios"),
    Artefact("contrasts", f"{_P}/contrasts_{{wave}}.parquet", "estimates", "processed",
             "group versus rest tests"),
    Artefact("weighting", f"{_P}/weighting_{{wave}}.json", "estimates", "processed",
             "weighting report: margins used, peildatum, deff"),
    Artefact("trends", f"{_P}/trends.parquet", "trends", "processed",
             "change since the previous wave"),
    Artefact("publication", f"{_P}/publication_{{wave}}.json", "publication", "processed",
             "the wave's publication ledger: every table of every section, as published"),
    Artefact("executed", f"{_P}/notebooks/{{wave}}", "report", "processed",
             "executed section notebooks (outputs unchecked)"),
    Artefact("logs", f"{_P}/logs", None, "processed", "run logs, one per stage"),
    # publishable
    Artefact("pages", "reports/{source}/{wave}", "report", "publishable",
             "a wave's HTML pages, workbooks and CSV tables"),
    Artefact("index", "reports/{source}/index.html", "index", "publishable", "the index page"),
]
ARTEFACTS: dict[str, Artefact] = {a.name: a for a in _ARTEFACTS}


def artefact_path(name: str, source: str, wave: int | None = None,
                  root: Path | None = None) -> Path:
    """Return the path of an artefact.

    Parameters
    ----------
    name : str
        Artefact key (:data:`ARTEFACTS`).
    source : str
        ``data.source``.
    wave : int, optional
        Survey year, for per-wave artefacts.
    root : pathlib.Path, optional
        Project root; relative path when None.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> artefact_path("estimates", "demo", 2026).as_posix()
    'data/processed/demo/estimates_2026.parquet'
    """
    rel = Path(ARTEFACTS[name].path(source, wave))
    return rel if root is None else Path(root) / rel
