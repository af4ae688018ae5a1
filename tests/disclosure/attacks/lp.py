"""Bounds of unknown counts by linear programming (scipy ``linprog``, HiGHS).

A :class:`System` holds variables (counts) with bounds and linear constraints
``low <= sum(coef * x) <= high``. :meth:`System.ranges` finds, for each asked variable, the
smallest and largest value over everything known, one connected component at a time. Counts
are whole numbers, so the bounds are rounded inwards (``ceil`` of the minimum, ``floor`` of
the maximum): every whole solution lies inside them, which is all an attacker needs.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

INF = math.inf
_TOL = 1e-6


@dataclass
class System:
    """Variables with bounds and linear constraints between them.

    Examples
    --------
    >>> s = System()
    >>> s.var("a", 98, 102); s.var("t", 103, 107)
    >>> s.add({"a": 1, "b": 1, "t": -1}, 0, 0)   # a + b = t
    >>> s.ranges(["b"])
    {'b': (1, 9)}
    """

    lower: dict[Hashable, float] = field(default_factory=dict)
    upper: dict[Hashable, float] = field(default_factory=dict)
    rows: list[tuple[dict[Hashable, float], float, float]] = field(default_factory=list)
    conflicts: list[Hashable] = field(default_factory=list)

    def var(self, key: Hashable, low: float = 0.0, high: float = INF) -> None:
        """Declare a variable or narrow its bounds.

        Bounds that do not overlap the earlier ones (the same number published twice with
        values that cannot both be true) are recorded in ``conflicts``; the variable then
        keeps the hull of both, so the attack stays feasible and conservative.
        """
        if key not in self.lower:
            self.lower[key], self.upper[key] = float(low), float(high)
            return
        lo, hi = max(self.lower[key], low), min(self.upper[key], high)
        if lo > hi + _TOL:
            self.conflicts.append(key)
            self.lower[key] = min(self.lower[key], low)
            self.upper[key] = max(self.upper[key], high)
        else:
            self.lower[key], self.upper[key] = lo, hi

    def add(self, terms: Mapping[Hashable, float], low: float = -INF, high: float = INF
            ) -> None:
        """Add ``low <= sum(coef * x) <= high``; unknown variables get bounds ``[0, inf)``."""
        merged: dict[Hashable, float] = {}
        for key, coef in terms.items():
            merged[key] = merged.get(key, 0.0) + float(coef)
            if key not in self.lower:
                self.var(key)
        merged = {k: v for k, v in merged.items() if v != 0.0}
        if merged:
            self.rows.append((merged, float(low), float(high)))

    @staticmethod
    def _sum(parts: Iterable[Hashable], whole: Hashable) -> dict[Hashable, float]:
        terms = dict.fromkeys(dict.fromkeys(parts), 1.0)  # distinct cells, each once
        terms[whole] = terms.get(whole, 0.0) - 1.0
        return terms

    def at_most(self, parts: Iterable[Hashable], whole: Hashable) -> None:
        """``sum(parts) <= whole`` over distinct cells ``parts``."""
        self.add(self._sum(parts, whole), -INF, 0.0)

    def equal(self, parts: Iterable[Hashable], whole: Hashable) -> None:
        """``sum(parts) == whole`` over distinct cells ``parts``."""
        self.add(self._sum(parts, whole), 0.0, 0.0)

    def _components(self) -> dict[Hashable, Hashable]:
        parent = {k: k for k in self.lower}

        def find(k: Hashable) -> Hashable:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for terms, _, _ in self.rows:
            keys = list(terms)
            for other in keys[1:]:
                parent[find(other)] = find(keys[0])
        return {k: find(k) for k in self.lower}

    def ranges(self, keys: Iterable[Hashable]) -> dict[Hashable, tuple[float, float] | None]:
        """Whole-number bounds of each asked variable; None where its component is infeasible.

        The upper bound is ``inf`` when nothing bounds the variable from above.
        """
        wanted = [k for k in dict.fromkeys(keys) if k in self.lower]
        component = self._components()
        by_root: dict[Hashable, list[Hashable]] = {}
        for k in self.lower:
            by_root.setdefault(component[k], []).append(k)
        rows_of: dict[Hashable, list[tuple[dict[Hashable, float], float, float]]] = {}
        for row in self.rows:
            rows_of.setdefault(component[next(iter(row[0]))], []).append(row)
        out: dict[Hashable, tuple[float, float] | None] = {}
        solved: dict[Hashable, object] = {}
        for key in wanted:
            root = component[key]
            if root not in solved:
                solved[root] = _Problem(by_root[root], rows_of.get(root, []), self)
            out[key] = solved[root].range(key)
        return out


class _Problem:
    """One connected component as matrices for ``linprog``."""

    def __init__(self, keys: list[Hashable], rows: list, system: System) -> None:
        self.index = {k: i for i, k in enumerate(keys)}
        self.bounds = [(system.lower[k], None if math.isinf(system.upper[k]) else
                        system.upper[k]) for k in keys]
        eq, eq_b, ub, ub_b = [], [], [], []
        for terms, low, high in rows:
            vector = np.zeros(len(keys))
            for k, v in terms.items():
                vector[self.index[k]] = v
            if low == high:
                eq.append(vector)
                eq_b.append(low)
                continue
            if not math.isinf(high):
                ub.append(vector)
                ub_b.append(high)
            if not math.isinf(low):
                ub.append(-vector)
                ub_b.append(-low)
        self.a_eq = np.array(eq) if eq else None
        self.b_eq = np.array(eq_b) if eq else None
        self.a_ub = np.array(ub) if ub else None
        self.b_ub = np.array(ub_b) if ub else None
        self.has_rows = bool(rows)
        self.feasible = True

    def _solve(self, c: np.ndarray) -> tuple[int, float]:
        result = linprog(c, A_ub=self.a_ub, b_ub=self.b_ub, A_eq=self.a_eq, b_eq=self.b_eq,
                         bounds=self.bounds, method="highs")
        return result.status, float(result.fun) if result.status == 0 else math.nan

    def range(self, key: Hashable) -> tuple[float, float] | None:
        j = self.index[key]
        low_bound, high_bound = self.bounds[j]
        if not self.has_rows:
            return (math.ceil(low_bound - _TOL),
                    INF if high_bound is None else math.floor(high_bound + _TOL))
        if not self.feasible:
            return None
        c = np.zeros(len(self.index))
        c[j] = 1.0
        status, low = self._solve(c)
        if status == 2:
            self.feasible = False
            return None
        status, neg_high = self._solve(-c)
        high = INF if status == 3 else -neg_high
        return math.ceil(low - _TOL), (INF if math.isinf(high) else math.floor(high + _TOL))
