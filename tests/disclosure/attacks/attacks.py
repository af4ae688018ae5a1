"""The attacks: each takes published tables and returns what it could recover.

Every attack is a function ``attack(tables, rules) -> Result``. ``tables`` are
:class:`~tests.disclosure.attacks.pages.Table` objects of one or more pages and their
downloads (a :class:`~tests.disclosure.attacks.pages.ReportSet`'s ``tables``). A
:class:`Finding` names the table and the cell and says why, never the value: its bounds are
kept for the tests but left out of its text.

A range is a finding when it is narrower than the protection interval (``high - low <
protection_interval``) or lies inside ``[1, t - 1]`` (the cell is known to hold between one
and ``t - 1`` people), where ``t`` is the primary threshold of the cell's source for a count,
``min_numerator`` for the cases with an outcome and ``min_complement`` for those without.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tests.disclosure.attacks.lp import System
from tests.disclosure.attacks.numbers import (
    complement_range,
    count_interval,
    is_hidden,
    numerator_range,
    parse_count,
    parse_decimal,
    parse_percent,
    population_complement_range,
)
from tests.disclosure.attacks.pages import Table
from tests.disclosure.attacks.reading import (
    TOP,
    TOTAL,
    TWO_WAY,
    CountCell,
    EstimateRow,
    count_cells,
    estimate_rows,
    label_range,
    nested_groups,
    norm,
)
from tests.disclosure.attacks.rules import AttackRules

CBS_SLACK = 2
"""CBS's headcounts may differ from the HR register's by a few (their own processing):
a CBS stock is linked to the register's stock within this many people."""
START, HIRED, UP_IN, UP_OUT, LEFT, END = (
    "begin van het jaar", "instroom", "doorstroom naar deze schaal",
    "doorstroom naar hogere schaal", "uitstroom", "eind van het jaar")
FLOW_COLUMNS = (START, HIRED, UP_IN, UP_OUT, LEFT, END)
"""Columns of a flows table ("stromen", as the page heads them): the stock at the start of the
year (31 December of the year before), hires, promotions into the band, promotions out of it,
leavers, the stock at the end of the year."""


@dataclass(frozen=True)
class Finding:
    """A published or suppressed cell a reader can pin down too closely.

    ``low`` and ``high`` bound the recovered count: for the tests only, never printed.
    """

    attack: str
    table: str
    cell: str
    reason: str
    origins: tuple[str, ...] = ("html",)
    low: float = field(default=math.nan, repr=False, compare=False)
    high: float = field(default=math.nan, repr=False, compare=False)

    def __str__(self) -> str:
        where = "" if self.origins == ("html",) else f" [{', '.join(self.origins)}]"
        return f"[{self.attack}] {self.table}{where} :: {self.cell}: {self.reason}"

    @property
    def where(self) -> tuple[str, str]:
        """(table, cell): the identity of the finding across attacks."""
        return self.table, self.cell


