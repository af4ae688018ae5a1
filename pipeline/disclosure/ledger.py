"""The publication ledger: every table of every section of every wave planned together.

A report section, the explorer or a later unit report never gates a table on its own: the
publication stage collects every table the reports of a source will show (:class:`Planned`),
reserves them all, and only then publishes each one (:func:`plan_publication`). So

- what is hidden in one table is hidden in every table that shows the same base (the same
  ``(wave, base, breakdown, group)``, or the same crosstab cell), in every section and wave;
- a base published somewhere is never hidden elsewhere for lack of knowledge;
- the result does not depend on the order of sections, tables or waves: tables are reserved in
  a canonical order (wave, section, name) and published from the same fixed point;
- the audit runs over all published tables together, across sections and waves.

The ledger is written per wave (:func:`wave_ledger_text`) and read back by the report
notebooks and the explorer (:func:`read_wave_ledger`).
"""

from __future__ import annotations

import json
import logging
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from pipeline.disclosure.audit import audit
from pipeline.disclosure.errors import DisclosureError, DisclosureInputError
from pipeline.disclosure.estimates import GroupKey, estimate_key
from pipeline.disclosure.gate import ReportGate
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.numerator import reader_numerator
from pipeline.disclosure.oversuppression import GroupId, group_keys, over_suppressed
from pipeline.disclosure.published import PublishedTable, SuppressionCounts, restore_table
from pipeline.disclosure.reader import identity_violations, reader_audit
from pipeline.disclosure.rules import DisclosureRules

logger = logging.getLogger(__name__)

Kind = Literal["estimates", "counts", "targets"]
LEDGER_VERSION = 1
"""Format of the ledger files; a reader refuses other versions."""


@dataclass(frozen=True)
class Planned:
    """One table a report will publish, before the gate has seen it.

    Attributes
    ----------
    wave : int
        The report (wave) that shows the table.
    section : str
        Report section (``prevalentie``, ``respons``, ...).
    name : str
        Identifier, unique within the wave.
    caption : str
        Dutch caption.
    frame : pandas.DataFrame
        A labelled tidy estimate table (``kind="estimates"``) or a crosstab of counts.
    kind : {"estimates", "counts", "targets"}
        Which gate method publishes it (``targets``: verdicts on figures of the wave's other
        tables, published after them; :meth:`ReportGate.publish_targets`).
    source : {"survey", "hr", "cbs"}
        Selects the primary threshold.
    population : str, optional
        Crosstabs only: identity of the counted population (shared margins).
    figure : str, optional
        Subject of the bar chart drawn from the table (None: table only).
    label_column : str
        Column of the published data that labels the bars.
    structural_zeros : tuple of (row, column)
        Crosstabs only: cells zero by definition (shown; see
        :func:`~pipeline.disclosure.counts.plan_counts`).
    known : tuple of AuditView
        Identities between this table and others that hold in the data (the stock-flow
        identity of the flows table, directies adding up to their cluster); the reader's
        audit uses them.
    nested : tuple of (GroupKey, tuple of GroupKey)
        Groups that add up to at most another group of the same base (a cluster and its
        directies, :func:`pipeline.report.units.nesting`): secondary suppression treats each
        as a line of the table (:func:`nested_hiding`).
    row_totals : bool
        Crosstabs only: publish a row-total column (False when the columns do not add up).
    layout : {"long", "wide"}
        Estimate tables only: ``wide`` shows the years as columns
        (:func:`~pipeline.disclosure.display.wide_frame`).
    """

    wave: int
    section: str
    name: str
    caption: str
    frame: pd.DataFrame = field(repr=False, compare=False)
    kind: Kind = "estimates"
    source: str = "survey"
    population: str | None = None
    figure: str | None = None
    label_column: str = "group"
    structural_zeros: tuple[tuple[str, str], ...] = ()
    known: tuple[AuditView, ...] = ()
    nested: tuple[tuple[GroupKey, tuple[GroupKey, ...]], ...] = ()
    row_totals: bool = True
    layout: str = "long"

    @property
    def population_key(self) -> str:
        """Return the crosstab's population identity (its own name unless shared)."""
        return self.population or f"{self.wave}/{self.name}"

    @property
    def order(self) -> tuple[int, str, str]:
        """Return the canonical position: wave, section, name."""
        return (int(self.wave), self.section, self.name)


