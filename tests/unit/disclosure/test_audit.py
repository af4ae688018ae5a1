from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.disclosure import DisclosureInputError
from pipeline.disclosure.audit import cell_ranges, disclosed_cells, merge_views
from pipeline.disclosure.model import AuditView, crosstab_model, one_way_model


def test_single_hidden_group_is_recovered_exactly():
    model = one_way_model(["a", "b", "c"], [4, 20, 30], total=57)
    assert cell_ranges(model.view({0})) == {0: (4.0, 4.0)}
    assert disclosed_cells(model.view({0}), 3) == {0: (4.0, 4.0)}


def test_two_hidden_groups_range_is_zero_to_their_sum():
    model = one_way_model(["a", "b", "c"], [4, 20, 30], total=57)
    # residual (57 - 54 = 3) is treated as known, so a + b = 24
    assert cell_ranges(model.view({0, 1})) == {0: (0.0, 24.0), 1: (0.0, 24.0)}
    assert disclosed_cells(model.view({0, 1}), 3) == {}


@pytest.mark.parametrize(("hidden_sum", "disclosed"), [(2, True), (3, False), (4, False)])
def test_protection_interval_boundary(hidden_sum, disclosed):
    model = one_way_model(["a", "b", "c"], [0, hidden_sum, 50])
    assert bool(disclosed_cells(model.view({0, 1}), 3)) is disclosed


def test_rectangle_in_crosstab_has_hand_computed_ranges():
    # rows r1..r3 x columns A..C; the 2x2 rectangle r2/r3 x A/B hidden
    counts = [[20, 30, 40], [5, 25, 35], [15, 12, 50]]
    model = crosstab_model(["r1", "r2", "r3"], ["A", "B", "C"], counts)
    width = 4
    hidden = {1 * width + 0, 1 * width + 1, 2 * width + 0, 2 * width + 1}
    ranges = cell_ranges(model.view(hidden))
    # shift t: r2A = 5 + t, r2B = 25 - t, r3A = 15 - t, r3B = 12 + t, with all >= 0
    # -> t in [-5, 15]
    assert ranges[1 * width + 0] == pytest.approx((0.0, 20.0))
    assert ranges[1 * width + 1] == pytest.approx((10.0, 30.0))
    assert ranges[2 * width + 0] == pytest.approx((0.0, 20.0))
    assert ranges[2 * width + 1] == pytest.approx((7.0, 27.0))


def test_hidden_grand_total_with_everything_hidden_is_unbounded():
    model = crosstab_model(["r1", "r2"], ["A", "B"], [[1, 2], [3, 4]])
    ranges = cell_ranges(model.view(range(9)))
    assert all(low == 0 and math.isinf(high) for low, high in ranges.values())


def test_inconsistent_published_values_raise():
    view = AuditView(keys=(1, 2, 3), labels=("a", "b", "t"), values=(5.0, None, 3.0),
                     constraints=(((0, 1), 2),))
    with pytest.raises(DisclosureInputError, match="inconsistent"):
        cell_ranges(view)


def test_cell_published_in_another_table_is_disclosed_in_merged_view():
    model = one_way_model(["a", "b", "c"], [4, 20, 30], key_prefix=("x",))
    merged = merge_views([model.view({0, 1}), model.view({0})])
    assert disclosed_cells(merged, 3) == {0: (4.0, 4.0)}


def _brute_force_ranges(counts, hidden, published):
    """Enumerate every integer 2x2 table consistent with the published cells."""
    grand = sum(sum(r) for r in counts)
    window = range(0, 2 * grand + 2)
    found: dict[int, list[float]] = {}
    for a, b, c, d in itertools.product(window, repeat=4):
        full = [a, b, a + b, c, d, c + d, a + c, b + d, a + b + c + d]
        if all(full[i] == published[i] for i in range(9) if i not in hidden):
            for i in hidden:
                low_high = found.setdefault(i, [math.inf, -math.inf])
                low_high[0] = min(low_high[0], full[i])
                low_high[1] = max(low_high[1], full[i])
    edge = 2 * grand + 1
    return {i: (lo, math.inf if hi >= edge else hi) for i, (lo, hi) in found.items()}


@settings(max_examples=25, deadline=None)
@given(
    counts=st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=2), min_size=2, max_size=2),
    hidden=st.sets(st.integers(0, 8), min_size=1, max_size=5),
)
def test_lp_ranges_match_brute_force_enumeration(counts, hidden):
    model = crosstab_model(["r1", "r2"], ["A", "B"], counts)
    lp = cell_ranges(model.view(hidden))
    brute = _brute_force_ranges(counts, hidden, model.values)
    assert set(lp) == set(brute) == set(hidden)
    for cell in hidden:
        low, high = lp[cell]
        b_low, b_high = brute[cell]
        assert low == pytest.approx(b_low, abs=1e-6)
        if math.isinf(b_high):
            assert high > 2 * sum(map(sum, counts))
        else:
            assert high == pytest.approx(b_high, abs=1e-6)


def test_enough_shortcut_never_hides_a_disclosed_cell():
    rng = np.random.default_rng(5)
    for _ in range(20):
        counts = rng.integers(0, 20, (3, 3)).tolist()
        model = crosstab_model(["a", "b", "c"], ["x", "y", "z"], counts)
        hidden = set(rng.choice(16, size=5, replace=False).tolist())
        exact = cell_ranges(model.view(hidden))
        expected = {c for c, (lo, hi) in exact.items() if hi - lo < 3 - 1e-6}
        assert set(disclosed_cells(model.view(hidden), 3)) == expected
