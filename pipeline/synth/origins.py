"""Hidden origins of the synthetic staff: birth countries of person, mother and father.

The synthetic world knows each person's three birth countries. From them follow both CBS
classifications, computed here the way CBS computes them from the population register:

* new scheme (CBS, from 2022): born abroad -> own birth country; born in NL -> the mother's
  birth country if she was born abroad, else the father's; ``Nederland`` if all three are NL.
  Groups: ``Nederland``, ``Europa`` (Europe excluding NL and Turkey), ``Buiten-Europa``.
* old scheme (until 2022): anyone with both parents born in NL has a Dutch background, wherever
  born; otherwise the own birth country (first generation) or the mother's, else the father's
  (second generation). ``westers`` = Europe without Turkey, North America, Oceania, Indonesia and
  Japan; all other countries are ``niet-westers``.

This module is the synthetic *population register*. ``pipeline.ingest`` derives the same
classifications from survey answers with its own complete country table; tests check that the
two implementations agree on every country used here.

Turkey counts as Buiten-Europa in the new scheme, as it counted as niet-westers in the old: only
then do CBS's published 2020 shares add up (westers 12% and niet-westers 12% of all employees
became Europa 10% and Buiten-Europa 15%; moving Turkey's ~2.4% into Europa would give about 12%
and 12.5% instead).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Countries the generator uses, with the part of the world that decides both schemes.
EUROPE = frozenset(
    "DE BE PL GB FR ES IT PT BG RO GR HU IE SE AT CH DK NO FI CZ HR RS BA UA RU".split()
)
WESTERN_OUTSIDE_EUROPE = frozenset("ID JP US CA AU NZ".split())

# Relative frequencies of origin countries within a herkomst group, for the lower salary bands
# (1-11), the higher ones (12-14) and the top band (15+). Amsterdam's largest groups:
# Surinamese, Moroccan, Turkish, Antillean, Ghanaian; Indonesian and North American origins
# weigh more in the higher bands.
_BUITEN_EUROPA = {
    "low": {"TR": 22, "SR": 24, "MA": 23, "CW": 4, "AW": 2, "GH": 6, "ID": 3, "CN": 2, "IN": 3,
            "PK": 2,
            "AF": 2, "IR": 2, "IQ": 1.5, "SY": 2, "EG": 1, "NG": 1.5, "ET": 1, "ER": 1.5,
            "SO": 1, "BR": 1.5, "CO": 1, "DO": 1, "US": 1, "CA": 0.3, "AU": 0.3, "JP": 0.2},
    "high": {"TR": 8, "SR": 26, "MA": 12, "CW": 4, "AW": 1, "GH": 2, "ID": 18, "CN": 3, "IN": 5,
             "PK": 1, "AF": 1, "IR": 3, "IQ": 1, "SY": 1, "EG": 1, "NG": 1, "ET": 0.5,
             "ER": 0.5, "SO": 0.3, "BR": 1.5, "CO": 1, "DO": 0.5, "US": 5, "CA": 1.5, "AU": 1.5,
             "NZ": 0.5, "JP": 1},
}
# The top band (15+) draws from the higher bands' mix, but exactly TOP_WESTERN of its
# Buiten-Europa staff have a western origin outside Europe (Indonesian, North American...), so
# that its niet-westers share follows its Buiten-Europa share (published: 9% in 2020, 14% by
# 2023) instead of drifting with a few draws in a band of 300.
_BUITEN_EUROPA["top"] = _BUITEN_EUROPA["high"]
TOP_WESTERN = 0.15
_EUROPA = {
    "low": {"DE": 14, "BE": 8, "PL": 16, "GB": 5, "FR": 3, "ES": 4, "IT": 4,
            "PT": 3, "BG": 3, "RO": 3, "GR": 2, "HU": 1, "RS": 2, "BA": 2, "HR": 1,
            "UA": 1.5, "RU": 1.5},
    "high": {"DE": 22, "BE": 10, "PL": 4, "GB": 12, "FR": 7, "ES": 5, "IT": 6,
             "PT": 2, "GR": 2, "HU": 1, "IE": 2, "SE": 2, "AT": 2, "CH": 1, "DK": 2,
             "NO": 1, "FI": 1, "CZ": 1, "RU": 1},
}
# Share of first generation (born abroad) and, for the second generation, of one parent born
# abroad (the other in NL). Among Buiten-Europa in the new scheme, a small share was born abroad
# to two Dutch-born parents (Dutch under the old scheme).
_EUROPA["top"] = _EUROPA["high"]
_FIRST_GENERATION = 0.5
_ONE_PARENT_ABROAD = 0.35
_BORN_ABROAD_DUTCH_PARENTS = {"low": 0.02, "high": 0.06, "top": 0.0}


def _draw(rng: np.random.Generator, table: dict[str, float], size: int) -> np.ndarray:
    codes = np.array(list(table))
    p = np.array(list(table.values()), dtype=float)
    return rng.choice(codes, size=size, p=p / p.sum())


def _draw_top(rng: np.random.Generator, table: dict[str, float], size: int) -> np.ndarray:
    """Draw countries with exactly ``TOP_WESTERN`` of them western outside Europe."""
    western = {c: w for c, w in table.items() if c in WESTERN_OUTSIDE_EUROPE}
    other = {c: w for c, w in table.items() if c not in WESTERN_OUTSIDE_EUROPE}
    k = round(TOP_WESTERN * size)
    out = np.empty(size, dtype=object)
    order = rng.permutation(size)
    out[order[:k]] = _draw(rng, western, k) if k else []
    out[order[k:]] = _draw(rng, other, size - k)
    return out


def draw_origins(
    rng: np.random.Generator, herkomst: np.ndarray, high_band: np.ndarray,
    top_band: np.ndarray | None = None,
) -> pd.DataFrame:
    """Draw three birth countries for each person, given the new-scheme group to land in.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    herkomst : numpy.ndarray of str
        Target group per person: ``Nederland``, ``Europa`` or ``Buiten-Europa``.
    high_band : numpy.ndarray of bool
        True where the person's salary band is 12 or higher (country mix differs).
    top_band : numpy.ndarray of bool, optional
        True where it is the top band (15+), whose mix differs again; none by default.

    Returns
    -------
    pandas.DataFrame
        Columns ``country_self``, ``country_mother``, ``country_father`` (ISO 3166-1 alpha-2),
        whose new-scheme classification equals ``herkomst``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> h = np.array(["Nederland", "Europa", "Buiten-Europa"] * 50)
    >>> o = draw_origins(rng, h, np.zeros(150, dtype=bool))
    >>> bool((classify_new(o) == h).all())
    True
    """
    n = len(herkomst)
    self_c = np.full(n, "NL", dtype=object)
    mother = np.full(n, "NL", dtype=object)
    father = np.full(n, "NL", dtype=object)
    top = np.zeros(n, dtype=bool) if top_band is None else np.asarray(top_band, dtype=bool)
    for level, in_level in (("low", ~high_band & ~top), ("high", high_band & ~top),
                            ("top", top)):
        for group, table in (("Europa", _EUROPA), ("Buiten-Europa", _BUITEN_EUROPA)):
            idx = np.flatnonzero((herkomst == group) & in_level)
            if idx.size == 0:
                continue
            if level == "top" and group == "Buiten-Europa":
                country = _draw_top(rng, table[level], idx.size)
            else:
                country = _draw(rng, table[level], idx.size)
            u = rng.random(idx.size)
            first_gen = u < _FIRST_GENERATION
            dutch_parents = np.zeros(idx.size, dtype=bool)
            if group == "Buiten-Europa":
                dutch_parents = first_gen & (
                    rng.random(idx.size) < _BORN_ABROAD_DUTCH_PARENTS[level] / _FIRST_GENERATION
                )
            one_parent = rng.random(idx.size) < _ONE_PARENT_ABROAD
            mother_abroad = rng.random(idx.size) < 0.5
            # first generation: born abroad; parents usually born in the same country
            self_c[idx[first_gen]] = country[first_gen]
            both_abroad = first_gen & ~dutch_parents
            mother[idx[both_abroad]] = country[both_abroad]
            father[idx[both_abroad]] = country[both_abroad]
            # second generation: born in NL, one or both parents abroad
            second = ~first_gen
            both = second & ~one_parent
            mother[idx[both]] = country[both]
            father[idx[both]] = country[both]
            only_mother = second & one_parent & mother_abroad
            only_father = second & one_parent & ~mother_abroad
            mother[idx[only_mother]] = country[only_mother]
            father[idx[only_father]] = country[only_father]
    return pd.DataFrame(
        {"country_self": self_c, "country_mother": mother, "country_father": father}
    )


def _origin_country_new(origins: pd.DataFrame) -> pd.Series:
    own = origins["country_self"]
    parent = origins["country_mother"].where(
        origins["country_mother"] != "NL", origins["country_father"]
    )
    return own.where(own != "NL", parent)


def classify_new(origins: pd.DataFrame) -> pd.Series:
    """Classify persons by the CBS new scheme (herkomst).

    Parameters
    ----------
    origins : pandas.DataFrame
        Columns ``country_self``, ``country_mother``, ``country_father``.

    Returns
    -------
    pandas.Series
        ``Nederland``, ``Europa`` or ``Buiten-Europa``.

    Examples
    --------
    >>> o = pd.DataFrame({"country_self": ["ID", "NL", "NL"],
    ...                   "country_mother": ["NL", "NL", "TR"],
    ...                   "country_father": ["NL", "MA", "MA"]})
    >>> classify_new(o).tolist()
    ['Buiten-Europa', 'Buiten-Europa', 'Buiten-Europa']
    """
    country = _origin_country_new(origins)
    result = np.where(
        country == "NL", "Nederland", np.where(country.isin(EUROPE), "Europa", "Buiten-Europa")
    )
    return pd.Series(result, index=origins.index, name="herkomst")


def classify_old(origins: pd.DataFrame) -> pd.Series:
    """Classify persons by the old CBS scheme (migratieachtergrond).

    Parameters
    ----------
    origins : pandas.DataFrame
        Columns ``country_self``, ``country_mother``, ``country_father``.

    Returns
    -------
    pandas.Series
        ``Nederlands``, ``westers`` or ``niet-westers``.

    Examples
    --------
    >>> o = pd.DataFrame({"country_self": ["ID", "NL", "TR"],
    ...                   "country_mother": ["NL", "ID", "TR"],
    ...                   "country_father": ["NL", "NL", "TR"]})
    >>> classify_old(o).tolist()
    ['Nederlands', 'westers', 'niet-westers']
    """
    dutch_parents = (origins["country_mother"] == "NL") & (origins["country_father"] == "NL")
    country = _origin_country_new(origins)
    western = country.isin(EUROPE) | country.isin(WESTERN_OUTSIDE_EUROPE)
    result = np.where(dutch_parents, "Nederlands", np.where(western, "westers", "niet-westers"))
    return pd.Series(result, index=origins.index, name="migratieachtergrond")
