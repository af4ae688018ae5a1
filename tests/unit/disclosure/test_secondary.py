from __future__ import annotations

from pipeline.disclosure.model import crosstab_model, one_way_model
from pipeline.disclosure.secondary import protect


def test_one_way_single_hidden_group_gets_the_smallest_partner():
    model = one_way_model(["a", "b", "c", "d"], [4, 25, 12, 30])
    assert protect(model, {0}, 3) == frozenset({0, 2})


def test_one_way_two_tiny_cells_need_a_third():
    # a + b = 1 would pin both down to within 1 respondent
    model = one_way_model(["a", "b", "c", "d"], [0, 1, 40, 50])
    assert protect(model, {0, 1}, 3) == frozenset({0, 1, 2})


def test_nothing_hidden_stays_nothing_hidden():
    model = one_way_model(["a", "b"], [40, 50])
    assert protect(model, set(), 3) == frozenset()


def test_crosstab_hidden_cell_gets_a_rectangle():
    counts = [[20, 30, 40], [5, 25, 35], [15, 12, 50]]
    model = crosstab_model(["r1", "r2", "r3"], ["A", "B", "C"], counts)
    width = 4
    cell = {(i, j): i * width + j for i in range(4) for j in range(4)}
    chosen = protect(model, {cell[1, 0]}, 3)
    assert chosen == frozenset({cell[1, 0], cell[1, 1], cell[2, 0], cell[2, 1]})


def test_crosstab_prefers_inner_cells_over_margins():
    counts = [[3, 40], [30, 50]]
    model = crosstab_model(["r1", "r2"], ["A", "B"], counts)
    chosen = protect(model, {0}, 3)
    assert chosen == frozenset({0, 1, 3, 4})  # the four inner cells; all totals stay


def test_input_set_is_not_mutated():
    model = one_way_model(["a", "b", "c"], [4, 25, 12])
    start = {0}
    protect(model, start, 3)
    assert start == {0}


def test_ineligible_cells_are_never_chosen():
    # the residual and the total of a one-way model are not eligible
    model = one_way_model(["a", "b"], [4, 40], total=50)
    chosen = protect(model, {0}, 3)
    assert chosen == frozenset({0, 1})
