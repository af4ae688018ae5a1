"""Every CBS table of the representation section, computed before any is published.

The publication plan (:mod:`pipeline.report.tables`) takes them all, with every other table of
every section and wave, before anything is published: a group hidden in the scheme comparison
is hidden in the band table above it too.
"""

from __future__ import annotations

import pandas as pd

from pipeline.analysis import representation as rep


def cbs_tables(barometer: pd.DataFrame, latest: int, years: list[int],
               targets: rep.Targets) -> dict[str, pd.DataFrame]:
    """Return the section's CBS tables by their published name.

    Parameters
    ----------
    barometer : pandas.DataFrame
        Canonical barometer rows (not empty).
    latest : int
        Latest CBS year up to the wave.
    years : list of int
        CBS years up to the wave.
    targets : Targets
        The council's targets.

    Returns
    -------
    dict of str to pandas.DataFrame
        Tidy tables: ``herkomst-schaal``, ``doel-12``, ``gemeente-trend``, ``clusters-groei``,
        ``schaal-15``, ``indelingen``.
    """
    return {
        "herkomst-schaal": rep.share_table(barometer, bands=rep.ALL_BANDS, years=[latest]),
        "doel-12": rep.share_table(barometer, bands=("12+",), years=years),
        "gemeente-trend": rep.organisation_trend(barometer, years),
        "clusters-groei": rep.cluster_growth_table(barometer, latest, targets),
        "schaal-15": rep.share_table(barometer, bands=("15+",), years=years),
        "indelingen": rep.scheme_comparison(barometer),
    }
