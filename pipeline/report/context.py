"""What a report notebook needs for one wave, loaded in one call.

A notebook does ``report = WaveReport.load(wave, study, report="prevalentie")`` and then only
asks it for published tables (by name, from the wave's publication ledger), figures and
sentences. It gates nothing itself: the publication stage planned every table of every section
together (:mod:`pipeline.report.tables`, :mod:`pipeline.disclosure.ledger`). Labels are Dutch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown

from pipeline.analysis.catalogue import BY_NAME
from pipeline.disclosure.ledger import Unavailable as LedgerUnavailable
from pipeline.disclosure.ledger import WaveLedger, read_wave_ledger
from pipeline.disclosure.published import PublishedTable
from pipeline.disclosure.rounding import format_count, round_count
from pipeline.disclosure.text import describe_counts, describe_rules
from pipeline.report.availability import Note, Unavailable
from pipeline.report.figures import Figure, bar_figure
from pipeline.report.formats import count
from pipeline.report.wavedata import TWO_WAY_SEP, WaveData, label_breakdown, relabel

__all__ = ["TWO_WAY_SEP", "Note", "WaveReport", "label_breakdown", "relabel",
           "weighting_method_text"]


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} en {words[-1]}"


CALIBRATION_PHRASE = {
    "raking": "raking",
    "logistic": "logistische kalibratie, met als gewicht één gedeeld door een responskans die "
                "logistisch van deze kenmerken afhangt,",
}


def margin_difference(value: float) -> str:
    """Dutch phrase for the largest relative margin difference after raking, never in e-notation.

    Examples
    --------
    >>> margin_difference(1.6e-07), margin_difference(0.0023), margin_difference(0.0)
    ('minder dan 0,0001%', '0,23%', '0%')
    """
    share = abs(float(value)) * 100
    if share == 0:
        return "0%"
    if share < 0.0001:
        return "minder dan 0,0001%"
    return f"{share:.2g}".replace(".", ",") + "%"


def weighting_method_text(w: dict[str, Any], wave: int, order: Sequence[str] = (),
                          mapping_file: str | None = None,
                          fmt: Callable[[float], str] = count) -> str:
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
    fmt : callable, default :func:`~pipeline.report.formats.count`
        Formats counts of persons; a report passes :meth:`WaveReport.count`, which rounds
        them as its tables do (the same base gives the same number on every page).

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
    Niet gewogen op cluster: die gegevens ontbreken in deze meting (de instellingen staan
    wegen zonder dit kenmerk in deze meting toe).
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
        f"De {fmt(w['respondents_in_estimates'])} volledig ingevulde vragenlijsten zijn "
        f"gewogen naar de personeelsregistratie {when} ({fmt(w['population'])} "
        f"medewerkers), op {margins} ({CALIBRATION_PHRASE[w.get('calibration', 'raking')]} in "
        f"{w['iterations']} iteraties; daarna wijken de "
        f"gewogen aantallen {margin_difference(w['max_margin_diff'])} af van de registratie). "
        f"Het design-effect van de gewichten is {deff} (effectieve steekproefomvang "
        f"{fmt(w['n_eff'])}). "
        f"Betrouwbaarheidsintervallen (95%) komen uit {w['replicates']} bootstrap-replicaten "
        "waarin de weging telkens opnieuw is uitgevoerd; bij kleine groepen of percentages "
        "dicht bij 0% of 100% is het Korn-Graubard-interval gebruikt."
    ]
    margin = w.get("herkomst_margin") or {}
    if margin.get("used"):
        basis = ("de CBS-aandelen per cluster maal het aantal medewerkers per cluster"
                 if margin.get("basis") == "cluster" else
                 "de CBS-aandelen van de hele organisatie maal het aantal medewerkers")
        parts.append(f"Herkomst is als extra wegingskenmerk gebruikt (instelling "
                     f"weighting.herkomst_margin): de registratie kent geen herkomst, dus komen "
                     f"de totalen per herkomstgroep uit {basis} in de registratie (CBS, 31 "
                     f"december {margin.get('cbs_year')}). Respondenten die een geboorteland "
                     "niet opgaven, zijn behandeld als bij elk ontbrekend wegingskenmerk.")
    missing = list(w.get("margins_missing", []))
    if missing:
        one = len(missing) == 1
        parts.append(f"Niet gewogen op {_and([UNIT_LABELS.get(m, m) for m in missing])}: die "
                     "gegevens ontbreken in deze meting (de instellingen staan wegen zonder "
                     f"{'dit kenmerk' if one else 'deze kenmerken'} in deze meting toe).")
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
        where = f" ({mapping_file})" if mapping_file else ""
        parts.append(f"De veldwerkperiode is niet opgegeven in het koppelbestand van deze "
                     f"meting{where}; de afstand tussen peildatum en veldwerk is daarom niet "
                     "gecontroleerd.")
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

    def count(self, n: float, source: str = "survey") -> str:
        """Format a count of persons as the tables do: rounded by the disclosure rules.

        A sentence that states how many respondents a base has then gives the same number as
        every table of that base (5.830 everywhere, not 5.829 in one place).
        """
        rules = self.ledger.rules
        return format_count(round_count(float(n), rules.round_count, floor=rules.min_n(source)))

    def published(self, name: str) -> bool:
        """Whether the plan published a table of this name for the wave (not only a note)."""
        return name in self.ledger.entries

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

    @property
    def previous_wave(self) -> int | None:
        """The wave this one is compared with (the trends stage); None in the first wave."""
        trends = self.data.processed("trends")
        if trends.empty or not (trends["wave"] == self.wave).any():
            return None
        return int(trends.loc[trends["wave"] == self.wave, "wave_b"].iloc[0])

    def first_wave_note(self) -> Markdown | None:
        """Say once, in the first wave, that a page has no comparisons; None in later waves.

        A page with several between-wave subsections shows none of them in the first wave
        (:meth:`trend_heading`), so the reader is told here, at the top, instead of under
        every subsection.
        """
        if self.previous_wave is not None:
            return None
        from pipeline.report.tables import FIRST_WAVE

        return Markdown(f"*{FIRST_WAVE} Deze pagina toont daarom nog geen veranderingen.*")

    def trend_heading(self, title: str = "Verandering sinds de vorige meting",
                      level: int = 3) -> Markdown | None:
        """Return the heading of a between-wave subsection; None in the first wave."""
        if self.previous_wave is None:
            return None
        return Markdown(f"{'#' * level} {title}")

    def trend_text(self, name: str, what: str | None = None, mean: bool = False) -> Markdown:
        """Dutch text on the between-wave table ``name``, from its published numbers.

        Parameters
        ----------
        name : str
            A between-wave table of the plan (``trend``, ``trend-gronden``, ...).
        what : str, optional
            Dutch plural of the table's rows for a one-paragraph summary (``"gronden"``);
            None gives one line per item.
        mean : bool, default False
            The items are means (points) rather than shares.
        """
        from pipeline.report.narrative import trend_sentences, trend_summary

        table = self.table(name)
        if not isinstance(table, PublishedTable):
            return Markdown(f"*{table.text}*")
        if what is None:
            return Markdown(trend_sentences(table, mean=mean))
        return Markdown(trend_summary(table, what, mean=mean))

    def planner_text(self) -> Markdown | None:
        """Dutch text on the reporting level per cluster and directie; None without it.

        Written from the published planner tables (a unit is named only where its row is
        shown) and the verdicts of :func:`pipeline.report.tables.reporting_level`.
        """
        from pipeline.analysis import planner
        from pipeline.report.tables import reporting_level

        names = [f"planner-{level}" for level in planner.LEVELS]
        if not self.weighting.get("units") or not all(self.published(n) for n in names):
            return None
        expected, achieved, previous = reporting_level(self.data, self.ledger.rules)
        published = {level: self.table(f"planner-{level}").data for level in planner.LEVELS}
        return Markdown(planner.planner_text(published, expected, achieved, previous,
                                             self.ledger.rules))

    def origin_text(self) -> Markdown | None:
        """Dutch text on herkomst in the survey against the CBS; None without the tables.

        Written from the published tables ``herkomst-enquete-cbs`` and ``herkomst-cbs``
        (:func:`pipeline.analysis.origin.origin_text`): a unit is named only where its row
        is shown.
        """
        from pipeline.analysis.origin import origin_text
        from pipeline.report.tables import ORIGIN_TABLES

        if not all(self.published(n) for n in ORIGIN_TABLES):
            return None
        survey, cbs = (self.table(n).data for n in ORIGIN_TABLES)
        year = int(self.weighting["origin"]["cbs_year"])
        return Markdown(origin_text(survey, cbs, year, self.weighting.get("herkomst_margin")))

    def families_text(self) -> Markdown:
        """Dutch methods text on the test families of the comparisons (params.yaml)."""
        from pipeline.report.narrative import families_text

        labels = {i: BY_NAME[i].label for i in BY_NAME}
        return Markdown(families_text(self.params["estimation"], labels))

    def not_comparable_note(self, indicators: Sequence[str]) -> Markdown | None:
        """Dutch note on items of this list that changed since the previous wave (no trend)."""
        trends = self.data.processed("trends")
        if trends.empty:
            return None
        rows = trends[(trends["wave"] == self.wave) & trends["indicator"].isin(indicators)
                      & trends["flags"].str.contains("not_comparable")]
        if rows.empty:
            return None
        names = [BY_NAME[i].label for i in dict.fromkeys(rows["indicator"])]
        return Markdown(f"*Niet vergelijkbaar met {int(rows['wave_b'].iloc[0])}* (vraag of "
                        f"antwoorden gewijzigd, geen trend): {'; '.join(names)}.")

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
        text = weighting_method_text(self.weighting, self.wave, order, mapping_file,
                                     fmt=self.count)
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
        """Display a published table, figure or note in the notebook.

        A table the gate withheld whole (a crossing of which not every cell reaches the
        threshold) has no rows: it is shown as one Dutch sentence, not as an empty table.
        """
        if obj is None:
            return HTML("")
        if isinstance(obj, PublishedTable) and obj.display_frame.empty:
            return HTML(Note(withheld_sentence(obj)).to_html())
        return HTML(obj.html if isinstance(obj, Figure) else obj.to_html())


def withheld_sentence(table: PublishedTable) -> str:
    """One Dutch sentence for a table the gate withheld whole: its caption and the reason.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> t = SimpleNamespace(caption="Discriminatie ervaren: Herkomst × Gender", notes=(
    ...     "Kruising Herkomst × Gender (2026, discriminatie ervaren) niet getoond: niet elke "
    ...     "cel haalt de drempel van 10 respondenten.", "Aantallen zijn afgerond."))
    >>> withheld_sentence(t)  # doctest: +NORMALIZE_WHITESPACE
    'Discriminatie ervaren: Herkomst × Gender: niet getoond, want niet elke cel haalt de drempel
    van 10 respondenten.'
    """
    reasons = [n.split("niet getoond:", 1)[1].strip() for n in table.notes
               if "niet getoond:" in n]
    reason = reasons[0] if reasons else "te weinig respondenten om de tabel veilig te tonen."
    return f"{table.caption}: niet getoond, want {reason}"


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
