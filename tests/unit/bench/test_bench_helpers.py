"""The benchmark helpers (scripts/bench): generators give the sizes asked, summaries are right.

No timing assertions: speed is measured by `make bench`, not by tests.
"""

import pandas as pd
import pytest
from bench.common import growth_exponent, median
from bench.engine import group_key, loop_cells
from bench.pipeline_run import set_param, stage_times
from bench.report import targets
from bench.workload import WaveWorkload, numeric_ids, scale_margins, scale_register, scale_survey


@pytest.mark.parametrize("n", [1, 7, 70, 700])
def test_scale_survey_gives_the_requested_size(n):
    frame = pd.DataFrame({"g": ["a", "b", "c"], "y": pd.array([0, 1, pd.NA], dtype="Int64")})
    big = scale_survey(frame, n, seed=1)
    assert len(big) == n
    assert list(big.columns) == ["g", "y"] and big["y"].dtype == "Int64"
    assert set(big["g"]) <= {"a", "b", "c"}


def test_scale_survey_rejects_non_positive_sizes():
    with pytest.raises(ValueError, match="n must be positive"):
        scale_survey(pd.DataFrame({"g": ["a"]}), 0)


def test_scale_margins_keeps_one_total_per_margin():
    margins = {"a": pd.Series({"x": 3, "y": 7}), "b": pd.Series({"p": 5, "q": 5})}
    scaled = scale_margins(margins, 12.5)
    assert scaled["a"].sum() == scaled["b"].sum() == 125.0
    assert scaled["a"]["x"] == 37.5


@pytest.mark.parametrize("n", [2, 5, 22, 220])
def test_scale_register_gives_unique_ids_and_the_requested_size(n):
    snap = pd.DataFrame({"employee_id": ["1000001", "1000002"], "fte": [1.0, 0.5]})
    big = scale_register(snap, n, seed=3)
    assert len(big) == n
    assert big["employee_id"].is_unique
    assert big["employee_id"].str.fullmatch(r"100000[12]\d{3}").all()


def test_scale_register_links_copies_across_snapshots():
    a = pd.DataFrame({"employee_id": ["7"], "fte": [1.0]})
    ids_a = set(scale_register(a, 3, seed=0)["employee_id"])
    ids_b = set(scale_register(a, 2, seed=1)["employee_id"])
    assert ids_b <= ids_a == {"7000", "7001", "7002"}


def test_numeric_ids_keep_one_number_per_person():
    hr = pd.DataFrame({"employee_id": ["qq", "rr", "qq"]})
    assert numeric_ids(hr)["employee_id"].tolist() == ["1000000", "1000001", "1000000"]
    assert hr["employee_id"].tolist() == ["qq", "rr", "qq"]


def test_stage_times_run_from_one_stage_to_the_next():
    marks = [("synth", 0.0), ("clean_hr", 10.0), ("index", 12.5)]
    assert stage_times(marks, 13.0) == {"synth": 10.0, "clean_hr": 2.5, "index": 0.5}


def test_set_param_changes_one_value_and_returns_the_old_one(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("disclosure:\n  round_percent: 0\n  round_count: 5\nseed: 1\n")
    assert set_param(path, "disclosure.round_percent", 1) == 0
    text = path.read_text()
    assert "round_percent: 1" in text and "round_count: 5" in text and "seed: 1" in text


def test_growth_exponent_and_median():
    assert growth_exponent([1, 10, 100], [1, 100, 10_000]) == 2.0
    assert growth_exponent([1], [1]) is None
    assert median([1.0, 5.0, 2.0, 4.0]) == 3.0


def test_group_key_and_loop_cells_match_the_estimate_table_layout():
    frame = pd.DataFrame({"herkomst": ["NL", "EU", None, "NL"],
                          "gender": ["man", "vrouw", "man", None],
                          "y": pd.array([1, 0, 1, pd.NA], dtype="Int64")})
    assert group_key(frame, ["herkomst", "gender"]).tolist() == [
        "NL × man", "EU × vrouw", pd.NA, pd.NA]
    work = WaveWorkload(frame, {}, {}, ["y"], [], ["herkomst"], [("herkomst", "gender")],
                        0.05, 2024, 1)
    assert loop_cells(work) == [("y", "totaal", "totaal"), ("y", "herkomst", "EU"),
                                ("y", "herkomst", "NL"), ("y", "herkomst × gender", "EU × vrouw"),
                                ("y", "herkomst × gender", "NL × man")]


def test_targets_mark_met_missing_and_failed():
    results = {"pipeline": {"cold": {"median_s": 75.0}, "noop": {"median_s": 1.5}},
               "engine": {"estimate_all_s": 0.4, "ratio_same_cells": 90.0}}
    rows = {r["target"]: r["met"] for r in targets(results)}
    assert rows["cold full pipeline (s)"] is False
    assert rows["no-op dvc repro (s)"] is True
    assert rows["speed-up over the per-group svy loop (x, same cells)"] is True
    assert [met for name, met in rows.items() if name.startswith("worst growth")] == [None]
