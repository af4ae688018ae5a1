"""Weight diagnostics: Kish design effect, effective n, response rates.

References
----------
Kish, L. (1965). *Survey Sampling*. Wiley. (Design effect due to unequal weighting,
``deff = 1 + CV^2``; Kish 1992, *J. Official Statistics* 8(2), 183-200.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.stats.errors import ColumnError, StatsError


def kish_deff(weights: np.ndarray | pd.Series) -> float:
    """Kish's design effect due to unequal weights, ``1 + CV^2 = n * sum(w^2) / sum(w)^2``.

    Parameters
    ----------
    weights : array-like
        Non-negative weights of the respondents in the base.

    Returns
    -------
    float
        The design effect (1 for equal weights); NaN for an empty base.

    Notes
    -----
    With the population coefficient of variation ``CV = sd(w) / mean(w)`` (divisor n),
    ``1 + CV^2 = n * sum(w^2) / (sum w)^2``.

    Examples
    --------
    >>> kish_deff([1.0, 1.0, 3.0, 3.0])
    1.25
    """
    w = np.asarray(weights, dtype=float)
    if (w < 0).any():
        raise StatsError("weights: negative weights have no Kish design effect")
    if w.size == 0 or w.sum() == 0:
        return float("nan")
    return float(w.size * np.sum(w**2) / np.sum(w) ** 2)


def effective_n(weights: np.ndarray | pd.Series) -> float:
    """Kish's effective sample size ``n / deff = (sum w)^2 / sum(w^2)``.

    Parameters
    ----------
    weights : array-like
        Non-negative weights.

    Returns
    -------
    float
        Effective n; 0 for an empty base.

    Examples
    --------
    >>> effective_n([1.0, 1.0, 3.0, 3.0])
    3.2
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0 or np.sum(w**2) == 0:
        return 0.0
    return float(np.sum(w) ** 2 / np.sum(w**2))


def weight_summary(df: pd.DataFrame, weights: pd.Series, by: list[str] | None = None
                   ) -> pd.DataFrame:
    """Kish diagnostics of the weights, overall and per group of each ``by`` variable.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.
    weights : pandas.Series
        Weights aligned with ``df``.
    by : list of str, optional
        Grouping variables; one block of rows per variable (missing values dropped).

    Returns
    -------
    pandas.DataFrame
        Columns ``breakdown``, ``group``, ``n``, ``n_weighted``, ``cv``, ``deff``, ``n_eff``,
        ``min_weight``, ``max_weight``; first row ``totaal``.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a", "a", "b", "b"]})
    >>> weight_summary(df, pd.Series([1.0, 1.0, 3.0, 3.0]), ["g"])[["group", "deff", "n_eff"]]
        group  deff  n_eff
    0  totaal  1.25    3.2
    1       a  1.00    2.0
    2       b  1.00    2.0
    """
    w = pd.Series(np.asarray(weights, dtype=float), index=df.index)
    parts = [("totaal", "totaal", w)]
    for var in by or []:
        if var not in df.columns:
            raise ColumnError(f"by: column {var!r} is not in the data")
        for grp, wg in w.groupby(df[var].astype("string"), sort=True):
            parts.append((var, str(grp), wg))
    rows = []
    for breakdown, group, wg in parts:
        deff = kish_deff(wg)
        rows.append({"breakdown": breakdown, "group": group, "n": len(wg),
                     "n_weighted": float(wg.sum()), "cv": float(np.sqrt(max(deff - 1, 0.0))),
                     "deff": deff, "n_eff": effective_n(wg),
                     "min_weight": float(wg.min()), "max_weight": float(wg.max())})
    return pd.DataFrame(rows)


def response_rates(df: pd.DataFrame, population: pd.Series, unit: str) -> pd.DataFrame:
    """Response rate per unit: respondents over the population count.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents, with column ``unit``.
    population : pandas.Series
        Population (invited) count per unit, indexed by unit.
    unit : str
        Column naming the unit (e.g. ``cluster``).

    Returns
    -------
    pandas.DataFrame
        Columns ``unit``, ``n_respondents``, ``n_population``, ``response_rate``, with a
        final ``totaal`` row; respondents with a missing unit count only in ``totaal``.

    Examples
    --------
    >>> df = pd.DataFrame({"cluster": ["A", "A", "B"]})
    >>> response_rates(df, pd.Series({"A": 4, "B": 4}), "cluster")
         unit  n_respondents  n_population  response_rate
    0       A              2             4          0.500
    1       B              1             4          0.250
    2  totaal              3             8          0.375
    """
    if unit not in df.columns:
        raise ColumnError(f"unit: column {unit!r} is not in the data")
    pop = population.copy()
    pop.index = pop.index.astype(str)
    counts = df[unit].astype("string").value_counts().reindex(pop.index, fill_value=0)
    extra = sorted(set(df[unit].dropna().astype(str)) - set(pop.index))
    if extra:
        raise StatsError(f"unit {unit!r}: respondent units {extra[:5]} have no population count")
    out = pd.DataFrame({"unit": pop.index, "n_respondents": counts.to_numpy().astype(int),
                        "n_population": pop.to_numpy()})
    total = pd.DataFrame({"unit": ["totaal"], "n_respondents": [len(df)],
                          "n_population": [pop.sum()]})
    out = pd.concat([out, total], ignore_index=True)
    out["response_rate"] = out["n_respondents"] / out["n_population"]
    return out
