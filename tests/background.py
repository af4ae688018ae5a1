"""Builds that the tests need later, started at the beginning of the session in the background.

A build in a copy of the project (``make reports`` with another seed) runs in its own process.
Started when the session begins, it uses the second core while the rest of the suite runs on
the first; the tests that read it are moved to the end of the session
(``tests/conftest.py``), so by then it has finished or is close to it. A session that selects
none of those tests starts nothing. The session keeps them in :func:`registry`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

TIMEOUT_S = 1800


@dataclass
class BackgroundBuild:
    """``make reports`` in a prepared copy of the project, running in its own process.

    Attributes
    ----------
    project : pathlib.Path
        The copy (a temporary folder; removed by :meth:`cleanup`).
    process : subprocess.Popen
        The running build.
    """

    project: Path
    process: subprocess.Popen = field(repr=False)
    prepared: Any = None
    """What ``prepare`` returned (e.g. the respondents it wrote)."""

    @classmethod
    def start(cls, prepare, prefix: str, key: str) -> BackgroundBuild:
        """Copy the project with ``prepare(folder)`` and start ``make reports`` in it.

        Parameters
        ----------
        prepare : callable
            Writes the project into the folder it is given (files, params).
        prefix : str
            Name prefix of the temporary folder.
        key : str
            Pseudonymisation key of the build (``AIM_PSEUDO_KEY``).
        """
        project = Path(tempfile.mkdtemp(prefix=prefix))
        prepared = prepare(project)
        env = {**os.environ, "PYTHONPATH": str(project), "AIM_PSEUDO_KEY": key}
        env.pop("AIM_ROOT", None)
        env.pop("AIM_LOG_DIR", None)
        log = (project / "build.log").open("w", encoding="utf-8")
        process = subprocess.Popen(["make", "-o", ".venv/.installed", "reports"], cwd=project,
                                   env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        log.close()
        return cls(project, process, prepared)

    def wait(self) -> tuple[int, str]:
        """Wait for the build; return its exit status and its output."""
        try:
            code = self.process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        return code, (self.project / "build.log").read_text(encoding="utf-8", errors="replace")

    def cleanup(self) -> None:
        """Stop the build if it still runs and remove its folder."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.project, ignore_errors=True)


NAMES = ("second_seed_reports", "havenstad")
"""The fixtures that wait for a background build."""


def registry(config: pytest.Config) -> dict[str, Any]:
    """The session's background builds: ``wanted`` (names) and ``builds`` (name -> build).

    Kept as an attribute of the pytest config, not under a stash key: helper modules such as
    this one are imported a second time by the doctest collection, and a key object of the
    first import would not find what the second stored.
    """
    if not hasattr(config, "_aim_background"):
        config._aim_background = {"wanted": set(), "builds": {}}
    return config._aim_background
