"""What a published table tells a reader: its rows, groups, years, sources and bases.

Only what the page shows is used: headers, captions, legends, table names (``data-table``,
visible in the page source) and cell texts. Labels are compared case-folded, so the caption
"Discriminatie ervaren, naar gender" and the row "discriminatie ervaren" of the key figures
name the same indicator, and "Gender" (a column) and "gender" (a caption) the same breakdown.

The base of a group's ``n`` (whom it counts) is read from the page:

- ``("resp",)``: the respondents of the group (estimate tables of the survey by default, the
  weighting tables, the odds ratios); the same number for every indicator asked of everyone;
- ``("num", indicator)``: those with the outcome of an indicator, where the caption says
  "aandeel van wie discriminatie ervoer" (the discriminated: numerator of "discriminatie
  ervaren") or "aandeel van wie het meemaakte" for unwanted behaviour (numerator of
  "ongewenst gedrag (minstens één vorm)");
- ``("respons",)``: respondents counted for the response rate (all who started);
- ``("own", ...)``: a base the page does not relate to any other (HR and CBS tables by name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tests.disclosure.attacks.numbers import MARK
from tests.disclosure.attacks.pages import Table
from tests.disclosure.attacks.rules import AttackRules

TWO_WAY = " × "
TOTAL = "totaal"
VALUE_HEADERS = ("Percentage", "Gemiddelde", "Uitkomst", "Odds ratio", "Marge (± procentpunten)",
                 "Waarde")
"""Headers of a value column. The precision planner's margins and the R-indicators are not
shares of their n (``share_of`` ``none``); their n are respondents (base ``respons``)."""
RESPONDENT_TABLES = ("planner-", "r-")
"""Names of the tables whose n counts the respondents of the group, like the respons tables."""
DERIVED_BASES = {
    "aandeel van wie discriminatie ervoer": "discriminatie ervaren",
    "aandeel van wie het meemaakte": "ongewenst gedrag (minstens één vorm)",
}
"""Caption phrases that say the n counts those with the outcome of another indicator."""
_LEGEND = re.compile(r"te weinig (\w+) \(minder dan ([\d.]+)\)")
_CAPTION_YEAR = re.compile(r",\s*(\d{4})$")
_IN_YEAR = re.compile(r"^schaal 12\+ in (\d{4})$")


def norm(text: str) -> str:
    """Case-folded text with single spaces (labels compared across tables).

    Examples
    --------
    >>> norm("  Herkomst (CBS,  nieuwe indeling) "), norm("Totaal")
    ('herkomst (cbs, nieuwe indeling)', 'totaal')
    """
    return " ".join(text.casefold().split())


def source_of(table: Table, rules: AttackRules) -> tuple[str, int]:
    """Source (``survey``, ``hr``, ``cbs``) and primary threshold the table's legend states.

    Without a legend the table is taken as a survey table under the survey threshold.
    """
    for line in table.footer:
        match = _LEGEND.search(line)
        if match:
            unit, number = match.group(1), int(match.group(2).replace(".", ""))
            if unit == "respondenten":
                return "survey", number
            return ("cbs" if number == rules.cbs_min_n and number != rules.hr_min_n
                    else "hr"), number
    return "survey", rules.survey_min_n


MEASURE = "Cijfer"
"""Header of the column of a wide table that says whether a row holds values or n's."""
_YEAR = re.compile(r"^\d{4}$")


def is_wide(table: Table) -> bool:
    """A wide estimate table: one column per year, each group in two rows (value and ``n``).

    Its header is the label columns (``Indicator``, ``Groep``), ``Cijfer`` and the years; the
    ``Cijfer`` cell of a row says which figure it holds (``Percentage``/``Gemiddelde`` or
    ``n``).

    Examples
    --------
    >>> t = Table("p", 2024, "s", "html", "t", "c", ("Groep", "Cijfer", "2023", "2024"), ())
    >>> is_wide(t), is_wide(Table("p", 2024, "s", "html", "t", "c", ("Groep", "n"), ()))
    (True, False)
    """
    if MEASURE not in table.header:
        return False
    after = table.header[table.header.index(MEASURE) + 1:]
    return bool(after) and all(_YEAR.match(h) for h in after)


def is_estimate_table(table: Table) -> bool:
    """A table of estimates: a value column and an ``n`` column, or a wide table."""
    return is_wide(table) or ("n" in table.header
                              and any(h in table.header for h in VALUE_HEADERS))


def is_between_waves(table: Table) -> bool:
    """A between-wave table: each wave's percentage (or mean) and the difference, no counts.

    Its values are the cells of the waves' own estimate tables (same suppression), which the
    attacks read there; a difference is not a count, and its rows do not add up.
    """
    return any(h.startswith("Verschil (") for h in table.header)


