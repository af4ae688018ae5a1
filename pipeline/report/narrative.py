"""Dutch sentences for the reports, with every number taken from a published table.

A sentence never quotes a value the disclosure gate did not publish: the functions take
:class:`~pipeline.disclosure.published.PublishedTable` objects and read ``table.data``.
"""

from __future__ import annotations

from typing import Any

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


NOTHING_SHOWN = ("Geen verandering te tonen: de cijfers van een van beide metingen zijn niet "
                 "gepubliceerd.")
FIRST_WAVE_TEXT = ("Dit is de eerste meting in deze reeks: er is nog geen eerdere vergelijkbare "
                   "meting.")

HEADLINE_PHRASES = {
    "ongewenst gedrag (minstens één vorm)": ("maakte",
                                             "minstens één vorm van ongewenst gedrag mee"),
    "discriminatie ervaren": ("ervoer", "discriminatie"),
    "twijfel of het discriminatie was": ("twijfelde", "of wat hen overkwam discriminatie was"),
    "seksuele intimidatie": ("maakte", "seksuele intimidatie mee"),
}


SIGNIFICANT_UP = "significante stijging"
SIGNIFICANT_DOWN = "significante daling"
NOT_AFTER_CORRECTION = "na correctie voor meervoudig toetsen niet significant"
NO_CHANGE = "geen significante verandering"
METHOD_NAMES = {"holm": "de methode van Holm", "fdr_bh": "de methode van Benjamini en Hochberg",
                "bonferroni": "de methode van Bonferroni", "none": "geen correctie"}
FAMILY_NAMES = {
    "table": "per tabel (een groep samenhangende vragen in één uitsplitsing)",
    "indicator": "per vraag (alle uitsplitsingen samen)",
    "breakdown": "per vraag en uitsplitsing",
    "all": "alle samen",
}


def significance_verdict(diff: float, p: float, p_adj: float, alpha: float = 0.05, *,
                         higher: str, lower: str, none: str) -> str:
    """Return the Dutch three-way verdict on one tested difference.

    Significant after correction gives ``higher`` or ``lower`` by the sign of ``diff``; a test
    that was significant alone but not after the correction gives
    :data:`NOT_AFTER_CORRECTION`; anything else gives ``none``.

    Examples
    --------
    >>> significance_verdict(0.02, 0.01, 0.2, higher="up", lower="down", none="no")
    'na correctie voor meervoudig toetsen niet significant'
    >>> significance_verdict(-0.02, 0.001, 0.01, higher="up", lower="down", none="no")
    'down'
    """
    if p_adj < alpha:
        return higher if diff > 0 else lower
    if p < alpha:
        return NOT_AFTER_CORRECTION
    return none


def trend_verdict(diff: float, p: float, p_adj: float, alpha: float = 0.05) -> str:
    """Return the Dutch verdict on one change: significant, not after correction, or none.

    "Na correctie voor meervoudig toetsen niet significant" is said only where that is the
    point: the test alone would have been significant, the correction makes it not.

    Examples
    --------
    >>> trend_verdict(-0.026, 0.001, 0.003)
    'significante daling'
    >>> trend_verdict(-0.015, 0.004, 0.07)
    'na correctie voor meervoudig toetsen niet significant'
    >>> trend_verdict(0.001, 0.88, 0.95)
    'geen significante verandering'
    """
    return significance_verdict(diff, p, p_adj, alpha, higher=SIGNIFICANT_UP,
                                lower=SIGNIFICANT_DOWN, none=NO_CHANGE)


def _signed(value: float, decimals: int = 1) -> str:
    """Signed Dutch number with a true minus sign and no negative zero.

    Examples
    --------
    >>> _signed(-0.04), _signed(-1.26), _signed(0.8)
    ('0,0', '−1,3', '+0,8')
    """
    text = f"{abs(value):.{decimals}f}".replace(".", ",")
    if text.strip("0,") == "":
        return text
    return ("+" if value > 0 else "−") + text


def _value(value: float, mean: bool) -> str:
    return f"{value:.1f}".replace(".", ",") if mean else pct(value)


def _change(row: pd.Series, mean: bool) -> str:
    scale, unit = (1.0, "punt") if mean else (100.0, "procentpunt")
    digits = 2 if mean else 1
    low = _signed(row["diff_ci_low"] * scale, digits).lstrip("+")
    high = _signed(row["diff_ci_high"] * scale, digits).lstrip("+")
    return (f"{_signed(row['diff'] * scale, digits)} {unit} (95%-interval {low} tot {high})")


