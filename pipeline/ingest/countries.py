"""The country table: ISO 3166-1 alpha-2 codes with their CBS origin classes.

``countries.csv`` (beside this module) lists all 249 ISO 3166-1 countries and territories with
their numeric code, English name (iso-codes), Dutch name (CLDR), a rough region, and the two CBS
classifications of a *herkomstland*:

* ``herkomst`` (CBS, from 2022): ``Nederland``, ``Europa`` (Europe excluding the Netherlands) or
  ``Buiten-Europa``. Turkey, Indonesia, Japan, North America and Oceania are Buiten-Europa
  (CBS, *Begrippen: Herkomstland*, https://www.cbs.nl/nl-nl/onze-diensten/methoden/begrippen/herkomstland,
  which lists Turkije, Marokko, Suriname, Nederlandse Cariben and Indonesië under Buiten-Europa).
* ``migratieachtergrond`` (old scheme, until 2022): ``Nederlands``, ``westers`` (Europe excluding
  Turkey, North America, Oceania, Indonesia and Japan) or ``niet-westers`` (Africa, Latin America
  including the Caribbean, Asia excluding Indonesia and Japan, and Turkey). CBS, *Begrippen:
  Persoon met een westerse migratieachtergrond*, and e.g.
  https://www.cbs.nl/nl-nl/nieuws/2016/34/aantal-kinderen-in-bijstandsgezinnen-groeit/overige-niet-westerse-landen.

Europe is the UN M49 region Europe (including Russia, Ukraine, Belarus, Moldova, the Balkans, the
Nordic dependencies, Gibraltar and the Channel Islands) plus Cyprus (an EU member state). The
Caucasus, Central Asia and Turkey are not Europe. Antarctic territories fall in Buiten-Europa /
niet-westers (no staff member is born there; the rule just has to be total).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

COUNTRY_TABLE_PATH = Path(__file__).with_name("countries.csv")


@cache
def _load() -> pd.DataFrame:
    table = pd.read_csv(
        COUNTRY_TABLE_PATH, dtype={"alpha2": "string", "numeric": "int64"}, keep_default_na=False
    )
    return table.set_index("alpha2", drop=False)


def country_table() -> pd.DataFrame:
    """Return a copy of the country table, indexed by ISO alpha-2 code.

    Returns
    -------
    pandas.DataFrame
        Columns ``alpha2``, ``numeric``, ``name_en``, ``name_nl``, ``region``, ``herkomst``,
        ``migratieachtergrond``.

    Examples
    --------
    >>> t = country_table()
    >>> len(t)
    249
    >>> t.loc["TR", ["herkomst", "migratieachtergrond"]].tolist()
    ['Buiten-Europa', 'niet-westers']
    >>> t.loc["ID", ["herkomst", "migratieachtergrond"]].tolist()
    ['Buiten-Europa', 'westers']
    """
    return _load().copy()


def iso_codes() -> frozenset[str]:
    """Return the set of valid ISO 3166-1 alpha-2 codes.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> "NL" in iso_codes(), "XX" in iso_codes()
    (True, False)
    """
    return frozenset(_load()["alpha2"])


def alpha2_by(column: str) -> dict[str, str]:
    """Return a lookup from `column` (``numeric`` or ``name_nl``) to the alpha-2 code.

    Numeric codes are given as strings without leading zeros (``"528"``); Dutch names as in
    the table (exact match after stripping spaces).

    Parameters
    ----------
    column : str
        ``"numeric"`` or ``"name_nl"``.

    Returns
    -------
    dict
        Raw value -> alpha-2.

    Examples
    --------
    >>> alpha2_by("numeric")["528"], alpha2_by("name_nl")["Marokko"]
    ('NL', 'MA')
    """
    table = _load()
    keys = table[column].astype(str)
    return dict(zip(keys, table["alpha2"], strict=True))


def alpha2_to(column: str) -> dict[str, str]:
    """Return a lookup from alpha-2 code to `column` (``numeric`` as str, or ``name_nl``).

    Parameters
    ----------
    column : str
        ``"numeric"`` or ``"name_nl"``.

    Returns
    -------
    dict
        Alpha-2 -> raw value.

    Examples
    --------
    >>> alpha2_to("name_nl")["SR"]
    'Suriname'
    """
    return {v: k for k, v in alpha2_by(column).items()}
