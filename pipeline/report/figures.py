"""Figures for the reports: one look for all, alt text from the data, the table underneath.

Every figure is drawn from a :class:`~pipeline.disclosure.published.PublishedTable` (numbers
that passed the disclosure gate), never from raw estimates. Drawn with seaborn on matplotlib:
colour-blind safe palette (Okabe-Ito), Dutch percent labels on every bar, 95% intervals, axis
ticks at round steps (:func:`percent_ticks`). The output is one HTML ``<figure>`` with an
inline SVG (:func:`svg_markup`: ``role="img"`` with the alt text as its ``<title>``, which says
what the figure shows and its main message; no date, software version or changing id, so the
bytes depend on the figure only), followed by the figure's table in a collapsible
``<details>`` (:func:`figure_block`).

A new chart follows the same steps: draw inside ``with figure_context():``, then
``svg_markup(fig, alt, table.name)`` and ``figure_block(svg, title, note, table)``.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import math
import re
import struct
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from pipeline.disclosure.published import MARK, PublishedTable
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


DISPLAY_SCALE = 1.6
"""CSS pixels per point of the figure: 9-point labels come out near the page's text size."""

#: No software, version or date in an SVG: its bytes depend on the figure only.
SVG_METADATA: dict[str, str | None] = {"Creator": None, "Date": None, "Format": None,
                                        "Type": None}
#: How the SVGs are written (used inside ``matplotlib.rc_context``, never set globally):
#: text stays text (smaller, selectable, sharp at any zoom), a fixed salt for every id, and the
#: layout from the font that ships with matplotlib, so it is the same on every machine.
SVG_RC: dict[str, object] = {"svg.fonttype": "none", "svg.hashsalt": "inclusiemonitor",
                             "font.family": "DejaVu Sans"}
#: The page's own font stack replaces the layout font in the SVG's text.
PAGE_FONT = "'Segoe UI', Arial, Helvetica, sans-serif"
#: Round steps for a percentage axis, smallest first.
PERCENT_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25)

_XML_PROLOGUE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<metadata>.*?</metadata>\s*",
                           re.S)
_COMMENT = re.compile(r"<!--.*?-->|<defs>\s*<style[^>]*>.*?</style>\s*</defs>", re.S)
"""Comments, and matplotlib's stylesheet (``*{stroke-linejoin...}``, in report.css instead)."""
_DECIMAL = re.compile(r"(?<![#\w])-?\d+\.\d{3,}")
_NEGATIVE_ZERO = re.compile(r"(?<![\w.])-0(?![\w.])")
_ID = re.compile(r'\s\bid="([^"]+)"')
_REFERENCE = re.compile(r'(?<=url\(#)[^)]+(?=\))|(?<=href="#)[^"]+(?=")')
_NO_ROTATION = re.compile(r'\s*transform="rotate\(-?0 [^"]*\)"')
_FONT_FAMILY = re.compile(r"font-family: ?'?DejaVu Sans'?")


def percent_ticks(top: float, max_ticks: int = 6) -> list[float]:
    """Ticks at a round step (1, 2, 5, 10, 20 or 25 points) from 0 up to and past ``top``.

    The axis ends at the last tick, so every label is a whole percentage that reads the same
    as its position (no 2,5% shown as "2%").

    Parameters
    ----------
    top : float
        Largest value the axis must reach (a proportion, 0-1).
    max_ticks : int, default 6
        At most this many steps above zero.

    Returns
    -------
    list of float
        Tick positions, starting at 0; the last is at least ``top`` (and at most 1).

    Examples
    --------
    >>> [round(t * 100) for t in percent_ticks(0.183)]
    [0, 5, 10, 15, 20]
    >>> [round(t * 100) for t in percent_ticks(0.67)]
    [0, 20, 40, 60, 80]
    >>> [round(t * 100) for t in percent_ticks(0.04)]
    [0, 1, 2, 3, 4]
    """
    top = min(max(float(top), 0.01), 1.0)
    step = next((s for s in PERCENT_STEPS if math.ceil(top / s - 1e-9) <= max_ticks), 0.2)
    count = min(math.ceil(top / step - 1e-9), round(1 / step))
    return [round(i * step, 4) for i in range(count + 1)]


