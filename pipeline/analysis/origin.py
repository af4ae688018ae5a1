"""Herkomst in the survey against the CBS Barometer, and herkomst as an extra weighting margin.

The HR register holds no origin; the CBS Barometer Culturele Diversiteit gives, per cluster
and for the whole organisation, the share of staff of Nederlandse, Europese and
Buiten-Europese herkomst at 31 December (from the birth countries of the person and the
parents in the population register). The survey derives the same categories from the birth
countries the respondents give (:mod:`pipeline.ingest.derive`). Two uses:

* **Comparison** (respons section): per cluster and in total the weighted survey share of each
  herkomst with its 95% interval (the engine's intervals, :func:`pipeline.stats.estimate_all`),
  against the CBS share for the year of the wave's peildatum. The CBS share is a register
  count and is treated as known: the difference's interval is the survey interval minus the
  CBS share, and its test is the Wald test of the survey share against that value (replicate
  SE), Benjamini-Hochberg over the table (``estimation.multiple_testing``). The survey shares
  always come from the weighting on the HR margins only: with herkomst as a margin they would
  equal the CBS totals by construction. A share the CBS withheld is shown as withheld and no
  difference is computed for it.
* **Margin** (``weighting.herkomst_margin: true``, default off): herkomst becomes an extra
  raking margin with population totals from the CBS shares times the register counts at the
  peildatum, summed over the clusters (:func:`herkomst_totals`); respondents who left a
  birth country open are handled by ``weighting.missing_margin`` like any missing margin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.errors import PipelineError
from pipeline.report.formats import pct as _pct
from pipeline.report.narrative import NOT_AFTER_CORRECTION, _signed, significance_verdict

HERKOMST = ("Nederland", "Europa", "Buiten-Europa")
"""The CBS categories (new scheme), in reading order."""
INDICATOR = {"Nederland": "herkomst_nederland", "Europa": "herkomst_europa",
             "Buiten-Europa": "herkomst_buiten_europa"}
"""0/1 indicator column of each herkomst (NA where the respondent's herkomst is unknown)."""
ORGANISATION = "organisatie"
"""``unit`` of the barometer's organisation-wide rows."""
TOTAL = "totaal"
MARGIN_KEY = "weighting.herkomst_margin"
CBS_BREAKDOWN = "cluster, alle schalen"
"""Breakdown of the CBS table: a cluster's staff in all salary bands."""
HIGHER, LOWER = "hoger dan bij het CBS", "lager dan bij het CBS"
NO_DIFFERENCE = "geen significant verschil"
DIFF_COLUMNS = ("diff", "diff_ci_low", "diff_ci_high", "p", "p_adj", "p_adj_method", "family",
                "wave_b", "verdict")
"""Comparison columns of the survey table (the between-wave table's columns, ``wave_b`` the
CBS year): the gate shows them one row per herkomst and unit."""


class OriginError(PipelineError, ValueError):
    """Herkomst cannot be compared or weighted as asked (no CBS figures for the year)."""


def herkomst_margin_on(weighting: Mapping[str, Any]) -> bool:
    """Read ``weighting.herkomst_margin`` (absent: off); anything but true/false stops.

    Examples
    --------
    >>> herkomst_margin_on({}), herkomst_margin_on({"herkomst_margin": True})
    (False, True)
    >>> herkomst_margin_on({"herkomst_margin": "ja"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.analysis.origin.OriginError: params.yaml: weighting.herkomst_margin must be true ...
    """
    value = weighting.get("herkomst_margin", False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise OriginError(f"params.yaml: {MARGIN_KEY} must be true or false, got {value!r}")
    return value


def origin_indicators(survey: pd.DataFrame) -> pd.DataFrame:
    """Return one 0/1 column per herkomst (NA where herkomst is unknown); empty without it.

    Examples
    --------
    >>> s = pd.DataFrame({"herkomst": ["Europa", None, "Nederland"]})
    >>> origin_indicators(s)["herkomst_europa"].tolist()
    [1.0, nan, 0.0]
    """
    if "herkomst" not in survey:
        return pd.DataFrame(index=survey.index)
    values = survey["herkomst"].astype("string")
    known = values.notna().to_numpy()
    out = {}
    for category, column in INDICATOR.items():
        hit = (values == category).to_numpy(dtype=bool, na_value=False).astype(float)
        out[column] = np.where(known, hit, np.nan)
    return pd.DataFrame(out, index=survey.index)


def cbs_shares(barometer: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the CBS shares of all staff (band ``totaal``, new scheme) per unit and herkomst.

    Returns
    -------
    pandas.DataFrame
        ``unit`` (``organisatie`` or a cluster), ``herkomst``, ``share`` (NaN if withheld),
        ``n_staff``, ``suppressed``; empty when the barometer has no such rows for ``year``.

    Examples
    --------
    >>> b = pd.DataFrame({"year": 2024, "unit": ["organisatie", "A"], "schaal_band": "totaal",
    ...     "scheme": "nieuw", "herkomst": "Europa", "share": [0.1, None],
    ...     "n_staff": [900, 120], "suppressed": [False, True]})
    >>> cbs_shares(b, 2024)[["unit", "share", "suppressed"]].values.tolist()
    [['organisatie', 0.1, False], ['A', nan, True]]
    """
    if barometer.empty:
        return pd.DataFrame(columns=["unit", "herkomst", "share", "n_staff", "suppressed"])
    rows = barometer[(barometer["year"] == year) & (barometer["schaal_band"] == TOTAL)
                     & (barometer["scheme"] == "nieuw")
                     & barometer["herkomst"].isin(HERKOMST)]
    out = rows[["unit", "herkomst", "share", "n_staff", "suppressed"]].reset_index(drop=True)
    out["share"] = out["share"].astype(float)
    out["suppressed"] = out["suppressed"].astype("boolean").fillna(False).astype(bool) | (
        out["share"].isna())
    return out


def herkomst_totals(barometer: pd.DataFrame, register: pd.DataFrame,
                    year: int) -> tuple[pd.Series, str]:
    """Return population totals per herkomst: CBS shares times the register's counts.

    Per cluster when the CBS gives all three shares of every cluster in the register
    (``basis`` ``cluster``): ``T_h = sum_c N_c s_ch / sum_h s_ch``, ``N_c`` the register's staff
    of cluster ``c`` (the shares of a unit are scaled to add to 1: CBS rounds them).
    Otherwise (a cluster withheld or unknown to the CBS) from the organisation's shares
    times the register total (``basis`` ``organisatie``). The totals add up to the register.

    Parameters
    ----------
    barometer : pandas.DataFrame
        Canonical barometer rows.
    register : pandas.DataFrame
        Staff at the peildatum (column ``cluster``).
    year : int
        CBS year (the year of the peildatum).

    Returns
    -------
    (pandas.Series, str)
        Totals indexed by :data:`HERKOMST` (float) and the basis.

    Raises
    ------
    OriginError
        The barometer has no usable organisation shares for ``year``.

    Examples
    --------
    >>> b = pd.DataFrame({"year": 2024, "schaal_band": "totaal", "scheme": "nieuw",
    ...     "unit": ["A"] * 3 + ["B"] * 3, "herkomst": list(HERKOMST) * 2,
    ...     "share": [0.6, 0.1, 0.3, 0.4, 0.2, 0.4], "n_staff": 10, "suppressed": False})
    >>> reg = pd.DataFrame({"cluster": ["A"] * 10 + ["B"] * 30})
    >>> totals, basis = herkomst_totals(b, reg, 2024)
    >>> totals.round(6).tolist(), basis
    ([18.0, 7.0, 15.0], 'cluster')
    """
    shares = cbs_shares(barometer, year)
    counts = (register["cluster"].astype("string").value_counts(dropna=True)
              if "cluster" in register else pd.Series(dtype="int64"))
    table = shares.pivot_table(index="unit", columns="herkomst", values="share",
                               aggfunc="first") if len(shares) else pd.DataFrame()
    table = table.reindex(columns=list(HERKOMST))
    clusters = [str(c) for c in counts.index]
    if clusters and set(clusters) <= set(table.index) and table.loc[clusters].notna().all(
            axis=None) and counts.sum() == len(register):
        part = table.loc[clusters].div(table.loc[clusters].sum(axis=1), axis=0)
        totals = part.mul(counts.reindex(clusters).astype(float).to_numpy(), axis=0).sum()
        return totals.astype(float).rename_axis(None).rename(None), "cluster"
    if ORGANISATION not in table.index or table.loc[ORGANISATION].isna().any():
        raise OriginError(
            f"{MARGIN_KEY} is true but the CBS barometer has no shares of all staff per "
            f"herkomst for {year} (the peildatum's year); add that year's barometer to "
            "data/raw/<source>/cbs/ or set weighting.herkomst_margin: false in params.yaml")
    org = table.loc[ORGANISATION] / table.loc[ORGANISATION].sum()
    return (org * float(len(register))).astype(float).rename_axis(None).rename(None), \
        ORGANISATION


def survey_shares(estimates: pd.DataFrame) -> list[dict[str, Any]]:
    """Return records of the weighted survey share of each herkomst, in total and per cluster.

    Parameters
    ----------
    estimates : pandas.DataFrame
        :func:`~pipeline.stats.estimate_all` of the :data:`INDICATOR` columns by ``cluster``.

    Returns
    -------
    list of dict
        ``unit`` (``totaal`` or the cluster), ``herkomst``, ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``ci_method``, ``n`` (respondents of the unit with a known
        herkomst), ``n_pos`` (of whom of this herkomst): counts, never a person's value.
    """
    back = {v: k for k, v in INDICATOR.items()}
    rows = estimates[estimates["indicator"].isin(list(back))
                     & estimates["breakdown"].isin([TOTAL, "cluster"])]
    out = []
    for r in rows.itertuples(index=False):
        out.append({"unit": TOTAL if r.breakdown == TOTAL else str(r.group),
                    "herkomst": back[r.indicator], "estimate": float(r.estimate),
                    "se": float(r.se), "ci_low": float(r.ci_low), "ci_high": float(r.ci_high),
                    "ci_method": str(r.ci_method), "n": int(r.n), "n_pos": int(r.n_pos)})
    return out


def verdict(diff: float, p: float, p_adj: float, alpha: float = 0.05) -> str:
    """Return the Dutch verdict on a survey share against the CBS share.

    Examples
    --------
    >>> verdict(-0.03, 0.001, 0.004), verdict(0.01, 0.03, 0.08), verdict(0.0, 0.9, 0.9)
    ('lager dan bij het CBS', 'na correctie voor meervoudig toetsen niet significant', \
'geen significant verschil')
    """
    return significance_verdict(diff, p, p_adj, alpha, higher=HIGHER, lower=LOWER,
                                none=NO_DIFFERENCE)


def compare(records: Sequence[Mapping[str, Any]], barometer: pd.DataFrame, year: int,
            alpha: float = 0.05, method: str = "fdr_bh") -> pd.DataFrame:
    """Compare each survey share with the CBS share of the same unit, herkomst and year.

    The CBS share ``c`` is taken as known: difference ``d = p - c``, its interval the survey
    interval minus ``c``, the two-sided Wald test ``z = d / se`` (replicate SE), adjusted
    over every tested row (``method``, one family: the table). A unit or share the CBS
    withheld (or does not have) keeps its survey share and gets no difference.

    Returns
    -------
    pandas.DataFrame
        One row per unit and herkomst (units as in ``records``; ``totaal`` is the CBS
        organisation): the survey columns, ``cbs_share``, ``cbs_n``, ``cbs_suppressed`` and
        :data:`DIFF_COLUMNS`.

    Examples
    --------
    >>> rec = [{"unit": "totaal", "herkomst": "Europa", "estimate": 0.08, "se": 0.01,
    ...         "ci_low": 0.062, "ci_high": 0.10, "ci_method": "wilson-neff", "n": 900,
    ...         "n_pos": 70}]
    >>> b = pd.DataFrame({"year": 2024, "unit": "organisatie", "schaal_band": "totaal",
    ...     "scheme": "nieuw", "herkomst": "Europa", "share": [0.1], "n_staff": [3000],
    ...     "suppressed": False})
    >>> row = compare(rec, b, 2024).iloc[0]
    >>> round(float(row["diff"]), 3), round(float(row["p"]), 4), row["verdict"]
    (-0.02, 0.0455, 'lager dan bij het CBS')
    """
    from pipeline.stats.compare import adjust

    frame = pd.DataFrame(list(records))
    if frame.empty:
        return frame
    cbs = cbs_shares(barometer, year).assign(
        unit=lambda t: t["unit"].where(t["unit"] != ORGANISATION, TOTAL))
    cbs = cbs.rename(columns={"share": "cbs_share", "n_staff": "cbs_n",
                              "suppressed": "cbs_suppressed"})
    out = frame.merge(cbs, on=["unit", "herkomst"], how="left")
    out["cbs_suppressed"] = out["cbs_suppressed"].astype("boolean").fillna(True).astype(bool)
    known = ~out["cbs_suppressed"].to_numpy() & out["cbs_share"].notna().to_numpy()
    diff = out["estimate"] - out["cbs_share"]
    z = diff / out["se"]
    tested = known & np.isfinite(z.to_numpy(dtype=float)) & (out["se"] > 0).to_numpy()
    p = np.where(tested, 2 * stats.norm.sf(np.abs(z.to_numpy(dtype=float))), np.nan)
    p_adj = np.full(len(out), np.nan)
    if tested.any():
        p_adj[tested] = adjust(p[tested], method)
    out["diff"] = np.where(known, diff, np.nan)
    out["diff_ci_low"] = np.where(known, out["ci_low"] - out["cbs_share"], np.nan)
    out["diff_ci_high"] = np.where(known, out["ci_high"] - out["cbs_share"], np.nan)
    out["p"], out["p_adj"] = p, p_adj
    out["p_adj_method"] = np.where(tested, method, None)
    out["family"] = np.where(tested, "herkomst-cbs", None)
    out["wave_b"] = np.where(known, float(year), np.nan)
    out["verdict"] = [verdict(d, q, r, alpha) if t else None
                      for d, q, r, t in zip(out["diff"], p, p_adj, tested, strict=True)]
    return out


def _unit_order(units: Sequence[str]) -> list[str]:
    return sorted((u for u in units if u != TOTAL), key=str) + (
        [TOTAL] if TOTAL in units else [])


def survey_table(comparison: pd.DataFrame, wave: int, min_count: int,
                 cbs_min: tuple[int, int, int] = (0, 0, 0)) -> pd.DataFrame:
    """Return the tidy table the gate publishes: survey shares, difference from the CBS.

    Rows herkomst by herkomst, clusters by name and the total last; ``base`` ``alle`` (the
    respondents of the estimates), ``n`` the respondents of the unit with a known herkomst,
    ``n_pos`` those of the herkomst. Only rows with a CBS share are in it (the comparison is
    the table's point; the CBS table shows what the CBS withheld). The three shares of a unit
    add to 100%: a unit where any herkomst has fewer than ``min_count`` respondents, or all
    but fewer than ``min_count``, is left out whole, so that no share is 100% minus the
    others' (the gate's closure of distributions works per breakdown, not across items).

    A difference gives its CBS share back, so a row is in it only where the CBS share passes
    the CBS rules of the gate itself (``cbs_min``: group size ``disclosure.cbs_min_n``,
    ``min_numerator``, ``min_complement`` on the CBS count): the CBS table shows those. And
    where any cluster's CBS share fails them (or the CBS withheld it), no cluster is
    compared, only the organisation: the gate then hides other clusters' CBS shares too (so
    that the organisation minus the shown clusters does not give the small one back), and a
    difference would show such a secondary share.
    """
    size, numerator, complement = cbs_min
    cbs_n = pd.to_numeric(comparison["cbs_n"], errors="coerce").astype(float)
    cbs_pos = (comparison["cbs_share"].astype(float) * cbs_n).round()
    passes = ((cbs_n >= size) & (cbs_pos >= numerator) & (cbs_n - cbs_pos >= complement))
    frame = comparison[comparison["diff"].notna() & passes.fillna(False)].copy()
    clusters = comparison["unit"] != TOTAL
    if not passes[clusters].fillna(False).all():
        frame = frame[frame["unit"] == TOTAL]
    small = frame.groupby("unit")["n_pos"].transform(
        lambda s: bool(((s < min_count) | (frame.loc[s.index, "n"] - s < min_count)).any()))
    complete = frame.groupby("unit")["herkomst"].transform("nunique") == len(HERKOMST)
    frame = frame[~small.astype(bool) & complete]
    order_h = {h: i for i, h in enumerate(HERKOMST)}
    order_u = {u: i for i, u in enumerate(_unit_order(list(frame["unit"].unique())))}
    frame = frame.assign(_h=frame["herkomst"].map(order_h), _u=frame["unit"].map(order_u))
    frame = frame.sort_values(["_h", "_u"], kind="stable")
    total = frame["unit"] == TOTAL
    return pd.DataFrame({
        "wave": wave, "indicator": frame["herkomst"].to_numpy(),
        "breakdown": np.where(total, TOTAL, "cluster"),
        "group": np.where(total, TOTAL, frame["unit"]),
        "estimate": frame["estimate"].to_numpy(), "se": frame["se"].to_numpy(),
        "ci_low": frame["ci_low"].to_numpy(), "ci_high": frame["ci_high"].to_numpy(),
        "ci_method": frame["ci_method"].to_numpy(), "n": frame["n"].astype(int).to_numpy(),
        "n_pos": frame["n_pos"].astype(int).to_numpy(), "flags": "",
        **{c: frame[c].to_numpy() for c in DIFF_COLUMNS},
        "base": "alle", "numerator_base": "",
    })


def cbs_table(barometer: pd.DataFrame, year: int, units: Sequence[str]) -> pd.DataFrame:
    """Return the CBS shares of the compared units as a tidy register table (withheld: NaN).

    ``units`` are the survey's (``totaal`` for the organisation); a unit the CBS does not
    have gets a withheld row, so the reader sees it is missing rather than not asked. The
    breakdown is :data:`CBS_BREAKDOWN`: these are all staff of a cluster, not the groups of
    the representation section's cluster tables (staff from schaal 12), so what those hide
    is not hidden here for that reason.
    """
    cbs = cbs_shares(barometer, year).assign(
        unit=lambda t: t["unit"].where(t["unit"] != ORGANISATION, TOTAL))
    rows = []
    for h in HERKOMST:
        for u in _unit_order(list(units)):
            hit = cbs[(cbs["unit"] == u) & (cbs["herkomst"] == h)]
            share = float(hit["share"].iloc[0]) if len(hit) else np.nan
            if len(hit) and bool(hit["suppressed"].iloc[0]):
                share = np.nan
            n = hit["n_staff"].iloc[0] if len(hit) else pd.NA
            rows.append({"wave": year, "indicator": h,
                         "breakdown": TOTAL if u == TOTAL else CBS_BREAKDOWN,
                         "group": u, "estimate": share, "se": np.nan, "ci_low": np.nan,
                         "ci_high": np.nan, "ci_method": "",
                         "n": 0 if pd.isna(n) else int(n),
                         "n_pos": (pd.NA if np.isnan(share) or pd.isna(n)
                                   else round(share * int(n))),
                         "flags": ""})
    out = pd.DataFrame(rows)
    out["n_pos"] = out["n_pos"].astype("Int64")
    return out


def _points(value: float) -> str:
    text = f"{abs(value) * 100:.1f}".replace(".", ",")
    return text


def origin_text(survey: pd.DataFrame, cbs: pd.DataFrame, cbs_year: int,
                margin: Mapping[str, Any] | None = None) -> str:
    """Write the Dutch text on the published comparison: where survey and CBS differ, and why.

    Parameters
    ----------
    survey : pandas.DataFrame
        ``data`` of the published survey table (relabelled: group ``Totaal``); rows the gate
        hid have no estimate and are not named.
    cbs : pandas.DataFrame
        ``data`` of the published CBS table.
    cbs_year : int
        The CBS year (31 December).
    margin : mapping, optional
        ``herkomst_margin`` of the weighting report (``used``, ``basis``).

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> s = pd.DataFrame({"indicator": ["Buiten-Europa", "Buiten-Europa"],
    ...     "group": ["A", "Totaal"], "estimate": [0.25, 0.28], "diff": [-0.06, -0.05],
    ...     "verdict": ["lager dan bij het CBS", "lager dan bij het CBS"]})
    >>> text = origin_text(s, pd.DataFrame({"indicator": [], "group": [], "estimate": []}),
    ...                    2024)
    >>> "28%" in text and "5,0 procentpunt lager" in text and "A" in text
    True
    """
    shown = survey[survey["estimate"].notna() & survey["diff"].notna()]
    parts = []
    total = shown[shown["group"].isin(["Totaal", TOTAL])]
    for r in total.itertuples(index=False):
        if r.verdict in (HIGHER, LOWER):
            how = f"{_points(r.diff)} procentpunt {'hoger' if r.diff > 0 else 'lager'}"
            parts.append(f"{r.indicator}: {_pct(r.estimate)} in de enquête, {how} dan bij "
                         "het CBS (significant).")
        else:
            parts.append(f"{r.indicator}: {_pct(r.estimate)} in de enquête; het verschil met "
                         f"het CBS ({_signed_points(r.diff)}) is niet significant.")
    head = (f"In de hele organisatie, vergeleken met het CBS op 31 december {cbs_year} "
            "(gewogen naar de registerkenmerken, zonder herkomst):")
    text = [head + " " + " ".join(parts)] if parts else []
    clusters = shown[~shown["group"].isin(["Totaal", TOTAL])]
    for word, label in ((LOWER, "lager"), (HIGHER, "hoger")):
        for h in HERKOMST:
            names = clusters[(clusters["indicator"] == h) & (clusters["verdict"] == word)]
            if len(names):
                text.append(f"Aandeel {h} significant {label} dan bij het CBS in: "
                            + ", ".join(f"{g} ({_pct(e)}, {_signed_points(d)})" for g, e, d in
                                        zip(names["group"], names["estimate"], names["diff"],
                                            strict=True)) + ".")
    loose = clusters[clusters["verdict"] == NOT_AFTER_CORRECTION]
    if len(loose):
        text.append("Zonder correctie voor meervoudig toetsen zou ook dit verschil significant "
                    "zijn: " + ", ".join(f"{h} in {g} ({_signed_points(d)})" for h, g, d in
                                         zip(loose["indicator"], loose["group"], loose["diff"],
                                             strict=True))
                    + "; met de correctie over alle vergelijkingen van de tabel niet.")
    if not len(clusters[clusters["verdict"].isin([HIGHER, LOWER])]) and len(clusters):
        text.append("In geen enkel cluster wijkt het aandeel van een herkomstgroep significant "
                    "af van het CBS.")
    cbs_clusters = (cbs[~cbs["group"].isin(["Totaal", TOTAL])] if "group" in cbs
                    else cbs.iloc[0:0])
    if len(shown) and not len(clusters) and len(cbs_clusters):
        text.append("Per cluster is niet vergeleken: het CBS-cijfer van ten minste één cluster "
                    "is te klein of onderdrukt, en een verschil per cluster zou dat cijfer via "
                    "de andere clusters en de hele organisatie prijsgeven.")
    withheld = cbs[cbs["estimate"].isna()] if "estimate" in cbs else cbs.iloc[0:0]
    if len(withheld):
        units = sorted({str(g) for g in withheld["group"]})
        text.append("Geen CBS-cijfer voor: " + ", ".join(units) + " (te kleine groep of "
                    "onderdrukt); daar is geen verschil berekend.")
    lower = shown[shown["verdict"] == LOWER]["indicator"].unique().tolist()
    if lower:
        groups = " en ".join(lower)
        text.append(
            f"Een lager aandeel ({groups}) in de gewogen enquête betekent dat medewerkers van "
            "die herkomst minder vaak meededen dan anderen met dezelfde cluster, "
            "salarisschaal, leeftijd en gender: de weging op die kenmerken corrigeert dat "
            "niet, en cijfers die met herkomst samenhangen (zoals discriminatie) kunnen "
            "daardoor te laag of te hoog uitvallen. Een deel van het verschil kan ook komen "
            "doordat respondenten hun geboorteland en dat van hun ouders zelf opgeven, "
            "terwijl het CBS de basisregistratie gebruikt, en doordat wie die vragen "
            "overslaat hier niet meetelt.")
    elif parts:
        text.append("De respons naar herkomst wijkt daarmee niet significant af van de "
                    "samenstelling van het personeel volgens het CBS.")
    if margin and margin.get("used"):
        basis = ("per cluster" if margin.get("basis") == "cluster"
                 else "voor de hele organisatie")
        text.append("In deze meting is herkomst ook als wegingskenmerk gebruikt (totalen: "
                    f"CBS-aandelen {basis} maal het aantal medewerkers in de registratie): de "
                    "gewogen cijfers in de andere onderdelen hebben daardoor in totaal de "
                    "herkomstverdeling van het CBS. De vergelijking hierboven gebruikt de "
                    "weging zonder herkomst, anders zou het verschil per definitie nul zijn.")
    return "\n\n".join(text)


def _signed_points(value: float) -> str:
    """Format a signed difference in percentage points, one decimal, no negative zero.

    Examples
    --------
    >>> _signed_points(-0.061), _signed_points(0.0004)
    ('−6,1 procentpunt', '0,0 procentpunt')
    """
    return f"{_signed(value * 100)} procentpunt"
