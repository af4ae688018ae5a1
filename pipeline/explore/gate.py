"""The explorer's gate: one query against the wave's ledger and itself, nothing else.

Every query starts from a fresh :class:`~pipeline.disclosure.gate.ReportGate` seeded with the
wave's publication ledger (the groups and cells the reports hide stay hidden) and is audited
together with the ledger tables it shares cells with, plus what the query itself links to
them (:class:`Link`: a subset's cell is the full cell minus its complement, a merged group the
sum of its parts). Earlier queries play no part, so a result never depends on what was asked
before (docs/explore.md: the trade-off).

When the joint audit pins a small complement or a hidden cell, the rows of the query that
give it away are hidden as well and the query is planned again (a few rounds); a table that
still fails is withheld whole, with a note.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pipeline.disclosure.audit import RESIDUAL_LABEL, disclosed_cells, hidden_owners, merge_views
from pipeline.disclosure.errors import DisclosureError
from pipeline.disclosure.estimates import TWO_WAY, GroupKey, estimate_key
from pipeline.disclosure.gate import ReportGate
from pipeline.disclosure.ledger import WaveLedger
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.published import PublishedTable

ROUNDS = 4
"""Planning rounds before a query that keeps giving cells away is withheld whole."""


@dataclass(frozen=True)
class Link:
    """An identity between cells of the query and cells a reader knows from elsewhere.

    ``total = sum(parts)`` over audit keys. ``protect`` names the cells no reader may pin
    (complements of a subset that hold fewer than the threshold); ``rows`` the query rows
    (``(wave, base, breakdown, group)``) whose publication the identity depends on.
    """

    total: Hashable
    parts: tuple[Hashable, ...]
    protect: frozenset[Hashable] = frozenset()
    rows: tuple[GroupKey, ...] = ()
    values: dict[Hashable, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Gated:
    """A query's published table and what the joint audit decided."""

    table: PublishedTable
    forced: frozenset[GroupKey]
    withheld_whole: bool = False
    reasons_named: bool = True


def _link_view(links: Sequence[Link], shown: dict[Hashable, float],
               bounds: dict[Hashable, tuple[float, float]]) -> AuditView:
    keys: dict[Hashable, int] = {}
    for link in links:
        for key in (link.total, *link.parts):
            keys.setdefault(key, len(keys))
    for key in bounds:
        keys.setdefault(key, len(keys))
    order = list(keys)
    return AuditView(
        keys=tuple(order),
        labels=tuple(str(k[-1]) if isinstance(k, tuple) and k else str(k) for k in order),
        values=tuple(shown.get(k) for k in order),
        constraints=tuple((tuple(keys[p] for p in link.parts), keys[link.total])
                          for link in links),
        bounds=tuple(bounds.get(k) for k in order) if bounds else (),
    )


def _related(ledger: WaveLedger, keys: set[Hashable]) -> list[PublishedTable]:
    """Return the ledger tables that share a cell with ``keys`` (grown to a closure)."""
    tables = ledger.tables()
    chosen: list[PublishedTable] = []
    grown = True
    while grown:
        grown = False
        for table in tables:
            if table in chosen:
                continue
            theirs = set(table.audit_view.keys)
            if theirs & keys:
                chosen.append(table)
                keys |= theirs
                grown = True
    return chosen


def leaks(ledger: WaveLedger, table: PublishedTable, links: Sequence[Link],
          shown: dict[Hashable, float], bounds: dict[Hashable, tuple[float, float]] | None = None,
          ) -> set[Hashable]:
    """Return the keys a reader of the ledger and this one table could pin too closely.

    Parameters
    ----------
    ledger : WaveLedger
        The wave's publication ledger.
    table : PublishedTable
        The query's table.
    links : sequence of Link
        Identities between the query's cells and others.
    shown : dict
        Published (true) n of the query's cells that are not in its audit view (two-way
        cells, subset cells).
    bounds : dict, optional
        What else a reader knows of a cell (the rule that hid it): ``key -> (low, high)``.
    """
    keys = set(table.audit_view.keys)
    for link in links:
        keys |= {link.total, *link.parts}
    related = _related(ledger, keys)
    extra = _link_view(links, shown, bounds or {})
    merged = merge_views([*(t.audit_view for t in related), table.audit_view, extra])
    owned = set(hidden_owners([*related, table]))
    for link in links:
        owned |= set(link.protect)
    interval = ledger.rules.protection_interval
    out = set()
    for cell in disclosed_cells(merged, interval):
        key = merged.keys[cell]
        if key in owned and merged.labels[cell] != RESIDUAL_LABEL:
            out.add(key)
    # a cell the query hides but that another table (or the query's links) shows
    mine = set(hidden_owners([table]))
    out |= {key for key, value in zip(merged.keys, merged.values, strict=True)
            if value is not None and key in mine}
    return out


