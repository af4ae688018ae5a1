"""Derivations: CBS origin (both schemes), salary band, age, reverse coding, HR flows."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.ingest.countries import country_table
from pipeline.ingest.derive import (
    age_at,
    age_band,
    derive_origin,
    hr_flows,
    reverse_code_ps,
    schaal_band,
)

# (self, mother, father) -> (herkomst, migratieachtergrond); CBS "Herkomstland" and the old
# definition of westers/niet-westers (Europe excl. Turkey, North America, Oceania, ID, JP).
CBS_EXAMPLES = [
    (("NL", "NL", "NL"), ("Nederland", "Nederlands")),
    (("NL", "MA", "MA"), ("Buiten-Europa", "niet-westers")),
    (("NL", "NL", "MA"), ("Buiten-Europa", "niet-westers")),     # mother Dutch -> father
    (("NL", "DE", "MA"), ("Europa", "westers")),                 # mother abroad decides
    (("NL", "TR", "NL"), ("Buiten-Europa", "niet-westers")),     # Turkey: both non-Europe
    (("ID", "ID", "ID"), ("Buiten-Europa", "westers")),          # Indonesia moved
    (("JP", "JP", "JP"), ("Buiten-Europa", "westers")),          # Japan moved
    (("US", "US", "US"), ("Buiten-Europa", "westers")),          # North America moved
    (("AU", "AU", "AU"), ("Buiten-Europa", "westers")),          # Oceania moved
    (("SR", "SR", "SR"), ("Buiten-Europa", "niet-westers")),
    (("CW", "CW", "NL"), ("Buiten-Europa", "niet-westers")),     # Dutch Caribbean
    (("PL", "PL", "PL"), ("Europa", "westers")),
    (("DE", "NL", "NL"), ("Europa", "Nederlands")),              # born abroad, Dutch parents
    (("NL", pd.NA, "SR"), ("Buiten-Europa", "niet-westers")),    # mother unknown -> father
    ((pd.NA, "MA", "MA"), (pd.NA, pd.NA)),                       # own country unknown
]


@pytest.mark.parametrize(("countries", "expected"), CBS_EXAMPLES)
def test_origin_follows_cbs(countries: tuple, expected: tuple) -> None:
    frame = pd.DataFrame([countries], columns=["country_self", "country_mother",
                                               "country_father"]).astype("string")
    out = derive_origin(frame)
    got = (out["herkomst"].iloc[0], out["migratieachtergrond"].iloc[0])
    assert [pd.NA if pd.isna(g) else g for g in got] == list(expected)


def test_derive_origin_does_not_mutate() -> None:
    frame = pd.DataFrame({"country_self": ["NL"], "country_mother": ["MA"],
                          "country_father": ["NL"]})
    derive_origin(frame)
    assert list(frame.columns) == ["country_self", "country_mother", "country_father"]


def test_country_table_is_complete_and_consistent() -> None:
    table = country_table()
    assert len(table) == 249
    assert table["alpha2"].is_unique and table["name_nl"].is_unique
    assert set(table["herkomst"]) == {"Nederland", "Europa", "Buiten-Europa"}
    assert set(table["migratieachtergrond"]) == {"Nederlands", "westers", "niet-westers"}
    assert (table["herkomst"] == "Nederland").sum() == 1
    europe = table[table["herkomst"] == "Europa"]
    assert (europe["migratieachtergrond"] == "westers").all()
    moved = table.loc[["ID", "JP", "US", "CA", "AU", "NZ"]]
    assert (moved["herkomst"] == "Buiten-Europa").all()
    assert (moved["migratieachtergrond"] == "westers").all()
    assert table.loc["TR", "migratieachtergrond"] == "niet-westers"
    assert table["name_nl"].map(lambda s: s.encode("cp1252", errors="strict")).notna().all()


@pytest.mark.parametrize(("schaal", "band"), [
    ("1", "1-5"), ("5", "1-5"), ("6", "6-8"), ("8", "6-8"), ("9", "9-11"), ("10A", "9-11"),
    ("11", "9-11"), ("11A", "9-11"), ("12", "12-14"), ("14", "12-14"), ("15", "15+"),
    ("18", "15+"), ("10a", "9-11"), ("0", None), ("19", None), (None, None),
])
def test_schaal_band_boundaries(schaal: str | None, band: str | None) -> None:
    got = schaal_band(pd.Series([schaal], dtype="string")).iloc[0]
    assert (pd.isna(got) and band is None) or got == band


@pytest.mark.parametrize(("birth", "age"), [
    ("2000-12-31", 24), ("2001-01-01", 23), ("2000-02-29", 24), ("1960-12-31", 64),
])
def test_age_at_peildatum(birth: str, age: int) -> None:
    assert age_at(pd.Series(pd.to_datetime([birth])), pd.Timestamp("2024-12-31")).iloc[0] == age


@pytest.mark.parametrize(("age", "band"), [(24, "<25"), (25, "25-34"), (34, "25-34"),
                                           (35, "35-44"), (44, "35-44"), (45, "45-54"),
                                           (54, "45-54"), (55, "55+"), (70, "55+")])
def test_age_band_boundaries(age: int, band: str) -> None:
    assert age_band(pd.Series([age], dtype="Int64")).iloc[0] == band


def test_reverse_code_ps_only_items_1_3_5() -> None:
    frame = pd.DataFrame({f"ps{i}": pd.array([1, 7], dtype="Int64") for i in range(1, 8)})
    out = reverse_code_ps(frame)
    for i in range(1, 8):
        expected = [7, 1] if i in (1, 3, 5) else [1, 7]
        assert out[f"ps{i}"].tolist() == expected
    assert frame["ps1"].tolist() == [1, 7]


def test_hr_flows_classify_each_movement() -> None:
    hr = pd.DataFrame({
        "employee_id": ["a", "b", "c", "d", "e", "a", "c", "d", "e", "f", "f"],
        "peildatum": pd.to_datetime(["2023-12-31"] * 5 + ["2024-12-31"] * 6),
        "cluster": ["S"] * 11,
        "directie": ["X", "X", "X", "X", "X", "X", "Y", "X", "X", "X", "X"],
        "schaal": ["8", "9", "10", "12", "11", "10A", "10", "11", "11", "7", "9"],
        "fte": [1.0] * 9 + [0.5, 0.5],
    })
    flows = hr_flows(hr).set_index("employee_id")
    assert flows.loc["a", ["flow", "direction"]].tolist() == ["doorstroom", "omhoog"]
    assert flows.loc["b", "flow"] == "uitstroom"
    assert flows.loc["c", ["flow", "direction"]].tolist() == ["doorstroom", "zijwaarts"]
    assert flows.loc["d", ["flow", "direction"]].tolist() == ["doorstroom", "omlaag"]
    assert flows.loc["e", "flow"] == "blijf"
    assert flows.loc["f", "flow"] == "instroom"        # two contracts count once
    assert flows.loc["f", "schaal_to"] == "9"            # the higher scale at equal FTE
    assert flows.loc["a", "schaal_band_to"] == "9-11"
