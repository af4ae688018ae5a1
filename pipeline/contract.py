"""The pipeline's contract: every artefact, every stage, what each reads and writes.

This is the ground floor of the package (it imports nothing from ``pipeline``). Stages,
notebooks and the report context take their paths from :func:`artefact_path`; ``dvc.yaml`` is
generated from :data:`STAGES` by :func:`dvc_yaml` (``python -m pipeline.contract``, which
``make reports`` runs first), and a test keeps the committed file equal to the generated one.

Vocabulary
----------
artefact
    A file or folder with a path template (``{source}``, ``{wave}``), the stage that writes it
    (``None``: an input the user supplies) and its sensitivity: ``raw`` (exports, never in
    git), ``processed`` (pseudonymised, still personal: never published), ``publishable``
    (passed the disclosure gate).
stage
    One command. It declares the artefacts it reads and writes, the configuration files it
    reads and the ``params.yaml`` keys it uses. A per-wave stage runs once per wave of
    ``params.yaml`` and is named ``<stage>_<wave>``.

How to add an artefact or a stage: ``docs/architecture.md``.
"""

from __future__ import annotations

import ast
import functools
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from pipeline.errors import PipelineError

PACKAGE = Path(__file__).resolve().parent
#: Set by the report stage for its notebook kernels: each appends the keys it reads here.
TRACE_ENV = "AIM_PARAMS_TRACE"
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
          reads=("survey", "hr", "wave_mapping"),
          writes=("estimates", "odds", "contrasts", "weighting"),
          params=("data.source", "weighting", "estimation")),
    Stage("trends", "pipeline.analysis.trend_stage", False,
          reads=("estimates*", "wave_mapping*"), writes=("trends",),
          params=("data.source", "waves", "estimation.alpha", "estimation.multiple_testing")),
    Stage("report", "pipeline.report.build", True,
          reads=("estimates*", "odds", "contrasts", "weighting", "trends", "hr", "hr_flows",
                 "dq_hr", "barometer", "benchmark", "dq_cbs", "survey", "ledger_survey",
                 "dq_survey", "wave_mapping"),
          writes=("pages", "executed"),
          params=("data.source", "report.sections", "disclosure", "representation",
                  "estimation.alpha", "estimation.odds_ratios.reference", "weighting.margins"),
          extra_code=("notebooks/{section}.ipynb",)),
    Stage("index", "pipeline.report.index", False,
          reads=("pages*", "executed*", "wave_mapping*"), writes=("index",),
          params=("data.source", "waves", "report.sections")),
]}


# --------------------------------------------------------------------------- params


def declared(stage: str) -> tuple[str, ...]:
    """Return the ``params.yaml`` keys a stage declares.

    Examples
    --------
    >>> declared("trends")
    ('data.source', 'waves', 'estimation.alpha', 'estimation.multiple_testing')
    """
    return STAGES[stage].params


def _covered(path: str, keys: Iterable[str]) -> bool:
    """Whether ``path`` is a declared key or lies under one."""
    return any(path == k or path.startswith(k + ".") for k in keys)


def _on_the_way(path: str, keys: Iterable[str]) -> bool:
    """Whether ``path`` is a section above a declared key."""
    return any(k.startswith(path + ".") for k in keys)


class UndeclaredParamError(PipelineError, KeyError):
    """A stage read a ``params.yaml`` key that its contract entry does not declare."""

    def __str__(self) -> str:
        return str(self.args[0])


