"""The scaffolder writes a loadable draft mapping: right guesses, TODOs, no personal values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
import yaml

from pipeline.config import ConfigError
from pipeline.ingest.mapping import apply_mapping, load_mapping
from pipeline.ingest.readers import read_raw
from pipeline.scaffold.cli import scaffold

ROOT = Path(__file__).resolve().parents[2]
SECRET_ID = "4711"          # every respondent number contains it
SECRET_TEXT = "GEHEIMTEKST"  # every open answer contains it


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "params.yaml").write_text("data:\n  source: proef\nwaves: [2028]\n",
                                          encoding="utf-8")
    (tmp_path / "data" / "raw" / "proef" / "survey").mkdir(parents=True)
    return tmp_path


def _sav(project: Path, n: int = 40) -> Path:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({
        "RESPNR": [float(f"{SECRET_ID}{i:03d}") for i in range(n)],
        "STATUS": rng.choice([1.0, 2.0], n),
        "V_ORG1": rng.choice([1.0, 2.0, 3.0], n),
        "V_LFT": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 99.0], n),
        "V_GESL": rng.choice([1.0, 2.0, 3.0, 4.0, 99.0], n),
        "Q40_1": rng.choice([528.0, 504.0, 740.0], n),
        "Q40_2": rng.choice([528.0, 504.0, 792.0], n),
        "Q41": rng.choice([1.0, 2.0, 98.0], n),
        "Q12_1": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], n),
        "Q30_1": rng.choice([float(i) for i in range(1, 8)], n),
        "Q20": rng.choice([1.0, 2.0, 3.0], n),
        "Q44": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], n),
        "Q77": rng.choice([1.0, 2.0, 3.0], n),
        "Q99": [f"{SECRET_TEXT} antwoord nummer {i}" if i % 3 else "" for i in range(n)],
    })
    freq = {1: "nooit", 2: "één keer", 3: "enkele keren", 4: "maandelijks",
            5: "wekelijks of vaker"}
    value_labels = {
        "STATUS": {1: "volledig", 2: "gedeeltelijk"},
        "V_ORG1": {1: "Dienstverlening", 2: "Sociaal Domein", 3: "Stadsdelen"},
        "V_LFT": {1: "jonger dan 25", 2: "25-34 jaar", 3: "35-44 jaar", 4: "45-54 jaar",
                  5: "55 jaar of ouder", 99: "wil ik niet zeggen"},
        "V_GESL": {1: "Man", 2: "Vrouw", 3: "Non-binair", 4: "Anders", 99: "wil ik niet zeggen"},
        "Q40_1": {528: "Nederland", 504: "Marokko", 740: "Suriname"},
        "Q40_2": {528: "Nederland", 504: "Marokko", 792: "Turkije"},
        "Q41": {1: "Ja", 2: "Nee", 98: "weet niet"},
        "Q12_1": freq,
        "Q30_1": {1: "helemaal mee oneens", 2: "mee oneens", 3: "een beetje mee oneens",
                  4: "neutraal", 5: "een beetje mee eens", 6: "mee eens", 7: "helemaal mee eens"},
        "Q20": {1: "ja", 2: "nee", 3: "weet ik niet zeker"},
        "Q44": {1: "basisonderwijs/vmbo", 2: "mbo", 3: "havo/vwo", 4: "hbo",
                5: "wo (universiteit)"},
        "Q77": {1: "blauw", 2: "groen", 3: "rood"},
    }
    labels = ["Respondentnummer", "Status vragenlijst", "Cluster", "Leeftijd", "Geslacht",
              "Geboorteland zelf", "Geboorteland moeder", "Beperking of chronische ziekte",
              "Hoe vaak bent u gepest?", "Psychologische veiligheid 1",
              "Gediscrimineerd in de afgelopen 12 maanden?", "Hoogst voltooide opleiding",
              "Favoriete kleur", "Toelichting"]
    path = project / "data" / "raw" / "proef" / "survey" / "2028_herhaal.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels)
    return path


def _csv(project: Path, n: int = 30) -> Path:
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({
        "Respondentnummer": [f"R{SECRET_ID}{i:04d}" for i in range(n)],
        "Voltooid": rng.choice(["ja", "nee"], n),
        "Afdeling": rng.choice(["Directie Noord", "Directie Zuid"], n),
        "Leeftijdsgroep": rng.choice(["jonger dan 25", "25 t/m 34", "35 t/m 44", "45 t/m 54",
                                      "55 of ouder"], n),
        "Geslacht": rng.choice(["man", "vrouw"], n),
        "Geboorteland moeder": rng.choice(["Nederland", "Marokko", "Suriname"], n),
        "Beperking": rng.choice(["ja", "nee", "wil ik niet zeggen"], n),
        "lhbtiq": rng.choice(["ja", "nee"], n),
        "Psychologische veiligheid 3": rng.choice([str(i) for i in range(1, 8)], n),
        "Opmerkingen": [f"{SECRET_TEXT} {i}" if i % 10 == 0 else "" for i in range(n)],
        "Datum ingevuld": [f"{1 + i % 28:02d}-03-2028" for i in range(n)],
        "Lievelingsdier": rng.choice(["kat", "hond"], n),
    })
    path = project / "2028_monitor_export.csv"  # outside data/raw: the draft says to copy it
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def _columns(text: str) -> dict:
    return yaml.safe_load(text)["columns"]


def test_sav_draft_loads_guesses_and_hides_values(project):
    raw = _sav(project)
    target, draft = scaffold(raw, 2028, root=project)
    assert target == project / "config" / "sources" / "proef" / "waves" / "2028.yml"
    text = target.read_text(encoding="utf-8")
    mapping = load_mapping(target)
    assert (mapping.wave, mapping.study, mapping.file) == (2028, "herhaal",
                                                           "survey/2028_herhaal.sav")
    cols = mapping.columns
    assert {n: cols[n].raw for n in cols} == {
        "resp_id": "RESPNR", "complete": "STATUS", "cluster": "V_ORG1", "age_band": "V_LFT",
        "gender": "V_GESL", "country_self": "Q40_1", "country_mother": "Q40_2",
        "disability": "Q41", "ub_pesten": "Q12_1", "ps1": "Q30_1", "discr": "Q20",
        "education": "Q44"}
    assert cols["complete"].codes == {"1": True, "2": False}
    assert cols["cluster"].builtin == "by_label"
    assert cols["age_band"].codes == {"1": "<25", "2": "25-34", "3": "35-44", "4": "45-54",
                                      "5": "55+"}
    assert cols["gender"].codes == {"1": "man", "2": "vrouw", "3": "non-binair", "4": "anders"}
    assert cols["country_self"].builtin == "country_numeric"
    assert cols["disability"].codes == {"1": True, "2": False}
    assert cols["ub_pesten"].codes == {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4}
    assert cols["ps1"].codes == {str(i): i for i in range(1, 8)}
    assert cols["discr"].codes == {"1": "ja", "2": "nee", "3": "twijfel"}
    assert cols["education"].codes == {"1": "basis/vmbo", "2": "mbo", "3": "havo/vwo",
                                       "4": "hbo", "5": "wo"}
    assert yaml.safe_load(text)["missing_codes"] == {98: "weet niet", 99: "wil ik niet zeggen"}
    assert "peildatum: 2028-12-31   # TODO" in text
    assert "# TODO <variable>: {raw: Q77}" in text and "# TODO <variable>: {raw: Q99}" in text
    assert SECRET_ID not in text and SECRET_TEXT not in text
    assert "1 = blauw" in text  # value labels of coded columns are written (for the user)
    assert (draft.columns, draft.guessed, draft.problem) == (14, 12, None)
    assert draft.todos == text.count("TODO")
    table = read_raw(raw)  # the draft applies to its own export
    out = apply_mapping(table.frame, mapping, file=raw, value_labels=table.value_labels)
    assert set(out.unmapped_columns) == {"Q77", "Q99"}


def test_csv_draft_with_dutch_headers(project):
    raw = _csv(project)
    target, draft = scaffold(raw, 2028, root=project)
    text = target.read_text(encoding="utf-8")
    mapping = load_mapping(target)
    assert mapping.study == "monitor"  # from the file name
    assert mapping.file == "survey/2028_monitor.csv"
    assert "# TODO: copy the export to data/raw/proef/survey/2028_monitor.csv" in text
    assert mapping.read == {"format": "csv", "encoding": "utf-8", "delimiter": ";",
                            "decimal": ","}
    cols = mapping.columns
    assert {n: cols[n].raw for n in cols} == {
        "resp_id": "Respondentnummer", "complete": "Voltooid", "directie": "Afdeling",
        "age_band": "Leeftijdsgroep", "gender": "Geslacht",
        "country_mother": "Geboorteland moeder", "disability": "Beperking", "lhbtiq": "lhbtiq",
        "ps3": "Psychologische veiligheid 3"}
    assert cols["complete"].codes == {"ja": True, "nee": False}
    assert cols["directie"].builtin == "text"
    assert cols["age_band"].codes == {"jonger dan 25": "<25", "25 t/m 34": "25-34",
                                      "35 t/m 44": "35-44", "45 t/m 54": "45-54",
                                      "55 of ouder": "55+"}
    assert cols["country_mother"].builtin == "country_name_nl"
    assert cols["ps3"].builtin == "int"
    assert "wil ik niet zeggen" in cols["disability"].missing
    assert "Directie Noord" in text  # unit names: low-cardinality coded values are written
    assert "Marokko" not in text  # ... but never birth countries
    assert "# TODO <variable>: {raw: Lievelingsdier}" in text
    assert "# TODO <variable>: {raw: Opmerkingen}" in text
    assert "# TODO <variable>: {raw: Datum ingevuld}" in text
    assert SECRET_ID not in text and SECRET_TEXT not in text and "03-2028" not in text
    assert draft.problem is None


def test_refuses_to_overwrite_and_cli_logs_counts_only(project):
    raw = _sav(project)
    scaffold(raw, 2028, root=project)
    with pytest.raises(ConfigError, match="exists"):
        scaffold(raw, 2028, root=project)
    cmd = [sys.executable, "-m", "pipeline.scaffold", str(raw), "--wave", "2028",
           "--root", str(project)]
    refused = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    done = subprocess.run([*cmd, "--force", "--source", "ander"], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "14 columns, 12 guessed" in done.stderr
    assert SECRET_ID not in done.stderr + done.stdout and "RESPNR" not in done.stderr
    draft = project / "config" / "sources" / "ander" / "waves" / "2028.yml"
    assert "copy the export to data/raw/ander/survey/2028_herhaal.sav" in draft.read_text()


def test_unknown_required_columns_leave_a_draft_that_says_why(project):
    path = project / "vreemd.csv"
    pd.DataFrame({"a": ["x", "y"] * 10, "b": ["1", "2"] * 10}).to_csv(path, index=False)
    target, draft = scaffold(path, 2030, study="monitor", root=project)
    text = target.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["columns"] == {}  # loadable YAML, nothing guessed
    assert draft.problem == "required variable has no raw column (resp_id)"
    assert text.count("# TODO <variable>") == 2
    assert "# TODO resp_id: {raw: <column>}" in text and "# TODO complete:" in text
