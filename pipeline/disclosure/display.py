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
REFERENCE = "referentie"
"""Shown for a reference group of an odds-ratio table instead of 1,0 and a blank interval."""


def _value(value: float, proportion: bool, rules: DisclosureRules) -> str:
    if np.isnan(value):
        return ""
    if proportion:
        return format_percent(value, rules.round_percent)
    return format_number(value, rules.round_mean)


def estimate_frames(
    plan: EstimatePlan, rules: DisclosureRules, source: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the display and data frames of a planned estimate table.

    Only key columns that vary are shown; suppressed entries show the mark.

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
    frame = plan.frame
    status = np.array(plan.status, dtype=object)
    keep = ~np.isin(status, ["withheld", "dropped"])
    shown = frame[keep]
    shown_status = status[keep]
    proportion = frame["n_pos"].notna().to_numpy()[keep]
    measures = set(frame["measure"].dropna()) if "measure" in frame else set()
    odds = measures == {"odds_ratio"}
    if odds:
        value_label = "Odds ratio"
    elif proportion.all():
        value_label = "Percentage"
    elif not proportion.any():
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
        digits = rules.round_percent + 2 if prop else rules.round_mean
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
            values.append(_value(row.estimate, prop, rules))
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
    if shown["ci_low"].notna().any():  # census figures (CBS, HR, response) have no interval
        display["95%-interval"] = intervals
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
