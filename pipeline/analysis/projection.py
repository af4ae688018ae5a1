"""When would the Buiten-Europa share from schaal 12 reach 30%? A stock-flow projection.

Model (one band, organisation level). Each year a share ``x`` of the band's staff leaves it
(uitstroom, or moving down) and entrants (hires and promotions into the band) make up a share
``r`` of the next year's staff. Leavers are assumed to have the band's herkomst mix. Then the
Buiten-Europa count follows ``B[t+1] = B[t](1 - x) + h * N[t+1]`` where ``h`` is the share of
Buiten-Europa among entrants. CBS never reports ``h``; it is *implied* by consecutive CBS
shares and the HR flow counts:

    h[t] = (s[t+1] S[t+1] - s[t] S[t] (1 - x[t])) / N[t+1]

With constant rates the share moves geometrically towards the entrant mix:
``s[t+1] = a s[t] + (1 - a) h`` with ``a = (1 - x) / (1 - x + r)`` (``r`` the entrants as a
share of this year's staff), so ``s[t+k] = h + (s[t] - h) a^k``. The mix that reaches a target
``T`` in ``k`` years at current volumes is therefore, in closed form,
``h = (T - s[t] a^k) / (1 - a^k)`` (:func:`required_mix`).

Two scenarios with different mixes: the recent implied mix, and the mix that reaches the
target in the middle projection year. Each has a scenario range (scenariobandbreedte: the
lowest and highest yearly implied mix, and the yearly rates of the recent years), not a
statistical interval. Assumptions are returned with the result so reports can state them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

HORIZON = 2045
GROUP = "schaal 12 en hoger"
SCENARIO = "scenario"
"""``ci_method`` of projected rows: their band is a scenario range, never a 95% interval."""


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


def required_mix(start_share: float, years_ahead: int, exit_rate: float, entrant_rate: float,
                 target: float) -> float:
    """Entrant mix that brings the share to ``target`` in ``years_ahead`` years (closed form).

    ``h = (T - s a^k) / (1 - a^k)`` with ``a = (1 - x) / (1 - x + r)``; above 1 the target
    cannot be reached in time at these volumes, below 0 it is reached with any mix.

    Examples
    --------
    >>> h = required_mix(0.2, 4, exit_rate=0.1, entrant_rate=0.1, target=0.3)
    >>> round(h, 4)
    0.4908
    >>> round(float(project_share(0.2, 2026, 0.1, 0.1, h, horizon=2030).iloc[-1]), 6)
    0.3
    """
    if years_ahead <= 0:
        return float("nan")
    a = (1 - exit_rate) / (1 - exit_rate + entrant_rate)
    decay = a ** years_ahead
    return float((target - start_share * decay) / (1 - decay))


@dataclass(frozen=True)
class Rates:
    """Yearly exit and entrant rates of the recent years (each as a share of the stock)."""

    exits: np.ndarray
    entrants: np.ndarray

    @property
    def exit_rate(self) -> float:
        """Mean yearly exit rate."""
        return float(np.mean(self.exits))

    @property
    def entrant_rate(self) -> float:
        """Mean yearly entrant rate."""
        return float(np.mean(self.entrants))


def recent_rates(history: BandHistory, recent: int = 3) -> Rates:
    """Exit and entrant rates of the last ``recent`` years (relative to the previous stock)."""
    return Rates(exits=history.exits[1:][-recent:] / history.stock[:-1][-recent:],
                 entrants=history.entrants[1:][-recent:] / history.stock[:-1][-recent:])


def _range(start: float, start_year: int, rates: Rates, mixes: list[float],
           horizon: int) -> tuple[pd.Series, pd.Series]:
    paths = [project_share(start, start_year, x, r, m, horizon)
             for x, r in zip(rates.exits, rates.entrants, strict=True) for m in mixes]
    frame = pd.concat(paths, axis=1)
    return frame.min(axis=1), frame.max(axis=1)


def projection_scenarios(history: BandHistory, labour_force_share: float, target: float,
                         recent: int = 3, target_year: int | None = None,
                         horizon: int = HORIZON) -> tuple[pd.DataFrame, dict[str, float]]:
    """Project the share under two scenarios with different entrant mixes, each with a range.

    Parameters
    ----------
    history : BandHistory
        Observed years (at least two).
    labour_force_share : float
        Buiten-Europa share of the working labour force (stated next to the mixes).
    target : float
        Target share (0.30).
    recent : int, default 3
        Years over which rates and the implied mix are averaged.
    target_year : int, optional
        Year the second scenario's mix reaches the target in (default: start year + 4).
    horizon : int
        Last projected year.

    Returns
    -------
    paths : pandas.DataFrame
        ``year``, ``scenario``, ``share``, ``low``, ``high`` (the scenario range),
        ``reaches`` (first year at target for the central path, or NA), ``mix``.
    assumptions : dict
        The rates and mixes used.
    """
    mix = implied_entrant_mix(history).tail(recent)
    rates = recent_rates(history, recent)
    start_year, start = int(history.years[-1]), float(history.share[-1])
    when = int(target_year) if target_year is not None else start_year + 4
    needed = required_mix(start, when - start_year, rates.exit_rate, rates.entrant_rate, target)
    needed_in_range = float(np.clip(needed, 0.0, 1.0))
    scenarios = {
        CURRENT_MIX: (float(mix.mean()), [float(mix.min()), float(mix.max())]),
        f"instroommix die {round(target * 100)}% haalt in {when}": (needed_in_range,
                                                                    [needed_in_range]),
    }
    rows = []
    for name, (central, band) in scenarios.items():
        path = project_share(start, start_year, rates.exit_rate, rates.entrant_rate, central,
                             horizon)
        low, high = _range(start, start_year, rates, band, horizon)
        frame = pd.DataFrame({"share": path, "low": np.minimum(low, path),
                              "high": np.maximum(high, path)}).rename_axis("year").reset_index()
        reaches = first_year_reaching(path, target)
        frame["scenario"] = name
        frame["reaches"] = reaches if reaches is not None else pd.NA
        frame["mix"] = central
        rows.append(frame)
    assumptions = {"exit_rate": rates.exit_rate, "entrant_rate": rates.entrant_rate,
                   "implied_mix_mean": float(mix.mean()), "implied_mix_min": float(mix.min()),
                   "implied_mix_max": float(mix.max()), "years_used": [int(y) for y in mix.index],
                   "start_year": start_year, "start_share": start,
                   "labour_force_share": float(labour_force_share), "target_year": when,
                   "required_mix": needed}
    return pd.concat(rows, ignore_index=True), assumptions


def mix_answers(history: BandHistory, target: float, years: list[int],
                recent: int = 3) -> pd.DataFrame:
    """Return the entrant mix that reaches the target in each of ``years``, and the current.

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year``, ``required`` (closed form at the mean rates, may exceed 1:
        not reachable in time), ``low``, ``high`` (over the recent years' rates: the scenario
        range), ``current`` (the recent implied mix), ``reachable`` (required <= 1).
    """
    rates = recent_rates(history, recent)
    mix = implied_entrant_mix(history).tail(recent)
    start_year, start = int(history.years[-1]), float(history.share[-1])
    rows = []
    for year in years:
        k = int(year) - start_year
        if k <= 0:
            continue
        central = required_mix(start, k, rates.exit_rate, rates.entrant_rate, target)
        each = [required_mix(start, k, x, r, target)
                for x, r in zip(rates.exits, rates.entrants, strict=True)]
        rows.append({"year": int(year), "required": central, "low": min(each),
                     "high": max(each), "current": float(mix.mean()),
                     "reachable": central <= 1.0})
    return pd.DataFrame(rows, columns=["year", "required", "low", "high", "current",
                                       "reachable"])


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
    from pipeline.analysis.representation import HIRED, LEFT, PROMOTED_IN

    flows = flows_by_band.reset_index()
    high = flows[flows["band"].isin(["12-14", "15+"])]
    by_year = high.groupby("year")
    exits = by_year[LEFT].sum()
    hires = by_year[HIRED].sum()
    promoted_in = flows[flows["band"] == "12-14"].set_index("year")[PROMOTED_IN]
    entrants = hires.add(promoted_in, fill_value=0)
    return BandHistory(
        years=years,
        stock=cbs["n_staff"].astype(float).to_numpy(),
        share=cbs["share"].astype(float).to_numpy(),
        exits=exits.reindex(years).fillna(0).to_numpy(dtype=float),
        entrants=entrants.reindex(years).fillna(0).to_numpy(dtype=float),
    )


def projection_table(paths: pd.DataFrame, stock: float, years: list[int]) -> pd.DataFrame:
    """Projected shares in the start year and ``years`` per scenario (tidy; band = range)."""
    start = int(paths["year"].min())
    keep = paths[paths["year"].isin([start, *years])]
    return pd.DataFrame({
        "wave": keep["year"].astype(int), "indicator": keep["scenario"],
        "breakdown": "projectie", "group": GROUP,
        "estimate": keep["share"], "se": np.nan, "ci_low": keep["low"], "ci_high": keep["high"],
        "ci_method": SCENARIO, "n": round(stock), "n_pos": (keep["share"] * stock).round(),
        "flags": "",
    })


CURRENT_MIX = "huidige instroommix"
"""Label of the recent implied entrant mix (a scenario and a row of the mix table)."""


def needed_label(target: float, year: int) -> str:
    """Label of the mix needed to reach ``target`` in ``year``.

    Examples
    --------
    >>> needed_label(0.3, 2030)
    'nodig voor 30% in 2030'
    """
    from pipeline.report.formats import pct

    return f"nodig voor {pct(target)} in {int(year)}"


def mix_table(answers: pd.DataFrame, stock: float, start_year: int,
              current_range: tuple[float, float] | None = None,
              target: float = 0.3) -> pd.DataFrame:
    """Tabulate the required entrant mix per target year and the current mix (band = range).

    Required mixes are clipped to 0-100% (above 100% the target is out of reach in time: the
    text says so, :func:`projection_text`).
    """
    current = float(answers["current"].iloc[0]) if len(answers) else np.nan
    low, high = current_range if current_range is not None else (np.nan, np.nan)
    rows = [{"wave": start_year, "indicator": CURRENT_MIX,
             "estimate": current, "ci_low": low, "ci_high": high}]
    for r in answers.itertuples(index=False):
        rows.append({"wave": r.year, "indicator": needed_label(target, r.year),
                     "estimate": float(np.clip(r.required, 0, 1)),
                     "ci_low": float(np.clip(r.low, 0, 1)),
                     "ci_high": float(np.clip(r.high, 0, 1))})
    frame = pd.DataFrame(rows)
    frame["ci_low"] = frame["ci_low"].fillna(frame["estimate"])
    frame["ci_high"] = frame["ci_high"].fillna(frame["estimate"])
    return frame.assign(breakdown="instroommix", group=GROUP, se=np.nan,
                        ci_method=SCENARIO, n=round(stock),
                        n_pos=(frame["estimate"] * stock).round(), flags="")[
        ["wave", "indicator", "breakdown", "group", "estimate", "se", "ci_low", "ci_high",
         "ci_method", "n", "n_pos", "flags"]]


def _years_text(years: list[int]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])


EXITS = "uitstroom"
ENTRANTS = "instroom en doorstroom"


def assumption_table(history: BandHistory, recent: int = 3) -> pd.DataFrame:
    """Tabulate the yearly rates the projection averages: exits and entrants per year.

    One row per rate and recent year, as a share of the band's staff at the start of that
    year (``n``); the projection uses their means and, for its scenario range, each year's
    (:func:`recent_rates`). Census figures: no interval.

    Examples
    --------
    >>> h = BandHistory(years=np.array([2024, 2025, 2026]),
    ...                 stock=np.array([3000., 3100., 3200.]), share=np.array([.2, .21, .22]),
    ...                 exits=np.array([0., 200., 217.]), entrants=np.array([0., 300., 310.]))
    >>> t = assumption_table(h)
    >>> t["wave"].tolist(), t["estimate"].round(4).tolist()
    ([2025, 2026, 2025, 2026], [0.0667, 0.07, 0.1, 0.1])
    >>> t["n"].tolist(), t["n_pos"].tolist()
    ([3000.0, 3100.0, 3000.0, 3100.0], [200.0, 217.0, 300.0, 310.0])
    """
    years = history.years[1:][-recent:]
    stock = history.stock[:-1][-recent:]
    rows = []
    for label, counts in ((EXITS, history.exits), (ENTRANTS, history.entrants)):
        counts = counts[1:][-recent:]
        for year, n, k in zip(years, stock, counts, strict=True):
            rows.append({"wave": int(year), "indicator": label, "estimate": float(k / n),
                         "n": float(round(n)), "n_pos": float(round(k))})
    return pd.DataFrame(rows).assign(
        breakdown="aannames", group=GROUP, se=np.nan, ci_low=np.nan, ci_high=np.nan,
        ci_method="", flags="")[
        ["wave", "indicator", "breakdown", "group", "estimate", "se", "ci_low", "ci_high",
         "ci_method", "n", "n_pos", "flags"]]


def _shown(frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["wave", "indicator", "estimate", "ci_low", "ci_high"])
    return frame[frame["estimate"].notna()].sort_values("wave", kind="stable")


def _span(values: pd.Series) -> str:
    from pipeline.report.formats import pct

    low, high = pct(float(values.min())), pct(float(values.max()))
    return low if low == high else f"{low} à {high}"


def projection_text(projected: pd.DataFrame | None, mixes: pd.DataFrame | None,
                    assumptions: pd.DataFrame | None, target: float,
                    labour_force_share: float | None = None) -> str:
    """State the projection's answers and assumptions in Dutch, from the published tables.

    Every number is read from the published data of the ``projectie``, ``projectie-mix``
    and ``projectie-aannames`` tables (as shown: rounded, hidden cells absent), so the text
    says nothing the tables do not. When the target is reached is said at the precision of
    the projected years shown.

    Parameters
    ----------
    projected, mixes, assumptions : pandas.DataFrame or None
        The published data (``wave``, ``indicator``, ``estimate``, ``ci_low``, ``ci_high``;
        a hidden cell has no estimate); None when a table is not published.
    target : float
        The 12+ target share.
    labour_force_share : float, optional
        Buiten-Europa share of Amsterdam's working labour force (CBS), for comparison.

    Returns
    -------
    str
        Empty when none of the tables is published.

    Examples
    --------
    >>> p = pd.DataFrame({"wave": [2026, 2030, 2035], "indicator": CURRENT_MIX,
    ...                   "estimate": [.22, .24, .26], "ci_low": [.22, .23, .24],
    ...                   "ci_high": [.22, .26, .28]})
    >>> m = pd.DataFrame({"wave": [2026, 2028, 2030],
    ...                   "indicator": [CURRENT_MIX, needed_label(.3, 2028),
    ...                                 needed_label(.3, 2030)],
    ...                   "estimate": [.30, 1.0, .51], "ci_low": [.26, .95, .49],
    ...                   "ci_high": [.34, 1.0, .53]})
    >>> a = pd.DataFrame({"wave": [2025, 2026, 2025, 2026],
    ...                   "indicator": [EXITS, EXITS, ENTRANTS, ENTRANTS],
    ...                   "estimate": [.06, .07, .07, .08]})
    >>> print(projection_text(p, m, a, 0.3, 0.35))  # doctest: +NORMALIZE_WHITESPACE
    Bij de huidige instroommix (30% Buiten-Europese herkomst onder wie vanaf schaal 12
    binnenkwam of doorstroomde, 2025-2026) heeft in 2035 26% van de medewerkers vanaf schaal
    12 een Buiten-Europese herkomst (scenariobandbreedte 24% tot 28%): het doel van 30% is dan
    nog niet bereikt. Om 30% te halen moet bij de huidige aantallen in- en doorstromers dit
    aandeel van hen een Buiten-Europese herkomst hebben: voor 2028 is het bij de huidige
    aantallen niet haalbaar (het zou meer dan 100% vragen); 51% voor 2030 (scenariobandbreedte
    49% tot 53%). Ter vergelijking: 35% van de werkzame beroepsbevolking van Amsterdam heeft een
    Buiten-Europese herkomst. Aannames: per jaar verlaat 6% à 7% de groep vanaf schaal 12 en
    komt 7% à 8% erbij (2025-2026); wie vertrekt heeft dezelfde herkomstverdeling als de groep.
    De huidige instroommix is afgeleid uit de CBS-cijfers en de personeelsstromen (tussen 26% en
    34% per jaar); het CBS levert de herkomst van in- en doorstromers niet, dus de mix is een
    afgeleide schatting. De scenariobandbreedte loopt van de laagste tot de hoogste uitkomst
    met de mixen en de stromen van die afzonderlijke jaren; het is geen statistisch
    betrouwbaarheidsinterval.
    """
    from pipeline.report.formats import pct

    projected, mixes, assumptions = _shown(projected), _shown(mixes), _shown(assumptions)
    if projected.empty and mixes.empty and assumptions.empty:
        return ""
    goal = pct(target)
    rates = {label: assumptions[assumptions["indicator"] == label]["estimate"]
             for label in (EXITS, ENTRANTS)}
    years = sorted({int(y) for y in assumptions["wave"]})
    used = f" {_years_text(years)}" if years else ""
    current = mixes[mixes["indicator"] == CURRENT_MIX]
    path = projected[projected["indicator"] == CURRENT_MIX]
    parts = []
    if len(path) > 1:
        mix = (f" ({pct(float(current['estimate'].iloc[0]))} Buiten-Europese herkomst onder "
               f"wie vanaf schaal 12 binnenkwam of doorstroomde,{used})" if len(current) else "")
        start, ahead = path.iloc[0], path.iloc[1:]
        reached = ahead[ahead["estimate"] >= target - 1e-9]
        if len(reached):
            year = int(reached["wave"].iloc[0])
            before = path[path["wave"] < year]["wave"]
            since = int(before.max()) if len(before) else int(start["wave"])
            parts.append(f"Bij de huidige instroommix{mix} wordt {goal} vanaf schaal 12 tussen "
                         f"{since} en {year} bereikt.")
        else:
            last = ahead.iloc[-1]
            band = (f" (scenariobandbreedte {pct(last['ci_low'])} tot {pct(last['ci_high'])})"
                    if pd.notna(last["ci_low"]) and pct(last["ci_low"]) != pct(last["ci_high"])
                    else "")
            parts.append(f"Bij de huidige instroommix{mix} heeft in {int(last['wave'])} "
                         f"{pct(last['estimate'])} van de medewerkers vanaf schaal 12 een "
                         f"Buiten-Europese herkomst{band}: het doel van {goal} is dan nog niet "
                         "bereikt.")
    needs = []
    for r in mixes[mixes["indicator"] != CURRENT_MIX].itertuples(index=False):
        if r.estimate >= 1.0:
            needs.append(f"voor {int(r.wave)} is het bij de huidige aantallen niet haalbaar "
                         "(het zou meer dan 100% vragen)")
        else:
            low, high = pct(r.ci_low), pct(r.ci_high)
            band = f" (scenariobandbreedte {low} tot {high})" if low != high else ""
            needs.append(f"{pct(r.estimate)} voor {int(r.wave)}{band}")
    if needs:
        parts.append(f"Om {goal} te halen moet bij de huidige aantallen in- en doorstromers dit "
                     "aandeel van hen een Buiten-Europese herkomst hebben: "
                     + "; ".join(needs) + ".")
    if labour_force_share is not None and not np.isnan(labour_force_share):
        parts.append(f"Ter vergelijking: {pct(labour_force_share)} van de werkzame "
                     "beroepsbevolking van Amsterdam heeft een Buiten-Europese herkomst.")
    if len(rates[EXITS]) and len(rates[ENTRANTS]):
        parts.append(f"Aannames: per jaar verlaat {_span(rates[EXITS])} de groep vanaf schaal "
                     f"12 en komt {_span(rates[ENTRANTS])} erbij ({_years_text(years)}); wie "
                     "vertrekt heeft dezelfde herkomstverdeling als de groep.")
    if len(current) and pd.notna(current["ci_low"].iloc[0]):
        parts.append("De huidige instroommix is afgeleid uit de CBS-cijfers en de "
                     f"personeelsstromen (tussen {pct(current['ci_low'].iloc[0])} en "
                     f"{pct(current['ci_high'].iloc[0])} per jaar); het CBS levert de herkomst "
                     "van in- en doorstromers niet, dus de mix is een afgeleide schatting.")
    parts.append("De scenariobandbreedte loopt van de laagste tot de hoogste uitkomst met de "
                 "mixen en de stromen van die afzonderlijke jaren; het is geen statistisch "
                 "betrouwbaarheidsinterval.")
    return " ".join(parts)
