"""One query: its estimates (through the engine) and its identities with published cells.

A query is an indicator by one or two variables, optionally restricted to a subset
(``where``), with categories of a variable left out (a ``where`` on a variable it is broken
down by) or merged (``merge``). Cells of a subset get their own base (``alle | gender in
vrouw``), so they are never mistaken for the full cells; the :class:`~pipeline.explore.gate.Link`
identities tell the audit how they relate to the full cells the ledger publishes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.analysis.catalogue import BREAKDOWN_LABELS, BY_NAME, group_rank
from pipeline.disclosure.estimates import TWO_WAY, estimate_key
from pipeline.explore.gate import Link
from pipeline.report.wavedata import label_breakdown, relabel, with_base
from pipeline.stats.design import SurveyDesign
from pipeline.stats.estimate import estimate_all

TOTAL = "Totaal"


@dataclass(frozen=True)
class Query:
    """What the analyst asked (names already checked)."""

    indicator: str
    by: tuple[str, ...]
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    merge: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()

    @property
    def name(self) -> str:
        """Return a stable table name (the same query gives the same name)."""
        digest = hashlib.sha1(repr(self).encode()).hexdigest()[:8]
        return f"verkenning-{self.indicator}-{'-'.join(self.by) or 'totaal'}-{digest}"

    @property
    def subset(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Restrictions on variables the query is not broken down by (a real subset)."""
        return tuple((v, c) for v, c in self.where if v not in self.by)

    @property
    def kept(self) -> dict[str, tuple[str, ...]]:
        """Categories kept of the variables the query is broken down by."""
        return {v: c for v, c in self.where if v in self.by}

    def signature(self) -> str:
        """Return the subset in words (part of the base of its cells)."""
        return "; ".join(f"{v} in {', '.join(c)}" for v, c in self.subset)

    def describe(self) -> str:
        """Dutch description of the restrictions and merges for the caption."""
        parts = [f"{BREAKDOWN_LABELS.get(v, v).lower()}: {', '.join(c)}" for v, c in self.where]
        for _variable, groups in self.merge:
            parts += [f"{label} = {' + '.join(cats)}" for label, cats in groups]
        return f" ({'; '.join(parts)})" if parts else ""


def frame_of(design: SurveyDesign, query: Query) -> pd.DataFrame:
    """Return the columns the query reads, with merged categories replaced."""
    columns = list(dict.fromkeys([*query.by, *(v for v, _ in query.where), query.indicator]))
    data = design.data[columns].copy()
    for variable, groups in query.merge:
        mapping = {c: label for label, cats in groups for c in cats}
        data[variable] = data[variable].astype("object").replace(mapping).astype("string")
    return data


def estimates(design: SurveyDesign, data: pd.DataFrame, query: Query, mask: np.ndarray | None,
              options: Mapping[str, float]) -> pd.DataFrame:
    """Tidy estimates of the query on ``data`` (restricted to ``mask``), labelled, with base."""
    one = SurveyDesign(data, design.weights, design.replicates, None, design.wave)
    if mask is not None:
        one = one.subset(mask)
    item = BY_NAME[query.indicator]
    props = [query.indicator] if item.kind == "proportion" else []
    means = [query.indicator] if item.kind == "mean" else []
    by = list(query.by)
    est = estimate_all(one, props, by if len(by) == 1 else [], means=means,
                       two_way=[tuple(by)] if len(by) == 2 else (), **options)
    est = est[est["n"] > 0] if len(by) == 2 else est
    key = query.by[0] if len(query.by) == 1 else TWO_WAY.join(query.by)
    ranks = [group_rank(key, g) for g in est["group"]]
    est = est.assign(_r=ranks).sort_values("_r", kind="stable").drop(columns="_r")
    return relabel(with_base(est.reset_index(drop=True)))


def _keep(frame: pd.DataFrame, query: Query) -> pd.Series:
    """Rows whose categories of the broken-down variables are kept."""
    ok = pd.Series(True, index=frame.index)
    for variable, cats in query.kept.items():
        position = query.by.index(variable)
        parts = frame["group"].astype(str).str.split(TWO_WAY)
        total = frame["breakdown"].astype(str).str.casefold() == "totaal"
        ok &= total | parts.map(lambda p, i=position, c=set(cats): len(p) > i and p[i] in c)
    return ok