@dataclass
class Result:
    """What an attack found and how much it examined.

    Attributes
    ----------
    attack : str
    findings : list of Finding
        One per cell (a cell found in the page and its downloads is one finding).
    examined : dict of str to int
        Counters of what was examined (rows, constraints, compared cells ...); an attack that
        examined nothing proves nothing.
    notes : list of str
        Assumptions that failed (published numbers inconsistent with a structure); no values.
    """

    attack: str
    findings: list[Finding] = field(default_factory=list)
    examined: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line per finding (no values), for assertion messages."""
        lines = [str(f) for f in self.findings]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def judge(low: float, high: float, threshold: int, rules: AttackRules) -> str | None:
    """Why a recovered whole-number range is a disclosure, or None.

    Examples
    --------
    >>> r = AttackRules()
    >>> judge(5, 5, 10, r), judge(3, 9, 10, r), judge(0, 9, 10, r), judge(40, 60, 10, r)
    ('range narrower than the protection interval', 'range inside [1, t-1]', None, None)
    """
    if high - low < rules.protection_interval:
        return "range narrower than the protection interval"
    if low >= 1 and high <= threshold - 1:
        return "range inside [1, t-1]"
    return None


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    merged: dict[tuple[str, str, str, str], Finding] = {}
    for f in findings:
        key = (f.attack, f.table, f.cell, f.reason)
        if key in merged:
            old = merged[key]
            origins = tuple(o for o in ("html", "csv", "xlsx")
                            if o in old.origins or o in f.origins)
            merged[key] = Finding(f.attack, f.table, f.cell, f.reason, origins, old.low,
                                  old.high)
        else:
            merged[key] = f
    return list(merged.values())


def _page_table(table: Table) -> str:
    return f"{table.page}:{table.name}"


def _n_interval(text: str, threshold: int, rules: AttackRules) -> tuple[int, int] | None:
    value = parse_count(text)
    if value is None:
        return None
    return count_interval(value, rules.round_count, threshold)


# ---------------------------------------------------------------------------------------------
# 1. implied counts


def implied_counts(tables: Sequence[Table], rules: AttackRules) -> Result:
    """Attack 1: the cases with and without the outcome implied by a percentage and its n.

    For every row that shows a percentage and an n, the rounding intervals of both give the
    whole-number range of the numerator (``share * n``) and of the complement
    (``n - numerator``). A finding when a range lies inside ``[1, min_numerator - 1]`` or
    ``[1, min_complement - 1]``. In a response table the n are the respondents and the
    percentage the response rate, so the complement is the staff of the group who did not
    respond (``n / share - n``).
    """
    result = Result("1 implied counts")
    found = []
    for table in tables:
        for row in estimate_rows(table, rules):
            if row.share_of == "none":
                continue
            share, n_iv = parse_percent(row.value), _n_interval(row.n, row.threshold, rules)
            if share is None or n_iv is None:
                continue
            result.examined["rows"] += 1
            checks: list[tuple[str, tuple[int, int] | None, int]] = []
            if row.share_of == "n":
                checks.append(("numerator", numerator_range(n_iv, share), rules.min_numerator))
                checks.append(("complement", complement_range(n_iv, share),
                               rules.min_complement))
            else:
                checks.append(("non-respondents", population_complement_range(n_iv, share),
                               rules.min_complement))
            for what, rng, t in checks:
                if rng is None:
                    continue
                if rng[0] >= 1 and rng[1] <= t - 1:
                    found.append(Finding(
                        result.attack, _page_table(table),
                        f"{table.row_label(row.index)} | {table.header[row.value_col]}",
                        f"implied {what} inside [1, t-1]", (table.origin,), *rng))
    result.findings = _dedupe(found)
    return result


# ---------------------------------------------------------------------------------------------
# shared: building LP systems from tables


@dataclass
class _Occurrence:
    key: Hashable
    table: Table
    cell: str
    threshold: int
    structural: bool = False


@dataclass
class _Build:
    """A system and the suppressed cells it can bound."""

    system: System = field(default_factory=System)
    hidden: list[_Occurrence] = field(default_factory=list)
    published: dict[Hashable, list[Table]] = field(default_factory=lambda: defaultdict(list))
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def cell(self, key: Hashable, text: str, table: Table, label: str, threshold: int,
             rules: AttackRules) -> None:
        if is_hidden(text):
            self.system.var(key)
            self.hidden.append(_Occurrence(key, table, label, threshold))
            return
        interval = _n_interval(text, threshold, rules)
        if interval is not None:
            self.system.var(key, *interval)
            self.published[key].append(table)


def _key(prefix: tuple, key: tuple) -> tuple:
    """A cell's key within a scope (a table for attack 2); unscoped keys stay as they are, so
    every builder names the same count the same way."""
    return (*prefix, key) if prefix else key


def _one_way(build: _Build, rows: Iterable[EstimateRow], scope: tuple = ()) -> None:
    """Groups of a breakdown add up to at most their total (``sum(groups) <= totaal``); with
    range-like groups (bands) every group holds at most the sum of the bands inside it."""
    families: dict[tuple, dict[str, Hashable]] = defaultdict(dict)
    totals: dict[tuple, Hashable] = {}
    for row in rows:
        key = _key(scope, row.n_key())
        if row.is_total:
            totals[(*scope, row.year, row.base)] = key
        elif not row.two_way:
            families[(*scope, row.year, row.base, row.breakdown)][row.group] = key
    for family, groups in families.items():
        total = totals.get(family[:-1])
        names = [TOTAL, *groups] if total is not None else list(groups)
        keys = {**groups, **({TOTAL: total} if total is not None else {})}
        for container, parts in nested_groups(names):
            build.system.at_most([keys[p] for p in parts], keys[container])
            build.counters["one-way constraints"] += 1


def _two_way(build: _Build, rows: Iterable[EstimateRow], scope: tuple = ()) -> None:
    """Cells ``a × b`` of a two-way breakdown add up to at most the one-way groups ``a`` and
    ``b`` and the total."""
    blocks: dict[tuple, list[EstimateRow]] = defaultdict(list)
    for row in rows:
        if row.two_way:
            blocks[(*scope, row.year, row.base, row.breakdown)].append(row)
    for (*_, year, base, breakdown), cells in blocks.items():
        prefix = scope
        variables = breakdown.split(TWO_WAY)
        if len(variables) != 2:
            continue
        margins: dict[tuple[int, str], list[Hashable]] = defaultdict(list)
        for row in cells:
            parts = row.group.split(TWO_WAY)
            if len(parts) != 2:
                continue
            for k in (0, 1):
                margins[(k, parts[k])].append(_key(prefix, row.n_key()))
        for (k, category), keys in margins.items():
            one_way = _key(prefix, ("n", year, base, variables[k], category))
            build.system.at_most(keys, one_way)
            build.counters["two-way constraints"] += 1
        total = _key(prefix, ("n", year, base, TOTAL, TOTAL))
        build.system.at_most([_key(prefix, r.n_key()) for r in cells], total)
        build.counters["two-way constraints"] += 1


def _numerators(build: _Build, rows: Iterable[EstimateRow]) -> None:
    """Those with an outcome are at most the respondents of the group (``num <= resp``)."""
    seen = set()
    for row in rows:
        if row.base[0] == "num" and row.n_key() not in seen:
            seen.add(row.n_key())
            respondents = ("n", row.year, ("resp",), row.breakdown, row.group)
            build.system.at_most([row.n_key()], respondents)
            build.counters["numerator constraints"] += 1


def _crosstab(build: _Build, cells: Sequence[CountCell], rules: AttackRules,
              scope: tuple = ()) -> None:
    """Rows and columns of a crosstab add up to their ``Totaal`` margins."""
    grid = {(c.row_label, c.col_label): _key(scope, c.key()) for c in cells}
    for c in cells:
        build.cell(_key(scope, c.key()), c.text, c.table, c.label, c.threshold, rules)
    rows = list(dict.fromkeys(c.row_label for c in cells))
    cols = list(dict.fromkeys(c.col_label for c in cells))
    inner_rows = [r for r in rows if r != TOTAL]
    inner_cols = [c for c in cols if c != TOTAL]
    if TOTAL in cols:
        for r in rows:
            build.system.equal([grid[(r, c)] for c in inner_cols], grid[(r, TOTAL)])
            build.counters["crosstab constraints"] += 1
    if TOTAL in rows:
        for c in cols:
            build.system.equal([grid[(r, c)] for r in inner_rows], grid[(TOTAL, c)])
            build.counters["crosstab constraints"] += 1


def _estimate_cells(build: _Build, rows: Iterable[EstimateRow], rules: AttackRules,
                    scope: tuple = ()) -> None:
    for row in rows:
        build.cell(_key(scope, row.n_key()), row.n, row.table, row.label, row.threshold,
                   rules)


def _findings(build: _Build, attack: str, rules: AttackRules, result: Result) -> list[Finding]:
    keys = [o.key for o in build.hidden if not o.structural]
    ranges = build.system.ranges(keys)
    result.examined["hidden cells bounded"] += len(keys)
    result.examined["constraints"] += len(build.system.rows)
    for name, value in build.counters.items():
        result.examined[name] += value
    out = []
    infeasible = set()
    for occ in build.hidden:
        if occ.structural:
            continue
        rng = ranges.get(occ.key)
        if rng is None:
            infeasible.add(_page_table(occ.table))
            continue
        if build.published.get(occ.key):
            continue  # shown elsewhere: attacks 4 and 5 report it
        reason = judge(rng[0], rng[1], occ.threshold, rules)
        if reason:
            out.append(Finding(attack, _page_table(occ.table), occ.cell, reason,
                               (occ.table.origin,), *rng))
    for name in sorted(infeasible):
        result.notes.append(f"published numbers around {name} contradict the assumed "
                            "structure; not bounded")
    if build.system.conflicts:
        result.notes.append(f"{len(build.system.conflicts)} number(s) published twice with "
                            "values that cannot both hold")
    return out


# ---------------------------------------------------------------------------------------------
# 2. differencing within a table


def within_table(tables: Sequence[Table], rules: AttackRules) -> Result:
    """Attack 2: bound each suppressed n of a table from the table alone.

    Estimate tables: the n's of a breakdown's groups add up to at most the ``Totaal`` n
    (respondents without a value for the breakdown are unknown); aggregate bands
    (``12+``) hold at most the bands inside them; rows of one base show the same n for each
    indicator. Crosstabs: rows and columns add up to their margins. Published counts stand
    for their rounding intervals; suppressed ones for ``[0, inf)``.
    """
    result = Result("2 within a table")
    found = []
    for table in tables:
        build = _Build()
        rows = estimate_rows(table, rules)
        if rows:
            _estimate_cells(build, rows, rules, (table.ref,))
            _one_way(build, rows, (table.ref,))
        cells = count_cells(table, rules)
        if cells:
            _crosstab(build, cells, rules, scope=(table.ref,))
        if build.hidden:
            result.examined["tables with suppressed cells"] += 1
            found += _findings(build, result.attack, rules, result)
        else:  # read and its sums written, but nothing to bound (no LP)
            result.examined["constraints"] += len(build.system.rows)
        result.examined["tables"] += 1
    result.findings = _dedupe(found)
    return result


# ---------------------------------------------------------------------------------------------
# 3. one-way against two-way


def _by_wave(tables: Sequence[Table]) -> dict[int, list[Table]]:
    out: dict[int, list[Table]] = defaultdict(list)
    for t in tables:
        out[t.wave].append(t)
    return dict(sorted(out.items()))


def _survey_rows(tables: Iterable[Table], rules: AttackRules) -> list[EstimateRow]:
    return [r for t in tables for r in estimate_rows(t, rules) if r.source == "survey"]


def _survey_build(rows: list[EstimateRow], rules: AttackRules, two_way: bool,
                  numerators: bool = False) -> _Build:
    build = _Build()
    _estimate_cells(build, rows, rules)
    _one_way(build, rows)
    if two_way:
        _two_way(build, rows)
    if numerators:
        _numerators(build, rows)
    return build


def one_way_two_way(tables: Sequence[Table], rules: AttackRules) -> Result:
    """Attack 3: two-way cells (``a × b``) split the n of one-way groups ``a`` and ``b``.

    Per report (wave), over every survey table of its pages: the one-way structure of attack
    2 across tables, plus ``sum_b n(a × b) <= n(a)``, ``sum_a n(a × b) <= n(b)`` and the sum of
    all cells at most the total. Findings are the cells this adds to the one-way structure
    alone, and every suppressed one-way group whose two-way cells are all published (the gate
    must not publish a breakdown that splits a hidden group).
    """
    result = Result("3 one-way vs two-way")
    found = []
    for _wave, wave_tables in _by_wave(tables).items():
        rows = _survey_rows(wave_tables, rules)
        if not any(r.two_way for r in rows):
            continue
        plain = {f.where for f in _findings(_survey_build(rows, rules, False), "", rules,
                                            Result(""))}
        with_two_way = _findings(_survey_build(rows, rules, True), result.attack, rules, result)
        found += [f for f in with_two_way if f.where not in plain]
        found += _split_groups(rows, result)
    result.findings = _dedupe(found)
    return result


def _split_groups(rows: list[EstimateRow], result: Result) -> list[Finding]:
    cells: dict[tuple, dict[str, bool]] = defaultdict(dict)
    for row in rows:
        if not row.two_way:
            continue
        variables = row.breakdown.split(TWO_WAY)
        parts = row.group.split(TWO_WAY)
        if len(variables) != 2 or len(parts) != 2:
            continue
        for k in (0, 1):
            family = (row.year, row.base, row.breakdown, variables[k], parts[k])
            cells[family][parts[1 - k]] = cells[family].get(parts[1 - k], True) and \
                not row.n_hidden
    out = []
    for row in rows:
        if row.two_way or row.is_total or not row.n_hidden:
            continue
        for (year, base, breakdown, variable, category), shown in cells.items():
            if (year, base, variable, category) != (row.year, row.base, row.breakdown,
                                                    row.group):
                continue
            result.examined["hidden groups checked against two-way cells"] += 1
            if shown and all(shown.values()):
                out.append(Finding(result.attack, _page_table(row.table), row.label,
                                   f"suppressed group split by the published breakdown "
                                   f"{breakdown}", (row.table.origin,)))
    return out


# ---------------------------------------------------------------------------------------------
# 4. between sections (and between a page and its downloads)


def between_sections(tables: Sequence[Table], rules: AttackRules) -> Result:
    """Attack 4: the same base hidden on one page and published or implied on another.

    Per report (wave), over its pages' HTML tables: a suppressed n whose count (same year,
    base, breakdown and group) another table shows; or whose count another table implies by a
    percentage of a published n (the discriminated of a group, the base of the gronden page,
    are the numerator of "discriminatie ervaren" on the prevalentie page) within a range that
    is a finding. The same for HR and CBS headcounts (source, year, bands) hidden in one table
    and shown in another. And every download must be its page's table, cell for cell.
    """
    result = Result("4 between sections")
    found = []
    for _wave, wave_tables in _by_wave(tables).items():
        html = [t for t in wave_tables if t.origin == "html"]
        rows = _survey_rows(html, rules)
        shown: dict[Hashable, list[EstimateRow]] = defaultdict(list)
        implied: dict[Hashable, list[tuple[tuple[int, int], Table]]] = defaultdict(list)
        for row in rows:
            if parse_count(row.n) is not None:
                shown[row.n_key()].append(row)
            share = parse_percent(row.value)
            n_iv = _n_interval(row.n, row.threshold, rules)
            if row.share_of == "n" and row.base == ("resp",) and share and n_iv:
                implied[row.numerator_key()].append((numerator_range(n_iv, share), row.table))
        for row in rows:
            if not row.n_hidden:
                continue
            result.examined["suppressed n compared"] += 1
            others = shown.get(row.n_key(), [])
            if others:
                if any(o.table.page != row.table.page for o in others):
                    where = "another page"
                elif any(o.table is not row.table for o in others):
                    where = "another table of the page"
                else:
                    where = "another row of the table"
                found.append(Finding(result.attack, _page_table(row.table), row.label,
                                     f"shown on {where} ({_page_table(others[0].table)})"))
                continue
            sources = [(rng, t) for rng, t in implied.get(row.n_key(), [])
                       if t is not row.table]
            if not sources:
                continue
            low = max(r[0] for r, _ in sources)
            high = min(r[1] for r, _ in sources)
            if low > high:
                low, high = min(r[0] for r, _ in sources), max(r[1] for r, _ in sources)
            reason = judge(low, high, row.threshold, rules)
            if reason:
                found.append(Finding(result.attack, _page_table(row.table), row.label,
                                     f"implied by {_page_table(sources[0][1])}: {reason}",
                                     ("html",), low, high))
        found += _stocks_shown_elsewhere(html, rules, result)
    found += _downloads(tables, result)
    result.findings = _dedupe(found)
    return result


def _stocks_shown_elsewhere(tables: Sequence[Table], rules: AttackRules, result: Result
                            ) -> list[Finding]:
    """A headcount (source, year, range of bands) hidden in one table and shown in another:
    the bands, ``12+`` and totals of the HR and CBS tables, and the stocks of a flows table
    (the register at the end of the year before and at the end of the year)."""
    seen: dict[tuple, list[tuple[Table, str, bool]]] = defaultdict(list)
    for t in tables:
        for row in estimate_rows(t, rules):
            if row.source == "survey" or row.share_of == "none":
                continue
            rng = (0, TOP) if row.group == str(row.year) else label_range(row.group)
            if rng is not None and (row.n_hidden or parse_count(row.n) is not None):
                seen[("stock", row.source, row.year, rng)].append((t, row.label, row.n_hidden))
        cells = count_cells(t, rules)
        if not set(FLOW_COLUMNS) <= {c.col_label for c in cells}:
            continue
        for c in cells:
            rng = label_range(c.row_label)
            if c.col_label in (START, END) and rng is not None:
                year = c.year - 1 if c.col_label == START else c.year
                seen[("stock", c.source, year, rng)].append((t, c.label, c.hidden))
    out = []
    for occurrences in seen.values():
        for table, label, hidden in occurrences:
            if not hidden:
                continue
            result.examined["suppressed headcounts compared"] += 1
            shown = [o for o, _, h in occurrences if not h and o is not table]
            if shown:
                where = "another page" if any(o.page != table.page for o in shown) \
                    else "another table of the page"
                out.append(Finding(result.attack, _page_table(table), label,
                                   f"shown on {where} ({_page_table(shown[0])})"))
    return out


def canonical(text: str) -> tuple:
    """A cell's published content, independent of how a page or a download writes it.

    Examples
    --------
    >>> canonical("22.000") == canonical("22000"), canonical("1,0") == canonical("1")
    (True, True)
    >>> canonical("·"), canonical(" 56% ")
    (('hidden',), ('text', '56%'))
    """
    stripped = text.strip()
    if is_hidden(stripped):
        return ("hidden",)
    count = parse_count(stripped)
    if count is not None:
        return ("number", float(count))
    decimal = parse_decimal(stripped)
    if decimal is not None:
        return ("number", decimal)
    return ("text", stripped)


def _downloads(tables: Sequence[Table], result: Result) -> list[Finding]:
    pages = {(t.page, t.name): t for t in tables if t.origin == "html"}
    out = []
    for t in tables:
        if t.origin == "html":
            continue
        page = pages.get((t.page, t.name))
        if page is None:
            out.append(Finding(result.attack, _page_table(t), "(whole table)",
                               "a download holds a table its page does not show", (t.origin,)))
            continue
        if len(t.rows) != len(page.rows) or tuple(t.header) != tuple(page.header):
            out.append(Finding(result.attack, _page_table(t), "(whole table)",
                               "download layout differs from the page", (t.origin,)))
            continue
        for i, (a, b) in enumerate(zip(page.rows, t.rows, strict=True)):
            for j, (x, y) in enumerate(zip(a, b, strict=False)):
                result.examined["download cells compared"] += 1
                if canonical(x) != canonical(y):
                    reason = ("hidden on the page, shown in the download"
                              if is_hidden(x) else "download differs from the page")
                    out.append(Finding(result.attack, _page_table(t), page.cell_label(i, j),
                                       reason, (t.origin,)))
    return out


# ---------------------------------------------------------------------------------------------
# 6. LP with structure (defined before 5, which uses it)


def _flow_structure(build: _Build, tables: Sequence[Table], rules: AttackRules) -> None:
    """Stocks and flows: structural zeros, the stock-flow identity, published stocks.

    For a flows table of year ``Y`` (rows: salary bands; columns :data:`FLOW_COLUMNS`): the
    start is the stock at the end of ``Y - 1``, the end the stock at the end of ``Y``, and
    ``end = start + instroom + doorstroom in - doorstroom uit - uitstroom``. Promotions
    ``M(b -> b')`` (``b < b'``, unknown, at least 0) add up to the doorstroom into ``b'`` and
    out of ``b``. Nobody is promoted into the lowest band or out of the highest: those cells
    are zero by definition (structural zeros, never themselves a finding). Stocks are published
    as the n of the HR and CBS tables (bands, ``12+``, totals, per year): the tables of one
    source add up exactly (a CBS ``12+`` is its ``12-14`` plus its ``15+``), and a CBS band
    equals the register's within :data:`CBS_SLACK`.
    """
    flows = []
    for t in tables:
        cells = count_cells(t, rules)
        if cells and set(FLOW_COLUMNS) <= {c.col_label for c in cells}:
            flows.append((t, cells))
    if not flows:
        return
    bands = []
    for _t, cells in flows:
        for c in cells:
            if c.row_label != TOTAL and label_range(c.row_label) and c.row_label not in bands:
                bands.append(c.row_label)
    bands.sort(key=lambda b: label_range(b)[0])

    def stock(source: str, year: int, band: str) -> tuple:
        return ("stock", source, year, band)

    for t, cells in flows:
        grid = {(c.row_label, c.col_label): c for c in cells}
        year = cells[0].year
        key = {(r, col): ("flows", t.ref, c.key()) for (r, col), c in grid.items()}
        _crosstab(build, cells, rules, scope=("flows", t.ref))
        for zero in ((bands[0], UP_IN), (bands[-1], UP_OUT)):
            cell = key.get(zero)
            if cell is None:
                continue
            build.system.var(cell, 0, 0)
            for occ in build.hidden:
                if occ.key == cell:
                    occ.structural = True
            build.counters["structural zeros"] += 1
        promotions = {(a, b): ("promoted", year, a, b) for i, a in enumerate(bands)
                      for b in bands[i + 1:]}
        for b in bands:
            if not all((b, col) in key for col in FLOW_COLUMNS):
                continue
            build.system.equal([key[(b, START)]], stock("hr", year - 1, b))
            build.system.equal([key[(b, END)]], stock("hr", year, b))
            into = [promotions[(a, b)] for a in bands if (a, b) in promotions]
            if into:
                build.system.equal(into, key[(b, UP_IN)])
            out_of = [promotions[(b, c)] for c in bands if (b, c) in promotions]
            if out_of:
                build.system.equal(out_of, key[(b, UP_OUT)])
            build.system.add({key[(b, END)]: 1.0, key[(b, START)]: -1.0, key[(b, HIRED)]: -1.0,
                              key[(b, UP_IN)]: -1.0, key[(b, UP_OUT)]: 1.0,
                              key[(b, LEFT)]: 1.0}, 0.0, 0.0)
            build.counters["stock-flow identities"] += 1

    linked = set()
    for t in tables:
        for row in estimate_rows(t, rules):
            covered = _covered_bands(row, bands)
            if not covered:
                continue
            key = row.n_key()
            build.cell(key, row.n, row.table, row.label, row.threshold, rules)
            build.system.equal([stock(row.source, row.year, b) for b in covered], key)
            build.counters["published stocks"] += 1
            if row.source != "cbs":
                continue
            for b in covered:
                if (row.year, b) not in linked:
                    linked.add((row.year, b))
                    build.system.add({stock("cbs", row.year, b): 1.0,
                                      stock("hr", row.year, b): -1.0}, -CBS_SLACK, CBS_SLACK)


def _covered_bands(row: EstimateRow, bands: list[str]) -> list[str]:
    """The salary bands whose staff an HR or CBS row's n counts (none for other rows)."""
    if row.source == "survey" or row.share_of == "none":
        return []
    if row.group == str(row.year):
        return list(bands)  # the whole register of that year (jong)
    rng = label_range(row.group)
    if rng is None:
        return []
    return [b for b in bands if rng[0] <= label_range(b)[0] and label_range(b)[1] <= rng[1]]


