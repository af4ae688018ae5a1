"""A municipality the demo generator did not make: "Havenstad", written as a research team would.

Its own unit names, size, years and HR layout; the survey exported in the canonical variable
names (so no mapping file); one HR snapshot per wave; optionally no CBS and no labour-force
table. Nothing here imports the demo generator (pipeline.synth), and the numbers are drawn from
this module's own response and outcome models, so a demo value cannot appear by construction.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

SOURCE = "havenstad"
CLUSTERS = ("Haven en Logistiek", "Zorg en Welzijn", "Stadsbeheer", "Middelen", "Publiekszaken")
CLUSTER_SIZE = (0.14, 0.26, 0.24, 0.18, 0.18)
#: Values that exist only here: the test looks for them in the reports.
MARKERS = CLUSTERS
HR_LAYOUT = {
    "columns": {"employee_id": "Medewerker-ID", "peildatum": "Datum peil", "cluster": "Cluster",
                "directie": "Afdeling", "schaal": "Schaal", "manager": "Leidinggevend",
                "birth_date": "Geboortedatum", "gender": "Gender", "fte": "Deeltijdfactor",
                "start_date": "In dienst", "end_date": "Uit dienst"},
    "required": ["employee_id", "peildatum", "cluster", "directie", "schaal", "manager",
                 "birth_date", "gender", "fte", "start_date"],
    "codes": {"manager": {"J": True, "N": False}, "gender": {"man": "M", "vrouw": "V", "x": "X"}},
    "date_format": "%Y-%m-%d",
    "csv": {"encoding": "utf-8", "delimiter": ",", "decimal": "."},
    "plausible_age": [15, 75],
}
COUNTRIES = {"Nederland": ["NL"], "Europa": ["DE", "PL", "BE", "PT"],
             "Buiten-Europa": ["TR", "MA", "SR", "ID", "CN"]}


def _staff(rng: np.random.Generator, n: int, year: int) -> pd.DataFrame:
    cluster = rng.choice(len(CLUSTERS), size=n, p=CLUSTER_SIZE)
    schaal = np.clip(np.round(rng.normal(9.5, 2.6, n)), 2, 17).astype(int)
    age = np.clip(rng.normal(44, 11, n), 18, 66).astype(int)
    origin = rng.choice(list(COUNTRIES), size=n, p=[0.62, 0.10, 0.28])
    frame = pd.DataFrame({
        "employee_id": [f"HV{100000 + i}" for i in range(n)],
        "cluster": [CLUSTERS[c] for c in cluster],
        "directie": [f"{CLUSTERS[c]} {'Noord' if rng.random() < 0.5 else 'Zuid'}"
                     for c in cluster],
        "schaal": schaal,
        "manager": rng.random(n) < 0.09 + 0.02 * (schaal > 11),
        "age": age,
        "gender": rng.choice(["man", "vrouw", "x"], size=n, p=[0.45, 0.54, 0.01]),
        "fte": np.round(rng.choice([0.6, 0.8, 0.9, 1.0], size=n), 1),
        "origin": origin,
    })
    frame["birth_date"] = [f"{year - a}-0{1 + i % 9}-1{i % 9}" for i, a in enumerate(age)]
    frame["start_date"] = [f"{year - 1 - i % 15}-02-01" for i in range(n)]
    return frame


def _band(schaal: pd.Series) -> pd.Series:
    return pd.cut(schaal, [0, 5, 8, 11, 14, 99], labels=["1-5", "6-8", "9-11", "12-14", "15+"]
                  ).astype(str)


def _age_band(age: pd.Series) -> pd.Series:
    return pd.cut(age, [0, 24, 34, 44, 54, 99], labels=["<25", "25-34", "35-44", "45-54", "55+"]
                  ).astype(str)


def _hr_export(staff: pd.DataFrame, year: int) -> pd.DataFrame:
    cols = HR_LAYOUT["columns"]
    return pd.DataFrame({
        cols["employee_id"]: staff["employee_id"],
        cols["peildatum"]: f"{year}-12-31",
        cols["cluster"]: staff["cluster"],
        cols["directie"]: staff["directie"],
        cols["schaal"]: staff["schaal"],
        cols["manager"]: np.where(staff["manager"], "J", "N"),
        cols["birth_date"]: staff["birth_date"],
        cols["gender"]: staff["gender"],
        cols["fte"]: staff["fte"],
        cols["start_date"]: staff["start_date"],
        cols["end_date"]: "",
    })


def _survey(rng: np.random.Generator, staff: pd.DataFrame, wave: int) -> pd.DataFrame:
    band = _band(staff["schaal"])
    age = _age_band(staff["age"])
    logit = (-0.6 + 0.5 * (band.isin(["12-14", "15+"])) - 0.4 * (age == "<25")
             + 0.3 * (staff["cluster"] == CLUSTERS[3]) + 0.2 * (staff["gender"] == "vrouw"))
    respond = rng.random(len(staff)) < 1 / (1 + np.exp(-logit))
    s = staff[respond].reset_index(drop=True)
    n = len(s)
    non_eu = (s["origin"] == "Buiten-Europa").to_numpy()
    discr = rng.random(n) < np.where(non_eu, 0.27, 0.10)
    out = pd.DataFrame({
        "resp_id": [f"R{wave}-{i:05d}" for i in range(n)],
        "complete": rng.random(n) < 0.93,
        "cluster": s["cluster"], "directie": s["directie"],
        "schaal_band": _band(s["schaal"]), "manager": s["manager"],
        "age_band": _age_band(s["age"]),
        "gender": s["gender"].map({"man": "man", "vrouw": "vrouw", "x": "non-binair"}),
        "country_self": [rng.choice(COUNTRIES[o]) if rng.random() < 0.6 else "NL"
                         for o in s["origin"]],
        "country_mother": [rng.choice(COUNTRIES[o]) for o in s["origin"]],
        "country_father": [rng.choice(COUNTRIES[o]) for o in s["origin"]],
        "disability": rng.random(n) < 0.12,
        "lhbtiq": rng.random(n) < 0.08,
        "discr": np.where(discr, "ja", np.where(rng.random(n) < 0.1, "twijfel", "nee")),
    })
    for form, p in (("pesten", 0.12), ("roddel", 0.30), ("verbale_agressie", 0.18),
                    ("intimidatie", 0.07), ("seksuele_intimidatie", 0.05)):
        out[f"ub_{form}"] = np.where(rng.random(n) < p, rng.integers(1, 5, n), 0)
    for ground, p in (("herkomst", 0.45), ("leeftijd", 0.2), ("gender", 0.25)):
        out[f"discr_ground_{ground}"] = np.where(discr, rng.random(n) < p, pd.NA)
    for k in range(1, 8):
        out[f"ps{k}"] = rng.integers(1, 8, n)
    return out


OLD_SCHEME = {"Nederland": "Nederlands", "Europa": "westers", "Buiten-Europa": "niet-westers"}


def _barometer(staff: pd.DataFrame, year: int) -> pd.DataFrame:
    """Tidy CBS barometer rows of one year, from Havenstad's own staff (CBS counts everyone)."""
    band = _band(staff["schaal"])
    rows = []
    units = [("organisatie", staff.index == staff.index)]
    units += [(c, (staff["cluster"] == c).to_numpy()) for c in CLUSTERS]
    for unit, in_unit in units:
        for name, in_band in [("totaal", np.ones(len(staff), bool)),
                              *[(b, (band == b).to_numpy()) for b in
                                ("1-5", "6-8", "9-11", "12-14", "15+")],
                              ("12+", band.isin(["12-14", "15+"]).to_numpy())]:
            group = staff[in_unit & in_band]
            for scheme, labels in (("nieuw", {k: k for k in OLD_SCHEME}), ("oud", OLD_SCHEME)):
                for origin, label in labels.items():
                    small = len(group) < 10
                    rows.append({"year": year, "unit": unit, "schaal_band": name,
                                 "scheme": scheme, "herkomst": label,
                                 "share": None if small else
                                 round(float((group["origin"] == origin).mean()), 3),
                                 "n_staff": len(group), "suppressed": small})
    return pd.DataFrame(rows)


