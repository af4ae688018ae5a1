"""What a report notebook needs for one wave, loaded in one call.

A notebook does ``report = WaveReport.load(wave, study, report="prevalentie")`` and then only
asks it for published tables (by name, from the wave's publication ledger), figures and
sentences. It gates nothing itself: the publication stage planned every table of every section
together (:mod:`pipeline.report.tables`, :mod:`pipeline.disclosure.ledger`). Labels are Dutch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown

from pipeline.analysis.catalogue import BY_NAME
from pipeline.disclosure.ledger import Unavailable as LedgerUnavailable
from pipeline.disclosure.ledger import WaveLedger, read_wave_ledger
from pipeline.disclosure.published import PublishedTable
from pipeline.disclosure.text import describe_counts, describe_rules
from pipeline.report.availability import Note, Unavailable
from pipeline.report.figures import Figure, bar_figure
from pipeline.report.formats import count
from pipeline.report.wavedata import TWO_WAY_SEP, WaveData, label_breakdown, relabel

__all__ = ["TWO_WAY_SEP", "Note", "WaveReport", "label_breakdown", "relabel",
           "weighting_method_text"]


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} en {words[-1]}"


def weighting_method_text(w: dict[str, Any], wave: int, order: Sequence[str] = (),
                          mapping_file: str | None = None) -> str:
    """Dutch methods text on the weighting, from the weighting report (``weighting_<wave>.json``).

    States the margins actually used, those left out, the HR peildatum, and the distance
    between peildatum and fieldwork when it exceeds ``weighting.max_peildatum_gap_days``.

    Parameters
    ----------
    w : dict
        The weighting report.
    wave : int
        Survey year.
    order : sequence of str
        ``weighting.margins``, only to list the margins in their usual order.
    mapping_file : str, optional
        The wave's mapping file, named where the fieldwork dates would go.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> w = {"respondents_in_estimates": 900, "population": 2000, "iterations": 5,
    ...      "max_margin_diff": 1e-7, "deff": 1.2, "n_eff": 750, "replicates": 200,
    ...      "margins_used": ["age_band", "gender_hr"], "margins_missing": ["cluster"],
    ...      "peildatum": "2025-12-31", "fieldwork": ["2026-09-14", "2026-10-25"],
    ...      "peildatum_gap_days": 257, "max_peildatum_gap_days": 183,
    ...      "peildatum_gap_too_large": True}
    >>> text = weighting_method_text(w, 2026, ["cluster", "age_band", "gender"])
    >>> "op peildatum 31 december 2025 (2.000 medewerkers), op leeftijd en gender" in text
    True
    >>> paragraphs = [line for line in text.splitlines() if line]
    >>> print(paragraphs[1])  # doctest: +NORMALIZE_WHITESPACE
    Niet gewogen op cluster: die gegevens ontbreken in deze meting (zo ingesteld in
    params.yaml, weighting.allow_missing_margins).
    >>> print(paragraphs[2])  # doctest: +NORMALIZE_WHITESPACE
    Let op: de peildatum van de personeelsregistratie (31 december 2025) ligt 257 dagen buiten
    de veldwerkperiode (14 september 2026 tot en met 25 oktober 2026), meer dan 183 dagen; de
    gewogen cijfers kunnen daardoor afwijken van het personeel tijdens het veldwerk.
    """
    import datetime as dt

    from pipeline.analysis.design import MARGIN_COLUMN
    from pipeline.analysis.response import UNIT_LABELS
    from pipeline.report.provenance import dutch_date

    def day(iso: str) -> str:
        return dutch_date(dt.date.fromisoformat(iso))

    used = list(w.get("margins_used", []))
    rank = {MARGIN_COLUMN.get(m, m): i for i, m in enumerate(order)}
    used.sort(key=lambda m: (rank.get(m, len(rank)), m))
    margins = _and([UNIT_LABELS.get(m, m) for m in used]) if used else "geen kenmerken"
    when = f"op peildatum {day(w['peildatum'])}" if w.get("peildatum") else "op de peildatum"
    deff = f"{w['deff']:.2f}".replace(".", ",")
    parts = [
        f"De {count(w['respondents_in_estimates'])} volledig ingevulde vragenlijsten zijn "
        f"gewogen naar de personeelsregistratie {when} ({count(w['population'])} "
        f"medewerkers), op {margins} (raking, {w['iterations']} iteraties, grootste "
        f"resterende afwijking {w['max_margin_diff']:.1e}). Het design-effect van de gewichten "
        f"is {deff} (effectieve steekproefomvang {count(w['n_eff'])}). "
        f"Betrouwbaarheidsintervallen (95%) komen uit {w['replicates']} bootstrap-replicaten "
        "waarin de weging telkens opnieuw is uitgevoerd; bij kleine groepen of percentages "
        "dicht bij 0% of 100% is het Korn-Graubard-interval gebruikt."
    ]
    missing = list(w.get("margins_missing", []))
    if missing:
        parts.append(f"Niet gewogen op {_and([UNIT_LABELS.get(m, m) for m in missing])}: die "
                     "gegevens ontbreken in deze meting (zo ingesteld in params.yaml, "
                     "weighting.allow_missing_margins).")
    fieldwork = w.get("fieldwork")
    if w.get("peildatum_gap_too_large") and fieldwork:
        parts.append(
            f"Let op: de peildatum van de personeelsregistratie ({day(w['peildatum'])}) ligt "
            f"{w['peildatum_gap_days']} dagen buiten de veldwerkperiode ({day(fieldwork[0])} "
            f"tot en met {day(fieldwork[1])}), meer dan {w['max_peildatum_gap_days']} dagen; "
            "de gewogen cijfers kunnen daardoor afwijken van het personeel tijdens het veldwerk.")
    elif fieldwork:
        parts.append(f"Het veldwerk liep van {day(fieldwork[0])} tot en met {day(fieldwork[1])}.")
    elif "fieldwork" in w:
        parts.append(f"De veldwerkperiode is niet opgegeven (fieldwork in "
                     f"{mapping_file or 'het mappingbestand van ' + str(wave)}); de afstand "
                     "tussen peildatum en veldwerk is "
                     "daarom niet gecontroleerd.")
    return "\n\n".join(parts)


@dataclass
class WaveReport:
    """One section of one wave's report: its published tables and the facts of its text.

    Every table comes from the wave's publication ledger (``publication_<wave>.json``), which
    the publication stage planned for all sections and waves together; a notebook only asks
    for tables by name. Narrative facts (weighting, trends, data quality) come from the
    processed files the report stage declares.

    Attributes
    ----------
    data : WaveData
        The wave's estimates and facts.
    ledger : WaveLedger
        The wave's published tables.
    section : str
        The section this notebook renders.
    """

    data: WaveData
    ledger: WaveLedger
    section: str

    @classmethod
    def load(cls, wave: int, study: str, report: str = "rapport",
             root: Path | None = None) -> WaveReport:
        """Load a wave's facts and its publication ledger for one report section."""
        data = WaveData.load(wave, study, stage="report", root=root)
        ledger = read_wave_ledger(data.declared("publication"))
        return cls(data=data, ledger=ledger, section=report)

    @property
    def wave(self) -> int:
        """Survey year."""
        return self.data.wave

    @property
    def study(self) -> str:
        """``herhaal`` or ``monitor``."""
        return self.data.study

    @property
    def params(self) -> Any:
        """The report stage's parameters."""
        return self.data.params

    @property
    def weighting(self) -> dict[str, Any]:
        """The wave's weighting report."""
        return self.data.weighting

    @property
    def estimates(self) -> pd.DataFrame:
        """The wave's tidy estimate table (sensitive: for availability checks only)."""
        return self.data.estimates

    @property
    def paths(self) -> Any:
        """The source's paths."""
        return self.data.paths

    @property
    def source(self) -> str:
        """The data source (``data.source``: folder under ``data/raw/``)."""
        return self.data.source

    @property
    def not_asked(self) -> list[str]:
        """Catalogue indicators this wave's questionnaire did not ask."""
        return self.data.not_asked

    def asked(self, indicators: Sequence[str]) -> list[str]:
        """Return the indicators of this list that the wave asked (and so were estimated)."""
        return self.data.asked(indicators)

    def has(self, name: str) -> bool:
        """Whether the plan holds a table (or its note) of this name for the wave."""
        return name in self.ledger.entries or name in self.ledger.unavailable

    def table(self, name: str) -> PublishedTable | Note:
        """Return the published table ``name`` of the plan, or the note the wave shows instead.

        Raises
        ------
        KeyError
            If the plan has no such table (see :meth:`has` for tables a wave may lack).
        """
        found = self.ledger.table(name)
        if isinstance(found, LedgerUnavailable):
            if found.label:
                return Unavailable(found.text, found.label)
            return Note(found.text)
        return found

    def figure(self, name: str) -> Figure | Note:
        """Return the bar chart (with its table) of a planned table that has a figure."""
        table = self.table(name)
        if not isinstance(table, PublishedTable):
            return table
        entry = self.ledger.entries[name]
        if entry.figure is None:
            raise KeyError(f"table {name!r} has no figure in the publication plan")
        return bar_figure(table, entry.figure, label_column=entry.label_column)

    def trend_text(self, indicators: Sequence[str], breakdown: str = "totaal") -> str:
        """Dutch sentences on the change since the previous wave (trends stage)."""
        from pipeline.report.narrative import trend_sentences

        trends = self.data.processed("trends")
        rows = trends[(trends["wave"] == self.wave) & trends["indicator"].isin(indicators)
                      & (trends["breakdown"] == breakdown)] if len(trends) else trends
        labels = {i: BY_NAME[i].label for i in indicators}
        if rows.empty:
            return trend_sentences(rows, labels)
        alpha = float(self.params["estimation"].get("alpha", 0.05))
        order = {k: i for i, k in enumerate(indicators)}
        rows = rows.assign(_o=rows["indicator"].map(order)).sort_values("_o")
        return trend_sentences(rows, labels, alpha)

    def not_asked_note(self, indicators: Sequence[str]) -> Markdown | None:
        """Return a Dutch note on indicators this wave did not ask (None if all were asked)."""
        missing = [BY_NAME[i].label for i in indicators if i in self.not_asked]
        if not missing:
            return None
        return Markdown("*Niet gevraagd in deze meting:* " + "; ".join(missing) + ".")

    def disclosure_text(self) -> str:
        """Dutch paragraph: the disclosure rules and how many cells they hid in this section."""
        rules = self.ledger.rules
        return (f"{describe_rules(rules)} {describe_counts(self.ledger.summary(self.section))} "
                f"{plan_sentence(self.ledger)}")

    def methods(self) -> Markdown:
        """Methods paragraph: weighting and the disclosure rules with their counts.

        The margins, the peildatum and its distance to the fieldwork come from the weighting
        report of the estimates stage (:func:`weighting_method_text`), not from params.
        """
        order = list((self.params.get("weighting") or {}).get("margins", []))
        mapping_file = self.paths.mapping(self.wave).relative_to(self.paths.root).as_posix()
        text = weighting_method_text(self.weighting, self.wave, order, mapping_file)
        return Markdown(text + "\n\n" + self.disclosure_text())

    def processed(self, name: str) -> pd.DataFrame:
        """Read a processed table of the contract (``barometer``, ``hr_flows``, ...)."""
        return self.data.processed(name)

    def facts(self, kind: str, per_wave: bool = True) -> dict[str, Any]:
        """Read a JSON fact file of the contract (``ledger_survey``, ``dq_hr``, ...).

        ``per_wave`` is kept for older notebooks: the contract knows which files are per wave.
        """
        return self.data.facts(kind)

    def show(self, obj: PublishedTable | Figure | Note | None) -> HTML:
        """Display a published table, figure or note in the notebook."""
        if obj is None:
            return HTML("")
        return HTML(obj.html if isinstance(obj, Figure) else obj.to_html())


def plan_sentence(ledger: WaveLedger) -> str:
    """Dutch sentence: all sections of the wave were checked together.

    Examples
    --------
    >>> from pipeline.disclosure import DisclosureRules
    >>> from pipeline.disclosure.ledger import WaveLedger
    >>> empty = WaveLedger(2024, DisclosureRules(), {}, {}, frozenset(), frozenset())
    >>> plan_sentence(empty)[:57]
    'Alle 0 tabellen van deze meting zijn samen gecontroleerd,'
    """
    count = len(ledger.entries)
    return (f"Alle {count} tabellen van deze meting zijn samen gecontroleerd, met die van de "
            "andere metingen: een groep die in één tabel verborgen is, is dat in elke tabel over "
            "dezelfde groep respondenten, in alle onderdelen, en geen verborgen aantal is uit de "
            "tabellen samen terug te rekenen, ook niet met de afgeronde aantallen, de aantallen "
            "die de percentages prijsgeven, cellen die per definitie nul zijn en de samenhang "
            "tussen personeelsaantallen en in-, door- en uitstroom.")
