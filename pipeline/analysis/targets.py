"""Every council target with its value, the target and a verdict (the ``doelen`` table).

The council's representation targets (``representation:`` in ``params.yaml``, read by
:class:`~pipeline.analysis.representation.Targets`):

- 30% Buiten-Europese herkomst from schaal 12, organisation-wide;
- per cluster, that share 25% higher (relative) in the target year than in the base year;
- 20% of staff younger than 35.

A value is judged at the precision it is shown: one decimal of a percent. 19.94% under 35 is
shown as 19,9% and is "niet gehaald" against 20%; it is never shown as "20%". A target whose
year has no figure (a later year than the report's, a cluster too small for CBS) gets "geen
gegevens".

The table's schema is fixed (the summary page reads it): :data:`COLUMNS`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pipeline.analysis import representation as rep

COLUMNS = ("doel", "eenheid", "jaar", "waarde", "streefwaarde", "oordeel")
"""Columns of :func:`target_verdicts` and of the published ``doelen`` table, in this order."""
VERDICTS = ("gehaald", "niet gehaald", "geen gegevens")
ORGANISATION = "organisatie"
DECIMALS = 3
"""Fractions are judged rounded to this many decimals: one decimal of a percent, as shown."""
SOURCE_COLUMNS = ("wave", "indicator", "breakdown", "group", "n", "n_pos", "target_wave",
                  "target_n", "target_n_pos")
"""Columns :func:`target_sources` adds: the identity of the published figure each row judges
(and, for a target computed from a figure, the cluster's base year: ``target_wave`` with its n
and numerator; NaN for a fixed target)."""


def shown(value: float) -> float:
    """Return a fraction at the precision the reports show it (one decimal of a percent).

    Examples
    --------
    >>> shown(0.1994), shown(0.20745), math.isnan(shown(float("nan")))
    (0.199, 0.207, True)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    return round(float(value) + 0.0, DECIMALS)


def verdict(value: float, target: float) -> str:
    """Judge a value against a target at the shown precision.

    Examples
    --------
    >>> verdict(0.1994, 0.20), verdict(0.2074, 0.20), verdict(float("nan"), 0.20)
    ('niet gehaald', 'gehaald', 'geen gegevens')
    >>> verdict(0.3, float("nan"))
    'geen gegevens'
    """
    value, target = shown(value), shown(target)
    if math.isnan(value) or math.isnan(target):
        return "geen gegevens"
    return "gehaald" if value >= target else "niet gehaald"


def labels(targets: rep.Targets) -> dict[str, str]:
    """Dutch labels of the three targets (the ``doel`` column).

    Examples
    --------
    >>> labels(rep.Targets())["12plus"]
    'Buiten-Europese herkomst vanaf schaal 12'
    >>> labels(rep.Targets())["clusters"]
    'Groei Buiten-Europese herkomst vanaf schaal 12 per cluster (+25% tussen 2024 en 2026)'
    """
    from pipeline.report.formats import pct

    return {
        "12plus": "Buiten-Europese herkomst vanaf schaal 12",
        "clusters": (f"Groei Buiten-Europese herkomst vanaf schaal 12 per cluster "
                     f"(+{pct(targets.cluster_growth)} tussen {targets.base_year} en "
                     f"{targets.target_year})"),
        "under_35": "Medewerkers jonger dan 35",
    }


def _share(barometer: pd.DataFrame, unit: str, year: int) -> tuple[float, float]:
    """Buiten-Europa share from schaal 12 of a unit in a year, and its staff (NaN if none)."""
    rows = barometer[(barometer["unit"] == unit) & (barometer["herkomst"] == rep.BE)
                     & (barometer["scheme"] == "nieuw") & (barometer["schaal_band"] == "12+")
                     & (barometer["year"] == year)]
    if rows.empty:
        return math.nan, math.nan
    share = rows["share"].iloc[0]
    n = rows["n_staff"].iloc[0]
    return (math.nan if pd.isna(share) else float(share),
            math.nan if pd.isna(n) else float(n))


