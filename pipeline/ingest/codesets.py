"""Code sets: how raw codes of one column become canonical values, and back.

A mapped column either lists its ``codes:`` (raw code -> canonical value; a named list from
the mapping's ``codesets:`` is the same thing) or names a built-in code set with
``codeset: <name>``. :data:`CODESETS` is the one registry of the built-ins; :func:`code_list`
makes the same kind of :class:`Codeset` from a column's listed codes, so reading
(:func:`pipeline.ingest.convert.apply_mapping`), writing (``to_raw``) and SPSS labels ask the
column's code set instead of testing its name.

Listed codes are matched leniently but never ambiguously (:class:`CodeTable`): exactly, then
ignoring case (``Ja`` = ``ja``), then as a whole number (``1``, ``1.0`` and ``1,0`` are code
``1``); a code spelled ``true``/``false`` (what YAML makes of unquoted ``True``, ``yes``,
``on``...) matches every yes/no spelling (``ja``, ``1``, ``TRUE``) not listed itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.ingest.countries import alpha2_by, alpha2_to, iso_codes
from pipeline.ingest.parse import raw_key, whole_number, yes_no

#: Returned by a decoder for a raw code it cannot read (a missing value is ``pd.NA``).
BAD = object()

QUOTE_HINT = ('YAML reads unquoted yes/no/on/off/true/false as true/false: quote the code '
              '(e.g. "NO", "True")')


@dataclass(frozen=True)
class Reading:
    """What a decoder may need besides the cell: the file's decimal mark and value labels.

    Parameters
    ----------
    decimal : str
        Decimal mark of the file (``","`` or ``"."``).
    value_labels : dict or None
        SPSS value labels of the column: normalised code -> label.
    """

    decimal: str = "."
    value_labels: dict[str, str] | None = None


class CodeTable:
    """Listed raw codes -> canonical values, matched leniently but never ambiguously.

    Parameters
    ----------
    codes : dict
        Normalised raw code (see :func:`code_key`) -> value.

    Examples
    --------
    >>> t = CodeTable({"Ja": True, "Nee": False})
    >>> t.find("ja"), t.find("NEE"), t.find("x")
    ('Ja', 'Nee', None)
    >>> CodeTable({"1": 0, "2": 1}).find("2,0", decimal=",")
    '2'
    >>> t = CodeTable({"True": True, "False": False})  # YAML: {True: true, False: false}
    >>> t.find("true"), t.find("1"), t.find("nee")
    ('True', 'True', 'False')
    """

    def __init__(self, codes: dict[str, Any]) -> None:
        self.codes = codes
        folded: dict[str, list[str]] = {}
        for key in codes:
            folded.setdefault(key.casefold(), []).append(key)
        self._folded = {k: v[0] for k, v in folded.items() if len(v) == 1}
        self._bools = {flag: self._folded[name] for flag, name in ((True, "true"), (False, "false"))
                       if name in self._folded}

    @property
    def has_yaml_bools(self) -> bool:
        """Return True when a code is spelled true/false (maybe an unquoted YAML word)."""
        return bool(self._bools)

    def find(self, key: str, decimal: str = ".") -> str | None:
        """Return the listed code that raw key `key` matches, or None.

        Parameters
        ----------
        key : str
            Raw cell after :func:`~pipeline.ingest.parse.raw_key`.
        decimal : str
            The file's decimal mark.

        Returns
        -------
        str or None
        """
        if key in self.codes:
            return key
        found = self._folded.get(key.casefold())
        if found is not None:
            return found
        number = whole_number(key, decimal)
        if number is not None and str(number) in self.codes:
            return str(number)
        if self._bools:
            flag = yes_no(key, decimal)
            if flag is not None:
                return self._bools.get(flag)
        return None

    def lookup(self, key: str, decimal: str = ".") -> Any:
        """Return the canonical value of raw key `key`, or :data:`BAD`."""
        found = self.find(key, decimal)
        return BAD if found is None else self.codes[found]


def code_key(code: Any) -> str | None:
    """Normalise a raw code written in a YAML file (YAML booleans become ``True``/``False``).

    Parameters
    ----------
    code : Any
        Key as parsed by YAML.

    Returns
    -------
    str or None

    Examples
    --------
    >>> code_key(1), code_key(True), code_key(" ja "), code_key("")
    ('1', 'True', 'ja', None)
    """
    if isinstance(code, bool):
        return str(code)
    return raw_key(code)


@dataclass(frozen=True)
class Codeset:
    """How one column's raw codes are read and written.

    Parameters
    ----------
    name : str
        Built-in name, or ``codes`` for a listed code set.
    summary : str
        What the raw codes are (used in messages and docs).
    numeric_raw : bool
        Whether the raw column holds numeric codes (SPSS numeric variable).
    decode : callable
        ``(key, Reading) -> canonical value`` or :data:`BAD`.
    encode : callable
        ``(canonical value) -> raw code`` or :data:`BAD` for a value it has no code for.
    labels : callable
        ``(column value labels) -> {raw code: label}`` for SPSS, or None for none at all
        (not even missing-code labels).
    kinds : tuple of str
        Canonical variable kinds it may fill.
    prefix : str
        Canonical names it is restricted to (``country_``), empty for any.
    problem : str
        What an unreadable raw code is, for the error message.
    """

    name: str
    summary: str
    numeric_raw: bool
    decode: Callable[[str, Reading], Any]
    encode: Callable[[Any], Any]
    labels: Callable[[dict[str, str]], dict[str, str] | None] = field(
        default=lambda attrs: {})
    encode_column: Callable[[list[Any]], tuple[list[Any], dict[str, str]]] | None = None
    kinds: tuple[str, ...] = ("str", "id", "bool", "int")
    prefix: str = ""
    problem: str = "code not in the mapping"

    def misuse(self, canonical: str, kind: str) -> str | None:
        """Return why this code set cannot fill `canonical`, or None if it can.

        Examples
        --------
        >>> CODESETS["iso2"].misuse("gender", "str")
        "codeset 'iso2' is only for birth countries (country_*)"
        """
        if self.prefix and not canonical.startswith(self.prefix):
            return f"codeset '{self.name}' is only for birth countries ({self.prefix}*)"
        if kind not in self.kinds:
            return f"codeset '{self.name}' is only for {'/'.join(self.kinds)} variables"
        return None


def _lookup_decoder(table: Callable[[], dict[str, str]], fold: bool) -> Callable:
    @cache
    def folded() -> dict[str, str]:
        return {k.casefold(): v for k, v in table().items()}

    def decode(key: str, reading: Reading) -> Any:
        codes = table()
        if key in codes:
            return codes[key]
        if fold:
            return folded().get(key.casefold(), BAD)
        number = whole_number(key, reading.decimal)
        return codes.get(str(number), BAD) if number is not None else BAD
    return decode


def _by_label(key: str, reading: Reading) -> Any:
    if not reading.value_labels:
        return key  # text file: the cell holds the label itself
    table = CodeTable(reading.value_labels)
    return table.lookup(key, reading.decimal)


def _int(key: str, reading: Reading) -> Any:
    number = whole_number(key, reading.decimal)
    return BAD if number is None else number


def _yesno(key: str, reading: Reading) -> Any:
    flag = yes_no(key, reading.decimal)
    return BAD if flag is None else flag


def _number_labels(values: list[Any]) -> tuple[list[Any], dict[str, str]]:
    labels = sorted({str(v) for v in values if v is not None})
    code_of = {lab: i + 1 for i, lab in enumerate(labels)}
    raw = [None if v is None else code_of[str(v)] for v in values]
    return raw, {str(i): lab for lab, i in code_of.items()}


def _country_numeric_labels(attrs: dict[str, str]) -> dict[str, str]:
    names = alpha2_to("name_nl")
    return {num: names[a2] for a2, num in alpha2_to("numeric").items()}


def _same_or_bad(table: Callable[[], dict[str, str]]) -> Callable[[Any], Any]:
    return lambda value: table().get(str(value), BAD)


@cache
def _iso_identity() -> dict[str, str]:
    return {c: c for c in iso_codes()}


CODESETS: dict[str, Codeset] = {c.name: c for c in (
    Codeset("text", "the value as is (e.g. unit names)", False,
            decode=lambda key, reading: key, encode=str, labels=lambda attrs: None,
            kinds=("str", "id")),
    Codeset("int", "a whole number as is (5, 5.0 or 5,0)", True,
            decode=_int, encode=int, kinds=("int",), problem="not a whole number"),
    Codeset("yesno", "yes/no as ja/nee, 1/0, true/false or yes/no", True,
            decode=_yesno, encode=lambda v: 1 if v else 0,
            labels=lambda attrs: {"1": "ja", "0": "nee"}, kinds=("bool",),
            problem="not a yes/no answer (ja/nee, 1/0, true/false, yes/no)"),
    Codeset("iso2", "an ISO 3166-1 alpha-2 country code", False,
            decode=_lookup_decoder(_iso_identity, fold=True),
            encode=_same_or_bad(_iso_identity), labels=lambda attrs: None,
            kinds=("str",), prefix="country_", problem="not an ISO alpha-2 country code"),
    Codeset("country_numeric", "an ISO 3166-1 numeric country code", True,
            decode=_lookup_decoder(lambda: alpha2_by("numeric"), fold=False),
            encode=_same_or_bad(lambda: alpha2_to("numeric")), labels=_country_numeric_labels,
            kinds=("str",), prefix="country_", problem="not an ISO numeric country code"),
    Codeset("country_name_nl", "a Dutch country name", False,
            decode=_lookup_decoder(lambda: alpha2_by("name_nl"), fold=True),
            encode=_same_or_bad(lambda: alpha2_to("name_nl")), labels=lambda attrs: None,
            kinds=("str",), prefix="country_",
            problem="code not in the mapping (not a Dutch country name)"),
    Codeset("by_label", "a numeric code whose SPSS value label is the value", True,
            decode=_by_label, encode=str, labels=dict, encode_column=_number_labels,
            kinds=("str",),
            problem="code not in the mapping (no SPSS value label)"),
)}
"""The built-in code sets by name (``codeset: <name>`` in a wave mapping)."""


def default_codeset(kind: str) -> str:
    """Return the built-in code set of a mapped column without ``codes:`` or ``codeset:``.

    Examples
    --------
    >>> default_codeset("int"), default_codeset("bool"), default_codeset("str")
    ('int', 'yesno', 'text')
    """
    return {"int": "int", "bool": "yesno"}.get(kind, "text")


def code_list(codes: dict[str, Any], labels: dict[str, str]) -> Codeset:
    """Return the :class:`Codeset` of a column's listed ``codes:``.

    Parameters
    ----------
    codes : dict
        Normalised raw code -> canonical value (values are unique).
    labels : dict
        Normalised raw code -> value label (default: the value as text, ``ja``/``nee``).

    Returns
    -------
    Codeset

    Examples
    --------
    >>> c = code_list({"1": True, "2": False}, {"1": "wel"})
    >>> c.decode("2.0", Reading()), c.encode(True), c.labels({}), c.numeric_raw
    (False, '1', {'1': 'wel', '2': 'nee'}, True)
    """
    table = CodeTable(codes)
    inverse = {value_key(v): k for k, v in codes.items()}
    problem = "code not in the mapping"
    if table.has_yaml_bools:
        problem += f" ({QUOTE_HINT})"
    return Codeset(
        "codes", "listed codes", all(k.lstrip("-").isdigit() for k in codes),
        decode=lambda key, reading: table.lookup(key, reading.decimal),
        encode=lambda value: inverse.get(value_key(value), BAD),
        labels=lambda attrs: {k: labels.get(k, label_text(v)) for k, v in codes.items()},
        problem=problem,
    )


def value_key(value: Any) -> tuple[str, Any]:
    """Return a hashable key that keeps ``True``, ``1`` and ``"1"`` apart.

    Examples
    --------
    >>> value_key(True), value_key(1), value_key("1")
    (('bool', True), ('int', 1), ('str', '1'))
    """
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    return ("str", str(value))


def label_text(value: Any) -> str:
    """Return the default value label of a canonical value (``ja``/``nee`` for booleans).

    Examples
    --------
    >>> label_text(True), label_text(3)
    ('ja', '3')
    """
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)
