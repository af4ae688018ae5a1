"""Over-suppression: hidden groups that could have been shown without disclosing anything.

A group hidden by secondary suppression protects some other hidden cell. It was hidden for
nothing when showing it (its n in every table of its base) still lets the audit of all the
plan's tables pass. Each group is tried alone: two groups counted may not both be showable at
once (either of two complementary cells may be enough), so the figure is an upper bound of what
a better plan could show. The publication stage counts these per wave, so that the cost of the rules
is a figure that can be watched and driven down, next to the count of hidden cells.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from pipeline.disclosure.audit import audit
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.published import PublishedTable

GroupId = tuple[Hashable, ...]
"""``(wave, base, breakdown, group)`` of a hidden group."""


@dataclass(frozen=True)
class _Viewed:
    """A table as the audit sees it (name and published values)."""

    name: str
    audit_view: AuditView


def unhidden(view: AuditView, truth: Mapping[Hashable, float], keys: set[Hashable]) -> AuditView:
    """Return the view with the cells of ``keys`` shown at their true values."""
    values = tuple(truth[k] if (v is None and k in keys and k in truth) else v
                   for k, v in zip(view.keys, view.values, strict=True))
    return replace(view, values=values)


def over_suppressed(
    tables: Sequence[PublishedTable],
    candidates: Mapping[GroupId, set[Hashable]],
    truth: Mapping[Hashable, float],
    protection_interval: float,
) -> list[GroupId]:
    """Return the hidden groups that could be shown with every table still passing the audit.

    Parameters
    ----------
    tables : sequence of PublishedTable
        Every table of the plan (all sections and waves).
    candidates : mapping
        Each secondary-suppressed group and the keys of its hidden n cells in all tables.
    truth : mapping
        True value of every hidden key (from the plan's input tables; never published).
    protection_interval : float
        As in :func:`pipeline.disclosure.audit.audit`.

    Returns
    -------
    list of GroupId
        The groups, in the order of ``candidates``.

    Examples
    --------
    >>> from pipeline.disclosure.model import one_way_model
    >>> m = one_way_model(["a", "b", "c"], [4, 30, 300], total=334)
    >>> view = m.view({0, 1})
    >>> t = _Viewed("t", view)
    >>> over_suppressed([t], {("b",): {m.keys[1]}}, {m.keys[1]: 30.0}, 3)
    []
    """
    viewed = [_Viewed(t.name, t.audit_view) for t in tables]
    out = []
    for group, keys in candidates.items():
        changed = [
            _Viewed(t.name, unhidden(t.audit_view, truth, keys))
            if keys & set(t.audit_view.keys) else t
            for t in viewed
        ]
        touched = {k for t in changed if keys & set(t.audit_view.keys)
                   for k in t.audit_view.keys}
        related = [t for t in changed if touched & set(t.audit_view.keys)]
        if not audit(related, protection_interval):  # type: ignore[arg-type]
            out.append(group)
    return out


def group_keys(tables: Iterable[PublishedTable],
               hidden: Iterable[GroupId]) -> dict[GroupId, set[Hashable]]:
    """Map each hidden group to the keys of its n cells in the estimate tables.

    Estimate keys are ``("n", wave, base, indicator, breakdown, group)``
    (:func:`~pipeline.disclosure.estimates.estimate_key`).
    """
    wanted = set(hidden)
    out: dict[GroupId, set[Hashable]] = {g: set() for g in sorted(wanted, key=str)}
    for table in tables:
        for key in table.audit_view.keys:
            if not (isinstance(key, tuple) and len(key) == 6 and key[0] == "n"):
                continue
            _, wave, base, _indicator, breakdown, group = key
            gid = (wave, base, breakdown, group)
            if gid in wanted:
                out[gid].add(key)
    return {g: k for g, k in out.items() if k}