@dataclass(frozen=True)
class Unavailable:
    """A table a section would show but this wave cannot give, with the Dutch note instead."""

    wave: int
    section: str
    name: str
    text: str
    label: str = ""
    """Short name of a missing optional input (listed on the index page); '' for survey gaps."""


@dataclass(frozen=True)
class LedgerEntry:
    """A published table with what the report needs besides it."""

    section: str
    table: PublishedTable
    figure: str | None = None
    label_column: str = "group"


@dataclass
class PublicationLedger:
    """The published tables of a source, per wave (the result of :func:`plan_publication`).

    Attributes
    ----------
    rules : DisclosureRules
        The rules every table passed.
    entries : dict
        ``{wave: {name: LedgerEntry}}`` in canonical order.
    unavailable : dict
        ``{wave: {name: Unavailable}}``.
    hidden_groups : frozenset
        Every ``(wave, base, breakdown, group)`` hidden anywhere.
    hidden_keys : frozenset
        Every crosstab cell key hidden anywhere.
    over_suppressed : tuple
        Groups hidden by secondary suppression that could have been shown (the audit of all
        tables still passes with them shown).
    """

    rules: DisclosureRules
    entries: dict[int, dict[str, LedgerEntry]]
    unavailable: dict[int, dict[str, Unavailable]]
    hidden_groups: frozenset[GroupKey]
    hidden_keys: frozenset[Hashable]
    over_suppressed: tuple[GroupId, ...] = ()

    def wave(self, wave: int) -> WaveLedger:
        """Return the ledger of one wave."""
        return WaveLedger(
            wave=int(wave),
            rules=self.rules,
            entries=dict(self.entries.get(int(wave), {})),
            unavailable=dict(self.unavailable.get(int(wave), {})),
            hidden_groups=frozenset(g for g in self.hidden_groups if g[0] == int(wave)),
            hidden_keys=self.hidden_keys,
            over_suppressed=tuple(g for g in self.over_suppressed if g[0] == int(wave)),
        )


@dataclass
class WaveLedger:
    """The published tables of one wave, shared by every section, the explorer and unit reports.

    Attributes
    ----------
    wave : int
        Survey year.
    rules : DisclosureRules
        The rules.
    entries : dict
        ``{name: LedgerEntry}``.
    unavailable : dict
        ``{name: Unavailable}``.
    hidden_groups, hidden_keys : frozenset
        What the plan hides (to seed a later gate such as the explorer's).
    over_suppressed : tuple
        This wave's groups hidden for nothing (see :class:`PublicationLedger`).
    """

    wave: int
    rules: DisclosureRules
    entries: dict[str, LedgerEntry]
    unavailable: dict[str, Unavailable]
    hidden_groups: frozenset[GroupKey]
    hidden_keys: frozenset[Hashable]
    over_suppressed: tuple[GroupId, ...] = ()

    def table(self, name: str) -> PublishedTable | Unavailable:
        """Return a planned table by name (or its note when the wave cannot give it).

        Raises
        ------
        KeyError
            If the plan has no table of that name (a typo, or a table no section planned).
        """
        if name in self.entries:
            return self.entries[name].table
        if name in self.unavailable:
            return self.unavailable[name]
        raise KeyError(
            f"the publication plan of {self.wave} has no table {name!r}: add it to the "
            "section's table list in pipeline/report/tables.py"
        )

    def section(self, section: str) -> list[LedgerEntry]:
        """Return the entries of one section, in canonical order."""
        return [e for e in self.entries.values() if e.section == section]

    def summary(self, section: str | None = None) -> SuppressionCounts:
        """Count the cells hidden per rule, over one section or the whole wave."""
        total = SuppressionCounts()
        for entry in self.entries.values():
            if section is None or entry.section == section:
                total = total + entry.table.suppressed
        return total

    def tables(self) -> list[PublishedTable]:
        """Return every published table of the wave."""
        return [e.table for e in self.entries.values()]

    def gate(self, report: str) -> ReportGate:
        """Return a gate for further tables (the explorer), seeded with this plan.

        Groups and cells the plan hides stay hidden; the plan's tables are known to the audit,
        so a later table cannot give back what the reports hid. Its names must not repeat the
        plan's.
        """
        gate = ReportGate(self.rules, report=report)
        gate.seed(self.hidden_groups, self.hidden_keys)
        gate.know(self.tables())
        return gate


