"""Draft code maps: raw codes (value labels, or coded values) -> canonical codes.

A code is mapped only where its label matches a canonical code (case and accents ignored;
``ja``/``nee`` -> ``true``/``false``, ``25-34 jaar`` -> ``25-34``, ``nooit`` -> 0, ...); labels
meaning "no answer" become missing codes; everything else is left as a ``TODO``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.ingest.countries import alpha2_by, iso_codes
from pipeline.ingest.variables import SURVEY_VARIABLES
from pipeline.scaffold.guess import is_missing_label
from pipeline.scaffold.profile import ColumnProfile, norm

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
