"""Yearly HR register snapshots of the synthetic Amsterdam, with realistic flows.

A stock of staff at 31-12-2019 evolves year by year: people leave (more often when young or near
retirement), are promoted within and across salary bands, move between directies, and are
replaced by hires. Hiring into the higher bands becomes more diverse over the years (the city's
targets and preference policy), so representation from schaal 12 changes slowly, as it does in
reality. Each person keeps a hidden origin (three birth countries) that the HR register never
shows; CBS tables and survey answers are derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.synth.organisation import directie_table
from pipeline.synth.origins import classify_new, classify_old, draw_origins
from pipeline.synth.scales import BAND_OF_SCALE, BANDS, SCALES_IN_BAND, draw_scale

BAND_SHARES = np.array([0.113, 0.294, 0.431, 0.1475, 0.0145])
GROWTH = 0.01  # headcount growth per year
_BAND_INDEX = {b: i for i, b in enumerate(BANDS)}
_BAND_TILT = np.array([1.2, 0.6, 0.0, -0.6, -1.2])  # how a directie's low_scale shifts bands

# New-scheme herkomst mix (Buiten-Europa, Europa) of the 2019 stock and of hires, per band.
# Hiring from schaal 12 grows more diverse each year (targets, preference policy from 2021).
_STOCK_2019 = {"1-5": (0.47, 0.10), "6-8": (0.39, 0.10), "9-11": (0.25, 0.10),
               "12-14": (0.185, 0.10), "15+": (0.115, 0.10)}
_HIRES_2019 = {"1-5": (0.47, 0.11), "6-8": (0.40, 0.11), "9-11": (0.28, 0.11),
               "12-14": (0.27, 0.11), "15+": (0.30, 0.10)}
_HIRE_TREND = {"1-5": 0.0, "6-8": 0.002, "9-11": 0.004, "12-14": 0.012, "15+": 0.0}
TOP_BAND = "15+"
TOP_BAND_PATH = {2019: 0.105, 2020: 0.11, 2021: 0.125, 2022: 0.15, 2023: 0.165, 2024: 0.17,
                 2025: 0.175, 2026: 0.18}
"""Buiten-Europa share of schaal 15+ at 31-12 per year (the council's published pattern:
the top band is the least diverse, niet-westers 9% in 2020 rising to 14% by 2023; about 0.7
of its Buiten-Europa staff is niet-westers, origins.py). Hiring into the band is solved for so
that the small band follows the path whatever the seed, instead of drifting by chance."""


def top_band_share(year: int) -> float:
    """Return the Buiten-Europa share of the top band at 31-12 of ``year`` (path, clamped).

    Examples
    --------
    >>> top_band_share(2023), top_band_share(2030)
    (0.165, 0.18)
    """
    years = sorted(TOP_BAND_PATH)
    return TOP_BAND_PATH[min(max(year, years[0]), years[-1])]


HIRE_AGE_BASE = 23.3
"""Youngest typical hiring age in the lowest band (years); older by two per band above."""
YOUNG_HIRES = np.array([0.25, 0.15, 0.08, 0.0, 0.0])
"""Share of hires per band aged 18 to 25 (trainees, school leavers): without them the under-25
band of the register empties over the years (13 staff left in 2026)."""
_PROMOTION_ODDS_BE = 0.8  # relative odds of cross-band promotion for Buiten-Europa staff


@dataclass(frozen=True)
class Workforce:
    """The synthetic workforce over the years.

    Attributes
    ----------
    people : pandas.DataFrame
        One row per person ever employed: ``person_id``, ``employee_id``, ``birth_date``,
        ``gender`` (HR code M/V/X), the three birth countries, ``herkomst``,
        ``migratieachtergrond`` and hidden traits used by the survey model.
    snapshots : pandas.DataFrame
        One row per person in service at each peildatum (31-12): ``peildatum``,
        ``person_id``, ``cluster``, ``directie``, ``schaal``, ``schaal_band``, ``manager``,
        ``fte``, ``start_date``, ``end_date``.
    """

    people: pd.DataFrame
    snapshots: pd.DataFrame

    def snapshot(self, year: int) -> pd.DataFrame:
        """Return the register at 31-12 of ``year`` joined with person attributes."""
        snap = self.snapshots[self.snapshots["peildatum"].dt.year == year]
        return snap.merge(self.people, on="person_id", how="left", validate="one_to_one")


def _headcount(year: int, n_2024: int) -> int:
    return round(n_2024 * (1 + GROWTH) ** (year - 2024))


def _draw_directie(rng: np.random.Generator, bands: np.ndarray) -> np.ndarray:
    org = directie_table()
    out = np.empty(len(bands), dtype=object)
    for band, tilt in zip(BANDS, _BAND_TILT, strict=True):
        idx = np.flatnonzero(bands == band)
        if idx.size:
            w = org["share"].to_numpy() * np.exp(org["low_scale"].to_numpy() * tilt)
            out[idx] = rng.choice(org["directie"].to_numpy(), size=idx.size, p=w / w.sum())
    return out


def _draw_people(
    rng: np.random.Generator, bands: np.ndarray, year: int, hires: bool, first_id: int,
    top_be: int | None = None,
) -> pd.DataFrame:
    """Draw new persons (initial stock or hires) for the given bands.

    ``top_be``, when given, is the exact number of Buiten-Europa persons among those drawn for
    :data:`TOP_BAND` (the others of that band are Europa or Nederland at the band's mix).
    """
    n = len(bands)
    mix = _HIRES_2019 if hires else _STOCK_2019
    p_be = np.array([mix[b][0] for b in bands])
    if hires:
        p_be = p_be + np.array([_HIRE_TREND[b] for b in bands]) * (year - 2019)
    p_eu = np.array([mix[b][1] for b in bands])
    u = rng.random(n)
    herkomst = np.where(u < p_be, "Buiten-Europa", np.where(u < p_be + p_eu, "Europa", "Nederland"))
    top = np.flatnonzero(bands == TOP_BAND)
    if top_be is not None and top.size:
        k = int(np.clip(top_be, 0, top.size))
        be_top = np.zeros(top.size, dtype=bool)
        be_top[rng.permutation(top.size)[:k]] = True
        eu = rng.random(top.size) < mix[TOP_BAND][1] / (1 - mix[TOP_BAND][0])
        herkomst[top] = np.where(be_top, "Buiten-Europa", np.where(eu, "Europa", "Nederland"))
    high = np.isin(bands, ["12-14", "15+"])
    origins = draw_origins(rng, herkomst, high, bands == TOP_BAND)

    band_i = np.array([_BAND_INDEX[b] for b in bands])
    if hires:
        age = np.clip(rng.gamma(4.0, 2.6, n) + HIRE_AGE_BASE + 2.0 * band_i, 18, 64)
        # trainees and school leavers keep the youngest age band populated
        young = rng.random(n) < YOUNG_HIRES[band_i]
        age[young] = rng.uniform(18.0, 25.0, int(young.sum()))
    else:
        age = np.clip(rng.normal(42.5 + 1.5 * band_i, 11.5, n), 18, 66.5)
    birth = pd.Timestamp(f"{year}-12-31") - pd.to_timedelta(age * 365.25, unit="D")
    p_female = np.array([0.54, 0.50, 0.53, 0.47, 0.40])[band_i]
    g = rng.random(n)
    gender = np.where(g < 0.005, "X", np.where(g < 0.005 + p_female, "V", "M"))

    be = herkomst == "Buiten-Europa"
    return pd.DataFrame(
        {
            "person_id": np.arange(first_id, first_id + n),
            "birth_date": birth.normalize(),
            "gender": gender,
            **{c: origins[c].to_numpy() for c in origins.columns},
            "herkomst": herkomst,
            "migratieachtergrond": classify_old(origins).to_numpy(),
            "disability": rng.random(n) < 0.14,
            "lhbtiq": rng.random(n) < np.where(gender == "X", 0.8, 0.085),
            "muslim": rng.random(n) < np.where(be, 0.36,
                                               np.where(herkomst == "Europa", 0.25, 0.02)),
            "neurodivergent": rng.random(n) < 0.05,
            "person_effect": rng.normal(0.0, 0.55, n),
            "safety_effect": rng.normal(0.0, 0.7, n),
            "response_effect": rng.normal(0.0, 0.3, n),
            "hired_year": year if hires else 2000,
        }
    )


def _leave_probability(age: np.ndarray, band_i: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    p = np.full(age.shape, 0.055)
    p = np.where(age < 30, 0.11, p)
    p = np.where((age >= 30) & (age < 40), 0.075, p)
    p = np.where((age >= 60) & (age < 65), 0.09, p)
    p = np.where((age >= 65) & (age < 67), 0.45, p)
    p = np.where(age >= 67, 1.0, p)
    return p * np.where(band_i >= 3, 0.85, 1.0)


def simulate_workforce(seed: int, first_year: int = 2019, last_year: int = 2026,
                       n_2024: int = 22000) -> Workforce:
    """Simulate the synthetic workforce and its yearly snapshots.

    Parameters
    ----------
    seed : int
        Seed of the random generator; the same seed gives the same workforce.
    first_year, last_year : int
        First and last peildatum year (31-12).
    n_2024 : int
        Headcount at 31-12-2024; other years follow a growth of 1% a year.

    Returns
    -------
    Workforce
        People and snapshots.

    Examples
    --------
    >>> wf = simulate_workforce(seed=1, first_year=2019, last_year=2020, n_2024=2000)
    >>> sorted(wf.snapshots["peildatum"].dt.year.unique().tolist())
    [2019, 2020]
    """
    rng = np.random.default_rng(seed)
    n0 = _headcount(first_year, n_2024)
    bands = rng.choice(np.array(BANDS), size=n0, p=BAND_SHARES)
    top_be = round(top_band_share(first_year) * int((bands == TOP_BAND).sum()))
    people = [_draw_people(rng, bands, first_year, hires=False, first_id=1, top_be=top_be)]
    current = pd.DataFrame(
        {
            "person_id": people[0]["person_id"],
            "directie": _draw_directie(rng, bands),
            "schaal": draw_scale(rng, bands),
            "start_date": pd.Timestamp(f"{first_year}-12-31")
            - pd.to_timedelta(rng.gamma(1.6, 6.0, n0) * 365.25, unit="D"),
        }
    )
    next_id = n0 + 1
    org = directie_table().set_index("directie")
    snapshots = []
    for year in range(first_year, last_year + 1):
        if year > first_year:
            current, hires, next_id = _advance(rng, current, pd.concat(people), year,
                                               _headcount(year, n_2024), next_id)
            people.append(hires)
        snap = current.copy()
        snap["peildatum"] = pd.Timestamp(f"{year}-12-31")
        snapshots.append(snap)
    all_people = pd.concat(people, ignore_index=True)
    snaps = pd.concat(snapshots, ignore_index=True)
    snaps["cluster"] = snaps["directie"].map(org["cluster"])
    snaps["schaal_band"] = snaps["schaal"].map(BAND_OF_SCALE)
    snaps["start_date"] = snaps["start_date"].dt.normalize()
    _add_contract_fields(rng, snaps)
    all_people["employee_id"] = _employee_numbers(rng, len(all_people))
    return Workforce(people=all_people, snapshots=snaps)


def _employee_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    numbers = rng.choice(np.arange(1_000_000, 9_999_999), size=n, replace=False)
    return np.array([f"{x:07d}" for x in numbers])


def _add_contract_fields(rng: np.random.Generator, snaps: pd.DataFrame) -> None:
    band_i = snaps["schaal_band"].map(_BAND_INDEX).to_numpy()
    # a stable manager flag per person-year: team leaders from 12, department heads from 15
    u = (snaps["person_id"].to_numpy() * 7919 % 1000) / 1000.0
    p_manager = np.array([0.0, 0.01, 0.05, 0.33, 0.72])[band_i]
    snaps["manager"] = u < p_manager
    snaps["fte"] = rng.choice([1.0, 0.9, 0.8, 0.7, 0.6, 0.5], size=len(snaps),
                              p=[0.52, 0.16, 0.15, 0.07, 0.06, 0.04])
    temporary = rng.random(len(snaps)) < 0.08
    end = snaps["peildatum"] + pd.to_timedelta(rng.integers(30, 700, len(snaps)), unit="D")
    snaps["end_date"] = end.where(temporary)


def _advance(rng: np.random.Generator, current: pd.DataFrame, people: pd.DataFrame, year: int,
             target: int, next_id: int) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Move the stock from 31-12 of year-1 to 31-12 of year."""
    attrs = people.set_index("person_id").loc[current["person_id"], ["birth_date", "herkomst"]]
    age = ((pd.Timestamp(f"{year}-12-31") - attrs["birth_date"]).dt.days / 365.25).to_numpy()
    band_i = current["schaal"].map(BAND_OF_SCALE).map(_BAND_INDEX).to_numpy()
    stay = rng.random(len(current)) >= _leave_probability(age, band_i, rng)
    cur = current.loc[stay].reset_index(drop=True)
    be = attrs["herkomst"].to_numpy()[stay] == "Buiten-Europa"

    # steps within a band
    band_i = cur["schaal"].map(BAND_OF_SCALE).map(_BAND_INDEX).to_numpy().copy()
    step = rng.random(len(cur)) < 0.10
    for band in BANDS:
        scales = list(SCALES_IN_BAND[band])
        idx = np.flatnonzero(step & (band_i == _BAND_INDEX[band]))
        pos = np.array([scales.index(s) for s in cur.loc[idx, "schaal"]], dtype=int)
        new = np.minimum(pos + 1, len(scales) - 1)
        cur.loc[idx, "schaal"] = [scales[k] for k in new]

    # promotions across bands fill part of the vacancies of the band above
    targets = np.round(BAND_SHARES * target).astype(int)
    for b in range(len(BANDS) - 1, 0, -1):
        have = int((band_i == b).sum())
        vacancies = max(targets[b] - have, 0)
        n_promote = round(0.4 * vacancies)
        pool = np.flatnonzero(band_i == b - 1)
        if n_promote and pool.size:
            w = np.where(be[pool], _PROMOTION_ODDS_BE, 1.0)
            chosen = rng.choice(pool, size=min(n_promote, pool.size), replace=False, p=w / w.sum())
            lowest = next(iter(SCALES_IN_BAND[BANDS[b]]))
            cur.loc[chosen, "schaal"] = lowest
            band_i[chosen] = b

    # transfers between directies
    move = np.flatnonzero(rng.random(len(cur)) < 0.03)
    cur.loc[move, "directie"] = _draw_directie(rng, np.array(BANDS)[band_i[move]])

    # hiring fills every band up to its target
    need = np.maximum(targets - np.bincount(band_i, minlength=len(BANDS)), 0)
    hire_bands = np.repeat(np.array(BANDS), need)
    top = band_i == _BAND_INDEX[TOP_BAND]
    wanted = round(top_band_share(year) * (int(top.sum()) + int(need[_BAND_INDEX[TOP_BAND]])))
    hires = _draw_people(rng, hire_bands, year, hires=True, first_id=next_id,
                         top_be=wanted - int((top & be).sum()))
    new_rows = pd.DataFrame(
        {
            "person_id": hires["person_id"],
            "directie": _draw_directie(rng, hire_bands),
            "schaal": draw_scale(rng, hire_bands),
            "start_date": pd.Timestamp(f"{year}-01-01")
            + pd.to_timedelta(rng.integers(0, 364, len(hires)), unit="D"),
        }
    )
    return pd.concat([cur, new_rows], ignore_index=True), hires, next_id + len(hires)


def representation(workforce: Workforce, year: int) -> dict[str, float]:
    """Headline representation figures of the synthetic register (true population values).

    Parameters
    ----------
    workforce : Workforce
        The simulated workforce.
    year : int
        Peildatum year.

    Returns
    -------
    dict
        Buiten-Europa share organisation-wide, from schaal 12 and per band; niet-westers
        share from schaal 12 and in 15+; headcounts of 12-14 and 15+; share under 35.
    """
    s = workforce.snapshot(year)
    high = s["schaal_band"].isin(["12-14", "15+"])
    age = (s["peildatum"] - s["birth_date"]).dt.days / 365.25
    return {
        "headcount": len(s),
        "buiten_europa_share": float((s["herkomst"] == "Buiten-Europa").mean()),
        "buiten_europa_share_12plus": float((s.loc[high, "herkomst"] == "Buiten-Europa").mean()),
        "niet_westers_share_12plus": float(
            (s.loc[high, "migratieachtergrond"] == "niet-westers").mean()),
        "niet_westers_share_15plus": float(
            (s.loc[s["schaal_band"] == "15+", "migratieachtergrond"] == "niet-westers").mean()),
        "n_12_14": int((s["schaal_band"] == "12-14").sum()),
        "n_15plus": int((s["schaal_band"] == "15+").sum()),
        "share_under_35": float((age < 35).mean()),
        "n_under_25": int((age < 25).sum()),
        "buiten_europa_share_by_band": {
            band: float((s.loc[s["schaal_band"] == band, "herkomst"] == "Buiten-Europa").mean())
            for band in BANDS},
    }


__all__ = ["Workforce", "classify_new", "representation", "simulate_workforce"]
