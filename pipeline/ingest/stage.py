"""Shared plumbing of the ingest stages: command-line options, paths, params.

Each stage's ``main()`` parses its options here, reads ``params.yaml`` once and passes values
to library functions. Paths default to the repository layout (``data/raw/<data.source>/``,
``data/processed/``, ``config/``) and can be overridden for tests.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import ProjectPaths, load_params, project_paths
from pipeline.contract import ARTEFACTS, ParamsView, stage_params


@dataclass(frozen=True)
class StageContext:
    """Everything a stage needs, resolved once.

    Parameters
    ----------
    params : ParamsView
        The keys of ``params.yaml`` the stage declares (:mod:`pipeline.contract`).
    source : str
        ``data.source``.
    raw_dir : pathlib.Path
        ``data/raw/<source>/``.
    out_dir : pathlib.Path
        ``data/processed/``.
    config_dir : pathlib.Path
        ``config/``.
    args : argparse.Namespace
        Parsed options.
    paths : ProjectPaths, optional
        The project's paths for this source.
    """

    params: dict[str, Any]
    source: str
    raw_dir: Path
    out_dir: Path
    config_dir: Path
    args: argparse.Namespace
    paths: ProjectPaths | None = None

    def output(self, name: str, wave: int | None = None) -> Path:
        """Return where an artefact of the contract goes (in ``out_dir``).

        Examples
        --------
        >>> import argparse, pathlib
        >>> ctx = StageContext({}, "x", pathlib.Path("r"), pathlib.Path("o"), pathlib.Path("c"),
        ...     argparse.Namespace())
        >>> ctx.output("survey", 2028).as_posix()
        'o/survey_2028.parquet'
        """
        return self.out_dir / Path(ARTEFACTS[name].path(self.source, wave)).name

    def read_options(self, kind: str) -> dict[str, Any]:
        """Return reader overrides for an input kind from ``params.yaml`` ``ingest.read.<kind>``.

        Parameters
        ----------
        kind : str
            ``survey``, ``hr``, ``cbs`` or ``benchmark``.

        Returns
        -------
        dict

        Examples
        --------
        >>> import argparse, pathlib
        >>> ctx = StageContext({"ingest": {"read": {"hr": {"delimiter": ";"}}}}, "demo",
        ...     pathlib.Path("."), pathlib.Path("."), pathlib.Path("."), argparse.Namespace())
        >>> ctx.read_options("hr"), ctx.read_options("cbs")
        ({'delimiter': ';'}, {})
        """
        ingest = self.params.get("ingest") or {}
        return dict((ingest.get("read") or {}).get(kind) or {})


def parser(description: str) -> argparse.ArgumentParser:
    """Return an argument parser with the common path options.

    Parameters
    ----------
    description : str
        Stage description.

    Returns
    -------
    argparse.ArgumentParser

    Examples
    --------
    >>> parser("x").parse_args([]).params is None
    True
    """
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--params", type=Path, default=None, help="params.yaml (default: repository)")
    p.add_argument("--raw-dir", type=Path, default=None, help="default data/raw/<data.source>")
    p.add_argument("--out-dir", type=Path, default=None, help="default data/processed")
    p.add_argument("--config-dir", type=Path, default=None, help="default config/")
    return p


def context(args: argparse.Namespace, stage: str) -> StageContext:
    """Resolve params and paths from parsed options (params read once, here).

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`parser`.
    stage : str
        The stage's name in :data:`pipeline.contract.STAGES` (its declared params only).

    Returns
    -------
    StageContext

    Examples
    --------
    >>> ctx = context(parser("x").parse_args([]), "clean_hr")  # doctest: +SKIP
    >>> ctx.raw_dir.name  # doctest: +SKIP
    'demo'
    """
    params: ParamsView = stage_params(load_params(args.params), stage)
    paths = project_paths(params)
    return StageContext(
        params=params,
        source=paths.source,
        raw_dir=args.raw_dir or paths.raw,
        out_dir=args.out_dir or paths.processed,
        config_dir=args.config_dir or paths.config,
        args=args,
        paths=paths,
    )
