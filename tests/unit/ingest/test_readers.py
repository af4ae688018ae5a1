"""Readers: format, encoding, delimiter, BOM, decimal comma, title blocks, overrides."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest.errors import IngestError
from pipeline.ingest.parse import parse_date, parse_number
from pipeline.ingest.readers import read_raw

TEXT = "naam;land;fte\nJosé;België;0,8\nÅsa;Curaçao;1\n"


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")])
def test_csv_encoding_detection(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(TEXT.encode(encoding))
    table = read_raw(path)
    assert table.encoding == expected
    assert table.frame.columns.tolist() == ["naam", "land", "fte"]
    assert table.frame["land"].tolist() == ["België", "Curaçao"]


@pytest.mark.parametrize(("delimiter", "decimal"), [(";", ","), (",", "."), ("\t", ".")])
def test_csv_delimiter_sniffing(tmp_path: Path, delimiter: str, decimal: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"a{delimiter}b{delimiter}c\n1{delimiter}2{delimiter}3\n", encoding="utf-8")
    table = read_raw(path)
    assert (table.delimiter, table.decimal) == (delimiter, decimal)
    assert table.frame.iloc[0].tolist() == ["1", "2", "3"]


def test_override_wins_over_detection(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b;c\n1,2;3\n", encoding="utf-8")
    assert read_raw(path, {"delimiter": ";"}).frame.columns.tolist() == ["a,b", "c"]


def test_unknown_override_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(IngestError, match="unknown read options"):
        read_raw(path, {"sep": ";"})


def test_xlsx_title_block_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows = pd.DataFrame([["Barometer 2024", None, None], ["Gemeente Amsterdam", None, None],
                         [None, None, None], ["eenheid", "n", "aandeel"],
                         ["organisatie", 22000, 33.4], ["Sociaal", 5000, "x"],
                         [None, None, None], ["x = geheim", None, None]])
    rows.to_excel(path, header=False, index=False)
    table = read_raw(path)
    assert table.header_row == 3
    assert table.frame.columns.tolist() == ["eenheid", "n", "aandeel"]
    assert len(table.frame) == 2


def test_csv_title_block(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Export salarisadministratie\n\nA;B;C\n1;2;3\n", encoding="utf-8")
    table = read_raw(path)
    assert table.frame.columns.tolist() == ["A", "B", "C"]


def test_header_row_override(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("x;y\nA;B\n1;2\n", encoding="utf-8")
    assert read_raw(path, {"header_row": 1}).frame.columns.tolist() == ["A", "B"]


def test_duplicate_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("A;A\n1;2\n", encoding="utf-8")
    with pytest.raises(IngestError, match="column 'A': column name appears twice"):
        read_raw(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="file not found"):
        read_raw(tmp_path / "nope.csv")


def test_parse_number_and_date_report_rows() -> None:
    values, bad = parse_number(pd.Series(["1.234,5", "", "abc"]))
    assert values.iloc[0] == 1234.5 and pd.isna(values.iloc[1]) and bad == [3]
    dates, bad = parse_date(pd.Series(["29-02-2024", "29-02-2023", "01-13-2024"]))
    assert dates.iloc[0] == pd.Timestamp("2024-02-29") and bad == [2, 3]