def target_verdicts(barometer: pd.DataFrame, hr: pd.DataFrame, year: int,
                    targets: rep.Targets = rep.DEFAULT_TARGETS) -> pd.DataFrame:
    """Judge every council target for the report of ``year``: one row per target.

    Parameters
    ----------
    barometer : pandas.DataFrame
        Canonical CBS barometer rows (may be empty: the CBS targets get "geen gegevens").
    hr : pandas.DataFrame
        The HR register (``peildatum``, ``employee_id``, ``age_band``).
    year : int
        The report's year: figures of later years are not used.
    targets : Targets
        The council's targets.

    Returns
    -------
    pandas.DataFrame
        Columns exactly :data:`COLUMNS`: ``doel`` (Dutch label), ``eenheid`` (``organisatie``
        or a cluster), ``jaar`` (int, the year judged), ``waarde`` (fraction, NaN without a
        figure), ``streefwaarde`` (fraction), ``oordeel`` (one of :data:`VERDICTS`). Rows: the
        30% target (latest CBS year up to ``year``), one per cluster for the growth target
        (judged in the target year: "geen gegevens" before it), the under-35 target (latest
        register year up to ``year``).

    Examples
    --------
    >>> b = pd.DataFrame({"year": [2024, 2024, 2026], "unit": ["organisatie", "Sociaal",
    ...     "Sociaal"], "schaal_band": "12+", "scheme": "nieuw", "herkomst": rep.BE,
    ...     "share": [0.22, 0.20, 0.26], "n_staff": [3500, 900, 950]})
    >>> hr = pd.DataFrame({"peildatum": pd.to_datetime(["2024-12-31"] * 2),
    ...                    "employee_id": ["a", "b"], "age_band": ["25-34", "45-54"]})
    >>> v = target_verdicts(b, hr, 2024)
    >>> v[["eenheid", "jaar", "oordeel"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['organisatie', 2024, 'niet gehaald'], ['Sociaal', 2026, 'geen gegevens'],
     ['organisatie', 2024, 'gehaald']]
    >>> target_verdicts(b, hr, 2026)["oordeel"].tolist()[1]
    'gehaald'
    """
    return target_sources(barometer, hr, year, targets)[list(COLUMNS)]


def target_sources(barometer: pd.DataFrame, hr: pd.DataFrame, year: int,
                   targets: rep.Targets = rep.DEFAULT_TARGETS) -> pd.DataFrame:
    """:func:`target_verdicts` with the identity of the figure each row judges.

    The extra columns (:data:`SOURCE_COLUMNS`: the figure's year, indicator, breakdown and
    group as in the section's other tables, its n and numerator) let the disclosure gate show
    a value only where that figure is shown (:meth:`ReportGate.publish_targets`).
    """
    label = labels(targets)
    cbs_years = [int(y) for y in rep.years_up_to(barometer, year)] if not barometer.empty else []
    rows = []
    latest = max(cbs_years, default=int(year))
    share, n = _share(barometer, ORGANISATION, latest) if cbs_years else (math.nan, math.nan)
    rows.append({"doel": label["12plus"], "eenheid": ORGANISATION, "jaar": latest,
                 "waarde": share, "streefwaarde": float(targets.share_12plus),
                 "wave": latest, "indicator": f"aandeel {rep.BE}", "breakdown": "schaal_band",
                 "group": "12+", "n": n})
    clusters = sorted(set(barometer.loc[barometer["unit"] != ORGANISATION, "unit"]))
    for cluster in clusters:
        base, n_base = _share(barometer, cluster, targets.base_year)
        judged = targets.target_year in cbs_years
        now, n_now = (_share(barometer, cluster, targets.target_year) if judged
                      else (math.nan, math.nan))
        required = shown(base) * (1 + targets.cluster_growth)
        rows.append({"doel": label["clusters"], "eenheid": cluster,
                     "jaar": int(targets.target_year), "waarde": now,
                     "streefwaarde": shown(required),
                     "wave": int(targets.target_year), "indicator": f"aandeel {rep.BE}",
                     "breakdown": "cluster", "group": cluster, "n": n_now,
                     "target_wave": float(targets.base_year), "target_n": n_base,
                     "target_n_pos": round(base * n_base) if base == base else math.nan})
    young = rep.under_35(hr, last_year=year)
    if young.empty:
        value, n, when = math.nan, math.nan, int(year)
    else:
        last = young.iloc[-1]
        value, n, when = float(last["estimate"]), float(last["n"]), int(last["wave"])
    rows.append({"doel": label["under_35"], "eenheid": ORGANISATION, "jaar": when,
                 "waarde": value, "streefwaarde": float(targets.under_35),
                 "wave": when, "indicator": "aandeel jonger dan 35", "breakdown": "totaal",
                 "group": "totaal", "n": n})
    out = pd.DataFrame(rows)
    out["waarde"] = out["waarde"].astype(float)
    out["streefwaarde"] = out["streefwaarde"].astype(float)
    out["jaar"] = out["jaar"].astype(int)
    out["oordeel"] = [verdict(v, t) for v, t in zip(out["waarde"], out["streefwaarde"],
                                                     strict=True)]
    out["n_pos"] = (out["waarde"] * out["n"]).round()
    for column in ("target_wave", "target_n", "target_n_pos"):
        out[column] = out[column].astype(float) if column in out else math.nan
    out["n"] = out["n"].astype(float)
    return out[[*COLUMNS, *SOURCE_COLUMNS]].reset_index(drop=True)


