"""The stock-flow projection against closed forms and a series with a known entrant mix."""

import numpy as np
import pandas as pd
import pytest

from pipeline.analysis.projection import (
    SCENARIO,
    BandHistory,
    first_year_reaching,
    implied_entrant_mix,
    mix_answers,
    mix_table,
    project_share,
    projection_scenarios,
    projection_table,
    required_mix,
)


@pytest.mark.parametrize(("s0", "rate", "mix"),
                         [(0.2, 0.1, 0.5), (0.4, 0.07, 0.1), (0.3, 0.2, 0.3)])
def test_constant_stock_converges_geometrically_to_the_entrant_mix(s0, rate, mix):
    """With exits equal to entrants, s_k = h + (s0 - h)(1 - x)^k."""
    path = project_share(s0, 2026, exit_rate=rate, entrant_rate=rate, mix=mix, horizon=2040)
    k = np.arange(len(path))
    assert np.allclose(path.to_numpy(), mix + (s0 - mix) * (1 - rate) ** k)


def _simulate(mix_by_year, s0=0.2, stock0=1000.0, exit_rate=0.08, growth=0.01):
    years = np.arange(2020, 2021 + len(mix_by_year))
    stock, be, exits, entrants = [stock0], [s0 * stock0], [0.0], [0.0]
    for h in mix_by_year:
        leave = exit_rate * stock[-1]
        new_stock = stock[-1] * (1 + growth)
        enter = new_stock - stock[-1] + leave
        be.append(be[-1] * (1 - exit_rate) + h * enter)
        stock.append(new_stock)
        exits.append(leave)
        entrants.append(enter)
    stock = np.array(stock)
    return BandHistory(years, stock, np.array(be) / stock, np.array(exits), np.array(entrants))


def test_implied_mix_recovers_the_true_entrant_mix():
    truth = [0.25, 0.30, 0.35, 0.33]
    implied = implied_entrant_mix(_simulate(truth))
    assert np.allclose(implied.to_numpy(), truth)


def test_the_two_scenarios_assume_different_mixes_and_the_second_reaches_the_target():
    """Before, both scenarios assumed the same (35%) mix and gave the same answer."""
    history = _simulate([0.33, 0.34, 0.35])
    paths, assumptions = projection_scenarios(history, labour_force_share=0.34, target=0.30,
                                              target_year=2030)
    mixes = paths.groupby("scenario", sort=False)["mix"].first()
    assert len(mixes) == 2 and abs(mixes.iloc[0] - mixes.iloc[1]) > 0.02
    assert mixes.iloc[0] == pytest.approx(0.34)
    second = paths[paths["scenario"] == mixes.index[1]].set_index("year")["share"]
    assert second[2030] == pytest.approx(0.30)
    assert paths.groupby("scenario")["reaches"].first()[mixes.index[1]] == 2030
    assert assumptions["implied_mix_mean"] == pytest.approx(0.34)
    assert (paths["low"] <= paths["share"] + 1e-12).all()
    assert (paths["share"] <= paths["high"] + 1e-12).all()


@pytest.mark.parametrize(("s0", "x", "r", "k"), [(0.2, 0.08, 0.09, 4), (0.23, 0.065, 0.075, 9),
                                                  (0.1, 0.2, 0.2, 1)])
def test_required_mix_is_the_closed_form_of_the_stock_flow_model(s0, x, r, k):
    """s_{t+1} = a s_t + (1 - a) h with a = (1-x)/(1-x+r), so s_k = h + (s0 - h) a^k and
    the mix reaching T is h = (T - s0 a^k) / (1 - a^k); one step (k = 1): h = (T - a s0)/(1-a)."""
    target = 0.30
    a = (1 - x) / (1 - x + r)
    h = required_mix(s0, k, x, r, target)
    assert h == pytest.approx((target - s0 * a ** k) / (1 - a ** k))
    if k == 1:
        assert h == pytest.approx((target - a * s0) / (1 - a))
    path = project_share(s0, 2026, x, r, h, horizon=2026 + k)
    assert path.iloc[-1] == pytest.approx(target)
    # steady state: a mix equal to the share keeps it
    assert required_mix(target, k, x, r, target) == pytest.approx(target)