def _key(row: object, base: str | None = None) -> Hashable:
    return estimate_key(row.wave, base if base is not None else str(row.base),
                        str(row.indicator), str(row.breakdown), str(row.group))


def build(design: SurveyDesign, query: Query, options: Mapping[str, float], min_n: int,
          cluster_of: Mapping[str, str] | None = None,
          ) -> tuple[pd.DataFrame, list[Link], dict[Hashable, float], pd.DataFrame]:
    """Estimate a query and derive its links with the cells a reader knows from elsewhere.

    `cluster_of` is the organisation chart (directie to cluster, as the publication stage
    reads it): a query by directie is linked to the clusters (:func:`_hierarchy_links`).

    Returns
    -------
    frame : pandas.DataFrame
        The rows to publish (labelled, with base).
    links : list of Link
        Identities for the joint audit.
    shown_n : dict
        True n of the query's cells by key.
    raw : pandas.DataFrame
        The unlabelled full estimates of the query (for the tests), same rows as ``frame``.
    """
    data = frame_of(design, query)
    mask = None
    if query.subset:
        mask = np.ones(len(data), dtype=bool)
        for variable, cats in query.subset:
            mask &= data[variable].isin(list(cats)).fillna(False).to_numpy(dtype=bool)
    full = estimates(design, data, query, None, options)
    links: list[Link] = []
    shown_n: dict[Hashable, float] = {}
    if mask is not None:
        sub = estimates(design, data, query, mask, options)
        tag = query.signature()
        base = sub["base"].astype(str)
        sub["base"] = base + " | " + tag
        sub["numerator_base"] = [f"{b} | {tag}" if b else "" for b in sub["numerator_base"]]
        whole = {(str(r.breakdown), str(r.group)): float(r.n) for r in full.itertuples()}
        for row in sub.itertuples(index=False):
            rest = whole.get((str(row.breakdown), str(row.group)), float(row.n)) - float(row.n)
            original = str(row.base).split(" | ")[0]
            comp = estimate_key(row.wave, f"{original} | niet ({tag})", str(row.indicator),
                                str(row.breakdown), str(row.group))
            links.append(Link(
                total=_key(row, original), parts=(_key(row), comp),
                protect=frozenset({comp}) if rest < min_n else frozenset(),
                rows=((row.wave, str(row.base), str(row.breakdown), str(row.group)),)))
        frame = sub
    else:
        frame = full
    links += _merge_links(frame, query)
    links += _hierarchy_links(frame, query, cluster_of or {})
    keep = _keep(frame, query)
    links += _crossing_links(frame, keep, query, min_n)
    for row in frame.itertuples(index=False):
        shown_n[_key(row)] = float(row.n)
    return frame[keep].reset_index(drop=True), links, shown_n, frame[keep].reset_index(drop=True)


def _merge_links(frame: pd.DataFrame, query: Query) -> list[Link]:
    """Link a merged group's n to the sum of its parts' n (keyed as the ledger keys them)."""
    links = []
    for variable, groups in query.merge:
        if variable not in query.by:
            continue
        position = query.by.index(variable)
        for label, cats in groups:
            for row in frame.itertuples(index=False):
                parts = str(row.group).split(TWO_WAY)
                if len(parts) <= position or parts[position] != label:
                    continue
                for base in dict.fromkeys([str(row.base), str(row.base).split(" | ")[0]]):
                    pieces = []
                    for cat in cats:
                        named = list(parts)
                        named[position] = cat
                        pieces.append(estimate_key(row.wave, base, str(row.indicator),
                                                   str(row.breakdown), TWO_WAY.join(named)))
                    links.append(Link(total=_key(row, base), parts=tuple(pieces),
                                      rows=((row.wave, str(row.base), str(row.breakdown),
                                             str(row.group)),)))
    return links