def write_cbs(root: Path, years: list[int], n_staff: int = 3200, seed: int = 5) -> None:
    """Add CBS barometer tables (tidy CSV), the labour-force table and a CBS layout."""
    from pipeline.ingest.writers import write_benchmark, write_cbs_barometer

    rng = np.random.default_rng(seed)
    raw = root / "data" / "raw" / SOURCE
    (raw / "cbs").mkdir(parents=True, exist_ok=True)
    (raw / "benchmark").mkdir(parents=True, exist_ok=True)
    layout = yaml.safe_load((Path(__file__).resolve().parents[2] / "config" / "sources" / "demo"
                             / "cbs.yml").read_text(encoding="utf-8"))
    layout["barometer"]["units"] = {"organisatie": "Gemeente Havenstad totaal"}
    config = root / "config" / "sources" / SOURCE / "cbs.yml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(yaml.safe_dump(layout, sort_keys=False), encoding="utf-8")
    bench = []
    for year in years:
        staff = _staff(rng, n_staff + 150 * (year - years[0]), year)
        write_cbs_barometer(_barometer(staff, year), raw / "cbs" / f"barometer_{year}.csv", year,
                            layout)
        for scheme, labels in (("nieuw", {k: k for k in OLD_SCHEME}), ("oud", OLD_SCHEME)):
            for share, label in zip((0.55, 0.12, 0.33), labels.values(), strict=True):
                bench.append({"year": year, "herkomst": label, "scheme": scheme, "share": share})
    write_benchmark(pd.DataFrame(bench), raw / "benchmark" / "beroepsbevolking.csv", layout)


def write_source(root: Path, waves: list[int], n_staff: int = 3200,
                 seed: int = 5) -> dict[int, int]:
    """Write Havenstad's raw exports and configuration under `root`; return respondents per wave.

    One HR snapshot per wave year (31-12), the survey of each wave as a canonical CSV, an HR
    layout of its own; no CBS barometer and no labour-force table (:func:`write_cbs` adds them).
    """
    rng = np.random.default_rng(seed)
    raw = root / "data" / "raw" / SOURCE
    config = root / "config" / "sources" / SOURCE
    (raw / "hr").mkdir(parents=True, exist_ok=True)
    (raw / "survey").mkdir(parents=True, exist_ok=True)
    config.mkdir(parents=True, exist_ok=True)
    (config / "hr.yml").write_text(yaml.safe_dump(HR_LAYOUT, sort_keys=False), encoding="utf-8")
    counts = {}
    for wave in waves:
        staff = _staff(rng, n_staff + 150 * (wave - waves[0]), wave)
        _hr_export(staff, wave).to_csv(raw / "hr" / f"hr_{wave}-12-31.csv", index=False)
        study = "herhaal" if (wave - 2024) % 4 == 0 else "monitor"
        survey = _survey(rng, staff, wave)
        survey.to_csv(raw / "survey" / f"{wave}_{study}.csv", index=False)
        counts[wave] = len(survey)
    return counts
