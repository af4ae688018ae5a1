"""Issue 11: the demo generator writes only the demo source, and only the waves it can make."""

import subprocess
import sys

import pytest

from pipeline.config import ConfigError
from pipeline.synth.main import check_demo_waves


def test_refuses_a_wave_it_cannot_make_in_one_line():
    with pytest.raises(ConfigError) as info:
        check_demo_waves({"data": {"source": "demo"}, "waves": [2024, 2028]})
    message = str(info.value)
    assert "\n" not in message
    assert "2024 and 2026" in message and "2028" in message


def test_refuses_another_source():
    with pytest.raises(ConfigError, match="havenstad"):
        check_demo_waves({"data": {"source": "havenstad"}, "waves": [2028]})


def test_the_stage_exits_2_without_a_traceback_and_leaves_no_file(tmp_path):
    (tmp_path / "params.yaml").write_text(
        "seed: 1\ndata: {source: demo}\nwaves: [2030]\nsynth: {n_staff: 100}\n",
        encoding="utf-8")
    env = {"AIM_ROOT": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "pipeline.synth.main"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert not (tmp_path / "data" / "raw").exists()