class ParamsView(dict):
    """The part of ``params.yaml`` that one stage declares, recording what it reads.

    A read of a key the stage does not declare raises :class:`UndeclaredParamError` (also
    through ``get`` with a default), so a stage cannot depend on a parameter that ``dvc.yaml``
    does not track. Every declared key that is read is added to :attr:`read` (shared by the
    sections below), which the stage's run log states.

    Examples
    --------
    >>> view = ParamsView({"a": {"b": 1, "c": 2}, "d": 3}, "s", ("a.b",))
    >>> view["a"]["b"], sorted(view.read)
    (1, ['a.b'])
    >>> view["a"].get("c", 0)
    Traceback (most recent call last):
    ...
    pipeline.contract.UndeclaredParamError: stage s reads params.yaml key 'a.c' ...
    """

    def __init__(self, data: dict[str, Any], stage: str, keys: Iterable[str],
                 prefix: str = "", read: set[str] | None = None) -> None:
        self._stage = stage
        self._keys = tuple(keys)
        self._prefix = prefix
        self.read: set[str] = read if read is not None else set()
        visible = {k: v for k, v in data.items()
                   if _covered(prefix + str(k), self._keys)
                   or _on_the_way(prefix + str(k), self._keys)}
        super().__init__(visible)
        self._all = set(data)

    def _path(self, key: Any) -> str:
        return f"{self._prefix}{key}"

    def _check(self, key: Any) -> str:
        path = self._path(key)
        if not (_covered(path, self._keys) or _on_the_way(path, self._keys)):
            raise UndeclaredParamError(
                f"stage {self._stage} reads params.yaml key '{path}' that it does not declare "
                "(add it to the stage's params in pipeline/contract.py, then run "
                "`python -m pipeline.contract`)")
        return path

    def __getitem__(self, key: Any) -> Any:
        path = self._check(key)
        value = super().__getitem__(key)
        if isinstance(value, dict) and value:  # a section: its leaves are recorded when read
            return ParamsView(value, self._stage, self._keys, path + ".", self.read)
        self._record(path)
        return value

    def _record(self, path: str) -> None:
        if path in self.read:
            return
        self.read.add(path)
        trace = os.environ.get(TRACE_ENV)
        if trace:
            with open(trace, "a", encoding="utf-8") as handle:
                handle.write(path + "\n")

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value of a declared key, or `default` when params.yaml lacks it."""
        self._check(key)
        if key not in self:
            self._record(self._path(key))
            return default
        return self[key]

    def items(self) -> Iterator[tuple[Any, Any]]:  # type: ignore[override]
        """Items of the declared keys (each recorded as read)."""
        return iter([(k, self[k]) for k in super().keys()])

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        """Values of the declared keys (each recorded as read)."""
        return iter([self[k] for k in super().keys()])

    def __iter__(self) -> Iterator[Any]:
        return iter(list(super().keys()))

    def copy(self) -> dict[str, Any]:  # type: ignore[override]
        """Return a plain dict of the declared keys (each recorded as read)."""
        return dict(self.items())


def stage_params(params: dict[str, Any], stage: str) -> ParamsView:
    """Return the view of `params` that `stage` may read.

    Parameters
    ----------
    params : dict
        The whole ``params.yaml``.
    stage : str
        Stage name (without wave).

    Returns
    -------
    ParamsView

    Examples
    --------
    >>> p = stage_params({"data": {"source": "x"}, "waves": [1], "seed": 3}, "index")
    >>> p["waves"], "seed" in p
    ([1], False)
    """
    view = ParamsView(params, stage, declared(stage))
    _OPENED.append(view)
    return view


_OPENED: list[ParamsView] = []


def params_read() -> list[str]:
    """Return every ``params.yaml`` key read in this process (and its traced notebooks).

    Returns
    -------
    list of str
        Sorted dotted keys.
    """
    keys = {k for view in _OPENED for k in view.read}
    trace = os.environ.get(TRACE_ENV)
    if trace and Path(trace).is_file():
        keys.update(line for line in Path(trace).read_text(encoding="utf-8").splitlines()
                    if line)
    return sorted(keys)


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


def param_leaves(params: dict[str, Any], prefix: str = "") -> list[str]:
    """Return every leaf key of a parameter mapping, dotted.

    Examples
    --------
    >>> param_leaves({"a": {"b": 1, "c": {"d": [1]}}, "e": 2})
    ['a.b', 'a.c.d', 'e']
    """
    out = []
    for key, value in params.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out += param_leaves(value, path + ".")
        else:
            out.append(path)
    return out


def stages_reading(key: str) -> list[str]:
    """Return the stages whose declarations cover a leaf key of ``params.yaml``.

    Examples
    --------
    >>> stages_reading("estimation.alpha")
    ['estimates', 'trends', 'report']
    """
    return [s.name for s in STAGES.values()
            if _covered(key, s.params) or _on_the_way(key, s.params)]


# --------------------------------------------------------------------------- code deps


def _module_file(module: str, root: Path) -> Path | None:
    base = root / Path(*module.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _imports(source: str, module: str) -> set[str]:
    """``pipeline`` modules imported anywhere in a module's source (also inside functions)."""
    found: set[str] = set()
    package = module.rsplit(".", 1)[0] if module else ""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.split(".")[0] != "pipeline":
                continue
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


