"""Representation: the Buiten-Europa share by salary band and cluster against the targets.

Inputs are CBS aggregate tables (never microdata: origin is known only to CBS), the labour-force
benchmark and the HR register. Outputs are tidy tables (``wave`` holds the year) that pass the
disclosure gate with ``source="cbs"`` or ``"hr"``.

Targets (council documents): 30% Buiten-Europa from schaal 12; from 2024 to 2026 the share from
schaal 12 rises by 25% (relative) in every cluster; 20% of staff under 35.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

BE = "Buiten-Europa"


@dataclass(frozen=True)
class Targets:
    """The council's representation targets (``representation:`` in ``params.yaml``).

    Attributes
    ----------
    share_12plus : float
        Buiten-Europa share to reach from schaal 12.
    cluster_growth : float
        Relative growth of that share per cluster between the base and the target year.
    base_year, target_year : int
        Years of the cluster growth target.
    under_35 : float
        Share of staff under 35.
    projection_years : tuple of int
        Years for which the projection says which entrant mix reaches ``share_12plus``.
    """

    share_12plus: float = 0.30
    cluster_growth: float = 0.25
    base_year: int = 2024
    target_year: int = 2026
    under_35: float = 0.20
    projection_years: tuple[int, ...] = (2028, 2030, 2035)

    @classmethod
    def from_params(cls, params: dict) -> Targets:
        """Read the targets from the parameters (defaults where absent).

        Examples
        --------
        >>> Targets.from_params({"representation": {"share_12plus": 0.35}}).share_12plus
        0.35
        >>> Targets.from_params({"representation": {"projection_years": [2030]}}).projection_years
        (2030,)
        """
        values = dict(params.get("representation") or {})
        if "projection_years" in values:
            values["projection_years"] = tuple(int(y) for y in values["projection_years"])
        return cls(**values)

    def heading(self, key: str) -> str:
        """Dutch section heading that states a target (Markdown, level 2).

        Examples
        --------
        >>> Targets().heading("12plus")
        '## Doel: 30% vanaf schaal 12'
        """
        from pipeline.report.formats import pct

        return {
            "12plus": f"## Doel: {pct(self.share_12plus)} vanaf schaal 12",
            "clusters": (f"## Per cluster: {pct(self.cluster_growth)} groei vanaf schaal 12 "
                         f"({self.base_year}-{self.target_year})"),
            "under_35": f"## Jonger dan 35 (doel: {pct(self.under_35)})",
            "doelen": "## De doelen van de gemeenteraad",
            "projection": f"## Wanneer wordt {pct(self.share_12plus)} vanaf schaal 12 bereikt?",
        }[key]


DEFAULT_TARGETS = Targets()
OLD_NON_WESTERN = "niet-westers"
START, HIRED, PROMOTED_IN, PROMOTED_OUT, LEFT, END = (
    "begin van het jaar", "instroom", "doorstroom naar deze schaal",
    "doorstroom naar hogere schaal", "uitstroom", "eind van het jaar")
FLOW_COLUMNS = (START, HIRED, PROMOTED_IN, PROMOTED_OUT, LEFT, END)
"""Columns of the flows table, in reading order: the stock on 31 December of the year before,
hires, promotions into and out of the band, leavers, and the stock on 31 December. Stocks and
flows are never added up across a row; per band ``begin + in + door in - door uit - uit = eind``
(the stock-flow identity, checked by :func:`stock_flow_gaps`)."""
FLOW_ROWS = "salarisschaal"


@dataclass(frozen=True)
class MissingInput:
    """An optional input of the section, and the Dutch words to say it is missing.

    Attributes
    ----------
    label : str
        What the reader misses, short (listed on the index page).
    what : str
        The input that was not supplied.
    where : str
        The file that would add it; ``{bron}`` is the source folder, ``{vorig}`` the year
        before the report's year.
    shows : str
        What it would show.
    """

    label: str
    what: str
    where: str
    shows: str


#: The representation section's optional inputs. The HR register is required (clean_hr).
MISSING_INPUTS: dict[str, MissingInput] = {
    "cbs": MissingInput(
        "herkomst volgens CBS", "CBS-barometer",
        "de CBS-tabellen in data/raw/{bron}/cbs/", "herkomst volgens CBS"),
    "cbs_history": MissingInput(
        "projectie", "CBS-barometer van een eerder jaar",
        "de CBS-tabel van een eerder jaar in data/raw/{bron}/cbs/", "de projectie"),
    "benchmark": MissingInput(
        "vergelijking met de beroepsbevolking", "cijfers over de beroepsbevolking",
        "beroepsbevolking.csv in data/raw/{bron}/benchmark/",
        "de vergelijking met de Amsterdamse beroepsbevolking"),
    "flows": MissingInput(
        "in-, door- en uitstroom", "HR-bestand van 31 december {vorig}",
        "hr_{vorig}-12-31.csv in data/raw/{bron}/hr/", "de in-, door- en uitstroom"),
}


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} en {words[-1]}"


@dataclass(frozen=True)
class Inputs:
    """Which optional inputs the representation section has for the report's year.

    Attributes
    ----------
    year : int
        The year shown (the latest CBS year up to the wave, else the wave).
    source : str
        ``data.source`` (folder under ``data/raw/``), named in the sentences.
    available : dict of str to bool
        Per key of :data:`MISSING_INPUTS`: whether it can be shown.
    """

    year: int
    source: str
    available: dict[str, bool]

    @classmethod
    def of(cls, barometer: pd.DataFrame, benchmark: pd.DataFrame,
           flows_by_band: pd.DataFrame, year: int, source: str) -> Inputs:
        """Check the processed tables (barometer, benchmark, :func:`flow_table` output).

        Examples
        --------
        >>> from pipeline.ingest.cbs import empty_barometer, empty_benchmark
        >>> inputs = Inputs.of(empty_barometer(), empty_benchmark(),
        ...                    flow_table(pd.DataFrame()), 2026, "demo")
        >>> inputs.has("cbs"), inputs.has("flows")
        (False, False)
        """
        cbs_years = [y for y in barometer["year"].unique() if y <= year]
        history = barometer[(barometer["unit"] == "organisatie")
                            & (barometer["schaal_band"] == "12+") & (barometer["herkomst"] == BE)
                            & (barometer["scheme"] == "nieuw") & (barometer["year"] <= year)
                            & barometer["share"].notna()]
        labour = benchmark[(benchmark["herkomst"] == BE) & (benchmark["scheme"] == "nieuw")
                           & (benchmark["year"] <= year)]
        flow_years = set(flows_by_band.index.get_level_values("year"))
        return cls(year=int(year), source=str(source), available={
            "cbs": bool(cbs_years),
            "cbs_history": history["year"].nunique() >= 2,
            "benchmark": not labour.empty,
            "flows": int(year) in flow_years,
        })

    def has(self, *keys: str) -> bool:
        """Whether every one of these inputs is available."""
        return all(self.available[k] for k in keys)

    def missing(self, *keys: str) -> list[str]:
        """Return the keys of these inputs not available (``cbs_history`` only with CBS)."""
        out = [k for k in keys if not self.available[k]]
        if "cbs" in out and "cbs_history" in out:
            out.remove("cbs_history")
        return out

    def sentence(self, *keys: str, shows: str | None = None) -> str:
        """One Dutch sentence: which of these inputs is missing and which file would add it.

        Parameters
        ----------
        *keys : str
            Inputs the part of the section needs (keys of :data:`MISSING_INPUTS`).
        shows : str, optional
            What the part shows (default: what the single missing input shows).

        Returns
        -------
        str
            Empty when all are available.

        Examples
        --------
        >>> inputs = Inputs(2026, "demo", {"cbs": False, "cbs_history": False,
        ...                                "benchmark": True, "flows": False})
        >>> print(inputs.sentence("cbs"))  # doctest: +NORMALIZE_WHITESPACE
        Geen CBS-barometer aangeleverd: zet de CBS-tabellen in data/raw/demo/cbs/ om herkomst
        volgens CBS te tonen.
        >>> print(inputs.sentence("cbs", "cbs_history", "flows", "benchmark",
        ...                       shows="de projectie"))  # doctest: +NORMALIZE_WHITESPACE
        Geen CBS-barometer en geen HR-bestand van 31 december 2025 aangeleverd: zet de
        CBS-tabellen in data/raw/demo/cbs/ en hr_2025-12-31.csv in data/raw/demo/hr/ om de
        projectie te tonen.
        """
        missing = [MISSING_INPUTS[k] for k in self.missing(*keys)]
        if not missing:
            return ""
        fill = {"bron": self.source, "vorig": self.year - 1}
        what = [m.what.format(**fill) for m in missing]
        where = [m.where.format(**fill) for m in missing]
        shown = shows or (missing[0].shows if len(missing) == 1 else "dit onderdeel")
        return (f"Geen {_join(what[:1] + [f'geen {w}' for w in what[1:]])} aangeleverd: "
                f"zet {_join(where)} om {shown} te tonen.")

    def note(self, *keys: str, shows: str | None = None, part: str | None = None) -> Any:
        """Return the marked note the notebook shows instead of a part needing these inputs.

        Parameters
        ----------
        *keys : str
            Inputs the part needs.
        shows : str, optional
            What the part shows (see :meth:`sentence`).
        part : str, optional
            Short name of the part, listed on the index page after the missing inputs.

        Returns
        -------
        pipeline.report.availability.Unavailable

        Examples
        --------
        >>> inputs = Inputs(2026, "demo", {"cbs": True, "cbs_history": True,
        ...                                "benchmark": False, "flows": True})
        >>> inputs.note("cbs", "benchmark", shows="de projectie", part="projectie").label
        'vergelijking met de beroepsbevolking; projectie'
        """
        from pipeline.report.availability import Unavailable

        labels = [MISSING_INPUTS[k].label for k in self.missing(*keys)]
        if part and part not in labels:
            labels.append(part)
        return Unavailable(self.sentence(*keys, shows=shows), "; ".join(labels))



def _tidy(rows: pd.DataFrame, indicator: str, breakdown: str, group: pd.Series) -> pd.DataFrame:
    n = rows["n_staff"].astype("Int64")
    share = rows["share"].astype(float)
    return pd.DataFrame({
        "wave": rows["year"].astype(int).to_numpy(), "indicator": indicator,
        "breakdown": breakdown, "group": group.astype(str).to_numpy(),
        "estimate": share.to_numpy(), "se": np.nan, "ci_low": np.nan, "ci_high": np.nan,
        "ci_method": "", "n": n.to_numpy(),
        "n_pos": (share * n.astype(float)).round().astype("Int64").to_numpy(), "flags": "",
    })


def share_table(barometer: pd.DataFrame, *, unit: str = "organisatie", bands: tuple[str, ...],
                years: list[int], category: str = BE, scheme: str = "nieuw") -> pd.DataFrame:
    """Share of one herkomst category per band and year, as a tidy table.

    Parameters
    ----------
    barometer : pandas.DataFrame
        Canonical barometer rows.
    unit : str
        ``organisatie`` or a cluster.
    bands : tuple of str
        Bands to show (``totaal``, ``1-5`` ... ``15+``, ``12+``).
    years : list of int
        Years to show.
    category : str
        Herkomst category (default Buiten-Europa).
    scheme : str
        ``nieuw`` or ``oud``.

    Returns
    -------
    pandas.DataFrame
        Tidy rows: ``wave`` = year, ``group`` = band, ``n`` = staff in the group.

    Examples
    --------
    >>> b = pd.DataFrame({"year": [2023, 2023], "unit": "organisatie",
    ...     "schaal_band": ["totaal", "12+"], "scheme": "nieuw", "herkomst": BE,
    ...     "share": [0.33, 0.21], "n_staff": [21780, 3460], "suppressed": False})
    >>> share_table(b, bands=("12+",), years=[2023])[["group", "estimate", "n"]].values.tolist()
    [['12+', 0.21, 3460]]
    """
    rows = barometer[(barometer["unit"] == unit) & (barometer["herkomst"] == category)
                     & (barometer["scheme"] == scheme) & barometer["schaal_band"].isin(bands)
                     & barometer["year"].isin(years)]
    order = {b: i for i, b in enumerate(bands)}
    rows = rows.assign(_o=rows["schaal_band"].map(order)).sort_values(["year", "_o"])
    return _tidy(rows, f"aandeel {category}", "schaal_band", rows["schaal_band"])


def cluster_table(barometer: pd.DataFrame, year: int, band: str = "12+") -> pd.DataFrame:
    """Buiten-Europa share per cluster in one band and year (tidy; suppressed stays NaN)."""
    rows = barometer[(barometer["unit"] != "organisatie") & (barometer["herkomst"] == BE)
                     & (barometer["scheme"] == "nieuw") & (barometer["schaal_band"] == band)
                     & (barometer["year"] == year)].sort_values("unit")
    return _tidy(rows, f"aandeel {BE}", "cluster", rows["unit"])


def cluster_growth(barometer: pd.DataFrame, year: int,
                   targets: Targets = DEFAULT_TARGETS) -> pd.DataFrame:
    """Check the 25%-growth target per cluster: share from 12 in 2024, now, needed, met.

    Parameters
    ----------
    barometer : pandas.DataFrame
        Canonical barometer rows.
    year : int
        The year to judge (the target applies to 2026; earlier years show progress).

    Returns
    -------
    pandas.DataFrame
        ``cluster``, ``share_base``, ``share_now``, ``required`` (= 1.25 x base),
        ``growth`` (relative), ``met`` (bool, NA when a share is suppressed), ``n_now``.

    Examples
    --------
    >>> b = pd.DataFrame({"year": [2024, 2026], "unit": "Sociaal", "schaal_band": "12+",
    ...     "scheme": "nieuw", "herkomst": BE, "share": [0.20, 0.26], "n_staff": [900, 950],
    ...     "suppressed": False})
    >>> cluster_growth(b, 2026)[["share_base", "required", "met"]].round(2).values.tolist()
    [[0.2, 0.25, True]]
    """
    base = cluster_table(barometer, targets.base_year).set_index("group")
    now = cluster_table(barometer, year).set_index("group")
    out = pd.DataFrame({"share_base": base["estimate"], "share_now": now["estimate"],
                        "n_now": now["n"]})
    out["required"] = out["share_base"] * (1 + targets.cluster_growth)
    out["growth"] = out["share_now"] / out["share_base"] - 1
    known = out["share_base"].notna() & out["share_now"].notna()
    out["met"] = pd.array([bool(m) if k else pd.NA for m, k in
                           zip(out["share_now"] >= out["required"], known, strict=True)],
                          dtype="boolean")
    return out.rename_axis("cluster").reset_index()


def organisation_trend(barometer: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Organisation-wide and from-12 Buiten-Europa share per year (tidy, source cbs)."""
    org = share_table(barometer, bands=("totaal", "12+"), years=years)
    org["group"] = org["group"].map({"totaal": "alle schalen", "12+": "schaal 12 en hoger"})
    org["breakdown"] = "gemeente"
    return org.sort_values(["group", "wave"], kind="stable")


