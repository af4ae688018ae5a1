"""Respondents with a raking margin missing: modal imputation or cell-average weights.

Two documented options (``weighting.missing_margin`` in ``params.yaml``):

``impute``
    Each missing margin value is replaced by the most frequent combination of the
    missing values among *complete* respondents who share the respondent's observed margin
    values (ties: the lowest code); if no complete respondent shares them, the overall most
    frequent combination. Everyone is then raked, so the margins hold exactly. Defensible when
    the margin is an HR-like field (unit, scale, age) that the survey merely failed to
    record.
``cell_average``
    Complete respondents are raked to the margins scaled by ``n_complete / n`` (the
    respondents with a missing value are assumed to stand for a proportional slice of the
    population). Each respondent with a missing value then receives the mean adjustment of
    the complete respondents who share all of their *observed* margin values (overall mean
    if there are none), and all weights are rescaled to the population total. Margins then
    hold up to the (small) difference between the cell averages and the proportional
    assumption; the result reports how many respondents were treated.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def _pattern_keys(codes: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """Integer key of each row over the margins flagged in ``observed`` (a 1-D bool mask)."""
    if not observed.any():
        return np.zeros(codes.shape[0], dtype=np.int64)
    sub = codes[:, observed]
    _, keys = np.unique(sub, axis=0, return_inverse=True)
    return keys.ravel()


def impute_codes(codes: np.ndarray) -> np.ndarray:
    """Fill missing margin codes (``-1``) by the modal combination among matching complete rows.

    Parameters
    ----------
    codes : numpy.ndarray
        Integer codes (n, M) with ``-1`` for missing. Not modified.

    Returns
    -------
    numpy.ndarray
        A copy without ``-1`` entries.

    Examples
    --------
    >>> codes = np.array([[0, 1], [0, 1], [0, 0], [1, 0], [1, 0], [0, -1], [-1, 0]])
    >>> impute_codes(codes)[5:].tolist()
    [[0, 1], [1, 0]]
    """
    out = codes.copy()
    missing = codes < 0
    complete = ~missing.any(axis=1)
    if complete.all():
        return out
    if not complete.any():
        raise ValueError("codes: no respondent has every margin observed; cannot impute")
    comp_rows = np.flatnonzero(complete)
    for pat in np.unique(missing[~complete], axis=0):
        rows = np.flatnonzero((missing == pat).all(axis=1))
        miss_cols = np.flatnonzero(pat)
        combos, combo_key = np.unique(codes[comp_rows][:, miss_cols], axis=0,
                                      return_inverse=True)
        combo_key = combo_key.ravel()
        n_combo = len(combos)
        fill = np.tile(combos[np.argmax(np.bincount(combo_key, minlength=n_combo))],
                       (len(rows), 1))
        if (~pat).any():
            both = np.concatenate([comp_rows, rows])
            obs_key = _pattern_keys(codes[both], ~pat)
            comp_obs, row_obs = obs_key[: len(comp_rows)], obs_key[len(comp_rows):]
            n_obs = int(obs_key.max()) + 1
            table = np.bincount(comp_obs * n_combo + combo_key,
                                minlength=n_obs * n_combo).reshape(n_obs, n_combo)
            seen = table[row_obs].sum(axis=1) > 0
            fill[seen] = combos[np.argmax(table[row_obs[seen]], axis=1)]
        sub = out[rows]
        sub[:, miss_cols] = fill
        out[rows] = sub
    return out


def cell_average(codes: np.ndarray, weights: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Give rows with a missing code the mean adjustment of complete rows in their cell.

    Parameters
    ----------
    codes : numpy.ndarray
        Integer codes (n, M), ``-1`` = missing.
    weights : numpy.ndarray
        Raked weights (n, R); rows with a missing code are ignored on input.
    base : numpy.ndarray
        Base weights (n, R) the raking started from.

    Returns
    -------
    numpy.ndarray
        Weights (n, R) in which each incomplete row has ``base * sum(w) / sum(base)`` over
        the complete rows that share its observed codes (all complete rows if none do).

    Examples
    --------
    >>> codes = np.array([[0, 0], [0, 1], [1, 1], [0, -1]])
    >>> w = np.array([[2.0], [4.0], [6.0], [0.0]])
    >>> cell_average(codes, w, np.ones((4, 1)))[:, 0].tolist()
    [2.0, 4.0, 6.0, 3.0]
    """
    out = np.array(weights, dtype=float, copy=True)
    missing = codes < 0
    complete = ~missing.any(axis=1)
    overall = out[complete].sum(axis=0) / base[complete].sum(axis=0)
    patterns = np.unique(missing[~complete], axis=0)
    for pat in patterns:
        rows = np.flatnonzero((missing == pat).all(axis=1))
        keys = _pattern_keys(codes, ~pat)
        k = int(keys.max()) + 1
        comp_rows = np.flatnonzero(complete)
        ind = sparse.csr_matrix((np.ones(len(comp_rows)), (keys[comp_rows], comp_rows)),
                                shape=(k, len(codes)))
        sw = np.asarray(ind @ out)
        sd = np.asarray(ind @ base)
        ratio = np.divide(sw, sd, out=np.broadcast_to(overall, sw.shape).copy(), where=sd > 0)
        out[rows] = base[rows] * ratio[keys[rows]]
    return out
