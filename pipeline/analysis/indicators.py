"""Build the indicator columns (0/1 with NA outside the base, or scores) from a survey wave."""

from __future__ import annotations

import pandas as pd

from pipeline.analysis.catalogue import CATALOGUE, Indicator
from pipeline.stats.indicators import any_above
from pipeline.stats.scales import scale_score


def _flag(series: pd.Series) -> pd.Series:
    """Bool-like column to Int64 0/1 with NA kept."""
    return series.astype("boolean").astype("Int64")


def _equals(series: pd.Series, value: str) -> pd.Series:
    return (series.astype("string") == value).astype("boolean").astype("Int64")


def available(survey: pd.DataFrame, item: Indicator) -> bool:
    """Whether a wave asked what ``item`` needs (all its columns, or any for ``ub_any``).

    Examples
    --------
    >>> from pipeline.analysis.catalogue import indicator
    >>> available(pd.DataFrame({"discr": ["ja"]}), indicator("discr_ja"))
    True
    >>> available(pd.DataFrame({"discr": ["ja"]}), indicator("witness_ub"))
    False
    """
    present = [c for c in item.needs if c in survey.columns]
    return bool(present) if item.name == "ub_any" else len(present) == len(item.needs)


def build_indicators(survey: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Return the indicator columns of every available catalogue entry.

    Parameters
    ----------
    survey : pandas.DataFrame
        Canonical survey wave. Not modified.

    Returns
    -------
    indicators : pandas.DataFrame
        One column per available indicator, aligned with ``survey``: ``Int64`` 0/1 with NA for
        respondents outside the indicator's base, ``Float64`` for scale scores.
    not_asked : list of str
        Catalogue names the wave did not ask.

    Examples
    --------
    >>> s = pd.DataFrame({"discr": ["ja", "nee", None],
    ...                   "discr_ground_leeftijd": [True, None, None]})
    >>> ind, missing = build_indicators(s)
    >>> ind["discr_ja"].tolist(), ind["discr_ground_leeftijd"].tolist()
    ([1, 0, <NA>], [1, <NA>, <NA>])
    >>> "witness_ub" in missing
    True
    """
    out: dict[str, pd.Series] = {}
    not_asked: list[str] = []
    discr_ja = _equals(survey["discr"], "ja") if "discr" in survey else None
    for item in CATALOGUE:
        if not available(survey, item):
            not_asked.append(item.name)
            continue
        name = item.name
        if name == "ub_any":
            out[name] = any_above(survey, list(item.needs))
        elif name.startswith("ub_by_") or name.startswith(("told_", "no_report_")):
            out[name] = _flag(survey[item.needs[0]])
        elif name.startswith("ub_"):
            out[name] = (pd.to_numeric(survey[item.needs[0]]) > 0).astype("boolean").astype(
                "Int64").mask(survey[item.needs[0]].isna())
        elif name in ("discr_ja", "discr_twijfel"):
            out[name] = _equals(survey["discr"], name.removeprefix("discr_"))
        elif name in ("witness_discr_ja", "witness_discr_twijfel"):
            out[name] = _equals(survey["witness_discr"], name.removeprefix("witness_discr_"))
        elif name == "witness_ub":
            out[name] = _flag(survey["witness_ub"])
        elif name == "discr_by_manager":
            block = survey[list(item.needs)].astype("boolean")
            out[name] = block.any(axis=1).astype("Int64").mask(block.isna().all(axis=1))
        elif name.startswith(("discr_ground_", "discr_by_")):
            flag = _flag(survey[item.needs[0]])
            out[name] = flag.mask(discr_ja != 1) if discr_ja is not None else flag
        elif name == "report_satisfied":
            sat = pd.to_numeric(survey["report_satisfaction"])
            out[name] = (sat >= 4).astype("boolean").astype("Int64").mask(sat.isna())
        elif name == "ps_score":
            out[name] = scale_score(survey).astype("Float64")
    return pd.DataFrame(out, index=survey.index), not_asked
