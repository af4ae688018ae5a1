"""The audit: try to recover each suppressed count from what is published.

For each suppressed cell, linear programming finds the smallest and largest value consistent
with every published cell and every additive constraint (counts >= 0, integrality not
required). A cell whose range is narrower than the protection interval (including a single
value) is disclosed.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linprog

from pipeline.disclosure.errors import DisclosureInputError
from pipeline.disclosure.model import AuditView

if TYPE_CHECKING:
    from pipeline.disclosure.published import PublishedTable

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Finding:
    """A suppressed cell that a reader can pin down too closely.

    ``low`` and ``high`` bound the hidden value: internal only, never print them in a report.
    """

    table: str
    cell: str
    low: float
    high: float


def _components(n_unknown: int, rows: list[dict[int, float]]) -> list[int]:
    parent = list(range(n_unknown))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in rows:
        cells = list(row)
        for other in cells[1:]:
            parent[find(other)] = find(cells[0])
    return [find(i) for i in range(n_unknown)]


def _solve(c: np.ndarray, a_eq: np.ndarray | None, b_eq: np.ndarray | None,
           bounds: list[tuple[float, float | None]]) -> tuple[float, np.ndarray | None]:
    result = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status == 3:
        return -math.inf, None
    if result.status != 0:
        raise DisclosureInputError(
            f"published values are inconsistent with the table's totals ({result.message})"
        )
    return float(result.fun), np.asarray(result.x, dtype=float)


def cell_ranges(
    view: AuditView, enough: float | None = None, only: set[int] | None = None
) -> dict[int, tuple[float, float]]:
    """Return the feasible range of every suppressed cell of a view.

    Parameters
    ----------
    view : AuditView
        Published values (``None`` = suppressed) and constraints.
    enough : float, optional
        Shortcut for the audit: every LP solution is a feasible table, so once the values a
        cell took in earlier solutions already span ``enough``, its own LPs are skipped and
        the observed span (a lower bound of its width) is returned instead. Without it
        every range is exact.
    only : set of int, optional
        Compute the ranges of these cells only (the others still take part in the LPs).

    Returns
    -------
    dict
        Cell index -> ``(low, high)``; ``high`` is ``inf`` when unbounded.

    Examples
    --------
    >>> from pipeline.disclosure.model import one_way_model
    >>> m = one_way_model(["a", "b", "c"], [4, 20, 30])
    >>> cell_ranges(m.view({0}))
    {0: (4.0, 4.0)}
    >>> cell_ranges(m.view({0, 1}))
    {0: (0.0, 24.0), 1: (0.0, 24.0)}
    """
    unknown = list(view.suppressed)
    if not unknown:
        return {}
    position = {cell: k for k, cell in enumerate(unknown)}
    rows: list[dict[int, float]] = []
    rhs: list[float] = []
    for parts, total in view.constraints:
        coef: dict[int, float] = {}
        constant = 0.0
        for cell, sign in [*((p, 1.0) for p in parts), (total, -1.0)]:
            value = view.values[cell]
            if value is None:
                coef[position[cell]] = coef.get(position[cell], 0.0) + sign
            else:
                constant += sign * value
        coef = {k: v for k, v in coef.items() if v != 0.0}
        if coef:
            rows.append(coef)
            rhs.append(-constant)
    component = _components(len(unknown), rows)
    ranges: dict[int, tuple[float, float]] = {}
    for root in sorted(set(component)):
        members = [k for k in range(len(unknown)) if component[k] == root]
        if only is not None and not any(unknown[k] in only for k in members):
            continue
        local = {k: j for j, k in enumerate(members)}
        mine = [(row, b) for row, b in zip(rows, rhs, strict=True) if next(iter(row)) in local]
        a_eq = np.zeros((len(mine), len(members)))
        b_eq = np.array([b for _, b in mine], dtype=float)
        for r, (row, _) in enumerate(mine):
            for k, v in row.items():
                a_eq[r, local[k]] = v
        seen_low = np.full(len(members), math.inf)
        seen_high = np.full(len(members), -math.inf)
        box = []
        for k in members:
            known = view.bound(unknown[k])
            low_k, high_k = (0.0, math.inf) if known is None else known
            box.append((max(0.0, float(low_k)),
                        None if math.isinf(high_k) else max(0.0, float(high_k))))
        for k in members:
            j = local[k]
            if only is not None and unknown[k] not in only:
                continue
            if not mine:
                low_k, high_k = box[j]
                ranges[unknown[k]] = (low_k, math.inf if high_k is None else high_k)
                continue
            if enough is not None and seen_high[j] - seen_low[j] >= enough:
                ranges[unknown[k]] = (float(seen_low[j]), float(seen_high[j]))
                continue
            c = np.zeros(len(members))
            c[j] = 1.0
            low, x_low = _solve(c, a_eq, b_eq, box)
            high, x_high = _solve(-c, a_eq, b_eq, box)
            for x in (x_low, x_high):
                if x is not None:
                    seen_low = np.minimum(seen_low, x)
                    seen_high = np.maximum(seen_high, x)
            ranges[unknown[k]] = (max(low, 0.0), -high)
    return ranges


def merge_views(views: Sequence[AuditView]) -> AuditView:
    """Join the views of several tables: cells with the same key are the same number.

    A cell suppressed in one table but published in another counts as published.

    Examples
    --------
    >>> from pipeline.disclosure.model import one_way_model
    >>> m = one_way_model(["a", "b", "c"], [4, 20, 30], key_prefix=("x",))
    >>> merged = merge_views([m.view({0, 1}), m.view({0})])
    >>> merged.suppressed
    (0,)
    """
    index: dict[Hashable, int] = {}
    labels: list[str] = []
    values: list[float | None] = []
    bounds: list[tuple[float, float] | None] = []
    constraints: list[tuple[tuple[int, ...], int]] = []
    for view in views:
        local = []
        for cell, (key, label, value) in enumerate(
            zip(view.keys, view.labels, view.values, strict=True)
        ):
            known = view.bound(cell)
            if key not in index:
                index[key] = len(values)
                labels.append(label)
                values.append(value)
                bounds.append(known)
            else:
                at = index[key]
                if values[at] is None:
                    values[at] = value
                if known is not None:
                    old = bounds[at]
                    bounds[at] = known if old is None else (max(old[0], known[0]),
                                                            min(old[1], known[1]))
            local.append(index[key])
        for parts, total in view.constraints:
            constraints.append((tuple(local[p] for p in parts), local[total]))
    return AuditView(
        keys=tuple(index),
        labels=tuple(labels),
        values=tuple(values),
        constraints=tuple(dict.fromkeys(constraints)),
        bounds=tuple(bounds) if any(b is not None for b in bounds) else (),
    )


def disclosed_cells(view: AuditView, protection_interval: float) -> dict[int, tuple[float, float]]:
    """Return the suppressed cells whose range is narrower than ``protection_interval``.

    Examples
    --------
    >>> from pipeline.disclosure.model import one_way_model
    >>> m = one_way_model(["a", "b", "c"], [0, 1, 30])
    >>> disclosed_cells(m.view({0, 1}), 3)
    {0: (0.0, 1.0), 1: (0.0, 1.0)}
    """
    return {
        cell: (low, high)
        for cell, (low, high) in cell_ranges(view, enough=protection_interval).items()
        if high - low < protection_interval - _TOLERANCE
    }


RESIDUAL_LABEL = "(onbekend)"
"""Label of the residual cell of a one-way block (respondents without a value)."""


def hidden_owners(tables: Iterable[PublishedTable]) -> dict[Hashable, str]:
    """Map each suppressed cell's key to the first table that hides it.

    Cells a table does not show without suppressing them are not owned: the residual of a
    breakdown (never chosen to protect anything) and the implicit total of a table without a
    total row (their keys end in the tuple of the groups they sum). Where another table
    implies them, that is no finding.
    """
    owner: dict[Hashable, str] = {}
    for table in tables:
        view = table.audit_view
        for key, label, value in zip(view.keys, view.labels, view.values, strict=True):
            implicit = isinstance(key, tuple) and bool(key) and isinstance(key[-1], tuple)
            if value is None and label != RESIDUAL_LABEL and not implicit:
                owner.setdefault(key, table.name)
    return owner


def audit(
    tables: Iterable[PublishedTable], protection_interval: float | None = None,
    known: Sequence[AuditView] = (),
) -> list[Finding]:
    """Try to recover every suppressed count of a report's published tables.

    The tables are audited together: a cell that appears in two tables (same key) is one
    number, so a number suppressed in one table and published in another is a finding, and
    so is one that the constraints of several tables together pin down.

    Parameters
    ----------
    tables : iterable of PublishedTable
        The published tables of one report.
    protection_interval : float, optional
        Defaults to each table's rules' ``protection_interval`` (the largest of them).
    known : sequence of AuditView, optional
        What a reader knows besides the tables: structural zeros, identities between tables
        (stock and flows), counts implied by published percentages (as ``bounds``). Their
        cells are not claimed as published or hidden; only the tables' hidden cells are
        findings.

    Returns
    -------
    list of Finding
        One per disclosed cell; empty when the report passes.

    Examples
    --------
    >>> import pandas as pd
    >>> from pipeline.disclosure import DisclosureRules, publish_counts
    >>> counts = pd.DataFrame({"man": [30, 12], "vrouw": [40, 25]}, index=["a", "b"])
    >>> table = publish_counts(counts, DisclosureRules(), name="t", caption="Aantallen")
    >>> audit([table])
    []
    """
    tables = list(tables)
    if not tables:
        return []
    interval = protection_interval
    if interval is None:
        interval = max(t.rules.protection_interval for t in tables)
    owner = hidden_owners(tables)
    merged = merge_views([*(t.audit_view for t in tables), *known])
    shown_elsewhere = {
        cell: (value, value)
        for cell, (key, value) in enumerate(zip(merged.keys, merged.values, strict=True))
        if key in owner and value is not None
    }
    narrow = {cell: span for cell, span in disclosed_cells(merged, interval).items()
              if merged.keys[cell] in owner}
    leaks = {**narrow, **shown_elsewhere}
    return [
        Finding(table=owner[merged.keys[cell]], cell=merged.labels[cell], low=low, high=high)
        for cell, (low, high) in sorted(leaks.items())
    ]