def benchmark_sentence(barometer: pd.DataFrame, benchmark: pd.DataFrame, year: int) -> str:
    """Compare the organisation with Amsterdam's working labour force (public figure), in Dutch.

    Examples
    --------
    >>> b = pd.DataFrame({"year": [2023], "unit": "organisatie", "schaal_band": "totaal",
    ...     "scheme": "nieuw", "herkomst": BE, "share": [0.33], "n_staff": [21780],
    ...     "suppressed": False})
    >>> lf = pd.DataFrame({"year": [2023], "herkomst": [BE], "scheme": ["nieuw"], "share": [0.34]})
    >>> print(benchmark_sentence(b, lf, 2023))  # doctest: +NORMALIZE_WHITESPACE
    In 2023 had 33% van alle medewerkers een Buiten-Europese herkomst, tegen 34% van de
    werkzame beroepsbevolking van Amsterdam.
    """
    from pipeline.report.formats import pct

    org = share_table(barometer, bands=("totaal",), years=[year])
    lf = benchmark[(benchmark["herkomst"] == BE) & (benchmark["scheme"] == "nieuw")
                   & (benchmark["year"] == year)]
    if org.empty or lf.empty:
        return f"Voor {year} is geen vergelijking met de beroepsbevolking beschikbaar."
    return (f"In {year} had {pct(org['estimate'].iloc[0])} van alle medewerkers een "
            f"Buiten-Europese herkomst, tegen {pct(float(lf['share'].iloc[0]))} van de werkzame "
            "beroepsbevolking van Amsterdam.")


