"""A published result: the gated table, dressed for a memo (Dutch, caption, source, legend).

Everything a :class:`Result` shows comes from its gated :class:`PublishedTable` (and test
columns for cells that table shows); ``to_excel`` and ``to_csv`` write the layout of the report
downloads (:mod:`pipeline.report.downloads`), from the HTML the analyst sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.disclosure import ParsedTable, parse_published_tables
from pipeline.disclosure.html import render_table
from pipeline.disclosure.published import MARK, PublishedTable, SuppressionCounts
from pipeline.disclosure.rounding import format_count, format_number
from pipeline.disclosure.rules import DisclosureRules

REASONS = {
    "primary": "te weinig {unit} (minder dan {min_n})",
    "secondary": "herleidbaar uit andere cellen of tabellen van de rapporten",
    "group": "0% of 100% in een groep van minder dan {max_n}",
    "numerator": "het percentage zou minder dan {num} {unit} met of zonder de uitkomst "
                 "prijsgeven",
    "share": "herleidbaar uit de andere aandelen",
}
"""Dutch reason per status of a hidden cell."""
MERGED_REASON = "te weinig {unit} of herleidbaar uit andere cellen"
"""Reason of a hidden n where naming the exact rule would itself narrow the cell down."""


@dataclass(frozen=True)
class _Rendered:
    """What :func:`~pipeline.disclosure.html.render_table` reads of a table."""

    name: str
    caption: str
    legend: str
    notes: tuple[str, ...]
    display_frame: pd.DataFrame
    suppressed: SuppressionCounts


def mean_texts(table: PublishedTable, frame: pd.DataFrame, start: int, most: int
               ) -> tuple[list[str], list[str]]:
    """Return the mean and interval texts of a table at a precision that separates the ends.

    The gate shows means at ``round_mean`` decimals; where an interval would read
    "4,6–4,6" the whole column gets one decimal more (up to ``most``), from the engine's
    estimates of the cells the gate shows.
    """
    data = table.data
    raw = {(str(r.breakdown), str(r.group)): r for r in frame.itertuples(index=False)}
    shown = [raw.get((str(r.breakdown), str(r.group))) if str(r.status) == "shown" else None
             for r in data.itertuples(index=False)]
    lows = [float(r.ci_low) for r in shown if r is not None]
    highs = [float(r.ci_high) for r in shown if r is not None]
    decimals = separating_decimals(lows, highs, start, most)
    values, intervals = [], []
    for r in shown:
        if r is None or r.estimate != r.estimate:
            values.append(MARK)
            intervals.append(MARK)
            continue
        values.append(format_number(float(r.estimate), decimals))
        intervals.append(f"{format_number(float(r.ci_low), decimals)}–"
                         f"{format_number(float(r.ci_high), decimals)}")
    return values, intervals


def separating_decimals(lows: Sequence[float], highs: Sequence[float], start: int,
                        most: int) -> int:
    """Return the fewest decimals (``start`` to ``most``) that show both ends of each interval.

    Examples
    --------
    >>> separating_decimals([4.61, 4.2], [4.64, 4.5], 1, 3)
    2
    >>> separating_decimals([4.0], [4.0], 1, 3)
    3
    """
    for decimals in range(start, most + 1):
        if all(format_number(lo, decimals) != format_number(hi, decimals)
               for lo, hi in zip(lows, highs, strict=True) if lo == lo and hi == hi):
            return decimals
    return most


def reason(status: str, rules: DisclosureRules, source: str, named: bool = True) -> str:
    """Return the Dutch reason a cell of ``status`` is hidden."""
    from pipeline.disclosure.text import UNITS

    unit = UNITS[source]
    values = {"unit": unit, "min_n": format_count(rules.min_n(source)),
              "max_n": format_count(rules.group_disclosure_max_n),
              "num": format_count(rules.min_numerator)}
    if status in ("primary", "secondary") and not named:
        return MERGED_REASON.format(**values)
    return REASONS.get(status, "onderdrukt").format(**values)


@dataclass
class Result:
    """One published result of the explorer.

    Attributes
    ----------
    caption : str
        Dutch caption.
    source : str
        Where the figures come from, in Dutch (printed under the table).
    published : PublishedTable
        The gated table the result is made of.
    """

    caption: str
    source: str
    published: PublishedTable = field(repr=False)
    _columns: Mapping[str, Sequence[str]] = field(default_factory=dict, repr=False)
    _numbers: Mapping[str, Sequence[float]] = field(default_factory=dict, repr=False)
    _withheld: Sequence[tuple[str, str]] = field(default_factory=tuple, repr=False)
    _notes: Sequence[str] = field(default_factory=tuple, repr=False)
    _means: tuple[Sequence[str], Sequence[str]] | None = field(default=None, repr=False)
    _display: pd.DataFrame | None = field(default=None, repr=False)
    _data: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def display(self) -> pd.DataFrame:
        """The table as shown: Dutch headers and texts, hidden cells as the mark (a copy)."""
        if self._display is not None:
            return self._display.copy()
        frame = self.published.display
        if self._means is not None and "Gemiddelde" in frame:
            frame["Gemiddelde"] = list(self._means[0])
            if "95%-interval" in frame:
                frame["95%-interval"] = list(self._means[1])
        for name, column in self._columns.items():
            frame[name] = list(column)
        return frame

    @property
    def data(self) -> pd.DataFrame:
        """The published numbers (hidden as missing) with each row's status and reason."""
        if self._data is not None:
            return self._data.copy()
        data = self.published.data
        for name, column in self._numbers.items():
            data[name] = list(column)
        return data

    @property
    def withheld(self) -> pd.DataFrame:
        """Every hidden cell with the rule that hid it."""
        return pd.DataFrame(list(self._withheld), columns=["Cel", "Reden"])

    @property
    def legend(self) -> str:
        """The legend of the suppression mark."""
        return self.published.legend

    @property
    def notes(self) -> tuple[str, ...]:
        """Notes under the table: the gate's notes, the hidden cells and their reasons, source."""
        hidden = [f"{MARK} {cell}: {why}." for cell, why in self._withheld]
        return (*self.published.notes, *self._notes, *hidden, f"Bron: {self.source}.")

    def to_html(self) -> str:
        """Render the result as HTML (``data-disclosure="passed"``, caption, legend, notes)."""
        table = self.published
        return render_table(_Rendered(
            name=table.name, caption=self.caption, legend=table.legend, notes=self.notes,
            display_frame=self.display, suppressed=table.suppressed))

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.display.to_string(index=False)}\n" + "\n".join(
            [self.legend, *self.notes])

    def _parsed(self) -> ParsedTable:
        return parse_published_tables(self.to_html())[0]

    def to_excel(self, path: str | Path) -> Path:
        """Write the result as the report downloads do: one sheet with caption, table, legend.

        Parameters
        ----------
        path : str or pathlib.Path
            Destination ``.xlsx``.

        Returns
        -------
        pathlib.Path
        """
        from pipeline.report.downloads import write_xlsx

        return write_xlsx([self._parsed()], Path(path), self.caption)

    def to_csv(self, path: str | Path) -> Path:
        """Write the result as a report download CSV (UTF-8, ``;``, the cells as published)."""
        from pipeline.report.downloads import write_csv

        return write_csv(self._parsed(), Path(path))


