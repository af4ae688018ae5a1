"""Response, weighting and data-quality facts of a wave, as tidy tables and Dutch sentences.

Inputs are the JSON facts the cleaning and estimates stages write (``weighting_<wave>.json``,
``ledger_survey_<wave>.json``, ``dq_survey_<wave>.json``); they hold counts, never personal
values. Tables come out in the tidy estimate format so that the disclosure gate can check them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from pipeline.report.formats import count, pct

HR_GENDER_LABELS = {"M": "man", "V": "vrouw", "X": "non-binair of anders"}
QUARANTINE_REASONS = {
    "duplicate_id": "dubbele respondent",
    "impossible_date": "onmogelijke datum",
    "out_of_range": "code buiten bereik",
}
MARGIN_VARIABLE = {"gender_hr": "gender"}
"""Survey variable whose category order a weighting margin follows."""
UNIT_LABELS = {"cluster": "cluster", "schaal_band": "salarisschaal", "age_band": "leeftijd",
               "gender": "gender (registratie)", "gender_hr": "gender (registratie)",
               "herkomst": "herkomst (CBS)"}


def reading_order(rows: pd.DataFrame, variable: str, column: str) -> pd.DataFrame:
    """Sort the categories of a variable in its reading order, the total last.

    The order is the variable's (:data:`~pipeline.analysis.catalogue.CATEGORY_ORDER`: salary
    scale and age from low to high); a variable without one (clusters) is sorted by name, as
    the estimate tables are. Never by count.

    Examples
    --------
    >>> rows = pd.DataFrame({"unit": ["35-44", "totaal", "<25", "55+"]})
    >>> reading_order(rows, "age_band", "unit")["unit"].tolist()
    ['<25', '35-44', '55+', 'totaal']
    >>> reading_order(pd.DataFrame({"c": ["55+", "<25+25-34"]}), "age_band", "c")["c"].tolist()
    ['<25+25-34', '55+']
    """
    from pipeline.analysis.catalogue import CATEGORY_ORDER

    order = CATEGORY_ORDER.get(MARGIN_VARIABLE.get(variable, variable), ())
    names = rows[column].astype(str)
    labels = names.map(lambda g: HR_GENDER_LABELS.get(g, g)) if variable in (
        "gender", "gender_hr") else names


    def rank(label: str) -> int:
        if label in order:
            return order.index(label)
        # a merged category ("<25+25-34") sits where its first part does
        starts = [i for i, o in enumerate(order) if label.startswith(o)]
        return max(starts, key=lambda i: len(order[i])) if starts else len(order)

    key = [(g == "totaal", rank(lab), g) for g, lab in zip(names, labels, strict=True)]
    ranks = sorted(range(len(rows)), key=lambda i: key[i])
    return rows.iloc[ranks].reset_index(drop=True)


def response_table(weighting: dict[str, Any], unit: str, wave: int) -> pd.DataFrame:
    """Response rate per unit, as a tidy table (``indicator`` = ``respons``).

    Parameters
    ----------
    weighting : dict
        The wave's weighting report.
    unit : str
        ``cluster``, ``schaal_band``, ``age_band`` or ``gender``.
    wave : int
        Survey year.

    Returns
    -------
    pandas.DataFrame
        Tidy rows: ``estimate`` is the response rate, ``n`` the respondents, ``n_population``
        the register count; a final ``totaal`` row.

    Examples
    --------
    >>> w = {"response": {"gender": [
    ...     {"unit": "V", "n_respondents": 30, "n_population": 100, "response_rate": 0.3},
    ...     {"unit": "totaal", "n_respondents": 30, "n_population": 100, "response_rate": 0.3}]}}
    >>> response_table(w, "gender", 2026)[["breakdown", "group", "n"]].values.tolist()
    [['gender', 'vrouw', 30], ['totaal', 'totaal', 30]]
    """
    rows = reading_order(pd.DataFrame(weighting["response"][unit]), unit, "unit")
    groups = rows["unit"].astype(str)
    if unit == "gender":
        groups = groups.map(lambda g: HR_GENDER_LABELS.get(g, g))
    return pd.DataFrame({
        "wave": wave, "indicator": "respons",
        # the register's total is the table's total row (the gate's "totaal" breakdown), so
        # the disclosure gate knows the groups add up to it
        "breakdown": rows["unit"].astype(str).map(lambda u: "totaal" if u == "totaal" else unit),
        "group": groups,
        "estimate": rows["response_rate"].astype(float), "se": float("nan"),
        "ci_low": float("nan"), "ci_high": float("nan"), "ci_method": "",
        "n": rows["n_respondents"].astype(int), "n_pos": rows["n_respondents"].astype(int),
        "n_population": rows["n_population"].astype(int), "flags": "",
    })


def margin_shares(weighting: dict[str, Any], margin: str, wave: int) -> pd.DataFrame:
    """Tabulate population, unweighted and weighted shares per category of one margin.

    Returns a tidy table with three indicators (``aandeel register``, ``aandeel respondenten``,
    ``aandeel gewogen``) so the reader sees what the weighting corrects. Each indicator is a
    distribution (``measure`` = ``distribution``): its shares add to 100%, ``n_pos`` is the
    count of the category in its own source (register count, respondents, weighted count
    rounded to whole persons, halves up) and ``n`` the respondents in the category. The
    disclosure gate hides a share whose part is below the threshold, and then a second one.

    Examples
    --------
    >>> w = {"margins": [
    ...     {"margin": "g", "category": "a", "population": 60, "weighted": 60.2,
    ...      "respondents": 10},
    ...     {"margin": "g", "category": "b", "population": 40, "weighted": 39.8,
    ...      "respondents": 30}]}
    >>> t = margin_shares(w, "g", 2024)
    >>> t.query("group == 'a'")[["estimate", "n", "n_pos", "measure"]].round(3).values.tolist()
    [[0.6, 10, 60, 'distribution'], [0.25, 10, 10, 'distribution'], [0.602, 10, 60, 'distribution']]
    """
    rows = reading_order(pd.DataFrame(weighting["margins"]).query("margin == @margin"), margin,
                         "category")
    out = []
    for label, column in (("aandeel register", "population"),
                          ("aandeel respondenten", "respondents"),
                          ("aandeel gewogen", "weighted")):
        share = rows[column] / rows[column].sum()
        out.append(pd.DataFrame({
            "wave": wave, "indicator": label, "breakdown": margin,
            "group": rows["category"].astype(str).map(lambda g: HR_GENDER_LABELS.get(g, g)),
            "estimate": share.to_numpy(), "ci_low": float("nan"), "ci_high": float("nan"),
            "n": rows["respondents"].astype(int).to_numpy(),
            "n_pos": np.floor(rows[column].astype(float) + 0.5).astype(int).to_numpy(),
            "measure": "distribution",
        }))
    return pd.concat(out, ignore_index=True)


def item_nonresponse_table(quality: dict[str, Any], wave: int, labels: dict[str, str],
                           top: int = 15) -> pd.DataFrame:
    """Share of respondents without an answer, for the items missing most often.

    Parameters
    ----------
    quality : dict
        ``dq_survey_<wave>.json``.
    wave : int
        Survey year.
    labels : dict
        Variable -> Dutch label (unlisted variables keep their name).
    top : int, default 15
        How many items to show.

    Returns
    -------
    pandas.DataFrame
        Tidy rows (``indicator`` = ``geen antwoord``, ``breakdown`` = ``vraag``): ``n`` is
        who was asked the question (a filter question: only those its filter routed to it),
        ``n_pos`` who left it open.
    """
    items = pd.DataFrame(quality["item_nonresponse"]).T
    items = items[items["n"] > 0].astype({"n": int, "n_missing": int, "share_missing": float})
    # ties (the grounds of one filter) keep the questionnaire's order
    items = items.sort_values("share_missing", ascending=False, kind="stable").head(top)
    return pd.DataFrame({
        "wave": wave, "indicator": "geen antwoord", "breakdown": "vraag",
        "group": [labels.get(v, v) for v in items.index],
        "estimate": items["share_missing"].to_numpy(), "ci_low": float("nan"),
        "ci_high": float("nan"), "n": items["n"].to_numpy(),
        "n_pos": items["n_missing"].to_numpy(),
    })


def ledger_sentences(ledger: dict[str, Any]) -> str:
    """Describe what happened to the rows of one input file, in Dutch.

    Examples
    --------
    >>> print(ledger_sentences(  # doctest: +NORMALIZE_WHITESPACE
    ...     {"input": "s.sav", "rows_read": 6832, "kept": 6829,
    ...      "quarantined": {"duplicate_id": 3}, "balanced": True}))
    Uit s.sav zijn 6.832 rijen gelezen; 3 daarvan zijn apart gezet (3 dubbele respondent), de
    rest is gebruikt. De telling sluit.

    The rows kept are not stated: they are the respondents, whom the tables count rounded
    (a text number that differs from the tables by one would contradict them).
    """
    quarantined = ledger.get("quarantined", {})
    n_q = sum(quarantined.values())
    text = f"Uit {ledger['input']} zijn {count(ledger['rows_read'])} rijen gelezen"
    if n_q:
        reasons = ", ".join(f"{count(v)} {QUARANTINE_REASONS.get(k, k)}"
                            for k, v in quarantined.items())
        text += f"; {count(n_q)} daarvan zijn apart gezet ({reasons}), de rest is gebruikt"
    else:
        text += " en alle rijen zijn gebruikt"
    text += ". De telling sluit." if ledger.get("balanced") else ". De telling sluit NIET."
    return text


def register_ledger_sentences(quality: dict[str, Any], year: int) -> str:
    """Describe the HR snapshots up to ``year`` as Dutch ledger lines (one per file).

    Examples
    --------
    >>> q = {"inputs": [{"input": "hr_2024-12-31.csv", "rows_read": 10, "kept": 10,
    ...                  "quarantined": {}, "balanced": True},
    ...                 {"input": "hr_2025-12-31.csv", "rows_read": 9, "kept": 9,
    ...                  "quarantined": {}, "balanced": True}]}
    >>> print(register_ledger_sentences(q, 2024))
    - Uit hr_2024-12-31.csv zijn 10 rijen gelezen en alle rijen zijn gebruikt. De telling sluit.
    """
    lines = [f"- {ledger_sentences(ledger)}" for ledger in quality.get("inputs", [])
             if any(str(y) in ledger["input"] for y in range(1900, year + 1))]
    return "\n".join(lines)


def weighting_sentences(weighting: dict[str, Any], fmt: Callable[[float], str] = count) -> str:
    """Describe the weighting in Dutch: response, design effect, convergence, treatments.

    ``fmt`` formats counts of persons; a report passes ``WaveReport.count``, which rounds them
    as its tables do, so a base has the same n in the text as in every table.

    Examples
    --------
    >>> w = {"respondents_total": 6829, "respondents_in_estimates": 6370, "population": 21998,
    ...      "deff": 1.07, "n_eff": 5953.2, "iterations": 6, "converged": True,
    ...      "max_margin_diff": 1e-7, "trimming_rounds": 0, "collapsed": [],
    ...      "n_missing_margin": 412, "missing_margin": "cell_average"}
    >>> "31%" in weighting_sentences(w) and "1,07" in weighting_sentences(w)
    True
    >>> "begrensde raking" in weighting_sentences({**w, "trimming_rounds": 4,
    ...                                            "trim_method": "bounded"})
    True
    """
    rate = weighting["respondents_total"] / weighting["population"]
    parts = [
        f"Van de {fmt(weighting['population'])} medewerkers op de peildatum vulden "
        f"{fmt(weighting['respondents_total'])} de vragenlijst (deels) in: een respons van "
        f"{pct(rate)}. Voor de cijfers tellen de {fmt(weighting['respondents_in_estimates'])} "
        "volledig ingevulde vragenlijsten.",
        f"De weging kwam na {weighting['iterations']} iteraties tot rust "
        + ("(geconvergeerd)" if weighting["converged"] else "(NIET geconvergeerd)") + "; "
        f"het design-effect is {weighting['deff']:.2f}".replace(".", ",")
        + f", de effectieve steekproefomvang {fmt(weighting['n_eff'])}.",
    ]
    if weighting.get("trimming_rounds"):
        if weighting.get("trim_method") == "bounded":
            parts.append("Extreme gewichten zijn begrensd (begrensde raking).")
        else:
            parts.append(f"Extreme gewichten zijn afgetopt in {weighting['trimming_rounds']} "
                         "ronden.")
    if weighting.get("collapsed"):
        parts.append(f"{len(weighting['collapsed'])} categorie(ën) zonder (genoeg) respondenten "
                     "zijn samengevoegd met een naburige categorie.")
    treatment = ("kregen het gemiddelde gewicht van vergelijkbare respondenten"
                 if weighting.get("missing_margin") == "cell_average"
                 else "kregen een ingevulde waarde")
    parts.append(f"{fmt(weighting['n_missing_margin'])} respondenten lieten een wegingskenmerk "
                 f"open en {treatment}.")
    return " ".join(parts)


def quality_notes(quality: dict[str, Any], labels: dict[str, str]) -> str:
    """Write Dutch notes on unmapped columns, items not asked and items not comparable.

    Examples
    --------
    >>> notes = quality_notes({"unmapped_columns": ["X1"], "not_asked": ["witness_ub"],
    ...                        "not_comparable": {"ub_pesten": "nieuwe vraagtekst"}},
    ...                       {"witness_ub": "ongewenst gedrag gezien", "ub_pesten": "pesten"})
    >>> for note in notes.split(chr(10) * 2):
    ...     print(note)
    Kolommen in het bestand zonder koppeling (niet gebruikt): X1.
    Niet gevraagd in deze meting: ongewenst gedrag gezien.
    Niet vergelijkbaar met eerdere metingen: pesten (nieuwe vraagtekst).
    """
    notes = []
    unmapped = quality.get("unmapped_columns") or []
    notes.append("Kolommen in het bestand zonder koppeling (niet gebruikt): "
                 + (", ".join(unmapped) if unmapped else "geen") + ".")
    asked = quality.get("not_asked") or []
    if asked:
        notes.append("Niet gevraagd in deze meting: "
                     + ", ".join(labels.get(v, v) for v in asked) + ".")
    comparable = quality.get("not_comparable") or {}
    if comparable:
        notes.append("Niet vergelijkbaar met eerdere metingen: " + ", ".join(
            f"{labels.get(v, v)} ({why})" for v, why in comparable.items()) + ".")
    return "\n\n".join(notes)
