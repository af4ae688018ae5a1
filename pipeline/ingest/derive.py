"""Derived variables: origin (CBS, both schemes), salary band, age, reverse coding, HR flows.

Origin follows CBS (*Begrippen: Herkomstland*): a person born abroad counts by their own birth
country; a person born in the Netherlands by the mother's birth country if she was born abroad,
else the father's. The old scheme (*migratieachtergrond*) differs: someone with two Dutch-born
parents is ``Nederlands`` wherever they were born, and Indonesia, Japan, North America and
Oceania are ``westers`` (Turkey ``niet-westers``). The country classes are in
:mod:`pipeline.ingest.countries`.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from pipeline.ingest.countries import country_table
from pipeline.ingest.distinct import map_distinct
from pipeline.ingest.variables import AGE_BANDS, PS_REVERSED

_BAND_EDGES = ((5, "1-5"), (8, "6-8"), (11.5, "9-11"), (14, "12-14"), (18, "15+"))


def herkomstland(self_: object, mother: object, father: object) -> object:
    """Return the CBS herkomstland (new scheme) of one person, or NA when unknown.

    Parameters
    ----------
    self_, mother, father : str or NA
        ISO alpha-2 birth countries.

    Returns
    -------
    str or NA

    Examples
    --------
    >>> herkomstland("NL", "MA", "NL"), herkomstland("DE", "NL", "NL")
    ('MA', 'DE')
    >>> herkomstland("NL", "NL", "TR")
    'TR'
    >>> herkomstland("NL", pd.NA, "SR")
    'SR'
    """
    if pd.isna(self_):
        return pd.NA
    if self_ != "NL":
        return self_
    if not pd.isna(mother) and mother != "NL":
        return mother
    if not pd.isna(father) and father != "NL":
        return father
    return "NL"


def herkomstland_oud(self_: object, mother: object, father: object) -> object:
    """Return the herkomstland of the old scheme (migratieachtergrond), or NA when unknown.

    Someone with two Dutch-born parents has no migration background (``NL``), also when born
    abroad; otherwise the own birth country if born abroad, else the mother's, else the father's.
    With a parent unknown and the other Dutch-born, the person counts by their own country.

    Parameters
    ----------
    self_, mother, father : str or NA
        ISO alpha-2 birth countries.

    Returns
    -------
    str or NA

    Examples
    --------
    >>> herkomstland_oud("DE", "NL", "NL"), herkomstland_oud("DE", "NL", "PL")
    ('NL', 'DE')
    """
    if pd.isna(self_):
        return pd.NA
    if not pd.isna(mother) and not pd.isna(father) and mother == "NL" and father == "NL":
        return "NL"
    return herkomstland(self_, mother, father)


def derive_origin(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``herkomst`` and ``migratieachtergrond`` from the three birth-country columns.

    Parameters
    ----------
    frame : pandas.DataFrame
        Has ``country_self``, ``country_mother``, ``country_father`` (ISO alpha-2). Not modified.

    Returns
    -------
    pandas.DataFrame
        Copy with the two string columns added (NA when the own birth country is missing).

    Examples
    --------
    >>> df = pd.DataFrame({"country_self": ["NL", "ID", "NL", "DE"],
    ...                    "country_mother": ["TR", "ID", "NL", "NL"],
    ...                    "country_father": ["NL", "NL", "US", "NL"]})
    >>> out = derive_origin(df)
    >>> out["herkomst"].tolist()
    ['Buiten-Europa', 'Buiten-Europa', 'Buiten-Europa', 'Europa']
    >>> out["migratieachtergrond"].tolist()
    ['niet-westers', 'westers', 'westers', 'Nederlands']
    """
    table = country_table()
    out = frame.copy()
    cols = ["country_self", "country_mother", "country_father"]
    if not set(cols) <= set(frame.columns):
        out["herkomst"] = pd.Series(pd.NA, index=out.index, dtype="string")
        out["migratieachtergrond"] = pd.Series(pd.NA, index=out.index, dtype="string")
        return out
    triples = list(zip(*(frame[c].tolist() for c in cols), strict=True))
    new = [herkomstland(*t) for t in triples]
    old = [herkomstland_oud(*t) for t in triples]
    herk = table["herkomst"].to_dict()
    migr = table["migratieachtergrond"].to_dict()
    out["herkomst"] = pd.Series(
        [pd.NA if pd.isna(c) else herk[c] for c in new], index=out.index, dtype="string"
    )
    out["migratieachtergrond"] = pd.Series(
        [pd.NA if pd.isna(c) else migr[c] for c in old], index=out.index, dtype="string"
    )
    return out