def scheme_comparison(barometer: pd.DataFrame) -> pd.DataFrame:
    """Old (niet-westers) and new (Buiten-Europa) share side by side in the overlap years."""
    overlap = sorted(set(barometer.loc[barometer["scheme"] == "oud", "year"])
                     & set(barometer.loc[barometer["scheme"] == "nieuw", "year"]))
    new = share_table(barometer, bands=("totaal", "12+", "15+"), years=overlap)
    old = share_table(barometer, bands=("totaal", "12+", "15+"), years=overlap,
                      category=OLD_NON_WESTERN, scheme="oud")
    return pd.concat([new, old], ignore_index=True)


def under_35(hr: pd.DataFrame, last_year: int | None = None) -> pd.DataFrame:
    """Share of staff under 35 per peildatum up to ``last_year``, from the HR register (tidy).

    Examples
    --------
    >>> hr = pd.DataFrame({"peildatum": pd.to_datetime(["2024-12-31"] * 2 + ["2025-12-31"]),
    ...                    "employee_id": ["a", "b", "a"], "age_band": ["25-34", "45-54", "35-44"]})
    >>> young = under_35(hr, 2024)
    >>> young["wave"].tolist(), young["estimate"].tolist(), young["n"].tolist()
    ([2024], [0.5], [2])
    >>> young["group"].tolist()
    ['totaal']
    """
    rows = []
    for date, snap in hr.groupby("peildatum"):
        if last_year is not None and date.year > last_year:
            continue
        staff = snap.drop_duplicates("employee_id")
        young = staff["age_band"].isin(["<25", "25-34"])
        rows.append({"year": date.year, "share": float(young.mean()), "n_staff": len(staff)})
    frame = pd.DataFrame(rows, columns=["year", "share", "n_staff"])
    # the whole register of each year: the same cells as every other table of all staff
    return _tidy(frame, "aandeel jonger dan 35", "totaal",
                 pd.Series("totaal", index=frame.index, dtype=object))


