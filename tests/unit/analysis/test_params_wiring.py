"""Issue 14 item 4: parameters reach the code that uses them.

``estimation.test_family`` reaches ``compare_waves`` in the trends stage, and the weighting
margins (``weighting.margins``) decide which survey columns are raked and which units the
weighting report gives response rates for.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.analysis import estimates_stage, trend_stage
from pipeline.analysis.design import analysis_frame
from pipeline.contract import stage_params
from pipeline.stats import SurveyDesign

ROOT = Path(__file__).resolve().parents[3]
PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))


def _estimates(wave: int, values: list[float]) -> pd.DataFrame:
    groups = ["a", "b", "c"]
    return pd.DataFrame({
        "wave": wave, "indicator": ["x"] * 3 + ["y"] * 3, "breakdown": "g", "group": groups * 2,
        "estimate": values, "se": 0.02, "ci_low": 0.0, "ci_high": 1.0,
        "ci_method": "wilson-neff", "n": 500, "n_pos": 100, "n_weighted": 5000.0,
        "n_eff": 500.0, "flags": ""})


@pytest.mark.parametrize("family", ["indicator", "all"])
def test_trends_stage_passes_the_test_family(monkeypatch, family):
    params = copy.deepcopy(PARAMS)
    params["waves"] = [2024, 2026]
    params["estimation"]["test_family"] = family
    tables = {2024: _estimates(2024, [0.30, 0.40, 0.50, 0.20, 0.25, 0.30]),
              2026: _estimates(2026, [0.36, 0.44, 0.52, 0.27, 0.25, 0.31])}

    class Paths:
        def artefact(self, name, wave=None):
            return wave

    monkeypatch.setattr(trend_stage, "project_paths", lambda _params: Paths())
    monkeypatch.setattr(trend_stage, "wave_mapping", lambda _paths, wave: wave)
    monkeypatch.setattr(trend_stage, "comparable_indicators", lambda cur, prev: {"x", "y"})
    monkeypatch.setattr(trend_stage.pd, "read_parquet", lambda wave: tables[wave])
    out = trend_stage.wave_trends(stage_params(params, "trends"))
    expected = trend_stage.compare_waves(tables[2026], tables[2024], {"x", "y"},
                                         method=params["estimation"]["multiple_testing"],
                                         family=family)
    pd.testing.assert_series_equal(out["p_adj"], expected["p_adj"])
    other = trend_stage.compare_waves(tables[2026], tables[2024], {"x", "y"},
                                      family="all" if family == "indicator" else "indicator")
    assert not out["p_adj"].equals(other["p_adj"])  # the family makes a difference here


def test_analysis_frame_adds_the_weighting_margins_only():
    survey = pd.DataFrame({"cluster": ["a", "b"], "schaal_band": ["1-5", "6-8"],
                           "age_band": ["<25", "55+"], "gender": ["man", "non-binair"],
                           "directie": ["d1", "d2"]})
    frame = analysis_frame(survey, [], ["directie", "gender"])
    assert list(frame.columns) == ["directie", "gender_hr"]
    assert frame["gender_hr"].tolist() == ["M", "X"]
    full = analysis_frame(survey, ["gender"], list(PARAMS["weighting"]["margins"]))
    assert {"cluster", "schaal_band", "age_band", "gender", "gender_hr"} <= set(full.columns)


def test_weighting_report_gives_response_for_the_params_margins():
    survey = pd.DataFrame({"cluster": ["a", "b"] * 10, "age_band": ["<25", "55+"] * 10,
                           "gender": ["man", "vrouw"] * 10})
    register = pd.DataFrame({"cluster": ["a", "b"] * 50, "age_band": ["<25", "55+"] * 50,
                             "gender": ["M", "V"] * 50})
    frame = analysis_frame(survey, [], ["cluster", "gender"])
    margins = {"cluster": pd.Series({"a": 50, "b": 50}),
               "gender_hr": pd.Series({"M": 50, "V": 50})}
    design = SurveyDesign.from_margins(frame, margins, {"margins": ["cluster", "gender_hr"],
                                                        "replicates": 0})
    report = estimates_stage.weighting_report(design, survey, register, [],
                                              ["cluster", "gender"])
    assert set(report["response"]) == {"cluster", "gender"}  # age_band is not a margin
    gender = {r["unit"]: r["n_respondents"] for r in report["response"]["gender"]}
    assert gender == {"M": 10, "V": 10, "totaal": 20}  # survey answers in the HR codes
    assert report["trim_method"] == "clip"