def _full_build(tables: Sequence[Table], rules: AttackRules) -> _Build:
    rows = [r for t in tables for r in estimate_rows(t, rules)]
    survey = [r for r in rows if r.source == "survey"]
    build = _survey_build(survey, rules, two_way=True, numerators=True)
    others = [r for r in rows if r.source != "survey"]
    _estimate_cells(build, others, rules)
    _one_way(build, others)
    for t in tables:
        cells = count_cells(t, rules)
        if cells and not set(FLOW_COLUMNS) <= {c.col_label for c in cells}:
            _crosstab(build, cells, rules, scope=(t.ref,))  # flows tables: _flow_structure
    _flow_structure(build, tables, rules)
    return build


def lp_bounds(tables: Sequence[Table], rules: AttackRules, joint: bool = False
              ) -> list[tuple[str, str, Hashable, tuple[float, float] | None]]:
    """Bounds of every suppressed cell under the LP of attack 6 (per wave, or all waves
    together with ``joint``): ``(table, cell, key, (low, high) or None)``. For checking the
    attack's assumptions against the true values; never print the bounds."""
    groups = [list(tables)] if joint else list(_by_wave(tables).values())
    out = []
    for group in groups:
        build = _full_build(group, rules)
        ranges = build.system.ranges([o.key for o in build.hidden])
        out += [(_page_table(o.table), o.cell, o.key, ranges.get(o.key)) for o in build.hidden]
    return out