def test_mix_answers_per_target_year_with_a_scenario_range():
    history = _simulate([0.33, 0.34, 0.35, 0.36], exit_rate=0.07)
    answers = mix_answers(history, 0.30, [2028, 2030, 2035])
    assert answers["year"].tolist() == [2028, 2030, 2035]
    # further away, a smaller mix suffices; the range holds the central value
    assert answers["required"].is_monotonic_decreasing
    assert ((answers["low"] <= answers["required"] + 1e-12)
            & (answers["required"] <= answers["high"] + 1e-12)).all()
    assert answers["current"].iloc[0] == pytest.approx(np.mean([0.34, 0.35, 0.36]))
    table = mix_table(answers, 3500, 2024, (0.34, 0.36))
    assert set(table["ci_method"]) == {SCENARIO}
    assert table["estimate"].between(0, 1).all()


def test_projected_rows_are_labelled_as_scenario_ranges_not_intervals():
    from pipeline.disclosure import DisclosureRules
    from pipeline.disclosure.display import estimate_frames
    from pipeline.disclosure.estimates import plan_estimates

    history = _simulate([0.33, 0.34, 0.35])
    paths, _ = projection_scenarios(history, 0.34, 0.30, target_year=2030)
    table = projection_table(paths, 3500, [2028, 2030, 2035]).assign(base="register")
    rules = DisclosureRules()
    display, _ = estimate_frames(plan_estimates(table, rules, "cbs"), rules, "cbs")
    assert "Scenariobandbreedte" in display.columns
    assert "95%-interval" not in display.columns
    assert sorted(set(table["wave"])) == [2023, 2028, 2030, 2035]


def test_target_never_reached_is_none():
    assert first_year_reaching(pd.Series([0.2, 0.21], index=[2026, 2027]), 0.3) is None


def _published_projection():
    from pipeline.analysis.projection import CURRENT_MIX, ENTRANTS, EXITS, needed_label

    projected = pd.DataFrame({"wave": [2026, 2028, 2030], "indicator": CURRENT_MIX,
                              "estimate": [.22, .27, .31], "ci_low": [.22, .26, .29],
                              "ci_high": [.22, .28, .33]})
    mixes = pd.DataFrame({"wave": [2026, 2030], "indicator": [CURRENT_MIX,
                                                              needed_label(.3, 2030)],
                          "estimate": [.41, .38], "ci_low": [.36, .35], "ci_high": [.44, .40]})
    rates = pd.DataFrame({"wave": [2026, 2026], "indicator": [EXITS, ENTRANTS],
                          "estimate": [.06, .09]})
    return projected, mixes, rates


def test_the_projection_text_says_when_at_the_precision_of_the_years_shown():
    from pipeline.analysis.projection import projection_text

    text = projection_text(*_published_projection(), 0.3)
    assert "wordt 30% vanaf schaal 12 tussen 2028 en 2030 bereikt" in text
    assert "(41% Buiten-Europese herkomst" in text and "38% voor 2030" in text
    assert "verlaat 6% de groep" in text and "komt 9% erbij (2026)" in text


def test_the_projection_text_leaves_out_what_the_tables_hide():
    """A hidden cell (no estimate in the published data) gives no number in the text."""
    from pipeline.analysis.projection import projection_text

    projected, mixes, rates = _published_projection()
    mixes.loc[0, ["estimate", "ci_low", "ci_high"]] = float("nan")
    rates.loc[0, "estimate"] = float("nan")
    text = projection_text(projected, mixes, rates, 0.3)
    assert "41%" not in text and "36%" not in text and "44%" not in text
    assert "Aannames: per jaar" not in text and "6%" not in text
    assert "38% voor 2030" in text
    assert projection_text(None, None, None, 0.3) == ""
