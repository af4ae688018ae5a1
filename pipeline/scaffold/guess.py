"""Guesses of the scaffolder: which canonical variable a raw column holds, and its code map.

Guesses are made only where the name or label makes it clear: the exact canonical name, or
keyword rules on the (Dutch) label; codes are mapped where a value label (or, for a coded text
column, the value itself) matches a canonical code. Everything else is left to the user, with a
``TODO`` in the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.ingest.countries import alpha2_by, iso_codes
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


# --------------------------------------------------------------------------- codes

_TRUE = {"ja", "yes", "true", "waar", "wel", "genoemd", "aangevinkt", "geselecteerd", "gekozen"}
_FALSE = {"nee", "no", "false", "onwaar", "niet", "niet genoemd", "niet aangevinkt",
          "niet geselecteerd", "niet gekozen"}
_COMPLETE_TRUE = {"volledig", "voltooid", "compleet", "afgerond", "complete", "finished", "klaar"}
_COMPLETE_FALSE = {"gedeeltelijk", "onvolledig", "niet voltooid", "incompleet", "niet afgerond",
                   "partial", "niet compleet"}
_FREQ = [  # label pattern -> ub code (0 nooit ... 4 wekelijks of vaker)
    (r"^nooit", 0), (r"^(een|1) ?(keer|maal)|^eenmalig|^eenmaal", 1),
    (r"enkele|paar|meerdere|af en toe|soms", 2), (r"maandelijks|per maand", 3),
    (r"wekelijks|dagelijks|per week|vaker", 4),
]
_SYNONYMS: dict[str, list[tuple[str, str]]] = {  # variable -> (label pattern, canonical code)
    "discr": [(r"twijfel|niet zeker|misschien", "twijfel")],
    "witness_discr": [(r"twijfel|niet zeker|misschien", "twijfel")],
    "gender": [(r"^non ?binair", "non-binair"), (r"^anders", "anders")],
    "education": [(r"vmbo|basis|lager", "basis/vmbo"), (r"havo|vwo", "havo/vwo"),
                  (r"^mbo", "mbo"), (r"^hbo", "hbo"), (r"^wo\b|universit", "wo")],
    "religion": [(r"^geen", "geen"), (r"christ|katholiek|protestant", "christelijk"),
                 (r"islam|moslim", "islamitisch"), (r"jood|joden", "joods"),
                 (r"hindoe", "hindoeistisch"), (r"boeddh", "boeddhistisch"),
                 (r"^anders", "anders")],
}


@dataclass
class CodeGuess:
    """The guessed ``columns:`` entry of one canonical variable.

    Parameters
    ----------
    spec : dict
        The entry (``raw``, ``codes`` or ``codeset``, ``label``) as it will be written.
    todo : list of str
        What the user must still check or fill in (no cell values).
    missing : dict
        Codes of this column that mean "no answer" (code -> label).
    """

    spec: dict[str, Any]
    todo: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)


def _yaml_key(code: str) -> int | str:
    return int(code) if code.lstrip("-").isdigit() else code


def _band(label: str, values: tuple[str, ...]) -> str | None:
    nums = re.findall(r"\d+", label)
    if len(nums) >= 2 and f"{nums[0]}-{nums[1]}" in values:
        return f"{nums[0]}-{nums[1]}"
    if len(nums) == 1:
        if re.search(r"hoger|ouder|meer|\+|boven", label) and f"{nums[0]}+" in values:
            return f"{nums[0]}+"
        if re.search(r"jonger|onder|<|lager dan", label) and f"<{nums[0]}" in values:
            return f"<{nums[0]}"
    return None


def _code_value(name: str, label: str, code: str) -> Any:
    """Return the canonical value a labelled raw code maps to, or None."""
    var = SURVEY_VARIABLES[name]
    t = norm(label).rstrip(".:; ")
    if var.kind == "bool":
        true = _TRUE | (_COMPLETE_TRUE if name == "complete" else set())
        false = _FALSE | (_COMPLETE_FALSE if name == "complete" else set())
        return True if t in true else False if t in false else None
    if var.kind == "int":
        low, high = var.values  # type: ignore[misc]
        if name.startswith("ub_"):
            for pattern, value in _FREQ:
                if re.search(pattern, t):
                    return value
        if t.isdigit() and low <= int(t) <= high:
            return int(t)
        return None
    values = var.values or ()
    for value in values:
        if t == norm(value):
            return value
    if name in ("age_band", "schaal_band"):
        return _band(t, values)
    for pattern, value in _SYNONYMS.get(name, []):
        if re.search(pattern, t):
            return value
    return None


def _country_codeset(p: ColumnProfile) -> str | None:
    keys = set(p.keys)
    if not keys:
        return None
    for codeset, known in (("iso2", set(iso_codes())), ("country_numeric", set(alpha2_by(
            "numeric"))), ("country_name_nl", set(alpha2_by("name_nl")))):
        if len(keys & known) >= 0.8 * len(keys):
            return codeset
    return None


def guess_codes(name: str, p: ColumnProfile) -> CodeGuess:
    """Return the draft ``columns:`` entry for canonical variable `name` read from column `p`.

    Parameters
    ----------
    name : str
        Canonical variable.
    p : ColumnProfile
        The raw column.

    Returns
    -------
    CodeGuess

    Examples
    --------
    >>> labels = {"1": "Ja", "2": "Nee", "9": "Weet niet"}
    >>> p = ColumnProfile("Q41", "Beperking", value_labels=labels)
    >>> g = guess_codes("disability", p)
    >>> g.spec, g.missing, g.todo
    ({'raw': 'Q41', 'codes': {1: True, 2: False}, 'label': 'Beperking'}, {'9': 'Weet niet'}, [])
    """
    var = SURVEY_VARIABLES[name]
    spec: dict[str, Any] = {"raw": p.name}
    guess = CodeGuess(spec)
    labels = p.labels
    guess.missing = {c: lab for c, lab in labels.items() if is_missing_label(lab)}
    if name == "resp_id":
        pass
    elif name.startswith("country_"):
        codeset = _country_codeset(p)
        if codeset:
            spec["codeset"] = codeset
        else:
            guess.todo.append("birth countries: choose codeset iso2, country_numeric or "
                              "country_name_nl, or list codes: raw code -> ISO alpha-2")
    elif var.kind == "str" and var.values is None:  # organisation units
        spec["codeset"] = "by_label" if p.value_labels else "text"
    elif var.kind == "int" and not p.value_labels and p.keys and all(
            k.isdigit() and var.values[0] <= int(k) <= var.values[1]  # type: ignore[index]
            for k in p.keys if k not in guess.missing):
        spec["codeset"] = "int"
    else:
        _code_map(name, p, labels, guess)
    if p.label:
        spec["label"] = p.label
    return guess


def _code_map(name: str, p: ColumnProfile, labels: dict[str, str], guess: CodeGuess) -> None:
    var = SURVEY_VARIABLES[name]
    ticks = {k for k in p.keys if k not in guess.missing}
    if var.kind == "bool" and not p.value_labels and ticks and ticks <= {"0", "1"}:
        guess.spec["codes"] = {1: True, 0: False}
        guess.todo.append("check: 1 = ja/genoemd, 0 = nee/niet genoemd?")
        return
    if not labels:
        guess.todo.append("no value labels: list codes (raw code -> canonical value)")
        return
    codes: dict[int | str, Any] = {}
    unmatched: list[str] = []
    for code, label in labels.items():
        if code in guess.missing:
            continue
        value = _code_value(name, label, code)
        if value is None or value in codes.values():
            unmatched.append(code)
        else:
            codes[_yaml_key(code)] = value
    if not codes and var.kind == "int":
        ints = sorted(int(c) for c in labels if c.isdigit() and c not in guess.missing)
        low, high = var.values  # type: ignore[misc]
        if ints and ints == list(range(ints[0], ints[0] + high - low + 1)):
            codes = {c: low + i for i, c in enumerate(ints)}
            unmatched = []
            guess.todo.append(f"check: codes in label order, lowest = {low}")
    if codes:
        guess.spec["codes"] = codes
    if unmatched:
        shown = ", ".join(str(_yaml_key(c)) for c in unmatched)
        guess.todo.append(f"codes not mapped: {shown} (add them, or list them under missing:)")
