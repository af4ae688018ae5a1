"""One run log per stage, and short progress lines on the terminal.

:func:`pipeline.cli.run_stage` calls :func:`setup_stage_logging` before the stage's ``main``
and :func:`close_stage_logging` after it, so every stage gets:

* a run log ``<log_dir>/<name>.log`` (default ``data/processed/logs/``), rewritten on every
  run (written as ``.log.tmp`` and moved into place when the stage ends). It holds no
  timestamps or timings, only ``LEVEL logger: message`` lines, so a rerun on the same input
  writes the same bytes (processed files are byte-reproducible). DEBUG and up.
* a short progress line per step on stderr, ``<stage>: <message> [<seconds> s]``: INFO and up;
  the timings appear only here. Progress whose order varies between runs (worker threads) is
  logged with ``extra=TERMINAL_ONLY``.

Library code logs with ``logging.getLogger(__name__)``: decisions at INFO where they are made
(categories collapsed in the weighting, weights trimmed, rows quarantined), details at DEBUG
(cells suppressed per table). A log message never holds a personal value: it names files,
columns, categories and counts, as the error messages do.

Records of the ``pipeline`` loggers (and of a stage run as ``python -m``, logger ``__main__``)
are shown at every level; other libraries' records only from WARNING up.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline import config
from pipeline.config import project_paths

#: Loggers whose records the stage log takes at every level.
OWN_LOGGERS = ("pipeline", "__main__")
#: Format of a line in the run log: no time, so reruns write the same file.
FILE_FORMAT = "%(levelname)s %(name)s: %(message)s"
#: Set on a record (``extra={"terminal": False}``) that goes to the run log only.
TERMINAL = "terminal"
#: Set on a record (``extra={"file": False}``) that goes to the terminal only: e.g. progress
#: from worker threads, whose order differs between runs.
FILE = "file"
#: ``extra=`` of a record for the run log only, and for the terminal only.
FILE_ONLY = {TERMINAL: False}
TERMINAL_ONLY = {FILE: False}
_MARK = "_pipeline_stage_handler"


def default_log_dir(root: Path | None = None) -> Path:
    """Return the default folder of the run logs: ``$AIM_LOG_DIR``, else processed + ``logs``.

    Parameters
    ----------
    root : pathlib.Path, optional
        Project root (default :data:`pipeline.config.ROOT`, read when called).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> default_log_dir(Path("/p")).as_posix()  # doctest: +SKIP
    '/p/data/processed/logs'
    """
    if os.environ.get("AIM_LOG_DIR"):
        return Path(os.environ["AIM_LOG_DIR"])
    return project_paths({}, root).processed / "logs"


def wave_argument(argv: Sequence[str] | None) -> str | None:
    """Return the value of ``--wave`` in a stage's arguments, or None.

    Parameters
    ----------
    argv : sequence of str, optional
        The stage's command-line arguments.

    Returns
    -------
    str or None

    Examples
    --------
    >>> wave_argument(["--wave", "2024"]), wave_argument(["--wave=2026"]), wave_argument([])
    ('2024', '2026', None)
    """
    args = list(argv or [])
    wave = None
    for i, arg in enumerate(args):
        if arg == "--wave" and i + 1 < len(args):
            wave = args[i + 1]
        elif arg.startswith("--wave="):
            wave = arg.split("=", 1)[1]
    return wave if wave is not None and re.fullmatch(r"\w+", wave) else None


def log_name(stage: str, argv: Sequence[str] | None = None) -> str:
    """Return the run log's file stem: the stage name, plus the wave when ``--wave`` is given.

    A stage that runs once per wave (``--wave 2024``) gets one log per wave.

    Parameters
    ----------
    stage : str
        Stage name; characters other than letters, digits, ``-`` and ``_`` become ``_``.
    argv : sequence of str, optional
        The stage's command-line arguments.

    Returns
    -------
    str

    Examples
    --------
    >>> log_name("schattingen", ["--wave", "2024"])
    'schattingen_2024'
    >>> log_name("synthetische data", [])
    'synthetische_data'
    """
    name = re.sub(r"[^\w-]+", "_", stage.strip()).strip("_") or "stage"
    wave = wave_argument(argv)
    return f"{name}_{wave}" if wave else name


def stage_label(stage: str, argv: Sequence[str] | None = None) -> str:
    """Return the prefix of the progress lines: the stage name, plus the wave if given.

    Parameters
    ----------
    stage : str
        Stage name.
    argv : sequence of str, optional
        The stage's command-line arguments.

    Returns
    -------
    str

    Examples
    --------
    >>> stage_label("schattingen", ["--wave", "2024"]), stage_label("trends", [])
    ('schattingen 2024', 'trends')
    """
    wave = wave_argument(argv)
    return f"{stage} {wave}" if wave else stage


def shown_path(path: str | Path) -> str:
    """Return a path as a log shows it: relative to the project root, else its name only.

    Keeps the run log free of the machine's folders (the same bytes on every checkout).

    Parameters
    ----------
    path : str or pathlib.Path
        A file or folder.

    Returns
    -------
    str

    Examples
    --------
    >>> from pipeline.config import ROOT
    >>> shown_path(ROOT / "reports" / "index.html"), shown_path("/elsewhere/x.parquet")
    ('reports/index.html', 'x.parquet')
    """
    path = Path(path)
    root = config.ROOT
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.name


def thousands(n: int) -> str:
    """Format a count with a Dutch thousands separator (a point).

    Parameters
    ----------
    n : int
        The count.

    Returns
    -------
    str

    Examples
    --------
    >>> thousands(5830), thousands(12), thousands(-1234567)
    ('5.830', '12', '-1.234.567')
    """
    return f"{int(n):,}".replace(",", ".")


class _OwnRecords(logging.Filter):
    """Pass the pipeline's records at every level, other libraries' from WARNING up."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "__main__":  # a stage run as ``python -m``: name its module
            spec = getattr(sys.modules.get("__main__"), "__spec__", None)
            record.name = getattr(spec, "name", None) or record.name
        own = any(record.name == n or record.name.startswith(f"{n}.") for n in OWN_LOGGERS)
        return own or record.levelno >= logging.WARNING


