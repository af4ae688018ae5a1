"""Dutch texts of the gate: the legend, notes, and the rules and counts for the methods section."""

from __future__ import annotations

from pipeline.disclosure.published import MARK, SuppressionCounts
from pipeline.disclosure.rounding import format_count, format_number
from pipeline.disclosure.rules import DisclosureRules

UNITS = {"survey": "respondenten", "hr": "medewerkers", "cbs": "medewerkers"}
"""Dutch unit of the counts of each source."""


def _numerator_bound(rules: DisclosureRules, unit: str) -> str:
    """'minder dan 10 respondenten met of zonder de uitkomst' (two numbers when they differ)."""
    if rules.min_numerator == rules.min_complement:
        return f"minder dan {format_count(rules.min_numerator)} {unit} met of zonder de uitkomst"
    return (
        f"minder dan {format_count(rules.min_numerator)} {unit} met of minder dan "
        f"{format_count(rules.min_complement)} zonder de uitkomst"
    )


def legend(rules: DisclosureRules, source: str, percentages: bool = True) -> str:
    """Return the Dutch legend of the suppression mark for a table from ``source``.

    Parameters
    ----------
    rules : DisclosureRules
        Every number in the legend comes from here.
    source : {"survey", "hr", "cbs"}
        Gives the threshold and the unit (respondenten, medewerkers).
    percentages : bool, default True
        Whether the table can show percentages (estimate tables); a crosstab of counts
        does not mention the numerator rule.

    Examples
    --------
    >>> print(legend(DisclosureRules(), "survey"))  # doctest: +NORMALIZE_WHITESPACE
    · = onderdrukt: te weinig respondenten (minder dan 10), herleidbaar uit andere cellen,
    0% of 100% in een groep van minder dan 50, of een percentage dat minder dan 10
    respondenten met of zonder de uitkomst prijsgeeft
    >>> print(legend(DisclosureRules(min_complement=12), "cbs"))  # doctest: +NORMALIZE_WHITESPACE
    · = onderdrukt: te weinig medewerkers (minder dan 250), herleidbaar uit andere cellen,
    of een percentage dat minder dan 10 medewerkers met of minder dan 12 zonder de uitkomst
    prijsgeeft
    >>> legend(DisclosureRules(), "cbs", percentages=False)
    '· = onderdrukt: te weinig medewerkers (minder dan 250) of herleidbaar uit andere cellen'
    """
    unit = UNITS[source]
    text = f"{MARK} = onderdrukt: te weinig {unit} (minder dan {format_count(rules.min_n(source))})"
    group = (
        f"0% of 100% in een groep van minder dan {format_count(rules.group_disclosure_max_n)}"
        if source == "survey"
        else ""
    )
    numerator = (
        f"een percentage dat {_numerator_bound(rules, unit)} prijsgeeft" if percentages else ""
    )
    extra = [part for part in (group, numerator) if part]
    if not extra:
        return f"{text} of herleidbaar uit andere cellen"
    if len(extra) == 1:
        return f"{text}, herleidbaar uit andere cellen, of {extra[0]}"
    return f"{text}, herleidbaar uit andere cellen, {extra[0]}, of {extra[1]}"


def rounding_note(rules: DisclosureRules) -> str:
    """Return the Dutch note on rounding of counts (empty when counts are not rounded).

    Examples
    --------
    >>> rounding_note(DisclosureRules(round_count=5))
    'Aantallen zijn afgerond op veelvouden van 5; totalen kunnen daardoor afwijken van de som.'
    >>> rounding_note(DisclosureRules(round_count=1))
    ''
    """
    if rules.round_count == 1:
        return ""
    return (
        f"Aantallen zijn afgerond op veelvouden van {format_count(rules.round_count)}; "
        "totalen kunnen daardoor afwijken van de som."
    )


def _percent_precision(decimals: int) -> str:
    if decimals == 0:
        return "hele procenten"
    return f"{decimals} {'decimaal' if decimals == 1 else 'decimalen'}"