def with_structure(tables: Sequence[Table], rules: AttackRules) -> Result:
    """Attack 6: one LP per report over everything its pages publish, with structure.

    The one-way, two-way and crosstab sums of attacks 2 and 3 across all tables and sections
    (a number shown in two tables is one variable), those with an outcome at most the
    respondents of their group, and the flows: structural zeros, the stock-flow identity and
    the stocks published in other tables (:func:`_flow_structure`).
    """
    result = Result("6 LP with structure")
    found = []
    for _wave, wave_tables in _by_wave(tables).items():
        found += _findings(_full_build(wave_tables, rules), result.attack, rules, result)
    result.findings = _dedupe(found)
    return result


# ---------------------------------------------------------------------------------------------
# 5. between waves


def between_waves(tables: Sequence[Table], rules: AttackRules) -> Result:
    """Attack 5: one year's figures in two reports; differencing over the reports together.

    Figures of one year shown in the reports of two waves (HR and CBS tables repeat earlier
    years; the trend table repeats the previous wave's totals) must be the same numbers with
    the same suppression: a finding where one report hides what another shows, or shows
    another number. Then the LP of attack 6 over all reports together: a finding for each
    cell it bounds that the reports alone do not.
    """
    result = Result("5 between waves")
    found = []
    html = [t for t in tables if t.origin == "html"]
    figures: dict[Hashable, list[tuple[EstimateRow | CountCell, str, str]]] = defaultdict(list)
    for t in html:
        for row in estimate_rows(t, rules):
            n = row.n if row.share_of != "none" else ""  # an n of another year than the value
            figures[row.estimate_key()].append((row, row.value, n))
        for c in count_cells(t, rules):
            figures[c.key()].append((c, c.text, ""))
    for seen in figures.values():
        if len({item.table.wave for item, _, _ in seen}) < 2:
            continue
        for item, value, n in seen:
            for other, value2, n2 in seen:
                if other.table.wave <= item.table.wave:
                    continue
                result.examined["figures compared across reports"] += 1
                for what, a, b in (("value", value, value2), ("n", n, n2)):
                    if not a or not b or canonical(a) == canonical(b):
                        continue
                    if is_hidden(a) != is_hidden(b):
                        hid, shw = (item, other) if is_hidden(a) else (other, item)
                        reason = (f"{what} hidden in one report, shown in another "
                                  f"({_page_table(shw.table)})")
                    else:
                        hid, shw = other, item
                        reason = f"{what} differs from {_page_table(shw.table)}"
                    found.append(Finding(result.attack, _page_table(hid.table),
                                         _label(hid, what), reason))
    waves = sorted({t.wave for t in tables})
    if len(waves) > 1:
        alone = set()
        for wave in waves:
            single = [t for t in tables if t.wave == wave]
            alone |= {f.where for f in _findings(_full_build(single, rules), "", rules,
                                                 Result(""))}
        joint = Result(result.attack)
        together = _findings(_full_build(tables, rules), result.attack, rules, joint)
        for name, value in joint.examined.items():
            result.examined[f"joint {name}"] += value
        result.notes += joint.notes
        found += [Finding(f.attack, f.table, f.cell, f"{f.reason} (reports together)",
                          f.origins, f.low, f.high) for f in together if f.where not in alone]
    result.findings = _dedupe(found)
    return result


