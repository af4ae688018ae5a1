"""The indicators the reports estimate: names, Dutch labels, bases, families.

One catalogue drives the estimates stage, the report text and the "niet gevraagd" notes. An
indicator whose source columns are absent from a wave (the monitor asks a subset) is reported
as not asked, never estimated from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

UB_FORMS: dict[str, str] = {
    "pesten": "pesten",
    "vernedering": "vernedering",
    "uitsluiting": "buitensluiten",
    "roddel": "roddelen",
    "micro_agressie": "micro-agressie",
    "verbale_agressie": "verbale agressie",
    "intimidatie": "intimidatie",
    "fysiek_geweld": "fysiek geweld",
    "seksuele_intimidatie": "seksuele intimidatie",
}
SOURCES: dict[str, str] = {
    "leidinggevende": "leidinggevende",
    "hoger_management": "hoger management",
    "collega": "collega",
    "ondergeschikte": "ondergeschikte",
    "burger": "burger of klant",
}
GROUNDS: dict[str, str] = {
    "herkomst": "herkomst of etniciteit",
    "huidskleur": "huidskleur",
    "religie": "religie",
    "nationaliteit": "nationaliteit",
    "naam_accent": "naam of accent",
    "leeftijd": "leeftijd",
    "gender": "gender",
    "seksuele_orientatie": "seksuele oriëntatie",
    "beperking": "beperking of chronische ziekte",
    "neurodivergentie": "neurodivergentie",
    "zwangerschap_ouderschap": "zwangerschap of ouderschap",
    "contractvorm": "contractvorm",
    "functieniveau": "functieniveau",
    "anders": "anders",
}
CHANNELS: dict[str, str] = {
    "collega": "een collega",
    "leidinggevende": "de leidinggevende",
    "vertrouwenspersoon": "een vertrouwenspersoon",
    "hr": "HR",
    "meldpunt_intern": "een intern meldpunt",
    "meldpunt_extern": "een extern meldpunt",
    "niemand": "niemand",
}
NO_REPORT: dict[str, str] = {
    "geen_zin": "het heeft geen zin",
    "niet_ernstig_genoeg": "niet ernstig genoeg",
    "angst_gevolgen": "angst voor de gevolgen",
    "niet_weten_waar": "niet weten waar",
    "geen_vertrouwen": "geen vertrouwen in de afhandeling",
    "zelf_opgelost": "zelf opgelost",
}
BASES: dict[str, str] = {
    "alle": "alle respondenten",
    "ub": "respondenten die ongewenst gedrag meemaakten",
    "discr": "respondenten die discriminatie ervoeren",
    "geraakt": "respondenten die ongewenst gedrag of discriminatie meemaakten",
    "formeel": "respondenten die het meldden bij iemand anders dan een collega",
    "niet_gemeld": "respondenten die het niet formeel meldden",
}
BREAKDOWN_LABELS: dict[str, str] = {
    "totaal": "Totaal",
    "herkomst": "Herkomst (CBS, nieuwe indeling)",
    "migratieachtergrond": "Migratieachtergrond (oude indeling)",
    "gender": "Gender",
    "age_band": "Leeftijd",
    "schaal_band": "Salarisschaal",
    "disability": "Beperking of chronische ziekte",
    "lhbtiq": "LHBTIQ+",
    "cluster": "Cluster",
    "manager": "Leidinggevende",
    "religion": "Religie",
    "education": "Opleiding",
    "directie": "Directie",
}


# Reading order of categories (estimates come out alphabetically).
CATEGORY_ORDER: dict[str, tuple[str, ...]] = {
    "schaal_band": ("1-5", "6-8", "9-11", "12-14", "15+"),
    "age_band": ("<25", "25-34", "35-44", "45-54", "55+"),
    "gender": ("man", "vrouw", "non-binair", "anders"),
    "herkomst": ("Nederland", "Europa", "Buiten-Europa"),
    "migratieachtergrond": ("Nederlands", "westers", "niet-westers"),
    "education": ("basis/vmbo", "mbo", "havo/vwo", "hbo", "wo"),
    "disability": ("ja", "nee"), "lhbtiq": ("ja", "nee"), "manager": ("ja", "nee"),
}


def group_rank(breakdown: str, group: str) -> tuple[int, ...]:
    """Sort key of a group in reading order (two-way: by each part; unknown groups last).

    Examples
    --------
    >>> sorted(["15+", "1-5", "9-11"], key=lambda g: group_rank("schaal_band", g))
    ['1-5', '9-11', '15+']
    >>> group_rank("herkomst × gender", "Europa × vrouw")
    (1, 1)
    """
    if group == "totaal":
        return (-1,)
    parts = group.split(" × ")
    names = breakdown.split(" × ")
    if len(parts) != len(names):
        return (999,)
    ranks = []
    for name, part in zip(names, parts, strict=True):
        order = CATEGORY_ORDER.get(name, ())
        ranks.append(order.index(part) if part in order else 998)
    return tuple(ranks)


@dataclass(frozen=True)
class Indicator:
    """One estimated quantity.

    Attributes
    ----------
    name : str
        Column name in the indicator frame and the tidy table (e.g. ``ub_any``).
    label : str
        Dutch label for tables and text.
    family : str
        Multiple-testing family (all breakdowns of related indicators).
    base : str
        Key of :data:`BASES`: who the share is among.
    needs : tuple of str
        Canonical columns the indicator is built from (any present suffices for ``ub_any``).
    kind : str
        ``proportion`` or ``mean``.
    """

    name: str
    label: str
    family: str
    base: str
    needs: tuple[str, ...]
    kind: str = "proportion"


def _catalogue() -> tuple[Indicator, ...]:
    ub_items = tuple(f"ub_{f}" for f in UB_FORMS)
    items = [
        Indicator("ub_any", "ongewenst gedrag (minstens één vorm)", "ongewenst_gedrag", "alle",
                  ub_items),
        *[Indicator(f"ub_{f}", label, "ongewenst_gedrag", "alle", (f"ub_{f}",))
          for f, label in UB_FORMS.items()],
        Indicator("discr_ja", "discriminatie ervaren", "discriminatie", "alle", ("discr",)),
        Indicator("discr_twijfel", "twijfel of het discriminatie was", "discriminatie", "alle",
                  ("discr",)),
        Indicator("witness_ub", "ongewenst gedrag gezien bij een collega", "getuige", "alle",
                  ("witness_ub",)),
        Indicator("witness_discr_ja", "discriminatie gezien bij een collega", "getuige", "alle",
                  ("witness_discr",)),
        Indicator("witness_discr_twijfel", "twijfel of wat men zag discriminatie was",
                  "getuige", "alle", ("witness_discr",)),
        *[Indicator(f"discr_ground_{g}", label, "gronden", "discr", (f"discr_ground_{g}",))
          for g, label in GROUNDS.items()],
        Indicator("discr_by_manager", "een leidinggevende of hoger management",
                  "daders_discriminatie", "discr",
                  ("discr_by_leidinggevende", "discr_by_hoger_management")),
        *[Indicator(f"discr_by_{s}", label, "daders_discriminatie", "discr", (f"discr_by_{s}",))
          for s, label in SOURCES.items()],
        *[Indicator(f"ub_by_{s}", label, "daders_ongewenst_gedrag", "ub", (f"ub_by_{s}",))
          for s, label in SOURCES.items()],
        *[Indicator(f"told_{c}", label, "melden", "geraakt", (f"told_{c}",))
          for c, label in CHANNELS.items()],
        Indicator("report_satisfied", "tevreden over de afhandeling", "melden", "formeel",
                  ("report_satisfaction",)),
        *[Indicator(f"no_report_{r}", label, "niet_melden", "niet_gemeld", (f"no_report_{r}",))
          for r, label in NO_REPORT.items()],
        Indicator("ps_score", "psychologische veiligheid (1-7)", "veiligheid", "alle",
                  tuple(f"ps{k}" for k in range(1, 8)), kind="mean"),
    ]
    return tuple(items)


CATALOGUE: tuple[Indicator, ...] = _catalogue()
BY_NAME: dict[str, Indicator] = {i.name: i for i in CATALOGUE}


def indicator(name: str) -> Indicator:
    """Return the catalogue entry of ``name``.

    Examples
    --------
    >>> indicator("discr_ja").label
    'discriminatie ervaren'
    """
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"indicator {name!r} is not in the catalogue") from None


def _variable_labels() -> dict[str, str]:
    labels = {
        "complete": "vragenlijst afgerond", "cluster": "cluster", "directie": "directie",
        "schaal_band": "salarisschaal", "manager": "leidinggevende", "age_band": "leeftijd",
        "gender": "gender", "country_self": "geboorteland", "country_mother": "geboorteland moeder",
        "country_father": "geboorteland vader", "herkomst": "herkomst (afgeleid)",
        "migratieachtergrond": "migratieachtergrond (afgeleid)",
        "disability": "beperking of chronische ziekte", "lhbtiq": "LHBTIQ+", "religion": "religie",
        "education": "opleiding", "discr": "discriminatie ervaren", "witness_ub":
        "ongewenst gedrag gezien", "witness_discr": "discriminatie gezien",
        "report_satisfaction": "tevredenheid afhandeling",
    }
    labels |= {f"ub_{k}": f"ongewenst gedrag: {v}" for k, v in UB_FORMS.items()}
    labels |= {f"ub_by_{k}": f"ongewenst gedrag door: {v}" for k, v in SOURCES.items()}
    labels |= {f"discr_by_{k}": f"discriminatie door: {v}" for k, v in SOURCES.items()}
    labels |= {f"discr_ground_{k}": f"discriminatiegrond: {v}" for k, v in GROUNDS.items()}
    labels |= {f"told_{k}": f"vertelde het aan: {v}" for k, v in CHANNELS.items()}
    labels |= {f"no_report_{k}": f"niet gemeld: {v}" for k, v in NO_REPORT.items()}
    labels |= {f"ps{k}": f"psychologische veiligheid, stelling {k}" for k in range(1, 8)}
    return labels


VARIABLE_LABELS: dict[str, str] = _variable_labels()
