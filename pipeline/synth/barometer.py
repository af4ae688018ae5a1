"""CBS Barometer Culturele Diversiteit tables and the labour-force benchmark, synthetic.

CBS links the payroll register to the population register and returns aggregate shares per
subgroup; it never returns microdata. This module plays CBS for the synthetic register: shares
per unit (organisation and each cluster) and salary band, in the old scheme up to 2022 and the
new scheme from 2020 (three overlap years for bridging), with groups below CBS's minimum size
suppressed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.synth.scales import BANDS
from pipeline.synth.workforce import Workforce

CBS_MIN_GROUP = 250  # CBS returns origin shares only for groups of at least this many staff
CBS_MIN_CELL = 10  # and suppresses a share that stands for fewer staff than this
OLD_SCHEME_YEARS = range(2019, 2023)
NEW_SCHEME_FROM = 2020
CATEGORIES = {
    "nieuw": ("herkomst", ("Nederland", "Europa", "Buiten-Europa")),
    "oud": ("migratieachtergrond", ("Nederlands", "westers", "niet-westers")),
}


def _group_rows(staff: pd.DataFrame, year: int, unit: str, band: str, scheme: str) -> list[dict]:
    column, cats = CATEGORIES[scheme]
    n = len(staff)
    counts = staff[column].value_counts()
    too_small = n < CBS_MIN_GROUP
    rows = []
    for cat in cats:
        k = int(counts.get(cat, 0))
        suppressed = too_small or 0 < k < CBS_MIN_CELL
        rows.append({"year": year, "unit": unit, "schaal_band": band, "scheme": scheme,
                     "herkomst": cat, "share": np.nan if suppressed else k / n,
                     "n_staff": n, "suppressed": suppressed})
    return rows


def barometer_tables(workforce: Workforce, years: range) -> pd.DataFrame:
    """Return the canonical barometer table for the given years.

    Parameters
    ----------
    workforce : Workforce
        The synthetic register with hidden origins.
    years : range
        Peildatum years to tabulate.

    Returns
    -------
    pandas.DataFrame
        Canonical barometer variables: ``year``, ``unit``, ``schaal_band`` (band or
        ``totaal``), ``scheme`` (``nieuw`` or ``oud``), ``herkomst`` (category of the scheme),
        ``share`` (NaN if suppressed), ``n_staff``, ``suppressed``.

    Examples
    --------
    >>> from pipeline.synth.workforce import simulate_workforce
    >>> wf = simulate_workforce(seed=2, first_year=2019, last_year=2020, n_2024=3000)
    >>> t = barometer_tables(wf, range(2020, 2021))
    >>> sorted(t["scheme"].unique().tolist())
    ['nieuw', 'oud']
    """
    rows: list[dict] = []
    for year in years:
        snap = workforce.snapshot(year)
        schemes = [s for s, ok in (("oud", year in OLD_SCHEME_YEARS),
                                   ("nieuw", year >= NEW_SCHEME_FROM)) if ok]
        units = [("organisatie", snap)] + [(c, g) for c, g in snap.groupby("cluster")]
        for scheme in schemes:
            for unit, staff in units:
                rows += _group_rows(staff, year, unit, "totaal", scheme)
                for band in BANDS:
                    rows += _group_rows(staff[staff["schaal_band"] == band], year, unit, band,
                                        scheme)
                high = staff[staff["schaal_band"].isin(["12-14", "15+"])]
                rows += _group_rows(high, year, unit, "12+", scheme)
    return pd.DataFrame(rows)


def labour_force_benchmark(years: range) -> pd.DataFrame:
    """Shares per herkomst of Amsterdam's working labour force (synthetic, near published).

    Parameters
    ----------
    years : range
        Years to tabulate.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``scheme``, ``herkomst``, ``share``; 34% Buiten-Europa in 2023.

    Examples
    --------
    >>> t = labour_force_benchmark(range(2023, 2024))
    >>> float(t.query("scheme == 'nieuw' and herkomst == 'Buiten-Europa'")["share"].iloc[0])
    0.34
    """
    rows = []
    for year in years:
        be = round(0.34 + 0.004 * (year - 2023), 4)
        eu = round(0.15 + 0.002 * (year - 2023), 4)
        rows += [{"year": year, "scheme": "nieuw", "herkomst": h, "share": s}
                 for h, s in (("Nederland", round(1 - be - eu, 4)), ("Europa", eu),
                              ("Buiten-Europa", be))]
        if year in OLD_SCHEME_YEARS:
            nw = round(0.28 + 0.004 * (year - 2022), 4)
            rows += [{"year": year, "scheme": "oud", "herkomst": h, "share": s}
                     for h, s in (("Nederlands", round(0.53 - 0.003 * (year - 2022), 4)),
                                  ("westers", round(0.19 - 0.001 * (year - 2022), 4)),
                                  ("niet-westers", nw))]
    return pd.DataFrame(rows)
