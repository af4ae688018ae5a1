"""The disclosure gate: the only way from an estimate table or crosstab to a published table."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd

from pipeline.disclosure.audit import Finding, audit
from pipeline.disclosure.counts import plan_counts
from pipeline.disclosure.display import HIDDEN, count_frames, estimate_frames, wide_frames
from pipeline.disclosure.errors import DisclosureError, DisclosureInputError
from pipeline.disclosure.estimates import GroupKey, plan_estimates
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.numerator import SHARE
from pipeline.disclosure.published import _GATE_TOKEN, MARK, PublishedTable, SuppressionCounts
from pipeline.disclosure.rules import DisclosureRules
from pipeline.disclosure.text import describe_counts, describe_rules, legend, rounding_note

logger = logging.getLogger(__name__)


class ReportGate:
    """The disclosure gate of one report: publishes tables and remembers what it hid.

    The n of a group is shared by every table of its breakdown, so a group hidden in one
    table is hidden in every later table of that breakdown (same wave). A later table cannot
    un-publish an earlier one: if it must hide a group whose n an earlier table showed with
    the same value (or that a shown two-way breakdown splits), publishing raises
    :class:`DisclosureError`. Call :meth:`reserve` on every estimate table of the report first
    to share hidden groups in both directions. Every published table is audited together with
    the earlier tables it shares cells with.

    Parameters
    ----------
    rules : DisclosureRules
        Thresholds (from ``params.yaml``).
    report : str, default "rapport"
        Name of the report (for messages).

    Examples
    --------
    >>> t = pd.DataFrame({"wave": 2024, "indicator": "discr_ja",
    ...     "breakdown": ["totaal", "gender", "gender", "gender"],
    ...     "group": ["totaal", "man", "vrouw", "non-binair"],
    ...     "estimate": [.14, .12, .15, .3], "ci_low": .1, "ci_high": .4,
    ...     "n": [120, 50, 62, 8], "n_pos": [17, 6, 9, 2]})
    >>> gate = ReportGate(DisclosureRules())
    >>> table = gate.publish_estimates(t, name="discr", caption="Discriminatie naar gender")
    >>> table.display["n"].tolist()
    ['120', '·', '60', '·']
    >>> gate.summary()
    SuppressionCounts(primary=1, secondary=1, group=0, numerator=1, withheld=0, dropped=0)
    """

    def __init__(self, rules: DisclosureRules, report: str = "rapport") -> None:
        if not isinstance(rules, DisclosureRules):
            raise DisclosureInputError(
                f"rules must be a DisclosureRules, got {type(rules).__name__}"
            )
        self.rules = rules
        self.report = report
        self._tables: list[PublishedTable] = []
        self._hidden_groups: set[GroupKey] = set()
        self._published_n: dict[GroupKey, list[tuple[str, float]]] = defaultdict(list)
        self._twoway_parts: dict[GroupKey, str] = {}
        self._hidden_keys: set[Hashable] = set()

    @property
    def tables(self) -> tuple[PublishedTable, ...]:
        """The tables published so far, in order."""
        return tuple(self._tables)

    def reserve(self, frame: pd.DataFrame, source: str = "survey") -> None:
        """Register the groups an estimate table will hide, without publishing it.

        Reserve every estimate table of a report before publishing any, so that all tables
        of a breakdown hide the same groups whatever their order.

        Examples
        --------
        >>> t = pd.DataFrame({"wave": 2024, "indicator": "x", "breakdown": "gender",
        ...     "group": ["man", "vrouw", "non-binair"], "estimate": .2, "ci_low": .1,
        ...     "ci_high": .3, "n": [50, 62, 8], "n_pos": [10, 12, 2]})
        >>> gate = ReportGate(DisclosureRules())
        >>> gate.reserve(t)
        >>> sorted(g for _, _, _, g in gate.hidden_groups)
        ['man', 'non-binair']
        """
        before = None
        while before != self._hidden_groups:
            before = set(self._hidden_groups)
            plan = plan_estimates(frame, self.rules, source, self._hidden_groups)
            self._hidden_groups |= plan.hidden_groups

    def reserve_counts(
        self, counts: pd.DataFrame, source: str = "hr", population: str | None = None,
        structural_zeros: frozenset[tuple[str, str]] = frozenset(), row_totals: bool = True,
    ) -> None:
        """Register the cells a crosstab will hide, without publishing it (see :meth:`reserve`).

        ``population`` as in :meth:`publish_counts`; without it nothing is shared.
        """
        if population is None:
            return
        before = None
        while before != self._hidden_keys:
            before = set(self._hidden_keys)
            plan = plan_counts(counts, self.rules, source, population,
                               frozenset(self._hidden_keys), structural_zeros, row_totals)
            self._hidden_keys |= {plan.model.keys[i] for i in plan.hidden}

    def seed(self, hidden_groups: frozenset[GroupKey], hidden_keys: frozenset[Hashable]) -> None:
        """Start from the hidden groups and crosstab cells of a publication plan.

        A :class:`~pipeline.disclosure.ledger.PublicationLedger` reserves every table of every
        section first and seeds each wave's gate with the result, so that what is hidden in one
        table is hidden in all, whatever the order of publication.
        """
        self._hidden_groups |= set(hidden_groups)
        self._hidden_keys |= set(hidden_keys)

    def know(self, tables: list[PublishedTable]) -> None:
        """Take tables published elsewhere (the wave's ledger) as already published here.

        The audit of every later table includes those it shares cells with, so a later table
        cannot give back what they hid.
        """
        self._tables.extend(tables)

    @property
    def hidden_keys(self) -> frozenset[Hashable]:
        """Crosstab cell keys hidden so far in this report."""
        return frozenset(self._hidden_keys)

    @property
    def hidden_groups(self) -> frozenset[GroupKey]:
        """``(wave, base, breakdown, group)`` hidden so far in this report."""
        return frozenset(self._hidden_groups)

    def _check_name(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise DisclosureInputError(f"name must be a non-empty string, got {name!r}")
        if any(t.name == name for t in self._tables):
            raise DisclosureInputError(f"name {name!r} is already used by a table of this report")

    def _audit(self, table: PublishedTable) -> None:
        keys = set(table.audit_view.keys)
        related = [t for t in self._tables if keys & set(t.audit_view.keys)]
        findings: list[Finding] = [
            f for f in audit([*related, table], self.rules.protection_interval)
        ]
        if findings:
            raise DisclosureError(
                f"table {table.name!r} of report {self.report!r}: {len(findings)} suppressed "
                "cell(s) recoverable from published cells, totals or earlier tables; not published"
            )

    def publish_estimates(
        self, frame: pd.DataFrame, name: str, caption: str, source: str = "survey",
        layout: str = "long",
    ) -> PublishedTable:
        """Pass a tidy estimate table through the gate.

        Parameters
        ----------
        frame : pandas.DataFrame
            Tidy estimate table (docs/architecture.md); not modified.
        name : str
            Identifier, unique in the report.
        caption : str
            Dutch caption.
        source : {"survey", "hr", "cbs"}, default "survey"
            Selects the primary threshold applied to ``n``.
        layout : {"long", "wide"}, default "long"
            ``wide``: the years as columns (:func:`~pipeline.disclosure.display.wide_frames`).

        Returns
        -------
        PublishedTable

        Raises
        ------
        DisclosureError
            If a suppressed n could still be recovered (within this table or with earlier
            tables of the report).
        DisclosureInputError
            If the table lacks a column or holds bad values.
        """
        self._check_name(name)
        plan = plan_estimates(frame, self.rules, source, self._hidden_groups)
        new = plan.hidden_groups - self._hidden_groups
        conflicts: set[str] = set()
        data = plan.frame
        for key in new:
            w, base, b, g = key
            values = data.loc[
                (data["wave"] == w) & (data["base"] == base) & (data["breakdown"] == b)
                & (data["group"] == g), "n"
            ]
            for other, shown in self._published_n.get(key, []):
                if any(abs(v - shown) < 1e-9 for v in values):
                    conflicts.add(other)
            if key in self._twoway_parts:
                conflicts.add(self._twoway_parts[key])
        if conflicts:
            raise DisclosureError(
                f"table {name!r} of report {self.report!r}: must hide groups that earlier "
                f"table(s) {', '.join(sorted(conflicts))} showed; call ReportGate.reserve() "
                "on every table before publishing"
            )
        if layout == "wide":
            display, numbers = wide_frames(plan, self.rules, source)
        elif layout == "long":
            display, numbers = estimate_frames(plan, self.rules, source)
        else:
            raise DisclosureInputError(f"layout must be 'long' or 'wide', got {layout!r}")
        status = plan.status
        counts = SuppressionCounts(
            primary=status.count("primary"),
            secondary=status.count("secondary") + status.count(SHARE),
            group=status.count("group"),
            numerator=status.count("numerator"),
            withheld=plan.withheld,
            dropped=plan.dropped,
        )
        notes = tuple(n for n in (*plan.notes, rounding_note(self.rules)) if n)
        table = PublishedTable(
            name=name,
            caption=caption,
            rules=self.rules,
            source=source,
            suppressed=counts,
            notes=notes,
            legend=legend(self.rules, source, percentages=True),
            audit_view=plan.view,
            display_frame=display,
            data_frame=numbers,
            token=_GATE_TOKEN,
        )
        self._audit(table)
        _log_suppressed(table)
        self._hidden_groups |= plan.hidden_groups
        for row, state in zip(data.itertuples(index=False), status, strict=True):
            if state not in HIDDEN and state not in ("withheld", "dropped"):
                self._published_n[(row.wave, row.base, row.breakdown, row.group)].append(
                    (name, row.n))
        for part in plan.twoway_parts:
            self._twoway_parts.setdefault(part, name)
        self._tables.append(table)
        return table

    def publish_counts(
        self,
        counts: pd.DataFrame,
        name: str,
        caption: str,
        source: str = "hr",
        population: str | None = None,
        structural_zeros: frozenset[tuple[str, str]] = frozenset(),
        row_totals: bool = True,
    ) -> PublishedTable:
        """Pass a crosstab of counts through the gate; row, column and grand totals are added.

        Parameters
        ----------
        counts : pandas.DataFrame
            Inner counts: index = row categories, columns = column categories (names of
            ``index`` and ``columns`` name the variables); not modified.
        name : str
            Identifier, unique in the report.
        caption : str
            Dutch caption.
        source : {"survey", "hr", "cbs"}, default "hr"
            Selects the primary threshold.
        population : str, optional
            Identity of the counted population (e.g. ``"hr-2024"``); tables with the same
            population share their margins (hidden in one, hidden in all). Defaults to
            ``name`` (no sharing).
        structural_zeros : set of (row, column), optional
            Cells zero by definition (see :func:`~pipeline.disclosure.counts.plan_counts`).
        row_totals : bool, default True
            False: no row-total column (columns that do not add up, such as stocks and flows).

        Returns
        -------
        PublishedTable

        Examples
        --------
        >>> t = pd.DataFrame({"man": [30, 4, 22], "vrouw": [40, 25, 18]},
        ...                  index=pd.Index(["a", "b", "c"], name="cluster"))
        >>> table = ReportGate(DisclosureRules(round_count=1)).publish_counts(t, "hr", "Staf")
        >>> table.display.to_dict("list")["man"]
        ['30', '·', '·', '56']
        """
        self._check_name(name)
        plan = plan_counts(
            counts, self.rules, source, population or name, frozenset(self._hidden_keys),
            structural_zeros, row_totals,
        )
        display, numbers = count_frames(plan, self.rules, source, str(counts.index.name or ""))
        table = PublishedTable(
            name=name,
            caption=caption,
            rules=self.rules,
            source=source,
            suppressed=SuppressionCounts(
                primary=plan.status.count("primary"), secondary=plan.status.count("secondary")
            ),
            notes=tuple(n for n in (rounding_note(self.rules),) if n),
            legend=legend(self.rules, source, percentages=False),
            audit_view=plan.model.view(plan.hidden),
            display_frame=display,
            data_frame=numbers,
            token=_GATE_TOKEN,
        )
        self._audit(table)
        _log_suppressed(table)
        self._hidden_keys |= {plan.model.keys[i] for i in plan.hidden}
        self._tables.append(table)
        return table

    def publish_targets(
        self, frame: pd.DataFrame, name: str, caption: str, status: Mapping[tuple, str],
        source: str = "cbs",
    ) -> PublishedTable:
        """Publish a table of target verdicts (``doelen``): values of figures shown elsewhere.

        Each row judges one figure of another table of the report (its identity in
        :data:`~pipeline.analysis.targets.SOURCE_COLUMNS`: year, indicator, breakdown, group,
        n, numerator). The table adds no count: its value is shown only where that figure is
        shown (``status`` of its key is ``shown``) and its numerator and complement are at
        least ``min_numerator`` and ``min_complement`` (the value has one decimal more than
        the figure's own table). Otherwise the value is the suppression mark and the verdict
        "geen gegevens".

        Parameters
        ----------
        frame : pandas.DataFrame
            :func:`~pipeline.analysis.targets.target_sources` output (keys relabelled as in
            the other tables).
        name, caption : str
            Identifier and Dutch caption.
        status : mapping
            ``(wave, indicator, breakdown, group)`` -> status of that figure in the plan.
        source : str, default "cbs"
            Source named in the legend.

        Returns
        -------
        PublishedTable
            ``data`` has exactly the columns ``doel, eenheid, jaar, waarde, streefwaarde,
            oordeel``; ``display`` the same in Dutch text (one decimal of a percent).
        """
        from pipeline.disclosure.rounding import format_percent

        self._check_name(name)
        columns = ["doel", "eenheid", "jaar", "waarde", "streefwaarde", "oordeel"]
        missing = [c for c in [*columns, "wave", "indicator", "breakdown", "group", "n",
                               "n_pos"] if c not in frame]
        if missing:
            raise DisclosureInputError(f"target table {name!r} lacks {', '.join(missing)}")
        data = frame[columns].copy().reset_index(drop=True)
        shown_text, hidden = [], 0
        for i, row in enumerate(frame.itertuples(index=False)):
            if pd.isna(row.waarde):
                shown_text.append("")
                continue
            key = (int(row.wave), str(row.indicator), str(row.breakdown), str(row.group))
            safe = (status.get(key) == "shown" and row.n_pos == row.n_pos
                    and row.n_pos >= self.rules.min_numerator
                    and row.n - row.n_pos >= self.rules.min_complement)
            if not safe:
                data.loc[i, "waarde"] = np.nan
                data.loc[i, "oordeel"] = "geen gegevens"
                shown_text.append(MARK)
                hidden += 1
            else:
                shown_text.append(format_percent(float(row.waarde), 1))
        # a target computed from a figure (1.25 x a cluster's base-year share) gives that
        # figure back: shown only where the figure is
        goal_text = []
        for i, row in enumerate(frame.itertuples(index=False)):
            goal = float(row.streefwaarde)
            base = getattr(row, "target_wave", np.nan)
            if goal == goal and base == base:
                key = (int(base), str(row.indicator), str(row.breakdown), str(row.group))
                safe = (status.get(key) == "shown"
                        and row.target_n_pos >= self.rules.min_numerator
                        and row.target_n - row.target_n_pos >= self.rules.min_complement)
                if not safe:
                    data.loc[i, "streefwaarde"] = np.nan
                    data.loc[i, "waarde"] = np.nan
                    data.loc[i, "oordeel"] = "geen gegevens"
                    shown_text[i] = MARK if shown_text[i] else ""
                    goal_text.append(MARK)
                    hidden += 1
                    continue
            goal_text.append(format_percent(goal, 1) if goal == goal else "")
        data["waarde"] = data["waarde"].astype(float)
        data["streefwaarde"] = data["streefwaarde"].astype(float)
        data["jaar"] = data["jaar"].astype(int)
        display = pd.DataFrame({
            "Doel": data["doel"], "Eenheid": data["eenheid"], "Jaar": data["jaar"].astype(str),
            "Waarde": shown_text,
            "Streefwaarde": goal_text,
            "Oordeel": data["oordeel"],
        })
        table = PublishedTable(
            name=name, caption=caption, rules=self.rules, source=source,
            suppressed=SuppressionCounts(secondary=hidden),
            notes=("Waarden met één decimaal: zo worden ze aan het doel getoetst.",),
            legend=legend(self.rules, source, percentages=True),
            audit_view=AuditView(keys=(), labels=(), values=(), constraints=()),
            display_frame=display, data_frame=data, token=_GATE_TOKEN,
        )
        self._tables.append(table)
        return table

    def audit(self) -> list[Finding]:
        """Audit all tables published so far together (see :func:`audit`)."""
        return audit(self._tables, self.rules.protection_interval)

    def summary(self) -> SuppressionCounts:
        """Cells hidden by each rule over all tables of the report."""
        total = SuppressionCounts()
        for table in self._tables:
            total = total + table.suppressed
        return total

    def methods_text(self) -> str:
        """Dutch paragraph for the methods section: the rules and how many cells they hid."""
        return f"{describe_rules(self.rules)} {describe_counts(self.summary())}"


def _log_suppressed(table: PublishedTable) -> None:
    """Log (DEBUG) how many cells of a published table each rule hid."""
    s = table.suppressed
    logger.debug("tabel %r: %d cellen onderdrukt (primair %d, secundair %d, groep %d, "
                 "teller %d), %d tweewegtabellen achtergehouden, %d uitsplitsingen weggelaten",
                 table.name, s.cells, s.primary, s.secondary, s.group, s.numerator, s.withheld,
                 s.dropped)


def publish_estimates(
    frame: pd.DataFrame,
    rules: DisclosureRules,
    name: str,
    caption: str,
    source: str = "survey",
) -> PublishedTable:
    """Pass one tidy estimate table through the gate (a report of one table).

    See :meth:`ReportGate.publish_estimates`; use a :class:`ReportGate` for a whole report.
    """
    return ReportGate(rules).publish_estimates(frame, name, caption, source)


def publish_counts(
    counts: pd.DataFrame,
    rules: DisclosureRules,
    name: str,
    caption: str,
    source: str = "hr",
    population: str | None = None,
    structural_zeros: frozenset[tuple[str, str]] = frozenset(),
    row_totals: bool = True,
) -> PublishedTable:
    """Pass one crosstab of counts through the gate (a report of one table).

    See :meth:`ReportGate.publish_counts`; use a :class:`ReportGate` for a whole report.
    """
    return ReportGate(rules).publish_counts(counts, name, caption, source, population,
                                            structural_zeros, row_totals)
