"""Precision planner: margins against a simulation, verdicts against the disclosure gate."""

import numpy as np
import pandas as pd
import pytest

from pipeline.analysis import planner
from pipeline.disclosure import DisclosureRules
from pipeline.disclosure.estimates import plan_estimates
from pipeline.errors import PipelineError


def test_margin_is_the_normal_half_width_with_design_effect_and_fpc():
    assert planner.margin(0.5, 100, 1e15, 1.0) == pytest.approx(1.959964 * 0.05, rel=1e-6)
    assert planner.margin(0.14, 400, 1e15, 1.2) == pytest.approx(
        1.959964 * np.sqrt(1.2 * 0.14 * 0.86 / 400), rel=1e-6)
    assert planner.margin(0.14, 400, 1600, 1.0) == pytest.approx(
        1.959964 * np.sqrt(0.14 * 0.86 / 400 * 0.75), rel=1e-6)


@pytest.mark.parametrize("p", [0.14, 0.55, 0.03])
def test_verdicts_are_what_the_gate_does(p):
    """For every n from 1 to 150 the planner's verdict is the gate's own decision."""
    rules = DisclosureRules()
    for n in range(1, 151):
        k = int(np.floor(n * p + 0.5))
        frame = pd.DataFrame({
            "wave": 2026, "indicator": "x", "breakdown": ["totaal", "unit", "unit"],
            "group": ["totaal", "a", "b"], "estimate": [p, p, p], "ci_low": p - 0.01,
            "ci_high": p + 0.01, "n": [n + 1000, n, 1000],
            "n_pos": [k + round(1000 * p), k, round(1000 * p)]})
        status = plan_estimates(frame, rules).status
        assert planner.reportable(n, p, rules) == (status[1] == "shown"), (n, status)


def _staff(sizes: dict[str, dict[str, int]]) -> dict:
    return {"cluster": [{"unit": u, "population": sum(b.values()),
                         "bands": {k: {"population": v} for k, v in b.items()}}
                        for u, b in sizes.items()]}


def test_expected_respondents_carry_over_the_rates_per_band():
    previous = {"cluster": [{"unit": "a", "population": 1000, "respondents": 300,
                             "respondents_in_estimates": 270, "deff": 1.1,
                             "bands": {"laag": {"population": 500, "respondents": 100},
                                       "hoog": {"population": 500, "respondents": 200}}}]}
    staff = _staff({"a": {"laag": 200, "hoog": 800}})
    out = planner.expected_level(staff, previous, DisclosureRules(), levels=["cluster"])
    row = out.iloc[0]
    rate_u = (300 + planner.SHRINK * 0.3) / (1000 + planner.SHRINK)
    low = (100 + planner.SHRINK * rate_u) / (500 + planner.SHRINK)
    high = (200 + planner.SHRINK * rate_u) / (500 + planner.SHRINK)
    assert row["respondents"] == pytest.approx(200 * low + 800 * high)
    assert row["n"] == pytest.approx(row["respondents"] * 0.9)
    assert row["deff"] == 1.1
    flat = planner.expected_level(staff, None, DisclosureRules(), response_rate=0.25,
                                  levels=["cluster"])
    assert flat["respondents"].iloc[0] == pytest.approx(250)


def test_without_an_earlier_wave_the_planner_needs_a_rate():
    with pytest.raises(PipelineError, match="no earlier wave"):
        planner.expected_level(_staff({"a": {"x": 10}}), None, DisclosureRules())
    with pytest.raises(PipelineError, match="outside"):
        planner.expected_level(_staff({"a": {"x": 10}}), None, DisclosureRules(),
                               response_rate=1.5)


def _wave(rng, staff, rates):
    """One wave's response (Poisson, known rates per band) and post-stratification weights."""
    responded = rng.random(len(staff)) < staff["band"].map(rates).to_numpy()
    resp = staff[responded]
    sizes = staff["band"].value_counts()
    got = resp["band"].value_counts()
    weights = resp["band"].map(sizes / got).to_numpy()
    return resp, weights, resp["y"].to_numpy()


def test_expected_margin_matches_the_spread_of_the_weighted_estimate_in_simulation():
    """Plan from one simulated wave; the truth is the Monte Carlo spread of the next wave's
    weighted estimate (response and outcome drawn anew each time, known rates)."""
    rng = np.random.default_rng(11)
    bands = np.repeat(["laag", "midden", "hoog"], [250, 150, 100])
    # a fixed population: 14% of the staff have the outcome, in every band
    staff = pd.DataFrame({"cluster": "a", "band": bands, "schaal_band": bands,
                          "y": rng.permutation(np.arange(len(bands)) < 70)})
    rates = {"laag": 0.15, "midden": 0.3, "hoog": 0.5}
    resp, weights, _ = _wave(rng, staff, rates)
    previous = planner.unit_facts(resp.assign(cluster="a"), resp.assign(cluster="a"), weights,
                                  staff, levels=["cluster"])
    staff_now = planner.unit_facts(staff.iloc[:0], staff.iloc[:0], np.array([]), staff,
                                   levels=["cluster"])
    expected = planner.expected_level(staff_now, previous, DisclosureRules(),
                                      levels=["cluster"]).iloc[0]
    estimates = []
    for _ in range(3000):
        _, w, y = _wave(rng, staff, rates)
        estimates.append(np.sum(w * y) / np.sum(w))
    truth = 1.959964 * np.std(estimates, ddof=1)
    # Monte Carlo error of an SD from 3000 draws ~1.3%; the plan's n and deff come from one
    # wave of ~130 respondents (~5% in the margin)
    assert expected["margin_14"] == pytest.approx(truth, rel=0.12)
    assert expected["n"] == pytest.approx(250 * 0.15 + 150 * 0.3 + 100 * 0.5, rel=0.15)


def test_command_stops_with_one_line_for_a_bad_wave_or_rate(capsys):
    from pipeline.cli import run_stage

    assert run_stage(planner.main, ["--wave", "1999"], "planner") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("planner: wave 1999 is not in params.yaml waves")
    assert "Traceback" not in "\n".join(err)
    assert run_stage(planner.main, ["--wave", "2026", "--response-rate", "1.5"], "planner") == 2
    assert "outside (0, 1]" in capsys.readouterr().err
