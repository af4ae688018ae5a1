"""Weighted domain sums for many indicators, groups and replicates at once.

The engine behind :mod:`pipeline.stats.estimate` and :mod:`pipeline.stats.compare`. For
``J`` indicators it stacks the value matrix ``[Y, B, Y^2]`` (n x 3J; ``Y`` is the value with
NA set to 0, ``B`` the base indicator) and the weight matrices ``[w, w^2, 1]`` (n x 3) and
``[W_1..W_R]`` (n x R, the replicates, not copied). For each group ``k`` of a breakdown,
two matrix products ``V[rows_k].T @ [w, w^2, 1][rows_k]`` and
``[Y, B][rows_k].T @ W[rows_k]`` give every weighted total, squared-weight total,
unweighted count and replicate total of every indicator in that group.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.stats.design import SurveyDesign
from pipeline.stats.errors import ColumnError

SEP = " × "
#: Rows of one group summed at a time: a group's rows are copied out of the (n, R) replicate
#: matrix, and for 700k respondents one large group would otherwise copy about 1 GB at once.
#: Groups of the demo waves are far smaller, so their sums are computed in one product.
ROW_CHUNK = 65_536


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Run the per-group products on one BLAS thread.

    The products are many and, for a wave, small; multithreaded OpenBLAS gains little on
    them, and on a busy 2-core machine its spinning threads made ``estimate_all`` three to
    five times slower (7k respondents: 5 s instead of 1 s; 700k: 185 s instead of 61 s, both
    measured under load). Uses ``threadpoolctl`` when installed (a dependency of
    scikit-learn/pingouin).

    Yields
    ------
    None
        Inside the block BLAS uses one thread.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@dataclass(frozen=True)
class Prepared:
    """Stacked value and weight matrices for a set of indicators.

    Attributes
    ----------
    names : list of str
        Indicators present in the data.
    kinds : numpy.ndarray
        ``"proportion"`` or ``"mean"`` per indicator.
    values : numpy.ndarray
        ``[Y, B, Y^2]``, shape (n, 3J).
    weights : numpy.ndarray
        ``[w, w^2, 1]``, shape (n, 3).
    replicates : numpy.ndarray
        Replicate weights (n, R); (n, 0) without replicates.
    n_replicates : int
        R (0: no replicates).
    scale : float
        Replicate variance multiplier.
    sampling_fraction : float
        Response fraction the finite-population correction credits (0 without).
    """

    names: list[str]
    kinds: np.ndarray
    values: np.ndarray
    weights: np.ndarray
    replicates: np.ndarray
    n_replicates: int
    scale: float
    sampling_fraction: float = 0.0


def as_binary(s: pd.Series, name: str) -> np.ndarray:
    """Float array of a 0/1 indicator (NaN = not in base); other values raise.

    Parameters
    ----------
    s : pandas.Series
        Boolean, integer or float indicator.
    name : str
        Column name, for the error message.

    Returns
    -------
    numpy.ndarray
        Values 0.0, 1.0 or NaN.

    Examples
    --------
    >>> as_binary(pd.Series([True, False, None], dtype="boolean"), "x").tolist()
    [1.0, 0.0, nan]
    """
    v = pd.to_numeric(s.astype("Float64") if s.dtype == "boolean" else s, errors="coerce")
    arr = v.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(arr) & (arr != 0) & (arr != 1)
    if bad.any():
        raise ColumnError(f"indicator {name!r}: values must be 0/1 (NA = not in base); "
                          f"found {sorted(set(arr[bad].tolist()))[:5]}")
    return arr


def prepare(design: SurveyDesign, proportions: Sequence[str], means: Sequence[str] = ()
            ) -> Prepared:
    """Stack indicators present in the design's data; absent ones are left out.

    Parameters
    ----------
    design : SurveyDesign
        Data and weights.
    proportions : sequence of str
        Binary 0/1 indicators (NA = not in base).
    means : sequence of str
        Numeric variables (e.g. ``ps_score``) estimated as means.

    Returns
    -------
    Prepared
        Matrices for :func:`group_sums`.
    """
    df = design.data
    dup = sorted({c for c in [*proportions, *means] if c in df.columns}
                 & set(df.columns[df.columns.duplicated()]))
    if dup:
        raise ColumnError(f"indicator column(s) {dup} appear more than once in the data")
    cols, names, kinds = [], [], []
    for name in proportions:
        if name in df.columns:
            cols.append(as_binary(df[name], name))
            names.append(name)
            kinds.append("proportion")
    for name in means:
        if name in df.columns:
            v = pd.to_numeric(df[name], errors="coerce")
            cols.append(v.to_numpy(dtype=float, na_value=np.nan))
            names.append(name)
            kinds.append("mean")
    n, j = design.n, len(cols)
    values = np.empty((n, 3 * j))  # [Y, B, Y^2], filled column by column (no temporaries)
    for i, col in enumerate(cols):
        in_base = ~np.isnan(col)
        values[:, i] = np.where(in_base, col, 0.0)
        values[:, j + i] = in_base
        values[:, 2 * j + i] = values[:, i] ** 2
    w = design.weights[:, None]
    small = np.hstack([w, w**2, np.ones_like(w)])
    scale, r, reps, fraction = 0.0, 0, np.empty((n, 0)), 0.0
    if design.replicates is not None:
        reps = design.replicates.weights
        scale, r = design.replicates.scale, design.replicates.n_replicates
        fraction = design.replicates.sampling_fraction
    return Prepared(names, np.array(kinds, dtype=object), values, small, reps, r, scale,
                    fraction)


def group_codes(df: pd.DataFrame, variables: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Integer group code per row for one variable or a cross of several (``-1`` = missing).

    Booleans are labelled ``ja`` / ``nee``; groups follow the categorical order when the
    column is categorical, otherwise sorted order. Only combinations present are coded.

    Parameters
    ----------
    df : pandas.DataFrame
        Respondents.
    variables : sequence of str
        One variable, or several for a cross (two-way) breakdown.

    Returns
    -------
    tuple
        Codes (n,) and the group labels (two-way joined with ``" × "``).

    Examples
    --------
    >>> df = pd.DataFrame({"a": ["x", "y", None], "b": [True, False, True]})
    >>> group_codes(df, ["a", "b"])
    (array([ 0,  1, -1]), ['x × ja', 'y × nee'])
    """
    labels_per_var, codes_per_var = [], []
    for var in variables:
        if var not in df.columns:
            raise ColumnError(f"breakdown: column {var!r} not in the data")
        s = df[var]
        if s.dtype == "boolean" or s.dtype == bool:
            s = s.astype("boolean").map({True: "ja", False: "nee"}).astype("string")
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = [str(c) for c in s.cat.categories]
            codes = s.cat.codes.to_numpy().astype(np.int64)
        else:
            codes, uniq = pd.factorize(s.astype("string"), sort=True)
            cats = [str(u) for u in uniq]
        labels_per_var.append(cats)
        codes_per_var.append(np.asarray(codes, dtype=np.int64))
    stacked = np.column_stack(codes_per_var)
    valid = (stacked >= 0).all(axis=1)
    out = np.full(len(df), -1, dtype=np.int64)
    if not valid.any():
        return out, []
    combos, inv = np.unique(stacked[valid], axis=0, return_inverse=True)
    out[valid] = inv.ravel()
    labels = [SEP.join(labels_per_var[j][c] for j, c in enumerate(row)) for row in combos]
    return out, labels


