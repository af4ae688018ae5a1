"""Figures for the reports: one look for all, alt text from the data, the table underneath.

Every figure is drawn from a :class:`~pipeline.disclosure.published.PublishedTable` (numbers
that passed the disclosure gate), never from raw estimates. Colour-blind safe palette
(Okabe-Ito), Dutch percent labels, 95% intervals drawn. The output is one HTML ``<figure>``
with an embedded PNG whose ``alt`` says what the figure shows and its main message, followed
by the figure's table in a collapsible ``<details>``.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from pipeline.disclosure.published import PublishedTable
from pipeline.report.formats import pct

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")


@dataclass(frozen=True)
class Figure:
    """A rendered figure: HTML for the report and its alt text (for tests and review)."""

    html: str
    alt: str

    def _repr_html_(self) -> str:
        return self.html


def describe_bars(labels: list[str], values: list[float], subject: str, hidden: int) -> str:
    """Alt text for a bar chart: what it shows and its main message.

    Examples
    --------
    >>> describe_bars(["man", "vrouw"], [0.12, 0.16], "discriminatie ervaren, naar gender", 0)
    'Staafdiagram: discriminatie ervaren, naar gender. Hoogste: vrouw (16%); laagste: man (12%).'
    """
    shown = [(v, lab) for lab, v in zip(labels, values, strict=True) if v == v]
    text = f"Staafdiagram: {subject}."
    if len(shown) == 1:
        text += f" {shown[0][1]}: {pct(shown[0][0])}."
    elif shown:
        top, low = max(shown), min(shown)
        text += f" Hoogste: {top[1]} ({pct(top[0])}); laagste: {low[1]} ({pct(low[0])})."
    if hidden:
        text += f" {hidden} groep(en) niet getoond vanwege privacy."
    return text


def _png(fig: plt.Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def bar_figure(table: PublishedTable, subject: str, label_column: str = "group") -> Figure:
    """Horizontal bars with 95% intervals for the rows of a published estimate table.

    Parameters
    ----------
    table : PublishedTable
        Output of the disclosure gate; suppressed rows are left out of the bars.
    subject : str
        What the bars show, in Dutch (used in the title and alt text).
    label_column : str, default "group"
        Column of ``table.data`` with the bar labels.

    Returns
    -------
    Figure
    """
    data = table.data
    shown = data[data["estimate"].notna()]
    labels = shown[label_column].astype(str).tolist()
    values = shown["estimate"].astype(float).tolist()
    hidden = int(data["estimate"].isna().sum())
    height = 0.9 + 0.38 * max(len(labels), 1)
    fig, ax = plt.subplots(figsize=(7.2, height))
    y = list(range(len(labels)))[::-1]
    err_low = (shown["estimate"] - shown["ci_low"]).clip(lower=0).astype(float).tolist()
    err_high = (shown["ci_high"] - shown["estimate"]).clip(lower=0).astype(float).tolist()
    ax.barh(y, values, color=OKABE_ITO[0], height=0.6)
    ax.errorbar(values, y, xerr=[err_low, err_high], fmt="none", ecolor="#333333", capsize=3,
                linewidth=1)
    ax.set_yticks(y, labels)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: pct(v)))
    ax.set_xlim(0, min(1.0, max([*shown["ci_high"].astype(float).tolist(), 0.05]) * 1.15))
    ax.set_title(subject[:1].upper() + subject[1:], loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    alt = describe_bars(labels, values, subject, hidden)
    img = _png(fig)
    page = (f'<figure class="chart"><img src="data:image/png;base64,{img}" '
            f'alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(subject[:1].upper() + subject[1:])}; lijnen geven het "
            "95%-betrouwbaarheidsinterval.</figcaption>"
            f"<details><summary>Tabel bij deze figuur</summary>{table.to_html()}</details>"
            "</figure>")
    return Figure(html=page, alt=alt)