def rule_bounds(table: PublishedTable, frame: pd.DataFrame, min_n: int,
                ) -> dict[Hashable, tuple[float, float]]:
    """Return what a reader learns of each hidden n when told the rule that hid it."""
    data = table.data
    status = {(str(r.indicator), str(r.breakdown), str(r.group)): str(r.status)
              for r in data.itertuples(index=False)}
    out: dict[Hashable, tuple[float, float]] = {}
    for row in frame.itertuples(index=False):
        if TWO_WAY in str(row.breakdown) or str(row.breakdown).casefold() == "totaal":
            continue
        state = status.get((str(row.indicator), str(row.breakdown), str(row.group)))
        key = estimate_key(row.wave, str(row.base), str(row.indicator), str(row.breakdown),
                           str(row.group))
        if state == "primary":
            out[key] = (0.0, float(min_n - 1))
        elif state == "secondary":
            out[key] = (float(min_n), math.inf)
    return out


def publish_query(ledger: WaveLedger, frame: pd.DataFrame, links: Sequence[Link],
                  shown_n: dict[Hashable, float], name: str, caption: str,
                  source: str = "survey") -> Gated:
    """Publish one query through a fresh gate seeded with the ledger (see the module doc).

    Parameters
    ----------
    ledger : WaveLedger
        The wave's ledger.
    frame : pandas.DataFrame
        The query's labelled tidy estimates (with ``base``).
    links : sequence of Link
        The query's identities with other cells.
    shown_n : dict
        True n per key of the query's cells outside its audit view, for the links.
    name, caption : str
        Table name and Dutch caption.
    source : str, default "survey"
        Source of the counts.

    Returns
    -------
    Gated
    """
    forced: set[GroupKey] = set()
    for _ in range(ROUNDS):
        gate = ledger.gate(report=f"verkenning {ledger.wave}")
        gate = _fresh(ledger, gate)
        gate.seed(frozenset(forced), frozenset())
        try:
            table = gate.publish_estimates(frame, name=name, caption=caption, source=source)
        except DisclosureError:
            break
        visible = _visible(table, frame, shown_n)
        found = leaks(ledger, table, links, visible)
        if not found:
            bounds = rule_bounds(table, frame, ledger.rules.min_n(source))
            named = not leaks(ledger, table, links, visible, bounds)
            return Gated(table, frozenset(forced), reasons_named=named)
        more = _culprits(found, links, table, frame)
        if not more - forced:
            break
        forced |= more
    # withheld whole: only the total row is published, if that passes on its own
    total = frame[frame["breakdown"].str.casefold() == "totaal"]
    gate = _fresh(ledger, ledger.gate(report=f"verkenning {ledger.wave}"))
    try:
        table = gate.publish_estimates(total, name=name, caption=caption, source=source)
    except DisclosureError:
        table = None
    if table is None or leaks(ledger, table, links, _visible(table, total, shown_n)):
        from pipeline.explore.errors import ExploreError

        raise ExploreError(f"{caption}: deze tabel kan niet worden gepubliceerd zonder dat "
                           "cellen van de rapporten herleidbaar worden; kies een grovere indeling")
    return Gated(table, frozenset(forced), withheld_whole=True, reasons_named=False)


def _fresh(ledger: WaveLedger, gate: ReportGate) -> ReportGate:
    """Return a gate that knows the ledger's hidden cells but audits only this query.

    The joint audit with the ledger runs in :func:`leaks` (with the query's links); the
    gate's own audit would only repeat it without them.
    """
    fresh = ReportGate(ledger.rules, report=gate.report)
    fresh.seed(ledger.hidden_groups, ledger.hidden_keys)
    return fresh


def _visible(table: PublishedTable, frame: pd.DataFrame,
             shown_n: dict[Hashable, float]) -> dict[Hashable, float]:
    """Return the true n of the query's shown cells (those the links refer to)."""
    data = table.data
    shown = {(str(r.indicator), str(r.breakdown), str(r.group))
             for r in data.itertuples(index=False) if str(r.status) in
             ("shown", "group", "numerator", "share")}
    out = {}
    for row in frame.itertuples(index=False):
        if (str(row.indicator), str(row.breakdown), str(row.group)) in shown:
            key = estimate_key(row.wave, str(row.base), str(row.indicator), str(row.breakdown),
                               str(row.group))
            out[key] = shown_n.get(key, float(row.n))
    return out


def _culprits(found: set[Hashable], links: Sequence[Link], table: PublishedTable,
              frame: pd.DataFrame) -> set[GroupKey]:
    """Rows of the query to hide so that the leaking cells are no longer pinned."""
    out: set[GroupKey] = set()
    for link in links:
        if found & {link.total, *link.parts}:
            out |= {_one_way(r) for r in link.rows}
    if not out:  # a leak the links do not explain: hide every row that shares its block
        for row in frame.itertuples(index=False):
            key = estimate_key(row.wave, str(row.base), str(row.indicator), str(row.breakdown),
                               str(row.group))
            if key in found and str(row.breakdown).casefold() != "totaal":
                out.add((row.wave, str(row.base), str(row.breakdown), str(row.group)))
    return {_one_way(key) for key in out}


def _one_way(row: GroupKey) -> GroupKey:
    """Hide a two-way row through its first part (the gate then withholds the crossing)."""
    wave, base, breakdown, group = row
    if TWO_WAY not in breakdown:
        return row
    return (wave, base, breakdown.split(TWO_WAY)[0], group.split(TWO_WAY)[0])
