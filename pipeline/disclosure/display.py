"""Build the display (Dutch text) and data (numbers for figures) frames of published tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.disclosure.counts import CountPlan
from pipeline.disclosure.estimates import TOTAL, EstimatePlan, is_total
from pipeline.disclosure.published import MARK
from pipeline.disclosure.rounding import format_count, format_number, format_percent, round_count
from pipeline.disclosure.rules import DisclosureRules

HIDDEN = ("primary", "secondary")
"""Statuses that hide a whole row or cell (estimate and n)."""
VALUE_HIDDEN = ("group", "numerator", "share")
"""Statuses that hide the estimate and interval of a row and keep its n."""
KEY_LABELS = {
    "wave": "Jaar",
    "indicator": "Indicator",
    "breakdown": "Uitsplitsing",
    "group": "Groep",
}
"""Dutch headers of the key columns."""
SCENARIO = "scenario"
"""``ci_method`` of projected rows (:mod:`pipeline.analysis.projection`)."""
SCENARIO_HEADER = "Scenariobandbreedte"
"""Header of a projection's band: a scenario range, never a 95% interval."""
REFERENCE = "referentie"
"""Shown for a reference group of an odds-ratio table instead of 1,0 and a blank interval."""


MEASURE_FORMATS = {"index": ("Waarde", 3), "marge": ("Marge (± procentpunten)", 1)}
"""``measure`` of rows that are neither shares nor means, with the column label and decimals
they are shown with: indices (R-indicators) and margins of intervals in percentage points
(the precision planner)."""


def _value(value: float, proportion: bool, rules: DisclosureRules) -> str:
    if np.isnan(value):
        return ""
    if proportion:
        return format_percent(value, rules.round_percent)
    return format_number(value, rules.round_mean)


TREND_COLUMNS = ("diff", "diff_ci_low", "diff_ci_high", "p", "p_adj", "p_adj_method",
                 "family", "wave_b", "verdict")
"""Columns of a between-wave table's current-wave rows (see :func:`trend_frames`)."""


def _signed(value: float, decimals: int) -> str:
    """Dutch signed number with a true minus sign and no negative zero.

    Examples
    --------
    >>> _signed(-0.04, 1), _signed(-2.55, 1), _signed(1.2, 1)
    ('0,0', '−2,6', '+1,2')
    """
    text = format_number(value, decimals)
    if text.strip("0,.") == "":
        return text
    return ("+" + text) if value > 0 else "−" + text.lstrip("-")


