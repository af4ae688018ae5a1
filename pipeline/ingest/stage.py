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

from pipeline.ingest.settings import CONFIG_DIR, ROOT, load_params


@dataclass(frozen=True)
class StageContext:
    """Everything a stage needs, resolved once.

    Parameters
    ----------
    params : dict
        ``params.yaml``.
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
    """

    params: dict[str, Any]
    source: str
    raw_dir: Path
    out_dir: Path
    config_dir: Path
    args: argparse.Namespace

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


def context(args: argparse.Namespace) -> StageContext:
    """Resolve params and paths from parsed options (params read once, here).

    Parameters
    ----------
    args : argparse.Namespace
        From :func:`parser`.

    Returns
    -------
    StageContext

    Examples
    --------
    >>> ctx = context(parser("x").parse_args([]))  # doctest: +SKIP
    >>> ctx.raw_dir.name  # doctest: +SKIP
    'demo'
    """
    params = load_params(args.params)
    source = str((params.get("data") or {}).get("source", "demo"))
    return StageContext(
        params=params,
        source=source,
        raw_dir=args.raw_dir or ROOT / "data" / "raw" / source,
        out_dir=args.out_dir or ROOT / "data" / "processed",
        config_dir=args.config_dir or CONFIG_DIR,
        args=args,
    )
