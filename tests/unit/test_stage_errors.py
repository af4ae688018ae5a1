"""Bad input to any stage ends in one clear line and exit status 2, never a traceback."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest.errors import IngestError
from pipeline.ingest.mapping import load_mapping

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path):
    shutil.copy(ROOT / "params.yaml", tmp_path / "params.yaml")
    (tmp_path / "config").symlink_to(ROOT / "config")
    (tmp_path / "data" / "processed").mkdir(parents=True)
    return tmp_path


def _run(module, args, root):
    env = {**os.environ, "AIM_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", module, *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("module", "args", "expected"),
    [
        ("pipeline.analysis.estimates_stage", ["--wave", "2030"],
         "expected one raw file for wave 2030 without a mapping file"),
        ("pipeline.analysis.estimates_stage", ["--wave", "2024"], "survey_2024.parquet"),
        ("pipeline.analysis.trend_stage", [], "estimates"),
        ("pipeline.report.build", ["--wave", "2030"], "add config/sources/demo/waves/2030.yml"),
    ],
)
def test_stage_reports_bad_input_in_one_line(project, module, args, expected):
    result = _run(module, args, project)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_params_is_one_line(project):
    (project / "params.yaml").write_text("waves: [2024\nseed: : 1\n", encoding="utf-8")
    result = _run("pipeline.analysis.trend_stage", [], project)
    assert result.returncode == 2
    assert result.stderr.strip() == "trends: params.yaml: not valid YAML"


def test_mapping_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = tmp_path / "2030.yml"
    path.write_text("- wave\n- 2030\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"2030\.yml: configuration file is not a YAML mapping"):
        load_mapping(path)