def trend_frames(
    plan: EstimatePlan, rules: DisclosureRules, source: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the display and data frames of a between-wave table (one row per item).

    The planned frame holds the rows of both waves (each keyed by its own wave, so it hides
    what each wave's tables hide); the current wave's rows carry the comparison
    (:data:`TREND_COLUMNS`: difference, its interval, adjusted p and the Dutch ``verdict``).
    The display has one row per item: its value in each wave, the difference and its
    interval (in percentage points for shares, points for means, one decimal more than the
    estimates) and the verdict. A difference is shown only when both values are: it would
    otherwise give the hidden one back.

    Examples
    --------
    >>> from pipeline.disclosure.estimates import plan_estimates
    >>> t = pd.DataFrame({"wave": [2024, 2026], "indicator": "ub", "breakdown": "totaal",
    ...     "group": "totaal", "estimate": [.561, .535], "ci_low": [.55, .52],
    ...     "ci_high": [.57, .55], "n": [6370, 5829], "n_pos": [3574, 3119],
    ...     "diff": [None, -.0255], "diff_ci_low": [None, -.041], "diff_ci_high": [None, -.010],
    ...     "p": [None, .0009], "p_adj": [None, .0029], "p_adj_method": [None, "holm"],
    ...     "family": [None, "confirmatory"], "wave_b": [None, 2024],
    ...     "verdict": [None, "significante daling"]})
    >>> rules = DisclosureRules()
    >>> display, data = trend_frames(plan_estimates(t, rules), rules, "survey")
    >>> display.to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'Groep': 'Totaal', '2024': '56%', '2026': '54%', 'Verschil (procentpunt)': '−2,6',
      '95%-interval verschil': '−4,1 tot −1,0', 'Toets': 'significante daling'}]
    >>> data["diff"].tolist()
    [nan, -0.0255]
    """
    frame = plan.frame
    status = np.array(plan.status, dtype=object)
    keep = ~np.isin(status, ["withheld", "dropped"])
    proportion = frame["n_pos"].notna().to_numpy()
    current = frame["diff_ci_low"].notna().to_numpy() | frame["verdict"].notna().to_numpy()
    waves = sorted({int(w) for w in frame["wave"]})
    key_cols = ["indicator", "breakdown", "group"]
    keys = list(dict.fromkeys(map(tuple, frame.loc[keep & current, key_cols].astype(str)
                                  .to_numpy().tolist())))
    index = {(int(r.wave), r.indicator, r.breakdown, r.group): i
             for i, r in enumerate(frame[["wave", *key_cols]].astype(
                 {"indicator": str, "breakdown": str, "group": str}).itertuples(index=False))}
    shown_keys = pd.DataFrame(keys, columns=key_cols)
    whole = is_total(shown_keys["breakdown"]) if len(shown_keys) else pd.Series(dtype=bool)
    parts = shown_keys[~whole] if (~whole).any() else shown_keys
    key_show = ["indicator"] if len(set(shown_keys["indicator"])) > 1 else []
    key_show += ["breakdown"] if len(set(parts["breakdown"])) > 1 else []
    if not key_show or not is_total(shown_keys["group"]).all():
        key_show += ["group"]
    display = {KEY_LABELS[c]: [] for c in key_show}
    means = not proportion[keep & current].any() if (keep & current).any() else False
    unit = "punt" if means else "procentpunt"
    digits = rules.round_mean + 1 if means else rules.round_percent + 1
    scale = 1.0 if means else 100.0
    columns: dict[str, list[str]] = {str(w): [] for w in waves}
    columns |= {f"Verschil ({unit})": [], "95%-interval verschil": [], "Toets": []}
    data_rows = []
    for key in keys:
        for c, v in zip(key_show, [key[key_cols.index(c)] for c in key_show], strict=True):
            display[KEY_LABELS[c]].append("Totaal" if v == TOTAL else v)
        visible = True
        for w in waves:
            i = index.get((w, *key))
            if i is None or status[i] != "shown":
                columns[str(w)].append(MARK if i is not None else "")
                visible = False
                continue
            columns[str(w)].append(_value(float(frame["estimate"].iloc[i]), bool(proportion[i]),
                                          rules))
        now = index[(max(w for w in waves if (w, *key) in index), *key)]
        row = frame.iloc[now]
        if visible:
            low, high = row["diff_ci_low"] * scale, row["diff_ci_high"] * scale
            columns[f"Verschil ({unit})"].append(_signed(row["diff"] * scale, digits))
            columns["95%-interval verschil"].append(
                f"{_signed(low, digits)} tot {_signed(high, digits)}".replace("+", ""))
            columns["Toets"].append(str(row["verdict"]))
        else:
            for c in (f"Verschil ({unit})", "95%-interval verschil", "Toets"):
                columns[c].append(MARK)
        data_rows.append((now, visible))
    out = pd.DataFrame({**display, **columns})
    base_display, data = estimate_frames(plan, rules, source, trend=False)
    del base_display
    extra = {c: [] for c in TREND_COLUMNS}
    shown_rows = np.flatnonzero(keep)
    hide = {i for i, visible in data_rows if not visible}
    for i in shown_rows:
        for c in TREND_COLUMNS:
            value = frame[c].iloc[i] if current[i] and i not in hide else None
            if c in ("diff", "diff_ci_low", "diff_ci_high", "p", "p_adj", "wave_b"):
                extra[c].append(np.nan if value is None or pd.isna(value) else float(value))
            else:
                extra[c].append(None if value is None or pd.isna(value) else str(value))
    for c in TREND_COLUMNS:
        data[c] = extra[c]
    return out, data


CONTRAST_COLUMNS = ("diff", "diff_ci_low", "diff_ci_high", "p", "p_adj", "p_adj_method",
                    "family", "verdict")
"""Columns of a unit-against-the-rest table's unit rows (see :func:`contrast_frames`)."""


