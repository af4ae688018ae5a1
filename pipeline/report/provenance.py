"""Where a report came from: data source, code commit, build date.

Both are reproducible (issue 12): the build date is never the clock (:func:`build_date`), and
the code version is a fingerprint of exactly the code the stage ran (:func:`code_version`), so
a commit of ``dvc.lock`` or data never changes a report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from pipeline.ingest.atomic import source_epoch

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def dutch_date(day: date) -> str:
    """Format a date the Dutch way.

    Examples
    --------
    >>> dutch_date(date(2026, 11, 24))
    '24 november 2026'
    """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


#: Shown when neither ``SOURCE_DATE_EPOCH`` nor a peildatum is known (never the clock).
FIXED_BUILD_DATE = date(2024, 12, 31)


def build_date(peildatum: date | None = None, env: Mapping[str, str] | None = None) -> date:
    """Return the build date every report shows: the one place it is decided.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set, so that a release build can
    state its real date reproducibly (``SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)``);
    otherwise the data's `peildatum`; otherwise :data:`FIXED_BUILD_DATE`. Never the clock, so
    the same inputs give the same pages on every run and machine.

    Parameters
    ----------
    peildatum : datetime.date, optional
        Reference date of the data shown (a wave's, or the latest wave's for the index).
    env : mapping, optional
        Environment (default ``os.environ``).

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        If ``SOURCE_DATE_EPOCH`` is set but not whole seconds.

    Examples
    --------
    >>> build_date(date(2026, 12, 31), env={})
    datetime.date(2026, 12, 31)
    >>> build_date(date(2026, 12, 31), env={"SOURCE_DATE_EPOCH": "1767225600"})
    datetime.date(2026, 1, 1)
    >>> build_date(env={})
    datetime.date(2024, 12, 31)
    """
    epoch = source_epoch(env)
    if epoch is not None:
        return epoch.date()
    return peildatum or FIXED_BUILD_DATE


def dated_line(peildatum: date, env: Mapping[str, str] | None = None) -> str:
    """Return the Dutch line that dates a report: its peildatum, and the build date if known.

    The build date is shown only when ``SOURCE_DATE_EPOCH`` states it (a release build), so a
    page never shows the clock and never calls the peildatum its build date.

    Examples
    --------
    >>> dated_line(date(2026, 12, 31), env={})
    'peildatum personeelsregistratie 31 december 2026'
    >>> dated_line(date(2026, 12, 31), env={"SOURCE_DATE_EPOCH": "1767225600"})
    'peildatum personeelsregistratie 31 december 2026; gemaakt op 1 januari 2026'
    """
    text = f"peildatum personeelsregistratie {dutch_date(peildatum)}"
    epoch = source_epoch(env)
    return text if epoch is None else f"{text}; gemaakt op {dutch_date(epoch.date())}"


def code_version(root: Path, stage: str, sections: list[str]) -> str:
    """Return the fingerprint of the code a stage ran: a hash of exactly its code dependencies.

    The files are those ``dvc.yaml`` lists for the stage (its module's imports and notebooks,
    :func:`pipeline.contract.dvcfile.stage_code`), so the stamp changes exactly when DVC reruns
    the stage for a code change, never for a commit of ``dvc.lock`` or data, and two clones of
    the same code print the same stamp whatever their commit.

    Parameters
    ----------
    root : pathlib.Path
        The project.
    stage : str
        Stage name (``report``, ``index``).
    sections : list of str
        ``report.sections``.

    Returns
    -------
    str
        Ten hexadecimal characters.
    """
    from pipeline.contract.dvcfile import stage_code

    digest = hashlib.sha256()
    for rel in stage_code(stage, list(sections), root):
        base = root / rel
        files = [base] if base.is_file() else sorted(
            f for f in base.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:10]


def source_label(source: str) -> str:
    """Describe the data source for readers.

    Examples
    --------
    >>> source_label("demo")
    'synthetische data (demo)'
    >>> source_label("echt2026")
    'echte gegevens (echt2026)'
    """
    return "synthetische data (demo)" if source == "demo" else f"echte gegevens ({source})"