def flow_table(flows: pd.DataFrame) -> pd.DataFrame:
    """Stocks and flows per band and year: start, in, promoted in and out, out, end.

    Parameters
    ----------
    flows : pandas.DataFrame
        HR flows between consecutive snapshots (``pipeline.ingest`` ``hr_flows.parquet``).

    Returns
    -------
    pandas.DataFrame
        Index (year, band); columns :data:`FLOW_COLUMNS`: staff in the band on 31 December of
        the year before, hired into the band, promoted into it from a lower band, promoted out
        of it to a higher band, left the organisation from it, and staff in it on 31 December.

    Without flows (a register of one peildatum) the table has no rows.

    Examples
    --------
    >>> f = pd.DataFrame({"peildatum_to": pd.to_datetime(["2024-12-31"] * 4),
    ...     "flow": ["blijf", "instroom", "doorstroom", "uitstroom"],
    ...     "direction": [None, None, "omhoog", None],
    ...     "schaal_band_from": ["12-14", None, "9-11", "12-14"],
    ...     "schaal_band_to": ["12-14", "12-14", "12-14", None]})
    >>> flow_table(f).loc[(2024, "12-14")].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'begin van het jaar': 2, 'instroom': 1, 'doorstroom naar deze schaal': 1,
     'doorstroom naar hogere schaal': 0, 'uitstroom': 1, 'eind van het jaar': 3}
    >>> flow_table(f.iloc[:0].astype({"peildatum_to": object})).shape
    (0, 6)
    """
    if flows.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in FLOW_COLUMNS},
                            index=pd.MultiIndex.from_arrays([pd.Series(dtype="int64"),
                                                             pd.Series(dtype="string")],
                                                            names=["year", "band"]))
    f = flows.assign(year=pd.to_datetime(flows["peildatum_to"]).dt.year,
                     band_from=flows["schaal_band_from"].astype("string"),
                     band_to=flows["schaal_band_to"].astype("string"))
    promoted = ((f["flow"] == "doorstroom") & (f["direction"] == "omhoog")
                & (f["band_from"] != f["band_to"]))

    def per_band(rows: pd.DataFrame, band: str) -> pd.Series:
        return rows.groupby(["year", band]).size()

    table = pd.DataFrame({
        START: per_band(f[f["flow"] != "instroom"], "band_from"),
        HIRED: per_band(f[f["flow"] == "instroom"], "band_to"),
        PROMOTED_IN: per_band(f[promoted], "band_to"),
        PROMOTED_OUT: per_band(f[promoted], "band_from"),
        LEFT: per_band(f[f["flow"] == "uitstroom"], "band_from"),
        END: per_band(f[f["flow"] != "uitstroom"], "band_to"),
    })
    table.index.names = ["year", "band"]
    return table.fillna(0).astype(int)


