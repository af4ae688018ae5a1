"""Which canonical variable a raw column holds, guessed only where name or label make it clear.

The exact canonical name, or keyword rules on the (Dutch) label or header; everything else is
left to the user, with a ``TODO`` in the draft. Code maps: :mod:`pipeline.scaffold.codes`.
"""

from __future__ import annotations

import re

from pipeline.ingest.variables import (
    DISCR_GROUNDS,
    NO_REPORT_REASONS,
    SOURCES,
    SURVEY_VARIABLES,
    TOLD_CHANNELS,
    UB_FORMS,
    WAVE_CONSTANTS,
)
from pipeline.scaffold.profile import ColumnProfile, norm

_MISSING = re.compile(
    r"^(weet (ik )?(het )?niet|wil (ik )?(niet )?zeggen|wil ik niet zeggen|zeg ik liever niet"
    r"|liever niet zeggen|geen antwoord|geen mening|n\.?v\.?t\.?|niet van toepassing|onbekend"
    r"|missing|refused|don'?t know|no answer)$"
)


def is_missing_label(label: str) -> bool:
    """Return True for a label meaning "no answer" (``weet niet``, ``wil ik niet zeggen``, ...).

    Examples
    --------
    >>> is_missing_label("Weet niet"), is_missing_label("weet ik niet zeker")
    (True, False)
    """
    return bool(_MISSING.match(norm(label).rstrip(".:; ")))


def _has(text: str, *words: str) -> bool:
    return any(w in text for w in words)


def _first(text: str, options: dict[str, tuple[str, ...]]) -> str | None:
    for name, words in options.items():
        if _has(text, *words):
            return name
    return None


_SOURCE_WORDS = {s: (s.replace("_", " "),) for s in SOURCES}
_SOURCE_WORDS["burger"] = ("burger", "bewoner", "klant", "inwoner")
_GROUND_WORDS: dict[str, tuple[str, ...]] = {
    "seksuele_orientatie": ("seksuele orientatie", "seksuele voorkeur"),
    "herkomst": ("herkomst", "afkomst", "etnisch"),
    "huidskleur": ("huidskleur",),
    "religie": ("religie", "geloof", "levensbeschouwing"),
    "nationaliteit": ("nationaliteit",),
    "naam_accent": ("naam", "accent"),
    "leeftijd": ("leeftijd",),
    "gender": ("gender", "geslacht"),
    "beperking": ("beperking", "chronische ziekte"),
    "neurodivergentie": ("neurodivergen", "autisme", "adhd"),
    "zwangerschap_ouderschap": ("zwanger", "ouderschap"),
    "contractvorm": ("contract",),
    "functieniveau": ("functieniveau", "functie"),
    "anders": ("anders",),
}
_CHANNEL_WORDS = {c: (c.replace("_", " "),) for c in TOLD_CHANNELS}
_CHANNEL_WORDS["hr"] = ("hr", "p&o", "personeelszaken")
_REASON_WORDS = {r: (r.replace("_", " "),) for r in NO_REPORT_REASONS}
_UB_WORDS: dict[str, tuple[str, ...]] = {
    "seksuele_intimidatie": ("seksuele intimidatie", "seksueel"),
    "fysiek_geweld": ("fysiek", "geweld"),
    "verbale_agressie": ("verbale agressie", "verbaal", "uitgescholden"),
    "micro_agressie": ("micro",),
    "intimidatie": ("intimidatie", "geintimideerd"),
    "roddel": ("roddel",),
    "uitsluiting": ("uitsluiting", "buitengesloten", "uitgesloten"),
    "vernedering": ("vernedering", "vernederd"),
    "pesten": ("pesten", "gepest"),
}
assert set(_UB_WORDS) == set(UB_FORMS)
assert set(_GROUND_WORDS) == set(DISCR_GROUNDS)


def _family(t: str) -> str | None:
    """Items of a family (``ps*``, ``*_by_*``, grounds, channels, reasons, forms)."""
    if _has(t, "psychologische veiligheid", "psych veiligheid") or re.match(r"^ps ?\d$", t):
        digit = re.search(r"\b([1-7])\b", t)
        return f"ps{digit.group(1)}" if digit else None
    source = _first(t, _SOURCE_WORDS)
    if source and re.search(r"\bdoor\b", t):
        if "discrimin" in t:
            return f"discr_by_{source}"
        if _has(t, "ongewenst", "gedrag"):
            return f"ub_by_{source}"
    if re.search(r"\bgrond", t) or ("discrimin" in t and _has(t, "vanwege", "op grond")):
        ground = _first(t, _GROUND_WORDS)
        return f"discr_ground_{ground}" if ground else None
    if _has(t, "gewend tot", "gemeld bij", "verteld aan", "contact opgenomen met"):
        channel = _first(t, _CHANNEL_WORDS)
        return f"told_{channel}" if channel else None
    if _has(t, "niet gemeld", "geen melding"):
        reason = _first(t, _REASON_WORDS)
        return f"no_report_{reason}" if reason else None
    if _has(t, "gezien", "getuige"):
        if "discrimin" in t:
            return "witness_discr"
        if _has(t, "ongewenst", "gedrag"):
            return "witness_ub"
    if "tevreden" in t and _has(t, "melding", "afhandeling"):
        return "report_satisfaction"
    form = _first(t, _UB_WORDS)
    if form:
        return f"ub_{form}"
    if _has(t, "discrimin"):
        return "discr"
    return None


def _background(t: str) -> str | None:
    if "geboorteland" in t or "geboren" in t:
        if "moeder" in t:
            return "country_mother"
        if "vader" in t:
            return "country_father"
        return "country_self"
    rules: list[tuple[str, tuple[str, ...]]] = [
        ("education", ("opleiding",)),  # before complete: "hoogst voltooide opleiding"
        ("complete", ("status", "voltooid", "compleet", "volledig ingevuld", "afgerond")),
        ("cluster", ("cluster",)),
        ("directie", ("directie", "afdeling", "stadsdeel")),
        ("schaal_band", ("schaal",)),
        ("manager", ("leidinggevende", "geeft leiding", "leiding geven", "leidinggeven")),
        ("age_band", ("leeftijd",)),
        ("gender", ("geslacht", "gender")),
        ("disability", ("beperking", "chronische ziekte")),
        ("lhbtiq", ("lhbti",)),
        ("religion", ("religie", "geloof", "levensbeschouwing")),
    ]
    for name, words in rules:
        if _has(t, *words):
            return name
    return None


def guess_variable(profile: ColumnProfile) -> str | None:
    """Return the canonical variable a raw column clearly holds, or None.

    Parameters
    ----------
    profile : ColumnProfile
        The raw column.

    Returns
    -------
    str or None
        A canonical survey variable that may be read from a raw column.

    Examples
    --------
    >>> guess_variable(ColumnProfile("Q40_2", "Geboorteland moeder"))
    'country_mother'
    >>> guess_variable(ColumnProfile("Q21_6", "Grond: leeftijd"))
    'discr_ground_leeftijd'
    >>> guess_variable(ColumnProfile("Leeftijdsgroep")), guess_variable(ColumnProfile("Q99"))
    ('age_band', None)
    """
    exact = norm(profile.name).replace(" ", "_").replace("-", "_")
    if exact in SURVEY_VARIABLES:
        var = SURVEY_VARIABLES[exact]
        return None if var.derived or exact in WAVE_CONSTANTS else exact
    if profile.role == "id":
        return "resp_id"
    text = profile.text
    return _family(text) or _background(text)
