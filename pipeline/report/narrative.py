"""Dutch sentences for the reports, with every number taken from a published table.

A sentence never quotes a value the disclosure gate did not publish: the functions take
:class:`~pipeline.disclosure.published.PublishedTable` objects and read ``table.data``.
"""

from __future__ import annotations

import pandas as pd

from pipeline.disclosure.published import PublishedTable
from pipeline.report.formats import count, pct, pct_interval, points


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


def headline(key_figures: PublishedTable, labels: dict[str, tuple[str, str]]) -> str:
    """Write the opening paragraph: how many experienced each key indicator.

    Parameters
    ----------
    key_figures : PublishedTable
        Published totals, indicator column holding the Dutch labels.
    labels : dict
        Dutch indicator label -> (verb, rest of the phrase), e.g. ``"discriminatie ervaren"``
        -> ``("ervoer", "discriminatie")``, in the order of the sentence.

    Returns
    -------
    str
        Markdown text.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> d = pd.DataFrame({"indicator": ["a", "b"], "group": "Totaal", "n": [6370, 6370],
    ...                   "estimate": [0.56, 0.14], "ci_low": [0.55, 0.13],
    ...                   "ci_high": [0.57, 0.15]})
    >>> print(headline(SimpleNamespace(data=d), {"a": ("maakte", "iets mee"),
    ...                                          "b": ("ervoer", "iets anders")}))
    ... # doctest: +NORMALIZE_WHITESPACE
    Van de 6.370 respondenten maakte 56% (95%-interval 55%–57%) iets mee en ervoer 14%
    (95%-interval 13%–15%) iets anders, in de twaalf maanden voor het onderzoek.
    """
    if not hasattr(key_figures, "data"):  # a Note: this wave has none of the key figures
        return "Voor deze meting zijn geen kerncijfers te publiceren."
    data = key_figures.data
    parts = []
    for label, (verb, rest) in labels.items():
        share = share_phrase(data, label)
        if share is not None:
            parts.append(f"{verb} {share} {rest}")
    if not parts:
        return "Voor deze meting zijn geen kerncijfers te publiceren."
    n = data["n"].dropna()
    base = f"Van de {count(n.max())} respondenten " if not n.empty else "Van de respondenten "
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return base + joined + ", in de twaalf maanden voor het onderzoek."


HEADLINE_PHRASES = {
    "ongewenst gedrag (minstens één vorm)": ("maakte",
                                             "minstens één vorm van ongewenst gedrag mee"),
    "discriminatie ervaren": ("ervoer", "discriminatie"),
    "twijfel of het discriminatie was": ("twijfelde", "of wat hen overkwam discriminatie was"),
    "seksuele intimidatie": ("maakte", "seksuele intimidatie mee"),
}


def _signed(value: float) -> str:
    """One decimal, Dutch comma, no negative zero.

    Examples
    --------
    >>> _signed(-0.04), _signed(-1.26)
    ('0,0', '-1,3')
    """
    text = f"{value:.1f}"
    return ("0.0" if text == "-0.0" else text).replace(".", ",")


def trend_sentences(trends: pd.DataFrame, labels: dict[str, str], alpha: float = 0.05) -> str:
    """Describe the change since the previous wave per indicator, with adjusted significance.

    Parameters
    ----------
    trends : pandas.DataFrame
        Rows of ``trends.parquet`` for this wave and one breakdown group (``totaal``).
    labels : dict
        Indicator -> Dutch label.
    alpha : float
        Significance level applied to the adjusted p-value.

    Returns
    -------
    str
        Markdown: one line per indicator.

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": ["discr_ja"], "wave": [2026], "wave_b": [2024],
    ...     "estimate": [0.127], "estimate_b": [0.142], "diff": [-0.015],
    ...     "diff_ci_low": [-0.027], "diff_ci_high": [-0.003], "p": [0.01], "p_adj": [0.03],
    ...     "p_adj_method": ["holm"], "flags": [""]})
    >>> labels = {"discr_ja": "discriminatie ervaren"}
    >>> print(trend_sentences(t, labels))  # doctest: +NORMALIZE_WHITESPACE
    - discriminatie ervaren: van 14% (2024) naar 13% (2026), -1,5 procentpunt
    (95%-interval -2,7 tot -0,3); statistisch significant
    (p = 0,010; na Holm-correctie 0,030).
    """
    if trends.empty:
        return ("Dit is de eerste meting in deze reeks: er is nog geen eerdere vergelijkbare "
                "meting.")
    lines = []
    methods = {"holm": "Holm-correctie", "fdr_bh": "Benjamini-Hochberg-correctie"}
    for _, row in trends.iterrows():
        label = labels.get(row["indicator"], row["indicator"])
        if "not_comparable" in str(row.get("flags", "")):
            lines.append(f"- {label}: niet vergelijkbaar met {int(row['wave_b'])} (vraag of "
                         "antwoordschaal gewijzigd); geen trend berekend.")
            continue
        if pd.isna(row["diff"]):
            continue
        low, high = _signed(row["diff_ci_low"] * 100), _signed(row["diff_ci_high"] * 100)
        significant = row["p_adj"] < alpha
        method = methods.get(str(row.get("p_adj_method")), "correctie")
        p_raw = f"{row['p']:.3f}".replace(".", ",")
        p_adj = f"{row['p_adj']:.3f}".replace(".", ",")
        lines.append(
            f"- {label}: van {pct(row['estimate_b'])} ({int(row['wave_b'])}) naar "
            f"{pct(row['estimate'])} ({int(row['wave'])}), {points(row['diff'], 1)} "
            f"(95%-interval {low} tot {high}); "
            + ("statistisch significant" if significant else "niet statistisch significant")
            + f" (p = {p_raw}; na {method} {p_adj}).")
    return "\n".join(lines)


def reliability_sentence(reliability: dict | None) -> str:
    """Report Cronbach's alpha of the psychological-safety scale, with its interval, in Dutch.

    Examples
    --------
    >>> r = {"alpha": 0.8123, "ci_low": 0.804, "ci_high": 0.82, "level": 0.95, "n": 5400}
    >>> print(reliability_sentence(r))  # doctest: +NORMALIZE_WHITESPACE
    De zeven stellingen vormen een betrouwbare schaal: Cronbach's alpha is 0,81
    (95%-interval 0,80 tot 0,82; 5.400 respondenten die alle stellingen beantwoordden).
    >>> reliability_sentence(None)
    'Psychologische veiligheid is in deze meting niet gevraagd.'
    """
    if not reliability:
        return "Psychologische veiligheid is in deze meting niet gevraagd."
    alpha = reliability["alpha"]
    verdict = "een betrouwbare schaal" if alpha >= 0.7 else "een matig betrouwbare schaal"
    interval = ""
    if reliability.get("ci_low") is not None and reliability.get("ci_high") is not None:
        level = round(100 * float(reliability.get("level", 0.95)))
        interval = (f"{level}%-interval {reliability['ci_low']:.2f} tot "
                    f"{reliability['ci_high']:.2f}; ").replace(".", ",")
    return (f"De zeven stellingen vormen {verdict}: Cronbach's alpha is "
            f"{alpha:.2f}".replace(".", ",")
            + f" ({interval}{count(reliability['n'])} respondenten die alle stellingen "
            "beantwoordden).")
