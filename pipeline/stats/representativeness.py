"""R-indicator and partial R-indicators of a response, from a response-propensity model.

The population is a frame of register cells (one row per combination of the register
variables) with their staff count ``N_c`` and respondent count ``n_c``. A logistic model of
response on the variables (main effects, no penalty: maximum likelihood, scikit-learn's
:class:`~sklearn.linear_model.LogisticRegression` with the counts as weights) gives each
cell's estimated response propensity ``rho_c``; every employee of the cell has it.

* R-indicator: ``R = 1 - 2 S(rho)``, ``S`` the standard deviation of the propensities over
  the population (divisor ``N - 1``). ``R = 1``: every employee had the same propensity.
* Unconditional partial R-indicator of a variable ``X`` with categories ``k``:
  ``P_U(X) = sqrt(sum_k (N_k / N) (rho_k - rho)^2)``, ``rho_k`` the mean propensity in
  category ``k`` and ``rho`` the overall mean; per category
  ``P_U(X, k) = sqrt(N_k / N) (rho_k - rho)`` (negative: the category responded less).
* Conditional partial R-indicator: ``P_C(X) = sqrt(1 / (N - 1) sum_c N_c (rho_c - rho_Z(c))^2)``,
  ``rho_Z(c)`` the mean propensity of the cells with the same values of all other model
  variables: the variation that ``X`` adds once the others are known.

After weighting, the same model is fitted to the *weighted* response, rescaled to the number
of respondents: cell ``c`` counts ``n * W_c / W`` respondents (``W_c`` the sum of the weights
in the cell, ``W`` of all weights). Its propensities are those of a response with the
weighted sample's composition; on the weighting margins they are equal by construction, so
what remains is the deviation in the variables (or categories within them) the weights do not
correct. See docs/statistics.md, "Representativeness of the response".

References
----------
Schouten, B., Cobben, F. and Bethlehem, J. (2009). Indicators for the representativeness of
survey response. *Survey Methodology* 35(1), 101-113.
Schouten, B., Shlomo, N. and Skinner, C. (2011). Indicators for monitoring and improving
representativeness of response. *Journal of Official Statistics* 27(2), 231-253.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.stats.errors import ColumnError, StatsError


def r_indicator(rho: np.ndarray | pd.Series, counts: np.ndarray | pd.Series) -> float:
    """R-indicator ``1 - 2 S(rho)`` of propensities held by ``counts`` persons each.

    Parameters
    ----------
    rho : array-like
        Propensity of each cell.
    counts : array-like
        Population count of each cell (a person-level frame passes ones).

    Returns
    -------
    float
        ``1 - 2 S``, ``S`` the standard deviation over the persons (divisor ``N - 1``).

    Examples
    --------
    Half the staff responds with propensity 0.2, half with 0.4 (N = 4):

    >>> round(r_indicator([0.2, 0.4], [2, 2]), 4)
    0.7691
    >>> r_indicator([0.3, 0.3], [10, 5])
    1.0
    """
    rho, n = np.asarray(rho, dtype=float), np.asarray(counts, dtype=float)
    total = n.sum()
    if total <= 1:
        raise StatsError("R-indicator: the population needs at least two persons")
    mean = np.sum(n * rho) / total
    return float(1 - 2 * np.sqrt(np.sum(n * (rho - mean) ** 2) / (total - 1)))


def partial_unconditional(rho: np.ndarray | pd.Series, counts: np.ndarray | pd.Series,
                          category: np.ndarray | pd.Series) -> tuple[float, pd.DataFrame]:
    """Unconditional partial R-indicators of one variable: overall and per category.

    Returns
    -------
    float
        ``P_U(X) = sqrt(sum_k (N_k / N) (rho_k - rho)^2)``.
    pandas.DataFrame
        Per category (index): ``N``, mean propensity ``rho`` and ``partial`` =
        ``sqrt(N_k / N) (rho_k - rho)``.

    Examples
    --------
    >>> p, cats = partial_unconditional([0.2, 0.4], [2, 2], ["a", "b"])
    >>> round(p, 2), cats["partial"].round(4).tolist()
    (0.1, [-0.0707, 0.0707])
    """
    frame = pd.DataFrame({"rho": np.asarray(rho, dtype=float),
                          "N": np.asarray(counts, dtype=float),
                          "category": np.asarray(category, dtype=object)})
    total = frame["N"].sum()
    mean = np.sum(frame["N"] * frame["rho"]) / total
    frame["mass"] = frame["N"] * frame["rho"]
    cats = frame.groupby("category", sort=False)[["N", "mass"]].sum()
    cats["rho"] = cats["mass"] / cats["N"]
    cats["partial"] = np.sqrt(cats["N"] / total) * (cats["rho"] - mean)
    overall = float(np.sqrt(np.sum(cats["N"] / total * (cats["rho"] - mean) ** 2)))
    return overall, cats[["N", "rho", "partial"]]


def partial_conditional(rho: np.ndarray | pd.Series, counts: np.ndarray | pd.Series,
                        others: pd.DataFrame) -> float:
    """Conditional partial R-indicator of a variable given the other variables ``others``.

    ``P_C(X) = sqrt(1 / (N - 1) sum_c N_c (rho_c - rho_Z(c))^2)``: the spread of the
    propensities within the groups of cells that share the values of the other variables.

    Examples
    --------
    Propensities that differ only between the categories of another variable: nothing left.

    >>> z = pd.DataFrame({"z": ["a", "a", "b", "b"]})
    >>> partial_conditional([0.2, 0.2, 0.4, 0.4], [1, 1, 1, 1], z)
    0.0
    """
    rho, n = np.asarray(rho, dtype=float), np.asarray(counts, dtype=float)
    total = n.sum()
    if others.shape[1] == 0:
        mean_z = np.full_like(rho, np.sum(n * rho) / total)
    else:
        key = pd.MultiIndex.from_frame(others.astype(str).reset_index(drop=True))
        frame = pd.DataFrame({"mass": n * rho, "N": n}, index=key)
        sums = frame.groupby(level=list(range(others.shape[1])))[["mass", "N"]].transform("sum")
        mean_z = (sums["mass"] / sums["N"]).to_numpy()
    return float(np.sqrt(np.sum(n * (rho - mean_z) ** 2) / (total - 1)))


def fit_propensities(cells: pd.DataFrame, variables: Sequence[str], population: str = "N",
                     respondents: str = "n") -> np.ndarray:
    """Estimated response propensity of each register cell: logistic model, main effects.

    Parameters
    ----------
    cells : pandas.DataFrame
        One row per cell: the ``variables``, its staff count and its (possibly weighted)
        respondent count.
    variables : sequence of str
        Categorical register variables of the model (one-hot, main effects).
    population, respondents : str
        Columns of the staff and respondent counts (``n_c >= 0``).

    Returns
    -------
    numpy.ndarray
        Fitted propensities in the cells' order.

    Notes
    -----
    Maximum likelihood without penalty on the grouped data: each cell is a response row of
    weight ``n_c`` and a nonresponse row of weight ``N_c - n_c``. With main effects the fitted
    respondent counts equal the observed ones on every category of every variable (the
    likelihood equations), so one variable alone reproduces its categories' response rates.
    The log-likelihood ``sum_c n_c x_c'b - N_c log(1 + exp(x_c'b))`` depends on the
    respondents only through those category totals, so a cell may count more respondents than
    staff (answers in the survey that differ from the register): its nonresponse row then has
    a negative weight and the likelihood is still concave, maximised where the fitted and
    observed category totals agree.
    """
    from sklearn.linear_model import LogisticRegression

    missing = [v for v in (*variables, population, respondents) if v not in cells]
    if missing:
        raise ColumnError(f"propensity model: cells lack column(s) {', '.join(missing)}")
    big_n = cells[population].to_numpy(dtype=float)
    small_n = cells[respondents].to_numpy(dtype=float)
    if (small_n < 0).any():
        raise StatsError("propensity model: negative respondent counts")
    rate = small_n.sum() / big_n.sum()
    if not variables or rate in (0.0, 1.0):
        return np.full(len(cells), rate)
    x = pd.get_dummies(cells[list(variables)].astype(str), drop_first=True, dtype=float)
    if x.shape[1] == 0:
        return np.full(len(cells), rate)
    design = np.vstack([x.to_numpy(), x.to_numpy()])
    y = np.r_[np.ones(len(cells)), np.zeros(len(cells))]
    weight = np.r_[small_n, big_n - small_n]
    keep = weight != 0
    model = LogisticRegression(C=np.inf, solver="lbfgs", max_iter=5000, tol=1e-10)
    model.fit(design[keep], y[keep], sample_weight=weight[keep])
    return model.predict_proba(x.to_numpy())[:, 1]


@dataclass(frozen=True)
class Representativeness:
    """The R-indicator of a response and its partial indicators.

    Attributes
    ----------
    r : float
        R-indicator ``1 - 2 S``.
    s : float
        Standard deviation of the propensities over the population.
    mean : float
        Mean propensity (the response rate of the model).
    variables : pandas.DataFrame
        Per variable: ``variable``, ``unconditional`` and ``conditional`` partial indicators.
    categories : pandas.DataFrame
        Per category: ``variable``, ``category``, ``N`` (staff), ``rho`` (mean propensity),
        ``partial`` (signed unconditional partial indicator).
    """

    r: float
    s: float
    mean: float
    variables: pd.DataFrame
    categories: pd.DataFrame


def representativeness(cells: pd.DataFrame, variables: Sequence[str], population: str = "N",
                       respondents: str = "n",
                       rho: np.ndarray | None = None) -> Representativeness:
    """R-indicator and partial R-indicators of the response in ``cells``.

    Parameters
    ----------
    cells : pandas.DataFrame
        One row per register cell (see :func:`fit_propensities`).
    variables : sequence of str
        The model's (and the partial indicators') variables.
    population, respondents : str
        Columns of the counts.
    rho : numpy.ndarray, optional
        Known propensities of the cells (then no model is fitted).

    Returns
    -------
    Representativeness

    Examples
    --------
    Two equally large groups responding 20% and 40%:

    >>> cells = pd.DataFrame({"g": ["a", "b"], "N": [5000, 5000], "n": [1000, 2000]})
    >>> res = representativeness(cells, ["g"])
    >>> round(res.r, 3), round(res.mean, 2), res.variables["unconditional"].round(3).tolist()
    (0.8, 0.3, [0.1])
    """
    counts = cells[population].to_numpy(dtype=float)
    if rho is None:
        rho = fit_propensities(cells, variables, population, respondents)
    rho = np.asarray(rho, dtype=float)
    total = counts.sum()
    mean = float(np.sum(counts * rho) / total)
    r = r_indicator(rho, counts)
    rows, cats = [], []
    for v in variables:
        overall, per = partial_unconditional(rho, counts, cells[v].astype(str).to_numpy())
        others = cells[[o for o in variables if o != v]]
        rows.append({"variable": v, "unconditional": overall,
                     "conditional": partial_conditional(rho, counts, others)})
        cats.append(per.reset_index().assign(variable=v))
    categories = (pd.concat(cats, ignore_index=True)[["variable", "category", "N", "rho",
                                                       "partial"]]
                  if cats else pd.DataFrame(columns=["variable", "category", "N", "rho",
                                                     "partial"]))
    return Representativeness(r=r, s=(1 - r) / 2, mean=mean, variables=pd.DataFrame(
        rows, columns=["variable", "unconditional", "conditional"]), categories=categories)


def register_cells(register: pd.DataFrame, respondents: pd.DataFrame, variables: Sequence[str],
                   weights: np.ndarray | None = None, total: float | None = None) -> pd.DataFrame:
    """Cross the register variables into cells with staff and respondent counts.

    Parameters
    ----------
    register : pandas.DataFrame
        Staff at the peildatum, one row per employee, with the ``variables``.
    respondents : pandas.DataFrame
        Respondents with the same variables in the register's codes. Those who left one of
        them open are left out of the cells; the counts of the others are scaled up to
        ``total`` (as if they responded with the same profile).
    variables : sequence of str
        Register variables.
    weights : numpy.ndarray, optional
        Survey weights of ``respondents``: the cells then count the weighted response,
        rescaled to ``total`` respondents (after weighting).
    total : float, optional
        Respondents the counts add up to (default: all rows of ``respondents``).

    Returns
    -------
    pandas.DataFrame
        The ``variables``, ``N`` (staff) and ``n`` (respondents), one row per register cell
        with staff (respondents in cells without staff are left out).
    """
    variables = list(variables)
    missing = [v for v in variables if v not in register or v not in respondents]
    if missing:
        raise ColumnError(f"R-indicator: variable(s) {', '.join(missing)} not in both the "
                          "register and the survey")
    reg = register[variables].astype("string")
    staff = reg.dropna().value_counts().rename("N")
    resp = respondents[variables].astype("string")
    w = (np.ones(len(resp)) if weights is None else np.asarray(weights, dtype=float))
    known = resp.notna().all(axis=1).to_numpy()
    counted = resp[known].assign(_w=w[known]).groupby(variables, observed=True)["_w"].sum()
    cells = staff.to_frame().join(counted.rename("n"), how="left").fillna({"n": 0.0})
    goal = float(len(respondents) if total is None else total)
    inside = cells["n"].sum()
    if inside > 0:
        cells["n"] = cells["n"] * goal / inside
    return cells.reset_index()