def is_count_table(table: Table) -> bool:
    """A crosstab of counts with its margins (``Totaal`` row or column), no ``n`` column."""
    if (is_estimate_table(table) or is_between_waves(table) or len(table.header) < 2
            or not table.rows):
        return False
    return "Totaal" in table.header[1:] or any(r and r[0] == "Totaal" for r in table.rows)


def table_year(table: Table) -> int:
    """The year of a table without a year column: ``..., 2024`` at the end of its caption,
    else the largest ``schaal 12+ in <year>`` indicator, else the report's wave."""
    match = _CAPTION_YEAR.search(table.caption)
    if match:
        return int(match.group(1))
    col = table.col("Indicator")
    if col is not None:
        years = [int(m.group(1)) for r in table.rows if (m := _IN_YEAR.match(r[col]))]
        if years:
            return max(years)
    return table.wave


@cache
def _caption_parts(caption: str, name: str) -> tuple[str, str]:
    """(indicator, breakdown) a caption names; the table name where it names none."""
    text = caption.strip()
    base = re.sub(r"\s*\([^()]*aandeel van wie[^()]*\)$", "", text)
    if ", naar " in base:
        indicator, breakdown = base.split(", naar ", 1)
        return norm(indicator), norm(breakdown)
    if ": " in base and TWO_WAY in base:
        indicator, breakdown = base.split(": ", 1)
        return norm(indicator), norm(breakdown)
    match = re.match(r"^(Respons|Verdeling) naar (.+?)(?::.*)?$", base)
    if match:
        return norm(match.group(1)), norm(match.group(2))
    match = re.match(r"^(.+), per (\w+)$", base)  # the planner: "..., per directie"
    if match:
        return norm(match.group(1)), norm(match.group(2))
    return norm(base), norm(name)


def base_of(table: Table, source: str) -> tuple[str, ...]:
    """Whom the ``n`` of the table's rows counts (see the module docstring)."""
    if source != "survey":
        return ("own", table.name)
    if table.name.startswith(("respons", *RESPONDENT_TABLES)):
        return ("respons",)
    if table.name.startswith("weging"):
        return ("resp",)
    if table.name == "geen-antwoord":
        return ("own", table.name)
    caption = norm(table.caption)
    for phrase, indicator in DERIVED_BASES.items():
        if phrase in caption and (phrase != "aandeel van wie het meemaakte"
                                  or "ongewenst" in caption):
            return ("num", indicator)
    match = re.search(r"\((aandeel van wie [^()]*)\)", caption)
    if match:
        return ("own", match.group(1))
    return ("resp",)


@dataclass(frozen=True)
class EstimateRow:
    """One row of an estimate table, read as a reader reads it.

    Attributes
    ----------
    table : Table
    index : int
        Row index in the table.
    year : int
    indicator, breakdown, group : str
        Normalised labels; ``totaal`` for the whole-wave row.
    value, n : str
        Texts of the value and n cells.
    value_col, n_col : int
    n_index : int
        Row of the n (a wide table's n is on the row under the value; else ``index``).
    source : str
        ``survey``, ``hr`` or ``cbs``.
    threshold : int
        Primary threshold of the source.
    base : tuple
        Whom ``n`` counts (module docstring).
    share_of : str
        What the percentage is a share of: ``n`` (cases with the outcome among the n),
        ``respons`` (the n are the respondents among all staff of the group: response
        tables) or ``none`` (not a share of this n: distributions of the weighting, targets,
        projections, a year other than the n's).
    """

    table: Table
    index: int
    year: int
    indicator: str
    breakdown: str
    group: str
    value: str
    n: str
    value_col: int
    n_col: int
    source: str
    threshold: int
    base: tuple[str, ...]
    share_of: str
    n_index: int = -1

    @property
    def is_total(self) -> bool:
        """The whole-wave (Totaal) row."""
        return self.group == TOTAL and self.breakdown == TOTAL

    @property
    def two_way(self) -> bool:
        """A row of a two-way breakdown (``A × B``, group ``a × b``)."""
        return TWO_WAY.strip() in self.breakdown and TWO_WAY.strip() in self.group

    @property
    def projected(self) -> bool:
        """A projection (a year after the report's, or a projection table): no figure of a
        year, and its n is not a count of that year."""
        return self.year > self.table.wave or norm(self.table.caption).startswith("geprojecteerd")

    @property
    def n_hidden(self) -> bool:
        """The n shows the suppression mark."""
        return self.n.strip() == MARK

    @property
    def label(self) -> str:
        """Readable cell label of the n (never a value)."""
        if self.n_index >= 0:
            return self.table.cell_label(self.n_index, self.n_col)
        return f"{self.table.row_label(self.index)} | n"

    @property
    def value_label(self) -> str:
        """Readable cell label of the value."""
        return self.table.cell_label(self.index, self.value_col)

    def n_key(self) -> tuple:
        """Identity of the count the n stands for, shared by every table that shows it."""
        return ("n", self.year, self.base, self.breakdown, self.group)

    def numerator_key(self) -> tuple:
        """Identity of the count of cases with this row's outcome (base ``num``)."""
        return ("n", self.year, ("num", self.indicator), self.breakdown, self.group)

    @property
    def value_year(self) -> int:
        """The year of the value: ``schaal 12+ in 2024`` is a 2024 share even in a table whose
        n are of a later year."""
        match = _IN_YEAR.match(self.indicator)
        return int(match.group(1)) if match else self.year

    def estimate_key(self) -> tuple:
        """Identity of the row's figure (year, indicator, breakdown, group and base)."""
        base = self.base if self.source == "survey" else ("own", self.table.name)
        return ("estimate", self.value_year, self.indicator, self.breakdown, self.group, base)


