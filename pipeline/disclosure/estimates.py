"""Plan the suppression of a tidy estimate table (see docs/architecture.md).

A "cell" of an estimate table is one row: a group's estimate, interval and n. Primary
suppression hides the row; secondary suppression hides more rows of the same breakdown so
that the hidden n's cannot be recovered from the total; the group rule hides only the estimate
and interval of a 0% / 100% in a small group, and the numerator rule those of a percentage that
gives away a small count with or without the outcome. Shares of a distribution
(``measure == "distribution"``) follow the numerator rule on the count of the part and hide a
second share where one alone is hidden. Two-way breakdowns are all-or-nothing and a breakdown
with too few respondents in the wave is dropped.
"""

from __future__ import annotations

from collections.abc import Hashable, Set
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.disclosure.audit import merge_views
from pipeline.disclosure.errors import DisclosureInputError
from pipeline.disclosure.group import group_disclosure_mask
from pipeline.disclosure.model import AuditView, CountModel, one_way_model
from pipeline.disclosure.numerator import (
    close_distributions,
    distribution_rows,
    numerator_mask,
    reveals_hidden_base,
)
from pipeline.disclosure.primary import primary_mask
from pipeline.disclosure.rules import DisclosureRules
from pipeline.disclosure.secondary import protect
from pipeline.disclosure.text import UNITS

REQUIRED_COLUMNS = (
    "wave", "indicator", "breakdown", "group", "estimate", "ci_low", "ci_high", "n", "n_pos"
)
"""Columns of the tidy estimate table the gate reads."""
OPTIONAL_COLUMNS = ("measure",)
"""Optional columns the gate reads: ``measure`` (``odds_ratio``, ``distribution``)."""
TOTAL = "totaal"
"""Breakdown and group code of the whole-wave row (any case: reports label it ``Totaal``)."""


def is_total(labels: pd.Series) -> pd.Series:
    """Tell which breakdown labels name the whole-wave row, whatever their case.

    Examples
    --------
    >>> is_total(pd.Series(["totaal", "Totaal", "gender"])).tolist()
    [True, True, False]
    """
    return labels.astype(str).str.casefold() == TOTAL
TWO_WAY = " × "
"""Separator of two-way breakdowns and groups."""

GroupKey = tuple[int, str, str, str]
"""``(wave, base, breakdown, group)``: a group's n is shared by the tables of a breakdown
that count the same base population (column ``base``; one base when the column is absent)."""


@dataclass(frozen=True)
class EstimatePlan:
    """What the gate will show of an estimate table.

    Attributes
    ----------
    frame : pandas.DataFrame
        The validated input (a copy, fresh index).
    status : tuple of str
        Per row: ``shown``, ``primary``, ``secondary``, ``group``, ``numerator``, ``share``,
        ``withheld`` or ``dropped``. ``group``, ``numerator`` and ``share`` hide the estimate
        and interval only (n stays shown); ``share`` is the second share hidden in a
        distribution block.
    hidden_groups : frozenset
        ``(wave, base, breakdown, group)`` of the one-way rows hidden by primary or secondary
        rules.
    twoway_parts : frozenset
        ``(wave, base, variable, category)`` of the one-way groups that shown two-way cells
        split.
    notes : tuple of str
        Dutch notes on withheld and dropped breakdowns.
    withheld, dropped : int
        Two-way blocks withheld; breakdowns dropped.
    view : AuditView
        Published n's and their constraints.
    """

    frame: pd.DataFrame
    status: tuple[str, ...]
    hidden_groups: frozenset[GroupKey]
    twoway_parts: frozenset[GroupKey]
    notes: tuple[str, ...]
    withheld: int
    dropped: int
    view: AuditView


