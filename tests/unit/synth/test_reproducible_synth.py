"""The synth stage twice, in two fresh processes and folders: the same bytes in every raw file."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _start_synth(root: Path) -> subprocess.Popen:
    """Start ``python -m pipeline.synth.main`` with `root` as the project."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "params.yaml", root / "params.yaml")
    shutil.copytree(ROOT / "config", root / "config")
    # each run its own log folder: two runs side by side must not share a log file
    env = {**os.environ, "AIM_ROOT": str(root), "PYTHONPATH": str(ROOT),
           "AIM_LOG_DIR": str(root / "logs")}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen([sys.executable, "-m", "pipeline.synth.main"], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _written(root: Path, process: subprocess.Popen) -> dict[str, str]:
    """Wait for the run in `root`; hash what it wrote."""
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr[-3000:]
    raw = root / "data" / "raw" / "demo"
    return {p.relative_to(raw).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(raw.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_synth_stage_writes_identical_bytes_twice(tmp_path: Path) -> None:
    # side by side (two cores), the second started in a later clock second than the first
    a = _start_synth(tmp_path / "a")
    time.sleep(1.1)
    b = _start_synth(tmp_path / "b")
    first, second = _written(tmp_path / "a", a), _written(tmp_path / "b", b)
    assert {p.rsplit(".", 1)[-1] for p in first} >= {"sav", "csv", "xlsx", "json"}
    assert sorted(first) == sorted(second)
    differing = [p for p in first if first[p] != second[p]]
    assert not differing, f"raw files differ between two runs: {differing}"
