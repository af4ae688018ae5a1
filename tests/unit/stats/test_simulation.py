"""Reduced-size simulation check (the full one is scripts/validate_weighting.py)."""

import pytest
from scipy import stats

from pipeline.stats.simulation import coverage_band, simulate, toy_population

N_SAMPLES = 60
WEIGHTING = {
    # The toy population's response depends on herkomst as well as on the HR margins, so the
    # engine is checked where its assumptions hold: every response driver is a margin.
    "margins": ["cluster", "schaal_band", "age_band", "gender", "herkomst"],
    "trim_bounds": [0.3, 3.0], "max_iter": 100, "tolerance": 1e-6, "replicates": 40,
    "missing_margin": "cell_average", "collapse_below": 5, "fpc": "unit",
}


@pytest.fixture(scope="module")
def result():
    return simulate(toy_population(7), WEIGHTING, n_samples=N_SAMPLES, seed=11, source="toy")


def test_weighted_estimates_unbiased_and_unweighted_biased(result):
    s = result.summary
    assert len(s) == 4
    assert (s["bias_weighted_pt"].abs() < 1.0).all()
    # Monte Carlo error of the mean bias: sd / sqrt(samples); allow 4 of them
    mc = 100 * 4 * s["sd_weighted"] / N_SAMPLES**0.5
    assert (s["bias_weighted_pt"].abs() < mc + 0.25).all()
    overall = s[s.domain == "totaal"]
    assert (overall["bias_unweighted_pt"].abs() > 1.0).all()
    assert (overall["bias_unweighted_pt"].abs() > 3 * overall["bias_weighted_pt"].abs()).all()


def test_coverage_within_binomial_band(result):
    lo, hi = coverage_band(N_SAMPLES)
    assert lo == stats.binom.ppf(0.0005, N_SAMPLES, 0.93) / N_SAMPLES
    for cov in result.summary["coverage"]:
        assert lo <= cov <= hi


def test_replicate_se_tracks_sampling_sd(result):
    # SD of an SD estimate from 60 samples is about 1 / sqrt(2 * 59) = 9%; allow 3 of those
    ratio = result.summary["mean_se"] / result.summary["sd_weighted"]
    assert ((ratio > 0.73) & (ratio < 1.27)).all()