def schaal_rank(schaal: object) -> float:
    """Return the numeric rank of a salary scale (``10A`` lies between 10 and 11).

    Parameters
    ----------
    schaal : str
        ``"1"`` ... ``"18"``, ``"10A"``, ``"11A"``.

    Returns
    -------
    float
        NaN when missing or not a scale.

    Examples
    --------
    >>> schaal_rank("10A"), schaal_rank("12"), schaal_rank("z")
    (10.5, 12.0, nan)
    """
    if pd.isna(schaal):
        return float("nan")
    text = str(schaal).strip().upper()
    half = text.endswith("A")
    digits = text[:-1] if half else text
    if not digits.isdigit() or not 1 <= int(digits) <= 18:
        return float("nan")
    return int(digits) + (0.5 if half else 0.0)


def schaal_ranks(schaal: pd.Series) -> np.ndarray:
    """Return :func:`schaal_rank` of every scale in a column (float array, NaN if invalid).

    Parameters
    ----------
    schaal : pandas.Series
        Scales as text.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> schaal_ranks(pd.Series(["10A", "12", None, "12"])).tolist()
    [10.5, 12.0, nan, 12.0]
    """
    return map_distinct(schaal.astype("string"), schaal_rank).astype("float64")


def schaal_band(schaal: pd.Series) -> pd.Series:
    """Return the salary band (``1-5``, ``6-8``, ``9-11``, ``12-14``, ``15+``) of each scale.

    Parameters
    ----------
    schaal : pandas.Series
        Scales as text (``10A`` and ``11A`` fall in ``9-11``).

    Returns
    -------
    pandas.Series
        String dtype, NA where the scale is missing or invalid.

    Examples
    --------
    >>> schaal_band(pd.Series(["5", "6", "11A", "12", "15", None])).tolist()
    ['1-5', '6-8', '9-11', '12-14', '15+', <NA>]
    """
    def band(value: object) -> object:
        rank = schaal_rank(value)
        if rank != rank:  # NaN
            return pd.NA
        return next(label for edge, label in _BAND_EDGES if rank <= edge)

    return pd.Series(map_distinct(schaal.astype("string"), band), index=schaal.index,
                     dtype="string")


def age_at(birth_date: pd.Series, peildatum: pd.Series | pd.Timestamp) -> pd.Series:
    """Return age in completed years at the peildatum.

    Parameters
    ----------
    birth_date : pandas.Series
        Birth dates.
    peildatum : pandas.Series or pandas.Timestamp
        Reference date(s).

    Returns
    -------
    pandas.Series
        ``Int64``.

    Examples
    --------
    >>> b = pd.Series(pd.to_datetime(["2000-12-31", "2001-01-01"]))
    >>> age_at(b, pd.Timestamp("2024-12-31")).tolist()
    [24, 23]
    """
    birth = pd.to_datetime(birth_date)
    ref = pd.to_datetime(peildatum)
    if isinstance(ref, pd.Series):
        ref_year, ref_month, ref_day = ref.dt.year, ref.dt.month, ref.dt.day
    else:
        ref_year, ref_month, ref_day = ref.year, ref.month, ref.day
    later_month = birth.dt.month > ref_month
    before = later_month | ((birth.dt.month == ref_month) & (birth.dt.day > ref_day))
    age = ref_year - birth.dt.year - before.astype("int64")
    return age.where(birth.notna()).astype("Int64")


