"""Fixtures: small synthetic canonical frames and a demo raw folder written with our writers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from pipeline.ingest.mapping import load_mapping, to_raw
from pipeline.ingest.settings import CONFIG_DIR
from pipeline.ingest.variables import SURVEY_VARIABLES
from pipeline.ingest.writers import (
    write_benchmark,
    write_cbs_barometer,
    write_hr_export,
    write_survey_raw,
)

CLUSTERS = ("Dienstverlening", "Sociaal Domein", "Ruimte & Economie", "Stadsdelen")
COUNTRIES = ("NL", "NL", "NL", "MA", "SR", "TR", "ID", "DE", "PL", "US", "CW", "BE", "JP")


def make_survey(n: int = 60, wave: int = 2024, study: str = "herhaal", seed: int = 1,
                ids: list[str] | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cols: dict[str, pd.Series] = {}
    for name, var in SURVEY_VARIABLES.items():
        if var.derived:
            continue
        if name == "resp_id":
            vals = ids or [f"R{wave}{i:05d}" for i in range(n)]
        elif name == "wave":
            cols[name] = pd.Series([wave] * n, dtype="int64")
            continue
        elif name == "study":
            vals = [study] * n
        elif name.startswith("country"):
            vals = [str(x) for x in rng.choice(COUNTRIES, n)]
        elif name == "cluster":
            vals = [str(x) for x in rng.choice(CLUSTERS, n)]
        elif name == "directie":
            vals = [f"Directie {x}" for x in rng.integers(1, 6, n)]
        elif var.kind == "bool":
            vals = [bool(x) for x in rng.choice([True, False], n)]
        elif var.kind == "int":
            vals = [int(x) for x in rng.integers(var.values[0], var.values[1] + 1, n)]
        else:
            vals = [str(x) for x in rng.choice(var.values, n)]
        s = pd.Series(vals, dtype=var.dtype)
        if name not in ("resp_id", "study", "complete"):
            s[rng.random(n) < 0.1] = pd.NA
        cols[name] = s
    return pd.DataFrame(cols)


def make_hr(year: int, ids: list[str], seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed + year)
    n = len(ids)
    schalen = ["4", "7", "8", "10", "10A", "11", "11A", "12", "13", "15"]
    return pd.DataFrame({
        "employee_id": pd.Series(ids, dtype="string"),
        "peildatum": pd.Series([pd.Timestamp(f"{year}-12-31")] * n, dtype="datetime64[ns]"),
        "cluster": pd.Series([str(x) for x in rng.choice(CLUSTERS, n)], dtype="string"),
        "directie": pd.Series([f"Directie {x}" for x in rng.integers(1, 4, n)], dtype="string"),
        "schaal": pd.Series([str(x) for x in rng.choice(schalen, n)], dtype="string"),
        "manager": pd.Series([bool(x) for x in rng.random(n) < 0.1], dtype="boolean"),
        "birth_date": pd.Series(pd.to_datetime([f"{y}-0{m}-1{d}" for y, m, d in zip(
            rng.integers(1960, 2002, n), rng.integers(1, 9, n), rng.integers(0, 9, n),
            strict=True)]), dtype="datetime64[ns]"),
        "gender": pd.Series([str(x) for x in rng.choice(["M", "V", "X"], n)], dtype="string"),
        "fte": np.round(rng.choice([0.5, 0.8, 0.8889, 1.0], n), 4),
        "start_date": pd.Series([pd.Timestamp(f"{year - 3}-03-01")] * n, dtype="datetime64[ns]"),
        "end_date": pd.Series([pd.NaT] * n, dtype="datetime64[ns]"),
    })


def make_barometer(year: int) -> pd.DataFrame:
    rows = []
    for unit in ("organisatie", *CLUSTERS[:2]):
        for band in ("totaal", "1-5", "12-14", "15+"):
            shares = {"Nederland": 0.5, "Europa": 0.12, "Buiten-Europa": 0.38}
            for cat, share in shares.items():
                sup = band == "15+" and unit != "organisatie" and cat == "Europa"
                rows.append({"year": year, "unit": unit, "schaal_band": band, "scheme": "nieuw",
                             "herkomst": cat, "share": pd.NA if sup else share,
                             "n_staff": 22000 if unit == "organisatie" else 300,
                             "suppressed": sup})
            for cat, share in {"Nederlands": 0.55, "westers": 0.12, "niet-westers": 0.33}.items():
                rows.append({"year": year, "unit": unit, "schaal_band": band, "scheme": "oud",
                             "herkomst": cat, "share": share, "n_staff": 300, "suppressed": False})
    return pd.DataFrame(rows)


@pytest.fixture
def demo_raw(tmp_path: Path) -> dict[str, Path]:
    """Write a small demo raw folder and a params file; return the paths."""
    raw = tmp_path / "raw" / "demo"
    for wave, suffix in ((2024, "sav"), (2026, "csv")):
        mapping = load_mapping(CONFIG_DIR / "waves" / f"{wave}.yml")
        can = make_survey(60, wave, mapping.study, seed=wave)
        write_survey_raw(to_raw(can, mapping), raw / mapping.file, mapping)
        assert (raw / mapping.file).suffix == f".{suffix}"
    ids = [f"{100000 + i}" for i in range(40)]
    write_hr_export(make_hr(2023, ids[:35]), raw / "hr" / "hr_2023-12-31.csv")
    write_hr_export(make_hr(2024, ids[5:]), raw / "hr" / "hr_2024-12-31.xlsx")
    for year in (2023, 2024):
        write_cbs_barometer(make_barometer(year), raw / "cbs" / f"barometer_{year}.xlsx", year)
    bench = pd.DataFrame({"year": [2023, 2023, 2023], "herkomst": ["Nederland", "Europa",
                          "Buiten-Europa"], "share": [0.55, 0.11, 0.34]})
    write_benchmark(bench, raw / "benchmark" / "beroepsbevolking.csv")
    params = tmp_path / "params.yaml"
    params.write_text(yaml.safe_dump({"data": {"source": "demo"}, "waves": [2024, 2026]}))
    return {"raw": raw, "params": params, "out": tmp_path / "processed", "root": tmp_path}
