"""Byte-for-byte reproducibility of the raw writers (issue 12): no clock in the bytes."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest.atomic import FIXED_TIMESTAMP, normalise_zip, source_timestamp
from pipeline.ingest.mapping import load_mapping, to_raw
from pipeline.ingest.readers import read_raw
from pipeline.ingest.settings import CONFIG_DIR
from pipeline.ingest.writers import (
    fix_sav_timestamp,
    write_cbs_barometer,
    write_hr_export,
    write_survey_raw,
)
from tests.unit.ingest.conftest import make_barometer, make_hr, make_survey

CLOCK_TICK = 1.1  # seconds between the two writes: the clock's second has changed


def _twice(write) -> tuple[bytes, bytes]:
    first = write("a").read_bytes()
    time.sleep(CLOCK_TICK)
    return first, write("b").read_bytes()


@pytest.mark.parametrize("suffix", ["sav", "xlsx"])
def test_survey_export_same_bytes_at_different_times(tmp_path: Path, suffix: str) -> None:
    mapping = load_mapping(CONFIG_DIR / "waves" / "2024.yml")
    raw = to_raw(make_survey(n=40), mapping)

    def write(tag: str) -> Path:
        return write_survey_raw(raw, tmp_path / tag / f"s.{suffix}", mapping)

    first, second = _twice(write)
    assert first == second
    assert len(read_raw(tmp_path / "b" / f"s.{suffix}").frame) == 40  # still readable


def test_sav_header_carries_the_fixed_moment(tmp_path: Path) -> None:
    mapping = load_mapping(CONFIG_DIR / "waves" / "2024.yml")
    path = write_survey_raw(to_raw(make_survey(n=5), mapping), tmp_path / "s.sav", mapping)
    assert path.read_bytes()[92:109] == b"01 Jan 8000:00:00"
    fix_sav_timestamp(path, dt.datetime(2024, 12, 31, 23, 59, 58))
    assert path.read_bytes()[92:109] == b"31 Dec 2423:59:58"


def test_sav_timestamp_refuses_other_files(tmp_path: Path) -> None:
    other = tmp_path / "x.sav"
    other.write_bytes(b"not spss" * 20)
    with pytest.raises(ValueError, match="not an SPSS"):
        fix_sav_timestamp(other)


def test_hr_and_cbs_workbooks_same_bytes_at_different_times(tmp_path: Path) -> None:
    hr = make_hr(2024, [f"E{i}" for i in range(20)])
    barometer = make_barometer(2024)

    def write(tag: str) -> Path:
        write_hr_export(hr, tmp_path / tag / "hr_2024-12-31.xlsx")
        return write_cbs_barometer(barometer, tmp_path / tag / "barometer_2024.xlsx", 2024)

    first, second = _twice(write)
    assert first == second
    assert (tmp_path / "a" / "hr_2024-12-31.xlsx").read_bytes() == (
        tmp_path / "b" / "hr_2024-12-31.xlsx").read_bytes()


def test_normalise_zip_fixes_dates_and_core_properties(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    pd.DataFrame({"a": [1, 2]}).to_excel(path, index=False, engine="openpyxl")
    normalise_zip(path, dt.datetime(2026, 12, 31, 12, 0, 0))
    with zipfile.ZipFile(path) as book:
        assert {i.date_time for i in book.infolist()} == {(2026, 12, 31, 12, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert core.count("2026-12-31T12:00:00Z") == 2
    assert pd.read_excel(path)["a"].tolist() == [1, 2]


def test_source_timestamp_follows_source_date_epoch() -> None:
    assert source_timestamp({}) == FIXED_TIMESTAMP
    assert source_timestamp({"SOURCE_DATE_EPOCH": "1767225600"}) == dt.datetime(2026, 1, 1)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        source_timestamp({"SOURCE_DATE_EPOCH": "gisteren"})
