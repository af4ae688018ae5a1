"""The canonical variables of the data contract: names, kinds and allowed values.

One table drives the mapping (which pandas dtype a canonical column gets), the schemas
(which values are allowed) and the writers (which columns exist). Source:
``docs/data-contract.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SOURCES = ("leidinggevende", "hoger_management", "collega", "ondergeschikte", "burger")
UB_FORMS = (
    "pesten",
    "vernedering",
    "uitsluiting",
    "roddel",
    "micro_agressie",
    "verbale_agressie",
    "intimidatie",
    "fysiek_geweld",
    "seksuele_intimidatie",
)
DISCR_GROUNDS = (
    "herkomst",
    "huidskleur",
    "religie",
    "nationaliteit",
    "naam_accent",
    "leeftijd",
    "gender",
    "seksuele_orientatie",
    "beperking",
    "neurodivergentie",
    "zwangerschap_ouderschap",
    "contractvorm",
    "functieniveau",
    "anders",
)
TOLD_CHANNELS = (
    "collega",
    "leidinggevende",
    "vertrouwenspersoon",
    "hr",
    "meldpunt_intern",
    "meldpunt_extern",
    "niemand",
)
NO_REPORT_REASONS = (
    "geen_zin",
    "niet_ernstig_genoeg",
    "angst_gevolgen",
    "niet_weten_waar",
    "geen_vertrouwen",
    "zelf_opgelost",
)
SCHAAL_BANDS = ("1-5", "6-8", "9-11", "12-14", "15+")
AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55+")
HERKOMST = ("Nederland", "Europa", "Buiten-Europa")
MIGRATIEACHTERGROND = ("Nederlands", "westers", "niet-westers")
DISCR_ANSWERS = ("ja", "nee", "twijfel")
PS_REVERSED = ("ps1", "ps3", "ps5")
SCHALEN = (*(str(s) for s in range(1, 19)), "10A", "11A")


@dataclass(frozen=True)
class Variable:
    """One canonical survey variable.

    Parameters
    ----------
    name : str
        Canonical column name.
    kind : str
        ``"str"`` (categorical code, pandas ``string``), ``"bool"`` (``boolean``),
        ``"int"`` (``Int64``) or ``"id"`` (identifier, ``string``).
    values : tuple or None
        Allowed values (codes, or the inclusive ``(low, high)`` range for ``int``);
        ``None`` means free (organisation names, country codes checked elsewhere).
    derived : bool
        True for variables the pipeline derives (never in raw files).
    """

    name: str
    kind: str
    values: tuple | None = None
    derived: bool = False

    @property
    def dtype(self) -> str:
        """Return the pandas dtype of the canonical column.

        Examples
        --------
        >>> Variable("ps1", "int", (1, 7)).dtype
        'Int64'
        """
        return {"str": "string", "id": "string", "bool": "boolean", "int": "Int64"}[self.kind]


def _survey_variables() -> tuple[Variable, ...]:
    v: list[Variable] = [
        Variable("resp_id", "id"),
        Variable("wave", "int"),
        Variable("study", "str", ("monitor", "herhaal")),
        Variable("complete", "bool"),
        Variable("cluster", "str"),
        Variable("directie", "str"),
        Variable("schaal_band", "str", SCHAAL_BANDS),
        Variable("manager", "bool"),
        Variable("age_band", "str", AGE_BANDS),
        Variable("gender", "str", ("man", "vrouw", "non-binair", "anders")),
        Variable("country_self", "str"),
        Variable("country_mother", "str"),
        Variable("country_father", "str"),
        Variable("herkomst", "str", HERKOMST, derived=True),
        Variable("migratieachtergrond", "str", MIGRATIEACHTERGROND, derived=True),
        Variable("disability", "bool"),
        Variable("lhbtiq", "bool"),
        Variable(
            "religion",
            "str",
            (
                "geen",
                "christelijk",
                "islamitisch",
                "joods",
                "hindoeistisch",
                "boeddhistisch",
                "anders",
            ),
        ),
        Variable("education", "str", ("basis/vmbo", "mbo", "havo/vwo", "hbo", "wo")),
    ]
    v += [Variable(f"ub_{f}", "int", (0, 4)) for f in UB_FORMS]
    v += [Variable(f"ub_by_{s}", "bool") for s in SOURCES]
    v += [Variable("witness_ub", "bool"), Variable("discr", "str", DISCR_ANSWERS)]
    v += [Variable(f"discr_ground_{g}", "bool") for g in DISCR_GROUNDS]
    v += [Variable(f"discr_by_{s}", "bool") for s in SOURCES]
    v += [Variable("witness_discr", "str", DISCR_ANSWERS)]
    v += [Variable(f"told_{c}", "bool") for c in TOLD_CHANNELS]
    v += [Variable("report_satisfaction", "int", (1, 5))]
    v += [Variable(f"no_report_{r}", "bool") for r in NO_REPORT_REASONS]
    v += [Variable(f"ps{i}", "int", (1, 7)) for i in range(1, 8)]
    return tuple(v)


SURVEY_VARIABLES: dict[str, Variable] = {v.name: v for v in _survey_variables()}
"""Canonical survey variables by name, in data-contract order."""

#: Variables set from the mapping file rather than read from the raw file.
WAVE_CONSTANTS = ("wave", "study")

#: Variables every survey wave must provide (everything else may be absent).
SURVEY_REQUIRED = ("resp_id", "wave", "study", "complete")

#: Background variables (the monitor asks these too).
BACKGROUND = (
    "cluster",
    "directie",
    "schaal_band",
    "manager",
    "age_band",
    "gender",
    "country_self",
    "country_mother",
    "country_father",
    "disability",
    "lhbtiq",
    "religion",
    "education",
)


def empty_canonical_column(name: str, n: int) -> pd.Series:
    """Return an all-missing column of the canonical dtype of survey variable `name`.

    Parameters
    ----------
    name : str
        Canonical survey variable.
    n : int
        Length.

    Returns
    -------
    pandas.Series

    Examples
    --------
    >>> empty_canonical_column("ub_pesten", 2).dtype
    Int64Dtype()
    """
    return pd.Series([pd.NA] * n, dtype=SURVEY_VARIABLES[name].dtype, name=name)


FORMAL_CHANNELS = ("leidinggevende", "vertrouwenspersoon", "hr", "meldpunt_intern",
                   "meldpunt_extern")
"""Whom telling counts as reporting it (anyone but a colleague)."""


def _any_true(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    present = [c for c in columns if c in frame.columns]
    if not present:
        return pd.Series(False, index=frame.index)
    return frame[present].astype("boolean").fillna(False).any(axis=1).astype(bool)


def asked(frame: pd.DataFrame, name: str) -> pd.Series | None:
    """Return who was asked a filter question (the routing of the questionnaire), or None.

    Follow-up questions are asked only to respondents whose earlier answer calls for them
    (``docs/data-contract.md``): who did it (``ub_by_*``) after any unwanted behaviour,
    grounds and perpetrators of discrimination (``discr_ground_*``, ``discr_by_*``) after
    ``discr`` = ja, whom they told (``told_*``) after either, the satisfaction with the
    handling after telling someone other than a colleague, and the reasons for not reporting
    (``no_report_*``) otherwise. Their item non-response counts only those respondents; a
    respondent whose filter answer is missing was not asked.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical survey rows.
    name : str
        Canonical variable.

    Returns
    -------
    pandas.Series of bool or None
        None for a question asked to everyone.

    Examples
    --------
    >>> f = pd.DataFrame({"discr": ["ja", "nee", None],
    ...                   "discr_ground_leeftijd": pd.array([True, None, None], "boolean")})
    >>> asked(f, "discr_ground_leeftijd").tolist(), asked(f, "discr") is None
    ([True, False, False], True)
    """
    ub = [f"ub_{form}" for form in UB_FORMS]
    any_ub = (frame[[c for c in ub if c in frame.columns]].apply(pd.to_numeric)
              .fillna(0).gt(0).any(axis=1)) if any(c in frame.columns for c in ub) \
        else pd.Series(False, index=frame.index)
    discr_ja = (frame["discr"].astype("string") == "ja").fillna(False).astype(bool) \
        if "discr" in frame.columns else pd.Series(False, index=frame.index)
    affected = any_ub | discr_ja
    formal = _any_true(frame, [f"told_{c}" for c in FORMAL_CHANNELS])
    if name.startswith("ub_by_"):
        return any_ub
    if name.startswith(("discr_ground_", "discr_by_")):
        return discr_ja
    if name.startswith("told_"):
        return affected
    if name == "report_satisfaction":
        return affected & formal
    if name.startswith("no_report_"):
        return affected & ~formal
    return None