class _RunLogRecords(logging.Filter):
    """Leave out the records marked for the terminal only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, FILE, True)


class _TerminalFormatter(logging.Formatter):
    """``<label>: <message> [<seconds> s]``; warnings and errors say so."""

    def __init__(self, label: str, start: float) -> None:
        super().__init__()
        self.label = label
        self.start = start

    def format(self, record: logging.LogRecord) -> str:
        level = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
        elapsed = time.monotonic() - self.start
        return f"{self.label}: {level}{record.getMessage()} [{elapsed:.1f} s]"


class _TerminalHandler(logging.StreamHandler):
    """Write to the current ``sys.stderr`` (looked up per record, so captures see it)."""

    def emit(self, record: logging.LogRecord) -> None:
        if not getattr(record, TERMINAL, True):
            return
        self.setStream(sys.stderr)
        super().emit(record)


def setup_stage_logging(stage: str, log_dir: Path | None = None, *, name: str | None = None,
                        label: str | None = None) -> logging.Logger:
    r"""Start the run log of a stage and its progress lines on stderr.

    Replaces the handlers of an earlier call (one stage log at a time). Undo with
    :func:`close_stage_logging`.

    Parameters
    ----------
    stage : str
        Stage name.
    log_dir : pathlib.Path, optional
        Folder of the run log (created if needed); default :func:`default_log_dir`. If it
        cannot be written, the stage runs with the progress lines only.
    name : str, optional
        File stem of the run log; default ``stage`` (see :func:`log_name`).
    label : str, optional
        Prefix of the progress lines; default ``stage``.

    Returns
    -------
    logging.Logger
        The logger ``pipeline.stage``, for the stage's own lines.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> logger = setup_stage_logging("trends", folder)
    >>> logger.debug("3 waves")
    >>> close_stage_logging()
    >>> (folder / "trends.log").read_text(encoding="utf-8")
    'DEBUG pipeline.stage: 3 waves\n'
    """
    close_stage_logging()
    root = logging.getLogger()
    own = _OwnRecords()
    terminal = _TerminalHandler(sys.stderr)
    terminal.setLevel(logging.INFO)
    terminal.setFormatter(_TerminalFormatter(label or stage, time.monotonic()))
    handlers: list[logging.Handler] = [terminal]
    folder = Path(log_dir) if log_dir is not None else default_log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name or log_name(stage)}.log"
        file = logging.FileHandler(_partial(target), mode="w", encoding="utf-8")
    except OSError as exc:
        file = None
        problem = f"no run log in {folder}: {exc.strerror or exc}"
    else:
        file.set_name(str(target))
        file.setLevel(logging.DEBUG)
        file.setFormatter(logging.Formatter(FILE_FORMAT))
        file.addFilter(_RunLogRecords())
        handlers.append(file)
    for handler in handlers:
        handler.addFilter(own)
        setattr(handler, _MARK, True)
        root.addHandler(handler)
    levels = {n: logging.getLogger(n).level for n in OWN_LOGGERS}
    setattr(root, _MARK, levels)
    for n in OWN_LOGGERS:
        logging.getLogger(n).setLevel(logging.DEBUG)
    logger = logging.getLogger("pipeline.stage")
    if file is None:
        logger.warning(problem)
    return logger


def _partial(target: Path) -> Path:
    """Return where a run log is written until it is complete (``<name>.log.tmp``)."""
    return target.with_name(target.name + ".tmp")


def close_stage_logging() -> None:
    """Close the run log, move it into place, remove the handlers of :func:`setup_stage_logging`.

    The log is written to ``<name>.log.tmp`` and renamed when closed, so a reader never sees
    half a log.

    Restores the levels the ``pipeline`` loggers had; does nothing if no stage log is open.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
        handler.close()
        if isinstance(handler, logging.FileHandler) and handler.get_name():
            target = Path(handler.get_name())
            _partial(target).replace(target)
    levels = getattr(root, _MARK, None)
    if levels is not None:
        for n, level in levels.items():
            logging.getLogger(n).setLevel(level)
        delattr(root, _MARK)


@contextmanager
def stage_logging(stage: str, log_dir: Path | None = None, *, name: str | None = None,
                  label: str | None = None) -> Iterator[logging.Logger]:
    """Context manager around :func:`setup_stage_logging` and :func:`close_stage_logging`.

    Parameters
    ----------
    stage, log_dir, name, label
        As for :func:`setup_stage_logging`.

    Yields
    ------
    logging.Logger
        The logger ``pipeline.stage``.
    """
    logger = setup_stage_logging(stage, log_dir, name=name, label=label)
    try:
        yield logger
    finally:
        close_stage_logging()
