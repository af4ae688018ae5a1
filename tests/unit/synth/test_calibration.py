"""The synthetic Amsterdam reproduces the published figures of the 2024 study (domain.md).

The targets are the published values; the tolerance is the issue's ±2 percentage points. Checked
for the seed in params.yaml and for another seed, so that the calibration is not luck.
"""

import pytest

from pipeline.config import load_params
from pipeline.synth.population import cached_workforce, population_with_outcomes
from pipeline.synth.workforce import representation

SEEDS = [load_params()["seed"], 7]
PTS = 0.02  # ±2 percentage points


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def world(request):
    seed = request.param
    workforce = cached_workforce(seed)
    return {
        "seed": seed,
        "rep": {year: representation(workforce, year) for year in range(2019, 2027)},
        "rep2023": representation(cached_workforce(seed), 2023),
        "rep2024": representation(cached_workforce(seed), 2024),
        "pop2024": population_with_outcomes(seed, 2024),
    }


@pytest.mark.parametrize(
    ("key", "target"),
    [("buiten_europa_share", 0.33), ("buiten_europa_share_12plus", 0.21),
     ("niet_westers_share_12plus", 0.14)],
)
def test_representation_2023_matches_council_figures(world, key, target):
    assert world["rep2023"][key] == pytest.approx(target, abs=PTS)


def test_group_sizes_and_age(world):
    rep = world["rep2024"]
    assert 3200 <= rep["n_12_14"] <= 3400  # "just over 3,200"
    assert 300 <= rep["n_15plus"] <= 340  # "just over 300"
    assert rep["headcount"] == pytest.approx(22000, rel=0.01)
    # 20.74% under 35 in 2024: the demo's seed lands on it (so the demo's verdict on the 20%
    # target is the published one), any seed within a point
    tolerance = 0.003 if world["seed"] == SEEDS[0] else 0.01
    assert rep["share_under_35"] == pytest.approx(0.2074, abs=tolerance)


def test_the_youngest_age_band_stays_populated(world):
    """Without young hires the under-25 band emptied (13 staff in 2026, no respondent): the
    weighting merged it away and a replicate regression could not be fitted."""
    for year, rep in world["rep"].items():
        assert rep["n_under_25"] >= 500, year


@pytest.mark.parametrize(("year", "target"), [(2020, 0.09), (2023, 0.14)])
def test_niet_westers_from_schaal_15_follows_the_published_rise(world, year, target):
    """Published: 9% niet-westers in schaal 15 and higher in 2020, 14% by 2023."""
    assert world["rep"][year]["niet_westers_share_15plus"] == pytest.approx(target, abs=PTS)


def test_diversity_falls_with_the_scale_up_to_15_plus(world):
    """The council's figures: the higher the scale, the smaller the Buiten-Europa share, with
    15+ the least diverse band in every year (also in the waves' years 2024 and 2026)."""
    for year, rep in world["rep"].items():
        shares = list(rep["buiten_europa_share_by_band"].values())
        assert shares == sorted(shares, reverse=True), year
        assert shares[-1] < shares[-2] - 0.01, year


def test_prevalence_matches_2024_study(world):
    pop = world["pop2024"]
    assert pop["ub_any"].mean() == pytest.approx(0.55, abs=PTS)
    assert pop["discr_ja"].mean() == pytest.approx(0.14, abs=PTS)
    assert pop["sexual_harassment"].mean() == pytest.approx(0.06, abs=PTS)
    be = pop[pop["herkomst"] == "Buiten-Europa"]
    assert be["discr_ja"].mean() == pytest.approx(0.25, abs=PTS)
    assert pop.loc[pop["disability"], "discr_ja"].mean() == pytest.approx(0.25, abs=PTS)
    assert be["ub_any"].mean() > 0.60
    assert pop.loc[pop["schaal_band"] == "1-5", "ub_any"].mean() > 0.60


def test_witnessing_and_reporting(world):
    pop = world["pop2024"]
    assert pop["witness_ub"].mean() == pytest.approx(0.63, abs=PTS)
    assert (pop["witness_discr"] == "ja").mean() == pytest.approx(0.17, abs=PTS)
    assert (pop["witness_discr"] == "twijfel").mean() == pytest.approx(0.12, abs=PTS)
    formal = pop[pop["formal"]]
    assert (formal["report_satisfaction"] >= 4).mean() == pytest.approx(0.43, abs=PTS + 0.01)


def test_perpetrators_and_grounds(world):
    discr = world["pop2024"].query("discr_ja == 1")
    manager = discr["discr_by_leidinggevende"] | discr["discr_by_hoger_management"]
    assert manager.mean() > 0.60
    assert discr["discr_by_collega"].mean() == pytest.approx(0.40, abs=0.05)
    shares = {g: discr[f"discr_ground_{g}"].mean()
              for g in ("herkomst", "huidskleur", "leeftijd", "gender", "religie")}
    racism = max(shares["herkomst"], shares["huidskleur"])
    assert racism > shares["leeftijd"] > shares["gender"]


def test_non_binary_staff_report_most_sexual_harassment(world):
    by_gender = world["pop2024"].groupby("gender_survey")["sexual_harassment"].mean()
    assert by_gender["non-binair"] == by_gender.max()


def test_response_rate_and_its_dependence_on_background(world):
    pop = world["pop2024"]
    assert pop["p_response"].mean() == pytest.approx(0.31, abs=0.005)
    by_band = pop.groupby("schaal_band")["p_response"].mean()
    assert by_band["1-5"] < by_band["9-11"] < by_band["15+"]
