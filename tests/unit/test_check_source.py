"""`make check-source`: one OK/FOUT line per check, exit 0 or 2, never a traceback or a value."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.check_source import main

ROOT = Path(__file__).resolve().parents[2]
KEY = "a-test-key-of-enough-length"
SECRET = "4711"  # in every respondent and employee number

MAPPING = """\
wave: 2028
study: herhaal
peildatum: 2028-12-31
file: survey/2028_herhaal.csv
missing_codes: {99: wil ik niet zeggen}
columns:
  resp_id: RESPNR
  complete: {raw: STATUS, codes: {1: true, 2: false}}
  cluster: {raw: CLUSTER, codeset: text}
  gender: {raw: GESLACHT, codes: {1: man, 2: vrouw}}
  ps1: {raw: PV1, codeset: int}
"""
HR_HEADER = ("Personeelsnummer;Peildatum;Cluster;Directie;Salarisschaal;Leidinggevende;"
             "Geboortedatum;Geslacht;FTE;Datum in dienst;Datum uit dienst")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIM_PSEUDO_KEY", KEY)
    monkeypatch.delenv("AIM_PSEUDO_KEY_FILE", raising=False)
    (tmp_path / "params.yaml").write_text("data:\n  source: proef\nwaves: [2028]\n",
                                          encoding="utf-8")
    config = tmp_path / "config" / "sources" / "proef"
    (config / "waves").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "sources" / "demo" / "hr.yml", config / "hr.yml")
    (config / "waves" / "2028.yml").write_text(MAPPING, encoding="utf-8")
    raw = tmp_path / "data" / "raw" / "proef"
    (raw / "survey").mkdir(parents=True)
    (raw / "hr").mkdir()
    rows = [f"{SECRET}{i:03d},{1 + i % 2},Sociaal Domein,{1 + i % 2 if i % 7 else 99},"
            f"{1 + i % 7}" for i in range(20)]
    (raw / "survey" / "2028_herhaal.csv").write_text(
        "RESPNR,STATUS,CLUSTER,GESLACHT,PV1\n" + "\n".join(rows) + "\n", encoding="utf-8")
    hr = [f"{SECRET}{i:03d};31-12-2028;Sociaal Domein;Directie A;{8 + i % 5};Nee;"
          f"01-06-19{70 + i};{'MV'[i % 2]};0,8;01-01-2020;" for i in range(20)]
    (raw / "hr" / "hr_2028-12-31.csv").write_bytes(
        ("\n".join([HR_HEADER, *hr]) + "\n").encode("cp1252"))
    return tmp_path


def _check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["--root", str(project)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and SECRET not in out.out + out.err
    return code, out.out.splitlines()


def _line(lines: list[str], start: str) -> str:
    found = [line for line in lines if line.startswith(start)]
    assert len(found) == 1, "\n".join(lines)
    return found[0]


def test_good_source_is_all_ok(project, capsys):
    code, lines = _check(project, capsys)
    assert code == 0, "\n".join(lines)
    assert all(line.startswith("OK   ") for line in lines[:-1])
    assert lines[-1].endswith("all OK")
    assert "mapping loads (5 variables" in _line(lines, "OK   config/sources/proef/waves/2028.yml")
    survey = _line(lines, "OK   data/raw/proef/survey/2028_herhaal.csv")
    assert "20 rows, 20 kept, 0 quarantined" in survey
    assert "HR snapshot reads: 20 rows" in _line(lines, "OK   data/raw/proef/hr/hr_2028-12-31")
    assert "not supplied (optional)" in _line(lines, "OK   data/raw/proef/cbs")
    assert "key is set" in _line(lines, "OK   AIM_PSEUDO_KEY")


def test_broken_mapping(project, capsys):
    path = project / "config" / "sources" / "proef" / "waves" / "2028.yml"
    path.write_text(MAPPING.replace("2: vrouw", "2: vrouwelijk"), encoding="utf-8")
    code, lines = _check(project, capsys)
    assert code == 2
    line = _line(lines, "FOUT config/sources/proef/waves/2028.yml: column 'gender'")
    assert "not a canonical code" in line and "— correct the mapping" in line


def test_code_not_in_mapping_names_column_and_rows(project, capsys):
    path = project / "config" / "sources" / "proef" / "waves" / "2028.yml"
    path.write_text(MAPPING.replace("missing_codes: {99: wil ik niet zeggen}\n", ""),
                    encoding="utf-8")
    code, lines = _check(project, capsys)
    assert code == 2
    line = _line(lines, "FOUT data/raw/proef/survey/2028_herhaal.csv")
    assert "column 'GESLACHT': code not in the mapping" in line
    assert "(3 rows, first rows: 1, 8, 15)" in line
    assert "correct config/sources/proef/waves/2028.yml (never the raw file)" in line


def test_missing_hr_layout_and_survey_file_and_key(project, capsys, monkeypatch):
    (project / "config" / "sources" / "proef" / "hr.yml").unlink()
    (project / "data" / "raw" / "proef" / "survey" / "2028_herhaal.csv").unlink()
    monkeypatch.delenv("AIM_PSEUDO_KEY")
    code, lines = _check(project, capsys)
    assert code == 2
    assert "HR layout not found — copy config/sources/demo/hr.yml" in _line(
        lines, "FOUT config/sources/proef/hr.yml")
    assert "raw survey file of wave 2028 not found — put the export there" in _line(
        lines, "FOUT data/raw/proef/survey/2028_herhaal.csv")
    assert "FOUT AIM_PSEUDO_KEY / AIM_PSEUDO_KEY_FILE: real data needs a key" in "\n".join(lines)
    assert lines[-1].endswith("3 FOUT: fix them and run `make check-source` again")


def test_bad_hr_snapshot_and_missing_peildatum(project, capsys):
    hr = project / "data" / "raw" / "proef" / "hr"
    text = (hr / "hr_2028-12-31.csv").read_bytes().decode("cp1252")
    text = text.replace(";Nee;", ";Misschien;", 1).replace("31-12-2028", "31-12-2027")
    (hr / "hr_2027-12-31.csv").write_bytes(text.encode("cp1252"))
    (hr / "hr_2028-12-31.csv").unlink()
    code, lines = _check(project, capsys)
    assert code == 2
    assert "FOUT data/raw/proef/hr/hr_2028-12-31.<csv|xlsx>: no HR snapshot at the peildatum" in (
        "\n".join(lines))
    line = _line(lines, "FOUT data/raw/proef/hr/hr_2027-12-31.csv")
    assert "column 'Leidinggevende': code not in config/sources/proef/hr.yml" in line
    assert "(1 row, first rows: 1)" in line
    assert "Misschien" not in "\n".join(lines)


def test_wave_without_mapping_or_file_and_cli(project):
    params = project / "params.yaml"
    params.write_text("data:\n  source: proef\nwaves: [2028, 2030]\n", encoding="utf-8")
    env = {**os.environ, "AIM_PSEUDO_KEY": KEY}
    done = subprocess.run([sys.executable, "-m", "pipeline.check_source", "--root", str(project)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert done.returncode == 2 and "Traceback" not in done.stdout + done.stderr
    assert ("FOUT data/raw/proef/survey/2030_<study>.<sav|csv|xlsx>: no survey file for wave "
            "2030") in done.stdout
    assert "python -m pipeline.scaffold data/raw/proef/survey/<file> --wave 2030" in done.stdout
    other = subprocess.run([sys.executable, "-m", "pipeline.check_source", "--root",
                            str(project), "--source", "leeg"], capture_output=True, text=True,
                           timeout=120, cwd=ROOT, env=env)
    assert other.returncode == 2
    assert other.stdout.startswith("FOUT data/raw/leeg: source folder not found — create it")


@pytest.mark.parametrize(("params", "expected"), [
    ("waves: [2024\n", "FOUT params.yaml: not valid YAML — correct params.yaml"),
    ("data:\n  source: proef\nwaves: [twintig]\n",
     "FOUT params.yaml: waves must be a list of years"),
])
def test_bad_params_is_one_line(project, capsys, params, expected):
    (project / "params.yaml").write_text(params, encoding="utf-8")
    code, lines = _check(project, capsys)
    assert code == 2 and any(line.startswith(expected) for line in lines), lines