# ---------------------------------------------------------------------------------------------
# 7. units: a directie from its cluster and the cluster's other directies


def organisation() -> dict[str, str]:
    """The organisation chart a reader knows: the cluster of every directie (normalised).

    Outside knowledge, not read from the reports (the city publishes its organisation); for
    the demo the synthetic organisation's chart (:mod:`pipeline.synth.organisation`).
    """
    from pipeline.synth.organisation import directie_table

    chart = directie_table()
    return {norm(d): norm(c) for d, c in zip(chart["directie"], chart["cluster"], strict=True)}


def _hierarchy(build: _Build, rows: Iterable[EstimateRow], parents: Mapping[str, str]) -> None:
    """Directies of a cluster add up to at most the cluster (``sum(directies) <= cluster``):
    per year and base, wherever a cluster's n and some of its directies' n are published.
    Respondents with a cluster and no directie are unknown, so it is not an equality."""
    clusters: dict[tuple, Hashable] = {}
    parts: dict[tuple, set[Hashable]] = defaultdict(set)
    for row in rows:
        if row.two_way or row.is_total:
            continue
        if row.breakdown == "cluster":
            clusters[(row.year, row.base, row.group)] = row.n_key()
        elif row.breakdown == "directie" and row.group in parents:
            parts[(row.year, row.base, parents[row.group])].add(row.n_key())
    for where, keys in sorted(parts.items(), key=lambda kv: str(kv[0])):
        total = clusters.get(where)
        if total is not None:
            build.system.at_most(sorted(keys, key=str), total)
            build.counters["hierarchy constraints"] += 1


