"""Dutch texts of the gate: the legend, notes, and the rules and counts for the methods section."""

from __future__ import annotations

from pipeline.disclosure.published import MARK, SuppressionCounts
from pipeline.disclosure.rounding import format_count, format_number
from pipeline.disclosure.rules import DisclosureRules

UNITS = {"survey": "respondenten", "hr": "medewerkers", "cbs": "medewerkers"}
"""Dutch unit of the counts of each source."""


def legend(rules: DisclosureRules, source: str) -> str:
    """Return the Dutch legend of the suppression mark for a table from ``source``.

    Examples
    --------
    >>> print(legend(DisclosureRules(), "survey"))  # doctest: +NORMALIZE_WHITESPACE
    · = onderdrukt: te weinig respondenten (minder dan 10), herleidbaar uit andere cellen,
    of 0% of 100% in een groep van minder dan 50
    >>> legend(DisclosureRules(), "cbs")
    '· = onderdrukt: te weinig medewerkers (minder dan 250) of herleidbaar uit andere cellen'
    """
    text = (
        f"{MARK} = onderdrukt: te weinig {UNITS[source]} (minder dan "
        f"{format_count(rules.min_n(source))})"
    )
    if source == "survey":
        return (
            f"{text}, herleidbaar uit andere cellen, of 0% of 100% in een groep van minder dan "
            f"{format_count(rules.group_disclosure_max_n)}"
        )
    return f"{text} of herleidbaar uit andere cellen"


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
    """
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
        f"{format_count(rules.group_disclosure_max_n)} respondenten. Een kruising van twee "
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
    >>> counts = SuppressionCounts(primary=3, secondary=2, group=1, withheld=1)
    >>> print(describe_counts(counts))  # doctest: +NORMALIZE_WHITESPACE
    In dit rapport zijn daardoor 6 cellen niet getoond: 3 wegens te weinig waarnemingen,
    2 omdat ze herleidbaar waren uit andere cellen en 1 wegens 0% of 100% in een kleine groep.
    Daarnaast is 1 kruising niet getoond.
    >>> describe_counts(SuppressionCounts())
    'In dit rapport hoefde geen enkele cel onderdrukt te worden.'
    """
    parts = []
    if counts.cells:
        parts.append(
            f"In dit rapport zijn daardoor {_plural(counts.cells, 'cel', 'cellen')} niet getoond: "
            f"{counts.primary} wegens te weinig waarnemingen, {counts.secondary} omdat ze "
            f"herleidbaar waren uit andere cellen en {counts.group} wegens 0% of 100% in een "
            "kleine groep."
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