def _check_unique(items: list[Planned | Unavailable]) -> None:
    seen: set[tuple[int, str]] = set()
    for item in items:
        key = (int(item.wave), item.name)
        if key in seen:
            raise DisclosureInputError(
                f"two tables of wave {item.wave} are both named {item.name!r}: names must be "
                "unique within a wave"
            )
        seen.add(key)


def plan_publication(
    items: Iterable[Planned | Unavailable], rules: DisclosureRules, report: str = "publicatie",
    measure: bool = True,
) -> PublicationLedger:
    """Plan and publish every table of a source's reports together.

    1. Every table is reserved, in canonical order, until no table hides anything new (the
       fixed point: hidden groups and crosstab cells shared by all tables).
    2. Each wave's tables are published by one gate per wave seeded with that fixed point
       (each table is audited with every earlier table of the wave it shares cells with).
    3. All published tables of all waves are audited together.

    Parameters
    ----------
    items : iterable of Planned or Unavailable
        Every table of every section and wave (order does not matter).
    rules : DisclosureRules
        Thresholds.
    report : str, default "publicatie"
        Name used in messages.
    measure : bool, default True
        Count the over-suppressed groups (:mod:`pipeline.disclosure.oversuppression`).

    Returns
    -------
    PublicationLedger

    Raises
    ------
    DisclosureError
        If a table would give back a hidden cell; nothing is published.
    DisclosureInputError
        If two tables of a wave share a name, or a table is malformed.

    Examples
    --------
    >>> t = pd.DataFrame({"wave": 2024, "indicator": "x", "breakdown": ["totaal", "g", "g"],
    ...     "group": ["totaal", "a", "b"], "estimate": .2, "ci_low": .1, "ci_high": .3,
    ...     "n": [60, 52, 8], "n_pos": [12, 10, 2]})
    >>> items = [Planned(2024, "s", "t1", "T1", t), Planned(2024, "s", "t2", "T2", t)]
    >>> ledger = plan_publication(items, DisclosureRules())
    >>> ledger.wave(2024).table("t2").display["n"].tolist()
    ['60', '·', '·']
    """
    listed = list(items)
    _check_unique(listed)
    planned = sorted((i for i in listed if isinstance(i, Planned)), key=lambda p: p.order)
    planner = ReportGate(rules, report=report)
    state: tuple[frozenset, frozenset] | None = None
    rounds = 0
    while state != (planner.hidden_groups, planner.hidden_keys):
        state = (planner.hidden_groups, planner.hidden_keys)
        rounds += 1
        for item in planned:
            if item.kind == "targets":
                continue  # adds no count: published from the other tables' statuses
            if item.kind == "estimates":
                planner.reserve(item.frame, source=item.source)
            else:
                planner.reserve_counts(item.frame, source=item.source,
                                       population=item.population_key,
                                       structural_zeros=frozenset(item.structural_zeros),
                                       row_totals=item.row_totals)
        more = nested_hiding(planned, planner.hidden_groups)
        if more:
            planner.seed(frozenset(more), frozenset())
    logger.debug("publicatieplan: %d tabellen, %d rondes tot een vast punt", len(planned), rounds)
    entries: dict[int, dict[str, LedgerEntry]] = {}
    gates: dict[int, ReportGate] = {}
    for item in planned:
        if item.kind == "targets":
            continue
        wave = int(item.wave)
        if wave not in gates:
            gates[wave] = ReportGate(rules, report=f"{report} {wave}")
            gates[wave].seed(planner.hidden_groups, planner.hidden_keys)
        gate = gates[wave]
        if item.kind == "estimates":
            table = gate.publish_estimates(item.frame, name=item.name, caption=item.caption,
                                           source=item.source, layout=item.layout)
        else:
            table = gate.publish_counts(item.frame, name=item.name, caption=item.caption,
                                        source=item.source,
                                        population=item.population_key,
                                        structural_zeros=frozenset(item.structural_zeros),
                                        row_totals=item.row_totals)
        entries.setdefault(wave, {})[item.name] = LedgerEntry(
            section=item.section, table=table, figure=item.figure, label_column=item.label_column)
    everything = [e.table for wave in entries.values() for e in wave.values()]
    for item in planned:
        if item.kind != "targets":
            continue
        wave = int(item.wave)
        if wave not in gates:
            gates[wave] = ReportGate(rules, report=f"{report} {wave}")
        table = gates[wave].publish_targets(item.frame, name=item.name, caption=item.caption,
                                            status=_statuses(everything), source=item.source)
        entries.setdefault(wave, {})[item.name] = LedgerEntry(
            section=item.section, table=table, figure=item.figure, label_column=item.label_column)
    entries = {w: dict(sorted(e.items(), key=lambda kv: _position(planned, w, kv[0])))
               for w, e in entries.items()}
    findings = audit(everything, rules.protection_interval)
    if findings:
        raise DisclosureError(
            f"{report}: {len(findings)} suppressed cell(s) recoverable when the tables of all "
            "sections and waves are read together; nothing published"
        )
    wrong = identity_violations(everything, [v for item in planned for v in item.known])
    if wrong:
        raise DisclosureInputError(
            f"{report}: the published tables contradict {len(wrong)} stock-flow identity(ies) "
            f"({'; '.join(wrong)}): start + instroom + doorstroom in must equal end + "
            "doorstroom uit + uitstroom within the rounding"
        )
    known = [*_numerator_links(planned, entries, rules),
             *(view for item in planned for view in item.known)]
    seen_by_reader = reader_audit(everything, known, rules.protection_interval)
    if seen_by_reader:
        raise DisclosureError(
            f"{report}: {len(seen_by_reader)} suppressed cell(s) recoverable by a reader from the "
            "rounded tables, their structure and the counts their percentages imply; nothing "
            "published"
        )
    needless = _over_suppressed(planned, everything, rules) if measure else ()
    unavailable: dict[int, dict[str, Unavailable]] = {}
    for item in sorted((i for i in listed if isinstance(i, Unavailable)),
                       key=lambda u: (int(u.wave), u.section, u.name)):
        unavailable.setdefault(int(item.wave), {})[item.name] = item
    return PublicationLedger(
        rules=rules,
        entries={w: entries[w] for w in sorted(entries)},
        unavailable=unavailable,
        hidden_groups=planner.hidden_groups,
        hidden_keys=planner.hidden_keys,
        over_suppressed=tuple(needless),
    )


