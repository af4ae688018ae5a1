"""The stock-flow projection against closed forms and a series with a known entrant mix."""

import numpy as np
import pandas as pd
import pytest

from pipeline.analysis.projection import (
    BandHistory,
    first_year_reaching,
    implied_entrant_mix,
    project_share,
    projection_scenarios,
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


def test_scenarios_reach_the_target_later_with_a_less_diverse_inflow():
    history = _simulate([0.33, 0.34, 0.35])
    paths, assumptions = projection_scenarios(history, labour_force_share=0.50, target=0.30)
    reach = paths.groupby("scenario")["reaches"].first()
    assert reach["instroommix als de beroepsbevolking"] < reach["huidige instroommix"]
    assert assumptions["implied_mix_mean"] == pytest.approx(0.34)
    band = paths[paths["year"] == paths["year"].max()]
    assert (band["low"] <= band["share"]).all() and (band["share"] <= band["high"]).all()


def test_target_never_reached_is_none():
    assert first_year_reaching(pd.Series([0.2, 0.21], index=[2026, 2027]), 0.3) is None
