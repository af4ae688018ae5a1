"""The reader's audit: what someone who reads every table of every report can work out.

The gate's own audit (:func:`pipeline.disclosure.audit.audit`) takes every published count at
its true, unrounded value: conservative within a table, and what secondary suppression is
planned against. A reader sees less and knows more:

- less: each published count only as its rounding interval (``n 15`` is 13 to 17), the
  interval :func:`pipeline.disclosure.implied.count_values` gives;
- more: the structure of the tables (cells zero by definition, the stock-flow identity
  between the flows table and the staff counts, totals repeated across sections) and the
  numerators that published percentages imply (``15%; n 100`` is 15 of 100), which are the
  bases of other tables.

:func:`reader_audit` runs the same linear programs over that knowledge. The publication plan
must pass both audits. The attack suite (``tests/disclosure/attacks``) does the same from the
rendered HTML, without access to the true values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.disclosure.audit import (
    RESIDUAL_LABEL,
    Finding,
    cell_ranges,
    hidden_owners,
    merge_views,
)
from pipeline.disclosure.implied import count_values
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.published import PublishedTable
from pipeline.disclosure.rounding import round_count

_TOLERANCE = 1e-6


def shown_interval(value: float, base: int, floor: int) -> tuple[float, float]:
    """Return the true counts that display like ``value`` (rounded to ``base``, floor ``floor``).

    Examples
    --------
    >>> shown_interval(14, 5, 10), shown_interval(11, 5, 10), shown_interval(0, 5, 10)
    ((13.0, 17.0), (10.0, 12.0), (0.0, 0.0))
    """
    if value < floor:  # only a structural zero is shown below the threshold
        return (float(value), float(value))
    shown = round_count(float(value), base, floor=floor)
    values = count_values(int(shown), base, floor=floor)
    return (float(values.start), float(values.stop - 1))


def reader_view(table: PublishedTable) -> AuditView:
    """Return a table as a reader sees it: published counts as rounding intervals.

    Hidden cells and the residuals of one-way blocks (never shown) are unknown.
    """
    rules = table.rules
    floor = rules.min_n(table.source)
    view = table.audit_view
    bounds = []
    for label, value in zip(view.labels, view.values, strict=True):
        if value is None or label == RESIDUAL_LABEL:
            bounds.append(None)
        else:
            bounds.append(shown_interval(value, rules.round_count, floor))
    return AuditView(keys=view.keys, labels=view.labels, values=(None,) * len(view.values),
                     constraints=view.constraints, bounds=tuple(bounds))


def reader_audit(
    tables: Sequence[PublishedTable], known: Iterable[AuditView] = (),
    protection_interval: float | None = None,
) -> list[Finding]:
    """Find hidden counts a reader pins down from rounded tables, structure and percentages.

    Parameters
    ----------
    tables : sequence of PublishedTable
        Every published table (all sections and waves).
    known : iterable of AuditView
        Structure and implied counts (see the module docstring).
    protection_interval : float, optional
        Defaults to the largest of the tables' rules.

    Returns
    -------
    list of Finding
        Hidden cells whose feasible range is narrower than the protection interval.

    Examples
    --------
    >>> import pandas as pd
    >>> from pipeline.disclosure import DisclosureRules, publish_counts
    >>> t = pd.DataFrame({"a": [30, 4], "b": [40, 25]}, index=["x", "y"])
    >>> reader_audit([publish_counts(t, DisclosureRules(), "t", "T")])
    []
    """
    tables = list(tables)
    if not tables:
        return []
    interval = protection_interval or max(t.rules.protection_interval for t in tables)
    owner = hidden_owners(tables)
    merged = merge_views([*(reader_view(t) for t in tables), *known])
    cells = [i for i, k in enumerate(merged.keys) if k in owner]
    if not cells:
        return []
    ranges = cell_ranges(_all_bounded(merged), enough=interval, only=set(cells))
    return [
        Finding(table=owner[merged.keys[cell]], cell=merged.labels[cell], low=low, high=high)
        for cell, (low, high) in sorted(ranges.items())
        if high - low < interval - _TOLERANCE
    ]


def identity_violations(
    tables: Sequence[PublishedTable], identities: Iterable[AuditView],
) -> list[str]:
    """Return the identities that the published, rounded tables cannot satisfy.

    An identity (the stock-flow identity of a salary band: start + instroom + doorstroom in =
    end + doorstroom uit + uitstroom, and the start and end equal to the published register
    counts) holds in the data; every published count stands for its rounding interval
    (:func:`shown_interval`), a hidden one for any count. If no choice of counts within those
    intervals satisfies it, the tables contradict it (a stock that is the previous year's
    where the end of the year was meant, a flow left out): the table is wrong, whatever the
    disclosure.

    Returns
    -------
    list of str
        A readable label per violated identity (no values); empty when all can hold.

    Examples
    --------
    >>> import pandas as pd
    >>> from pipeline.disclosure import DisclosureRules, publish_counts
    >>> from pipeline.disclosure.counts import count_key
    >>> flows = pd.DataFrame({"start": [400, 300], "in": [40, 20], "out": [30, 20],
    ...                       "end": [410, 300]}, index=pd.Index(["9-11", "12-14"], name="band"))
    >>> table = publish_counts(flows, DisclosureRules(), "stromen", "S", population="p",
    ...                        row_totals=False)
    >>> keys = (*(count_key("p", "band", "kolom", "9-11", c) for c in flows.columns), "som")
    >>> identity = AuditView(keys=keys, labels=(*flows.columns, "som"), values=(None,) * 5,
    ...                      constraints=(((0, 1), 4), ((3, 2), 4)))  # start+in = end+out
    >>> identity_violations([table], [identity])
    []
    >>> wrong = publish_counts(flows.assign(end=[400, 300]), DisclosureRules(), "stromen", "S",
    ...                        population="p", row_totals=False)
    >>> identity_violations([wrong], [identity])
    ['9-11 (stromen)']
    """
    import numpy as np
    from scipy.optimize import linprog

    tables = list(tables)
    merged = merge_views([reader_view(t) for t in tables])
    index = {k: i for i, k in enumerate(merged.keys)}
    owner: dict = {}
    for t in tables:
        for k in t.audit_view.keys:
            owner.setdefault(k, t.name)
    out = []
    for view in identities:
        n = len(view.keys)
        bounds = []
        for k in view.keys:
            i = index.get(k)
            known = merged.bound(i) if i is not None else None
            bounds.append(known if known is not None else (0, None))
        rows = []
        for parts, total in view.constraints:
            row = np.zeros(n)
            for p in parts:
                row[p] += 1.0
            row[total] -= 1.0
            rows.append(row)
        if not rows:
            continue
        result = linprog(np.zeros(n), A_eq=np.array(rows), b_eq=np.zeros(len(rows)),
                         bounds=bounds, method="highs")
        if result.status == 2:  # infeasible
            name = next((owner[k] for k in view.keys if k in owner), "?")
            label = next((str(k[-2]) for k in view.keys if isinstance(k, tuple)
                          and k and k[0] == "telling"), str(view.labels[0]))
            out.append(f"{label} ({name})")
    return out


def _all_bounded(view: AuditView) -> AuditView:
    """Return the view with every cell a variable: known values become exact bounds."""
    bounds = []
    for cell, value in enumerate(view.values):
        known = view.bound(cell)
        if value is not None:
            known = (value, value) if known is None else (max(value, known[0]),
                                                          min(value, known[1]))
        bounds.append(known)
    return AuditView(keys=view.keys, labels=view.labels,
                     values=tuple(None for _ in view.values), constraints=view.constraints,
                     bounds=tuple(bounds))
