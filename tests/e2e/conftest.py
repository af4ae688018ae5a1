"""Run the whole pipeline once per test session, as `make reports` does."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_dvc(*args: str) -> subprocess.CompletedProcess:
    """Run dvc from the project's environment with its bin folder on PATH."""
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(bindir / "dvc"), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="session")
def built():
    """The pipeline after `dvc repro`; fails the tests that need it if the build fails."""
    generate = subprocess.run([sys.executable, "-m", "pipeline.contract"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert generate.returncode == 0, generate.stderr
    result = run_dvc("repro")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return ROOT