def nested_hiding(planned: Iterable[Planned], hidden: frozenset[GroupKey]) -> set[GroupKey]:
    """Return the groups to hide so that no nested line holds exactly one hidden group.

    A line is a group and the groups nested in it (a cluster and its directies, of one base):
    the parts add up to the whole (plus a residual), so a single hidden cell in it is the
    whole minus the rest. Where exactly one is hidden, the smallest other part is hidden too
    (the rule of secondary suppression for a table's lines). The caller repeats the plan
    until nothing new is hidden; the reader's audit then checks the result with the rounding.

    Examples
    --------
    >>> t = pd.DataFrame({"wave": 2024, "indicator": "x", "base": "alle",
    ...     "breakdown": ["Cluster", "Directie", "Directie", "Directie"],
    ...     "group": ["C", "a", "b", "c"], "n": [100, 5, 40, 55]})
    >>> lines = (((2024, "alle", "Cluster", "C"), ((2024, "alle", "Directie", "a"),
    ...           (2024, "alle", "Directie", "b"), (2024, "alle", "Directie", "c"))),)
    >>> nested_hiding([Planned(2024, "s", "t", "T", t, nested=lines)],
    ...               frozenset({(2024, "alle", "Directie", "a")}))
    {(2024, 'alle', 'Directie', 'b')}
    """
    items = [i for i in planned if i.nested]
    if not items:
        return set()
    sizes: dict[GroupKey, float] = {}
    for item in planned:
        frame = item.frame
        if item.kind != "estimates" or not {"base", "n"} <= set(frame.columns):
            continue
        for r in frame.itertuples(index=False):
            if r.n == r.n:
                sizes.setdefault((int(r.wave), str(r.base), str(r.breakdown), str(r.group)),
                                 float(r.n))
    out: set[GroupKey] = set()
    for item in items:
        for parent, kids in item.nested:
            line = [parent, *kids]
            if sum(k in hidden or k in out for k in line) != 1:
                continue
            shown = sorted((sizes.get(k, math.inf), k) for k in kids
                           if k not in hidden and k not in out)
            if shown:
                out.add(shown[0][1])
    return out


def _statuses(tables: list[PublishedTable]) -> dict[tuple, str]:
    """Status of every published estimate row by (wave, indicator, breakdown, group).

    Where two tables show the same key, a hidden status wins (the group rules hide it in
    both anyway).
    """
    out: dict[tuple, str] = {}
    for table in tables:
        data = table.data_frame
        if "status" not in data:
            continue
        for row in data.itertuples(index=False):
            key = (int(row.wave), str(row.indicator), str(row.breakdown), str(row.group))
            if out.get(key, "shown") == "shown":
                out[key] = str(row.status)
    return out


