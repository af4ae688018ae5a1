"""The published table: the only thing a report may show, built only by the gate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from pipeline.disclosure.errors import PublicationError
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.rules import DisclosureRules

MARK = "·"
"""The one mark of a suppressed cell in every published table."""

_GATE_TOKEN = object()
"""Held only by :mod:`pipeline.disclosure.gate`; without it a PublishedTable cannot be built."""


@dataclass(frozen=True)
class SuppressionCounts:
    """How many cells each rule hid.

    Attributes
    ----------
    primary : int
        Cells below the threshold of their source.
    secondary : int
        Cells hidden so that others cannot be recovered by subtraction (including the
        second share hidden in a distribution block, status ``share``).
    group : int
        Estimates of 0% or 100% in small groups.
    numerator : int
        Percentages that would give away fewer than ``min_numerator`` respondents with the
        outcome or fewer than ``min_complement`` without it (or, for a distribution, a part
        below the threshold); their n stays shown.
    withheld : int
        Two-way breakdowns (per wave and indicator) not shown because a cell failed.
    dropped : int
        Breakdown variables dropped for too few respondents in the wave.
    """

    primary: int = 0
    secondary: int = 0
    group: int = 0
    numerator: int = 0
    withheld: int = 0
    dropped: int = 0

    @property
    def cells(self) -> int:
        """Cells hidden by primary, secondary, group and numerator rules together."""
        return self.primary + self.secondary + self.group + self.numerator

    def __add__(self, other: SuppressionCounts) -> SuppressionCounts:
        return SuppressionCounts(
            primary=self.primary + other.primary,
            secondary=self.secondary + other.secondary,
            group=self.group + other.group,
            numerator=self.numerator + other.numerator,
            withheld=self.withheld + other.withheld,
            dropped=self.dropped + other.dropped,
        )


@dataclass(frozen=True)
class PublishedTable:
    """A table that passed the disclosure gate.

    Build it with :func:`pipeline.disclosure.publish_estimates`,
    :func:`pipeline.disclosure.publish_counts` or a :class:`pipeline.disclosure.ReportGate`;
    the constructor refuses any other caller.

    Attributes
    ----------
    name, caption : str
        Identifier and Dutch caption.
    rules : DisclosureRules
        The rules it passed.
    source : str
        ``survey``, ``hr`` or ``cbs``.
    suppressed : SuppressionCounts
        Cells hidden per rule.
    notes : tuple of str
        Dutch notes (withheld two-way breakdowns, dropped breakdowns, rounding).
    legend : str
        Dutch legend of the suppression mark.
    audit_view : AuditView
        The published counts and their constraints (for the audit); no hidden values.
    """

    name: str
    caption: str
    rules: DisclosureRules
    source: str
    suppressed: SuppressionCounts
    notes: tuple[str, ...]
    legend: str
    audit_view: AuditView = field(repr=False)
    display_frame: pd.DataFrame = field(repr=False, compare=False)
    data_frame: pd.DataFrame = field(repr=False, compare=False)
    token: object = field(repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self.token is not _GATE_TOKEN:
            raise PublicationError(
                "PublishedTable can only be built by the disclosure gate; "
                "call pipeline.disclosure.publish_estimates / publish_counts / ReportGate"
            )

    @property
    def display(self) -> pd.DataFrame:
        """The table as shown: Dutch-formatted text, suppressed cells as the mark (a copy)."""
        return self.display_frame.copy()

    @property
    def data(self) -> pd.DataFrame:
        """The published numbers for figures: rounded, suppressed as missing (a copy)."""
        return self.data_frame.copy()

    def to_html(self) -> str:
        """Render the table as HTML carrying the gate's mark ``data-disclosure="passed"``.

        Returns
        -------
        str
            One ``<table>`` with ``<caption>``, ``<th scope="col">`` headers, and the legend
            and notes in ``<tfoot>``.
        """
        from pipeline.disclosure.html import render_table

        return render_table(self)

    def _repr_html_(self) -> str:
        return self.to_html()


def restore_table(**fields: object) -> PublishedTable:
    """Rebuild a table the gate published, from the publication ledger's file.

    Only :mod:`pipeline.disclosure.ledger` calls this, on the file the publication stage
    wrote; the fields are exactly those of a :class:`PublishedTable` the gate built.
    """
    return PublishedTable(**fields, token=_GATE_TOKEN)  # type: ignore[arg-type]


_STATUS_RULES = {"primary": "primary", "secondary": "secondary", "share": "secondary",
                 "group": "group", "numerator": "numerator"}


def table_rows(table: PublishedTable, groups: Sequence[str], *, name: str,
               caption: str, by_indicator: bool = False) -> PublishedTable:
    """Return a view of a published table holding only the rows of these groups.

    The view shows a subset of the cells the gate published, with their marks, so it reveals
    nothing the whole table does not: a unit's page shows the organisation's row and the
    unit's rows of the section's tables. Rows are kept where ``group`` (data) and ``Groep``
    (display) is one of `groups`; the suppression counts are those of the kept rows; notes,
    legend and the audit view stay those of the whole table.

    Parameters
    ----------
    table : PublishedTable
        A table of the wave's ledger, with a ``group`` column and a ``Groep`` display column.
    groups : sequence of str
        Group labels to keep (as published, e.g. ``Totaal`` and a directie's name).
    name, caption : str
        The view's own name (``data-table``) and Dutch caption.
    by_indicator : bool
        Order the rows by indicator (in the table's order), then by `groups`, so that a
        unit's row stands under the organisation's; else the table's order.

    Raises
    ------
    PublicationError
        If the table has no group column to select on.

    Examples
    --------
    >>> from pipeline.disclosure import DisclosureRules, publish_estimates
    >>> est = pd.DataFrame({"wave": 2024, "indicator": "discr_ja", "breakdown": "cluster",
    ...                     "group": ["A", "B"], "estimate": [0.12, 0.16],
    ...                     "ci_low": [0.10, 0.14], "ci_high": [0.14, 0.18],
    ...                     "n": [400, 500], "n_pos": [48, 80]})
    >>> t = publish_estimates(est, DisclosureRules(), name="t", caption="Naar cluster")
    >>> view = table_rows(t, ["B"], name="t-b", caption="Cluster B")
    >>> view.display["Groep"].tolist(), view.data["group"].tolist(), view.name
    (['B'], ['B'], 't-b')
    """
    if "group" not in table.data_frame or "Groep" not in table.display_frame:
        raise PublicationError(f"table {table.name!r} has no group column to show rows of")
    keep = set(groups)
    data = table.data_frame[table.data_frame["group"].astype(str).isin(keep)]
    display = table.display_frame[table.display_frame["Groep"].astype(str).isin(keep)]
    if by_indicator and "indicator" in data and "Indicator" in display:
        rank = {g: i for i, g in enumerate(groups)}

        def order(frame: pd.DataFrame, indicator: str, group: str) -> pd.DataFrame:
            first = {k: i for i, k in enumerate(dict.fromkeys(frame[indicator].astype(str)))}
            key = pd.DataFrame({"i": frame[indicator].astype(str).map(first),
                                "g": frame[group].astype(str).map(rank)}, index=frame.index)
            return frame.loc[key.sort_values(["i", "g"], kind="stable").index]

        data, display = order(data, "indicator", "group"), order(display, "Indicator", "Groep")
    counts: dict[str, int] = {}
    if "status" in data:
        for status in data["status"].astype(str):
            rule = _STATUS_RULES.get(status)
            if rule:
                counts[rule] = counts.get(rule, 0) + 1
    return replace(table, name=name, caption=caption, suppressed=SuppressionCounts(**counts),
                   display_frame=display.reset_index(drop=True),
                   data_frame=data.reset_index(drop=True))  # keeps the gate's token