def _hierarchy_links(frame: pd.DataFrame, query: Query, cluster_of: Mapping[str, str]
                     ) -> list[Link]:
    """Directies nest in clusters: a cluster's n is at least the sum of its directies' n.

    A reader who knows the organisation chart and a cluster's n (the reports publish it, per
    base) bounds a directie by its cluster minus the cluster's other directies, as the
    reports' ledger knows (:func:`pipeline.report.units.nesting`). Per cluster, in the
    query's base and (for a subset) the full base: ``cluster = directies + residual``, the
    residual (respondents with a cluster and no directie, or in directies left out or merged
    away) unknown to the reader. Only for a query by directie alone; merged groups that are no
    directie of the chart are left out (they join the residual).

    Examples
    --------
    >>> frame = pd.DataFrame({"wave": 2024, "base": "alle", "indicator": "discr_ja",
    ...                       "breakdown": ["Totaal", "Directie", "Directie", "Directie"],
    ...                       "group": ["Totaal", "a", "b", "c"], "n": [90, 40, 30, 20]})
    >>> links = _hierarchy_links(frame, Query("discr_ja", ("directie",)), {"a": "A", "b": "A"})
    >>> [(link.total[-1], [p[-1] for p in link.parts]) for link in links]
    [('A', ['a', 'b', 'A (zonder directie)'])]
    """
    if query.by != ("directie",) or not cluster_of:
        return []
    level = label_breakdown("cluster")
    rows = frame[frame["breakdown"].astype(str) == label_breakdown("directie")]
    members: dict[str, list] = {}
    for row in rows.itertuples(index=False):
        cluster = cluster_of.get(str(row.group))
        if cluster is not None:
            members.setdefault(cluster, []).append(row)
    links = []
    for cluster, kids in members.items():
        first = kids[0]
        for base in dict.fromkeys([str(first.base), str(first.base).split(" | ")[0]]):
            margin = estimate_key(first.wave, base, str(first.indicator), level, cluster)
            residual = (*margin[:-1], f"{cluster} (zonder directie)")
            parts = tuple(_key(r, base) for r in kids)
            links.append(Link(total=margin, parts=(*parts, residual),
                              rows=tuple((r.wave, str(r.base), str(r.breakdown), str(r.group))
                                         for r in kids)))
    return links


def _crossing_links(frame: pd.DataFrame, keep: pd.Series, query: Query, min_n: int
                    ) -> list[Link]:
    """Margins of a two-way table: each row and column of cells adds up to a one-way n.

    Cells left out (categories not kept) are unknown to the reader; those with fewer than the
    threshold are protected, so that a left-out ``anders`` in one cluster cannot be had as the
    cluster's n minus its ``man`` and ``vrouw``.
    """
    if len(query.by) != 2:
        return []
    cells = frame[frame["breakdown"].str.contains(TWO_WAY, regex=False)]
    if cells.empty:
        return []
    left_out = set(cells.index[~keep.loc[cells.index]])
    labels = [label_breakdown(b) for b in query.by]
    links = []
    for axis in (0, 1):
        lines: dict[str, list] = {}
        for i, row in cells.iterrows():
            lines.setdefault(str(row["group"]).split(TWO_WAY)[axis], []).append((i, row))
        for category, members in lines.items():
            first = members[0][1]
            margin = estimate_key(first["wave"], str(first["base"]), str(first["indicator"]),
                                  labels[axis], category)
            residual = (*margin[:-1], f"{category} (overig)")
            parts = tuple(estimate_key(r["wave"], str(r["base"]), str(r["indicator"]),
                                       str(r["breakdown"]), str(r["group"])) for _, r in members)
            protect = frozenset(
                estimate_key(r["wave"], str(r["base"]), str(r["indicator"]),
                             str(r["breakdown"]), str(r["group"]))
                for i, r in members if i in left_out and float(r["n"]) < min_n)
            if not left_out:
                continue
            links.append(Link(total=margin, parts=(*parts, residual), protect=protect,
                              rows=tuple((r["wave"], str(r["base"]), str(r["breakdown"]),
                                          str(r["group"])) for i, r in members
                                         if i not in left_out)))
    return links
