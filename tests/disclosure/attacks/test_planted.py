"""Each attack catches a leak planted in a real page of the demo (or in a small hand-made one).

A planted test first checks that the cell is not a finding before the plant, so an attack
that reports everything (or the wrong cell) fails as surely as one that reports nothing.
"""

from __future__ import annotations

from tests.disclosure.attacks import handmade as hm
from tests.disclosure.attacks.attacks import (
    between_sections,
    between_waves,
    implied_counts,
    one_way_two_way,
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
    def candidates(page: str):
        table = demo_reports.table(page, "veiligheid")
        n, b_col = table.col("n"), table.col("Uitsplitsing")
        by: dict[str, list[int]] = {}
        for i, row in enumerate(table.rows):
            if row[b_col] != "Totaal":
                by.setdefault(row[b_col], []).append(i)
        return [(page, table, b, r) for b, r in by.items()
                if any(table.rows[i][n] == MARK for i in r)
                and any(table.rows[i][n] != MARK for i in r)]

    # a breakdown of a real table with a hidden group and a shown one
    found = [c for page in ("2024/gronden", "2026/gronden") for c in candidates(page)]
    assert found, "no hidden group next to a shown one in the demo's safety tables"
    page, table, breakdown, rows = found[0]
    n, g_col = table.col("n"), table.col("Groep")
    total = parse_count(table.rows[table.find_row(Uitsplitsing="Totaal")][n])
    hidden = next(i for i in rows if table.rows[i][n] == MARK)
    where = _where(table, hidden, "n")
    assert where not in _found(within_table(demo_reports.tables, rules))
    # publish the other hidden groups as 10 and make the largest shown group fill the total:
    # the hidden group is pinned near 0
    others = [i for i in rows if i != hidden and table.rows[i][n] == MARK]
    shown = [i for i in rows if table.rows[i][n] != MARK]
    largest = max(shown, key=lambda i: parse_count(table.rows[i][n]))
    rest = sum(parse_count(table.rows[i][n]) for i in shown if i != largest) + 10 * len(others)
    edits = {(i, n): "10" for i in others}
    edits[(largest, n)] = _dutch(total + 5 - rest)
    planted = demo_reports.plant(page, "veiligheid", edits)
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
    table = demo_reports.table("2026/prevalentie", "discr-schaal_band")
    row = table.find_row(Groep="15+")
    where = _where(table, row, "n")
    assert where not in _found(one_way_two_way(demo_reports.tables, rules))
    planted = demo_reports.plant("2026/prevalentie", "discr-schaal_band", {
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
    table = demo_reports.table("2026/prevalentie", "discr-gender")
    row = table.find_row(Groep="non-binair")
    assert table.rows[row][table.col("n")] == MARK
    safety = demo_reports.table("2026/gronden", "veiligheid")
    grounds = demo_reports.table("2026/gronden", "gronden-groep")
    hidden_n = _where(safety, safety.find_row(Uitsplitsing="Gender", Groep="non-binair"), "n")
    hidden_base = _where(grounds, grounds.find_row(Indicator="gender", Uitsplitsing="Gender",
                                                   Groep="non-binair"), "n")
    before = _found(between_sections(demo_reports.tables, rules))
    assert hidden_n not in before and hidden_base not in before
    planted = demo_reports.plant("2026/prevalentie", "discr-gender", {
        (row, table.col("Percentage")): "25%", (row, table.col("95%-interval")): "10%–45%",
        (row, table.col("n")): "15"})
    after = between_sections(planted.tables, rules)
    assert _reasons(after, hidden_n) == [
        "shown on another page (demo/2026/prevalentie:discr-gender)"]
    assert _reasons(after, hidden_base) == [
        "implied by demo/2026/prevalentie:discr-gender: range narrower than the protection "
        "interval"]


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
    table = demo_reports.table("2024/representatie", "stromen")
    row = table.find_row(band="15+")
    assert table.rows[row][table.col("instroom")] == MARK
    where = ("demo/2024/representatie:stromen", table.cell_label(row, table.col("instroom")))
    assert where not in _found(between_sections(demo_reports.tables, rules))
    planted = demo_reports.plant("2024/representatie", "stromen",
                                 {(row, table.col("instroom")): "15"}, origins=("csv",))
    after = between_sections(planted.tables, rules)
    assert [(f.reason, f.origins) for f in after.findings if f.where == where] == [
        ("hidden on the page, shown in the download", ("csv",))]


# 5. between waves --------------------------------------------------------------------------


def test_between_waves_catches_a_year_that_two_reports_publish_differently(demo_reports,
                                                                           rules):
    later = demo_reports.table("2026/representatie", "doel-12")
    earlier = demo_reports.table("2024/representatie", "schaal-15")
    changed = later.find_row(Jaar="2022")
    hidden = earlier.find_row(Jaar="2020")
    before = _found(between_waves(demo_reports.tables, rules))
    n_changed = _where(later, changed, "n")
    n_hidden = _where(earlier, hidden, "n")
    assert n_changed not in before and n_hidden not in before
    value = parse_count(later.rows[changed][later.col("n")])
    planted = demo_reports.plant("2026/representatie", "doel-12",
                                 {(changed, later.col("n")): _dutch(value + 5)})
    planted = planted.plant("2024/representatie", "schaal-15",
                            {(hidden, earlier.col("n")): MARK})
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

BANDS = {  # true flows of a small register: bezetting, instroom, doorstroom, uitstroom
    "1-5": (500, 60, 0, 40), "6-8": (800, 50, 30, 60), "9-11": (600, 40, 25, 50),
    "15+": (300, 12, 9, 4)}
PROMOTED_OUT = {"1-5": 30, "6-8": 25, "9-11": 9, "15+": 0}
HIDDEN = {("1-5", "doorstroom"), ("9-11", "doorstroom"), ("9-11", "uitstroom"),
          ("15+", "doorstroom"), ("15+", "uitstroom")}


def _flows_pages(rules, with_stocks: bool) -> ReportSet:
    columns = ["bezetting", "instroom", "doorstroom", "uitstroom"]
    rows = []
    for band, values in BANDS.items():
        cells = [hm.count_text(None if (band, c) in HIDDEN else v, rules, "hr")
                 for c, v in zip(columns, values, strict=True)]
        rows.append([band, *cells, hm.count_text(sum(values), rules, "hr")])
    totals = [sum(v[k] for v in BANDS.values()) for k in range(4)]
    rows.append(["Totaal", *(hm.count_text(v, rules, "hr") for v in totals),
                 hm.count_text(sum(totals), rules, "hr")])
    tables = [hm.table_html("stromen", "In-, door- en uitstroom per salarisschaal, 2026",
                            ["band", *columns, "Totaal"], rows, rules, "hr")]
    if with_stocks:  # the register at the end of the year, per band
        stock = {b: v[0] + v[1] + v[2] - v[3] - PROMOTED_OUT[b] for b, v in BANDS.items()}
        stock_rows = [[b, "20%", hm.count_text(s, rules, "hr")] for b, s in stock.items()]
        stock_rows.append(["Totaal", "20%", hm.count_text(sum(stock.values()), rules, "hr")])
        tables.append(hm.table_html("bezetting", "Medewerkers per salarisschaal, 2026",
                                    ["Groep", "Percentage", "n"], stock_rows, rules, "hr"))
    return hm.report_set(hm.page(2026, "representatie", tables))


def test_with_structure_catches_a_flow_pinned_by_the_published_stocks(rules):
    where = ("hand/2026/representatie:stromen", "15+ | uitstroom")
    without = _flows_pages(rules, with_stocks=False)
    assert where not in _found(with_structure(without.tables, rules))
    planted = _flows_pages(rules, with_stocks=True)
    assert where not in _found(within_table(planted.tables, rules))
    after = with_structure(planted.tables, rules)
    assert _reasons(after, where) == ["range inside [1, t-1]"]
    assert after.examined["structural zeros"] == 1
    assert ("hand/2026/representatie:stromen", "1-5 | doorstroom") not in _found(after)
