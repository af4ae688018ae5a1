"""The published table: the only thing a report may show, built only by the gate."""

from __future__ import annotations

from dataclasses import dataclass, field

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
