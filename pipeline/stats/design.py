"""The survey design object: data, full-sample weights, replicate weights, raking report.

Estimators take a :class:`SurveyDesign` and column names, in the spirit of R's ``survey``
package (``svydesign`` / ``as.svrepdesign`` then ``svymean(~x, design)``; Lumley 2010).

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from pipeline.stats.errors import StatsError
from pipeline.stats.replicates import ReplicateWeights, bootstrap_replicates
from pipeline.stats.weights import RakeResult, rake


@dataclass(frozen=True)
class SurveyDesign:
    """Respondent data with full-sample and replicate weights.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per respondent (a copy; the caller's frame is never modified).
    weights : numpy.ndarray
        Full-sample weights, shape (n,).
    replicates : ReplicateWeights or None
        Replicate weights (n, R) and variance scale. ``None``: variances use Kish's
        effective n (``p(1-p)/n_eff``), which ignores the calibration.
    rake : RakeResult or None
        The raking report, when the weights came from :func:`pipeline.stats.weights.rake`.
    wave : int or None
        Survey year, written into estimate tables.

    Examples
    --------
    >>> df = pd.DataFrame({"g": ["a", "a", "b", "b"], "y": [1, 0, 1, 1]})
    >>> des = SurveyDesign.unweighted(df, wave=2024)
    >>> des.n, des.n_replicates, float(des.weights.sum())
    (4, 0, 4.0)
    """

    data: pd.DataFrame
    weights: np.ndarray
    replicates: ReplicateWeights | None = None
    rake: RakeResult | None = None
    wave: int | None = None

    def __post_init__(self) -> None:
        w = np.asarray(self.weights, dtype=float)
        if w.ndim != 1 or w.size != len(self.data):
            raise StatsError(f"weights: expected {len(self.data)} weights, got shape {w.shape}")
        if not np.isfinite(w).all() or (w < 0).any():
            raise StatsError("weights: must be finite and non-negative")
        if self.replicates is not None and self.replicates.weights.shape[0] != w.size:
            raise StatsError("replicates: row count differs from the data")
        object.__setattr__(self, "weights", w)

    @property
    def n(self) -> int:
        """Number of respondents."""
        return len(self.data)

    @property
    def n_replicates(self) -> int:
        """Number of replicate weights (0 without replicates)."""
        return 0 if self.replicates is None else self.replicates.n_replicates

    @classmethod
    def unweighted(cls, df: pd.DataFrame, *, wave: int | None = None) -> SurveyDesign:
        """Design with all weights 1 and no replicates (simple random sample).

        Parameters
        ----------
        df : pandas.DataFrame
            Respondents.
        wave : int, optional
            Survey year.

        Returns
        -------
        SurveyDesign
            Equal weights, Kish variance (``p(1-p)/n``).
        """
        return cls(df.copy(), np.ones(len(df)), wave=wave)

    @classmethod
    def from_margins(
        cls,
        df: pd.DataFrame,
        margins: dict[str, pd.Series],
        weighting: Mapping[str, Any],
        *,
        wave: int | None = None,
        seed: int | None = None,
    ) -> SurveyDesign:
        """Rake to the margins and build replicate weights, with ``params.yaml`` settings.

        Parameters
        ----------
        df : pandas.DataFrame
            Respondents (already restricted to those in the estimates).
        margins : dict of str to pandas.Series
            Population totals per category, for the margins named in
            ``weighting['margins']`` (others are ignored).
        weighting : mapping
            The ``weighting:`` section of ``params.yaml``: ``margins``, ``trim_bounds``,
            ``max_iter``, ``tolerance``, ``replicates``, ``missing_margin``, and optionally
            ``trim_method``, ``calibration``, ``collapse``, ``collapse_below``, ``fpc``,
            ``replicate_strata``.
        wave : int, optional
            Survey year.
        seed : int, optional
            Seed of the bootstrap; default ``weighting['replicate_seed']`` (else 0).

        Returns
        -------
        SurveyDesign
            Design with raked weights and raked replicate weights.

        Examples
        --------
        >>> df = pd.DataFrame({"g": ["a"] * 6 + ["b"] * 4, "y": [1, 0] * 5})
        >>> params = {"margins": ["g"], "trim_bounds": None, "max_iter": 50,
        ...           "tolerance": 1e-8, "replicates": 10, "missing_margin": "impute"}
        >>> des = SurveyDesign.from_margins(df, {"g": pd.Series({"a": 50, "b": 50})}, params)
        >>> des.n_replicates, round(float(des.weights.sum()), 6)
        (10, 100.0)
        """
        names = list(weighting.get("margins", list(margins)))
        missing = [m for m in names if m not in margins]
        if missing:
            raise StatsError(f"margins: no population totals given for {missing}")
        sel = {m: margins[m] for m in names}
        max_iter = int(weighting.get("max_iter", 100))
        tol = float(weighting.get("tolerance", 1e-6))
        res = rake(df, sel, max_iter=max_iter, tol=tol,
                   trim_bounds=weighting.get("trim_bounds"),
                   trim_method=weighting.get("trim_method", "clip"),
                   calibration=weighting.get("calibration", "raking"),
                   missing_margin=weighting.get("missing_margin", "cell_average"),
                   collapse=bool(weighting.get("collapse", True)),
                   collapse_below=int(weighting.get("collapse_below", 1)))
        reps = None
        n_rep = int(weighting.get("replicates", 0))
        if n_rep > 0:
            if seed is None:
                seed = int(weighting.get("replicate_seed") or 0)
            reps = bootstrap_replicates(df, res, n_replicates=n_rep, seed=seed,
                                        fpc=weighting.get("fpc", "capped"),
                                        strata=weighting.get("replicate_strata"),
                                        max_iter=max_iter, tol=tol)
        return cls(df.copy(), res.weights.to_numpy(), reps, res, wave)

    def subset(self, mask: np.ndarray | pd.Series) -> SurveyDesign:
        """Keep the rows in ``mask`` with their full-sample and replicate weights.

        Weights are *not* re-raked: a domain keeps the weights of the whole wave
        (Lumley 2010, sec. 2.3). Estimating on a subset equals estimating by group.

        Parameters
        ----------
        mask : array-like of bool
            Rows to keep.

        Returns
        -------
        SurveyDesign
            The restricted design (``rake`` is dropped: it describes the whole wave).
        """
        m = np.asarray(mask, dtype=bool)
        if m.size != self.n:
            raise StatsError(f"mask: expected {self.n} values, got {m.size}")
        reps = None
        if self.replicates is not None:
            r = self.replicates
            reps = replace(r, weights=r.weights[m])
        return SurveyDesign(self.data.loc[m].copy(), self.weights[m], reps, None, self.wave)