@functools.lru_cache(maxsize=512)
def _file_imports(path: Path, module: str) -> frozenset[str]:
    return frozenset(_imports(path.read_text(encoding="utf-8"), module))


def module_closure(start: Iterable[str], root: Path) -> list[Path]:
    """Return the files of every ``pipeline`` module reachable by imports from `start`.

    Includes each package's ``__init__.py`` and the data files (CSV, templates) of the packages
    reached.

    Parameters
    ----------
    start : iterable of str
        Module names (``pipeline.report.build``) or notebook paths (``notebooks/x.ipynb``).
    root : pathlib.Path
        Project root.

    Returns
    -------
    list of pathlib.Path
        Sorted paths relative to `root`.
    """
    todo, seen, files = list(start), set(), set()
    while todo:
        item = todo.pop()
        if item in seen:
            continue
        seen.add(item)
        if item.endswith(".ipynb"):
            import json

            cells = json.loads((root / item).read_text(encoding="utf-8"))["cells"]
            code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
            code = "\n".join(line for line in code.splitlines()
                             if not line.lstrip().startswith(("%", "!")))
            todo += sorted(_imports(code, ""))
            continue
        path = _module_file(item, root)
        if path is None:
            continue
        files.add(path.relative_to(root))
        parts = item.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += sorted(_file_imports(path, item if path.name != "__init__.py"
                                     else item + ".__init__"))
    data: set[Path] = set()
    for folder in {f.parent for f in files}:
        for other in (root / folder).iterdir():
            if other.name == "__pycache__" or other.suffix in (".py", ".pyc"):
                continue
            if other.is_file() or not (other / "__init__.py").is_file():
                data.add(other.relative_to(root))
    return sorted(files | data)


def collapse(paths: Iterable[Path], root: Path) -> list[str]:
    """Replace every folder whose files are all listed by the folder itself.

    Examples
    --------
    >>> collapse([Path("pipeline/contract.py")], PACKAGE.parent)
    ['pipeline/contract.py']
    """
    listed = {Path(p) for p in paths}

    def files_under(folder: Path) -> set[Path]:
        return {f.relative_to(root) for f in (root / folder).rglob("*")
                if f.is_file() and "__pycache__" not in f.parts}

    folders = sorted({p.parent for p in listed if p.parent != Path(".")},
                     key=lambda f: -len(f.parts))
    for folder in folders:
        inside = files_under(folder)
        if inside and inside <= {f for p in listed for f in
                                 ([p] if (root / p).is_file() else files_under(p))}:
            listed = {p for p in listed if folder not in p.parents and p != folder} | {folder}
    return sorted(p.as_posix() for p in listed)


# --------------------------------------------------------------------------- dvc.yaml


HEADER = (
    "# GENERATED by `python -m pipeline.contract` from pipeline/contract.py and params.yaml:\n"
    "# do not edit (`make reports` regenerates it; tests/unit/test_contract.py keeps it equal).\n"
)


def _exists(root: Path, rel: str) -> bool:
    return (root / rel).exists()


