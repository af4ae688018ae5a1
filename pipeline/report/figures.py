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
import struct
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from pipeline.disclosure.published import MARK, PublishedTable
from pipeline.report.formats import pct

matplotlib.rcParams["svg.hashsalt"] = "inclusiemonitor"  # fixed SVG ids, should one be saved

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


DPI = 144
"""Pixels per inch of the PNG; shown at ``DPI / DISPLAY_SCALE`` CSS pixels per inch."""
DISPLAY_SCALE = 1.25
"""Sharp on high-density screens; 9-point labels come out near the page's body text size."""


#: No software version or date in the PNG: its bytes depend on the figure only.
PNG_METADATA: dict[str, str | None] = {"Software": None, "Creation Time": None}


def _png(fig: plt.Figure) -> tuple[str, int, int]:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata=PNG_METADATA)
    plt.close(fig)
    data = buf.getvalue()
    width, height = struct.unpack(">II", data[16:24])  # PNG IHDR: width, height
    return base64.b64encode(data).decode("ascii"), width, height


def bar_figure(table: PublishedTable, subject: str, label_column: str = "group") -> Figure:
    """Horizontal bars with 95% intervals for the rows of a published estimate table.

    Every bar carries its percentage; a group whose estimate the gate suppressed keeps its row,
    without a bar, marked with the table's suppression mark and a legend. The figure's table
    follows in a collapsible ``<details>`` (the same published table, gate's mark included).

    Parameters
    ----------
    table : PublishedTable
        Output of the disclosure gate; suppressed rows get no bar.
    subject : str
        What the bars show, in Dutch (used in the title and alt text).
    label_column : str, default "group"
        Column of ``table.data`` with the bar labels.

    Returns
    -------
    Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from pipeline.disclosure import DisclosureRules, publish_estimates
    >>> est = pd.DataFrame({"wave": 2024, "indicator": "discr_ja", "breakdown": "gender",
    ...                     "group": ["man", "vrouw"], "estimate": [0.12, 0.16],
    ...                     "ci_low": [0.10, 0.14], "ci_high": [0.14, 0.18],
    ...                     "n": [400, 500], "n_pos": [48, 80]})
    >>> table = publish_estimates(est, DisclosureRules(), name="g", caption="Naar gender")
    >>> fig = bar_figure(table, "discriminatie ervaren, naar gender")
    >>> fig.alt
    'Staafdiagram: discriminatie ervaren, naar gender. Hoogste: vrouw (16%); laagste: man (12%).'
    >>> 'data-disclosure="passed"' in fig.html and "95%-betrouwbaarheidsinterval" in fig.html
    True
    """
    data = table.data
    shown = data[data["estimate"].notna()]
    labels = shown[label_column].astype(str).tolist()
    values = shown["estimate"].astype(float).tolist()
    hidden = int(data["estimate"].isna().sum())
    all_labels = data[label_column].astype(str).tolist()
    height = 0.9 + 0.4 * max(len(all_labels), 1)
    fig, ax = plt.subplots(figsize=(7.2, height))
    y_of = {i: len(all_labels) - 1 - i for i in range(len(all_labels))}
    positions = [y_of[i] for i, ok in enumerate(data["estimate"].notna().tolist()) if ok]
    reach = shown[["estimate", "ci_high"]].astype(float).max(axis=1)  # bar or interval end
    has_interval = bool(shown["ci_low"].notna().any() and shown["ci_high"].notna().any())
    ax.barh(positions, values, color=OKABE_ITO[0], height=0.6)
    if has_interval:
        err_low = (shown["estimate"] - shown["ci_low"]).clip(lower=0).fillna(0).astype(float)
        err_high = (shown["ci_high"] - shown["estimate"]).clip(lower=0).fillna(0).astype(float)
        ax.errorbar(values, positions, xerr=[err_low.tolist(), err_high.tolist()], fmt="none",
                    ecolor="#333333", capsize=3, linewidth=1)
    x_max = min(1.0, max([*reach.tolist(), 0.05]) * 1.22)
    for pos, value, end in zip(positions, values, reach.tolist(), strict=True):
        ax.text(min(end, x_max) + x_max * 0.015, pos, pct(value), va="center", fontsize=8.5,
                color="#1a1a1a")
    for i, ok in enumerate(data["estimate"].notna().tolist()):
        if not ok:
            ax.text(x_max * 0.01, y_of[i], f"{MARK} niet getoond (privacy)", va="center",
                    fontsize=8.5, color="#4a4a4a")
    ax.set_yticks(list(y_of.values()), all_labels)
    ax.set_ylim(-0.6, len(all_labels) - 0.4)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: pct(v)))
    ax.set_xlim(0, x_max)
    ax.set_title(subject[:1].upper() + subject[1:], loc="left", fontsize=10)
    ax.tick_params(labelsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    alt = describe_bars(labels, values, subject, hidden)
    img, width, height = _png(fig)
    title = html.escape(subject[:1].upper() + subject[1:])
    legend = (f" {MARK} = niet getoond om privacyredenen." if hidden else "")
    page = (f'<div class="figure-block"><figure class="chart">'
            f'<img src="data:image/png;base64,{img}" alt="{html.escape(alt)}" '
            f'width="{round(width / DISPLAY_SCALE)}" height="{round(height / DISPLAY_SCALE)}">'
            f"<figcaption>{title}"
            f"{'; lijnen geven het 95%-betrouwbaarheidsinterval' if has_interval else ''}."
            f"{html.escape(legend)}</figcaption></figure>"
            f"<details><summary>Tabel bij deze figuur: {title}</summary>{table.to_html()}"
            "</details></div>")
    return Figure(html=page, alt=alt)