def estimate_rows(table: Table, rules: AttackRules) -> list[EstimateRow]:
    """The rows of an estimate table (empty for any other table)."""
    if not is_estimate_table(table):
        return []
    return [r for r in _all_rows(table, rules) if not r.projected]


def _wide_rows(table: Table, rules: AttackRules) -> list[EstimateRow]:
    """The cells of a wide table as rows: one per group (and indicator) and year."""
    source, threshold = source_of(table, rules)
    measure = table.col(MEASURE)
    years = {j: int(h) for j, h in enumerate(table.header) if j > measure and _YEAR.match(h)}
    col_i, col_g = table.col("Indicator"), table.col("Groep")
    caption_indicator, caption_breakdown = _caption_parts(table.caption, table.name)
    base = base_of(table, source)
    values: dict[tuple[str, str], int] = {}
    counts: dict[tuple[str, str], int] = {}
    for i, cells in enumerate(table.rows):
        key = (cells[col_i] if col_i is not None else "", cells[col_g] if col_g is not None
               else "")
        (counts if cells[measure] == "n" else values)[key] = i
    out = []
    for key, i in values.items():
        k = counts.get(key)
        if k is None:
            continue
        indicator = norm(key[0]) if col_i is not None else caption_indicator
        group = norm(key[1]) if col_g is not None else TOTAL
        breakdown = TOTAL if group == TOTAL else caption_breakdown
        for j, year in years.items():
            value, n = table.rows[i][j], table.rows[k][j]
            if not value.strip() and not n.strip():
                continue  # no figure for this group in this year
            out.append(EstimateRow(
                table=table, index=i, year=year, indicator=indicator, breakdown=breakdown,
                group=group, value=value, n=n, value_col=j, n_col=j, source=source,
                threshold=threshold, base=base, share_of=_share_of(table, indicator, year),
                n_index=k,
            ))
    return out


def _all_rows(table: Table, rules: AttackRules) -> list[EstimateRow]:
    if is_wide(table):
        return _wide_rows(table, rules)
    source, threshold = source_of(table, rules)
    value_col = next(table.col(h) for h in VALUE_HEADERS if h in table.header)
    n_col = table.col("n")
    col = {h: table.col(h) for h in ("Jaar", "Indicator", "Uitsplitsing", "Groep")}
    caption_indicator, caption_breakdown = _caption_parts(table.caption, table.name)
    base = base_of(table, source)
    default_year = table_year(table)
    out = []
    for i, cells in enumerate(table.rows):
        if len(cells) <= max(value_col, n_col):
            continue
        year = default_year
        if col["Jaar"] is not None and cells[col["Jaar"]].strip().isdigit():
            year = int(cells[col["Jaar"]])
        indicator = norm(cells[col["Indicator"]]) if col["Indicator"] is not None \
            else caption_indicator
        group = norm(cells[col["Groep"]]) if col["Groep"] is not None else norm(cells[0])
        if col["Uitsplitsing"] is not None:
            breakdown = norm(cells[col["Uitsplitsing"]])
        elif group == TOTAL:
            breakdown = TOTAL
        else:
            breakdown = caption_breakdown
        share_of = _share_of(table, indicator, default_year)
        out.append(EstimateRow(
            table=table, index=i, year=year, indicator=indicator, breakdown=breakdown,
            group=group, value=cells[value_col], n=cells[n_col], value_col=value_col,
            n_col=n_col, source=source, threshold=threshold, base=base, share_of=share_of,
        ))
    return out


def _share_of(table: Table, indicator: str, year: int) -> str:
    if table.name.startswith("respons"):
        return "respons"
    if table.name == "projectie-aannames":  # yearly rates: exits or entrants out of n
        return "n"
    if table.name.startswith(("weging", "projectie", *RESPONDENT_TABLES)):
        return "none"
    if indicator.startswith("nodig "):
        return "none"
    match = _IN_YEAR.match(indicator)
    if match and int(match.group(1)) != year:
        return "none"
    return "n"


