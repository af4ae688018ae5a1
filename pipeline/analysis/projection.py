"""When would the Buiten-Europa share from schaal 12 reach 30%? A stock-flow projection.

Model (one band, organisation level). Each year a share ``x`` of the band's staff leaves it
(uitstroom, or moving down) and entrants (hires and promotions into the band) make up a share
``r`` of the next year's staff. Leavers are assumed to have the band's herkomst mix. Then the
Buiten-Europa count follows ``B[t+1] = B[t](1 - x) + h * N[t+1]`` where ``h`` is the share of
Buiten-Europa among entrants. CBS never reports ``h``; it is *implied* by consecutive CBS
shares and the HR flow counts:

    h[t] = (s[t+1] S[t+1] - s[t] S[t] (1 - x[t])) / N[t+1]

Scenarios set ``h`` (the recent implied mix, or the labour force's share) and project the
share with the recent average rates; the band of outcomes uses the lowest and highest implied
yearly mix. Assumptions are returned with the result so reports can state them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

HORIZON = 2045


@dataclass(frozen=True)
class BandHistory:
    """Observed stock, shares and flows of one band (years aligned)."""

    years: np.ndarray
    stock: np.ndarray
    share: np.ndarray
    exits: np.ndarray
    entrants: np.ndarray


def implied_entrant_mix(history: BandHistory) -> pd.Series:
    """Buiten-Europa share among entrants implied by consecutive years.

    Examples
    --------
    >>> h = BandHistory(np.array([2023, 2024]), np.array([100, 100]), np.array([0.2, 0.22]),
    ...                 np.array([10, 10]), np.array([10, 10]))
    >>> round(float(implied_entrant_mix(h).iloc[0]), 3)
    0.4
    """
    share, stock = history.share, history.stock
    exits, entrants = history.exits, history.entrants
    h = (share[1:] * stock[1:] - share[:-1] * (stock[:-1] - exits[1:])) / entrants[1:]
    return pd.Series(np.clip(h, 0, 1), index=history.years[1:], name="implied_mix")


def project_share(start_share: float, start_year: int, exit_rate: float, entrant_rate: float,
                  mix: float, horizon: int = HORIZON) -> pd.Series:
    """Project the share forward with constant rates and entrant mix.

    With a constant stock, ``s[t+1] = s[t] (1 - x) + h r``, where ``r = x`` keeps the stock
    stable; the general form uses both rates and renormalises.

    Examples
    --------
    >>> p = project_share(0.2, 2026, exit_rate=0.1, entrant_rate=0.1, mix=0.5, horizon=2028)
    >>> p.round(3).tolist()
    [0.2, 0.23, 0.257]
    """
    shares = [start_share]
    for _ in range(start_year + 1, horizon + 1):
        s = shares[-1]
        kept = s * (1 - exit_rate)
        stock = (1 - exit_rate) + entrant_rate
        shares.append((kept + mix * entrant_rate) / stock)
    return pd.Series(shares, index=range(start_year, horizon + 1), name="share")


def first_year_reaching(path: pd.Series, target: float) -> int | None:
    """First year the projected share reaches the target (None within the horizon).

    Examples
    --------
    >>> first_year_reaching(pd.Series([0.2, 0.31], index=[2026, 2027]), 0.3)
    2027
    """
    hit = path[path >= target - 1e-12]
    return int(hit.index[0]) if len(hit) else None


def projection_scenarios(history: BandHistory, labour_force_share: float, target: float,
                         recent: int = 3) -> tuple[pd.DataFrame, dict[str, float]]:
    """Project the share under two scenarios, each with a low-high band.

    Parameters
    ----------
    history : BandHistory
        Observed years (at least two).
    labour_force_share : float
        Buiten-Europa share of the working labour force (scenario 2's entrant mix).
    target : float
        Target share (0.30).
    recent : int, default 3
        Years over which rates and the implied mix are averaged.

    Returns
    -------
    paths : pandas.DataFrame
        ``year``, ``scenario``, ``share``, ``low``, ``high``, ``reaches`` (first year at
        target for the central path, or NA).
    assumptions : dict
        The rates and mixes used.
    """
    mix = implied_entrant_mix(history).tail(recent)
    exit_rate = float(np.mean(history.exits[1:][-recent:] / history.stock[:-1][-recent:]))
    entrant_rate = float(np.mean(history.entrants[1:][-recent:] / history.stock[:-1][-recent:]))
    start_year, start = int(history.years[-1]), float(history.share[-1])
    scenarios = {
        "huidige instroommix": (float(mix.mean()), float(mix.min()), float(mix.max())),
        "instroommix als de beroepsbevolking": (labour_force_share, labour_force_share - 0.03,
                                                labour_force_share + 0.03),
    }
    rows = []
    for name, (central, low, high) in scenarios.items():
        paths = {k: project_share(start, start_year, exit_rate, entrant_rate, m)
                 for k, m in (("share", central), ("low", low), ("high", high))}
        reaches = first_year_reaching(paths["share"], target)
        frame = pd.DataFrame(paths).rename_axis("year").reset_index()
        frame["scenario"] = name
        frame["reaches"] = reaches if reaches is not None else pd.NA
        frame["mix"] = central
        rows.append(frame)
    assumptions = {"exit_rate": exit_rate, "entrant_rate": entrant_rate,
                   "implied_mix_mean": float(mix.mean()), "implied_mix_min": float(mix.min()),
                   "implied_mix_max": float(mix.max()), "years_used": [int(y) for y in mix.index],
                   "start_year": start_year, "start_share": start}
    return pd.concat(rows, ignore_index=True), assumptions


def history_from_12(barometer: pd.DataFrame, flows_by_band: pd.DataFrame,
                    last_year: int) -> BandHistory:
    """Observed history of schaal 12 and higher: CBS shares and stock, HR exits and entrants.

    Parameters
    ----------
    barometer : pandas.DataFrame
        Canonical barometer rows (new scheme, ``organisatie``, band ``12+``).
    flows_by_band : pandas.DataFrame
        :func:`pipeline.analysis.representation.flow_table` output.
    last_year : int
        Last year to use (the report's wave).

    Returns
    -------
    BandHistory
    """
    cbs = barometer[(barometer["unit"] == "organisatie") & (barometer["scheme"] == "nieuw")
                    & (barometer["schaal_band"] == "12+")
                    & (barometer["herkomst"] == "Buiten-Europa")
                    & (barometer["year"] <= last_year) & barometer["share"].notna()]
    cbs = cbs.sort_values("year")
    years = cbs["year"].astype(int).to_numpy()
    flows = flows_by_band.reset_index()
    high = flows[flows["band"].isin(["12-14", "15+"])]
    by_year = high.groupby("year")
    exits = by_year["uitstroom"].sum()
    hires = by_year["instroom"].sum()
    promoted_in = flows[flows["band"] == "12-14"].set_index("year")["doorstroom"]
    entrants = hires.add(promoted_in, fill_value=0)
    return BandHistory(
        years=years,
        stock=cbs["n_staff"].astype(float).to_numpy(),
        share=cbs["share"].astype(float).to_numpy(),
        exits=exits.reindex(years).fillna(0).to_numpy(dtype=float),
        entrants=entrants.reindex(years).fillna(0).to_numpy(dtype=float),
    )


def projection_table(paths: pd.DataFrame, stock: float, step: int = 2) -> pd.DataFrame:
    """Projected shares every ``step`` years per scenario, as a tidy table (band = low-high)."""
    start = int(paths["year"].min())
    keep = paths[(paths["year"] - start) % step == 0]
    return pd.DataFrame({
        "wave": keep["year"].astype(int), "indicator": keep["scenario"],
        "breakdown": "projectie", "group": keep["year"].astype(str),
        "estimate": keep["share"], "se": np.nan, "ci_low": keep["low"], "ci_high": keep["high"],
        "ci_method": "scenario", "n": round(stock), "n_pos": (keep["share"] * stock).round(),
        "flags": "",
    })


def projection_sentences(paths: pd.DataFrame, assumptions: dict, target: float) -> str:
    """State the projection's outcome and assumptions in Dutch.

    Examples
    --------
    >>> p = pd.DataFrame({"scenario": ["a"], "reaches": [2037], "mix": [0.34]})
    >>> a = {"exit_rate": 0.065, "entrant_rate": 0.075, "implied_mix_min": 0.33,
    ...      "implied_mix_max": 0.36, "years_used": [2024, 2025, 2026], "start_year": 2026,
    ...      "start_share": 0.234}
    >>> "2037" in projection_sentences(p, a, 0.3)
    True
    """
    from pipeline.report.formats import pct

    parts = []
    for scenario, rows in paths.groupby("scenario", sort=False):
        reaches = rows["reaches"].iloc[0]
        when = (f"rond {int(reaches)}" if pd.notna(reaches)
                else f"niet vóór {HORIZON}")
        parts.append(f"Met een instroommix van {pct(rows['mix'].iloc[0])} Buiten-Europese herkomst "
                     f"({scenario}) wordt {pct(target)} vanaf schaal 12 {when} bereikt.")
    years = ", ".join(str(y) for y in assumptions["years_used"])
    parts.append(
        "Aannames: het aantal medewerkers vanaf schaal 12 blijft groeien zoals in de laatste "
        f"jaren; per jaar verlaat {pct(assumptions['exit_rate'], 1)} de groep en komt "
        f"{pct(assumptions['entrant_rate'], 1)} erbij (aanname: wie vertrekt heeft dezelfde "
        "herkomstverdeling als de groep). De huidige instroommix is afgeleid uit de CBS-cijfers "
        f"en de personeelsstromen van {years} (tussen {pct(assumptions['implied_mix_min'])} en "
        f"{pct(assumptions['implied_mix_max'])}); de bandbreedte in de tabel loopt van de "
        "laagste tot de hoogste van die jaren. Het CBS levert de herkomst van in- en "
        "doorstromers niet; de mix is daarom een afgeleide schatting, geen waarneming.")
    return " ".join(parts)
