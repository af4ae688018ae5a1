"""The scaffold command: read a raw export, write ``config/sources/<source>/waves/<wave>.yml``.

Run ``python -m pipeline.scaffold data/raw/os2028/survey/2028_herhaal.sav --wave 2028``. The
draft holds every raw column with its label and, for coded columns, its value labels or
distinct values; guessed canonical variables and code maps; and ``TODO`` marks where the user
must decide. It never overwrites an existing mapping unless ``--force``. Because the export is
personal data, the command logs counts only (columns, guessed, TODOs).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from pipeline.config import ConfigError, load_params, project_paths
from pipeline.ingest.mapping import STUDIES
from pipeline.ingest.readers import read_raw
from pipeline.scaffold.draft import Draft, build_draft

log = logging.getLogger("pipeline.scaffold")


def _relative(path: Path, raw_dir: Path) -> Path | None:
    try:
        return path.resolve().relative_to(raw_dir.resolve())
    except ValueError:
        return None


def scaffold(raw_path: str | Path, wave: int, *, study: str | None = None,
             source: str | None = None, force: bool = False,
             root: Path | None = None) -> tuple[Path, Draft]:
    """Write the draft mapping of a raw export and return its path and counts.

    Parameters
    ----------
    raw_path : str or pathlib.Path
        The raw survey export (``.sav``, ``.csv`` or ``.xlsx``).
    wave : int
        Survey year.
    study : str, optional
        ``herhaal`` or ``monitor``; default guessed from the file name (else ``herhaal``, marked
        TODO).
    source : str, optional
        Source folder name; default ``data.source`` of ``params.yaml``.
    force : bool
        Overwrite an existing mapping file.
    root : pathlib.Path, optional
        Project root (default :data:`pipeline.config.ROOT`).

    Returns
    -------
    path : pathlib.Path
        The mapping file written.
    draft : Draft

    Raises
    ------
    ConfigError
        If the mapping file exists (without `force`) or the study is unknown.
    IngestError
        If the export cannot be read.
    """
    params = load_params(None if root is None else Path(root) / "params.yaml")
    if source is not None:
        params = {**params, "data": {**(params.get("data") or {}), "source": source}}
    paths = project_paths(params, root)
    target = paths.mapping(wave)
    if target.exists() and not force:
        raise ConfigError(f"{target.relative_to(paths.root)} exists: edit it, or use --force "
                          "to overwrite it with a new draft")
    raw_path = Path(raw_path)
    stem = raw_path.stem.lower()
    guessed = next((s for s in STUDIES if s in stem), None)
    chosen = study or guessed or "herhaal"
    if chosen not in STUDIES:
        raise ConfigError(f"--study must be one of {list(STUDIES)}")
    table = read_raw(raw_path)
    inside = _relative(raw_path, paths.raw)
    file_todo = None
    if inside is None:
        inside = Path("survey") / f"{wave}_{chosen}{raw_path.suffix.lower()}"
        file_todo = f"copy the export to data/raw/{paths.source}/{inside.as_posix()}"
    draft = build_draft(table, wave=wave, study=chosen, file=inside.as_posix(),
                        study_todo=study is None and guessed is None, file_todo=file_todo)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(draft.text, encoding="utf-8")
    return target, draft


def main(argv: list[str] | None = None) -> int:
    """Run the command (see the module docstring).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments.

    Returns
    -------
    int
        0 when written.
    """
    p = argparse.ArgumentParser(prog="python -m pipeline.scaffold",
                                description="Write a draft wave mapping from a raw export")
    p.add_argument("raw", type=Path, help="the raw survey export (.sav, .csv or .xlsx)")
    p.add_argument("--wave", type=int, required=True, help="survey year")
    p.add_argument("--study", choices=STUDIES, default=None,
                   help="herhaal or monitor (default: from the file name)")
    p.add_argument("--source", default=None, help="source folder (default: params data.source)")
    p.add_argument("--force", action="store_true", help="overwrite an existing mapping file")
    p.add_argument("--root", type=Path, default=None, help="project root (default: this one)")
    args = p.parse_args(argv)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    target, draft = scaffold(args.raw, args.wave, study=args.study, source=args.source,
                             force=args.force, root=args.root)
    shown = os.path.relpath(target)
    log.info("scaffold: %d columns, %d guessed, %d TODO marks; written %s",
             draft.columns, draft.guessed, draft.todos, shown)
    if draft.problem:
        log.info("scaffold: the draft does not load yet: %s", draft.problem)
    log.info("next: edit the TODOs, then `make check-source`")
    return 0
