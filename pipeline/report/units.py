"""Unit reports: every cluster and directie with enough respondents against the organisation.

The section ``eenheden`` (:func:`pipeline.report.tables.eenheden`) publishes, per level
(cluster, directie), the units' key figures with the organisation's total and the difference
between each unit and the rest of the organisation (the estimates stage's group-vs-rest tests,
:func:`pipeline.stats.compare.group_vs_rest`, adjusted across the units by the exploratory
correction of ``estimation.multiple_testing`` within the family of ``estimation.test_family``),
and their forms of unwanted behaviour, grounds, perpetrators, reporting and psychological
safety. They are planned with every other table of the wave in one ledger.

Which units get a report is decided before the plan, from counts the respons section
publishes anyway: a unit is reported when the precision planner's achieved verdict says that
an indicator of 14% passes the disclosure rules with its respondents
(:func:`pipeline.analysis.planner.achieved_level`, :func:`unit_list`). The others are listed
with the reason.

Directies nest in clusters: the respondents of a cluster's directies add up to at most the
cluster's respondents. :func:`nesting` gives the ledger that structure, both for secondary
suppression (:attr:`pipeline.disclosure.ledger.Planned.nested`) and for the reader's audit
(:func:`pipeline.disclosure.reader.reader_audit`), so that a cluster's count minus its
published directies never gives a hidden directie back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from pipeline.disclosure.estimates import estimate_key
from pipeline.disclosure.model import AuditView
from pipeline.disclosure.rules import DisclosureRules

LEVELS = ("cluster", "directie")
"""Unit levels, outer first."""
LEVEL_LABELS = {"cluster": "Cluster", "directie": "Directie"}
"""Breakdown labels of the levels in the published tables (``relabel``)."""
LEVEL_PLURALS = {"cluster": "clusters", "directie": "directies"}
"""The levels in Dutch text, plural."""
COMPARISON = "group_vs_rest"
HIGHER, LOWER, NO_DIFFERENCE = ("hoger dan de rest", "lager dan de rest",
                                "geen verschil aangetoond")
"""The Dutch verdicts of a unit-against-the-rest test (after correction)."""


def verdict(diff: float, p_adj: float, alpha: float) -> str:
    """Return the Dutch verdict of a unit against the rest of the organisation.

    Examples
    --------
    >>> verdict(0.05, 0.01, 0.05), verdict(-0.05, 0.01, 0.05), verdict(0.05, 0.2, 0.05)
    ('hoger dan de rest', 'lager dan de rest', 'geen verschil aangetoond')
    """
    if not (np.isfinite(p_adj) and np.isfinite(diff)) or p_adj >= alpha or diff == 0:
        return NO_DIFFERENCE
    return HIGHER if diff > 0 else LOWER


def compared_frame(estimates: pd.DataFrame, contrasts: pd.DataFrame,
                   indicators: Sequence[str], level: str, units: Sequence[str],
                   alpha: float) -> pd.DataFrame:
    """Return the total and the units' rows of these indicators, units with their test.

    Parameters
    ----------
    estimates : pandas.DataFrame
        The wave's estimates with ``base`` (:func:`pipeline.report.wavedata.with_base`),
        codes not yet relabelled.
    contrasts : pandas.DataFrame
        The wave's group-vs-rest tests (estimates stage).
    indicators : sequence of str
        Items, in reading order.
    level : str
        ``cluster`` or ``directie``.
    units : sequence of str
        The units reported, in reading order.
    alpha : float
        Level of the tests.

    Returns
    -------
    pandas.DataFrame
        Per unit (then per indicator) the estimate row, ``comparison``, the difference with
        the rest, its interval, ``p``, ``p_adj``, ``p_adj_method``, ``family`` and the
        ``verdict``; the organisation's total rows first (no comparison).
    """
    keys = ["indicator", "breakdown", "group"]
    rows = estimates[estimates["indicator"].isin(indicators)
                     & (((estimates["breakdown"] == level) & estimates["group"].isin(units))
                        | (estimates["breakdown"] == "totaal"))]
    tests = contrasts[(contrasts["comparison"] == COMPARISON) & (contrasts["breakdown"] == level)
                      & contrasts["indicator"].isin(indicators)]
    tests = tests[[*keys, "comparison", "diff", "diff_ci_low", "diff_ci_high", "p", "p_adj",
                   "p_adj_method", "family"]]
    out = rows.merge(tests, on=keys, how="left")
    out["verdict"] = [None if pd.isna(c) else verdict(d, q, alpha) for c, d, q
                      in zip(out["comparison"], out["diff"], out["p_adj"], strict=True)]
    order_i = {k: i for i, k in enumerate(indicators)}
    order_u = {k: i + 1 for i, k in enumerate(units)}
    out = out.assign(_u=[0 if b == "totaal" else order_u[g]
                         for b, g in zip(out["breakdown"], out["group"], strict=True)],
                     _i=out["indicator"].map(order_i))
    out = out.sort_values(["_u", "_i"], kind="stable").drop(columns=["_u", "_i"])
    return out.reset_index(drop=True)


def unit_list(achieved: pd.DataFrame, rules: DisclosureRules) -> pd.DataFrame:
    """Return every unit with whether it gets a unit report, and why not.

    Parameters
    ----------
    achieved : pandas.DataFrame
        The planner's achieved level per unit (:func:`pipeline.analysis.planner.achieved_level`:
        ``level``, ``unit``, ``n``, ``reportable``).
    rules : DisclosureRules
        The disclosure rules (for the reason's numbers).

    Returns
    -------
    pandas.DataFrame
        ``level``, ``unit``, ``reported`` (bool) and ``reason`` (Dutch, '' when reported).

    Examples
    --------
    >>> a = pd.DataFrame({"level": "directie", "unit": ["a", "b", "c"], "n": [200, 40, 6],
    ...                   "reportable": [True, False, False]})
    >>> unit_list(a, DisclosureRules())["reason"].tolist()[1:]  # doctest: +NORMALIZE_WHITESPACE
    ['te weinig respondenten: bij een aandeel van 14% zouden minder dan 10 respondenten de
      uitkomst hebben', 'te weinig respondenten: minder dan 10']
    """
    from pipeline.analysis.planner import SHARES

    share = round(min(SHARES) * 100)
    reasons = []
    for n, ok in zip(achieved["n"], achieved["reportable"], strict=True):
        if ok:
            reasons.append("")
        elif not n >= rules.survey_min_n:
            reasons.append(f"te weinig respondenten: minder dan {rules.survey_min_n}")
        else:
            reasons.append(f"te weinig respondenten: bij een aandeel van {share}% zouden minder "
                           f"dan {rules.min_numerator} respondenten de uitkomst hebben")
    return pd.DataFrame({"level": achieved["level"].to_numpy(),
                         "unit": achieved["unit"].astype(str).to_numpy(),
                         "reported": achieved["reportable"].astype(bool).to_numpy(),
                         "reason": reasons})


def parents(register: pd.DataFrame) -> dict[str, str]:
    """Return the cluster of every directie in the HR register (its latest peildatum).

    Examples
    --------
    >>> hr = pd.DataFrame({"peildatum": ["2024-12-31", "2025-12-31"], "cluster": ["A", "B"],
    ...                    "directie": ["d", "d"]})
    >>> parents(hr)
    {'d': 'B'}
    """
    if register.empty or not {"cluster", "directie"} <= set(register.columns):
        return {}
    latest = register.sort_values("peildatum", kind="stable").drop_duplicates(
        "directie", keep="last")
    latest = latest[latest["directie"].notna() & latest["cluster"].notna()]
    return dict(sorted(zip(latest["directie"].astype(str), latest["cluster"].astype(str),
                           strict=True)))


Nesting = tuple[tuple, tuple[tuple, ...]]
"""``(parent, children)``: group keys ``(wave, base, breakdown, group)`` of a cluster and its
directies."""


def nesting(frames: Sequence[pd.DataFrame], cluster_of: Mapping[str, str]
            ) -> tuple[tuple[Nesting, ...], tuple[AuditView, ...]]:
    """Return the directie-in-cluster structure of these tables (labelled estimate frames).

    For every wave, base and indicator that a table shows for a cluster and another (or the
    same) table for directies of that cluster: the directies' n add up to the cluster's n,
    plus a residual (respondents with a cluster and no directie) where the data have one. The
    group keys of each cluster and its directies (for secondary suppression) and one audit view
    per indicator (for the reader's audit) are returned; an identity is added only where the
    data satisfy it (the directies' n sum to at most the cluster's).

    Returns
    -------
    tuple
        The nestings (one per wave, base and cluster) and the audit views.
    """
    n: dict[tuple, float] = {}
    for frame in frames:
        if not {"base", "breakdown", "group", "n"} <= set(frame.columns):
            continue
        rows = frame[frame["breakdown"].isin(list(LEVEL_LABELS.values()))]
        for r in rows.itertuples(index=False):
            if r.n == r.n:
                n.setdefault((int(r.wave), str(r.base), str(r.indicator), str(r.breakdown),
                              str(r.group)), float(r.n))
    children: dict[tuple, list[tuple]] = defaultdict(list)
    for (wave, base, indicator, breakdown, group) in n:
        if breakdown == LEVEL_LABELS["directie"] and group in cluster_of:
            parent = (wave, base, indicator, LEVEL_LABELS["cluster"], cluster_of[group])
            if parent in n:
                children[parent].append((wave, base, indicator, breakdown, group))
    groups: dict[tuple, set[tuple]] = defaultdict(set)
    views = []
    for parent, parts in sorted(children.items()):
        parts = sorted(parts)
        total = sum(n[p] for p in parts)
        if total > n[parent]:
            continue  # not nested in the data: no knowledge
        wave, base, indicator, breakdown, group = parent
        groups[(wave, base, breakdown, group)].update((p[0], p[1], p[3], p[4]) for p in parts)
        keys = [estimate_key(*p) for p in parts]
        labels = [p[4] for p in parts]
        if total < n[parent]:
            keys.append(("structuur", "eenheid", wave, base, indicator, group))
            labels.append(f"{group} (zonder directie)")
        keys.append(estimate_key(*parent))
        labels.append(group)
        views.append(AuditView(keys=tuple(keys), labels=tuple(labels),
                               values=(None,) * len(keys),
                               constraints=((tuple(range(len(keys) - 1)), len(keys) - 1),)))
    nested = tuple((parent, tuple(sorted(kids))) for parent, kids in sorted(groups.items()))
    return nested, tuple(views)


def _shown_tests(data: pd.DataFrame) -> pd.DataFrame:
    """Return the unit rows of a published comparison table whose test is shown."""
    if "verdict" not in data:
        return data.iloc[0:0]
    return data[(data["status"] == "shown") & data["verdict"].notna()
                & (data["breakdown"] != "Totaal")]


def _value(value: float, proportion: bool, rules: DisclosureRules) -> str:
    from pipeline.disclosure.rounding import format_number, format_percent

    return (format_percent(value, rules.round_percent) if proportion
            else format_number(value, rules.round_mean))


def findings(tables: Mapping[str, pd.DataFrame], listed: pd.DataFrame,
             rules: DisclosureRules) -> str:
    """Dutch findings of the unit reports, written from the published comparison tables.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        The published data (``PublishedTable.data``) of each level's ``kerncijfers`` and
        ``veiligheid`` tables, by table name (``eenheden-<level>-<topic>``).
    listed : pandas.DataFrame
        :func:`unit_list`: every unit, reported or not.
    rules : DisclosureRules
        The ledger's rules (for the formats).

    Returns
    -------
    str
        Markdown: how many units are reported, then per level the units whose figure differs
        from the rest of the organisation after the correction, or that none does.
    """
    lines = []
    for level in LEVELS:
        units = listed[listed["level"] == level]
        if units.empty:
            continue
        word = LEVEL_LABELS[level].lower()
        plural = LEVEL_PLURALS[level]
        reported = int(units["reported"].sum())
        lines.append(f"- **{plural[:1].upper() + plural[1:]}**: {reported} van de {len(units)} "
                     f"{plural if len(units) != 1 else word} hebben genoeg respondenten voor "
                     "een eigen rapport.")
        found = []
        for topic in ("kerncijfers", "veiligheid"):
            data = tables.get(f"eenheden-{level}-{topic}")
            if data is None:
                continue
            totals = {r.indicator: r.estimate for r in data.itertuples(index=False)
                      if r.breakdown == "Totaal"}
            rows = _shown_tests(data)
            rows = rows[rows["verdict"].isin([HIGHER, LOWER])]
            for r in rows.itertuples(index=False):
                proportion = topic != "veiligheid"
                organisation = totals.get(r.indicator, float("nan"))
                found.append(f"{r.indicator} in {r.group} "
                             f"{'hoger' if r.verdict == HIGHER else 'lager'} "
                             f"({_value(r.estimate, proportion, rules)}; organisatie "
                             f"{_value(organisation, proportion, rules)})")
        if found:
            lines.append(f"  Na correctie voor meervoudig toetsen wijken af van de rest van de "
                         f"organisatie: {'; '.join(found)}.")
        elif reported:
            lines.append("  Na correctie voor meervoudig toetsen wijkt geen "
                         f"{word} in de kerncijfers of de psychologische veiligheid aantoonbaar "
                         "af van de rest van de organisatie.")
    return "\n".join(lines)


def not_reported(listed: pd.DataFrame) -> str:
    """Dutch list of the units without a unit report, with the reason (no numbers of persons).

    Examples
    --------
    >>> listed = pd.DataFrame({"level": ["directie", "directie"], "unit": ["a", "b"],
    ...                        "reported": [True, False], "reason": ["", "te weinig"]})
    >>> print(not_reported(listed))
    **Directies** zonder eigen rapport:
    <BLANKLINE>
    - b: te weinig
    """
    blocks = []
    for level in LEVELS:
        missing = listed[(listed["level"] == level) & ~listed["reported"]]
        plural = LEVEL_PLURALS[level].capitalize()
        if missing.empty:
            if (listed["level"] == level).any():
                blocks.append(f"Alle {plural.lower()} hebben een eigen rapport.")
            continue
        items = "\n".join(f"- {r.unit}: {r.reason}" for r in missing.itertuples(index=False))
        blocks.append(f"**{plural}** zonder eigen rapport:\n\n{items}")
    return "\n\n".join(blocks)


def method_text(estimation: Mapping, rules: DisclosureRules, listed: pd.DataFrame) -> str:
    """Dutch methods text of the unit reports: who is reported, the test and its correction."""
    from pipeline.analysis.planner import SHARES
    from pipeline.report.narrative import METHOD_NAMES

    method = str(estimation.get("multiple_testing", "fdr_bh"))
    family = str(estimation.get("test_family", "table"))
    # What a family holds in the unit tables, where the breakdown is the unit level; the
    # organisation report's wording (narrative.FAMILY_NAMES) speaks of breakdowns instead.
    families = {"table": "alle eenheden van één niveau en de samenhangende vragen van één tabel",
                "indicator": "alle eenheden en uitsplitsingen van één vraag",
                "breakdown": "alle eenheden van één niveau bij één vraag",
                "all": "alle vergelijkingen van de meting"}
    alpha = f"{float(estimation.get('alpha', 0.05)):g}".replace(".", ",")
    share = round(min(SHARES) * 100)
    return (
        f"Een cluster of directie krijgt een eigen rapport als een kenmerk dat {share}% van de "
        "respondenten heeft, met het aantal respondenten van de eenheid de geheimhoudingsregels "
        f"doorstaat (minstens {rules.min_numerator} respondenten "
        "met de uitkomst; dezelfde toets als de rapportageplanner in het responsrapport). "
        "Elke eenheid wordt vergeleken met de rest van de organisatie (alle respondenten met "
        "een andere eenheid van hetzelfde niveau): het verschil, het 95%-interval van het "
        "verschil uit de bootstrapreplicaties van de weging en een tweezijdige toets. "
        + ("De p-waarden zijn niet gecorrigeerd voor meervoudig toetsen; " if method == "none"
           else "De p-waarden zijn gecorrigeerd voor meervoudig toetsen met "
           f"{METHOD_NAMES.get(method, method)}, per familie van "
           f"{families.get(family, family)}; ")
        + "een verschil heet aangetoond als de "
        + ("p-waarde" if method == "none" else "gecorrigeerde p-waarde")
        + f" kleiner is dan {alpha}. Herkomstcijfers van het CBS zijn er "
        "per cluster (vanaf schaal 12), niet per directie. De tabellen van de eenheden zijn "
        "samen met alle andere tabellen van de meting gecontroleerd: wat in het ene rapport "
        "verborgen is, is nergens af te leiden, ook niet als een cluster min zijn andere "
        "directies."
    )