def _position(planned: list[Planned], wave: int, name: str) -> int:
    """Canonical position of a wave's table among the planned ones."""
    for i, item in enumerate(planned):
        if int(item.wave) == wave and item.name == name:
            return i
    return len(planned)


def _numerator_links(planned: list[Planned], entries: dict[int, dict[str, LedgerEntry]],
                     rules: DisclosureRules) -> list[AuditView]:
    """Bounds on other tables' bases from the numerators that shown percentages imply.

    A shown "15%; n 100" of discrimination in a group tells a reader that 15 of its
    respondents experienced discrimination: the n of that group in the gronden tables. Where
    that is true in the data (the numerator equals the other table's n, and the reader's range
    holds it), the range is a bound on that n.
    """
    sizes: dict[tuple, dict[Hashable, float]] = defaultdict(dict)
    for item in planned:
        if item.kind != "estimates" or "base" not in item.frame:
            continue
        for row in item.frame.itertuples(index=False):
            key = estimate_key(row.wave, str(row.base), str(row.indicator), str(row.breakdown),
                               str(row.group))
            sizes[(row.wave, str(row.base), str(row.breakdown), str(row.group))][key] = \
                float(row.n)
    views = []
    for item in planned:
        if item.kind != "estimates" or "numerator_base" not in item.frame:
            continue
        data = entries[int(item.wave)][item.name].table.data_frame
        status = {(r.wave, r.indicator, r.breakdown, r.group): r.status
                  for r in data.itertuples(index=False)}
        for row in item.frame.itertuples(index=False):
            linked = row.numerator_base
            if not (isinstance(linked, str) and linked) or row.n_pos != row.n_pos:
                continue
            if status.get((row.wave, row.indicator, row.breakdown, row.group)) != "shown":
                continue
            targets = [k for k, v in sizes[(row.wave, linked, str(row.breakdown),
                                            str(row.group))].items() if v == float(row.n_pos)]
            found = reader_numerator(row.n, row.estimate, rules, item.source) if targets else None
            if found is None or not found[0] <= float(row.n_pos) <= found[1]:
                continue
            for key in targets:
                views.append(AuditView(keys=(key,), labels=(f"{row.group} (afgeleid)",),
                                       values=(None,), constraints=(),
                                       bounds=((float(found[0]), float(found[1])),)))
    return views


def _over_suppressed(planned: list[Planned], tables: list[PublishedTable],
                     rules: DisclosureRules) -> list[GroupId]:
    """Secondary-suppressed groups the plan could have shown (see oversuppression)."""
    truth: dict[Hashable, float] = {}
    for item in planned:
        if item.kind != "estimates":
            continue
        frame = item.frame
        base = frame["base"] if "base" in frame else pd.Series("", index=frame.index)
        for row, b in zip(frame.itertuples(index=False), base, strict=True):
            truth[estimate_key(row.wave, str(b), str(row.indicator), str(row.breakdown),
                               str(row.group))] = float(row.n)
    secondary = set()
    for table in tables:
        data = table.data_frame
        if "status" not in data:
            continue
        # the table's own audit keys carry each row's base (labels alone may name two bases)
        base_of = {(k[1], k[3], k[4], k[5]): k[2] for k in table.audit_view.keys
                   if isinstance(k, tuple) and len(k) == 6 and k[0] == "n"}
        for row in data[data["status"] == "secondary"].itertuples(index=False):
            base = base_of.get((row.wave, str(row.indicator), str(row.breakdown), str(row.group)))
            if base is not None:
                secondary.add((row.wave, base, str(row.breakdown), str(row.group)))
    candidates = group_keys(tables, secondary)
    return over_suppressed(tables, candidates, truth, rules.protection_interval)


# --- the ledger file ------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Return a JSON-ready value: tuples as lists, numpy scalars as Python, NaN as None."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is None:
        return None
    return value


