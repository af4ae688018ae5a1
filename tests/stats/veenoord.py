"""Veenoord: a staff population made independently of the demo generator, with known truth.

The coverage harness (:mod:`pipeline.stats.coverage`, ``make validate``) checks the weighting
and the intervals on two populations: the demo's own (``pipeline.synth``) and this one, which
shares no code, sizes, units or coefficients with it and was not tuned to the engine. It
differs on purpose: 9,400 staff instead of 22,000, four sectors and one small council office
instead of seven clusters, three age bands, a survey gender with two small categories
(``x``, ``anders``), a response rate near 38%, prevalences from 3.7% to 42%, item non-response
on the rare outcome, and a mean outcome on a 1-7 scale.

Response models (``response=``)
    ``"mar"``: the response propensity depends only on the four raking margins (sector,
    salary band, age band, HR gender), so the engine's assumptions hold and the weighted
    estimates must be unbiased with intervals that cover.
    ``"mnar"``: the propensity also depends on herkomst, which is not a margin of the HR
    weighting: raking on the four margins must leave a bias, and adding herkomst as a margin
    must remove it.

Only numpy and pandas are used, so that nothing of the engine enters the truth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SECTORS = ("Noord-Oost", "Haven en Water", "Centrum", "Ondersteuning", "Raadsgriffie")
SECTOR_SHARE = (0.31, 0.22, 0.26, 0.19, 0.02)
BANDS = ("1-5", "6-8", "9-11", "12-14", "15+")
AGES = ("<30", "30-49", "50+")
HERKOMST = ("Nederland", "Europa", "Buiten-Europa")
OUTCOMES = ("ub_any", "discr_ja", "geweld")
MEANS = ("ps_score",)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _categorical(rng: np.random.Generator, logits: np.ndarray) -> np.ndarray:
    """One category index per row from row-wise logits, by inverse CDF."""
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    cdf = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    return np.minimum((rng.random(len(p))[:, None] > cdf).sum(axis=1), p.shape[1] - 1)


def _intercept_for_rate(lin: np.ndarray, rate: float) -> float:
    """Intercept a with mean(logistic(a + lin)) = rate, by bisection."""
    lo, hi = -12.0, 12.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if _logistic(mid + lin).mean() < rate:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def veenoord(seed: int = 5, *, response: str = "mar", n_staff: int = 9400,
             response_rate: float = 0.38) -> pd.DataFrame:
    """Generate the Veenoord staff population with outcomes and response propensities.

    Parameters
    ----------
    seed : int, default 5
        Random seed of the population (the response draws are the harness's).
    response : {'mar', 'mnar'}, default 'mar'
        Response model (module docstring).
    n_staff : int, default 9400
        Population size.
    response_rate : float, default 0.38
        Mean response propensity.

    Returns
    -------
    pandas.DataFrame
        One row per staff member: margins ``cluster`` (sector), ``schaal_band``,
        ``age_band``, ``gender`` (HR: man/vrouw); breakdowns ``herkomst`` and
        ``gender_survey`` (man/vrouw/x/anders; x 1.4%, anders 1.0%); binary outcomes
        ``ub_any`` (~42%),
        ``discr_ja`` (~9%, 4% missing answers as NA), ``geweld`` (~3.7%); ``ps_score``
        (1-7); ``p_response``.

    Examples
    --------
    >>> pop = veenoord(1)
    >>> len(pop), round(float(pop["p_response"].mean()), 2)
    (9400, 0.38)
    """
    if response not in ("mar", "mnar"):
        raise ValueError(f"response must be 'mar' or 'mnar', got {response!r}")
    rng = np.random.default_rng(seed)
    n = n_staff
    sector = rng.choice(len(SECTORS), n, p=SECTOR_SHARE)
    be_by_sector = np.array([1.1, 0.2, 0.5, -0.4, -0.9])
    herkomst = _categorical(rng, np.column_stack(
        [np.full(n, 0.9), np.full(n, -0.6), be_by_sector[sector] - 0.3]))
    is_be, is_eu = herkomst == 2, herkomst == 1
    # salary band falls with Buiten-Europese herkomst, rises in Ondersteuning/Raadsgriffie
    band_lin = (np.array([0.0, -0.2, 0.1, 0.5, 0.7])[sector] - 0.8 * is_be - 0.2 * is_eu)
    band = _categorical(rng, np.array([-0.3, 0.6, 0.8, 0.1, -1.4])[None, :]
                        + np.outer(band_lin, np.arange(5) - 2))
    age = rng.choice(3, n, p=[0.18, 0.47, 0.35])
    hr_female = rng.random(n) < 0.58
    u = rng.random(n)
    survey_gender = np.where(u < 0.014, "x", np.where(u < 0.024, "anders",
                                                      np.where(hr_female, "vrouw", "man")))
    # outcomes
    sector_effect = rng.normal(0.0, 0.3, len(SECTORS))
    small_gender = np.isin(survey_gender, ["x", "anders"])
    ub = (-0.5 + 0.45 * is_be + 0.15 * is_eu + 0.25 * hr_female + 0.7 * small_gender
          - 0.12 * (band - 2) - 0.25 * (age - 1) + sector_effect[sector])
    discr = (-2.9 + 1.2 * is_be + 0.4 * is_eu + 0.2 * hr_female + 1.0 * small_gender
             - 0.1 * (band - 2) - 0.2 * (age - 1) + sector_effect[sector])
    violence = -3.9 + 0.5 * is_be - 0.5 * (band - 2) + 0.3 * (sector == 1) - 0.3 * (age - 1)
    discr_ja = (rng.random(n) < _logistic(discr)).astype(float)
    discr_ja[rng.random(n) < 0.04] = np.nan
    ps = np.clip(5.2 - 0.15 * is_be - 0.3 * small_gender + 0.08 * (band - 2)
                 + 0.5 * sector_effect[sector] + rng.normal(0.0, 0.95, n), 1.0, 7.0)
    # response: the four margins, plus herkomst under MNAR
    resp_lin = (np.array([0.1, -0.4, 0.0, 0.4, 0.6])[sector] + 0.25 * (band - 2)
                + 0.35 * (age - 1) + 0.2 * hr_female)
    if response == "mnar":
        resp_lin = resp_lin - 0.55 * is_be - 0.15 * is_eu
    a = _intercept_for_rate(resp_lin, response_rate)
    return pd.DataFrame({
        "cluster": np.array(SECTORS)[sector],
        "schaal_band": np.array(BANDS)[band],
        "age_band": np.array(AGES)[age],
        "gender": np.where(hr_female, "vrouw", "man"),
        "gender_survey": survey_gender,
        "herkomst": np.array(HERKOMST)[herkomst],
        "ub_any": (rng.random(n) < _logistic(ub)).astype(int),
        "discr_ja": pd.array(discr_ja, dtype="Float64"),
        "geweld": (rng.random(n) < _logistic(violence)).astype(int),
        "ps_score": ps.round(4),
        "p_response": _logistic(a + resp_lin),
    })


def cbs_barometer(pop: pd.DataFrame, year: int, *, min_n: int = 250,
                  decimals: int = 3) -> pd.DataFrame:
    """What the CBS Barometer would deliver for a population: shares of all staff per unit.

    The CBS knows every person's herkomst (from the population register) and publishes, per
    cluster and for the organisation, the share of each herkomst among all staff (band
    ``totaal``, new scheme), rounded to ``decimals``, withheld (``suppressed``, no share) for
    a unit of fewer than ``min_n`` staff. Canonical barometer rows (docs/data-contract.md),
    so that the pipeline's own reader of the barometer builds the margin from them.

    Parameters
    ----------
    pop : pandas.DataFrame
        One row per person with ``cluster`` and the true ``herkomst``.
    year : int
        The CBS year.
    min_n : int, default 250
        The CBS threshold (``disclosure.cbs_min_n``).
    decimals : int, default 3
        Rounding of the shares as delivered.

    Returns
    -------
    pandas.DataFrame
    """
    rows = []
    units = [("organisatie", pop)] + [(str(c), g) for c, g in pop.groupby("cluster", sort=True)]
    for unit, group in units:
        n = len(group)
        shares = group["herkomst"].value_counts(normalize=True)
        for h in HERKOMST:
            withheld = n < min_n
            rows.append({"year": year, "unit": unit, "schaal_band": "totaal", "scheme": "nieuw",
                         "herkomst": h,
                         "share": np.nan if withheld else round(float(shares.get(h, 0.0)),
                                                                decimals),
                         "n_staff": n, "suppressed": withheld})
    return pd.DataFrame(rows)
