"""Pseudonymisation, quarantine/ledger, schemas and error messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest.atomic import atomic_path
from pipeline.ingest.errors import IngestError
from pipeline.ingest.pseudonymise import DEMO_KEY, pseudonym, pseudonymise, resolve_key
from pipeline.ingest.quarantine import Ledger, flag_duplicates, split_quarantine
from pipeline.ingest.schemas import hr_schema, survey_schema, validate


def test_demo_key_only_for_demo() -> None:
    assert resolve_key("demo", env={}) == DEMO_KEY
    with pytest.raises(IngestError, match="demo key may not be used"):
        resolve_key("echt", env={"AIM_PSEUDO_KEY": DEMO_KEY.decode()})
    with pytest.raises(IngestError, match="needs a key"):
        resolve_key("echt", env={})
    with pytest.raises(IngestError, match="shorter than 16"):
        resolve_key("echt", env={"AIM_PSEUDO_KEY": "kort"})


def test_key_file_outside_repository(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("a-long-secret-key-for-tests\n")
    assert resolve_key("echt", env={"AIM_PSEUDO_KEY_FILE": str(key_file)}) == (
        b"a-long-secret-key-for-tests")
    inside = Path(__file__)
    with pytest.raises(IngestError, match="outside the repository"):
        resolve_key("echt", env={"AIM_PSEUDO_KEY_FILE": str(inside)})


def test_pseudonyms_are_keyed_stable_and_domain_separated() -> None:
    other = b"another-secret-key-0123456789"
    assert pseudonym("123", DEMO_KEY, "hr") == pseudonym(123.0, DEMO_KEY, "hr")
    assert pseudonym("123", DEMO_KEY, "hr") != pseudonym("123", other, "hr")
    assert pseudonym("123", DEMO_KEY, "hr") != pseudonym("123", DEMO_KEY, "survey:2024")
    frame = pd.DataFrame({"employee_id": ["123", "456"]})
    out = pseudonymise(frame, "employee_id", DEMO_KEY, "hr")
    assert "123" not in out["employee_id"].tolist()
    assert frame["employee_id"].tolist() == ["123", "456"]


def test_duplicates_keep_the_complete_response() -> None:
    ids = pd.Series(["a", "a", "b", "a"])
    complete = pd.Series([False, True, True, True])
    assert flag_duplicates(ids, complete).tolist() == [True, False, False, True]


def test_ledger_balances_or_fails() -> None:
    frame = pd.DataFrame({"id": ["a", "b", "b"]})
    _kept, quarantined, ledger = split_quarantine(
        frame, [("duplicate_id", "id", flag_duplicates(frame["id"]))], "x.csv")
    assert (ledger.rows_read, ledger.kept, ledger.quarantined) == (3, 2, {"duplicate_id": 1})
    assert quarantined["_row"].tolist() == [3]
    with pytest.raises(IngestError, match="ledger does not balance"):
        Ledger("x.csv", 3, 1, {"duplicate_id": 1}).check()


def test_lazy_validation_reports_every_problem_without_values() -> None:
    frame = pd.DataFrame({
        "resp_id": pd.array(["a", "a"], dtype="string"), "wave": [2024, 2024],
        "study": pd.array(["monitor", "monitor"], dtype="string"),
        "complete": pd.array([True, True], dtype="boolean"),
        "ps1": pd.array([8, 1], dtype="Int64"),
        "gender": pd.array(["man", "Geheimewaarde"], dtype="string"),
    })
    with pytest.raises(IngestError) as info:
        validate(frame, survey_schema(), "s.csv")
    message = str(info.value)
    assert "column 'ps1': value out of range (1 row, first rows: 1)" in message
    assert "column 'gender': value not an allowed code (1 row, first rows: 2)" in message
    assert "column 'resp_id': duplicate value" in message
    assert "Geheimewaarde" not in message and "\n" not in message


def test_hr_schema_requires_columns() -> None:
    with pytest.raises(IngestError, match="required column is missing"):
        validate(pd.DataFrame({"employee_id": pd.array(["1"], dtype="string")}), hr_schema(),
                 "hr.csv")


def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