def stock_flow_gaps(flows_year: pd.DataFrame) -> pd.Series:
    """Per band: end minus (start + in + promoted in - promoted out - out); zero if consistent.

    Moves between bands other than promotions (moving down) make a gap; the reader's audit
    uses the identity only where the gap is zero.

    Examples
    --------
    >>> f = pd.DataFrame([[10, 2, 1, 3, 1, 9]], columns=list(FLOW_COLUMNS), index=["9-11"])
    >>> stock_flow_gaps(f).tolist()
    [0]
    """
    return (flows_year[END] - flows_year[START] - flows_year[HIRED] - flows_year[PROMOTED_IN]
            + flows_year[PROMOTED_OUT] + flows_year[LEFT])


def cluster_growth_table(barometer: pd.DataFrame, year: int,
                         targets: Targets = DEFAULT_TARGETS) -> pd.DataFrame:
    """Buiten-Europa share from schaal 12 per cluster, every CBS year from the base year.

    Each year's row carries that year's share and that year's staff count (``wave`` = the
    year), so a cluster's 2024 figure is the same number, with the same n, in the 2024 and the
    2026 report. The required share of the growth target is in the ``doelen`` table
    (:func:`pipeline.analysis.targets.target_verdicts`).

    Examples
    --------
    >>> b = pd.DataFrame({"year": [2024, 2026], "unit": "Sociaal", "schaal_band": "12+",
    ...     "scheme": "nieuw", "herkomst": BE, "share": [0.20, 0.26], "n_staff": [900, 950],
    ...     "suppressed": False})
    >>> t = cluster_growth_table(b, 2026)
    >>> t[["wave", "group", "estimate", "n"]].values.tolist()
    [[2024, 'Sociaal', 0.2, 900], [2026, 'Sociaal', 0.26, 950]]
    """
    years = [y for y in years_up_to(barometer, year) if y >= min(targets.base_year, year)]
    parts = [cluster_table(barometer, y) for y in years]
    if not parts:
        return cluster_table(barometer, year)
    return pd.concat(parts, ignore_index=True)


