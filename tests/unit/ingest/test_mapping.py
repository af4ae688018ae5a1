"""Wave mappings: the demo files load, bad mappings fail clearly, unmapped codes are errors."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.ingest.canonical import apply_canonical
from pipeline.ingest.errors import IngestError
from pipeline.ingest.mapping import apply_mapping, load_mapping, parse_mapping
from pipeline.ingest.settings import CONFIG_DIR
from pipeline.ingest.variables import BACKGROUND, SURVEY_VARIABLES

BASE = {"wave": 2030, "study": "monitor", "peildatum": "2030-12-31", "file": "s.csv"}


def test_demo_mappings_load_and_differ() -> None:
    m24 = load_mapping(CONFIG_DIR / "waves" / "2024.yml")
    m26 = load_mapping(CONFIG_DIR / "waves" / "2026.yml")
    assert (m24.study, m26.study) == ("herhaal", "monitor")
    assert str(m24.peildatum) == "2024-12-31" and str(m26.peildatum) == "2026-12-31"
    assert m24.file.endswith(".sav") and m26.file.endswith(".csv")
    full = {v for v, var in SURVEY_VARIABLES.items()
            if not var.derived and v not in ("wave", "study")}
    assert set(m24.columns) == full
    monitor = {v for v in full if v.startswith(("ub_", "discr", "told_", "ps"))
               and not v.startswith("ub_by_")} | set(BACKGROUND) | {"resp_id", "complete"}
    assert set(m26.columns) == monitor
    assert {c.raw for c in m24.columns.values()}.isdisjoint({c.raw for c in m26.columns.values()})
    assert m26.columns["told_meldpunt_extern"].comparable is False
    assert m26.columns["told_meldpunt_extern"].note


@pytest.mark.parametrize(("columns", "problem"), [
    ({"resp_id": "ID"}, "required variable has no raw column"),
    ({"resp_id": "ID", "complete": "C", "herkomst": "H"}, "is derived"),
    ({"resp_id": "ID", "complete": "C", "bogus": "B"}, "not a canonical survey variable"),
    ({"resp_id": "ID", "complete": {"raw": "C", "codes": {1: "ja"}}}, "true/false"),
    ({"resp_id": "ID", "complete": "C", "ps1": {"raw": "P", "codes": {1: 8}}}, "outside the range"),
    ({"resp_id": "ID", "complete": "C", "discr": {"raw": "D", "codes": {1: "yes"}}},
     "not a canonical code"),
    ({"resp_id": "ID", "complete": "C", "ps1": {"raw": "C"}}, "raw column mapped twice"),
    ({"resp_id": "ID", "complete": "C", "ps1": {"raw": "P", "codeset": "nope"}},
     "unknown codeset"),
])
def test_bad_mapping_is_reported(columns: dict, problem: str) -> None:
    with pytest.raises(IngestError, match=problem):
        parse_mapping({**BASE, "columns": columns}, "waves/2030.yml")


def test_unmapped_code_is_an_error_never_missing() -> None:
    mapping = parse_mapping({**BASE, "missing_codes": {99: "wil ik niet zeggen"}, "columns": {
        "resp_id": "ID", "complete": {"raw": "C", "codes": {1: True, 0: False}},
        "discr": {"raw": "D", "codes": {1: "ja", 2: "nee", 3: "twijfel"}}}})
    raw = pd.DataFrame({"ID": ["a", "b", "c"], "C": [1, 1, 0], "D": [1.0, 4.0, 99.0]})
    with pytest.raises(IngestError) as info:
        apply_mapping(raw, mapping, file="s.csv")
    assert str(info.value) == ("s.csv: column 'D': code not in the mapping; add the code to "
                               "`codes:` of discr in mapping, or to `missing:` if it means no "
                               "answer (1 row, first rows: 2)")


def test_missing_codes_become_missing_and_unmapped_columns_listed() -> None:
    mapping = parse_mapping({**BASE, "missing_codes": {98: "weet niet", 99: "wil ik niet"},
                             "columns": {"resp_id": "ID",
                                         "complete": {"raw": "C", "codes": {1: True, 0: False}},
                                         "ps1": {"raw": "P", "codeset": "int"},
                                         "ps2": {"raw": "Q", "codeset": "int"}}})
    raw = pd.DataFrame({"ID": ["a", "b"], "C": ["1", "0"], "P": ["98", "3"], "X": ["", ""]})
    out = apply_mapping(raw, mapping)
    assert out.frame["ps1"].tolist() == [pd.NA, 3]
    assert out.unmapped_columns == ["X"]
    assert out.absent_variables == ["ps2"]
    assert raw["P"].tolist() == ["98", "3"]


def test_canonical_file_needs_no_mapping() -> None:
    raw = pd.DataFrame({"resp_id": ["1", "2"], "wave": ["2030", "2030"],
                        "study": ["monitor", "monitor"], "complete": ["True", "False"],
                        "discr": ["ja", None], "ub_pesten": ["0", "4"]})
    out = apply_canonical(raw, file="c.csv").frame
    assert out["complete"].tolist() == [True, False]
    assert out["ub_pesten"].dtype == "Int64"
    assert out["wave"].tolist() == [2030, 2030]
