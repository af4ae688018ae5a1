"""Linear models of count tables: cells, additive constraints, and what is published.

A table with margins is a set of cells and constraints ``sum(parts) == total``. The gate
suppresses cells of a :class:`CountModel` (which knows every value); what it publishes is an
:class:`AuditView`, which holds only the published values, so the audit sees exactly what a
reader sees.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from pipeline.disclosure.errors import DisclosureInputError

Constraint = tuple[tuple[int, ...], int]
"""``(parts, total)``: the cells ``parts`` add up to the cell ``total``."""


@dataclass(frozen=True)
class AuditView:
    """What a reader sees of a count table: published values and the additive constraints.

    Parameters
    ----------
    keys : tuple
        One identity per cell; the same key in two tables is the same number.
    labels : tuple of str
        Readable cell names (for findings).
    values : tuple of float or None
        The published value of each cell, ``None`` where suppressed.
    constraints : tuple of Constraint
        ``(parts, total)`` index pairs.
    bounds : tuple of (float, float) or None, optional
        What a reader knows of a suppressed cell besides the constraints (for instance the
        count a published percentage implies): ``(low, high)`` per cell, ``None`` for
        nothing; empty for no bounds at all.
    """

    keys: tuple[Hashable, ...]
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    constraints: tuple[Constraint, ...]
    bounds: tuple[tuple[float, float] | None, ...] = ()

    def bound(self, cell: int) -> tuple[float, float] | None:
        """Return the known bounds of a cell (None when only ``>= 0`` is known)."""
        return self.bounds[cell] if self.bounds else None

    @property
    def suppressed(self) -> tuple[int, ...]:
        """Indices of the suppressed cells."""
        return tuple(i for i, v in enumerate(self.values) if v is None)


@dataclass(frozen=True)
class CountModel:
    """A count table with every value known (internal to the gate, never published).

    Parameters
    ----------
    keys, labels : tuple
        Identity and readable name of each cell.
    values : tuple of float
        True counts.
    constraints : tuple of Constraint
        ``(parts, total)`` index pairs.
    eligible : tuple of bool
        Whether secondary suppression may choose the cell.
    inner : tuple of bool
        Whether the cell is an inner cell (never a total); inner cells are preferred as
        complementary suppressions because hiding a margin hides more information.

    Examples
    --------
    >>> m = one_way_model(["a", "b", "c"], [4, 20, 30], total=54)
    >>> m.view({0}).values
    (None, 20.0, 30.0, 0.0, 54.0)
    """

    keys: tuple[Hashable, ...]
    labels: tuple[str, ...]
    values: tuple[float, ...]
    constraints: tuple[Constraint, ...]
    eligible: tuple[bool, ...]
    inner: tuple[bool, ...]

    def __post_init__(self) -> None:
        size = len(self.values)
        for name in ("keys", "labels", "eligible", "inner"):
            if len(getattr(self, name)) != size:
                raise DisclosureInputError(
                    f"{name} has {len(getattr(self, name))} entries, values has {size}"
                )
        for parts, total in self.constraints:
            if not all(0 <= i < size for i in (*parts, total)):
                raise DisclosureInputError(f"constraint {parts!r} -> {total!r} is out of range")

    def view(self, suppressed: Iterable[int]) -> AuditView:
        """Return what is published when the cells ``suppressed`` are hidden."""
        hidden = set(suppressed)
        return AuditView(
            keys=self.keys,
            labels=self.labels,
            values=tuple(None if i in hidden else float(v) for i, v in enumerate(self.values)),
            constraints=self.constraints,
        )


def _check_counts(name: str, values: Sequence[float]) -> list[float]:
    out = []
    for v in values:
        number = float(v)
        if not number >= 0:
            raise DisclosureInputError(f"{name} must hold counts >= 0, got {v!r}")
        out.append(number)
    return out


def one_way_model(
    groups: Sequence[str],
    counts: Sequence[float],
    total: float | None = None,
    key_prefix: tuple[Hashable, ...] = (),
    total_key: Hashable | None = None,
) -> CountModel:
    """Model the groups of one breakdown that add up to a known overall count.

    The groups, a residual cell (respondents without a value for the breakdown) and the
    total form one constraint. The residual is treated as known to the reader and the
    total as published (worst case); neither is eligible for secondary suppression.

    Parameters
    ----------
    groups : sequence of str
        Group labels.
    counts : sequence of float
        Count per group.
    total : float, optional
        The published overall count; the sum of ``counts`` when not given.
    key_prefix : tuple, default ()
        Prefix of the cell keys (e.g. wave, indicator, breakdown).
    total_key : hashable, optional
        Key of the total cell (shared by the breakdowns of one indicator).

    Returns
    -------
    CountModel
        Cells: the groups in order, then the residual, then the total.

    Examples
    --------
    >>> m = one_way_model(["a", "b"], [12, 30], total=45)
    >>> m.values, m.constraints
    ((12.0, 30.0, 3.0, 45.0), (((0, 1, 2), 3),))
    """
    values = _check_counts("counts", counts)
    if len(groups) != len(values):
        raise DisclosureInputError(
            f"groups has {len(groups)} labels but counts has {len(values)} values"
        )
    overall = sum(values) if total is None else float(total)
    if overall < sum(values) - 1e-9:
        raise DisclosureInputError(
            f"total {total!r} is smaller than the sum of the group counts {sum(values)!r}"
        )
    k = len(values)
    # Without a published total the total is the sum of exactly these groups: its key (and the
    # residual's) names the groups, so a table of a subset of the groups (schaal 15+ alone) is
    # not taken to claim the same total as the table of all of them.
    # The residual is "the total minus exactly these groups": its key names them too.
    named = (tuple(sorted(str(g) for g in groups)),)
    implicit = () if total is not None else named
    return CountModel(
        keys=(
            *[(*key_prefix, g) for g in groups],
            (*key_prefix, "(onbekend)", *named),
            total_key if total_key is not None else (*key_prefix, "totaal", *implicit),
        ),
        labels=(*[str(g) for g in groups], "(onbekend)", "totaal"),
        values=(*values, overall - sum(values), overall),
        constraints=((tuple(range(k + 1)), k + 1),),
        eligible=(*[True] * k, False, False),
        inner=(*[True] * k, False, False),
    )


def crosstab_model(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[float]],
    key_prefix: tuple[Hashable, ...] = (),
    total_label: str = "Totaal",
    margin_keys: tuple[tuple[Hashable, ...], tuple[Hashable, ...], Hashable] | None = None,
    row_totals: bool = True,
) -> CountModel:
    """Model a two-way count table with its row, column and grand totals.

    A row-total column is added only when there are at least two columns, and a column-total
    row only when there are at least two rows (a one-column total would repeat the cell).
    Without ``row_totals`` there is no row-total column (and no grand total): for a table whose
    columns do not add up (stocks next to flows), only the column totals are published.

    Parameters
    ----------
    rows, columns : sequence of str
        Row and column labels.
    counts : sequence of sequences of float
        Inner counts, ``counts[i][j]`` for row ``i`` and column ``j``.
    key_prefix : tuple, default ()
        Prefix of the cell keys (e.g. the table name).
    total_label : str, default "Totaal"
        Label of the margins.
    margin_keys : tuple, optional
        ``(row_prefix, column_prefix, grand_key)``: row totals get keys ``(*row_prefix, row)``,
        column totals ``(*column_prefix, column)`` and the grand total ``grand_key``, so that
        tables sharing a margin share its cells (the cells of a one-column table are row
        totals, those of a one-row table column totals). By default margins are keyed like
        inner cells.

    Returns
    -------
    CountModel
        Cells in row-major order of the table with margins (totals last in each row, total
        row last).

    Examples
    --------
    >>> m = crosstab_model(["r1", "r2"], ["c1", "c2"], [[1, 2], [3, 4]])
    >>> m.values
    (1.0, 2.0, 3.0, 3.0, 4.0, 7.0, 4.0, 6.0, 10.0)
    >>> len(m.constraints)
    6
    >>> crosstab_model(["r1", "r2"], ["c1", "c2"], [[1, 2], [3, 4]], row_totals=False).values
    (1.0, 2.0, 3.0, 4.0, 4.0, 6.0)
    """
    grid = [_check_counts("counts", row) for row in counts]
    if len(grid) != len(rows) or any(len(row) != len(columns) for row in grid):
        raise DisclosureInputError(
            f"counts must be {len(rows)} rows of {len(columns)} values"
        )
    if not rows or not columns:
        raise DisclosureInputError("counts must have at least one row and one column")
    row_total = len(columns) > 1 and row_totals
    col_total = len(rows) > 1
    row_labels = [*rows, *([total_label] if col_total else [])]
    col_labels = [*columns, *([total_label] if row_total else [])]
    full = [[*row, *([sum(row)] if row_total else [])] for row in grid]
    if col_total:
        full.append([sum(row[j] for row in full) for j in range(len(col_labels))])
    width = len(col_labels)

    def index(i: int, j: int) -> int:
        return i * width + j

    constraints: list[Constraint] = []
    if row_total:
        for i in range(len(row_labels)):
            parts = tuple(index(i, j) for j in range(len(columns)))
            constraints.append((parts, index(i, width - 1)))
    if col_total:
        for j in range(width):
            constraints.append((tuple(index(i, j) for i in range(len(rows))), index(len(rows), j)))
    keys, labels, values, inner = [], [], [], []
    for i, r in enumerate(row_labels):
        for j, c in enumerate(col_labels):
            # a one-column table's cells are row totals, a one-row table's are column totals
            is_row_total = j >= len(columns) or (len(columns) == 1 and row_totals)
            is_col_total = i >= len(rows) or len(rows) == 1
            if margin_keys is None or not (is_row_total or is_col_total):
                keys.append((*key_prefix, r, c))
            elif is_row_total and is_col_total:
                keys.append(margin_keys[2])
            elif is_row_total:
                keys.append((*margin_keys[0], r))
            else:
                keys.append((*margin_keys[1], c))
            labels.append(f"{r} / {c}")
            values.append(full[i][j])
            inner.append(i < len(rows) and j < len(columns))
    return CountModel(
        keys=tuple(keys),
        labels=tuple(labels),
        values=tuple(values),
        constraints=tuple(constraints),
        eligible=tuple([True] * len(values)),
        inner=tuple(inner),
    )