def target_sentence(share: float, year: int, target: float = DEFAULT_TARGETS.share_12plus) -> str:
    """Dutch sentence on the 30% target from schaal 12.

    Examples
    --------
    >>> print(target_sentence(0.234, 2026))  # doctest: +NORMALIZE_WHITESPACE
    In 2026 had 23,4% van de medewerkers vanaf schaal 12 een Buiten-Europese herkomst;
    het doel is 30%: nog 6,6 procentpunt te gaan.
    """
    from pipeline.report.formats import pct

    gap = target - share
    tail = (f"nog {gap * 100:.1f} procentpunt te gaan.".replace(".", ",", 1) if gap > 0
            else "het doel is gehaald.")
    return (f"In {year} had {pct(share, 1)} van de medewerkers vanaf schaal 12 een "
            f"Buiten-Europese herkomst; het doel is {pct(target)}: {tail}")


def growth_sentence(growth: pd.DataFrame, year: int,
                    targets: Targets = DEFAULT_TARGETS) -> str:
    """Dutch summary of the cluster growth target (met, not met, no figure).

    ``growth`` holds ``cluster`` and a nullable ``met``; NA is a cluster without a shown figure
    (too small for CBS, or withheld by the disclosure rules), which gets no verdict.

    Examples
    --------
    >>> g = pd.DataFrame({"cluster": ["A", "B", "C"], "met": pd.array([True, False, pd.NA])})
    >>> print(growth_sentence(g, 2026))  # doctest: +NORMALIZE_WHITESPACE
    In 2026 haalde 1 van de 3 clusters het groeidoel (A); niet gehaald: B;
    geen oordeel (geen getoond cijfer): C.
    >>> g = pd.DataFrame({"cluster": ["A", "B"], "met": pd.array([False, False])})
    >>> print(growth_sentence(g, 2026))
    In 2026 haalde geen van de 2 clusters het groeidoel; niet gehaald: A, B.
    >>> growth_sentence(g, 2024).startswith("2024 is het basisjaar")
    True
    """
    from pipeline.report.formats import pct

    if year < targets.target_year:
        return (f"{targets.base_year} is het basisjaar; de tabel toont per cluster het aandeel "
                f"dat in {targets.target_year} nodig is ({pct(targets.cluster_growth)} meer dan "
                f"in {targets.base_year}).")
    met = growth.loc[growth["met"] == True, "cluster"].tolist()  # noqa: E712 (nullable)
    missed = growth.loc[growth["met"] == False, "cluster"].tolist()  # noqa: E712
    unknown = growth.loc[growth["met"].isna(), "cluster"].tolist()
    if not met:
        text = f"In {year} haalde geen van de {len(growth)} clusters het groeidoel;"
    else:
        verb = "haalde" if len(met) == 1 else "haalden"
        text = (f"In {year} {verb} {len(met)} van de {len(growth)} clusters het groeidoel "
                f"({', '.join(met)});")
    text += f" niet gehaald: {', '.join(missed) if missed else 'geen'}"
    if unknown:
        text += f"; geen oordeel (geen getoond cijfer): {', '.join(unknown)}"
    return text + "."


