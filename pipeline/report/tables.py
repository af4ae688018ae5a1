"""Every table the report sections publish, per wave: the input of the publication plan.

Each section function returns the section's tables as
:class:`~pipeline.disclosure.ledger.Planned` (frame, caption, source, figure) or
:class:`~pipeline.disclosure.ledger.Unavailable` (the note shown instead), in reading order.
The publication stage plans all of them together (:mod:`pipeline.report.publication`); the
notebooks only render what the plan published, by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from pipeline.analysis.catalogue import BY_NAME, VARIABLE_LABELS
from pipeline.disclosure.ledger import Planned, Unavailable
from pipeline.report import sections
from pipeline.report.wavedata import WaveData, label_breakdown, relabel

Item = Planned | Unavailable
REGISTER_BASE = "register"
"""Base of HR and CBS figures: the staff of a year (the same in every report)."""


def _estimates(data: WaveData, section: str, name: str, caption: str,
               indicators: Sequence[str], breakdowns: Sequence[str], ranked: bool = False,
               figure: str | None = None, label_column: str = "group") -> Item:
    frame = data.select(indicators, breakdowns)
    if frame.empty:
        return Unavailable(data.wave, section, name, data.missing_text(indicators, breakdowns))
    if ranked:
        frame = frame.sort_values("estimate", ascending=False, kind="stable")
    return Planned(data.wave, section, name, caption, relabel(frame), figure=figure,
                   label_column=label_column)


def _figure(data: WaveData, section: str, name: str, indicator: str, breakdown: str) -> Item:
    label = BY_NAME[indicator].label
    by = label_breakdown(breakdown)
    subject = f"{label}, naar {by[:1].lower() + by[1:]}"
    return _estimates(data, section, name, subject[:1].upper() + subject[1:], [indicator],
                      [breakdown], figure=subject)


def _ranked(data: WaveData, section: str, name: str, caption: str,
            indicators: Sequence[str]) -> Item:
    return _estimates(data, section, name, caption, data.asked(indicators), ["totaal"],
                      ranked=True, figure=caption[:1].lower() + caption[1:],
                      label_column="indicator")


def trend_frame(data: WaveData, indicators: Sequence[str],
                breakdown: str = "totaal") -> pd.DataFrame | None:
    """Both waves' estimates of the trend table (None for a wave without a comparable one)."""
    trends = data.processed("trends")
    if trends.empty:
        return None
    rows = trends[(trends["wave"] == data.wave) & trends["indicator"].isin(indicators)
                  & (trends["breakdown"] == breakdown)]
    if rows.empty:
        return None
    previous = int(rows["wave_b"].iloc[0])
    earlier = data.processed("estimates", wave=previous)
    both = pd.concat([earlier, data.estimates], ignore_index=True)
    both = both[both["indicator"].isin(indicators) & (both["breakdown"] == breakdown)]
    from pipeline.report.wavedata import with_base

    return with_base(both.sort_values(["indicator", "wave"]))


def prevalentie(data: WaveData) -> list[Item]:
    """Tables of the section on unwanted behaviour and discrimination."""
    s = "prevalentie"
    out: list[Item] = [
        _estimates(data, s, "kerncijfers",
                   "Kerncijfers: aandeel respondenten (afgelopen twaalf maanden)",
                   sections.KEY_FIGURES, ["totaal"]),
    ]
    trend = trend_frame(data, sections.TREND_INDICATORS)
    if trend is not None:
        out.append(Planned(data.wave, s, "trend",
                           "Kerncijfers en vormen van ongewenst gedrag in de vorige en deze "
                           "meting", relabel(trend)))
    out.append(_estimates(data, s, "vormen", "Vormen van ongewenst gedrag (minstens één keer)",
                          sections.UB_FORM_INDICATORS, ["totaal"]))
    if data.asked(sections.WITNESS_INDICATORS):
        out.append(_estimates(data, s, "getuige",
                              "Getuige bij een collega (afgelopen twaalf maanden)",
                              data.asked(sections.WITNESS_INDICATORS), ["totaal"]))
    for outcome, prefix in (("discr_ja", "discr"), ("ub_any", "ub")):
        for breakdown in sections.GROUP_BREAKDOWNS:
            out.append(_figure(data, s, f"{prefix}-{breakdown}", outcome, breakdown))
    out.append(_figure(data, s, "seksueel-gender", "ub_seksuele_intimidatie", "gender"))
    for breakdown in sections.TWO_WAY:
        out.append(_estimates(data, s, f"kruising-{breakdown.replace(' × ', '-')}",
                              f"Discriminatie ervaren: {label_breakdown(breakdown)}",
                              ["discr_ja"], [breakdown]))
    out += _odds(data, s)
    return out