def age_band(age: pd.Series) -> pd.Series:
    """Return the age band (``<25``, ``25-34``, ``35-44``, ``45-54``, ``55+``).

    Parameters
    ----------
    age : pandas.Series
        Age in years.

    Returns
    -------
    pandas.Series
        String dtype.

    Examples
    --------
    >>> age_band(pd.Series([24, 25, 34, 35, 54, 55, None], dtype="Int64")).tolist()
    ['<25', '25-34', '25-34', '35-44', '45-54', '55+', <NA>]
    """
    cut = pd.cut(age.astype("Float64").astype("float64"), [-1, 24, 34, 44, 54, 200],
                 labels=list(AGE_BANDS))
    return pd.Series(cut.astype(object), index=age.index).astype("string")


def reverse_code_ps(frame: pd.DataFrame, items: tuple[str, ...] = PS_REVERSED) -> pd.DataFrame:
    """Reverse-code the psychological-safety items that are worded negatively (8 - x).

    Parameters
    ----------
    frame : pandas.DataFrame
        Has some of ``ps1`` ... ``ps7`` (1-7). Not modified.
    items : tuple of str
        Items to reverse (Edmondson: 1, 3 and 5).

    Returns
    -------
    pandas.DataFrame
        Copy with the items reversed; absent items are skipped.

    Examples
    --------
    >>> df = pd.DataFrame({"ps1": pd.array([1, 7, None], dtype="Int64"), "ps2": [2, 2, 2]})
    >>> reverse_code_ps(df)["ps1"].tolist(), reverse_code_ps(df)["ps2"].tolist()
    ([7, 1, <NA>], [2, 2, 2])
    """
    out = frame.copy()
    for item in items:
        if item in out.columns:
            out[item] = 8 - out[item]
    return out