def _short(number: str) -> str:
    """Write a coordinate to 0,01 pt, without trailing zeros or a negative zero.

    Examples
    --------
    >>> _short("12.34567"), _short("3.10000"), _short("-0.0001")
    ('12.35', '3.1', '0')
    """
    text = f"{float(number):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _round_numbers(svg: str) -> str:
    """Round the numbers inside tags (coordinates); texts between tags stay as they are.

    Examples
    --------
    >>> _round_numbers('<path d="M 1.23456 -0"/><text x="2.5000">6.370 mensen</text>')
    '<path d="M 1.23 0"/><text x="2.5">6.370 mensen</text>'
    """
    def tag(match: re.Match[str]) -> str:
        inner = _DECIMAL.sub(lambda m: _short(m.group(0)), match.group(0))
        return _NEGATIVE_ZERO.sub("0", inner)

    return re.sub(r"<[^>]+>", tag, svg)


def svg_markup(fig: plt.Figure, alt: str, id_prefix: str) -> str:
    """Write a matplotlib figure as an inline, accessible, byte-reproducible ``<svg>``.

    The SVG carries ``role="img"`` and a ``<title>`` with the alt text (its accessible name;
    screen readers read that and not the labels inside); its ids get ``id_prefix`` so that
    several figures on one page never share an id. No XML prologue, metadata, comments, dates
    or software versions; coordinates are rounded to 0,01 pt. Closes the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, drawn under :data:`SVG_RC` (see :func:`figure_context`).
    alt : str
        What the figure shows, in Dutch.
    id_prefix : str
        Unique on the page (e.g. the table's name); letters, digits and ``-`` are kept.

    Returns
    -------
    str
        ``<svg ...>...</svg>`` with ``width``/``height`` in CSS pixels and a ``viewBox``.

    Examples
    --------
    >>> with figure_context():
    ...     fig, ax = plt.subplots(figsize=(2, 1))
    ...     _ = ax.plot([0, 1], [0, 1])
    ...     svg = svg_markup(fig, "Een lijn", "voorbeeld")
    >>> svg.startswith('<svg') and '<title id="fig-voorbeeld-titel">Een lijn</title>' in svg
    True
    >>> "Matplotlib" in svg or "<dc:date>" in svg or "<?xml" in svg
    False
    """
    prefix = re.sub(r"[^A-Za-z0-9-]+", "-", f"fig-{id_prefix}").strip("-")
    buf = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata=SVG_METADATA)
    plt.close(fig)
    svg = _COMMENT.sub("", _XML_PROLOGUE.sub("", buf.getvalue()))
    used = set(_REFERENCE.findall(svg))
    svg = _ID.sub(lambda m: f' id="{prefix}-{m.group(1)}"' if m.group(1) in used else "",
                  svg)
    svg = _REFERENCE.sub(lambda m: f"{prefix}-{m.group(0)}", svg)
    svg = _NO_ROTATION.sub("", re.sub(r"\s*\n\s*", " ", svg))
    svg = _FONT_FAMILY.sub(f"font-family: {PAGE_FONT}", svg)
    root = re.match(r"<svg\b[^>]*>", svg)
    if root is None:
        raise ValueError("matplotlib wrote no <svg> element")
    width = float(re.search(r'width="([\d.]+)pt"', root.group(0)).group(1))
    height = float(re.search(r'height="([\d.]+)pt"', root.group(0)).group(1))
    view = re.search(r'viewBox="([^"]+)"', root.group(0)).group(1)
    title_id = f"{prefix}-titel"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'class="chart-svg" role="img" aria-labelledby="{title_id}" focusable="false" '
            f'width="{round(width * DISPLAY_SCALE)}" height="{round(height * DISPLAY_SCALE)}" '
            f'viewBox="{view}"><title id="{title_id}">{html.escape(alt)}</title>')
    svg = head + svg[root.end():]
    return _round_numbers(re.sub(r">\s+<", "><", svg)).strip()


