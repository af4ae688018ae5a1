"""Stages of the pipeline: what each reads, writes and which params keys it uses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stage:
    """One command of the pipeline.

    Attributes
    ----------
    name : str
        Stage name (per-wave stages get ``_<wave>`` appended in ``dvc.yaml``).
    module : str
        ``python -m <module>`` runs it (``--wave <wave>`` for per-wave stages).
    per_wave : bool
        Runs once per wave.
    reads : tuple of str
        Artefacts read. A name ending in ``*`` means that artefact for every wave up to and
        including this one (the report compares with earlier waves).
    writes : tuple of str
        Artefacts written.
    params : tuple of str
        ``params.yaml`` keys used (dotted; a key stands for everything under it).
    extra_code : tuple of str
        Files or folders read besides the imported modules (notebooks, templates).
    """

    name: str
    module: str
    per_wave: bool
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    params: tuple[str, ...]
    extra_code: tuple[str, ...] = field(default_factory=tuple)
    demo_only: bool = False

    @property
    def log_name(self) -> str:
        """Base name of this stage's run log (``<stage>`` or ``<stage>_<wave>``)."""
        return self.name


_SURVEY_READ = ("ingest.read.survey",)
STAGES: dict[str, Stage] = {s.name: s for s in [
    Stage("synth", "pipeline.synth.main", False,
          reads=("source_config",), writes=("demo_raw",),
          params=("data.source", "seed", "synth", "waves"), demo_only=True),
    Stage("clean_hr", "pipeline.ingest.clean_hr", False,
          reads=("raw_hr", "hr_layout"),
          writes=("hr", "hr_flows", "quarantine_hr", "ledger_hr", "dq_hr"),
          params=("data.source", "ingest.read.hr")),
    Stage("clean_cbs", "pipeline.ingest.clean_cbs", False,
          reads=("raw_cbs", "raw_benchmark", "cbs_layout"),
          writes=("barometer", "benchmark", "dq_cbs"),
          params=("data.source", "ingest.read.cbs", "ingest.read.benchmark")),
    Stage("clean_survey", "pipeline.ingest.clean_survey", True,
          reads=("raw_survey", "wave_mapping"),
          writes=("survey", "quarantine_survey", "ledger_survey", "dq_survey"),
          params=("data.source", *_SURVEY_READ)),
    Stage("estimates", "pipeline.analysis.estimates_stage", True,
          reads=("survey", "hr", "barometer", "wave_mapping"),
          writes=("estimates", "odds", "contrasts", "weighting"),
          params=("data.source", "weighting", "estimation.include_partial", "estimation.alpha",
                  "estimation.multiple_testing", "estimation.breakdowns", "estimation.two_way",
                  "estimation.small_n", "estimation.min_expected", "estimation.test_family",
                  "estimation.odds_ratios")),
    Stage("trends", "pipeline.analysis.trend_stage", False,
          reads=("estimates*", "wave_mapping*"), writes=("trends",),
          params=("data.source", "waves", "estimation.alpha", "estimation.multiple_testing",
                  "estimation.test_family", "estimation.confirmatory")),
    Stage("publication", "pipeline.report.publication", False,
          reads=("estimates*", "contrasts*", "odds*", "weighting*", "trends", "hr", "hr_flows",
                 "barometer", "benchmark", "dq_survey*", "wave_mapping*"),
          writes=("publication",),
          params=("data.source", "waves", "report.sections", "disclosure", "representation",
                  "estimation.odds_ratios.reference", "estimation.alpha",
                  "estimation.multiple_testing")),
    Stage("report", "pipeline.report.build", True,
          reads=("publication", "estimates", "contrasts", "weighting*", "trends", "hr", "hr_flows",
                 "dq_hr", "barometer", "benchmark", "dq_cbs", "survey", "ledger_survey",
                 "dq_survey", "wave_mapping"),
          writes=("pages", "executed"),
          params=("data.source", "waves", "report.sections", "representation", "estimation.alpha",
                  "estimation.odds_ratios.reference", "weighting.margins",
                  "estimation.confirmatory", "estimation.multiple_testing",
                  "estimation.test_family"),
          extra_code=("notebooks/{section}.ipynb",)),
    Stage("index", "pipeline.report.index", False,
          reads=("pages*", "executed*", "publication*", "wave_mapping*"), writes=("index",),
          params=("data.source", "waves", "report.sections", "representation")),
]}


def declared(stage: str) -> tuple[str, ...]:
    """Return the ``params.yaml`` keys a stage declares.

    Examples
    --------
    >>> declared("trends")  # doctest: +NORMALIZE_WHITESPACE
    ('data.source', 'waves', 'estimation.alpha', 'estimation.multiple_testing',
     'estimation.test_family', 'estimation.confirmatory')
    """
    return STAGES[stage].params


def _covered(path: str, keys: Iterable[str]) -> bool:
    """Whether ``path`` is a declared key or lies under one."""
    return any(path == k or path.startswith(k + ".") for k in keys)


def _on_the_way(path: str, keys: Iterable[str]) -> bool:
    """Whether ``path`` is a section above a declared key."""
    return any(k.startswith(path + ".") for k in keys)


def stage_of_command(module: str, argv: list[str]) -> str | None:
    """Return the ``dvc.yaml`` name of the stage that ``python -m module argv`` runs.

    Examples
    --------
    >>> stage_of_command("pipeline.analysis.estimates_stage", ["--wave", "2028"])
    'estimates_2028'
    >>> stage_of_command("pipeline.explore", []) is None
    True
    """
    for stage in STAGES.values():
        if stage.module == module:
            if not stage.per_wave:
                return stage.name
            wave = argv[argv.index("--wave") + 1] if "--wave" in argv[:-1] else None
            return f"{stage.name}_{wave}" if wave else None
    return None


def stages_reading(key: str) -> list[str]:
    """Return the stages whose declarations cover a leaf key of ``params.yaml``.

    Examples
    --------
    >>> stages_reading("estimation.alpha")
    ['estimates', 'trends', 'publication', 'report']
    """
    return [s.name for s in STAGES.values()
            if _covered(key, s.params) or _on_the_way(key, s.params)]