def contrast_frames(
    plan: EstimatePlan, rules: DisclosureRules, source: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the display and data frames of a group-against-the-rest table.

    The rows are an ordinary estimate table (the organisation's total and its units); the
    unit rows also carry the comparison with the rest of the organisation
    (:data:`CONTRAST_COLUMNS`, column ``comparison`` = ``group_vs_rest``). The difference, its
    interval and the Dutch verdict are shown only where the unit's own value is shown: a
    difference with a published total would otherwise give a hidden value back. Differences
    have one decimal more than the estimates (percentage points for shares, points for means).

    Examples
    --------
    >>> from pipeline.disclosure.estimates import plan_estimates
    >>> t = pd.DataFrame({"wave": 2024, "indicator": "ub", "breakdown": ["totaal", "c", "c"],
    ...     "group": ["totaal", "a", "b"], "estimate": [.5, .6, .45], "ci_low": [.48, .55, .42],
    ...     "ci_high": [.52, .65, .48], "n": [600, 200, 400], "n_pos": [300, 120, 180],
    ...     "comparison": [None, "group_vs_rest", "group_vs_rest"], "diff": [None, .15, -.15],
    ...     "diff_ci_low": [None, .08, -.22], "diff_ci_high": [None, .22, -.08],
    ...     "p": [None, .0001, .0001], "p_adj": [None, .0002, .0002],
    ...     "p_adj_method": [None, "fdr_bh", "fdr_bh"], "family": [None, "f", "f"],
    ...     "verdict": [None, "hoger dan de rest", "lager dan de rest"]})
    >>> rules = DisclosureRules()
    >>> display, data = contrast_frames(plan_estimates(t, rules), rules, "survey")
    >>> display["Verschil met de rest (procentpunt)"].tolist()
    ['', '+15,0', '−15,0']
    """
    display, data = estimate_frames(plan, rules, source, trend=False)
    frame = plan.frame
    status = np.array(plan.status, dtype=object)
    keep = ~np.isin(status, ["withheld", "dropped"])
    rows = frame[keep]
    proportion = rows["n_pos"].notna().to_numpy()
    compared = rows["comparison"].notna().to_numpy()
    means = not proportion[compared].any() if compared.any() else False
    unit = "punt" if means else "procentpunt"
    digits = rules.round_mean + 1 if means else rules.round_percent + 1
    scale = 1.0 if means else 100.0
    diffs, intervals, verdicts = [], [], []
    extra: dict[str, list] = {c: [] for c in CONTRAST_COLUMNS}
    for i, state in enumerate(status[keep]):
        row = rows.iloc[i]
        visible = bool(compared[i]) and state == "shown" and not pd.isna(row["diff"])
        if visible:
            low, high = row["diff_ci_low"] * scale, row["diff_ci_high"] * scale
            diffs.append(_signed(row["diff"] * scale, digits))
            intervals.append(f"{_signed(low, digits)} tot {_signed(high, digits)}"
                             .replace("+", ""))
            verdicts.append(str(row["verdict"]))
        else:
            mark = MARK if compared[i] else ""
            diffs.append(mark)
            intervals.append(mark)
            verdicts.append(mark)
        for c in CONTRAST_COLUMNS:
            value = row[c] if visible else None
            if c in ("p_adj_method", "family", "verdict"):
                extra[c].append(None if value is None or pd.isna(value) else str(value))
            else:
                extra[c].append(np.nan if value is None or pd.isna(value) else float(value))
    display[f"Verschil met de rest ({unit})"] = diffs
    display["95%-interval verschil"] = intervals
    display["Toets (gecorrigeerd)"] = verdicts
    for c in CONTRAST_COLUMNS:
        data[c] = extra[c]
    return display, data


def estimate_frames(
    plan: EstimatePlan, rules: DisclosureRules, source: str, trend: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the display and data frames of a planned estimate table.

    Only key columns that vary are shown; suppressed entries show the mark. A between-wave
    table (one with a ``diff`` column) is shown one row per item (:func:`trend_frames`).

    Examples
    --------
    >>> from pipeline.disclosure.estimates import plan_estimates
    >>> t = pd.DataFrame({"wave": 2024, "indicator": "ub_any", "breakdown": "totaal",
    ...     "group": "totaal", "estimate": [.5512], "ci_low": .53, "ci_high": .57,
    ...     "n": [6912], "n_pos": [3810]})
    >>> rules = DisclosureRules()
    >>> display, data = estimate_frames(plan_estimates(t, rules), rules, "survey")
    >>> display.to_dict("records")
    [{'Groep': 'Totaal', 'Percentage': '55%', '95%-interval': '53%–57%', 'n': '6.910'}]
    """
    if trend and "comparison" in plan.frame.columns:
        return contrast_frames(plan, rules, source)
    if trend and "diff" in plan.frame.columns:
        return trend_frames(plan, rules, source)
    frame = plan.frame
    status = np.array(plan.status, dtype=object)
    keep = ~np.isin(status, ["withheld", "dropped"])
    shown = frame[keep]
    shown_status = status[keep]
    proportion = frame["n_pos"].notna().to_numpy()[keep]
    measures = set(frame["measure"].dropna()) if "measure" in frame else set()
    odds = measures == {"odds_ratio"}
    number = MEASURE_FORMATS.get(next(iter(measures))) if len(measures) == 1 else None
    # what the figures are follows the rows that have one: a row the source itself withheld
    # (CBS below its threshold) has no numerator and is no mean for that
    valued = shown["estimate"].notna().to_numpy()
    kinds = proportion[valued] if valued.any() else proportion
    if odds:
        value_label = "Odds ratio"
    elif number is not None:
        value_label = number[0]
    elif kinds.all():
        value_label = "Percentage"
    elif not kinds.any():
        value_label = "Gemiddelde"
    else:
        value_label = "Uitkomst"
    # a table of one breakdown with its total row needs no "Uitsplitsing" column
    whole = is_total(shown["breakdown"])
    parts = shown[~whole] if (~whole).any() else shown
    keys = [c for c in ("wave", "indicator") if len(shown[c].unique()) > 1]
    keys += ["breakdown"] if len(parts["breakdown"].unique()) > 1 else []
    keys += ["group"]
    display = pd.DataFrame({KEY_LABELS[c]: shown[c].astype(str).to_numpy() for c in keys})
    if "Groep" in display:
        display["Groep"] = display["Groep"].where(display["Groep"] != TOTAL, "Totaal")
    if "Uitsplitsing" in display:
        display["Uitsplitsing"] = display["Uitsplitsing"].where(
            display["Uitsplitsing"] != TOTAL, "Totaal"
        )
    min_n = rules.min_n(source)
    values, intervals, ns = [], [], []
    data_estimate, data_low, data_high, data_n = [], [], [], []
    rows = zip(shown.itertuples(index=False), shown_status, proportion, strict=True)
    for row, state, prop in rows:
        hide_value = state != "shown"  # HIDDEN, and VALUE_HIDDEN (n stays)
        hide_n = state in HIDDEN
        digits = (rules.round_percent + 2 if prop else number[1] if number is not None
                  else rules.round_mean)
        if hide_value:
            values.append(MARK)
            intervals.append(MARK)
            data_estimate.append(np.nan)
            data_low.append(np.nan)
            data_high.append(np.nan)
        elif odds and np.isnan(row.ci_low) and np.isnan(row.ci_high):
            values.append(REFERENCE)  # the reference group: odds ratio 1 by definition
            intervals.append("")
            data_estimate.append(round(row.estimate, digits))
            data_low.append(np.nan)
            data_high.append(np.nan)
        else:
            values.append(format_number(row.estimate, number[1]).replace("-", "−")
                          if number is not None else _value(row.estimate, prop, rules))
            low, high = _value(row.ci_low, prop, rules), _value(row.ci_high, prop, rules)
            intervals.append(f"{low}–{high}" if low and high else "")
            data_estimate.append(round(row.estimate, digits))
            data_low.append(round(row.ci_low, digits))
            data_high.append(round(row.ci_high, digits))
        if hide_n:
            ns.append(MARK)
            data_n.append(np.nan)
        else:
            rounded = round_count(row.n, rules.round_count, floor=min_n)
            ns.append(format_count(rounded))
            data_n.append(float(rounded))
    display[value_label] = values
    # projections: the band is a scenario range and the n (the stock they start from) is no
    # count of the projected years; neither is shown as such
    scenario = "ci_method" in shown and len(shown) and (shown["ci_method"] == SCENARIO).all()
    if shown["ci_low"].notna().any():  # census figures (CBS, HR, response) have no interval
        display[SCENARIO_HEADER if scenario else "95%-interval"] = intervals
    if scenario:
        if "Groep" in display and (display["Groep"] == display["Groep"].iloc[0]).all():
            display = display.drop(columns="Groep")
        display = display.rename(columns={"Indicator": "Scenario"})
    else:
        display["n"] = ns
    data = pd.DataFrame(
        {
            "wave": shown["wave"].to_numpy(),
            "indicator": shown["indicator"].to_numpy(),
            "breakdown": shown["breakdown"].to_numpy(),
            "group": shown["group"].to_numpy(),
            "estimate": data_estimate,
            "ci_low": data_low,
            "ci_high": data_high,
            "n": data_n,
            "status": list(shown_status),
        }
    )
    return display, data


MEASURE = "Cijfer"
"""Header of the column that says which figure a row of a wide table holds."""


def wide_frames(
    plan: EstimatePlan, rules: DisclosureRules, source: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the display and data frames of an estimate table with the years as columns.

    A table of figures per year (CBS and HR series) reads better with one column per year
    than with a "Jaar" column repeating each year. Each group (and indicator, where there are
    several) gets two rows: its value (``Percentage`` or ``Gemiddelde``) and its ``n``, one
    column per year; a year without a figure for the group is empty. The cells are the long
    table's cells (:func:`estimate_frames`), so suppression is the same; the data frame is the
    long one (figures read it).

    Examples
    --------
    >>> from pipeline.disclosure.estimates import plan_estimates
    >>> t = pd.DataFrame({"wave": [2023, 2024], "indicator": "x", "breakdown": "band",
    ...     "group": "12+", "estimate": [.21, .22], "ci_low": float("nan"),
    ...     "ci_high": float("nan"), "n": [3530, 3565], "n_pos": [741, 784]})
    >>> rules = DisclosureRules()
    >>> display, data = wide_frames(plan_estimates(t, rules, "cbs"), rules, "cbs")
    >>> display.to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'Groep': '12+', 'Cijfer': 'Percentage', '2023': '21%', '2024': '22%'},
     {'Groep': '12+', 'Cijfer': 'n', '2023': '3.530', '2024': '3.565'}]
    """
    display, data = estimate_frames(plan, rules, source, trend=False)
    value_label = next(c for c in display.columns if c in ("Percentage", "Gemiddelde",
                                                           "Uitkomst", "Odds ratio"))
    years = sorted({int(w) for w in data["wave"]})
    several = not (data["indicator"] == data["indicator"].iloc[0]).all()
    keys = list(dict.fromkeys(zip(data["indicator"].astype(str), data["group"].astype(str),
                                  strict=True)))
    cells: dict[tuple[str, str, int], tuple[str, str]] = {}
    for i, row in enumerate(data.itertuples(index=False)):
        cells[(str(row.indicator), str(row.group), int(row.wave))] = (
            str(display[value_label].iloc[i]), str(display["n"].iloc[i]))
    rows = []
    for indicator, group in keys:
        label = "Totaal" if group == TOTAL else group
        for k, measure in ((0, value_label), (1, "n")):
            row = {"Indicator": indicator} if several else {}
            row |= {"Groep": label, MEASURE: measure}
            row |= {str(y): cells.get((indicator, group, y), ("", ""))[k] for y in years}
            rows.append(row)
    return pd.DataFrame(rows), data


def count_frames(
    plan: CountPlan, rules: DisclosureRules, source: str, row_header: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the display and data frames of a planned crosstab (margins included).

    Examples
    --------
    >>> from pipeline.disclosure.counts import plan_counts
    >>> t = pd.DataFrame({"man": [30, 12], "vrouw": [40, 25]}, index=["a", "b"])
    >>> display, _ = count_frames(plan_counts(t, DisclosureRules()), DisclosureRules(), "hr", "")
    >>> display.to_dict("records")[-1]
    {'': 'Totaal', 'man': '40', 'vrouw': '65', 'Totaal': '105'}
    """
    min_n = rules.min_n(source)
    width = len(plan.columns)
    text, numbers = [], []
    for i, label in enumerate(plan.rows):
        cells, nums = [label], []
        for j in range(width):
            k = i * width + j
            if plan.status[k] == "shown":
                rounded = round_count(plan.model.values[k], rules.round_count, floor=min_n)
                cells.append(format_count(rounded))
                nums.append(float(rounded))
            else:
                cells.append(MARK)
                nums.append(np.nan)
        text.append(cells)
        numbers.append(nums)
    display = pd.DataFrame(text, columns=[row_header, *plan.columns])
    data = pd.DataFrame(numbers, index=list(plan.rows), columns=list(plan.columns))
    return display, data
