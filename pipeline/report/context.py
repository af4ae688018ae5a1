"""What a report notebook needs for one wave, loaded in one call.

A notebook does ``report = WaveReport.load(wave, study)`` and then only asks it for published
tables, figures and sentences. Everything shown goes through the report's
:class:`~pipeline.disclosure.gate.ReportGate`; labels are Dutch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML, Markdown

from pipeline.analysis.catalogue import BREAKDOWN_LABELS, BY_NAME, group_rank
from pipeline.config import load_params, project_paths
from pipeline.contract import STAGES, stage_params
from pipeline.disclosure.gate import ReportGate
from pipeline.disclosure.published import PublishedTable
from pipeline.disclosure.rules import DisclosureRules
from pipeline.report.figures import Figure, bar_figure
from pipeline.report.formats import count
from pipeline.report.sections import SECTION_CONTENT

TWO_WAY_SEP = " × "


@dataclass(frozen=True)
class Note:
    """A Dutch note shown instead of a table or figure that this wave cannot give."""

    text: str

    def to_html(self) -> str:
        """Render the note as a paragraph."""
        return f'<p class="note"><em>{self.text}</em></p>'

    _repr_html_ = to_html


def label_breakdown(breakdown: str) -> str:
    """Dutch label of a breakdown (two-way joined with ×).

    Examples
    --------
    >>> label_breakdown("herkomst × gender")
    'Herkomst (CBS, nieuwe indeling) × Gender'
    """
    return TWO_WAY_SEP.join(BREAKDOWN_LABELS.get(b, b) for b in breakdown.split(TWO_WAY_SEP))


def relabel(estimates: pd.DataFrame) -> pd.DataFrame:
    """Replace indicator and breakdown codes by Dutch labels (groups keep their codes).

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": ["discr_ja"], "breakdown": ["totaal"], "group": ["totaal"]})
    >>> relabel(t).iloc[0].tolist()
    ['discriminatie ervaren', 'Totaal', 'Totaal']
    """
    out = estimates.copy()
    out["indicator"] = out["indicator"].map(lambda i: BY_NAME[i].label if i in BY_NAME else i)
    out["breakdown"] = out["breakdown"].map(label_breakdown)
    out["group"] = out["group"].replace({"totaal": "Totaal"})
    return out


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
    """One wave's tables and the disclosure gate of one report.

    Attributes
    ----------
    wave : int
        Survey year.
    study : str
        ``herhaal`` or ``monitor``.
    params : dict
        Parameters.
    estimates : pandas.DataFrame
        Tidy estimate table of the wave (sensitive until published).
    contrasts : pandas.DataFrame
        Group-versus-rest comparisons.
    weighting : dict
        Weighting report.
    gate : ReportGate
        The report's disclosure gate.
    """

    wave: int
    study: str
    params: dict[str, Any]
    estimates: pd.DataFrame
    contrasts: pd.DataFrame
    weighting: dict[str, Any]
    gate: ReportGate
    paths: Any = field(repr=False, default=None)

    @classmethod
    def load(cls, wave: int, study: str, report: str = "rapport",
             root: Path | None = None) -> WaveReport:
        """Load a wave's processed tables and open a disclosure gate for one report."""
        import pipeline.config

        root = Path(root) if root is not None else pipeline.config.ROOT
        params = stage_params(load_params(root / "params.yaml"), "report")
        paths = project_paths(params, root)
        made = cls(
            wave=int(wave), study=study, params=params,
            estimates=pd.read_parquet(paths.artefact("estimates", wave)),
            contrasts=pd.read_parquet(paths.artefact("contrasts", wave)),
            weighting=json.loads(paths.artefact("weighting", wave).read_text("utf-8")),
            gate=ReportGate(DisclosureRules.from_params(params.get("disclosure")),
                            report=f"{report} {wave}"),
            paths=paths,
        )
        for indicators, breakdowns in SECTION_CONTENT.get(report, ()):
            made.gate.reserve(relabel(made.select(indicators, breakdowns)))
        return made

    @property
    def source(self) -> str:
        """The data source (``data.source``: folder under ``data/raw/``)."""
        return str((self.params.get("data") or {}).get("source", "demo"))

    @property
    def not_asked(self) -> list[str]:
        """Catalogue indicators this wave's questionnaire did not ask."""
        return list(self.weighting.get("not_asked", []))

    def select(self, indicators: Sequence[str], breakdowns: Sequence[str]) -> pd.DataFrame:
        """Estimate rows of these indicators and breakdowns, in the order given."""
        est = self.estimates
        rows = est[est["indicator"].isin(indicators) & est["breakdown"].isin(breakdowns)]
        order_i = {k: i for i, k in enumerate(indicators)}
        order_b = {k: i for i, k in enumerate(breakdowns)}
        ranks = [group_rank(b, g) for b, g in zip(rows["breakdown"], rows["group"], strict=True)]
        return (rows.assign(_i=rows["indicator"].map(order_i), _b=rows["breakdown"].map(order_b),
                            _g=ranks)
                .sort_values(["_b", "_i", "_g"], kind="stable").drop(columns=["_i", "_b", "_g"]))

    def missing_note(self, indicators: Sequence[str], breakdowns: Sequence[str]) -> Note:
        """Say which of the requested indicators or breakdowns this wave does not have."""
        have_i = set(self.estimates["indicator"])
        have_b = set(self.estimates["breakdown"])
        names = [BY_NAME[i].label for i in indicators if i not in have_i and i in BY_NAME]
        names += [label_breakdown(b) for b in breakdowns if b not in have_b]
        return Note("Niet beschikbaar in deze meting (niet gevraagd of te weinig antwoorden): "
                    + (", ".join(names) if names else "deze uitsplitsing") + ".")

    def table(self, name: str, caption: str, indicators: Sequence[str],
              breakdowns: Sequence[str], ranked: bool = False) -> PublishedTable | Note:
        """Publish a table of estimates through the gate (``ranked``: largest first).

        Returns a :class:`Note` when the wave has none of the requested estimates.
        """
        frame = self.select(indicators, breakdowns)
        if frame.empty:
            return self.missing_note(indicators, breakdowns)
        if ranked:
            frame = frame.sort_values("estimate", ascending=False, kind="stable")
        return self.gate.publish_estimates(relabel(frame), name=name, caption=caption)

    def asked(self, indicators: Sequence[str]) -> list[str]:
        """Return the indicators of this list that the wave asked (and so were estimated)."""
        have = set(self.estimates["indicator"])
        return [i for i in indicators if i in have]

    def figure(self, name: str, indicator: str, breakdown: str) -> Figure | Note:
        """Publish one indicator by one breakdown as a bar chart with its table."""
        label = BY_NAME[indicator].label
        name_ = label_breakdown(breakdown)
        subject = f"{label}, naar {name_[:1].lower() + name_[1:]}"
        table = self.table(name, subject[:1].upper() + subject[1:], [indicator], [breakdown])
        if isinstance(table, Note):
            return table
        return bar_figure(table, subject)

    def ranked_figure(self, name: str, caption: str, indicators: Sequence[str],
                      breakdown: str = "totaal") -> Figure | Note:
        """Publish several indicators of one base, ranked, as a bar chart with its table."""
        table = self.table(name, caption, self.asked(indicators), [breakdown], ranked=True)
        if isinstance(table, Note):
            return table
        return bar_figure(table, caption[:1].lower() + caption[1:], label_column="indicator")

    def not_asked_note(self, indicators: Sequence[str]) -> Markdown | None:
        """Return a Dutch note on indicators this wave did not ask (None if all were asked)."""
        missing = [BY_NAME[i].label for i in indicators if i in self.not_asked]
        if not missing:
            return None
        return Markdown("*Niet gevraagd in deze meting:* " + "; ".join(missing) + ".")

    def methods(self) -> Markdown:
        """Methods paragraph: weighting and the disclosure rules with their counts.

        The margins, the peildatum and its distance to the fieldwork come from the weighting
        report of the estimates stage (:func:`weighting_method_text`), not from params.
        """
        order = list((self.params.get("weighting") or {}).get("margins", []))
        mapping_file = self.paths.mapping(self.wave).relative_to(self.paths.root).as_posix()
        text = weighting_method_text(self.weighting, self.wave, order, mapping_file)
        return Markdown(text + "\n\n" + self.gate.methods_text())

    def reserve(self, frames: Iterable[pd.DataFrame], source: str = "survey") -> None:
        """Register tables the report will publish, before publishing any (order-free hiding)."""
        for frame in frames:
            self.gate.reserve(relabel(frame), source=source)

    def publish(self, frame: pd.DataFrame, name: str, caption: str,
                source: str = "survey") -> PublishedTable:
        """Publish a ready tidy table (already labelled) through the report's gate."""
        return self.gate.publish_estimates(relabel(frame), name=name, caption=caption,
                                           source=source)

    def trend(self, name: str, caption: str, indicators: Sequence[str],
              breakdown: str = "totaal") -> tuple[PublishedTable | None, str]:
        """Publish both waves' estimates and describe the change since the previous wave.

        Returns the published table (None for the first wave) and Dutch sentences.
        """
        from pipeline.report.narrative import trend_sentences

        trends = self.processed("trends")
        rows = trends[(trends["wave"] == self.wave) & trends["indicator"].isin(indicators)
                      & (trends["breakdown"] == breakdown)] if len(trends) else trends
        labels = {i: BY_NAME[i].label for i in indicators}
        if rows.empty:
            return None, trend_sentences(rows, labels)
        previous = int(rows["wave_b"].iloc[0])
        earlier = pd.read_parquet(self.paths.artefact("estimates", previous))
        both = pd.concat([earlier, self.estimates], ignore_index=True)
        both = both[both["indicator"].isin(indicators) & (both["breakdown"] == breakdown)]
        table = self.gate.publish_estimates(relabel(both.sort_values(["indicator", "wave"])),
                                            name=name, caption=caption)
        alpha = float(self.params["estimation"].get("alpha", 0.05))
        order = {k: i for i, k in enumerate(indicators)}
        rows = rows.assign(_o=rows["indicator"].map(order)).sort_values("_o")
        return table, trend_sentences(rows, labels, alpha)

    def odds_table(self, name: str, caption: str, outcome: str) -> PublishedTable | Note:
        """Publish the adjusted odds ratios of one outcome through the gate."""
        from pipeline.analysis.odds import odds_tidy

        odds = self.processed("odds")
        if odds.empty or outcome not in set(odds["outcome"]):
            return self.missing_note([outcome], [])
        reference = self.params["estimation"].get("odds_ratios", {}).get("reference")
        tidy = odds_tidy(odds[odds["outcome"] == outcome], self.estimates, self.wave, reference)
        return self.gate.publish_estimates(relabel(tidy), name=name, caption=caption)

    def _declared(self, name: str) -> Path:
        """Return the path of an artefact the report stage declares (else a contract error)."""
        reads = {r.rstrip("*") for r in STAGES["report"].reads}
        if name not in reads:
            raise KeyError(f"the report stage does not declare artefact {name!r}: add it to "
                           "its reads in pipeline/contract/")
        return self.paths.artefact(name, self.wave)

    def processed(self, name: str) -> pd.DataFrame:
        """Read a processed table of the contract (``barometer``, ``hr``, ``odds``, ...)."""
        return pd.read_parquet(self._declared(name))

    def facts(self, kind: str, per_wave: bool = True) -> dict[str, Any]:
        """Read a JSON fact file of the contract (``ledger_survey``, ``dq_hr``, ...).

        ``per_wave`` is kept for older notebooks: the contract knows which files are per wave.
        """
        return json.loads(self._declared(kind).read_text(encoding="utf-8"))

    def show(self, obj: PublishedTable | Figure | Note | None) -> HTML:
        """Display a published table, figure or note in the notebook."""
        if obj is None:
            return HTML("")
        return HTML(obj.html if isinstance(obj, Figure) else obj.to_html())