def figure_context() -> contextlib.AbstractContextManager:
    """Seaborn's style and matplotlib's SVG settings for drawing one figure (not global).

    Examples
    --------
    >>> with figure_context():
    ...     matplotlib.rcParams["svg.hashsalt"]
    'inclusiemonitor'
    """
    stack = contextlib.ExitStack()
    stack.enter_context(sns.axes_style("ticks", {"axes.edgecolor": "#4a4a4a",
                                                 "grid.color": "#dddddd"}))
    stack.enter_context(sns.plotting_context("paper", rc={"font.size": 9}))
    stack.enter_context(matplotlib.rc_context(SVG_RC))
    return stack


def figure_block(svg: str, title: str, note: str, table: PublishedTable) -> str:
    """Return the HTML of one figure: ``<figure>`` with the SVG and caption, then its table.

    Parameters
    ----------
    svg : str
        Output of :func:`svg_markup`.
    title : str
        The figure's title (plain text), first in the caption and in the table's summary.
    note : str
        The rest of the caption (plain text, may be empty), e.g. what the lines mean.
    table : PublishedTable
        The figure's published table, shown in a collapsible ``<details>``.

    Returns
    -------
    str
        HTML.
    """
    title = html.escape(title)
    return (f'<div class="figure-block"><figure class="chart">{svg}'
            f"<figcaption>{title}{html.escape(note)}</figcaption></figure>"
            f"<details><summary>Tabel bij deze figuur: {title}</summary>{table.to_html()}"
            "</details></div>")


#: Kept for charts not yet converted to SVG; writes no software or date metadata.
PNG_METADATA: dict[str, str | None] = {"Software": None, "Creation Time": None}