def _trend_rows(table: object) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Return the current and earlier rows of a published between-wave table."""
    data = getattr(table, "data", None)
    if data is None or "diff" not in data:
        return None
    data = data.copy()
    for column in ("diff", "diff_ci_low", "diff_ci_high", "p", "p_adj", "wave_b", "estimate"):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    current = data[data["diff"].notna()]
    return current, data[data["diff"].isna()]


def _trend_parts(table: object) -> str | tuple[pd.DataFrame, dict]:
    """Return the current wave's rows and earlier estimates by cell, or the text to show."""
    rows = _trend_rows(table)
    if rows is None:
        return str(getattr(table, "text", FIRST_WAVE_TEXT))
    current, earlier = rows
    if current.empty:
        return NOTHING_SHOWN
    before = {(r.indicator, r.breakdown, r.group): r.estimate
              for r in earlier.itertuples(index=False)}
    return current, before


def trend_sentences(table: object, mean: bool = False) -> str:
    """Describe the change since the previous wave of every item of a between-wave table.

    Parameters
    ----------
    table : PublishedTable or Note
        A published between-wave table (``tables.trend_frame``); a Note when the wave has
        none (its text is returned).
    mean : bool, default False
        The items are means (points) rather than shares (percentage points).

    Returns
    -------
    str
        Markdown: one line per item, with both values, the difference, its 95% interval and
        the verdict (:func:`trend_verdict`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> d = pd.DataFrame({"wave": [2024, 2026], "indicator": "discriminatie ervaren",
    ...     "breakdown": "Totaal", "group": "Totaal", "estimate": [0.142, 0.127],
    ...     "diff": [None, -0.015], "diff_ci_low": [None, -0.027],
    ...     "diff_ci_high": [None, -0.003], "p": [None, 0.01], "p_adj": [None, 0.03],
    ...     "wave_b": [None, 2024], "verdict": [None, "significante daling"]})
    >>> print(trend_sentences(SimpleNamespace(data=d)))  # doctest: +NORMALIZE_WHITESPACE
    - discriminatie ervaren: van 14% (2024) naar 13% (2026), −1,5 procentpunt (95%-interval
      −2,7 tot −0,3): een significante daling.
    """
    parts = _trend_parts(table)
    if isinstance(parts, str):
        return parts
    current, before = parts
    lines = []
    for _, row in current.iterrows():
        old = before.get((row["indicator"], row["breakdown"], row["group"]))
        verdict = str(row["verdict"])
        article = "een " if verdict.startswith("significante") else ""
        lines.append(
            f"- {row['indicator']}: van {_value(old, mean)} ({int(row['wave_b'])}) naar "
            f"{_value(row['estimate'], mean)} ({int(row['wave'])}), {_change(row, mean)}: "
            f"{article}{verdict}.")
    return "\n".join(lines)


def trend_summary(table: object, what: str, mean: bool = False) -> str:
    """One paragraph on a between-wave table with many items or groups.

    Names the items (or groups) that changed significantly, with both values and the
    difference, and those that would have without the correction for multiple testing; the
    rest is summed up in one clause.

    Parameters
    ----------
    table : PublishedTable or Note
        A published between-wave table; a Note when the wave has none (its text is returned).
    what : str
        Dutch plural of what the rows are (``"gronden"``, ``"groepen"``).
    mean : bool, default False
        Means rather than shares.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> d = pd.DataFrame({"wave": [2024, 2026, 2024, 2026], "indicator": "x",
    ...     "breakdown": "Gender", "group": ["man", "man", "vrouw", "vrouw"],
    ...     "estimate": [0.5, 0.45, 0.5, 0.5], "diff": [None, -0.05, None, 0.0],
    ...     "diff_ci_low": [None, -0.08, None, -0.02], "diff_ci_high": [None, -0.02, None, 0.02],
    ...     "p": [None, 0.001, None, 0.9], "p_adj": [None, 0.002, None, 0.9],
    ...     "wave_b": [None, 2024, None, 2024],
    ...     "verdict": [None, "significante daling", None, "geen significante verandering"]})
    >>> print(trend_summary(SimpleNamespace(data=d), "groepen"))  # doctest: +NORMALIZE_WHITESPACE
    X: van de 2 groepen veranderde 1 significant sinds 2024: man (Gender) van 50% naar 45%,
    −5,0 procentpunt (95%-interval −8,0 tot −2,0). Bij de andere is geen significante
    verandering gevonden.
    """
    parts = _trend_parts(table)
    if isinstance(parts, str):
        return parts
    current, before = parts
    previous = int(current["wave_b"].iloc[0])

    def name(row: pd.Series) -> str:
        if row["group"] == "Totaal":
            return str(row["indicator"])
        if row["breakdown"] == "Totaal":
            return str(row["group"])
        return f"{row['group']} ({row['breakdown']})"

    significant = current[current["verdict"].isin([SIGNIFICANT_UP, SIGNIFICANT_DOWN])]
    corrected = current[current["verdict"] == NOT_AFTER_CORRECTION]
    total = len(current)
    if significant.empty:
        text = (f"Geen van de {total} {what} veranderde statistisch significant sinds "
                f"{previous}.")
    else:
        listed = "; ".join(
            f"{name(r)} van {_value(before[(r['indicator'], r['breakdown'], r['group'])], mean)}"
            f" naar {_value(r['estimate'], mean)}, {_change(r, mean)}"
            for _, r in significant.iterrows())
        text = (f"Van de {total} {what} veranderde {len(significant)} significant sinds "
                f"{previous}: {listed}.")
    if not corrected.empty:
        names = [name(r) for _, r in corrected.iterrows()]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
        text += (f" De verandering bij {joined} is {NOT_AFTER_CORRECTION}: los getoetst "
                 "zou die wel significant zijn, maar bij zoveel vergelijkingen tegelijk is een "
                 "enkele toevalstreffer te verwachten.")
    subjects = set(current["indicator"])
    if len(subjects) == 1 and not (current["group"] == "Totaal").all():
        subject = str(next(iter(subjects)))
        text = f"{subject[:1].upper() + subject[1:]}: {text[:1].lower() + text[1:]}"
    rest = total - len(significant) - len(corrected)
    if not significant.empty and rest:
        text += (f" Bij de andere {rest if rest > 1 else ''}".rstrip()
                 + " is geen significante verandering gevonden.")
    return text


