"""Run a pipeline stage so that bad input ends in one clear line, never a traceback.

Every stage's ``__main__`` goes through :func:`run_stage`: an input problem (missing or
malformed file, a wave that cannot be weighted, a table the disclosure gate refuses) prints
``<stage>: <message>`` on stderr and exits with status 2. The messages of these exceptions
name files, columns and counts, never personal values. Programming errors still show a
traceback, as they should.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

EXIT_INPUT_ERROR = 2


def input_errors() -> tuple[type[BaseException], ...]:
    """Return the exception types that mean bad input or configuration, not a bug."""
    from pipeline.analysis.design import DesignError
    from pipeline.config import ConfigError
    from pipeline.disclosure.errors import DisclosureError, DisclosureInputError
    from pipeline.ingest.errors import IngestError
    from pipeline.stats.errors import StatsError

    return (ConfigError, IngestError, DesignError, StatsError, DisclosureError,
            DisclosureInputError, FileNotFoundError)


def run_stage(main: Callable[[list[str] | None], int | None], argv: list[str] | None,
              stage: str, errors: tuple[type[BaseException], ...] | None = None) -> int:
    """Run ``main(argv)``; turn an input error into one line on stderr and exit status 2.

    Parameters
    ----------
    main : callable
        The stage function, taking the argument list; returns an exit status or None.
    argv : list of str or None
        Command-line arguments.
    stage : str
        Prefix of the error line (the stage's name).
    errors : tuple of exception types, optional
        What counts as an input error (default :func:`input_errors`).

    Returns
    -------
    int
        The stage's exit status, or 2 after an input error.

    Examples
    --------
    >>> from pipeline.config import ConfigError
    >>> def bad(argv):
    ...     raise ConfigError("params.yaml: data.source must be a folder name")
    >>> run_stage(bad, [], "schattingen", (ConfigError,))  # doctest: +SKIP
    2
    """
    caught = errors if errors is not None else input_errors()
    argv = list(sys.argv[1:] if argv is None else argv)
    handler = _open_run_log(argv)
    try:
        if handler is not None:
            _check_dvc_yaml()
        return int(main(argv) or 0)
    except caught as exc:
        logging.getLogger("pipeline").error("%s: %s", stage, exc)
        print(f"{stage}: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    finally:
        if handler is not None:
            _close_run_log(handler)


def _check_dvc_yaml() -> None:
    """Refuse to run a stage of a ``dvc.yaml`` that no longer matches ``params.yaml``."""
    import pipeline.config
    from pipeline.config import ConfigError, load_params
    from pipeline.contract import dvc_yaml

    root = pipeline.config.ROOT
    target = root / "dvc.yaml"
    if target.is_file() and target.read_text(encoding="utf-8") != dvc_yaml(load_params(), root):
        raise ConfigError("dvc.yaml does not match params.yaml and pipeline/contract.py (were "
                          "data.source or waves changed?): run `make reports`, which "
                          "regenerates it, or `python -m pipeline.contract` before `dvc repro`")


def _open_run_log(argv: list[str]) -> logging.Handler | None:
    """Attach the stage's run log (``data/processed/<source>/logs/<stage>.log``)."""
    from pipeline.config import ConfigError, load_params, project_paths
    from pipeline.contract import stage_of_command

    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    name = stage_of_command(spec.name, argv) if spec is not None else None
    if name is None:
        return None
    try:
        path = project_paths(load_params()).log(name)
    except ConfigError:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(Path(str(path) + ".tmp"), mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.set_name(str(path))
    logger = logging.getLogger("pipeline")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return handler


def _close_run_log(handler: logging.Handler) -> None:
    """State the params read, close the log and move it into place."""
    from pipeline.contract import params_read

    logger = logging.getLogger("pipeline")
    logger.info("params read: %s", ", ".join(params_read()) or "none")
    logger.removeHandler(handler)
    handler.close()
    target = Path(handler.get_name())
    Path(str(target) + ".tmp").replace(target)