def validate_estimates(frame: pd.DataFrame) -> pd.DataFrame:
    """Check a tidy estimate table and return a clean copy.

    Raises
    ------
    DisclosureInputError
        Naming the missing column or the column with bad values.

    Examples
    --------
    >>> validate_estimates(pd.DataFrame({"wave": [2024]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pipeline.disclosure.errors.DisclosureInputError: estimate table lacks columns: indicator, ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise DisclosureInputError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise DisclosureInputError(f"estimate table lacks columns: {', '.join(missing)}")
    out = frame.reset_index(drop=True).copy()
    for column in ("indicator", "breakdown", "group"):
        if out[column].isna().any():
            raise DisclosureInputError(f"column {column!r} has missing values")
        out[column] = out[column].astype(str)
    n = pd.to_numeric(out["n"], errors="coerce")
    if n.isna().any() or (n < 0).any():
        raise DisclosureInputError("column 'n' must hold counts >= 0 without missing values")
    out["n"] = n.astype(float)
    for column in ("base", "numerator_base"):
        if column in out.columns:
            out[column] = out[column].fillna("").astype(str)
    if "base" not in out.columns:
        out["base"] = ""
    out["n_pos"] = pd.to_numeric(out["n_pos"], errors="coerce").astype("Float64")
    if (out["n_pos"] < 0).fillna(False).any():
        raise DisclosureInputError("column 'n_pos' must hold counts >= 0")
    # a distribution row's n_pos counts the part in its own source (a register count can
    # exceed the respondents n)
    distribution = distribution_rows(out)
    if (out["n_pos"] > out["n"]).fillna(False).to_numpy()[~distribution].any():
        raise DisclosureInputError("column 'n_pos' exceeds 'n' in some rows")
    if out["n_pos"].isna().to_numpy()[distribution].any():
        raise DisclosureInputError(
            "column 'n_pos' must hold the count of the part in every distribution row"
        )
    for column in ("estimate", "ci_low", "ci_high"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    if out.duplicated(["wave", "indicator", "breakdown", "group"]).any():
        raise DisclosureInputError(
            "estimate table has duplicate rows for (wave, indicator, breakdown, group)"
        )
    return out


def _dropped_breakdowns(frame: pd.DataFrame, rules: DisclosureRules) -> set[tuple[int, str]]:
    one_way = frame[~is_total(frame["breakdown"]) & ~frame["breakdown"].str.contains(TWO_WAY)]
    sizes = one_way.groupby(["wave", "indicator", "breakdown"])["n"].sum()
    biggest = sizes.groupby(level=["wave", "breakdown"]).max()
    small = {(w, b) for (w, b), size in biggest.items() if size < rules.min_breakdown_n}
    variables = {(w, b) for w, b in small}
    for w, b in frame[["wave", "breakdown"]].drop_duplicates().itertuples(index=False):
        if TWO_WAY in b and any((w, part) in variables for part in b.split(TWO_WAY)):
            small.add((w, b))
    return small


def estimate_key(wave: object, base: str, indicator: str, breakdown: str,
                 group: str) -> tuple[Hashable, ...]:
    """Return the audit key of a group's n in an estimate table.

    Two tables hold the same number where they hold the same key: the base is part of it, so
    an indicator label used for two bases (``hoger management`` among the discriminated and
    among those who met unwanted behaviour) names two numbers.

    Examples
    --------
    >>> estimate_key(2024, "discr", "leeftijd", "Gender", "man")
    ('n', 2024, 'discr', 'leeftijd', 'Gender', 'man')
    """
    if str(breakdown).casefold() == TOTAL:
        breakdown = group = TOTAL
    return ("n", wave, base, indicator, breakdown, group)


def _block_model(
    block: pd.DataFrame, total: pd.Series | None, wave: object, indicator: str
) -> CountModel:
    breakdown = block["breakdown"].iloc[0]
    base = block["base"].iloc[0]
    prefix: tuple[Hashable, ...] = estimate_key(wave, base, indicator, breakdown, "")[:-1]
    if total is None:
        return one_way_model(list(block["group"]), list(block["n"]), key_prefix=prefix)
    if float(total["n"]) < block["n"].sum() - 1e-9:
        raise DisclosureInputError(
            f"groups of breakdown {breakdown!r} (wave {wave}, indicator {indicator!r}) add up "
            "to more than the 'totaal' row's n"
        )
    return one_way_model(
        list(block["group"]),
        list(block["n"]),
        total=float(total["n"]),
        key_prefix=prefix,
        total_key=estimate_key(wave, base, indicator, TOTAL, TOTAL),
    )


def plan_estimates(
    frame: pd.DataFrame,
    rules: DisclosureRules,
    source: str = "survey",
    hidden_elsewhere: Set[GroupKey] = frozenset(),
) -> EstimatePlan:
    """Decide which rows and estimates of a tidy estimate table are shown.

    Parameters
    ----------
    frame : pandas.DataFrame
        Tidy estimate table (columns of ``REQUIRED_COLUMNS`` at least).
    rules : DisclosureRules
        Thresholds.
    source : {"survey", "hr", "cbs"}, default "survey"
        Selects the primary threshold applied to ``n``.
    hidden_elsewhere : set of (wave, base, breakdown, group)
        Groups hidden in other tables of the report; they are hidden here too. With an
        optional column ``numerator_base`` (the base whose n is this proportion's numerator,
        e.g. ``discr`` for ``discr_ja``), a shown proportion of a group whose numerator base
        is hidden gets status ``numerator`` when it pins its numerator within the protection
        interval.

    Returns
    -------
    EstimatePlan

    Examples
    --------
    >>> t = pd.DataFrame({"wave": 2024, "indicator": "discr_ja",
    ...     "breakdown": ["totaal", "gender", "gender", "gender"],
    ...     "group": ["totaal", "man", "vrouw", "non-binair"],
    ...     "estimate": [.14, .12, .15, .3], "ci_low": .1, "ci_high": .4,
    ...     "n": [120, 50, 62, 8], "n_pos": [17, 6, 9, 2]})
    >>> plan_estimates(t, DisclosureRules()).status
    ('shown', 'secondary', 'numerator', 'primary')

    "vrouw" shows n 60 and 15%: 9 of 58 to 62, below ``min_numerator`` (10); with a
    ``min_numerator`` of 5 it would be shown:

    >>> plan_estimates(t, DisclosureRules(min_numerator=5)).status
    ('shown', 'secondary', 'shown', 'primary')
    """
    data = validate_estimates(frame)
    min_n = rules.min_n(source)
    unit = UNITS[source]
    status = np.array(["shown"] * len(data), dtype=object)
    primary = primary_mask(data["n"].to_numpy(), rules, source)
    notes: list[str] = []

    dropped = _dropped_breakdowns(data, rules)
    for w, b in sorted(dropped, key=str):
        status[((data["wave"] == w) & (data["breakdown"] == b)).to_numpy()] = "dropped"
        notes.append(
            f"Uitsplitsing naar {b} ({w}) weggelaten: minder dan "
            f"{rules.min_breakdown_n} {unit} met een bekende waarde."
        )

    total_rows = is_total(data["breakdown"]).to_numpy()
    is_two_way = data["breakdown"].str.contains(TWO_WAY).to_numpy()
    status[total_rows & primary] = "primary"
    totals = {(r.wave, r.indicator): r for r in data[total_rows].itertuples(index=False)}

    live = (status != "dropped") & ~total_rows & ~is_two_way
    blocks = [
        (key, block)
        for key, block in data[live].groupby(["wave", "indicator", "breakdown"], sort=False)
    ]
    hidden = set(hidden_elsewhere)
    models = {}
    for (w, ind, _b), block in blocks:
        total = totals.get((w, ind))
        total_row = None if total is None else pd.Series({"n": total.n})
        models[(w, ind, _b)] = _block_model(block, total_row, w, ind)
    views: list[AuditView] = []
    changed = True
    while changed:
        changed = False
        views = []
        for (w, ind, b), block in blocks:
            model = models[(w, ind, b)]
            base = block["base"].iloc[0]
            start = {
                i
                for i, (g, p) in enumerate(zip(block["group"], primary[block.index], strict=True))
                if p or (w, base, b, g) in hidden
            }
            total = totals.get((w, ind))
            if total is not None and float(total.n) < min_n:
                start.add(len(block) + 1)
            chosen = protect(model, start, rules.protection_interval)
            # Without a 'totaal' row the reader sees neither a total nor whether these groups
            # are all there is (schaal 15+ alone): the residual and total are not published.
            unseen = {len(block), len(block) + 1} if total is None else set()
            views.append(model.view(set(chosen) | unseen))
            for i in chosen:
                if i < len(block) and (w, base, b, block["group"].iloc[i]) not in hidden:
                    hidden.add((w, base, b, block["group"].iloc[i]))
                    changed = True
    for (w, _ind, b), block in blocks:
        base = block["base"].iloc[0]
        for row, g in zip(block.index, block["group"], strict=True):
            if primary[row]:
                status[row] = "primary"
            elif (w, base, b, g) in hidden:
                status[row] = "secondary"

    withheld = 0
    twoway_parts: set[GroupKey] = set()
    for (w, ind, b), block in data[(status != "dropped") & is_two_way].groupby(
        ["wave", "indicator", "breakdown"], sort=False
    ):
        variables = b.split(TWO_WAY)
        base = block["base"].iloc[0]
        parts = {
            (w, base, v, c)
            for g in block["group"]
            for v, c in zip(variables, g.split(TWO_WAY), strict=False)
        }
        if primary[block.index].any() or parts & hidden:
            status[block.index] = "withheld"
            withheld += 1
            notes.append(
                f"Kruising {b} ({w}, {ind}) niet getoond: niet elke cel haalt de drempel van "
                f"{min_n} {unit}."
            )
        else:
            twoway_parts |= parts

    shown = status == "shown"
    # shares of a whole are not 0% / 100% of a group: the group rule does not apply to them
    distribution = distribution_rows(data)
    proportions = data["n_pos"].where(~distribution)
    group = group_disclosure_mask(data["n"], proportions, rules).to_numpy()
    status[shown & group] = "group"
    shown = status == "shown"
    status[shown & numerator_mask(data, rules, source, rows=shown)] = "numerator"
    if "numerator_base" in data:
        # the numerator of this proportion is the base of other tables: where that base is
        # hidden, the proportion may not pin its numerator (the reader would get it back)
        for i, row in enumerate(data.itertuples(index=False)):
            linked = row.numerator_base
            if (status[i] == "shown" and isinstance(linked, str) and linked
                    and (row.wave, linked, row.breakdown, row.group) in hidden
                    and reveals_hidden_base(row.n, row.estimate, rules, source)):
                status[i] = "numerator"
    status = close_distributions(data, status, distribution)
    return EstimatePlan(
        frame=data,
        status=tuple(status.tolist()),
        hidden_groups=frozenset(
            (r.wave, r.base, r.breakdown, r.group)
            for r, s in zip(data.itertuples(index=False), status, strict=True)
            if s in ("primary", "secondary") and r.breakdown.casefold() != TOTAL
            and TWO_WAY not in r.breakdown
        ),
        twoway_parts=frozenset(twoway_parts),
        notes=tuple(notes),
        withheld=withheld,
        dropped=len(dropped),
        view=merge_views(views),
    )