def _odds(data: WaveData, section: str) -> list[Item]:
    from pipeline.analysis.odds import odds_tidy

    odds = data.processed("odds")
    reference = data.params["estimation"].get("odds_ratios", {}).get("reference")
    out: list[Item] = []
    for outcome, label in (("ub_any", "ongewenst gedrag"), ("discr_ja", "discriminatie")):
        name = f"odds-{outcome}"
        if odds.empty or outcome not in set(odds["outcome"]):
            out.append(Unavailable(data.wave, section, name, data.missing_text([outcome], [])))
            continue
        tidy = odds_tidy(odds[odds["outcome"] == outcome], data.estimates, data.wave, reference)
        tidy = tidy.assign(base=BY_NAME[outcome].base)
        out.append(Planned(data.wave, section, name, f"Odds ratios voor {label}", relabel(tidy)))
    return out


def gronden(data: WaveData) -> list[Item]:
    """Tables of the section on grounds of discrimination and reporting."""
    s = "gronden"
    out: list[Item] = [
        _ranked(data, s, "gronden", "Discriminatiegronden (aandeel van wie discriminatie ervoer)",
                sections.GROUND_INDICATORS),
        _estimates(data, s, "gronden-groep",
                   "Meest genoemde gronden naar kenmerk van de respondent (aandeel van wie "
                   "discriminatie ervoer)",
                   ["discr_ground_herkomst", "discr_ground_huidskleur", "discr_ground_leeftijd",
                    "discr_ground_gender"], sections.GROUND_BREAKDOWNS),
        _ranked(data, s, "daders-discriminatie",
                "Plegers van discriminatie (aandeel van wie discriminatie ervoer)",
                sections.DISCR_BY_INDICATORS),
    ]
    if data.asked(sections.UB_BY_INDICATORS):
        out.append(_ranked(data, s, "daders-ongewenst",
                           "Plegers van ongewenst gedrag (aandeel van wie het meemaakte)",
                           sections.UB_BY_INDICATORS))
    out.append(_ranked(data, s, "verteld", "Bij wie men het vertelde (aandeel van wie ongewenst "
                       "gedrag of discriminatie meemaakte)", sections.TOLD_INDICATORS))
    if data.asked(["report_satisfied"]):
        out.append(_estimates(data, s, "tevredenheid",
                              "Tevreden over de afhandeling (aandeel van wie het formeel meldde)",
                              ["report_satisfied"], ["totaal"]))
    if data.asked(sections.NO_REPORT_INDICATORS):
        out.append(_ranked(data, s, "niet-melden",
                           "Redenen om niet te melden (aandeel van wie het niet formeel meldde)",
                           sections.NO_REPORT_INDICATORS))
    out.append(_estimates(data, s, "veiligheid", "Psychologische veiligheid (gemiddelde, 1-7)",
                          ["ps_score"], ["totaal", *sections.SAFETY_BREAKDOWNS]))
    return out


def respons(data: WaveData) -> list[Item]:
    """Tables of the section on response and data quality."""
    from pipeline.analysis import response

    s = "respons"
    out: list[Item] = []
    for unit in data.weighting["response"]:
        frame = response.response_table(data.weighting, unit, data.wave).assign(base="respons")
        out.append(Planned(data.wave, s, f"respons-{unit}",
                           f"Respons naar {response.UNIT_LABELS[unit]}", relabel(frame)))
    for margin in data.weighting["margins_used"]:
        frame = response.margin_shares(data.weighting, margin, data.wave).assign(base="respons")
        out.append(Planned(data.wave, s, f"weging-{margin}",
                           f"Verdeling naar {response.UNIT_LABELS[margin]}: registratie, "
                           "respondenten en gewogen", relabel(frame)))
    quality = data.facts("dq_survey")
    frame = response.item_nonresponse_table(quality, data.wave, VARIABLE_LABELS)
    out.append(Planned(data.wave, s, "geen-antwoord",
                       "Vragen die het vaakst onbeantwoord bleven (aandeel van de respondenten)",
                       relabel(frame.assign(base="alle"))))
    return out