def families_text(estimation: Any, labels: dict[str, str]) -> str:
    """Dutch methods sentence on the test families (``estimation`` of params.yaml).

    Examples
    --------
    >>> est = {"confirmatory": {"indicators": ["a", "b"], "method": "holm"},
    ...        "multiple_testing": "fdr_bh", "test_family": "table", "alpha": 0.05}
    >>> print(families_text(est, {"a": "x", "b": "y"}))  # doctest: +NORMALIZE_WHITESPACE
    Een verandering heet significant als de p-waarde na correctie voor meervoudig toetsen
    kleiner is dan 0,05. De verandering van de kerncijfers in het totaal (x en y) is de
    hoofdvraag: die 2 toetsen vormen samen één familie, gecorrigeerd met de methode van Holm
    (de kans op één of meer onterechte conclusies blijft onder 5%). Alle andere vergelijkingen
    (de overige vragen en elke uitsplitsing naar groep) zijn verkennend: die zijn gecorrigeerd
    met de methode van Benjamini en Hochberg (van de gevonden verschillen is naar verwachting
    hooguit 5% toeval), per tabel (een groep samenhangende vragen in één uitsplitsing).
    """
    confirmatory = estimation.get("confirmatory") or {}
    names = [labels.get(i, i) for i in confirmatory.get("indicators", [])]
    alpha = float(estimation.get("alpha", 0.05))
    level = f"{alpha:g}".replace(".", ",")
    share = f"{alpha * 100:g}".replace(".", ",") + "%"
    method = str(estimation.get("multiple_testing", "fdr_bh"))
    family = str(estimation.get("test_family", "table"))
    guarantee = {"fdr_bh": f" (van de gevonden verschillen is naar verwachting hooguit {share} "
                           "toeval)",
                 "holm": f" (de kans op één of meer onterechte conclusies blijft onder {share})",
                 "bonferroni": f" (de kans op één of meer onterechte conclusies blijft onder "
                               f"{share})"}
    text = (f"Een verandering heet significant als de p-waarde na correctie voor meervoudig "
            f"toetsen kleiner is dan {level}.")
    if names:
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
        c_method = str(confirmatory.get("method", "holm"))
        text += (f" De verandering van de kerncijfers in het totaal ({joined}) is de hoofdvraag: "
                 f"die {len(names)} toetsen vormen samen één familie, gecorrigeerd met "
                 f"{METHOD_NAMES.get(c_method, c_method)}{guarantee.get(c_method, '')}.")
    text += (" Alle andere vergelijkingen (de overige vragen en elke uitsplitsing naar groep) "
             f"zijn verkennend: die zijn gecorrigeerd met {METHOD_NAMES.get(method, method)}"
             f"{guarantee.get(method, '')}, {FAMILY_NAMES.get(family, family)}.")
    return text


def reliability_sentence(reliability: dict | None, fmt: Any = count) -> str:
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
            + f" ({interval}{fmt(reliability['n'])} respondenten die alle stellingen "
            "beantwoordden).")
