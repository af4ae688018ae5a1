"""Round trip: canonical -> to_raw -> .sav, .csv (both dialects), .xlsx -> read -> mapped."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.cbs import read_barometer, read_benchmark
from pipeline.ingest.countries import iso_codes
from pipeline.ingest.hr import hr_from_raw
from pipeline.ingest.mapping import apply_mapping, load_mapping, to_raw
from pipeline.ingest.readers import read_raw
from pipeline.ingest.settings import CONFIG_DIR, cbs_config, hr_config
from pipeline.ingest.variables import SURVEY_VARIABLES
from pipeline.ingest.writers import (
    write_benchmark,
    write_cbs_barometer,
    write_hr_export,
    write_survey_raw,
)

DIALECTS = [
    ("sav", {}),
    ("csv", {"encoding": "utf-8", "delimiter": ",", "decimal": "."}),
    ("csv", {"encoding": "cp1252", "delimiter": ";", "decimal": ","}),
    ("xlsx", {}),
]
COUNTRIES = sorted(iso_codes())
UNITS = ["Dienstverlening", "Sociaal Domein", "Ruimte & Economie", "Stadsdeel Zuidoost",
         "Bedrijfsvoering (incl. ICT)"]


def _value(name: str) -> st.SearchStrategy:
    var = SURVEY_VARIABLES[name]
    if name.startswith("country_"):
        value = st.sampled_from(COUNTRIES)
    elif name in ("cluster", "directie"):
        value = st.sampled_from(UNITS)
    elif var.kind == "bool":
        value = st.booleans()
    elif var.kind == "int":
        value = st.integers(*var.values)
    elif var.values is not None:
        value = st.sampled_from(var.values)
    else:
        value = st.just("x")
    return st.one_of(st.none(), value) if name != "complete" else value


@st.composite
def canonical_frames(draw: st.DrawFn, wave: int, study: str) -> pd.DataFrame:
    n = draw(st.integers(1, 6))
    names = [v for v, var in SURVEY_VARIABLES.items()
             if not var.derived and v not in ("resp_id", "wave", "study")]
    cols = {"resp_id": pd.Series([f"R{i}" for i in range(n)], dtype="string"),
            "wave": pd.Series([wave] * n, dtype="int64"),
            "study": pd.Series([study] * n, dtype="string")}
    for name in names:
        values = draw(st.lists(_value(name), min_size=n, max_size=n))
        cols[name] = pd.Series([pd.NA if v is None else v for v in values],
                               dtype=SURVEY_VARIABLES[name].dtype)
    return pd.DataFrame(cols)


@pytest.mark.parametrize("wave", [2024, 2026])
@pytest.mark.parametrize(("fmt", "csv"), DIALECTS)
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_survey_round_trip(wave: int, fmt: str, csv: dict, data: st.DataObject,
                           tmp_path: Path) -> None:
    mapping = load_mapping(CONFIG_DIR / "waves" / f"{wave}.yml")
    canonical = data.draw(canonical_frames(wave, mapping.study))
    raw = to_raw(canonical, mapping)
    path = write_survey_raw(raw, tmp_path / f"s.{fmt}", mapping, **csv)
    table = read_raw(path)
    if fmt == "csv":
        assert table.delimiter == csv["delimiter"]
        if not path.read_bytes().isascii():  # pure ASCII is valid in both encodings
            assert table.encoding == csv["encoding"]
    back = apply_mapping(table.frame, mapping, file=path, value_labels=table.value_labels).frame
    expected = canonical[back.columns.tolist()]
    pd.testing.assert_frame_equal(back, expected)
    assert set(back.columns) == {*mapping.columns, "wave", "study"}


def test_to_raw_does_not_mutate_input() -> None:
    mapping = load_mapping(CONFIG_DIR / "waves" / "2024.yml")
    canonical = pd.DataFrame({"resp_id": pd.array(["a"], dtype="string"),
                              "complete": pd.array([True], dtype="boolean"),
                              "cluster": pd.array(["S"], dtype="string")})
    before = canonical.copy()
    to_raw(canonical, mapping)
    pd.testing.assert_frame_equal(canonical, before)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_hr_round_trip(suffix: str, tmp_path: Path) -> None:
    hr = pd.DataFrame({
        "employee_id": pd.array(["100001", "100002"], dtype="string"),
        "peildatum": pd.to_datetime(["2024-12-31", "2024-12-31"]),
        "cluster": pd.array(["Sociaal Domein", "Ruimte & Economie"], dtype="string"),
        "directie": pd.array(["Werk, Participatie & Inkomen", "Verkeer & Openbare Ruimte"],
                             dtype="string"),
        "schaal": pd.array(["10A", "15"], dtype="string"),
        "manager": pd.array([False, True], dtype="boolean"),
        "birth_date": pd.to_datetime(["1990-02-28", "1970-12-31"]),
        "gender": pd.array(["V", "X"], dtype="string"),
        "fte": [0.8889, 1.0],
        "start_date": pd.to_datetime(["2015-01-01", "2001-09-01"]),
        "end_date": pd.to_datetime([pd.NaT, "2025-03-31"]),
    })
    hr = hr.astype({c: "datetime64[ns]" for c in
                    ("peildatum", "birth_date", "start_date", "end_date")})
    path = write_hr_export(hr, tmp_path / f"hr_2024-12-31.{suffix}")
    back = hr_from_raw(read_raw(path), hr_config())
    pd.testing.assert_frame_equal(back, hr, check_dtype=False)
    assert back["end_date"].dtype == "datetime64[ns]"


def test_hr_csv_is_dutch_payroll_format(tmp_path: Path) -> None:
    hr = pd.DataFrame({"employee_id": ["1"], "birth_date": pd.to_datetime(["1990-02-28"]),
                       "fte": [0.5], "manager": [True]})
    text = write_hr_export(hr, tmp_path / "hr.csv").read_bytes().decode("cp1252")
    assert text.splitlines() == ["Personeelsnummer;Leidinggevende;Geboortedatum;FTE",
                                 "1;Ja;28-02-1990;0,5"]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_barometer_round_trip(suffix: str, tmp_path: Path) -> None:
    rows = []
    for scheme, cats in (("nieuw", ["Nederland", "Europa", "Buiten-Europa"]),
                         ("oud", ["Nederlands", "westers", "niet-westers"])):
        for unit in ("organisatie", "Sociaal Domein"):
            for band in ("totaal", "12-14", "15+"):
                for i, cat in enumerate(cats):
                    sup = unit != "organisatie" and band == "15+" and i == 1
                    rows.append({"year": 2024, "unit": unit, "schaal_band": band,
                                 "scheme": scheme, "herkomst": cat,
                                 "share": None if sup else [0.5, 0.125, 0.375][i],
                                 "n_staff": 320, "suppressed": sup})
    canonical = pd.DataFrame(rows)
    path = write_cbs_barometer(canonical, tmp_path / f"barometer_2024.{suffix}", 2024)
    back = read_barometer(path, cbs_config())
    expected = canonical.astype({"share": "float64"})
    key = ["scheme", "unit", "schaal_band", "herkomst"]
    back = back.sort_values(key).reset_index(drop=True)
    expected = expected.sort_values(key).reset_index(drop=True)[back.columns]
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    if suffix == "xlsx":
        title = pd.read_excel(path, sheet_name="Herkomst", header=None).iloc[0, 0]
        assert title == "Barometer Culturele Diversiteit 2024"


def test_benchmark_round_trip(tmp_path: Path) -> None:
    bench = pd.DataFrame({"year": [2023, 2023], "herkomst": ["Europa", "westers"],
                          "share": [0.105, 0.12], "scheme": ["nieuw", "oud"]})
    back = read_benchmark(write_benchmark(bench, tmp_path / "b.csv"), cbs_config())
    pd.testing.assert_frame_equal(back, bench[back.columns], check_dtype=False)
