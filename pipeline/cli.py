"""Run a pipeline stage so that bad input ends in one clear line, never a traceback.

Every stage's ``__main__`` goes through :func:`run_stage`: an input problem (missing or
malformed file, a wave that cannot be weighted, a table the disclosure gate refuses) prints
``<stage>: <message>`` on stderr and exits with status 2. The messages of these exceptions
name files, columns and counts, never personal values. Programming errors still show a
traceback, as they should.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

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
    try:
        return int(main(argv) or 0)
    except caught as exc:
        print(f"{stage}: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