def derive_hr(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``schaal_band``, ``age`` and ``age_band`` (at each row's peildatum) to HR rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical HR rows with ``schaal``, ``birth_date``, ``peildatum``. Not modified.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> hr = pd.DataFrame({"schaal": ["10A"], "birth_date": [pd.Timestamp("1990-06-01")],
    ...                    "peildatum": [pd.Timestamp("2024-12-31")]})
    >>> out = derive_hr(hr)
    >>> out["schaal_band"].tolist(), out["age"].tolist(), out["age_band"].tolist()
    (['9-11'], [34], ['25-34'])
    """
    out = frame.copy()
    out["schaal_band"] = schaal_band(out["schaal"])
    out["age"] = age_at(out["birth_date"], out["peildatum"])
    out["age_band"] = age_band(out["age"])
    return out


def _main_contract(snapshot: pd.DataFrame) -> pd.DataFrame:
    ranked = snapshot.assign(_rank=schaal_ranks(snapshot["schaal"]))
    ranked = ranked.sort_values(["employee_id", "fte", "_rank"], ascending=[True, False, False],
                                kind="stable")
    return ranked.drop_duplicates("employee_id").set_index("employee_id")


def empty_flows(extra: list[str] | tuple[str, ...] = ("gender",)) -> pd.DataFrame:
    """Return a flows table without rows, with the columns and dtypes of :func:`hr_flows`.

    Written when the register has a single peildatum (no pair of snapshots to compare), so
    that readers of ``hr_flows.parquet`` get the same columns as usual.

    Parameters
    ----------
    extra : sequence of str
        Optional carried-over columns (``gender``) that the HR rows have.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> flows = empty_flows()
    >>> len(flows), str(flows["peildatum_to"].dtype), str(flows["schaal_band_to"].dtype)
    (0, 'datetime64[ns]', 'string')
    """
    columns: dict[str, pd.Series] = {
        "employee_id": pd.Series(dtype="string"),
        "peildatum_from": pd.Series(dtype="datetime64[ns]"),
        "peildatum_to": pd.Series(dtype="datetime64[ns]"),
        "flow": pd.Series(dtype=object).astype("str"),
        "direction": pd.Series(dtype=object).astype("str"),
    }
    for s in ("from", "to"):
        for c in ("cluster", "directie", "schaal"):
            columns[f"{c}_{s}"] = pd.Series(dtype="string")
    for c in extra:
        columns[c] = pd.Series(dtype="string")
    for s in ("from", "to"):
        columns[f"schaal_band_{s}"] = pd.Series(dtype="string")
    return pd.DataFrame(columns)


def hr_flows(hr: pd.DataFrame) -> pd.DataFrame:
    """Derive instroom, doorstroom and uitstroom between consecutive HR snapshots.

    Per employee the main contract (largest FTE, then highest scale) is compared. Between
    peildatum *t-1* and *t*: ``instroom`` (in *t*, not in *t-1*), ``uitstroom`` (in *t-1*, not
    in *t*), ``doorstroom`` (in both, other scale or other directie/cluster) with direction
    ``omhoog``/``omlaag`` (scale rank up/down) or ``zijwaarts`` (same scale, other unit), and
    ``blijf`` otherwise.

    Parameters
    ----------
    hr : pandas.DataFrame
        Canonical HR rows of several peildata (``employee_id``, ``peildatum``, ``cluster``,
        ``directie``, ``schaal``, ``fte``; optional ``gender``, ``age_band``). Not modified.

    Returns
    -------
    pandas.DataFrame
        One row per employee per pair of consecutive peildata: ``employee_id``,
        ``peildatum_from``, ``peildatum_to``, ``flow``, ``direction``, and ``cluster``,
        ``directie``, ``schaal``, ``schaal_band`` with suffixes ``_from``/``_to``, plus
        ``gender``.

    Examples
    --------
    >>> hr = pd.DataFrame({"employee_id": ["a", "b", "c", "a", "c", "d"],
    ...     "peildatum": pd.to_datetime(["2023-12-31"] * 3 + ["2024-12-31"] * 3),
    ...     "cluster": "S", "directie": ["X", "X", "X", "X", "Y", "X"],
    ...     "schaal": ["8", "9", "10", "10A", "10", "11"], "fte": 1.0})
    >>> flows = hr_flows(hr)
    >>> flows["flow"].tolist()
    ['doorstroom', 'uitstroom', 'doorstroom', 'instroom']
    >>> flows["direction"].fillna("-").tolist()
    ['omhoog', '-', 'zijwaarts', '-']
    """
    dates = sorted(pd.to_datetime(hr["peildatum"]).unique())
    keep = ["cluster", "directie", "schaal"]
    extra = [c for c in ("gender",) if c in hr.columns]
    rows: list[pd.DataFrame] = []
    for before, after in itertools.pairwise(dates):
        a = _main_contract(hr[pd.to_datetime(hr["peildatum"]) == before])[keep + extra]
        b = _main_contract(hr[pd.to_datetime(hr["peildatum"]) == after])[keep + extra]
        merged = a.add_suffix("_from").join(b.add_suffix("_to"), how="outer")
        in_a = merged.index.isin(a.index)
        in_b = merged.index.isin(b.index)
        rank_a = pd.Series(schaal_ranks(merged["schaal_from"]), index=merged.index)
        rank_b = pd.Series(schaal_ranks(merged["schaal_to"]), index=merged.index)
        unit_changed = (merged["directie_from"] != merged["directie_to"]) | (
            merged["cluster_from"] != merged["cluster_to"]
        )
        flow = pd.Series("blijf", index=merged.index, dtype=object)
        direction = pd.Series(float("nan"), index=merged.index, dtype=object)
        both = in_a & in_b
        flow[~in_a] = "instroom"
        flow[~in_b] = "uitstroom"
        up, down = both & (rank_b > rank_a), both & (rank_b < rank_a)
        side = both & (rank_b == rank_a) & unit_changed.fillna(False).astype(bool)
        flow[up | down | side] = "doorstroom"
        direction[up] = "omhoog"
        direction[down] = "omlaag"
        direction[side] = "zijwaarts"
        part = merged.assign(flow=flow, direction=direction,
                             peildatum_from=before, peildatum_to=after)
        for c in extra:
            part[c] = part[f"{c}_to"].combine_first(part[f"{c}_from"])
            part = part.drop(columns=[f"{c}_from", f"{c}_to"])
        rows.append(part.reset_index(names="employee_id"))
    columns = ["employee_id", "peildatum_from", "peildatum_to", "flow", "direction"] + [
        f"{c}_{s}" for s in ("from", "to") for c in keep] + extra
    if not rows:
        return empty_flows(extra)
    flows = pd.concat(rows, ignore_index=True)[columns]
    for s in ("from", "to"):
        flows[f"schaal_band_{s}"] = schaal_band(flows[f"schaal_{s}"])
    return flows