def _sums(prep: Prepared, rows: np.ndarray | None) -> np.ndarray:
    if rows is not None and rows.size > ROW_CHUNK:  # bounded copies for very large groups
        return sum(_sums(prep, rows[i:i + ROW_CHUNK]) for i in range(0, rows.size, ROW_CHUNK))
    j2 = 2 * len(prep.names)
    v = prep.values if rows is None else prep.values[rows]
    w = prep.weights if rows is None else prep.weights[rows]
    out = np.zeros((v.shape[1], 3 + prep.n_replicates))
    out[:, :3] = v.T @ w
    if prep.n_replicates:
        reps = prep.replicates if rows is None else prep.replicates[rows]
        out[:j2, 3:] = v[:, :j2].T @ reps
    return out


def group_sums(prep: Prepared, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Weighted, squared-weight, unweighted and replicate sums for every group ``k``.

    Parameters
    ----------
    prep : Prepared
        Stacked matrices.
    codes : numpy.ndarray
        Group code per row (``-1`` rows are skipped).
    n_groups : int
        Number of groups K.

    Returns
    -------
    numpy.ndarray
        Shape (K, 3J, 3 + R); the replicate sums of the ``Y^2`` block are 0 (unused).
    """
    out = np.zeros((n_groups, prep.values.shape[1], 3 + prep.n_replicates))
    if n_groups == 0:
        return out
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n_groups + 1))
    with single_blas_thread():
        for k in range(n_groups):
            rows = order[bounds[k]:bounds[k + 1]]
            if rows.size:
                out[k] = _sums(prep, rows)
    return out


def total_sums(prep: Prepared) -> np.ndarray:
    """Sum over all rows, shape (1, 3J, 3 + R).

    Parameters
    ----------
    prep : Prepared
        Stacked matrices.

    Returns
    -------
    numpy.ndarray
        The whole-sample sums.
    """
    with single_blas_thread():
        return _sums(prep, None)[None]
