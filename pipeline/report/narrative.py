"""Dutch sentences for the reports, with every number taken from a published table.

A sentence never quotes a value the disclosure gate did not publish: the functions take
:class:`~pipeline.disclosure.published.PublishedTable` objects and read ``table.data``.
"""

from __future__ import annotations

import pandas as pd

from pipeline.disclosure.published import PublishedTable
from pipeline.report.formats import count, pct, pct_interval


def _row(data: pd.DataFrame, indicator: str, group: str = "Totaal") -> pd.Series | None:
    rows = data[(data["indicator"] == indicator) & (data["group"] == group)]
    if rows.empty or pd.isna(rows.iloc[0]["estimate"]):
        return None
    return rows.iloc[0]


def share_phrase(data: pd.DataFrame, indicator: str, group: str = "Totaal") -> str | None:
    """``56% (95%-interval 55%–57%)`` for a published row, or None if it is not published.

    Examples
    --------
    >>> d = pd.DataFrame({"indicator": ["x"], "group": ["Totaal"], "estimate": [0.561],
    ...                   "ci_low": [0.55], "ci_high": [0.572]})
    >>> share_phrase(d, "x")
    '56% (95%-interval 55%–57%)'
    """
    row = _row(data, indicator, group)
    if row is None:
        return None
    return f"{pct(row['estimate'])} (95%-interval {pct_interval(row['ci_low'], row['ci_high'])})"


def headline(key_figures: PublishedTable, labels: dict[str, str]) -> str:
    """Write the opening paragraph: how many experienced each key indicator.

    Parameters
    ----------
    key_figures : PublishedTable
        Published totals, indicator column holding the Dutch labels.
    labels : dict
        Dutch indicator label -> phrase used in the sentence (e.g. ``"discriminatie ervaren"``
        -> ``"ervoer discriminatie"``), in the order of the sentences.

    Returns
    -------
    str
        Markdown text.
    """
    data = key_figures.data
    parts = []
    for label, phrase in labels.items():
        share = share_phrase(data, label)
        if share is not None:
            parts.append(f"{share} {phrase}")
    if not parts:
        return "Voor deze meting zijn geen kerncijfers te publiceren."
    n = data["n"].dropna()
    base = f"Van de {count(n.max())} respondenten " if not n.empty else "Van de respondenten "
    return base + "; ".join(parts) + " in de twaalf maanden voor het onderzoek."


def extremes(table: PublishedTable, indicator: str) -> str | None:
    """Sentence naming the published groups with the highest and lowest share.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> d = pd.DataFrame({"indicator": ["x"] * 3, "group": ["a", "b", "c"],
    ...                   "estimate": [0.1, 0.3, None], "ci_low": [.08, .25, None],
    ...                   "ci_high": [.12, .35, None]})
    >>> print(extremes(SimpleNamespace(data=d), "x"))  # doctest: +NORMALIZE_WHITESPACE
    Het hoogst is het bij b: 30% (95%-interval 25%–35%);
    het laagst bij a: 10% (95%-interval 8%–12%).
    """
    data = table.data
    rows = data[(data["indicator"] == indicator) & data["estimate"].notna()
                & (data["group"] != "Totaal")]
    if len(rows) < 2:
        return None
    hi = rows.loc[rows["estimate"].idxmax()]
    lo = rows.loc[rows["estimate"].idxmin()]
    return (f"Het hoogst is het bij {hi['group']}: {share_phrase(rows, indicator, hi['group'])}; "
            f"het laagst bij {lo['group']}: {share_phrase(rows, indicator, lo['group'])}.")


HEADLINE_PHRASES = {
    "ongewenst gedrag (minstens één vorm)": "maakte minstens één vorm van ongewenst gedrag mee",
    "discriminatie ervaren": "ervoer discriminatie",
    "twijfel of het discriminatie was": "twijfelde of wat hen overkwam discriminatie was",
    "seksuele intimidatie": "maakte seksuele intimidatie mee",
}
