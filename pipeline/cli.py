"""Run a pipeline stage so that bad input ends in one clear line, never a traceback.

Every stage's ``__main__`` goes through :func:`run_stage` (the ingest stages through
:func:`run_cli`). It starts the stage's run log and progress lines (:mod:`pipeline.log`), runs
the stage, and turns bad input or configuration -- any :class:`~pipeline.errors.PipelineError`,
or a missing file -- into the single line ``<stage>: <message>`` on stderr (also written to
the run log) and exit status 2. The messages of these exceptions name files, columns and
counts, never personal values. Programming errors still show a traceback, as they should.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from pipeline import log
from pipeline.errors import EXIT_INPUT_ERROR, PipelineError

__all__ = ["EXIT_INPUT_ERROR", "INPUT_ERRORS", "input_errors", "run_cli", "run_stage"]

#: What counts as bad input or configuration rather than a bug.
INPUT_ERRORS: tuple[type[BaseException], ...] = (PipelineError, FileNotFoundError)


def input_errors() -> tuple[type[BaseException], ...]:
    """Return the exception types that mean bad input or configuration, not a bug.

    Returns
    -------
    tuple of exception types
        :class:`~pipeline.errors.PipelineError` and :class:`FileNotFoundError`.
    """
    return INPUT_ERRORS


def run_stage(main: Callable[[list[str] | None], int | None], argv: list[str] | None,
              stage: str, errors: tuple[type[BaseException], ...] | None = None, *,
              log_dir: Path | None = None, log_name: str | None = None,
              label: str | None = None) -> int:
    """Run ``main(argv)`` with a run log; turn an input error into one line and exit status 2.

    Parameters
    ----------
    main : callable
        The stage function, taking the argument list; returns an exit status or None.
    argv : list of str or None
        Command-line arguments (``sys.argv[1:]`` when None, as argparse does).
    stage : str
        Prefix of the error line and of the progress lines (the stage's name).
    errors : tuple of exception types, optional
        What counts as an input error (default :func:`input_errors`).
    log_dir : pathlib.Path, optional
        Folder of the run log; default :func:`pipeline.log.default_log_dir`
        (``data/processed/logs``).
    log_name : str, optional
        File stem of the run log; default :func:`pipeline.log.log_name` of ``stage`` and
        ``argv`` (``schattingen_2024`` for ``--wave 2024``).
    label : str, optional
        Prefix of the progress lines; default :func:`pipeline.log.stage_label`
        (``schattingen 2024``). The error line keeps the prefix ``stage``.

    Returns
    -------
    int
        The stage's exit status, or 2 after an input error.

    Examples
    --------
    >>> import tempfile
    >>> from pipeline.config import ConfigError
    >>> def bad(argv):
    ...     raise ConfigError("params.yaml: data.source must be a folder name")
    >>> run_stage(bad, [], "schattingen", log_dir=Path(tempfile.mkdtemp()))
    2
    """
    args = list(sys.argv[1:] if argv is None else argv)
    caught = errors if errors is not None else input_errors()
    contract_name = _contract_stage(args)
    if contract_name is not None and log_dir is None:
        log_dir, log_name = _contract_log_dir(), contract_name
    logger = log.setup_stage_logging(stage, log_dir, name=log_name or log.log_name(stage, args),
                                     label=label or log.stage_label(stage, args))
    try:
        if contract_name is not None:
            _check_dvc_yaml()
        status = int(main(argv) or 0)
    except caught as exc:
        message = " ".join(str(exc).split("\n"))
        logger.error("%s", message, extra=log.FILE_ONLY)
        print(f"{stage}: {message}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except Exception:
        logger.error("stopped by an unexpected error (traceback on the terminal)",
                     extra=log.FILE_ONLY)
        raise
    else:
        logger.info("klaar" if status == 0 else f"klaar met status {status}")
        return status
    finally:
        if contract_name is not None:
            from pipeline.contract import params_read

            logger.info("params read: %s", ", ".join(params_read()) or "none",
                        extra=log.FILE_ONLY)
            _remove_trace()
        log.close_stage_logging()


def _remove_trace() -> None:
    """Remove the notebooks' params trace of this stage (a temporary file)."""
    import os

    from pipeline.contract import TRACE_ENV

    trace = os.environ.pop(TRACE_ENV, None)
    if trace:
        Path(trace).unlink(missing_ok=True)


def _contract_stage(argv: list[str]) -> str | None:
    """Return the ``dvc.yaml`` name of the stage this process runs, when DVC runs it.

    DVC sets ``DVC_STAGE`` for every stage command; a stage run by hand or by a test (with its
    own ``--params`` or folders) is not the pipeline's run and keeps its logs elsewhere.
    """
    import os

    from pipeline.contract import stage_of_command

    running = os.environ.get("DVC_STAGE", "").rsplit(":", 1)[-1]
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    name = stage_of_command(spec.name, argv) if spec is not None else None
    return name if running and name == running else None


def _contract_log_dir() -> Path | None:
    """Return the contract's log folder of the configured source (None if params are bad)."""
    from pipeline.config import ConfigError, load_params, project_paths

    try:
        return project_paths(load_params()).artefact("logs")
    except ConfigError:
        return None


def _check_dvc_yaml() -> None:
    """Refuse to run a stage of a ``dvc.yaml`` that no longer matches ``params.yaml``."""
    import pipeline.config
    from pipeline.config import ConfigError, load_params
    from pipeline.contract import dvc_yaml

    root = pipeline.config.ROOT
    target = root / "dvc.yaml"
    if target.is_file() and target.read_text(encoding="utf-8") != dvc_yaml(load_params(), root):
        raise ConfigError("dvc.yaml does not match params.yaml and pipeline/contract/ (were "
                          "data.source or waves changed?): run `make reports`, which "
                          "regenerates it, or `python -m pipeline.contract` before `dvc repro`")


def run_cli(main: Callable[[list[str] | None], int | None], argv: list[str] | None = None, *,
            log_dir: Path | None = None) -> int:
    """Run an ingest stage's ``main``: :func:`run_stage` with the prefix ``ingest error``.

    The run log and the progress lines are named after the stage's module (``clean_hr``,
    ``clean_survey_2024``).

    Parameters
    ----------
    main : callable
        The stage function, taking the argument list.
    argv : list of str, optional
        Command-line arguments (``sys.argv[1:]`` when None).
    log_dir : pathlib.Path, optional
        Folder of the run log (see :func:`run_stage`).

    Returns
    -------
    int
        0 on success, 2 on bad input.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    stem = _module_stem(main)
    return run_stage(main, argv, "ingest error", log_dir=log_dir,
                     log_name=log.log_name(stem, args), label=log.stage_label(stem, args))


def _module_stem(main: Callable[..., object]) -> str:
    """Return the last part of the module that defines ``main`` (also when run as ``-m``).

    Examples
    --------
    >>> _module_stem(run_stage)
    'cli'
    """
    module = getattr(main, "__module__", None) or "stage"
    if module == "__main__":
        spec = getattr(main, "__globals__", {}).get("__spec__")
        module = getattr(spec, "name", None) or "stage"
    return module.rsplit(".", 1)[-1]