@dataclass(frozen=True)
class CountCell:
    """One cell of a count crosstab (margins included).

    Attributes
    ----------
    table : Table
    row, col : int
        Position in the table (``col`` counts the label column).
    row_label, col_label : str
        Normalised labels (``totaal`` for the margins).
    text : str
        Published text.
    year : int
        The table's year.
    source : str
    threshold : int
    """

    table: Table
    row: int
    col: int
    row_label: str
    col_label: str
    text: str
    year: int
    source: str
    threshold: int

    @property
    def hidden(self) -> bool:
        """The cell shows the suppression mark."""
        return self.text.strip() == MARK

    @property
    def label(self) -> str:
        """Readable label (row / column), never a value."""
        return f"{self.table.rows[self.row][0]} | {self.table.header[self.col]}"

    def key(self) -> tuple:
        """Identity of the cell's count within its table."""
        return ("cel", self.table.name, self.year, self.row_label, self.col_label)


def count_cells(table: Table, rules: AttackRules) -> list[CountCell]:
    """The cells of a count crosstab (empty for any other table)."""
    if not is_count_table(table):
        return []
    source, threshold = source_of(table, rules)
    year = table_year(table)
    out = []
    for i, cells in enumerate(table.rows):
        for j in range(1, min(len(cells), len(table.header))):
            out.append(CountCell(
                table=table, row=i, col=j, row_label=norm(cells[0]),
                col_label=norm(table.header[j]), text=cells[j], year=year, source=source,
                threshold=threshold,
            ))
    return out


_RANGE = re.compile(r"^(\d+)-(\d+)$|^(\d+)\+$|^<(\d+)$|^(?:schaal )?(\d+) en hoger$")
TOP = 10**6


def label_range(label: str) -> tuple[int, int] | None:
    """The numeric range a group label covers (salary bands, age bands), else None.

    ``totaal`` and ``alle schalen`` cover everything.

    Examples
    --------
    >>> label_range("12-14"), label_range("15+"), label_range("<25"), label_range("totaal")
    ((12, 14), (15, 1000000), (0, 24), (0, 1000000))
    >>> label_range("schaal 12 en hoger"), label_range("man")
    ((12, 1000000), None)
    """
    text = norm(label)
    if text in (TOTAL, "alle schalen"):
        return 0, TOP
    match = _RANGE.match(text)
    if not match:
        return _merged_range(text)
    a, b, plus, below, higher = match.groups()
    if a is not None:
        return int(a), int(b)
    if plus is not None:
        return int(plus), TOP
    if below is not None:
        return 0, int(below) - 1
    return int(higher), TOP


def _merged_range(text: str) -> tuple[int, int] | None:
    """The range of two adjacent ranges the weighting merged (``<25+25-34``), else None.

    Examples
    --------
    >>> _merged_range("<25+25-34"), _merged_range("55++<25"), _merged_range("man+vrouw")
    ((0, 34), None, None)
    """
    for i, char in enumerate(text):
        if char != "+" or i == 0 or i == len(text) - 1:
            continue
        left, right = label_range(text[:i]), label_range(text[i + 1:])
        if left is None or right is None:
            continue
        low, high = sorted([left, right])
        if low[1] + 1 == high[0]:
            return low[0], high[1]
    return None


def nested_groups(groups: list[str]) -> list[tuple[str, list[str]]]:
    """Each group with the largest groups strictly inside it (the parts that add up to it).

    Range-like labels nest (``12+`` holds ``12-14`` and ``15+``); a label that is not a range
    is a part of ``totaal`` only. Used to write the sums of a breakdown with aggregate groups
    correctly.

    Examples
    --------
    >>> nested_groups(["totaal", "1-5", "6-8", "12-14", "15+", "12+"])
    [('totaal', ['1-5', '6-8', '12+']), ('12+', ['12-14', '15+'])]
    >>> nested_groups(["totaal", "man", "vrouw"])
    [('totaal', ['man', 'vrouw'])]
    """
    ranges = {g: label_range(g) for g in groups}
    out = []
    for g in groups:
        r = ranges[g]
        if r is None:
            continue
        inside = [h for h in groups if h != g and ranges[h] is not None
                  and r[0] <= ranges[h][0] and ranges[h][1] <= r[1] and ranges[h] != r]
        top = [h for h in inside if not any(
            k != h and ranges[k][0] <= ranges[h][0] and ranges[h][1] <= ranges[k][1]
            and ranges[k] != ranges[h] for k in inside)]
        if g == TOTAL:
            top += [h for h in groups if ranges[h] is None]
        if top:
            out.append((g, top))
    return out