ALL_BANDS = ("1-5", "6-8", "9-11", "12-14", "15+", "12+", "totaal")


def years_up_to(barometer: pd.DataFrame, year: int) -> list[int]:
    """CBS years available up to and including the report's year.

    Examples
    --------
    >>> years_up_to(pd.DataFrame({"year": [2025, 2023, 2024, 2023]}), 2024)
    [2023, 2024]
    >>> years_up_to(pd.DataFrame({"year": [2025]}), 2024)
    []
    """
    return sorted(int(y) for y in barometer["year"].unique() if y <= year)


def labour_force_share(benchmark: pd.DataFrame, year: int) -> float:
    """Buiten-Europa share of the working labour force in ``year`` (or the latest year before).

    Examples
    --------
    >>> lf = pd.DataFrame({"year": [2023, 2024, 2026], "herkomst": BE, "scheme": "nieuw",
    ...                    "share": [0.34, 0.345, 0.36]})
    >>> labour_force_share(lf, 2025)
    0.345
    """
    rows = benchmark[(benchmark["herkomst"] == BE) & (benchmark["scheme"] == "nieuw")
                     & (benchmark["year"] <= year)]
    if rows.empty:
        raise ValueError(f"benchmark: no labour-force share for {year} or earlier")
    return float(rows.sort_values("year")["share"].iloc[-1])


def flows_in(flows_by_band: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year's in-, door- and uitstroom per band, bands in reading order.

    Examples
    --------
    >>> f = pd.DataFrame([[5, 1, 0, 1, 1, 4], [7, 2, 1, 0, 0, 10]], columns=list(FLOW_COLUMNS),
    ...                  index=pd.MultiIndex.from_tuples([(2024, "9-11"), (2024, "1-5")],
    ...                                                  names=["year", "band"]))
    >>> flows_in(f, 2024).index.tolist()
    ['1-5', '9-11']
    """
    from pipeline.analysis.catalogue import CATEGORY_ORDER

    if year not in flows_by_band.index.get_level_values("year"):
        return pd.DataFrame(columns=list(FLOW_COLUMNS), dtype="int64").rename_axis(FLOW_ROWS)
    rows = flows_by_band.xs(year, level="year")
    order = [b for b in CATEGORY_ORDER["schaal_band"] if b in rows.index]
    return rows.reindex(order).rename_axis(FLOW_ROWS)


def structural_zeros(flows_year: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """Cells of a year's flows table that are zero by definition.

    Nobody is promoted into the lowest salary band, nor out of the highest, so those cells are
    zero; a reader knows it, so the disclosure gate shows them and never counts on them to
    protect another cell.

    Examples
    --------
    >>> f = pd.DataFrame([[5, 1, 0, 1, 1, 4], [7, 2, 1, 0, 0, 10]], columns=list(FLOW_COLUMNS),
    ...                  index=pd.Index(["1-5", "15+"], name=FLOW_ROWS))
    >>> structural_zeros(f)
    (('1-5', 'doorstroom naar deze schaal'), ('15+', 'doorstroom naar hogere schaal'))
    """
    from pipeline.analysis.catalogue import CATEGORY_ORDER

    lowest, top = CATEGORY_ORDER["schaal_band"][0], CATEGORY_ORDER["schaal_band"][-1]
    out = []
    if lowest in flows_year.index and flows_year.loc[lowest, PROMOTED_IN] == 0:
        out.append((lowest, PROMOTED_IN))
    if top in flows_year.index and flows_year.loc[top, PROMOTED_OUT] == 0:
        out.append((top, PROMOTED_OUT))
    return tuple(out)
