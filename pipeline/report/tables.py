"""Every table the report sections publish, per wave: the input of the publication plan.

Each section function returns the section's tables as
:class:`~pipeline.disclosure.ledger.Planned` (frame, caption, source, figure) or
:class:`~pipeline.disclosure.ledger.Unavailable` (the note shown instead), in reading order.
The publication stage plans all of them together (:mod:`pipeline.report.publication`); the
notebooks only render what the plan published, by name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace

import pandas as pd

from pipeline.analysis.catalogue import BY_NAME, VARIABLE_LABELS
from pipeline.disclosure.ledger import Planned, Unavailable
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.rules import DisclosureRules
from pipeline.report import sections
from pipeline.report.formats import lower_first
from pipeline.report.wavedata import WaveData, label_breakdown, relabel, with_base

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
    subject = f"{label}, naar {lower_first(by)}"
    return _estimates(data, section, name, subject[:1].upper() + subject[1:], [indicator],
                      [breakdown], figure=subject)


def _ranked(data: WaveData, section: str, name: str, caption: str,
            indicators: Sequence[str]) -> Item:
    return _estimates(data, section, name, caption, data.asked(indicators), ["totaal"],
                      ranked=True, figure=caption[:1].lower() + caption[1:],
                      label_column="indicator")


TREND_COLUMNS = ["diff", "diff_ci_low", "diff_ci_high", "p", "p_adj", "p_adj_method", "family",
                 "wave_b"]
"""Columns of the trends stage that a between-wave table carries on its current-wave rows."""
FIRST_WAVE = ("Dit is de eerste meting in deze reeks: er is nog geen eerdere vergelijkbare "
              "meting.")


def trend_frame(data: WaveData, indicators: Sequence[str],
                breakdowns: Sequence[str] = ("totaal",)) -> pd.DataFrame | None:
    """Both waves' estimates of the comparable items, the comparison on the current rows.

    A between-wave table's rows are the cells of the two waves' own tables, keyed by their
    own wave, base, breakdown and group: what a wave's tables hide, its rows here hide too,
    and a shown difference never gives a hidden value back
    (:func:`~pipeline.disclosure.display.trend_frames`). Only items tested in both waves
    (comparable, present in both) are in it, in the order given; groups in reading order.

    Returns
    -------
    pandas.DataFrame or None
        None when the wave has no earlier comparable wave or none of the items is comparable.
    """
    from pipeline.analysis.catalogue import group_rank
    from pipeline.report.narrative import trend_verdict

    trends = data.processed("trends")
    if trends.empty:
        return None
    rows = trends[(trends["wave"] == data.wave) & trends["indicator"].isin(indicators)
                  & trends["breakdown"].isin(breakdowns) & (trends["flags"] == "")
                  & trends["p"].notna()]
    if rows.empty:
        return None
    previous = int(rows["wave_b"].iloc[0])
    alpha = float(data.params["estimation"].get("alpha", 0.05))
    keys = ["indicator", "breakdown", "group"]
    tested = rows[[*keys, *TREND_COLUMNS]].assign(
        verdict=[trend_verdict(d, p, q, alpha) for d, p, q
                 in zip(rows["diff"], rows["p"], rows["p_adj"], strict=True)])
    earlier = data.processed("estimates", wave=previous).merge(tested[keys], on=keys)
    current = data.estimates.merge(tested, on=keys)
    both = pd.concat([earlier, current], ignore_index=True)
    order_i = {k: i for i, k in enumerate(indicators)}
    order_b = {k: i for i, k in enumerate(breakdowns)}
    both = both.assign(
        _i=both["indicator"].map(order_i), _b=both["breakdown"].map(order_b),
        _g=[group_rank(b, g) for b, g in zip(both["breakdown"], both["group"], strict=True)])
    both = both.sort_values(["_b", "_g", "_i", "wave"], kind="stable").drop(
        columns=["_i", "_b", "_g"])
    return with_base(both.reset_index(drop=True))


def _trend(data: WaveData, section: str, name: str, caption: str, indicators: Sequence[str],
           breakdowns: Sequence[str] = ("totaal",)) -> Item:
    frame = trend_frame(data, indicators, breakdowns)
    if frame is None:
        return Unavailable(data.wave, section, name, _no_trend(data, indicators))
    return Planned(data.wave, section, name, caption, relabel(frame))


def _no_trend(data: WaveData, indicators: Sequence[str]) -> str:
    trends = data.processed("trends")
    if trends.empty or not (trends["wave"] == data.wave).any():
        return FIRST_WAVE
    previous = int(trends.loc[trends["wave"] == data.wave, "wave_b"].iloc[0])
    return (f"Geen vergelijking met {previous}: deze vragen zijn niet in beide metingen op "
            "dezelfde manier gesteld.")


def prevalentie(data: WaveData) -> list[Item]:
    """Tables of the section on unwanted behaviour and discrimination."""
    s = "prevalentie"
    out: list[Item] = [
        _estimates(data, s, "kerncijfers",
                   "Kerncijfers: aandeel respondenten (afgelopen twaalf maanden)",
                   sections.KEY_FIGURES, ["totaal"]),
    ]
    out.append(_trend(data, s, "trend", "Kerncijfers en vormen van ongewenst gedrag: vorige en "
                      "deze meting", sections.TREND_INDICATORS))
    out.append(_trend(data, s, "trend-getuige", "Getuige bij een collega: vorige en deze meting",
                      sections.WITNESS_INDICATORS))
    for outcome, prefix in (("discr_ja", "discr"), ("ub_any", "ub")):
        label = BY_NAME[outcome].label
        out.append(_trend(data, s, f"trend-{prefix}-groepen",
                          f"{label[:1].upper() + label[1:]} per groep: vorige en deze meting",
                          [outcome], sections.GROUP_BREAKDOWNS))
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
    for name, caption, indicators, breakdowns in TREND_TABLES["gronden"]:
        out.append(_trend(data, s, name, caption, indicators, breakdowns))
    return out


TREND_TABLES: dict[str, tuple[tuple[str, str, Sequence[str], Sequence[str]], ...]] = {
    "gronden": (
        ("trend-gronden", "Discriminatiegronden: vorige en deze meting (aandeel van wie "
         "discriminatie ervoer)", sections.GROUND_INDICATORS, ("totaal",)),
        ("trend-daders-discriminatie", "Plegers van discriminatie: vorige en deze meting "
         "(aandeel van wie discriminatie ervoer)", sections.DISCR_BY_INDICATORS, ("totaal",)),
        ("trend-daders-ongewenst", "Plegers van ongewenst gedrag: vorige en deze meting "
         "(aandeel van wie het meemaakte)", sections.UB_BY_INDICATORS, ("totaal",)),
        ("trend-verteld", "Bij wie men het vertelde en tevredenheid over de afhandeling: vorige "
         "en deze meting", (*sections.TOLD_INDICATORS, "report_satisfied"), ("totaal",)),
        ("trend-niet-melden", "Redenen om niet te melden: vorige en deze meting (aandeel van wie "
         "het niet formeel meldde)", sections.NO_REPORT_INDICATORS, ("totaal",)),
        ("trend-veiligheid", "Psychologische veiligheid (gemiddelde, 1-7): vorige en deze "
         "meting", ("ps_score",), ("totaal", *sections.SAFETY_BREAKDOWNS)),
    ),
}
"""The between-wave tables of the gronden section: name, caption, items, breakdowns."""


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
        # the respondents in the estimates: the same n as every table of all respondents
        frame = response.margin_shares(data.weighting, margin, data.wave).assign(base="alle")
        out.append(Planned(data.wave, s, f"weging-{margin}",
                           f"Verdeling naar {response.UNIT_LABELS[margin]}: registratie, "
                           "respondenten en gewogen", relabel(frame)))
    out += origin_items(data, s)
    out += representativeness_items(data, s)
    out += planner_items(data, s)
    quality = data.facts("dq_survey")
    frame = response.item_nonresponse_table(quality, data.wave, VARIABLE_LABELS)
    out.append(Planned(data.wave, s, "geen-antwoord",
                       "Vragen die het vaakst onbeantwoord bleven (aandeel van wie de vraag "
                       "kreeg)",
                       relabel(frame.assign(base="alle"))))
    return out


ORIGIN_TABLES = ("herkomst-enquete-cbs", "herkomst-cbs")
"""The respons section's comparison of herkomst in the survey with the CBS: the survey shares
with their difference from the CBS, and the CBS shares themselves."""


def origin_items(data: WaveData, section: str) -> list[Item]:
    """List the survey-against-CBS herkomst tables of the respons section.

    The survey table (base ``alle``) carries the difference and its test on each row, shown
    one row per herkomst and unit as a between-wave table is (the CBS year in ``wave_b``);
    the CBS table (``source="cbs"``, base ``register``) shows the CBS shares, a withheld one
    as withheld. The CBS year is that of the wave's peildatum (:mod:`pipeline.analysis.origin`).
    """
    from pipeline.analysis import origin

    facts = data.weighting.get("origin")
    survey_name, cbs_name = ORIGIN_TABLES
    if not facts or not facts.get("shares"):
        text = ("De herkomst van de respondenten is in deze meting niet gevraagd: er is geen "
                "vergelijking met het CBS.")
        return [Unavailable(data.wave, section, name, text) for name in ORIGIN_TABLES]
    year = int(facts["cbs_year"])
    barometer = data.processed("barometer")
    if origin.cbs_shares(barometer, year).empty:
        text = (f"Er zijn geen CBS-cijfers over herkomst voor 31 december {year} (de peildatum "
                "van deze meting): de herkomst in de enquête is niet met het CBS vergeleken.")
        return [Unavailable(data.wave, section, name, text) for name in ORIGIN_TABLES]
    est = data.params["estimation"]
    rules = DisclosureRules.from_params(data.params.get("disclosure"))
    comparison = origin.compare(facts["shares"], barometer, year,
                                alpha=float(est.get("alpha", 0.05)),
                                method=str(est.get("multiple_testing", "fdr_bh")))
    survey = origin.survey_table(comparison, data.wave, rules.min_numerator,
                                 (rules.min_n("cbs"), rules.min_numerator, rules.min_complement))
    units = list(dict.fromkeys(comparison["unit"]))
    cbs = origin.cbs_table(barometer, year, units).assign(base=REGISTER_BASE)
    out: list[Item] = []
    if survey.empty:
        out.append(Unavailable(data.wave, section, survey_name,
                               "Geen eenheid heeft genoeg respondenten per herkomst en een "
                               "CBS-cijfer om te vergelijken."))
    else:
        out.append(Planned(data.wave, section, survey_name,
                           f"Herkomst in de enquête {data.wave} (gewogen aandeel) en het verschil "
                           f"met het CBS (31 december {year}), per cluster", relabel(survey)))
    out.append(Planned(data.wave, section, cbs_name,
                       f"Herkomst volgens het CBS, 31 december {year}, per cluster",
                       relabel(cbs), source="cbs"))
    return out


def representativeness_items(data: WaveData, section: str) -> list[Item]:
    """List the R-indicator tables of the respons section (before and after weighting)."""
    from pipeline.analysis.rindicator import representativeness_tables

    facts = data.weighting.get("representativeness")
    names = {"r": ("r-indicator", "R-indicator van de respons, vóór en na weging"),
             "variabelen": ("r-variabelen", "Partiële R-indicatoren per registerkenmerk, vóór "
                            "en na weging"),
             "categorieen": ("r-categorieen", "Categorieën die de representativiteit het meest "
                             "bepalen (partiële R-indicator, vóór en na weging)")}
    if not facts:
        text = ("De representativiteit van de respons (R-indicator) is voor deze meting niet "
                "berekend.")
        return [Unavailable(data.wave, section, name, text) for name, _ in names.values()]
    frames = representativeness_tables(facts, data.wave)
    return [Planned(data.wave, section, name, caption, relabel(frames[key]))
            for key, (name, caption) in names.items()]


def reporting_level(data: WaveData, rules: DisclosureRules
                    ) -> tuple[pd.DataFrame | None, pd.DataFrame, int | None]:
    """Return the wave's expected and achieved reporting level, and the wave it expects from.

    The expectation comes from the last wave's response per unit and band (its weighting
    report); the first wave has none (None). The planner's tables (publication stage, rules
    from params) and the respons page's text (report stage, the rules the ledger recorded)
    both start from this one computation.
    """
    from pipeline.analysis import planner

    before = planner.previous_wave(data.params.get("waves", []), data.wave)
    previous = None
    if before is not None:
        previous = json.loads(data.declared("weighting", before).read_text("utf-8")).get(
            "units")
    expected, achieved = planner.wave_planner(data.weighting["units"], previous,
                                              data.estimates, rules)
    return expected, achieved, before


def planner_items(data: WaveData, section: str) -> list[Item]:
    """List the planner's tables: expected and achieved margins per cluster and directie.

    The expected margins come from the last wave's response per unit and band
    (:mod:`pipeline.analysis.planner`, :func:`reporting_level`); the first wave has only the
    achieved ones.
    """
    from pipeline.analysis import planner

    units = data.weighting.get("units")
    names = {level: f"planner-{level}" for level in planner.LEVELS}
    if not units:
        text = "Het bereikte rapportageniveau per eenheid is voor deze meting niet berekend."
        return [Unavailable(data.wave, section, name, text) for name in names.values()]
    rules = DisclosureRules.from_params(data.params.get("disclosure"))
    expected, achieved, _ = reporting_level(data, rules)
    out: list[Item] = []
    for level, name in names.items():
        if level not in units:
            out.append(Unavailable(data.wave, section, name,
                                   f"Geen {planner.LEVEL_LABELS[level]} in deze meting."))
            continue
        what = ("Verwachte en gehaalde marge" if expected is not None else "Gehaalde marge")
        # per directie the smaller indicator only: it decides whether a directie is reportable
        shares = tuple(planner.SHARES) if level == "cluster" else (min(planner.SHARES),)
        sizes = " en van ".join(f"{round(p * 100)}%" for p in shares)
        caption = (f"{what} (95%) van een indicator van {sizes}, per "
                   f"{planner.LEVEL_LABELS[level]}")
        out.append(Planned(data.wave, section, name, caption, relabel(
            planner.planner_table(expected, achieved, data.wave, level, shares))))
    return out


def representatie(data: WaveData) -> list[Item]:
    """Tables of the section on representation (CBS, HR register, flows, targets, projection)."""
    from pipeline.analysis import projection
    from pipeline.analysis import representation as rep
    from pipeline.analysis.cbs_tables import cbs_tables
    from pipeline.analysis.targets import target_sources

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
                 figure: str | None = None, layout: str = "long") -> Planned:
        return Planned(data.wave, s, name, caption, relabel(frame.assign(base=REGISTER_BASE)),
                       source=source, figure=figure, layout=layout)

    def missing(name: str, *keys: str, shows: str | None = None,
                part: str | None = None) -> Unavailable:
        note = inputs.note(*keys, shows=shows, part=part)
        return Unavailable(data.wave, s, name, note.text, note.label)

    if inputs.has("cbs"):
        cbs = cbs_tables(barometer, latest, years, targets)
        first = min(targets.base_year, latest)
        captions = {
            "herkomst-schaal": f"Aandeel Buiten-Europese herkomst per salarisschaal, {latest}",
            "doel-12": "Aandeel Buiten-Europese herkomst vanaf schaal 12, per jaar",
            "gemeente-trend": "Aandeel Buiten-Europese herkomst in de gemeente, per jaar",
            "clusters-groei": "Aandeel Buiten-Europese herkomst vanaf schaal 12 per cluster, "
                              f"{first}-{latest}" if first < latest else
                              "Aandeel Buiten-Europese herkomst vanaf schaal 12 per cluster, "
                              f"{latest}",
            "schaal-15": "Aandeel Buiten-Europese herkomst in schaal 15 en hoger, per jaar",
            "indelingen": "Niet-westerse migratieachtergrond (oud) en Buiten-Europese herkomst "
                          "(nieuw), per jaar",
        }
        figures = {"herkomst-schaal":
                   f"aandeel Buiten-Europese herkomst per salarisschaal, {latest}"}
        wide = {"doel-12", "gemeente-trend", "clusters-groei", "schaal-15", "indelingen"}
        for name, caption in captions.items():
            out.append(register(name, caption, cbs[name], "cbs", figures.get(name),
                                "wide" if name in wide else "long"))
    else:
        out += [missing(name, "cbs") for name in ("herkomst-schaal", "doel-12", "gemeente-trend",
                                                  "clusters-groei", "schaal-15", "indelingen")]
    young = rep.under_35(data.processed("hr"), last_year=data.wave)
    out.append(register("jong", "Aandeel medewerkers jonger dan 35 (personeelsregistratie, "
                        "31 december), per jaar", young, "hr", layout="wide"))
    verdicts = relabel(target_sources(barometer, data.processed("hr"), data.wave, targets))
    out.append(Planned(data.wave, s, "doelen", "De doelen van de gemeenteraad: waarde, doel en "
                       "oordeel", verdicts, kind="targets", source="cbs"))
    if inputs.has("flows"):
        year = rep.flows_in(flows, latest)
        stromen = Planned(data.wave, s, "stromen",
                          f"Medewerkers en stromen per salarisschaal, {latest}", year,
                          kind="counts", source="hr", population=f"hr-stromen-{latest}",
                          structural_zeros=rep.structural_zeros(year), row_totals=False)
        out.append(replace(stromen, known=stock_flow(stromen, out, latest)))
    else:
        out.append(missing("stromen", "flows"))
    needed = ("cbs", "cbs_history", "flows", "benchmark")
    if inputs.has(*needed):
        history = projection.history_from_12(barometer, flows, latest)
        labour = rep.labour_force_share(benchmark, latest)
        when = [y for y in targets.projection_years if y > latest]
        middle = when[len(when) // 2] if when else None
        paths, assumptions = projection.projection_scenarios(
            history, labour, targets.share_12plus, target_year=middle)
        # a projection made from another year is another table: its cells are not the same
        # numbers as this one's, so they get their own breakdown (not shown: it is constant)
        table = projection.projection_table(paths, history.stock[-1], when)
        out.append(register("projectie", "Geprojecteerd aandeel Buiten-Europese herkomst vanaf "
                            "schaal 12, per scenario (met scenariobandbreedte)",
                            table.assign(breakdown=f"projectie vanaf {latest}"), "cbs"))
        answers = projection.mix_answers(history, targets.share_12plus, when)
        mixes = projection.mix_table(answers, history.stock[-1], latest,
                                     (assumptions["implied_mix_min"],
                                      assumptions["implied_mix_max"]), targets.share_12plus)
        out.append(register("projectie-mix", "Instroommix (aandeel Buiten-Europese herkomst "
                            "onder in- en doorstromers vanaf schaal 12): nu en nodig voor "
                            f"{round(targets.share_12plus * 100)}%",
                            mixes.assign(breakdown=f"instroommix vanaf {latest}"), "cbs"))
        rates = projection.assumption_table(history)
        out.append(register("projectie-aannames", "Stromen vanaf schaal 12 waarmee de projectie "
                            "rekent: uitstroom en in- en doorstroom per jaar, als aandeel van "
                            "wie aan het begin van het jaar vanaf schaal 12 werkte",
                            rates.assign(breakdown=f"aannames vanaf {latest}"), "hr",
                            layout="wide"))
    else:
        for name in ("projectie", "projectie-mix", "projectie-aannames"):
            out.append(missing(name, *needed, shows="de projectie", part="projectie"))
    return out


def stock_flow(flows: Planned, tables: Sequence[Item], year: int) -> tuple[AuditView, ...]:
    """Return the stock-flow identities of the flows table, where they hold in the data.

    Per band, the staff at the end of the year is the staff at the start plus instroom and
    promotions in, minus promotions out and uitstroom; both stocks are in the table. And the
    staff at the start and the end of a band are the band's published register counts of the
    previous and this year (the CBS tables per year), where they are the same numbers. A reader
    can use all of that against the flows table, so the reader's audit must too
    (:func:`pipeline.disclosure.reader.reader_audit`). An identity is added only where the
    processed data satisfy it exactly (otherwise it is not knowledge).

    Returns
    -------
    tuple of AuditView
        One view per band whose identity holds (empty without bands).
    """
    from pipeline.analysis import representation as rep
    from pipeline.disclosure.counts import count_key
    from pipeline.disclosure.estimates import estimate_key

    frame = flows.frame
    staff: dict[tuple[int, str], tuple[tuple, float]] = {}
    for item in tables:
        if not isinstance(item, Planned) or item.kind != "estimates" or item.source != "cbs":
            continue
        rows = item.frame[item.frame["group"].isin(list(frame.index))]
        for row in rows.itertuples(index=False):
            if row.wave in (year - 1, year) and row.n == row.n:
                staff.setdefault((int(row.wave), str(row.group)), (estimate_key(
                    row.wave, str(row.base), str(row.indicator), str(row.breakdown),
                    str(row.group)), float(row.n)))
    row_var = str(frame.index.name or "rij")
    col_var = str(frame.columns.name or "kolom")
    gaps = rep.stock_flow_gaps(frame)
    views = []
    for band in frame.index:
        if gaps[band] != 0:
            continue
        cells = [count_key(str(flows.population), row_var, col_var, str(band), c)
                 for c in rep.FLOW_COLUMNS]
        flow = frame.loc[band]
        keys = [*cells, ("structuur", "stroom", year, str(band))]
        # start + in + door in = end + door uit + uit (both sides: the auxiliary cell)
        constraints = [((0, 1, 2), 6), ((5, 3, 4), 6)]
        for when, column in ((year - 1, rep.START), (year, rep.END)):
            known = staff.get((when, str(band)))
            if known is not None and known[1] == flow[column]:
                keys.append(known[0])
                constraints.append(((rep.FLOW_COLUMNS.index(column),), len(keys) - 1))
        views.append(AuditView(keys=tuple(keys), labels=tuple(str(k[-1]) for k in keys),
                               values=(None,) * len(keys), constraints=tuple(constraints)))
    return tuple(views)


def samenvatting(data: WaveData) -> list[Item]:
    """Tables of the summary: none of its own (it reads the other sections' tables).

    The groups that stand out are named from the figures' published tables; a table of only
    those groups would hold part of a breakdown, and the gate would then hide more groups of
    that base in every table to keep the part from being completed by subtraction.
    """
    del data
    return []


UNIT_TOPICS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("kerncijfers", "Kerncijfers (afgelopen twaalf maanden) tegen de rest van de organisatie, "
     "naar {level}", sections.KEY_FIGURES, sections.KEY_FIGURES),
    ("veiligheid", "Psychologische veiligheid (gemiddelde, 1-7) tegen de rest van de "
     "organisatie, naar {level}", ("ps_score",), ("ps_score",)),
    ("vormen", "Vormen van ongewenst gedrag (minstens één keer), naar {level}",
     sections.UB_FORM_INDICATORS, sections.UB_FORM_INDICATORS),
    ("gronden", "Discriminatiegronden, naar {level} (aandeel van wie discriminatie ervoer)",
     sections.GROUND_INDICATORS, sections.UNIT_GROUND_INDICATORS),
    ("daders", "Plegers van discriminatie, naar {level} (aandeel van wie discriminatie ervoer)",
     sections.DISCR_BY_INDICATORS, sections.DISCR_BY_INDICATORS),
    ("verteld", "Bij wie men het vertelde, naar {level} (aandeel van wie ongewenst gedrag of "
     "discriminatie meemaakte)", sections.TOLD_INDICATORS, sections.TOLD_INDICATORS),
)
"""The unit section's tables: name, caption, items per cluster, items per directie (fewer:
a directie's base of the discriminated is small, so only the most named grounds)."""


def reported_units(data: WaveData, rules: DisclosureRules) -> pd.DataFrame:
    """Every cluster and directie of the wave, whether it gets a unit report and why not.

    From the precision planner's achieved verdict (:func:`reporting_level`): the same
    computation as the respons section's planner tables and text.
    """
    from pipeline.report.units import unit_list

    if not data.weighting.get("units"):
        return pd.DataFrame(columns=["level", "unit", "reported", "reason"])
    _, achieved, _ = reporting_level(data, rules)
    return unit_list(achieved, rules)


def eenheden(data: WaveData) -> list[Item]:
    """Tables of the unit reports: every reported cluster and directie against the rest.

    Per level, each table holds the organisation's total and the reported units
    (:func:`reported_units`); the key figures and psychological safety carry the
    group-vs-rest test of the estimates stage (:mod:`pipeline.report.units`). A chart of
    discrimination per unit draws the first key figure's rows.
    """
    from pipeline.report import units as u

    s = "eenheden"
    rules = DisclosureRules.from_params(data.params.get("disclosure"))
    listed = reported_units(data, rules)
    contrasts = data.processed("contrasts")
    alpha = float(data.params["estimation"].get("alpha", 0.05))
    out: list[Item] = []
    for level in u.LEVELS:
        names = listed.loc[(listed["level"] == level) & listed["reported"], "unit"].tolist()
        label = u.LEVEL_LABELS[level].lower()
        for topic, caption, items_cluster, items_directie in UNIT_TOPICS:
            name = f"eenheden-{level}-{topic}"
            items = data.asked(items_cluster if level == "cluster" else items_directie)
            have = set(data.estimates.loc[data.estimates["breakdown"] == level, "group"])
            if not names or not items or not have:
                text = (f"Geen {label} met genoeg respondenten voor een eenheidsrapport."
                        if have or not items else data.missing_text(items, [level]))
                out.append(Unavailable(data.wave, s, name, text))
                continue
            frame = u.compared_frame(with_base(data.estimates), contrasts, items, level, names,
                                     alpha)
            if topic not in ("kerncijfers", "veiligheid"):
                frame = frame.drop(columns=[c for c in frame.columns if c in (
                    "comparison", "diff", "diff_ci_low", "diff_ci_high", "p", "p_adj",
                    "p_adj_method", "family", "verdict")])
            out.append(Planned(data.wave, s, name, caption.format(level=label),
                               relabel(frame)))
        if names and "discr_ja" in data.asked(["discr_ja"]):
            frame = data.select(["discr_ja"], ["totaal", level])
            frame = frame[(frame["breakdown"] == "totaal") | frame["group"].isin(names)]
            subject = f"discriminatie ervaren, naar {label}"
            out.append(Planned(data.wave, s, f"eenheden-{level}-figuur",
                               subject[:1].upper() + subject[1:], relabel(frame),
                               figure=subject))
        else:
            out.append(Unavailable(data.wave, s, f"eenheden-{level}-figuur",
                                   f"Geen {label} met genoeg respondenten."))
    return out


def with_nesting(items: Sequence[Item], register: pd.DataFrame) -> list[Item]:
    """Give the wave's tables the directie-in-cluster structure (:func:`units.nesting`).

    Directie counts are published (the planner tables, the unit reports) as are cluster
    counts; the ledger hides a second directie where a cluster's line would hold one hidden,
    and the reader's audit knows that a cluster's directies add up to at most the cluster.
    The structure rides on the first estimate table that shows directies.
    """
    from pipeline.report.units import LEVEL_LABELS, nesting

    planned = [i for i in items if isinstance(i, Planned) and i.kind == "estimates"]
    directie = LEVEL_LABELS["directie"]
    first = next((i for i in planned if "breakdown" in i.frame
                  and (i.frame["breakdown"] == directie).any()), None)
    if first is None:
        return list(items)
    from pipeline.report.units import parents

    nested, views = nesting([i.frame for i in planned], parents(register))
    if not nested:
        return list(items)
    return [replace(i, nested=nested, known=(*i.known, *views)) if i is first else i
            for i in items]


SECTIONS: dict[str, Callable[[WaveData], list[Item]]] = {
    "samenvatting": samenvatting,
    "respons": respons,
    "prevalentie": prevalentie,
    "gronden": gronden,
    "representatie": representatie,
    "eenheden": eenheden,
}
"""The table list of each report section (``report.sections`` in params.yaml)."""


def wave_tables(data: WaveData, section_names: Sequence[str]) -> list[Item]:
    """Every table of the given sections of one wave."""
    unknown = [s for s in section_names if s not in SECTIONS]
    if unknown:
        raise KeyError(f"report.sections names unknown section(s) {', '.join(unknown)}; known: "
                       f"{', '.join(SECTIONS)}")
    items = [item for name in section_names for item in SECTIONS[name](data)]
    return with_nesting(items, data.processed("hr"))