def verdict_sentence(verdicts: pd.DataFrame) -> str:
    """Dutch summary of the verdicts: how many targets are met, missed or without data.

    Examples
    --------
    >>> v = pd.DataFrame({"oordeel": ["gehaald", "niet gehaald", "geen gegevens"]})
    >>> verdict_sentence(v)
    'Van de 3 doelen is 1 gehaald, 1 niet gehaald en 1 zonder gegevens.'
    """
    counts = {v: int((verdicts["oordeel"] == v).sum()) for v in VERDICTS}
    total = len(verdicts)
    return (f"Van de {total} doelen is {counts['gehaald']} gehaald, {counts['niet gehaald']} "
            f"niet gehaald en {counts['geen gegevens']} zonder gegevens.")


def _organisation_row(verdicts: pd.DataFrame, key: str,
                      targets: rep.Targets) -> pd.Series | None:
    rows = verdicts[(verdicts["doel"] == labels(targets)[key])
                    & (verdicts["eenheid"] == ORGANISATION)]
    if rows.empty or rows["oordeel"].iloc[0] == "geen gegevens":
        return None
    return rows.iloc[0]


def twelve_sentence(verdicts: pd.DataFrame,
                    targets: rep.Targets = rep.DEFAULT_TARGETS) -> str | None:
    """Dutch sentence on the 30% target from schaal 12, from the published ``doelen`` row.

    Examples
    --------
    >>> v = pd.DataFrame({"doel": [labels(rep.Targets())["12plus"]], "eenheid": "organisatie",
    ...                   "jaar": [2026], "waarde": [0.224], "streefwaarde": [0.3],
    ...                   "oordeel": ["niet gehaald"]})
    >>> print(twelve_sentence(v))  # doctest: +NORMALIZE_WHITESPACE
    In 2026 had 22,4% van de medewerkers vanaf schaal 12 een Buiten-Europese herkomst;
    het doel is 30%: nog 7,6 procentpunt te gaan.
    """
    row = _organisation_row(verdicts, "12plus", targets)
    if row is None:
        return None
    return rep.target_sentence(float(row["waarde"]), int(row["jaar"]), targets.share_12plus)


def young_sentence(verdicts: pd.DataFrame,
                   targets: rep.Targets = rep.DEFAULT_TARGETS) -> str | None:
    """Dutch sentence on the under-35 target, from the published ``doelen`` row.

    Examples
    --------
    >>> v = pd.DataFrame({"doel": [labels(rep.Targets())["under_35"]], "eenheid": "organisatie",
    ...                   "jaar": [2026], "waarde": [0.1972], "streefwaarde": [0.2],
    ...                   "oordeel": ["niet gehaald"]})
    >>> print(young_sentence(v))
    Op 31 december 2026 was 19,7% van de medewerkers jonger dan 35; het doel is 20,0%: niet gehaald.
    """
    row = _organisation_row(verdicts, "under_35", targets)
    if row is None:
        return None
    return (f"Op 31 december {int(row['jaar'])} was {display_percent(row['waarde'])} van de "
            f"medewerkers jonger dan 35; het doel is {display_percent(row['streefwaarde'])}: "
            f"{row['oordeel']}.")


def cluster_sentence(verdicts: pd.DataFrame, year: int,
                     targets: rep.Targets = rep.DEFAULT_TARGETS) -> str:
    """Dutch summary of the cluster growth targets, from the published ``doelen`` rows.

    Written from the gated table, so a cluster whose share the page does not show gets no
    verdict here either (a "niet gehaald" would say that its hidden share lies below a shown
    target).

    Examples
    --------
    >>> groei = labels(rep.Targets())["clusters"]
    >>> v = pd.DataFrame({"doel": ["Buiten-Europese herkomst vanaf schaal 12", groei, groei],
    ...     "eenheid": ["organisatie", "A", "B"],
    ...     "oordeel": ["niet gehaald", "gehaald", "geen gegevens"]})
    >>> print(cluster_sentence(v, 2026))  # doctest: +NORMALIZE_WHITESPACE
    In 2026 haalde 1 van de 2 clusters het groeidoel (A); niet gehaald: geen;
    geen oordeel (geen getoond cijfer): B.
    """
    label = labels(targets)["clusters"]
    rows = verdicts[verdicts["doel"] == label]
    met = rows["oordeel"].map({"gehaald": True, "niet gehaald": False})
    growth = pd.DataFrame({"cluster": rows["eenheid"].to_numpy(),
                           "met": pd.array(met.to_numpy(), dtype="boolean")})
    return rep.growth_sentence(growth, year, targets)


def display_percent(value: float) -> str:
    """Dutch percentage with one decimal, as the verdicts judge it ('' without a value).

    Examples
    --------
    >>> display_percent(0.1994), display_percent(0.3), display_percent(float("nan"))
    ('19,9%', '30,0%', '')
    """
    if value is None or np.isnan(value):
        return ""
    return f"{shown(value) * 100:.1f}%".replace(".", ",")
