"""Plan the suppression of a count crosstab (rows x columns, margins added by the gate)."""

from __future__ import annotations

from collections.abc import Hashable, Set
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from pipeline.disclosure.errors import DisclosureInputError
from pipeline.disclosure.model import CountModel, crosstab_model
from pipeline.disclosure.primary import primary_mask
from pipeline.disclosure.rules import DisclosureRules
from pipeline.disclosure.secondary import protect

TOTAL_LABEL = "Totaal"
"""Label of the margins of a published crosstab."""


@dataclass(frozen=True)
class CountPlan:
    """What the gate will show of a crosstab.

    Attributes
    ----------
    model : CountModel
        The table with margins (row-major, totals last).
    rows, columns : tuple of str
        Labels including the margins.
    status : tuple of str
        Per cell of ``model``: ``shown``, ``primary`` or ``secondary``.
    """

    model: CountModel
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    status: tuple[str, ...]

    @property
    def hidden(self) -> frozenset[int]:
        """Indices of the hidden cells."""
        return frozenset(i for i, s in enumerate(self.status) if s != "shown")


def count_key(population: str, row_var: str, col_var: str, row: str,
              column: str) -> tuple[Hashable, ...]:
    """Return the audit key of an inner cell of a crosstab (see :func:`plan_counts`).

    Examples
    --------
    >>> count_key("hr-stromen-2026", "band", "kolom", "15+", "uitstroom")
    ('telling', 'hr-stromen-2026', 'band', 'kolom', '15+', 'uitstroom')
    """
    return ("telling", population, row_var, col_var, row, column)


def validate_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Check a crosstab of counts and return a float copy.

    Examples
    --------
    >>> validate_counts(pd.DataFrame({"a": [1, -2]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.disclosure.errors.DisclosureInputError: counts column 'a' must hold numbers >= 0 ...
    """
    if not isinstance(counts, pd.DataFrame):
        raise DisclosureInputError(
            f"counts must be a pandas DataFrame, got {type(counts).__name__}"
        )
    if counts.empty:
        raise DisclosureInputError("counts must have at least one row and one column")
    out = counts.copy()
    for column in out.columns:
        values = pd.to_numeric(out[column], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise DisclosureInputError(
                f"counts column {column!r} must hold numbers >= 0 without missing values"
            )
        out[column] = values.astype(float)
    if out.index.duplicated().any() or out.columns.duplicated().any():
        raise DisclosureInputError("counts must have unique row and column labels")
    return out


def plan_counts(
    counts: pd.DataFrame,
    rules: DisclosureRules,
    source: str = "hr",
    population: str = "",
    hidden_elsewhere: Set[Hashable] = frozenset(),
    structural_zeros: Set[tuple[str, str]] = frozenset(),
    row_totals: bool = True,
) -> CountPlan:
    """Decide which cells of a crosstab (with its margins) are shown.

    Parameters
    ----------
    counts : pandas.DataFrame
        Inner counts; the index holds the row categories, the columns the column categories;
        ``index.name`` and ``columns.name`` name the variables.
    rules : DisclosureRules
        Thresholds.
    source : {"survey", "hr", "cbs"}, default "hr"
        Selects the primary threshold.
    population : str, default ""
        Identity of the counted population (e.g. ``"hr-2024"``): margins of tables with the
        same population and variable are the same numbers, in the audit and in suppression.
    hidden_elsewhere : set
        Cell keys hidden in other tables of the report.
    structural_zeros : set of (row, column)
        Inner cells that are zero by definition (doorstroom into the lowest salary band): a
        reader knows them, so they are shown and never protect or need protection.
    row_totals : bool, default True
        Add the row-total column; False for a table whose columns do not add up (stocks and
        flows side by side): only the column totals are published.

    Returns
    -------
    CountPlan

    Examples
    --------
    >>> t = pd.DataFrame({"man": [30, 4], "vrouw": [40, 25]}, index=["a", "b"])
    >>> p = plan_counts(t, DisclosureRules())
    >>> [s[0] for s in p.status]
    ['s', 's', 's', 'p', 's', 's', 's', 's', 's']
    """
    data = validate_counts(counts)
    rows = [str(r) for r in data.index]
    columns = [str(c) for c in data.columns]
    row_var, col_var = str(data.index.name or "rij"), str(data.columns.name or "kolom")
    model = crosstab_model(
        rows,
        columns,
        data.to_numpy().tolist(),
        key_prefix=("telling", population, row_var, col_var),
        total_label=TOTAL_LABEL,
        margin_keys=(
            ("telling", population, row_var),
            ("telling", population, col_var),
            ("telling", population),
        ),
        row_totals=row_totals,
    )
    for r, c in structural_zeros:
        if str(r) not in rows or str(c) not in columns:
            raise DisclosureInputError(f"structural zero ({r!r}, {c!r}) is not a cell of the table")
    width = len(columns) + (len(columns) > 1 and row_totals)
    zeros = {rows.index(str(r)) * width + columns.index(str(c)) for r, c in structural_zeros}
    if any(model.values[i] != 0 for i in zeros):
        raise DisclosureInputError("a cell declared zero by definition holds a count")
    model = replace(model, eligible=tuple(e and i not in zeros
                                          for i, e in enumerate(model.eligible)))
    primary = primary_mask(np.asarray(model.values), rules, source)
    primary[list(zeros)] = False
    start = {i for i, p in enumerate(primary) if p} | {
        i for i, key in enumerate(model.keys) if key in hidden_elsewhere
    }
    chosen = protect(model, start, rules.protection_interval)
    status = tuple(
        "primary" if primary[i] else "secondary" if i in chosen else "shown"
        for i in range(len(model.values))
    )
    labels = [*rows, *([TOTAL_LABEL] if len(rows) > 1 else [])]
    col_labels = [*columns, *([TOTAL_LABEL] if len(columns) > 1 and row_totals else [])]
    return CountPlan(model=model, rows=tuple(labels), columns=tuple(col_labels), status=status)