def _png(fig: plt.Figure, dpi: int = 144) -> tuple[str, int, int]:
    """Base64 PNG and its pixel size (for a chart not yet converted; prefer :func:`svg_markup`)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata=PNG_METADATA)
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
    data = table.data.reset_index(drop=True)
    present = data["estimate"].notna().tolist()
    shown = data[data["estimate"].notna()]
    labels = shown[label_column].astype(str).tolist()
    values = shown["estimate"].astype(float).tolist()
    hidden = int(data["estimate"].isna().sum())
    all_labels = data[label_column].astype(str).tolist()
    slots = [str(i) for i in range(len(all_labels))]  # one slot per row, top to bottom
    positions = [i for i, ok in enumerate(present) if ok]
    reach = shown[["estimate", "ci_high"]].astype(float).max(axis=1)  # bar or interval end
    has_interval = bool(shown["ci_low"].notna().any() and shown["ci_high"].notna().any())
    ticks = percent_ticks(max([*reach.tolist(), 0.01]) * 1.15)
    x_max = ticks[-1]
    title = subject[:1].upper() + subject[1:]
    with figure_context():
        fig, ax = plt.subplots(figsize=(7.2, 0.9 + 0.4 * max(len(all_labels), 1)))
        bars = pd.DataFrame({"slot": [slots[i] for i in positions], "estimate": values})
        sns.barplot(data=bars, x="estimate", y="slot", order=slots, orient="y",
                    color=OKABE_ITO[0], saturation=1, width=0.6, errorbar=None, ax=ax)
        if has_interval:
            low = (shown["estimate"] - shown["ci_low"]).clip(lower=0).fillna(0).astype(float)
            high = (shown["ci_high"] - shown["estimate"]).clip(lower=0).fillna(0).astype(float)
            ax.errorbar(values, positions, xerr=[low.tolist(), high.tolist()], fmt="none",
                        ecolor="#333333", capsize=3, linewidth=1)
        for pos, value, end in zip(positions, values, reach.tolist(), strict=True):
            ax.text(min(end, x_max) + x_max * 0.015, pos, pct(value), va="center",
                    fontsize=8.5, color="#1a1a1a", clip_on=False)
        for i, ok in enumerate(present):
            if not ok:
                ax.text(x_max * 0.01, i, f"{MARK} niet getoond (privacy)", va="center",
                        fontsize=8.5, color="#4a4a4a")
        ax.set_yticks(range(len(all_labels)), all_labels)
        ax.set_ylim(len(all_labels) - 0.4, -0.6)
        ax.set_xticks(ticks, [pct(t) for t in ticks])
        ax.set_xlim(0, x_max)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(title, loc="left", fontsize=10)
        ax.tick_params(labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        alt = describe_bars(labels, values, subject, hidden)
        svg = svg_markup(fig, alt, table.name)
    note = ("; lijnen geven het 95%-betrouwbaarheidsinterval" if has_interval else "") + "."
    if hidden:
        note += f" {MARK} = niet getoond om privacyredenen."
    return Figure(html=figure_block(svg, title, note, table), alt=alt)


def describe_series(years: list[int], values: list[float], subject: str, target: float) -> str:
    """Alt text for a series against a target line: first and last value, and the gap.

    Examples
    --------
    >>> print(describe_series([2020, 2024], [0.19, 0.22], "aandeel vanaf schaal 12", 0.30))
    ... # doctest: +NORMALIZE_WHITESPACE
    Lijndiagram: aandeel vanaf schaal 12, 2020-2024, met het doel van 30%. Van 19% in 2020
    naar 22% in 2024; het doel is nog niet bereikt.
    """
    shown = [(y, v) for y, v in zip(years, values, strict=True) if v == v]
    text = f"Lijndiagram: {subject}, {years[0]}-{years[-1]}, met het doel van {pct(target)}."
    if shown:
        (y0, v0), (y1, v1) = shown[0], shown[-1]
        reached = "het doel is bereikt" if v1 >= target else "het doel is nog niet bereikt"
        text += f" Van {pct(v0)} in {y0} naar {pct(v1)} in {y1}; {reached}."
    return text


def _shown_texts(table: PublishedTable, years: list[int], values: list[float]) -> dict[int, str]:
    """Return the percentage of each year as the table shows it (a wide table's value row).

    The figure's numbers are rounded for drawing; its labels must read like the table (23,5%
    is "24%" in the table, so not "23%" from the rounded number).
    """
    display = table.display
    if "Cijfer" in display.columns:
        row = display[display["Cijfer"] != "n"]
        if len(row) == 1:
            return {y: str(row[str(y)].iloc[0]) if str(y) in row else pct(v)
                    for y, v in zip(years, values, strict=True)}
    return {y: pct(v) for y, v in zip(years, values, strict=True)}


def target_line_figure(table: PublishedTable, target: float, subject: str) -> Figure:
    """Draw a share per year (a published table's rows) against a horizontal target line.

    Parameters
    ----------
    table : PublishedTable
        One group's share per year (``data``: ``wave``, ``estimate``).
    target : float
        The target share (drawn as a dashed line, labelled).
    subject : str
        What the line shows, in Dutch (title and alt text).

    Examples
    --------
    >>> import pandas as pd
    >>> from pipeline.disclosure import DisclosureRules, publish_estimates
    >>> est = pd.DataFrame({"wave": [2023, 2024], "indicator": "x", "breakdown": "b",
    ...     "group": "12+", "estimate": [0.21, 0.22], "ci_low": float("nan"),
    ...     "ci_high": float("nan"), "n": [3500, 3565], "n_pos": [735, 784]})
    >>> table = publish_estimates(est, DisclosureRules(), name="t", caption="T", source="cbs")
    >>> fig = target_line_figure(table, 0.30, "aandeel vanaf schaal 12")
    >>> fig.alt.startswith("Lijndiagram") and "<svg" in fig.html
    True
    """
    data = table.data.sort_values("wave")
    years = [int(y) for y in data["wave"]]
    values = [float(v) for v in data["estimate"]]
    texts = _shown_texts(table, years, values)
    ticks = percent_ticks(max([*[v for v in values if v == v], target]) * 1.12)
    title = subject[:1].upper() + subject[1:]
    with figure_context():
        fig, ax = plt.subplots(figsize=(7.2, 3.0))
        frame = pd.DataFrame({"jaar": years, "aandeel": values})
        sns.lineplot(data=frame, x="jaar", y="aandeel", marker="o", color=OKABE_ITO[0],
                     linewidth=2, ax=ax)
        for y, v in zip(years, values, strict=True):
            if v == v:
                ax.text(y, v + ticks[-1] * 0.03, texts[y], ha="center", fontsize=8.5,
                        color="#1a1a1a")
        ax.axhline(target, color=OKABE_ITO[5], linestyle="--", linewidth=1.5)
        ax.text(years[0], target + ticks[-1] * 0.02, f"doel: {pct(target)}", fontsize=8.5,
                color=OKABE_ITO[5], va="bottom")
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_yticks(ticks, [pct(t) for t in ticks])
        ax.set_ylim(0, ticks[-1])
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_title(title, loc="left", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        alt = describe_series(years, values, subject, target)
        svg = svg_markup(fig, alt, table.name)
    note = f"; de stippellijn is het doel ({pct(target)})."
    return Figure(html=figure_block(svg, title, note, table), alt=alt)


def cluster_target_figure(table: PublishedTable, required: dict[str, float], base_year: int,
                          subject: str) -> Figure:
    """Per cluster: the share in the base year, the latest share and the target (+25%).

    Parameters
    ----------
    table : PublishedTable
        Shares per cluster and year (``data``: ``wave``, ``group``, ``estimate``).
    required : dict of str to float
        The target share per cluster (the ``doelen`` table's ``streefwaarde``).
    base_year : int
        Year of the base shares.
    subject : str
        Title and alt-text subject, in Dutch.
    """
    data = table.data
    latest = int(data["wave"].max())
    clusters = list(dict.fromkeys(data["group"].astype(str)))
    base = data[data["wave"] == base_year].set_index("group")["estimate"]
    now = data[data["wave"] == latest].set_index("group")["estimate"]
    values = [v for v in [*base.tolist(), *now.tolist(), *required.values()] if v == v]
    ticks = percent_ticks(max([*values, 0.01]) * 1.12)
    title = subject[:1].upper() + subject[1:]
    with figure_context():
        fig, ax = plt.subplots(figsize=(7.2, 0.9 + 0.45 * len(clusters)))
        empty: list[str] = []
        labelled: set[str] = set()

        def once(label: str) -> str | None:  # each legend entry from the first row that has it
            if label in labelled:
                return None
            labelled.add(label)
            return label

        for i, cluster in enumerate(clusters):
            goal = required.get(cluster, float("nan"))
            b, v = float(base.get(cluster, float("nan"))), float(now.get(cluster, float("nan")))
            if goal == goal:
                ax.plot([goal], [i], marker="|", markersize=16, markeredgewidth=2.5,
                        color=OKABE_ITO[5], linestyle="none", label=once("doel"))
            if b == b:
                ax.plot([b], [i], marker="o", color="#8a8a8a", linestyle="none",
                        label=once(str(base_year)))
            if latest != base_year and v == v:
                ax.plot([v], [i], marker="o", color=OKABE_ITO[0], linestyle="none",
                        label=once(str(latest)))
                if b == b:
                    ax.plot([b, v], [i, i], color="#bbbbbb", linewidth=1, zorder=0)
            if b != b and v != v:  # an empty row says why it is empty
                empty.append(cluster)
                ax.text(ticks[-1] * 0.01, i, "geen getoond cijfer (te klein of privacy)",
                        va="center", fontsize=8, color="#4a4a4a")
        ax.set_yticks(range(len(clusters)), clusters)
        ax.set_ylim(len(clusters) - 0.4, -0.6)
        ax.set_xticks(ticks, [pct(t) for t in ticks])
        ax.set_xlim(0, ticks[-1])
        ax.set_title(title, loc="left", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        met = [c for c in clusters if c in now and now[c] == now[c]
               and required.get(c, float("nan")) == required.get(c, float("nan"))
               and round(float(now[c]), 3) >= round(required[c], 3)]
        alt = (f"Puntdiagram: {subject}. Per cluster het aandeel in {base_year}"
               + (f" en {latest}" if latest != base_year else "")
               + ", met het doel als streep.")
        if latest != base_year:
            alt += f" {len(met)} van de {len(clusters)} clusters halen het doel."
        if empty:
            alt += f" Zonder getoond cijfer: {', '.join(empty)}."
        svg = svg_markup(fig, alt, table.name)
    note = (f"; grijs: {base_year}" + (f", blauw: {latest}" if latest != base_year else "")
            + "; oranje streep: het doel.")
    return Figure(html=figure_block(svg, title, note, table), alt=alt)
