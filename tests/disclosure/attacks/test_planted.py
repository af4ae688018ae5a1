"""Each attack catches a leak planted in a real page of the demo (or in a small hand-made one).

A planted test first checks that the cell is not a finding before the plant, so an attack
that reports everything (or the wrong cell) fails as surely as one that reports nothing.
"""

from __future__ import annotations

from dataclasses import replace

from tests.disclosure.attacks import handmade as hm
from tests.disclosure.attacks.attacks import (
    END,
    FLOW_COLUMNS,
    LEFT,
    UP_IN,
    between_sections,
    between_waves,
    implied_counts,
    one_way_two_way,
    organisation,
    unit_differencing,
    with_structure,
    within_table,
)
from tests.disclosure.attacks.numbers import MARK, parse_count
from tests.disclosure.attacks.pages import ReportSet, Table


def _where(table: Table, row: int, column: str) -> tuple[str, str]:
    return f"{table.page}:{table.name}", table.cell_label(row, table.col(column))


def _found(result) -> set[tuple[str, str]]:
    return {f.where for f in result.findings}


def _reasons(result, where: tuple[str, str]) -> list[str]:
    return [f.reason for f in result.findings if f.where == where]


def _dutch(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# 1. implied counts -------------------------------------------------------------------------


def test_implied_counts_catch_a_small_numerator_planted_in_a_real_row(demo_reports, rules):
    table = demo_reports.table("2024/prevalentie", "discr-herkomst")
    row = table.find_row(Groep="Europa")
    where = _where(table, row, "Percentage")
    assert where not in _found(implied_counts(demo_reports.tables, rules))
    planted = demo_reports.plant("2024/prevalentie", "discr-herkomst", {
        (row, table.col("Percentage")): "1%", (row, table.col("n")): "200"})
    after = implied_counts(planted.tables, rules)
    assert where in _found(after)
    assert _reasons(after, where) == ["implied numerator inside [1, t-1]"]
    assert {f.origins for f in after.findings if f.where == where} == {("html", "csv", "xlsx")}


def test_implied_counts_catch_a_small_complement_and_few_non_respondents(rules):
    survey = hm.table_html("ub-gender", "Ongewenst gedrag (minstens één vorm), naar gender",
                           ["Groep", "Percentage", "95%-interval", "n"],
                           [["man", "54%", "52%–55%", "2.855"], ["x", ">99%", "97%–100%", "400"]],
                           rules)
    response = hm.table_html("respons-gender", "Respons naar gender (registratie)",
                             ["Groep", "Percentage", "n"],
                             [["man", "29%", "3.070"], ["x", "95%", "75"]], rules)
    found = implied_counts(hm.report_set(hm.page(2024, "prevalentie", [survey]),
                                         hm.page(2024, "respons", [response])).tables, rules)
    reasons = {(f.table.split(":")[1], f.cell, f.reason) for f in found.findings}
    assert reasons == {("ub-gender", "x | Percentage", "implied complement inside [1, t-1]"),
                       ("respons-gender", "x | Percentage",
                        "implied non-respondents inside [1, t-1]")}


# 2. differencing within a table ------------------------------------------------------------


def test_within_table_catches_groups_that_exhaust_a_real_total(demo_reports, rules):
    # a breakdown of a real table (the safety scores) with at least three shown groups; its
    # smallest group is hidden first (as the gate hides a small group), then the others are
    # made to fill the total: the hidden group is pinned near 0
    candidates = []
    for page in ("2024/gronden", "2026/gronden"):
        table = demo_reports.table(page, "veiligheid")
        n, b_col = table.col("n"), table.col("Uitsplitsing")
        by: dict[str, list[int]] = {}
        for i, row in enumerate(table.rows):
            if row[b_col] != "Totaal" and row[n] != MARK:
                by.setdefault(row[b_col], []).append(i)
        candidates += [(page, table, b, r) for b, r in by.items() if len(r) >= 3]
    assert candidates, "no breakdown with three shown groups in the demo's safety tables"
    page, table, breakdown, rows = candidates[0]
    n, g_col = table.col("n"), table.col("Groep")
    total = parse_count(table.rows[table.find_row(Uitsplitsing="Totaal")][n])
    hidden = min(rows, key=lambda i: parse_count(table.rows[i][n]))
    where = _where(table, hidden, "n")
    hide = {(hidden, table.col(c)): MARK for c in ("Gemiddelde", "95%-interval", "n")
            if table.col(c) is not None}
    before = demo_reports.plant(page, "veiligheid", hide)
    assert where not in _found(within_table(before.tables, rules))
    shown = [i for i in rows if i != hidden]
    largest = max(shown, key=lambda i: parse_count(table.rows[i][n]))
    rest = sum(parse_count(table.rows[i][n]) for i in shown if i != largest)
    planted = before.plant(page, "veiligheid", {(largest, n): _dutch(total + 5 - rest)})
    after = within_table(planted.tables, rules)
    assert _reasons(after, where), (breakdown, table.rows[hidden][g_col])

def test_within_table_catches_a_crosstab_cell_left_alone_in_its_lines(rules):
    def crosstab(a_x: str) -> ReportSet:
        rows = [["a", a_x, MARK, "105"], ["b", "50", MARK, "110"], ["Totaal", "150", "65", "215"]]
        html = hm.table_html("telling", "Aantal medewerkers", ["rij", "x", "y", "Totaal"], rows,
                             rules, "hr")
        return hm.report_set(hm.page(2026, "representatie", [html]))

    where = ("hand/2026/representatie:telling", "a | y")
    assert where not in _found(within_table(crosstab(MARK).tables, rules))
    after = within_table(crosstab("100").tables, rules)  # un-hide the other cell of its row
    assert _reasons(after, where) == ["range inside [1, t-1]"]


# 3. one-way against two-way ----------------------------------------------------------------


def test_one_way_two_way_catches_a_hidden_group_that_a_real_crossing_splits(demo_reports,
                                                                            rules):
    # a group of a published crossing (kruising-<a>-<b>) whose crossing cells are all shown:
    # hiding it in its one-way table leaves it split by the crossing
    candidates = []
    for t in demo_reports.tables:
        if t.origin != "html" or not t.name.startswith("kruising-") or not t.rows:
            continue
        variables = t.name.removeprefix("kruising-").split("-", 1)
        n, g = t.col("n"), t.col("Groep")
        cells = [r[g].split(" × ") for r in t.rows]
        for k, variable in enumerate(variables):
            page = t.page.split("/", 1)[1].rsplit("/", 1)[0] + "/prevalentie"
            try:
                one_way = demo_reports.table(page, f"discr-{variable}")
            except KeyError:
                continue
            for category in dict.fromkeys(c[k] for c in cells):
                inside = [r for r, c in zip(t.rows, cells, strict=True) if c[k] == category]
                try:
                    row = one_way.find_row(Groep=category)
                except KeyError:
                    continue
                if all(r[n] != MARK for r in inside) and one_way.rows[row][one_way.col("n")] \
                        != MARK:
                    candidates.append((page, one_way, row))
    assert candidates, "no published crossing in the demo"
    page, table, row = candidates[0]
    where = _where(table, row, "n")
    assert where not in _found(one_way_two_way(demo_reports.tables, rules))
    planted = demo_reports.plant(page, table.name, {
        (row, table.col(c)): MARK for c in ("Percentage", "95%-interval", "n")})
    after = one_way_two_way(planted.tables, rules)
    assert any("split by the published breakdown" in r for r in _reasons(after, where))

def test_one_way_two_way_bounds_a_group_from_its_crossing(rules):
    def pages(two_way: bool) -> ReportSet:
        one_way = hm.table_html(
            "discr-x", "Discriminatie ervaren, naar x",
            ["Uitsplitsing", "Groep", "Percentage", "n"],
            [["Totaal", "Totaal", "14%", "100"], ["X", "a", MARK, MARK], ["X", "b", "12%", "80"]],
            rules)
        cells = [["a × p", "10%", "10"], ["a × q", "20%", "15"]] if two_way else []
        crossing = hm.table_html("kruising-x-y", "Discriminatie ervaren: X × Y",
                                 ["Groep", "Percentage", "n"], cells, rules)
        return hm.report_set(hm.page(2026, "prevalentie", [one_way, crossing]))

    where = ("hand/2026/prevalentie:discr-x", "X / a | n")
    assert where not in _found(one_way_two_way(pages(False).tables, rules))
    reasons = _reasons(one_way_two_way(pages(True).tables, rules), where)
    assert "range narrower than the protection interval" in reasons


# 4. between sections -----------------------------------------------------------------------


def test_between_sections_catches_a_group_shown_and_a_numerator_implied_elsewhere(
        demo_reports, rules):
    # a group whose discriminated respondents (the base of gronden-groep) the plan hides, and
    # whose share of discrimination the numerator rule hides (its n stays): publishing the
    # share gives the hidden base away; hiding its n in the safety table, where every other
    # table of all respondents shows it, is a second leak
    candidates = []
    for wave in demo_reports.waves:
        grounds = demo_reports.table(f"{wave}/gronden", "gronden-groep")
        safety = demo_reports.table(f"{wave}/gronden", "veiligheid")
        for i, row in enumerate(grounds.rows):
            if row[grounds.col("n")] != MARK:
                continue
            breakdown, group = row[grounds.col("Uitsplitsing")], row[grounds.col("Groep")]
            name = next((t.name for t in demo_reports.tables if t.wave == wave
                         and t.name.startswith("discr-") and t.origin == "html"
                         and t.caption.lower().endswith(f"naar {breakdown.lower()}")), None)
            if name is None:
                continue
            table = demo_reports.table(f"{wave}/prevalentie", name)
            try:
                r = table.find_row(Groep=group)
                s_row = safety.find_row(Uitsplitsing=breakdown, Groep=group)
            except KeyError:
                continue
            if table.rows[r][table.col("n")] != MARK and safety.rows[s_row][safety.col("n")] \
                    != MARK:
                candidates.append((wave, grounds, i, table, r, safety, s_row))
    assert candidates, "no hidden base of gronden-groep in the demo"
    wave, grounds, i, table, row, safety, s_row = candidates[0]
    hidden_base = _where(grounds, i, "n")
    hidden_n = _where(safety, s_row, "n")
    hide = {(s_row, safety.col(c)): MARK for c in ("Gemiddelde", "95%-interval", "n")}
    stage = demo_reports.plant(f"{wave}/gronden", "veiligheid", hide)
    before = _found(between_sections(demo_reports.tables, rules))
    assert hidden_base not in before and hidden_n not in before
    assert hidden_base not in _found(between_sections(stage.tables, rules))
    n = parse_count(table.rows[row][table.col("n")])
    share = max(1, round(100 * 4 / n))  # about 4 of n discriminated: a narrow numerator
    planted = stage.plant(f"{wave}/prevalentie", table.name, {
        (row, table.col("Percentage")): f"{share}%",
        (row, table.col("95%-interval")): f"{max(share - 5, 0)}%–{share + 10}%"})
    after = between_sections(planted.tables, rules)
    assert any(r.startswith("shown on another page") for r in _reasons(after, hidden_n))
    assert any(r.startswith(f"implied by demo/{wave}/prevalentie:{table.name}")
               for r in _reasons(after, hidden_base))

def test_between_sections_catches_a_headcount_hidden_in_one_table_shown_in_another(
        demo_reports, rules):
    table = demo_reports.table("2026/representatie", "herkomst-schaal")
    row = table.find_row(Groep="15+")
    where = _where(table, row, "n")
    assert where not in _found(between_sections(demo_reports.tables, rules))
    planted = demo_reports.plant("2026/representatie", "herkomst-schaal", {
        (row, table.col("Percentage")): MARK, (row, table.col("n")): MARK})
    after = between_sections(planted.tables, rules)
    assert _reasons(after, where) == [
        "shown on another table of the page (demo/2026/representatie:schaal-15)"]


def test_between_sections_catches_a_download_that_shows_a_hidden_cell(demo_reports, rules):
    # the first cell the demo hides in a table that has a CSV download (whichever the data
    # hide: a flow, a group's n, a percentage)
    csv = {(t.page, t.name) for t in demo_reports.tables if t.origin == "csv"}
    hidden = [(t, i, j) for t in demo_reports.tables if t.origin == "html"
              and (t.page, t.name) in csv
              for i, row in enumerate(t.rows) for j in range(1, len(row)) if row[j] == MARK]
    assert hidden, "no hidden cell in the demo's tables"
    table, row, col = hidden[0]
    page = table.page.split("/", 1)[1]
    where = (f"{table.page}:{table.name}", table.cell_label(row, col))
    assert where not in _found(between_sections(demo_reports.tables, rules))
    planted = demo_reports.plant(page, table.name, {(row, col): "15"}, origins=("csv",))
    after = between_sections(planted.tables, rules)
    assert [(f.reason, f.origins) for f in after.findings if f.where == where] == [
        ("hidden on the page, shown in the download", ("csv",))]

# 5. between waves --------------------------------------------------------------------------


def test_between_waves_catches_a_year_that_two_reports_publish_differently(demo_reports,
                                                                           rules):
    # wide tables: one column per year, the n on the row under the percentage
    later = demo_reports.table("2026/representatie", "doel-12")
    earlier = demo_reports.table("2024/representatie", "schaal-15")
    changed = later.find_row(Groep="12+", Cijfer="n")
    hidden = earlier.find_row(Groep="15+", Cijfer="n")
    before = _found(between_waves(demo_reports.tables, rules))
    n_changed = _where(later, changed, "2022")
    n_hidden = _where(earlier, hidden, "2020")
    assert n_changed not in before and n_hidden not in before
    value = parse_count(later.rows[changed][later.col("2022")])
    planted = demo_reports.plant("2026/representatie", "doel-12",
                                 {(changed, later.col("2022")): _dutch(value + 5)})
    planted = planted.plant("2024/representatie", "schaal-15",
                            {(hidden, earlier.col("2020")): MARK})
    after = between_waves(planted.tables, rules)
    assert _reasons(after, n_changed) == ["n differs from demo/2024/representatie:doel-12"]
    assert _reasons(after, n_hidden) == [
        "n hidden in one report, shown in another (demo/2026/representatie:schaal-15)"]


def test_between_waves_bounds_a_group_by_the_total_the_next_report_repeats(rules):
    groups = hm.table_html("discr-gender", "Discriminatie ervaren, naar gender",
                           ["Groep", "Percentage", "n"],
                           [["a", MARK, MARK], ["b", "12%", "50"], ["c", "15%", "55"]], rules)

    def reports(repeat: bool) -> ReportSet:
        rows = [["2026", "discriminatie ervaren", "Totaal", "13%", "120"]]
        if repeat:
            rows.insert(0, ["2024", "discriminatie ervaren", "Totaal", "14%", "100"])
        trend = hm.table_html("trend", "Kerncijfers in de vorige en deze meting",
                              ["Jaar", "Indicator", "Groep", "Percentage", "n"], rows, rules)
        return hm.report_set(hm.page(2024, "prevalentie", [groups]),
                             hm.page(2026, "prevalentie", [trend]))

    where = ("hand/2024/prevalentie:discr-gender", "a | n")
    assert where not in _found(between_waves(reports(False).tables, rules))
    after = between_waves(reports(True).tables, rules)
    assert _reasons(after, where) == [
        "range narrower than the protection interval (reports together)"]


# 6. LP with structure ----------------------------------------------------------------------

# true stocks and flows of a small register: begin, instroom, doorstroom naar deze schaal,
# doorstroom naar hogere schaal, uitstroom, eind (eind = begin + in + door in - door uit - uit)
FLOWS = {"1-5": (500, 60, 0, 30, 40), "6-8": (800, 50, 30, 25, 60), "9-11": (600, 40, 25, 12, 50),
         "15+": (300, 20, 12, 0, 6)}
BANDS = {b: (*v, v[0] + v[1] + v[2] - v[3] - v[4]) for b, v in FLOWS.items()}
HIDDEN = {("9-11", UP_IN), ("9-11", LEFT), ("9-11", END), ("15+", LEFT), ("15+", END)}


def _flows_pages(rules, with_stocks: bool) -> ReportSet:
    rows = []
    for band, values in BANDS.items():
        rows.append([band, *(hm.count_text(None if (band, c) in HIDDEN else v, rules, "hr")
                             for c, v in zip(FLOW_COLUMNS, values, strict=True))])
    totals = [sum(v[k] for v in BANDS.values()) for k in range(len(FLOW_COLUMNS))]
    rows.append(["Totaal", *(hm.count_text(v, rules, "hr") for v in totals)])
    tables = [hm.table_html("stromen", "Medewerkers en stromen per salarisschaal, 2026",
                            ["salarisschaal", *FLOW_COLUMNS], rows, rules, "hr")]
    if with_stocks:  # the register at the end of the year, per band, in another table
        stock_rows = [[b, "20%", hm.count_text(v[-1], rules, "hr")] for b, v in BANDS.items()]
        stock_rows.append(["Totaal", "20%", hm.count_text(sum(v[-1] for v in BANDS.values()),
                                                          rules, "hr")])
        tables.append(hm.table_html("bezetting", "Medewerkers per salarisschaal, 2026",
                                    ["Groep", "Percentage", "n"], stock_rows, rules, "hr"))
    return hm.report_set(hm.page(2026, "representatie", tables))


def test_with_structure_catches_a_flow_pinned_by_the_published_stocks(rules):
    """The stocks at both ends of the year are in the flows table; a register table that shows
    the end-of-year stock a flows table hides pins the hidden uitstroom through the identity.
    Without rounding (with it, four rounded counts leave the flow 12 wide)."""
    rules = replace(rules, round_count=1)
    where = ("hand/2026/representatie:stromen", f"15+ | {LEFT}")
    without = _flows_pages(rules, with_stocks=False)
    assert where not in _found(with_structure(without.tables, rules))
    planted = _flows_pages(rules, with_stocks=True)
    assert where not in _found(within_table(planted.tables, rules))
    after = with_structure(planted.tables, rules)
    assert _reasons(after, where), after.summary()
    assert after.examined["structural zeros"] == 2
    assert after.examined["stock-flow identities"] == 4


# 7. a unit against the rest of its cluster -------------------------------------------------


def _units_page(rules, second: int) -> list[Table]:
    """Hand-made cluster and directie tables: directie d1 of cluster c hidden; c's other
    directies d2 (``second`` respondents) and d3 (100) published, as is c (200)."""
    header = ["Groep", "Percentage", "95%-interval", "n"]
    clusters = hm.table_html("eenheden-cluster", "Discriminatie ervaren, naar cluster", header, [
        ["Totaal", "20%", "19%–21%", "1.000"], ["c", "20%", "15%–25%", "200"],
        ["e", "20%", "16%–24%", "400"]], rules)
    directies = hm.table_html("eenheden-directie", "Discriminatie ervaren, naar directie", header, [
        ["Totaal", "20%", "19%–21%", "1.000"], ["d1", MARK, MARK, MARK],
        ["d2", "20%", "13%–27%", hm.count_text(second, rules, "survey")],
        ["d3", "20%", "13%–27%", "100"], ["d4", "20%", "16%–24%", "300"]], rules)
    return hm.page(2024, "eenheden", [clusters, directies])


def test_unit_differencing_catches_a_directie_pinned_by_its_cluster(rules):
    parents = {"d1": "c", "d2": "c", "d3": "c", "d4": "e"}
    where = ("hand/2024/eenheden:eenheden-directie", "d1 | n")
    before = report_set_of(_units_page(rules, 95))
    assert where not in _found(unit_differencing(before.tables, rules, parents))
    planted = report_set_of(_units_page(rules, 105))  # c is now all but 1 in d2 and d3
    after = unit_differencing(planted.tables, rules, parents)
    assert where in _found(after)
    assert _reasons(after, where) == ["range narrower than the protection interval"]
    assert after.examined["hierarchy constraints"] == 2
    # without the organisation chart the same pages give nothing away
    assert where not in _found(with_structure(planted.tables, rules))
    assert where not in _found(unit_differencing(planted.tables, rules, {}))



def _planner_page(rules, second: int) -> list[Table]:
    """Hand-made precision-planner tables (the respons section's "per cluster" and "per
    directie" margins with their respondents): d1 of cluster c hidden, as in _units_page."""
    clusters = hm.table_html(
        "planner-cluster", "Gehaalde marge (95%) van een indicator van 14% en van 55%, per cluster",
        ["Indicator", "Groep", "Marge (± procentpunten)", "n"], [
            ["gehaalde marge bij 14%", "c", "4,8", "200"],
            ["gehaalde marge bij 14%", "e", "3,4", "400"]], rules)
    directies = hm.table_html(
        "planner-directie", "Gehaalde marge (95%) van een indicator van 14%, per directie",
        ["Groep", "Marge (± procentpunten)", "n"], [
            ["d1", MARK, MARK], ["d2", "6,8", hm.count_text(second, rules, "survey")],
            ["d3", "6,8", "100"], ["d4", "3,9", "300"]], rules)
    return hm.page(2024, "respons", [clusters, directies])


def test_unit_differencing_reads_the_planner_tables(rules):
    """The planner's counts per cluster and per directie are respondents, like the respons
    tables: a directie the planner hides is pinned by its cluster and its siblings."""
    parents = {"d1": "c", "d2": "c", "d3": "c", "d4": "e"}
    where = ("hand/2024/respons:planner-directie", "d1 | n")
    before = report_set_of(_planner_page(rules, 95))
    assert where not in _found(unit_differencing(before.tables, rules, parents))
    after = unit_differencing(report_set_of(_planner_page(rules, 105)).tables, rules, parents)
    assert where in _found(after)
    assert after.examined["hierarchy constraints"] == 2

def report_set_of(page: list[Table]) -> ReportSet:
    return hm.report_set(page)


def test_the_organisation_chart_places_every_directie_in_one_cluster():
    chart = organisation()
    assert len(chart) == 45 and len(set(chart.values())) == 6
