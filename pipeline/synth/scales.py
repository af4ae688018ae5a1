"""Salary scales and bands of the municipal salary tables (schaal 1-18 plus 10A and 11A)."""

from __future__ import annotations

import numpy as np
import pandas as pd

BANDS: tuple[str, ...] = ("1-5", "6-8", "9-11", "12-14", "15+")

# Scales per band, in ascending order, with their relative headcount within the band.
SCALES_IN_BAND: dict[str, dict[str, float]] = {
    "1-5": {"1": 0.02, "2": 0.04, "3": 0.12, "4": 0.32, "5": 0.50},
    "6-8": {"6": 0.30, "7": 0.32, "8": 0.38},
    "9-11": {"9": 0.30, "10": 0.24, "10A": 0.08, "11": 0.30, "11A": 0.08},
    "12-14": {"12": 0.50, "13": 0.33, "14": 0.17},
    "15+": {"15": 0.55, "16": 0.26, "17": 0.12, "18": 0.07},
}
ALL_SCALES: tuple[str, ...] = tuple(s for band in BANDS for s in SCALES_IN_BAND[band])
BAND_OF_SCALE: dict[str, str] = {s: b for b in BANDS for s in SCALES_IN_BAND[b]}


def band_of(schaal: pd.Series) -> pd.Series:
    """Map salary scales to salary bands.

    Parameters
    ----------
    schaal : pandas.Series of str
        Scales ``1`` ... ``18``, ``10A``, ``11A``.

    Returns
    -------
    pandas.Series of str
        Bands ``1-5``, ``6-8``, ``9-11``, ``12-14``, ``15+``.

    Examples
    --------
    >>> band_of(pd.Series(["4", "10A", "12", "18"])).tolist()
    ['1-5', '9-11', '12-14', '15+']
    """
    return schaal.map(BAND_OF_SCALE)


def draw_scale(rng: np.random.Generator, bands: np.ndarray) -> np.ndarray:
    """Draw a salary scale within each given band.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    bands : numpy.ndarray of str
        Band per person.

    Returns
    -------
    numpy.ndarray of str
        A scale inside each person's band.

    Examples
    --------
    >>> s = draw_scale(np.random.default_rng(0), np.array(["12-14", "15+"]))
    >>> [BAND_OF_SCALE[x] for x in s]
    ['12-14', '15+']
    """
    out = np.empty(len(bands), dtype=object)
    for band, table in SCALES_IN_BAND.items():
        idx = np.flatnonzero(bands == band)
        if idx.size:
            p = np.array(list(table.values()))
            out[idx] = rng.choice(list(table), size=idx.size, p=p / p.sum())
    return out
