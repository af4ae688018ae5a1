"""Generate the malformed-input corpus: one small raw folder per failure class.

Run ``python tests/corpus/make_corpus.py`` to write the cases to ``tests/corpus/cases/`` for
inspection (git-ignored); the tests call :func:`build` into a temporary folder, so the corpus is
always the one this script makes. All values are synthetic. Each case holds a
``raw/`` folder (as ``data/raw/<source>/``), a ``config/`` folder (HR/CBS layouts and, for
survey cases, a small wave mapping) and ``expect.yml``:

* ``stage``: ``survey``, ``hr`` or ``cbs``;
* ``exit``: 2 for a stopping error, 0 when the problem is quarantined;
* ``message``: parts the one-line error must contain (file, column, problem, rows);
* ``quarantined``: reason -> rows, for quarantine cases;
* ``secret``: a personal-looking value planted in the file that must never be printed.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyreadstat
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SECRET = "Jansje Pietersen-987654321"

HR_HEADER = ["Personeelsnummer", "Peildatum", "Cluster", "Directie", "Salarisschaal",
             "Leidinggevende", "Geboortedatum", "Geslacht", "FTE", "Datum in dienst",
             "Datum uit dienst"]

MAPPING = {
    "wave": 2030,
    "study": "monitor",
    "peildatum": "2030-12-31",
    "file": "survey/2030_monitor.csv",
    "missing_codes": {99: "wil ik niet zeggen"},
    "columns": {
        "resp_id": {"raw": "ID"},
        "complete": {"raw": "KLAAR", "codes": {1: True, 0: False}},
        "gender": {"raw": "GESL", "codes": {1: "man", 2: "vrouw", 3: "non-binair", 4: "anders"}},
        "country_self": {"raw": "LAND", "codeset": "country_name_nl"},
        "discr": {"raw": "D1", "codes": {1: "ja", 2: "nee", 3: "twijfel"}},
        "ps1": {"raw": "PV1", "codeset": "int"},
    },
}


def _survey_rows(n: int = 6) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": [f"R{i:03d}" for i in range(1, n + 1)],
        "KLAAR": ["1"] * n,
        "GESL": ["1", "2", "3", "4", "1", "2"][:n],
        "LAND": ["Nederland", "Marokko", "Suriname", "Turkije", "Nederland", "België"][:n],
        "D1": ["1", "2", "3", "99", "2", "2"][:n],
        "PV1": ["1", "7", "4", "99", "5", "6"][:n],
        "OPEN": [SECRET] + [""] * (n - 1),  # unmapped open answer carrying a personal value
    })


def _hr_rows(n: int = 5) -> pd.DataFrame:
    return pd.DataFrame({
        "Personeelsnummer": [f"{900000 + i}" for i in range(n)],
        "Peildatum": ["31-12-2030"] * n,
        "Cluster": ["Sociaal Domein"] * n,
        "Directie": ["Werk, Participatie & Inkomen"] * n,
        "Salarisschaal": ["8", "10A", "11", "12", "15"][:n],
        "Leidinggevende": ["Nee", "Nee", "Ja", "Nee", "Ja"][:n],
        "Geboortedatum": ["01-02-1980", "15-06-1990", "30-09-1975", "12-12-1969",
                          "03-03-1985"][:n],
        "Geslacht": ["V", "M", "X", "V", "M"][:n],
        "FTE": ["1", "0,8889", "0,5", "1", "0,9"][:n],
        "Datum in dienst": ["01-01-2010"] * n,
        "Datum uit dienst": [""] * n,
    })


def _barometer_frame(year: int = 2030) -> pd.DataFrame:
    rows = []
    for band in ("totaal", "1-5", "12-14"):
        for cat, share in (("Nederland", 0.5), ("Europa", 0.1), ("Buiten-Europa", 0.4)):
            rows.append({"year": year, "unit": "organisatie", "schaal_band": band,
                         "scheme": "nieuw", "herkomst": cat, "share": share, "n_staff": 1000,
                         "suppressed": False})
    return pd.DataFrame(rows)


def _write_csv(frame: pd.DataFrame, path: Path, sep: str = ";", encoding: str = "cp1252") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=sep, index=False, encoding=encoding)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_excel(path, index=False)


def _valid_cbs(raw: Path) -> None:
    from pipeline.ingest.writers import write_benchmark, write_cbs_barometer

    write_cbs_barometer(_barometer_frame(), raw / "cbs" / "barometer_2030.xlsx", 2030)
    bench = pd.DataFrame({"year": [2030] * 3, "herkomst": ["Nederland", "Europa",
                          "Buiten-Europa"], "share": [0.55, 0.11, 0.34]})
    write_benchmark(bench, raw / "benchmark" / "beroepsbevolking.csv")


# ------------------------------------------------------------------------------ cases


def survey_missing_column(raw: Path) -> dict:
    _write_csv(_survey_rows().drop(columns="ID"), raw / "survey" / "2030_monitor.csv")
    return {"message": ["2030_monitor.csv", "column 'ID'", "required column is missing"]}


def survey_unknown_code_sav(raw: Path) -> dict:
    frame = _survey_rows().drop(columns="LAND")
    for col in ("KLAAR", "GESL", "D1", "PV1"):
        frame[col] = frame[col].astype(float)
    frame.loc[[1, 4], "GESL"] = 7.0
    path = raw / "survey" / "2030_monitor.sav"
    path.parent.mkdir(parents=True, exist_ok=True)
    pyreadstat.write_sav(frame, str(path), variable_value_labels={"GESL": {1: "man", 2: "vrouw"}})
    return {"mapping_file": "survey/2030_monitor.sav",
            "message": ["2030_monitor.sav", "column 'GESL'", "code not in the mapping",
                        "2 rows, first rows: 2, 5"]}


def survey_unknown_country_xlsx(raw: Path) -> dict:
    frame = _survey_rows()
    frame.loc[2, "LAND"] = "Atlantis"
    _write_xlsx(frame, raw / "survey" / "2030_monitor.xlsx")
    return {"mapping_file": "survey/2030_monitor.xlsx", "forbidden": ["Atlantis"],
            "message": ["2030_monitor.xlsx", "column 'LAND'", "code not in the mapping",
                        "1 row, first rows: 3"]}


def survey_empty_csv(raw: Path) -> dict:
    path = raw / "survey" / "2030_monitor.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return {"message": ["2030_monitor.csv", "file is empty"]}


def survey_header_only_xlsx(raw: Path) -> dict:
    _write_xlsx(_survey_rows().iloc[:0], raw / "survey" / "2030_monitor.xlsx")
    return {"mapping_file": "survey/2030_monitor.xlsx",
            "message": ["2030_monitor.xlsx", "no data rows"]}


def survey_wrong_type_sav(raw: Path) -> dict:
    _write_csv(_survey_rows(), raw / "survey" / "2030_monitor.sav")
    return {"mapping_file": "survey/2030_monitor.sav",
            "message": ["2030_monitor.sav", "wrong file type", "content is csv"]}


def survey_damaged_xlsx(raw: Path) -> dict:
    path = raw / "survey" / "2030_monitor.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 20)
    return {"mapping_file": "survey/2030_monitor.xlsx",
            "message": ["2030_monitor.xlsx", "unreadable file"]}


def survey_bad_encoding_csv(raw: Path) -> dict:
    path = raw / "survey" / "2030_monitor.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _survey_rows().to_csv(sep=";", index=False).encode("cp1252")
    path.write_bytes(text.replace(b"R002", b"R\x81\x8d2"))  # bytes undefined in cp1252
    return {"message": ["2030_monitor.csv", "unreadable file", "cp1252"]}


def survey_ragged_csv(raw: Path) -> dict:
    path = raw / "survey" / "2030_monitor.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = _survey_rows().to_csv(sep=";", index=False).splitlines()
    lines[3] += ";extra;veld"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return {"message": ["2030_monitor.csv", "more fields than the header",
                        "1 row, first rows: 3"]}


def survey_not_whole_number_csv(raw: Path) -> dict:
    frame = _survey_rows()
    frame.loc[4, "PV1"] = "3,5"
    _write_csv(frame, raw / "survey" / "2030_monitor.csv")
    return {"forbidden": ["3,5"],
            "message": ["column 'PV1'", "not a whole number", "1 row, first rows: 5"]}


def survey_duplicate_csv_utf8(raw: Path) -> dict:
    frame = _survey_rows()
    frame = pd.concat([frame, frame.iloc[[2]]], ignore_index=True)
    _write_csv(frame, raw / "survey" / "2030_monitor.csv", sep=",", encoding="utf-8-sig")
    return {"exit": 0, "quarantined": {"duplicate_id": 1}}


def survey_out_of_range_csv(raw: Path) -> dict:
    frame = _survey_rows()
    frame.loc[[0, 3], "PV1"] = ["9", "0"]
    _write_csv(frame, raw / "survey" / "2030_monitor.csv")
    return {"exit": 0, "quarantined": {"out_of_range": 2}}


def survey_missing_id_xlsx(raw: Path) -> dict:
    frame = _survey_rows()
    frame.loc[1, "ID"] = None
    _write_xlsx(frame, raw / "survey" / "2030_monitor.xlsx")
    return {"mapping_file": "survey/2030_monitor.xlsx", "exit": 0,
            "quarantined": {"missing_id": 1}}


def hr_duplicate_ids_csv(raw: Path) -> dict:
    frame = _hr_rows()
    frame.loc[3, "Personeelsnummer"] = frame.loc[1, "Personeelsnummer"]
    _write_csv(frame, raw / "hr" / "hr_2030-12-31.csv")
    return {"forbidden": ["900001"],
            "message": ["hr_2030-12-31.csv", "column 'Personeelsnummer'",
                        "duplicate employee id", "2 rows, first rows: 2, 4"]}


def hr_bad_date_csv(raw: Path) -> dict:
    frame = _hr_rows()
    frame.loc[2, "Geboortedatum"] = "32-13-1980"
    _write_csv(frame, raw / "hr" / "hr_2030-12-31.csv")
    return {"forbidden": ["32-13-1980"],
            "message": ["column 'Geboortedatum'", "not a date", "1 row, first rows: 3"]}


def hr_impossible_birth_csv(raw: Path) -> dict:
    frame = _hr_rows()
    frame.loc[0, "Geboortedatum"] = "01-01-2031"
    frame.loc[4, "Geboortedatum"] = "01-01-1900"
    _write_csv(frame, raw / "hr" / "hr_2030-12-31.csv")
    return {"exit": 0, "quarantined": {"impossible_date": 2}}


def hr_left_before_start_xlsx(raw: Path) -> dict:
    frame = _hr_rows()
    frame.loc[1, "Datum uit dienst"] = "01-01-2005"
    _write_xlsx(frame, raw / "hr" / "hr_2030-12-31.xlsx")
    return {"exit": 0, "quarantined": {"impossible_date": 1}}


def hr_missing_column_xlsx(raw: Path) -> dict:
    _write_xlsx(_hr_rows().drop(columns="Salarisschaal"), raw / "hr" / "hr_2030-12-31.xlsx")
    return {"message": ["hr_2030-12-31.xlsx", "column 'Salarisschaal'",
                        "required column is missing"]}


def hr_bad_scale_csv(raw: Path) -> dict:
    frame = _hr_rows()
    frame.loc[4, "Salarisschaal"] = "19"
    _write_csv(frame, raw / "hr" / "hr_2030-12-31.csv")
    return {"message": ["column 'Salarisschaal'", "not a salary scale", "first rows: 5"]}


def hr_unknown_gender_xlsx(raw: Path) -> dict:
    frame = _hr_rows()
    frame.loc[0, "Geslacht"] = "Q"
    _write_xlsx(frame, raw / "hr" / "hr_2030-12-31.xlsx")
    return {"message": ["column 'Geslacht'", "code not in hr.yml",
                        "add the code under `codes: gender:`", "1 row, first rows: 1"]}


def hr_bad_fte_csv(raw: Path) -> dict:
    frame = _hr_rows()
    frame.loc[1, "FTE"] = "voltijd"
    _write_csv(frame, raw / "hr" / "hr_2030-12-31.csv")
    return {"forbidden": ["voltijd"], "message": ["column 'FTE'", "not a number",
                                                  "first rows: 2"]}


def hr_binary_csv(raw: Path) -> dict:
    path = raw / "hr" / "hr_2030-12-31.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"Personeelsnummer\x00\x00\x01\x02" * 10)
    return {"message": ["hr_2030-12-31.csv", "wrong file type", "binary"]}


def cbs_bad_share_xlsx(raw: Path) -> dict:
    _valid_cbs(raw)
    path = raw / "cbs" / "barometer_2030.xlsx"
    sheet = pd.read_excel(path, sheet_name="Herkomst", header=None, dtype=object)
    sheet.iloc[6, 4] = "n.b."
    with pd.ExcelWriter(path) as writer:
        sheet.to_excel(writer, sheet_name="Herkomst", index=False, header=False)
    return {"message": ["barometer_2030.xlsx", "column 'Europa (excl. Nederland)'",
                        "share is not a number", "first rows: 2"]}


def cbs_no_sheet_xlsx(raw: Path) -> dict:
    _valid_cbs(raw)
    path = raw / "cbs" / "barometer_2030.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="Blad1", index=False)
    return {"message": ["barometer_2030.xlsx", "no barometer sheet found"]}


def cbs_missing_column_xlsx(raw: Path) -> dict:
    _valid_cbs(raw)
    path = raw / "cbs" / "barometer_2030.xlsx"
    sheet = pd.read_excel(path, sheet_name="Herkomst", header=None, dtype=object)
    with pd.ExcelWriter(path) as writer:
        sheet.drop(columns=5).to_excel(writer, sheet_name="Herkomst", index=False, header=False)
    return {"message": ["barometer_2030.xlsx", "column 'Buiten-Europa'",
                        "required column is missing"]}


def cbs_tidy_share_out_of_range_csv(raw: Path) -> dict:
    _valid_cbs(raw)
    (raw / "cbs" / "barometer_2030.xlsx").unlink()
    frame = _barometer_frame()
    frame.loc[4, "share"] = 1.5
    _write_csv(frame, raw / "cbs" / "barometer_2030.csv", sep=",", encoding="utf-8")
    return {"message": ["barometer_2030.csv", "column 'share'", "value out of range",
                        "first rows: 5"]}


def cbs_wrong_type_xlsx(raw: Path) -> dict:
    _valid_cbs(raw)
    _write_csv(_barometer_frame(), raw / "cbs" / "barometer_2030.xlsx")
    return {"message": ["barometer_2030.xlsx", "wrong file type"]}


def benchmark_missing_column_csv(raw: Path) -> dict:
    _valid_cbs(raw)
    path = raw / "benchmark" / "beroepsbevolking.csv"
    path.write_text("Jaar;Herkomst\n2030;Nederland\n", encoding="utf-8")
    return {"message": ["beroepsbevolking.csv", "column 'Aandeel werkzame beroepsbevolking (%)'",
                        "required column is missing"]}


def benchmark_bad_year_csv(raw: Path) -> dict:
    _valid_cbs(raw)
    path = raw / "benchmark" / "beroepsbevolking.csv"
    path.write_text("Jaar;Herkomst;Aandeel werkzame beroepsbevolking (%)\n"
                    "2030;Nederland;55,0\ntwintig;Europa;11,0\n", encoding="utf-8")
    return {"message": ["beroepsbevolking.csv", "column 'Jaar'", "not a year",
                        "1 row, first rows: 2"]}


def benchmark_empty_csv(raw: Path) -> dict:
    _valid_cbs(raw)
    (raw / "benchmark" / "beroepsbevolking.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    return {"message": ["beroepsbevolking.csv", "file is empty"]}


def benchmark_share_out_of_range_csv(raw: Path) -> dict:
    _valid_cbs(raw)
    path = raw / "benchmark" / "beroepsbevolking.csv"
    path.write_text("Jaar;Herkomst;Aandeel werkzame beroepsbevolking (%)\n"
                    "2030;Nederland;155,0\n", encoding="cp1252")
    return {"message": ["beroepsbevolking.csv", "column 'share'", "value out of range"]}


CASES: dict[str, tuple[str, Callable[[Path], dict]]] = {
    f.__name__: (f.__name__.split("_")[0].replace("benchmark", "cbs"), f)
    for f in (
        survey_missing_column, survey_unknown_code_sav, survey_unknown_country_xlsx,
        survey_empty_csv, survey_header_only_xlsx, survey_wrong_type_sav, survey_damaged_xlsx,
        survey_bad_encoding_csv, survey_ragged_csv, survey_not_whole_number_csv,
        survey_duplicate_csv_utf8, survey_out_of_range_csv, survey_missing_id_xlsx,
        hr_duplicate_ids_csv, hr_bad_date_csv, hr_impossible_birth_csv,
        hr_left_before_start_xlsx, hr_missing_column_xlsx, hr_bad_scale_csv,
        hr_unknown_gender_xlsx, hr_bad_fte_csv, hr_binary_csv,
        cbs_bad_share_xlsx, cbs_no_sheet_xlsx, cbs_missing_column_xlsx,
        cbs_tidy_share_out_of_range_csv, cbs_wrong_type_xlsx,
        benchmark_missing_column_csv, benchmark_bad_year_csv, benchmark_empty_csv,
        benchmark_share_out_of_range_csv,
    )
}


def build(target: Path) -> dict[str, dict]:
    """Write every case under `target`; return case name -> expectation."""
    sys.path.insert(0, str(ROOT))
    shutil.rmtree(target, ignore_errors=True)
    expectations = {}
    for name, (stage, make) in CASES.items():
        case = target / name
        raw = case / "raw"
        config = case / "config"
        (config / "waves").mkdir(parents=True)
        for layout in ("hr.yml", "cbs.yml"):
            shutil.copy(ROOT / "config" / "sources" / "demo" / layout, config / layout)
        expect = {"stage": stage, "exit": 2, "secret": SECRET, **make(raw)}
        if stage == "survey":
            mapping = dict(MAPPING, file=expect.pop("mapping_file", MAPPING["file"]))
            (config / "waves" / "2030.yml").write_text(
                yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (case / "expect.yml").write_text(yaml.safe_dump(expect, allow_unicode=True),
                                         encoding="utf-8")
        expectations[name] = expect
    return expectations


if __name__ == "__main__":
    cases = build(HERE / "cases")
    print(f"{len(cases)} corpus cases written to {HERE / 'cases'}")
