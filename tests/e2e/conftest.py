"""Run the whole pipeline once per test session, as `make reports` does."""

import os
import shutil
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
def built(request):
    """The pipeline after `dvc repro`; fails the tests that need it if the build fails.

    Then starts the background builds that start from the built demo (Havenstad's,
    ``tests/e2e/havenstad_build.py``) when the session's tests need them.
    """
    generate = subprocess.run([sys.executable, "-m", "pipeline.contract"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert generate.returncode == 0, generate.stderr
    result = run_dvc("repro")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    from tests.background import registry

    background = registry(request.config)
    if "havenstad" in background["wanted"] and "havenstad" not in background["builds"]:
        from tests.e2e.havenstad_build import start_havenstad

        background["builds"]["havenstad"] = start_havenstad(ROOT)
    return ROOT


def copy_project(target: Path) -> None:
    """Copy the tracked files into ``target``, link the environment, commit them in a new repo.

    For tests that run ``make reports`` on another source or seed without touching the project.
    """
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target / rel)
    venv = ROOT / ".venv" if (ROOT / ".venv").is_dir() else Path(sys.prefix)
    (target / ".venv").symlink_to(venv)
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy"]):
        subprocess.run(["git", *args], cwd=target, check=True, capture_output=True)
