"""R-indicator and partial R-indicators against closed forms and known propensities.

Truth never comes from the module itself: closed forms of Schouten, Cobben and Bethlehem
(2009) for equal and two-group propensities, and a simulated population whose true
propensities are known (its R computed directly with numpy from those propensities).
"""

import numpy as np
import pandas as pd
import pytest

from pipeline.stats.representativeness import (
    fit_propensities,
    partial_conditional,
    r_indicator,
    register_cells,
    representativeness,
)


def _cells(frame: pd.DataFrame, variables: list[str]) -> pd.DataFrame:
    reg = frame[variables].astype("string")
    resp = frame.loc[frame["responded"], variables].astype("string")
    return register_cells(reg, resp, variables)


def test_equal_propensities_give_r_one():
    # every cell responds exactly 30%: the fitted propensities are all 0.3
    grid = pd.MultiIndex.from_product([["a", "b", "c"], ["x", "y"], ["p", "q", "r", "s"]],
                                      names=["u", "v", "w"]).to_frame(index=False)
    sizes = np.arange(1, len(grid) + 1) * 100
    cells = grid.assign(N=sizes, n=sizes * 0.3)
    res = representativeness(cells, ["u", "v", "w"])
    assert res.r == pytest.approx(1.0, abs=1e-6)
    assert res.mean == pytest.approx(0.3)
    assert np.allclose(res.variables[["unconditional", "conditional"]], 0, atol=1e-6)
    assert np.allclose(res.categories["partial"], 0, atol=1e-6)


def test_two_groups_with_known_propensities_give_the_closed_form():
    n1, n2, p1, p2 = 6000, 4000, 0.2, 0.5
    cells = pd.DataFrame({"g": ["a", "b"], "N": [n1, n2], "n": [p1 * n1, p2 * n2]})
    res = representativeness(cells, ["g"])
    big_n = n1 + n2
    share = n1 / big_n
    mean = share * p1 + (1 - share) * p2
    # S^2 = sum_i (rho_i - mean)^2 / (N - 1) = N / (N - 1) * share (1 - share) (p1 - p2)^2
    s = np.sqrt(big_n / (big_n - 1) * share * (1 - share)) * abs(p1 - p2)
    assert res.r == pytest.approx(1 - 2 * s, abs=1e-9)
    assert res.mean == pytest.approx(mean)
    assert res.variables["unconditional"].iloc[0] == pytest.approx(
        np.sqrt(share * (1 - share)) * abs(p1 - p2), abs=1e-9)
    cats = res.categories.set_index("category")
    assert cats.loc["a", "partial"] == pytest.approx(np.sqrt(share) * (p1 - mean), abs=1e-9)
    assert cats.loc["b", "partial"] == pytest.approx(np.sqrt(1 - share) * (p2 - mean), abs=1e-9)
    # alone in the model, the conditional indicator is the whole spread
    assert res.variables["conditional"].iloc[0] == pytest.approx(s, abs=1e-9)


def test_r_indicator_of_person_level_propensities_is_one_minus_twice_their_sd():
    rng = np.random.default_rng(5)
    rho = rng.uniform(0.1, 0.6, 1000)
    assert r_indicator(rho, np.ones(1000)) == pytest.approx(1 - 2 * np.std(rho, ddof=1))


def test_conditional_indicator_is_zero_for_a_variable_that_adds_nothing():
    z = pd.DataFrame({"z": ["a", "a", "b", "b"]})
    assert partial_conditional([0.1, 0.1, 0.5, 0.5], [3, 2, 4, 1], z) == 0.0
    # and the within-group spread when it does: a 0.1 / 0.3 split of equal halves
    within = partial_conditional([0.1, 0.3, 0.5, 0.5], [5, 5, 5, 5], z)
    assert within == pytest.approx(np.sqrt(10 * 0.1**2 / 19))


def _population(seed: int, size: int = 40_000) -> pd.DataFrame:
    """A population with known response propensities (a logistic model, main effects)."""
    rng = np.random.default_rng(seed)
    unit = rng.choice(["u1", "u2", "u3", "u4", "u5"], size, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    band = rng.choice(["laag", "midden", "hoog"], size, p=[0.3, 0.5, 0.2])
    sex = rng.choice(["M", "V"], size)
    eta = (-1.0 + pd.Series(unit).map({"u1": 0.0, "u2": 0.3, "u3": -0.4, "u4": 0.6,
                                       "u5": -0.8}).to_numpy()
           + pd.Series(band).map({"laag": -0.7, "midden": 0.0, "hoog": 0.5}).to_numpy()
           + np.where(sex == "V", 0.2, 0.0))
    rho = 1 / (1 + np.exp(-eta))
    return pd.DataFrame({"unit": unit, "band": band, "sex": sex, "rho": rho,
                         "responded": rng.random(size) < rho})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_estimated_indicators_recover_those_of_the_known_propensities(seed):
    pop = _population(seed)
    variables = ["unit", "band", "sex"]
    res = representativeness(_cells(pop, variables), variables)
    # truth, straight from the known propensities of every person
    true_r = 1 - 2 * np.std(pop["rho"], ddof=1)
    # the sampling error of R-hat is about 0.01 at this size (Shlomo et al. 2012)
    assert res.r == pytest.approx(true_r, abs=0.03)
    assert res.mean == pytest.approx(pop["responded"].mean())
    mean = pop["rho"].mean()
    for v in variables:
        shares = pop.groupby(v)["rho"].agg(["mean", "size"])
        true_k = np.sqrt(shares["size"] / len(pop)) * (shares["mean"] - mean)
        got = res.categories[res.categories["variable"] == v].set_index("category")["partial"]
        assert np.allclose(got.sort_index(), true_k.sort_index(), atol=0.01), v
        true_v = np.sqrt(np.sum(shares["size"] / len(pop) * (shares["mean"] - mean) ** 2))
        found = res.variables.set_index("variable").loc[v, "unconditional"]
        assert found == pytest.approx(true_v, abs=0.01)


def test_weights_that_restore_the_composition_give_r_one_after_weighting():
    pop = _population(7)
    variables = ["unit", "band", "sex"]
    reg = pop[variables].astype("string")
    resp = pop.loc[pop["responded"], variables].astype("string")
    # inverse cell response rates: the weighted response has the register's composition
    staff = reg.value_counts()
    got = resp.value_counts()
    weights = np.array([staff[tuple(r)] / got[tuple(r)] for r in resp.itertuples(index=False)])
    after = register_cells(reg, resp, variables, weights=weights, total=len(resp))
    res = representativeness(after, variables)
    assert res.r == pytest.approx(1.0, abs=1e-6)
    assert res.mean == pytest.approx(len(resp) / len(pop))


def test_more_respondents_than_staff_in_a_cell_still_fits_the_category_totals():
    # self-reported answers that differ from the register put 12 respondents in a cell of 10
    cells = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["p", "q", "p", "q"],
                          "N": [10, 90, 60, 40], "n": [12, 20, 15, 13]})
    rho = fit_propensities(cells, ["a", "b"])
    fitted = cells.assign(m=rho * cells["N"])
    for v in ("a", "b"):
        assert np.allclose(fitted.groupby(v)["m"].sum(), cells.groupby(v)["n"].sum(), atol=1e-4)