def representatie(data: WaveData) -> list[Item]:
    """Tables of the section on representation (CBS, HR register, flows, projection)."""
    from pipeline.analysis import projection
    from pipeline.analysis import representation as rep
    from pipeline.analysis.cbs_tables import cbs_tables

    s = "representatie"
    barometer = data.processed("barometer")
    benchmark = data.processed("benchmark")
    flows = rep.flow_table(data.processed("hr_flows"))
    years = rep.years_up_to(barometer, data.wave)
    latest = max(years, default=data.wave)
    inputs = rep.Inputs.of(barometer, benchmark, flows, latest, data.source)
    targets = rep.Targets.from_params(data.params)
    out: list[Item] = []

    def register(name: str, caption: str, frame: pd.DataFrame, source: str,
                 figure: str | None = None) -> Planned:
        return Planned(data.wave, s, name, caption, relabel(frame.assign(base=REGISTER_BASE)),
                       source=source, figure=figure)

    def missing(name: str, *keys: str, shows: str | None = None,
                part: str | None = None) -> Unavailable:
        note = inputs.note(*keys, shows=shows, part=part)
        return Unavailable(data.wave, s, name, note.text, note.label)

    if inputs.has("cbs"):
        cbs = cbs_tables(barometer, latest, years, targets)
        captions = {
            "herkomst-schaal": f"Aandeel Buiten-Europese herkomst per salarisschaal, {latest}",
            "doel-12": "Aandeel Buiten-Europese herkomst vanaf schaal 12, per jaar",
            "gemeente-trend": "Aandeel Buiten-Europese herkomst in de gemeente, per jaar",
            "clusters-groei": "Aandeel Buiten-Europese herkomst vanaf schaal 12 per cluster: "
                              f"{targets.base_year}, {latest} en het doel voor "
                              f"{targets.target_year}",
            "schaal-15": "Aandeel Buiten-Europese herkomst in schaal 15 en hoger, per jaar",
            "indelingen": "Niet-westerse migratieachtergrond (oud) en Buiten-Europese herkomst "
                          "(nieuw)",
        }
        figures = {"herkomst-schaal":
                   f"aandeel Buiten-Europese herkomst per salarisschaal, {latest}"}
        for name, caption in captions.items():
            out.append(register(name, caption, cbs[name], "cbs", figures.get(name)))
    else:
        out += [missing(name, "cbs") for name in ("herkomst-schaal", "doel-12", "gemeente-trend",
                                                  "clusters-groei", "schaal-15", "indelingen")]
    young = rep.under_35(data.processed("hr"), last_year=data.wave)
    out.append(register("jong", "Aandeel medewerkers jonger dan 35 (personeelsregistratie, "
                        "31 december)", young, "hr"))
    if inputs.has("flows"):
        out.append(Planned(data.wave, s, "stromen",
                           f"In-, door- en uitstroom per salarisschaal, {latest}",
                           rep.flows_in(flows, latest), kind="counts", source="hr",
                           population=f"hr-stromen-{latest}",
                           structural_zeros=rep.structural_zeros(rep.flows_in(flows, latest))))
    else:
        out.append(missing("stromen", "flows"))
    needed = ("cbs", "cbs_history", "flows", "benchmark")
    if inputs.has(*needed):
        history = projection.history_from_12(barometer, flows, latest)
        labour = rep.labour_force_share(benchmark, latest)
        paths, _ = projection.projection_scenarios(history, labour, targets.share_12plus)
        out.append(register("projectie", "Geprojecteerd aandeel Buiten-Europese herkomst vanaf "
                            "schaal 12 (met bandbreedte)",
                            projection.projection_table(paths, history.stock[-1]), "cbs"))
    else:
        out.append(missing("projectie", *needed, shows="de projectie", part="projectie"))
    return out


SECTIONS: dict[str, Callable[[WaveData], list[Item]]] = {
    "respons": respons,
    "prevalentie": prevalentie,
    "gronden": gronden,
    "representatie": representatie,
}
"""The table list of each report section (``report.sections`` in params.yaml)."""


def wave_tables(data: WaveData, section_names: Sequence[str]) -> list[Item]:
    """Every table of the given sections of one wave."""
    unknown = [s for s in section_names if s not in SECTIONS]
    if unknown:
        raise KeyError(f"report.sections names unknown section(s) {', '.join(unknown)}; known: "
                       f"{', '.join(SECTIONS)}")
    return [item for name in section_names for item in SECTIONS[name](data)]