def hidden_cells(table: PublishedTable, rules: DisclosureRules, source: str, named: bool
                 ) -> list[tuple[str, str]]:
    """List the hidden cells of a gated estimate table with their reasons."""
    data = table.data
    if "status" not in data:
        return []
    out = []
    for row in data.itertuples(index=False):
        if str(row.status) == "shown":
            continue
        group = "Totaal" if str(row.group).casefold() == "totaal" else str(row.group)
        out.append((group, reason(str(row.status), rules, source, named)))
    return out


def dutch_p(p: float) -> str:
    """Return a p-value in Dutch notation (``< 0,001`` below a thousandth)."""
    if p != p:
        return ""
    if p < 0.001:
        return "< 0,001"
    return format_number(p, 3)


def signed(value: float, decimals: int) -> str:
    """Return a signed Dutch number with a true minus sign."""
    if value != value:
        return ""
    text = format_number(abs(value), decimals)
    if text.strip("0,") == "":
        return text
    return ("+" if value > 0 else "−") + text


def interval_text(low: float, high: float, decimals: int) -> str:
    """Return a difference interval ``−1,2 tot 3,4``."""
    if low != low or high != high:
        return ""
    return f"{signed(low, decimals)} tot {signed(high, decimals)}".replace("+", "")


def as_float(values: Sequence[object]) -> list[float]:
    """Return floats (NaN for missing)."""
    return [float(v) if v is not None and v == v else np.nan for v in values]
