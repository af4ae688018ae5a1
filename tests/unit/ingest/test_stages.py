"""The three stages end to end on a small demo folder written with our own writers."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import clean_cbs, clean_hr, clean_survey
from pipeline.ingest.errors import IngestError
from pipeline.ingest.readers import read_raw
from pipeline.ingest.schemas import barometer_schema, benchmark_schema, hr_schema, survey_schema


def _argv(paths: dict[str, Path]) -> list[str]:
    return ["--params", str(paths["params"]), "--raw-dir", str(paths["raw"]),
            "--out-dir", str(paths["out"])]


@pytest.fixture
def processed(demo_raw: dict[str, Path]) -> dict[str, Path]:
    for wave in (2024, 2026):
        clean_survey.main(["--wave", str(wave), *_argv(demo_raw)])
    clean_hr.main(_argv(demo_raw))
    clean_cbs.main(_argv(demo_raw))
    return demo_raw


def test_stages_write_valid_canonical_tables(processed: dict[str, Path]) -> None:
    out = processed["out"]
    for wave, study in ((2024, "herhaal"), (2026, "monitor")):
        survey = pd.read_parquet(out / f"survey_{wave}.parquet")
        survey_schema().validate(survey)
        assert survey["study"].unique().tolist() == [study]
        assert {"herkomst", "migratieachtergrond"} <= set(survey.columns)
        ledger = json.loads((out / f"ledger_survey_{wave}.json").read_text())
        assert ledger["balanced"] and ledger["rows_read"] == 60 == ledger["kept"]
        quality = json.loads((out / f"dq_survey_{wave}.json").read_text())
        assert quality["unmapped_columns"] == []
        assert set(quality["item_nonresponse"]) <= set(survey.columns)
    monitor = json.loads((out / "dq_survey_2026.json").read_text())
    assert "report_satisfaction" in monitor["not_asked"]
    assert "told_meldpunt_extern" in monitor["not_comparable"]
    hr = pd.read_parquet(out / "hr.parquet")
    hr_schema().validate(hr)
    assert sorted(hr["peildatum"].dt.year.unique().tolist()) == [2023, 2024]
    flows = pd.read_parquet(out / "hr_flows.parquet")
    assert flows["flow"].value_counts().to_dict()["instroom"] == 5
    assert flows["flow"].value_counts().to_dict()["uitstroom"] == 5
    barometer_schema().validate(pd.read_parquet(out / "barometer.parquet"))
    benchmark_schema().validate(pd.read_parquet(out / "benchmark.parquet"))


def test_no_raw_identifier_reaches_processed(processed: dict[str, Path]) -> None:
    raw = processed["raw"]
    ids = set(read_raw(raw / "survey" / "2024_herhaal.sav").frame["RESPNR"].astype(str))
    ids |= set(read_raw(raw / "survey" / "2026_monitor.csv").frame["respondent_id"].astype(str))
    for path in (raw / "hr").iterdir():
        ids |= set(read_raw(path).frame["Personeelsnummer"].astype(str))
    assert len(ids) > 100
    blobs = [p.read_bytes() for p in processed["out"].iterdir()]
    for parquet in processed["out"].glob("*.parquet"):
        blobs.append(pd.read_parquet(parquet).to_csv().encode())
    leaked = [i for i in ids if any(i.encode() in blob for blob in blobs)]
    assert leaked == []


def test_quarantined_duplicate_and_impossible_birth(demo_raw: dict[str, Path]) -> None:
    path = demo_raw["raw"] / "hr" / "hr_2023-12-31.csv"
    lines = path.read_text(encoding="cp1252").splitlines()
    fields = lines[1].split(";")
    fields[6] = "01-01-2030"  # Geboortedatum after the peildatum
    lines[1] = ";".join(fields)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    clean_hr.main(_argv(demo_raw))
    ledgers = json.loads((demo_raw["out"] / "ledger_hr.json").read_text())
    assert ledgers[0]["quarantined"] == {"impossible_date": 1}
    assert all(led["balanced"] for led in ledgers)
    quarantine = pd.read_parquet(demo_raw["out"] / "quarantine_hr.parquet")
    assert quarantine["_reason"].tolist() == ["impossible_date"]
    assert quarantine["_row"].tolist() == [1]


def test_failed_run_keeps_previous_outputs(processed: dict[str, Path]) -> None:
    out = processed["out"]
    before = (out / "survey_2026.parquet").read_bytes()
    path = processed["raw"] / "survey" / "2026_monitor.csv"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="file is empty"):
        clean_survey.main(["--wave", "2026", *_argv(processed)])
    assert (out / "survey_2026.parquet").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_canonical_raw_file_without_mapping(tmp_path: Path, demo_raw: dict[str, Path]) -> None:
    raw = tmp_path / "canon"
    (raw / "survey").mkdir(parents=True)
    pd.DataFrame({"resp_id": ["1", "2"], "complete": ["true", "false"],
                  "country_self": ["NL", "MA"], "country_mother": ["NL", "MA"],
                  "country_father": ["NL", None], "ps1": ["3", "7"]}).to_csv(
        raw / "survey" / "2030_monitor.csv", index=False)
    (tmp_path / "cfg" / "waves").mkdir(parents=True)
    clean_survey.main(["--wave", "2030", "--params", str(demo_raw["params"]), "--raw-dir",
                       str(raw), "--out-dir", str(tmp_path / "o"), "--config-dir",
                       str(tmp_path / "cfg")])
    survey = pd.read_parquet(tmp_path / "o" / "survey_2030.parquet")
    assert survey["study"].tolist() == ["monitor", "monitor"]
    assert survey["herkomst"].tolist() == ["Nederland", "Buiten-Europa"]


def test_cbs_stage_without_barometer_or_benchmark_writes_empty_tables(
        demo_raw: dict[str, Path]) -> None:
    import shutil

    raw, out = demo_raw["raw"], demo_raw["out"]
    shutil.rmtree(raw / "cbs")
    (raw / "cbs").mkdir()                      # empty folder
    shutil.rmtree(raw / "benchmark")           # absent folder
    clean_cbs.main(_argv(demo_raw))
    barometer = pd.read_parquet(out / "barometer.parquet")
    benchmark = pd.read_parquet(out / "benchmark.parquet")
    assert barometer.empty and benchmark.empty
    assert list(barometer.columns) == list(barometer_schema().columns)
    assert list(benchmark.columns) == list(benchmark_schema().columns)
    barometer_schema().validate(barometer)
    benchmark_schema().validate(benchmark)
    quality = json.loads((out / "dq_cbs.json").read_text())
    assert quality["not_supplied"]["barometer"].startswith("not supplied")
    assert quality["not_supplied"]["benchmark"].startswith("not supplied")
    shutil.rmtree(raw / "cbs")                 # absent folder too
    clean_cbs.main(_argv(demo_raw))
    assert pd.read_parquet(out / "barometer.parquet").empty


def test_hr_stage_with_one_snapshot_writes_empty_flows_with_dtypes(
        demo_raw: dict[str, Path]) -> None:
    raw, out = demo_raw["raw"], demo_raw["out"]
    (raw / "hr" / "hr_2023-12-31.csv").unlink()
    clean_hr.main(_argv(demo_raw))
    flows = pd.read_parquet(out / "hr_flows.parquet")
    assert flows.empty
    assert str(flows["peildatum_to"].dtype).startswith("datetime64")
    assert {"flow", "direction", "schaal_band_from", "schaal_band_to", "gender"} <= set(flows)
    assert str(flows["schaal_band_to"].dtype) == "string"
    quality = json.loads((out / "dq_hr.json").read_text())
    assert quality["flows"] == {} and "flows" in quality["not_supplied"]
