"""Where a report came from: data source, code commit, build date."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

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


def code_version(root: Path) -> str:
    """Return the short git commit of the code (``+`` if the work tree has changes).

    Returns ``onbekend`` outside a git checkout.
    """
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "onbekend"
    return commit + ("+" if dirty.strip() else "")


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
