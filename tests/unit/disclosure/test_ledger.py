"""The publication ledger: one plan for every table of every section and wave (issue 13)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from pipeline.disclosure import DisclosureInputError, DisclosureRules
from pipeline.disclosure.ledger import (
    Planned,
    Unavailable,
    plan_publication,
    read_wave_ledger,
    wave_ledger_record,
    wave_ledger_text,
)

RULES = DisclosureRules()


def tidy(indicator: str, base: str, groups: dict[str, tuple[int, int]], wave: int = 2024,
         breakdown: str = "Gender", total: bool = True) -> pd.DataFrame:
    """A labelled tidy table: groups -> (n, n_pos), with a totaal row."""
    rows = []
    if total:
        n = sum(v[0] for v in groups.values())
        k = sum(v[1] for v in groups.values())
        rows.append(("Totaal", "Totaal", n, k))
    rows += [(breakdown, g, n, k) for g, (n, k) in groups.items()]
    return pd.DataFrame({
        "wave": wave, "indicator": indicator, "base": base,
        "breakdown": [r[0] for r in rows], "group": [r[1] for r in rows],
        "estimate": [r[3] / r[2] for r in rows], "ci_low": 0.0, "ci_high": 1.0,
        "n": [r[2] for r in rows], "n_pos": [r[3] for r in rows],
    })


def shown_groups(table) -> list[str]:
    data = table.data
    return data.loc[data["n"].notna(), "group"].tolist()


def items() -> list[Planned | Unavailable]:
    """Two sections of one wave: prevalence (base all) and grounds (base discriminated)."""
    everyone = {"man": (400, 60), "vrouw": (520, 70), "non-binair": (50, 8), "anders": (30, 6)}
    discriminated = {"man": (60, 30), "vrouw": (70, 35), "non-binair": (8, 4), "anders": (6, 3)}
    return [
        Planned(2024, "prevalentie", "discr-gender", "Discriminatie naar gender",
                tidy("discriminatie ervaren", "alle", everyone)),
        Planned(2024, "gronden", "gronden-gender", "Grond gender naar gender",
                tidy("grond gender", "discr", discriminated)),
        Planned(2024, "gronden", "veiligheid", "Psychologische veiligheid",
                tidy("psychologische veiligheid", "alle", everyone).assign(n_pos=pd.NA)),
        Unavailable(2024, "gronden", "tevredenheid", "Niet gevraagd in deze meting."),
    ]


def test_a_small_base_is_hidden_only_in_tables_of_that_base():
    ledger = plan_publication(items(), RULES).wave(2024)
    grounds = ledger.table("gronden-gender")
    assert "non-binair" not in shown_groups(grounds) and "anders" not in shown_groups(grounds)
    # the same groups among all respondents (n 50 and 30) stay published in both sections
    for name in ("discr-gender", "veiligheid"):
        assert {"non-binair", "anders"} <= set(shown_groups(ledger.table(name)))


def test_a_group_hidden_in_one_section_is_hidden_in_every_table_of_its_base():
    # the safety scale counts 9 answers for "anders": hidden there, so hidden in prevalence too
    safety = tidy("psychologische veiligheid", "alle",
                  {"man": (400, 0), "vrouw": (520, 0), "non-binair": (50, 0), "anders": (9, 0)})
    listed = [*items()[:2], Planned(2024, "gronden", "veiligheid", "Veiligheid",
                                    safety.assign(n_pos=pd.NA))]
    ledger = plan_publication(listed, RULES).wave(2024)
    assert "anders" not in shown_groups(ledger.table("veiligheid"))
    assert "anders" not in shown_groups(ledger.table("discr-gender"))


def test_the_plan_does_not_depend_on_the_order_of_tables():
    reference = wave_ledger_text(plan_publication(items(), RULES).wave(2024))
    for seed in range(5):
        shuffled = items()
        random.Random(seed).shuffle(shuffled)
        assert wave_ledger_text(plan_publication(shuffled, RULES).wave(2024)) == reference


def test_the_ledger_file_gives_back_the_same_tables(tmp_path):
    ledger = plan_publication(items(), RULES).wave(2024)
    path = tmp_path / "publication_2024.json"
    path.write_text(wave_ledger_text(ledger), encoding="utf-8")
    again = read_wave_ledger(path)
    assert list(again.entries) == list(ledger.entries)
    for name, entry in ledger.entries.items():
        assert again.table(name).to_html() == entry.table.to_html()
        assert again.entries[name].section == entry.section
    assert again.hidden_groups == ledger.hidden_groups
    assert wave_ledger_record(again) == wave_ledger_record(ledger)
    assert again.table("tevredenheid").text == "Niet gevraagd in deze meting."
    with pytest.raises(KeyError, match="no table 'x'"):
        again.table("x")


def test_register_figures_of_a_year_are_the_same_in_every_report():
    def register(wave: int, years: list[int]) -> Planned:
        frames = [tidy("aandeel Buiten-Europa", "register",
                       {"1-5": (300, 60), "6-8": (5, 1) if y == 2024 else (400, 50),
                        "9-11": (700, 90)}, wave=y, breakdown="Schaal") for y in years]
        return Planned(wave, "representatie", "trend", "Per jaar", pd.concat(frames),
                       source="hr")

    # the 2024 report also shows a table of 2024 alone; the 2026 report shows 2024 in its trend
    alone = register(2024, [2024]).frame.query("group != '9-11'")
    listed = [register(2024, [2024]), register(2026, [2024, 2026]),
              Planned(2024, "representatie", "alleen", "Alleen 2024", alone, source="hr")]
    ledger = plan_publication(listed, RULES)
    year_2024 = [ledger.wave(w).table("trend").data.query("wave == 2024")
                 .drop(columns="status").reset_index(drop=True) for w in (2024, 2026)]
    pd.testing.assert_frame_equal(year_2024[0], year_2024[1])


def test_names_must_be_unique_within_a_wave():
    listed = [*items(), Planned(2024, "respons", "veiligheid", "Dubbel", items()[0].frame)]
    with pytest.raises(DisclosureInputError, match="both named 'veiligheid'"):
        plan_publication(listed, RULES)


def test_a_leak_across_sections_stops_the_whole_plan():
    # the grounds table shows a total of its own whose groups repeat the hidden counts
    everyone = {"man": (400, 60), "vrouw": (520, 70), "anders": (4, 1)}
    leak = tidy("discriminatie ervaren", "alle", everyone)
    parts = tidy("ander getal", "alle", {"man": (400, 60), "vrouw": (520, 70)}, total=False)
    parts = pd.concat([parts, leak.iloc[[0]].assign(indicator="ander getal")])
    listed = [Planned(2024, "a", "een", "Een", leak), Planned(2024, "b", "twee", "Twee", parts)]
    ledger = plan_publication(listed, RULES).wave(2024)
    # planned together, the second table hides what would give "anders" back
    assert "anders" not in shown_groups(ledger.table("een"))
    assert set(shown_groups(ledger.table("twee"))) != {"man", "vrouw", "Totaal"}


def test_explorer_gate_knows_the_plan():
    ledger = plan_publication(items(), RULES).wave(2024)
    gate = ledger.gate(report="verkenning 2024")
    assert ("discr-gender" in [t.name for t in gate.tables])
    # a query showing the grounds base of "anders" cannot pass
    query = tidy("grond leeftijd", "discr",
                 {"man": (60, 10), "vrouw": (70, 12), "non-binair": (8, 2), "anders": (6, 2)})
    table = gate.publish_estimates(query, name="verkenning-1", caption="Verkenning")
    assert "anders" not in shown_groups(table) and "non-binair" not in shown_groups(table)
    assert shown_groups(table) == shown_groups(ledger.table("gronden-gender"))


def test_over_suppression_counts_a_group_hidden_for_nothing():
    from pipeline.disclosure.model import one_way_model
    from pipeline.disclosure.oversuppression import _Viewed, over_suppressed

    model = one_way_model(["a", "b", "c"], [4, 30, 300], total=334)
    truth = dict(zip(model.keys, model.values, strict=True))
    # a is small; one more hidden cell protects it, so with b and c hidden either one could be
    # shown (each is counted; not both at once)
    tables = [_Viewed("t", model.view({0, 1, 2}))]
    candidates = {("b",): {model.keys[1]}, ("c",): {model.keys[2]}}
    assert over_suppressed(tables, candidates, truth, 3) == [("b",), ("c",)]
    # with only a and b hidden, b is needed
    tables = [_Viewed("t", model.view({0, 1}))]
    assert over_suppressed(tables, {("b",): {model.keys[1]}}, truth, 3) == []


def test_the_plan_reports_its_over_suppression():
    ledger = plan_publication(items(), RULES)
    assert isinstance(ledger.over_suppressed, tuple)
    unmeasured = plan_publication(items(), RULES, measure=False)
    assert unmeasured.over_suppressed == ()


def test_a_missing_or_broken_ledger_is_one_clear_line(tmp_path):
    missing = tmp_path / "publication_2024.json"
    with pytest.raises(DisclosureInputError, match="not found; run the publication stage"):
        read_wave_ledger(missing)
    missing.write_text("{not json", encoding="utf-8")
    with pytest.raises(DisclosureInputError, match="not a publication ledger") as err:
        read_wave_ledger(missing)
    assert "\n" not in str(err.value)