def describe_rules(rules: DisclosureRules) -> str:
    """State the disclosure rules in Dutch, with every threshold taken from ``rules``.

    Parameters
    ----------
    rules : DisclosureRules

    Returns
    -------
    str
        A paragraph for the methods section of a report.

    Examples
    --------
    >>> text = describe_rules(DisclosureRules(survey_min_n=15))
    >>> "minder dan 15 respondenten" in text
    True
    >>> "minstens 10 respondenten (of medewerkers) de uitkomst hebben en minstens 10 niet" in text
    True
    """
    numerator = format_count(rules.min_numerator)
    complement = format_count(rules.min_complement)
    below = (
        f"geen aantal onder de {numerator}"
        if rules.min_numerator == rules.min_complement
        else f"geen aantal met de uitkomst onder de {numerator} of zonder onder de {complement}"
    )
    whole = rules.protection_interval % 1 == 0
    interval = format_number(rules.protection_interval, 0 if whole else 1)
    counts = (
        f"Aantallen zijn afgerond op veelvouden van {format_count(rules.round_count)}"
        if rules.round_count > 1
        else "Aantallen zijn niet afgerond"
    )
    return (
        "Om te voorkomen dat uitkomsten tot personen herleidbaar zijn, gelden vaste regels. "
        f"Cellen met minder dan {format_count(rules.survey_min_n)} respondenten (enquête), "
        f"minder dan {format_count(rules.hr_min_n)} medewerkers (HR-registratie) of minder dan "
        f"{format_count(rules.cbs_min_n)} medewerkers (CBS-tabellen) worden niet getoond "
        "(primaire onderdrukking). Waar een onderdrukte cel uit totalen of andere cellen te "
        "berekenen zou zijn, worden ook andere cellen onderdrukt (secundaire onderdrukking); "
        "een controle met lineaire programmering bevestigt voor elk rapport dat geen "
        f"onderdrukt aantal tot een marge van minder dan {interval} te bepalen is. "
        "Een percentage van 0% of 100% wordt niet getoond in een groep van minder dan "
        f"{format_count(rules.group_disclosure_max_n)} respondenten. Een percentage wordt "
        f"alleen getoond als minstens {numerator} respondenten (of medewerkers) de uitkomst "
        f"hebben en minstens {complement} niet, of als de afronding van percentage en aantal "
        f"{below} prijsgeeft; ook een gewogen percentage dat samen met het aantal op zo'n klein "
        "aantal wijst, wordt niet getoond (het aantal blijft wel zichtbaar). Bij een verdeling "
        "(aandelen van één geheel, samen 100%) wordt het aandeel van een deel dat minder "
        "personen telt dan de drempel van de bron niet getoond; ontbreekt dan precies één "
        "aandeel, dan ook het kleinste andere, zodat het ontbrekende niet als 100% min de rest "
        "te berekenen is. Een kruising van twee "
        "kenmerken wordt alleen getoond als elke cel de drempel haalt. Een kenmerk met minder "
        f"dan {format_count(rules.min_breakdown_n)} respondenten in een meting wordt niet "
        f"uitgesplitst. {counts}; percentages op {_percent_precision(rules.round_percent)}."
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe_counts(counts: SuppressionCounts) -> str:
    """State in Dutch how many cells each rule hid in a report.

    Examples
    --------
    >>> counts = SuppressionCounts(primary=3, secondary=2, group=1, numerator=2, withheld=1)
    >>> print(describe_counts(counts))  # doctest: +NORMALIZE_WHITESPACE
    In dit rapport zijn daardoor 8 cellen niet getoond: 3 wegens te weinig waarnemingen,
    2 omdat ze herleidbaar waren uit andere cellen, 1 wegens 0% of 100% in een kleine groep
    en 2 omdat het percentage een te klein aantal met of zonder de uitkomst zou prijsgeven.
    Daarnaast is 1 kruising niet getoond.
    >>> describe_counts(SuppressionCounts())
    'In dit rapport hoefde geen enkele cel onderdrukt te worden.'
    """
    parts = []
    if counts.cells:
        parts.append(
            f"In dit rapport zijn daardoor {_plural(counts.cells, 'cel', 'cellen')} niet getoond: "
            f"{counts.primary} wegens te weinig waarnemingen, {counts.secondary} omdat ze "
            f"herleidbaar waren uit andere cellen, {counts.group} wegens 0% of 100% in een "
            f"kleine groep en {counts.numerator} omdat het percentage een te klein aantal met "
            "of zonder de uitkomst zou prijsgeven."
        )
    else:
        parts.append("In dit rapport hoefde geen enkele cel onderdrukt te worden.")
    extra = []
    if counts.withheld:
        extra.append(f"{_plural(counts.withheld, 'kruising', 'kruisingen')} niet getoond")
    if counts.dropped:
        extra.append(
            f"{_plural(counts.dropped, 'uitsplitsing', 'uitsplitsingen')} weggelaten"
        )
    if extra:
        verb = "is" if (counts.withheld or counts.dropped) == 1 else "zijn"
        parts.append(f"Daarnaast {verb} {' en '.join(extra)}.")
    return " ".join(parts)