def _tuples(value: Any) -> Any:
    """Turn lists back into tuples (cell keys are tuples)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _frame_record(frame: pd.DataFrame) -> dict[str, Any]:
    record: dict[str, Any] = {
        "columns": [_plain(c) for c in frame.columns],
        "rows": [[_plain(v) for v in row] for row in frame.itertuples(index=False)],
    }
    if not isinstance(frame.index, pd.RangeIndex):
        record["index"] = [_plain(i) for i in frame.index]
    return record


def _frame(record: Mapping[str, Any], numeric: bool) -> pd.DataFrame:
    frame = pd.DataFrame(record["rows"], columns=record["columns"])
    if "index" in record:
        frame.index = list(record["index"])
    if numeric:
        for column in frame.columns:
            numbers = ("estimate", "ci_low", "ci_high", "n", "waarde", "streefwaarde")
            if column in numbers or "index" in record:
                frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def _view_record(view: AuditView) -> dict[str, Any]:
    return {
        "keys": _plain(list(view.keys)),
        "labels": list(view.labels),
        "values": [_plain(v) for v in view.values],
        "constraints": [[list(parts), total] for parts, total in view.constraints],
    }


def _view(record: Mapping[str, Any]) -> AuditView:
    return AuditView(
        keys=tuple(_tuples(k) for k in record["keys"]),
        labels=tuple(record["labels"]),
        values=tuple(None if v is None else float(v) for v in record["values"]),
        constraints=tuple((tuple(p), int(t)) for p, t in record["constraints"]),
    )


def wave_ledger_record(ledger: WaveLedger) -> dict[str, Any]:
    """Return the JSON-ready record of one wave's ledger (see :func:`wave_ledger_text`)."""
    tables = []
    for name, entry in ledger.entries.items():
        t = entry.table
        tables.append({
            "name": name, "section": entry.section, "caption": t.caption, "source": t.source,
            "figure": entry.figure, "label_column": entry.label_column,
            "suppressed": asdict(t.suppressed), "notes": list(t.notes), "legend": t.legend,
            "display": _frame_record(t.display_frame), "data": _frame_record(t.data_frame),
            "audit": _view_record(t.audit_view),
        })
    return {
        "version": LEDGER_VERSION,
        "wave": ledger.wave,
        "rules": asdict(ledger.rules),
        "tables": tables,
        "unavailable": [
            {"name": u.name, "section": u.section, "text": u.text, "label": u.label}
            for u in ledger.unavailable.values()
        ],
        "hidden_groups": sorted(_plain(list(g)) for g in ledger.hidden_groups),
        "hidden_keys": sorted((_plain(k) for k in ledger.hidden_keys), key=json.dumps),
        "over_suppressed": [_plain(list(g)) for g in ledger.over_suppressed],
    }


def wave_ledger_text(ledger: WaveLedger) -> str:
    """Return one wave's ledger as JSON text (stable: the same plan gives the same bytes)."""
    return json.dumps(wave_ledger_record(ledger), ensure_ascii=False, indent=1,
                      allow_nan=False) + "\n"


def read_wave_ledger(path: Path) -> WaveLedger:
    """Read a wave's ledger written by the publication stage.

    Raises
    ------
    DisclosureInputError
        If the file is not a ledger of this version.
    """
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DisclosureInputError(
            f"{path}: publication ledger not found; run the publication stage (make reports)"
        ) from None
    except json.JSONDecodeError:
        record = None
    if not isinstance(record, dict) or record.get("version") != LEDGER_VERSION:
        raise DisclosureInputError(
            f"{path}: not a publication ledger of version {LEDGER_VERSION}; rerun the "
            "publication stage (make reports)"
        )
    rules = DisclosureRules(**record["rules"])
    entries = {}
    for t in record["tables"]:
        table = restore_table(
            name=t["name"], caption=t["caption"], rules=rules, source=t["source"],
            suppressed=SuppressionCounts(**t["suppressed"]), notes=tuple(t["notes"]),
            legend=t["legend"], audit_view=_view(t["audit"]),
            display_frame=_frame(t["display"], numeric=False),
            data_frame=_frame(t["data"], numeric=True),
        )
        entries[t["name"]] = LedgerEntry(section=t["section"], table=table,
                                         figure=t["figure"], label_column=t["label_column"])
    wave = int(record["wave"])
    unavailable = {u["name"]: Unavailable(wave, u["section"], u["name"], u["text"], u["label"])
                   for u in record["unavailable"]}
    return WaveLedger(
        wave=wave, rules=rules, entries=entries, unavailable=unavailable,
        hidden_groups=frozenset(_tuples(g) for g in record["hidden_groups"]),
        hidden_keys=frozenset(_tuples(k) for k in record["hidden_keys"]),
        over_suppressed=tuple(_tuples(g) for g in record.get("over_suppressed", [])),
    )
