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


def _synth(root: Path) -> dict[str, str]:
    """Run ``python -m pipeline.synth.main`` with `root` as the project; hash what it wrote."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "params.yaml", root / "params.yaml")
    shutil.copytree(ROOT / "config", root / "config")
    env = {**os.environ, "AIM_ROOT": str(root), "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run([sys.executable, "-m", "pipeline.synth.main"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    raw = root / "data" / "raw" / "demo"
    return {p.relative_to(raw).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(raw.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_synth_stage_writes_identical_bytes_twice(tmp_path: Path) -> None:
    first = _synth(tmp_path / "a")
    time.sleep(1.1)  # a different clock second for the second run
    second = _synth(tmp_path / "b")
    assert {p.rsplit(".", 1)[-1] for p in first} >= {"sav", "csv", "xlsx", "json"}
    assert sorted(first) == sorted(second)
    differing = [p for p in first if first[p] != second[p]]
    assert not differing, f"raw files differ between two runs: {differing}"
