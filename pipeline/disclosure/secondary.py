"""Secondary (complementary) suppression: hide more cells until no hidden cell can be recovered."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.disclosure.audit import disclosed_cells
from pipeline.disclosure.model import CountModel


def _cheapest(model: CountModel, candidates: Iterable[int], hidden: set[int]) -> int | None:
    """Return the eligible published cell to hide next: inner cells first, then the smallest."""
    free = [c for c in set(candidates) if c not in hidden and model.eligible[c]]
    if not free:
        return None
    return min(free, key=lambda c: (not model.inner[c], model.values[c], c))


def _lines(model: CountModel) -> list[tuple[int, ...]]:
    return [(*parts, total) for parts, total in model.constraints]


def _close_singletons(model: CountModel, hidden: set[int]) -> None:
    """While a line (constraint) holds exactly one hidden cell, hide its cheapest other cell."""
    changed = True
    while changed:
        changed = False
        for line in _lines(model):
            if sum(c in hidden for c in line) == 1:
                pick = _cheapest(model, line, hidden)
                if pick is not None:
                    hidden.add(pick)
                    changed = True


def protect(model: CountModel, hidden: Iterable[int], protection_interval: float) -> frozenset[int]:
    """Choose complementary suppressions so that no hidden cell can be recovered.

    The classic heuristic: a line (row, column or margin) with one hidden cell gives it away
    by subtraction, so the smallest other cell of that line is hidden too (inner cells before
    totals). Then the audit runs; for each cell it still pins down (range narrower than the
    protection interval) the smallest published cell of one of its lines is hidden (or, if
    those are all hidden, the smallest published cell of the table), until the audit passes
    or nothing eligible is left.

    Parameters
    ----------
    model : CountModel
        The table with all values.
    hidden : iterable of int
        Cells already hidden (primary suppression, or carried over from other tables).
    protection_interval : float
        Width below which a hidden cell's feasible range counts as disclosed.

    Returns
    -------
    frozenset of int
        All hidden cells (the input cells plus the complementary ones).

    Examples
    --------
    >>> from pipeline.disclosure.model import one_way_model
    >>> m = one_way_model(["a", "b", "c", "d"], [4, 25, 12, 30])
    >>> sorted(protect(m, {0}, 3))
    [0, 2]
    """
    chosen = set(hidden)
    if not chosen:
        return frozenset()
    while True:
        _close_singletons(model, chosen)
        leaks = disclosed_cells(model.view(chosen), protection_interval)
        if not leaks:
            return frozenset(chosen)
        cell = min(leaks)
        own = [line for line in _lines(model) if cell in line]
        pick = _cheapest(model, [c for line in own for c in line], chosen)
        if pick is None:
            pick = _cheapest(model, range(len(model.values)), chosen)
        if pick is None:
            return frozenset(chosen)
        chosen.add(pick)