def unit_differencing(tables: Sequence[Table], rules: AttackRules,
                      parents: Mapping[str, str] | None = None) -> Result:
    """Attack 7: a unit from its parent and its siblings, over all pages of a report.

    The unit reports show clusters and directies next to the organisation, and the respons
    pages show the respondents per cluster and directie. A directie's n is then bounded by
    its cluster's n minus the cluster's other published directies (the organisation chart,
    :func:`organisation`, says which), and a unit's by the organisation's total minus the
    other units (the one-way sums). Per report: the LP of attack 6 plus those hierarchy
    constraints; every suppressed cell it pins is a finding.
    """
    parents = organisation() if parents is None else parents
    result = Result("7 unit against the rest of its cluster")
    found = []
    for _wave, wave_tables in _by_wave(tables).items():
        build = _full_build(wave_tables, rules)
        rows = [r for t in wave_tables for r in estimate_rows(t, rules)]
        _hierarchy(build, rows, parents)
        found += _findings(build, result.attack, rules, result)
    result.findings = _dedupe(found)
    return result


def _label(item: EstimateRow | CountCell, what: str) -> str:
    if isinstance(item, CountCell):
        return item.label
    return item.label if what == "n" else item.value_label


ATTACKS: dict[str, Callable[[Sequence[Table], AttackRules], Result]] = {
    "implied_counts": implied_counts,
    "within_table": within_table,
    "one_way_two_way": one_way_two_way,
    "between_sections": between_sections,
    "between_waves": between_waves,
    "with_structure": with_structure,
    "unit_differencing": unit_differencing,
}
"""Every attack by name, in the order of docs/attacks.md."""


def run_all(tables: Sequence[Table], rules: AttackRules) -> dict[str, Result]:
    """Run every attack on the same tables."""
    return {name: attack(tables, rules) for name, attack in ATTACKS.items()}