def stage_entries(params: dict[str, Any], root: Path) -> dict[str, dict[str, Any]]:
    """Return the ``stages:`` mapping of ``dvc.yaml`` for these parameters.

    Optional inputs that are absent are left out of the dependencies, so the pipeline runs
    without them and reruns when they are added (after ``python -m pipeline.contract``).
    """
    source = str(params["data"]["source"])
    waves = [int(w) for w in params["waves"]]
    sections = list(params["report"]["sections"])
    out: dict[str, dict[str, Any]] = {}
    for stage in STAGES.values():
        if stage.demo_only and source != DEMO_SOURCE:
            continue
        for wave in (waves if stage.per_wave else [None]):
            name = stage.name if wave is None else f"{stage.name}_{wave}"
            deps: list[str] = []
            for read in stage.reads:
                every = read.endswith("*")
                art = ARTEFACTS[read.rstrip("*")]
                if art.per_wave:
                    upto = [w for w in waves if wave is None or w <= wave] if every else [wave]
                    paths = [art.path(source, w) for w in upto]
                else:
                    paths = [art.path(source)]
                made_by_synth = source == DEMO_SOURCE and art.name.startswith("raw_")
                for path in paths:
                    if (art.optional and not made_by_synth and art.writer is None
                            and not _exists(root, path)):
                        continue
                    deps.append(path)
            starts = [stage.module]
            for extra in stage.extra_code:
                starts += ([extra.format(section=s) for s in sections] if "{section}" in extra
                           else [extra])
            notebooks = [Path(s) for s in starts if s.endswith(".ipynb")]
            code = _code_deps(tuple(starts), tuple(notebooks), root)
            deps_all = list(dict.fromkeys([*deps, *code]))
            outs = [ARTEFACTS[w].path(source, wave) for w in stage.writes]
            outs.append(f"{ARTEFACTS['logs'].path(source)}/{name}.log")
            cmd = f"python -m {stage.module}" + (f" --wave {wave}" if wave is not None else "")
            out[name] = {"cmd": cmd, "deps": deps_all, "params": list(stage.params),
                         "outs": outs}
    return out


@functools.lru_cache(maxsize=64)
def _code_deps(starts: tuple[str, ...], notebooks: tuple[Path, ...], root: Path) -> list[str]:
    return collapse([*module_closure(starts, root), *notebooks], root)


def dvc_yaml(params: dict[str, Any], root: Path) -> str:
    """Return the text of ``dvc.yaml`` for these parameters.

    Parameters
    ----------
    params : dict
        The whole ``params.yaml``.
    root : pathlib.Path
        Project root (to see which optional inputs exist).

    Returns
    -------
    str
    """
    body = yaml.safe_dump({"stages": stage_entries(params, root)}, sort_keys=False,
                          default_flow_style=False, width=100)
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    """Write ``dvc.yaml`` from the contract (only when it changes); ``--check`` compares only.

    Returns
    -------
    int
        0, or 1 with ``--check`` when the file differs.
    """
    import argparse
    import logging
    import os

    parser = argparse.ArgumentParser(description="Generate dvc.yaml from pipeline/contract.py")
    parser.add_argument("--check", action="store_true", help="exit 1 if dvc.yaml is stale")
    args = parser.parse_args(argv)
    root = Path(os.environ.get("AIM_ROOT", PACKAGE.parent))
    params_file = root / "params.yaml"
    try:
        params = yaml.safe_load(params_file.read_text(encoding="utf-8"))
        text = dvc_yaml(params, root)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        print(f"contract: params.yaml: cannot generate dvc.yaml ({type(exc).__name__}: {exc}); "
              "check data.source, waves and report.sections", file=sys.stderr)
        return 2
    target = root / "dvc.yaml"
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    if args.check:
        return 0 if current == text else 1
    if current != text:
        target.write_text(text, encoding="utf-8")
        logging.getLogger(__name__).info("dvc.yaml updated from the contract")
    return 0


if __name__ == "__main__":
    sys.exit(main())
