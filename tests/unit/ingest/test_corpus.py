"""The malformed-input corpus: each case stops with its one-line error or is quarantined."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.cli import run_cli
from pipeline.ingest import clean_cbs, clean_hr, clean_survey

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "tests/corpus/make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)

MAINS = {"survey": clean_survey.main, "hr": clean_hr.main, "cbs": clean_cbs.main}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    target = tmp_path_factory.mktemp("corpus")
    params = target / "params.yaml"
    expectations = make_corpus.build(target / "cases")
    params.write_text(yaml.safe_dump({"data": {"source": "demo"}}))
    return target, expectations


def _argv(case: Path, stage: str, params: Path) -> list[str]:
    argv = ["--params", str(params), "--raw-dir", str(case / "raw"),
            "--config-dir", str(case / "config"), "--out-dir", str(case / "out")]
    return (["--wave", "2030"] if stage == "survey" else []) + argv


def test_corpus_has_at_least_twenty_cases_over_all_kinds() -> None:
    cases = make_corpus.CASES
    assert len(cases) >= 20
    names = " ".join(cases)
    for kind in ("survey", "hr", "cbs", "benchmark"):
        assert kind in names
    for fmt in ("csv", "xlsx", "sav"):
        assert fmt in names


@pytest.mark.parametrize("name", sorted(make_corpus.CASES))
def test_corpus_case(name: str, corpus: tuple[Path, dict], capsys: pytest.CaptureFixture) -> None:
    target, expectations = corpus
    expect = expectations[name]
    case = target / "cases" / name
    status = run_cli(MAINS[expect["stage"]], _argv(case, expect["stage"], target / "params.yaml"))
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert status == expect["exit"], output
    assert "Traceback" not in output
    assert expect["secret"] not in output
    for value in expect.get("forbidden", []):
        assert value not in output
    if expect["exit"] == 2:
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1, lines
        for part in expect["message"]:
            assert part in lines[0], (part, lines[0])
        produced = list((case / "out").glob("*.parquet")) if (case / "out").exists() else []
        assert produced == []
    else:
        ledger_name = {"survey": "ledger_survey_2030.json", "hr": "ledger_hr.json"}[expect["stage"]]
        ledger = json.loads((case / "out" / ledger_name).read_text(encoding="utf-8"))
        ledger = ledger if isinstance(ledger, dict) else ledger[0]
        assert ledger["balanced"]
        assert ledger["quarantined"] == expect["quarantined"]
        assert ledger["rows_read"] == ledger["kept"] + sum(expect["quarantined"].values())


@pytest.mark.parametrize("name", ["survey_unknown_code_sav", "hr_duplicate_ids_csv",
                                  "cbs_missing_column_xlsx"])
def test_corpus_exit_status_via_subprocess(name: str, corpus: tuple[Path, dict]) -> None:
    target, expectations = corpus
    expect = expectations[name]
    case = target / "cases" / name
    module = {"survey": "clean_survey", "hr": "clean_hr", "cbs": "clean_cbs"}[expect["stage"]]
    proc = subprocess.run(
        [sys.executable, "-m", f"pipeline.ingest.{module}",
         *_argv(case, expect["stage"], target / "params.yaml")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert all(part in proc.stderr for part in expect["message"])
    assert expect["secret"] not in proc.stderr
