"""The samenvatting and the monitor (issue 15 item 1): findings written from published tables.

Hand-made tables of the shapes the publication ledger gives (``PublishedTable.data``): a
between-wave table (both waves' rows, the comparison on the current rows), the key figures, the
groups that stand out, the representation series, and the ``doelen`` table another branch adds
to the representation section (its schema: doel, eenheid, jaar, waarde, streefwaarde, oordeel).
"""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import pandas as pd

from pipeline.analysis.representation import Targets
from pipeline.report import summary
from pipeline.report.availability import Note
from pipeline.report.render import add_table_of_contents

UB, DISCR = "ongewenst gedrag (minstens één vorm)", "discriminatie ervaren"


def published(frame: pd.DataFrame) -> SimpleNamespace:
    """A stand-in for a PublishedTable: only ``data`` is read."""
    return SimpleNamespace(data=frame)


def trend_rows(rows: list[tuple], family: str, breakdown: str = "Totaal") -> pd.DataFrame:
    """Both waves' rows of a between-wave table: (indicator, group, before, now, diff, lo, hi,
    p, p_adj, verdict)."""
    out = []
    for indicator, group, before, now, diff, low, high, p, p_adj, verdict in rows:
        base = {"indicator": indicator, "breakdown": breakdown, "group": group, "n": 1000.0,
                "ci_low": math.nan, "ci_high": math.nan, "status": "shown"}
        out.append({**base, "wave": 2024, "estimate": before, "diff": math.nan,
                    "diff_ci_low": math.nan, "diff_ci_high": math.nan, "p": math.nan,
                    "p_adj": math.nan, "p_adj_method": None, "family": None,
                    "wave_b": math.nan, "verdict": None})
        out.append({**base, "wave": 2026, "estimate": now, "diff": diff, "diff_ci_low": low,
                    "diff_ci_high": high, "p": p, "p_adj": p_adj, "p_adj_method": "holm",
                    "family": family, "wave_b": 2024.0, "verdict": verdict})
    return pd.DataFrame(out)


def key_figures(wave: int, ub: float, discr: float) -> SimpleNamespace:
    return published(pd.DataFrame({
        "wave": wave, "indicator": [UB, DISCR], "breakdown": "Totaal", "group": "Totaal",
        "estimate": [ub, discr], "ci_low": [ub - 0.01, discr - 0.01],
        "ci_high": [ub + 0.01, discr + 0.01], "n": [6370.0, 6370.0], "status": "shown"}))


def wave_2026() -> dict:
    headline = trend_rows([
        (UB, "Totaal", 0.56, 0.53, -0.026, -0.041, -0.010, 0.001, 0.003, "significante daling"),
        (DISCR, "Totaal", 0.14, 0.13, -0.006, -0.018, 0.006, 0.30, 0.60,
         "geen significante verandering"),
    ], "confirmatory")
    forms = trend_rows([
        ("pesten", "Totaal", 0.20, 0.17, -0.031, -0.045, -0.017, 0.0001, 0.001,
         "significante daling"),
        ("roddelen", "Totaal", 0.30, 0.30, 0.002, -0.01, 0.014, 0.8, 0.9,
         "geen significante verandering"),
    ], "ongewenst_gedrag | totaal")
    groups = trend_rows([
        (DISCR, "vrouw", 0.15, 0.12, -0.03, -0.05, -0.01, 0.002, 0.02, "significante daling"),
        (DISCR, "man", 0.13, 0.12, -0.01, -0.03, 0.01, 0.04, 0.08,
         "na correctie voor meervoudig toetsen niet significant"),
    ], "discriminatie | gender", breakdown="Gender")
    figures = {
        "discr-herkomst": figure(DISCR, "Herkomst (CBS, nieuwe indeling)",
                                 {"Nederland": 0.07, "Buiten-Europa": 0.23}),
        "discr-gender": figure(DISCR, "Gender", {"man": 0.11, "non-binair": 0.36,
                                                 "anders": math.nan}),
        "ub-herkomst": figure(UB, "Herkomst (CBS, nieuwe indeling)", {"Buiten-Europa": 0.61}),
    }
    return {"trend": published(pd.concat([headline, forms], ignore_index=True)),
            "trend-discr-groepen": published(groups), "kerncijfers": key_figures(2026, .53, .13),
            **figures, **representation_tables(2026)}


def figure(indicator: str, breakdown: str, shares: dict) -> SimpleNamespace:
    """A figure's published table: one breakdown, NaN where the gate hid the share."""
    return published(pd.DataFrame({
        "wave": 2026, "indicator": indicator, "breakdown": breakdown, "group": list(shares),
        "estimate": list(shares.values()), "ci_low": math.nan, "ci_high": math.nan,
        "n": 500.0, "status": "shown"}))


STANDING = pd.DataFrame({"indicator": ["discr_ja", "discr_ja", "discr_ja", "ub_any"],
                         "breakdown": ["herkomst", "gender", "gender", "herkomst"],
                         "group": ["Buiten-Europa", "non-binair", "anders", "Buiten-Europa"]})


def representation_tables(wave: int) -> dict:
    years = list(range(2020, wave + 1))
    doel = pd.DataFrame({"wave": years, "indicator": "aandeel Buiten-Europa",
                         "breakdown": "Salarisschaal", "group": "12+",
                         "estimate": [0.18 + 0.01 * i for i in range(len(years))],
                         "ci_low": math.nan, "ci_high": math.nan, "n": 3000.0,
                         "status": "shown"})
    young = pd.DataFrame({"wave": years, "indicator": "aandeel jonger dan 35",
                          "breakdown": "Jaar", "group": [str(y) for y in years],
                          "estimate": [0.21] * (len(years) - 1) + [0.20], "ci_low": math.nan,
                          "ci_high": math.nan, "n": 22000.0, "status": "shown"})
    return {"doel-12": published(doel), "jong": published(young)}


def test_headline_finding_names_the_significant_change_with_its_interval_and_family():
    finding = summary.headline_finding(wave_2026())
    text = finding.text
    assert ("ongewenst gedrag (minstens één vorm) daalde significant van 56% naar 53%, "
            "−2,6 procentpunt (95%-interval −4,1 tot −1,0)") in text
    assert ("Geen significante verandering bij discriminatie ervaren (14% in 2024, 13% in 2026)"
            in text)
    assert "2 kerncijfers zijn samen getoetst als één familie (correctie volgens Holm)" in text
    assert finding.links[0].href == "prevalentie.html#verandering-sinds-de-vorige-meting"


def test_first_wave_gives_the_key_figures_and_says_there_is_no_comparison():
    tables = {"kerncijfers": key_figures(2024, .56, .14),
              "trend": Note("Dit is de eerste meting in deze reeks: er is nog geen eerdere "
                            "vergelijkbare meting.")}
    finding = summary.headline_finding(tables)
    assert finding.text.startswith("Van de 6.370 respondenten maakte 56% (95%-interval 55%–57%)")
    assert "eerste meting in deze reeks" in finding.text
    assert finding.links[0].href == "prevalentie.html#kerncijfers"


def test_other_items_leave_out_the_headline_and_say_the_exploratory_correction():
    finding = summary.other_changes_finding(wave_2026())
    assert finding is not None
    assert finding.text.startswith("Van de 2 andere vragen die in beide metingen gelijk zijn "
                                   "gesteld, veranderde er 1 significant sinds 2024: pesten van "
                                   "20% naar 17%")
    assert "Benjamini-Hochberg" in finding.text and "ongewenst gedrag" not in finding.text


def test_group_changes_name_only_what_is_significant_after_correction():
    finding = summary.group_changes_finding(wave_2026())
    assert finding is not None
    assert "veranderde er 1 significant" in finding.text
    assert "discriminatie ervaren bij vrouw (gender) van 15% naar 12%" in finding.text
    assert "bij man" not in finding.text
    assert finding.links[0].href == "prevalentie.html#verandering-per-groep"


def test_groups_that_stand_out_are_ranked_and_set_against_the_total():
    discr, ub = summary.standing_out_findings(wave_2026(), STANDING)
    assert discr.text.startswith("2 groepen ervoeren vaker discriminatie dan de rest van de "
                                 "medewerkers (elke groep vergeleken met alle andere "
                                 "medewerkers samen; in het totaal 13%), significant na "
                                 "correctie")
    assert discr.text.endswith(": non-binair (gender) 36% en Buiten-Europa (herkomst) 23%.")
    assert "anders" not in discr.text  # its share is hidden: the group is not named
    assert ub.text.startswith("1 groep maakte vaker ongewenst gedrag mee dan de rest")
    assert discr.links[0].href == "prevalentie.html#discriminatie-naar-groep"


def test_judge_never_decides_what_the_rounding_hides():
    assert summary.judge(0.199, 0.20) == summary.NOT_MET
    assert summary.judge(0.20, 0.20, 0.01) == summary.ROUNDED_ON_TARGET
    assert summary.judge(0.19, 0.20, 0.01) == summary.NOT_MET
    assert summary.judge(0.21, 0.20, 0.01) == summary.MET
    assert summary.judge(math.nan, 0.20, 0.01) == summary.NO_DATA


def test_targets_from_todays_tables_state_value_target_and_verdict():
    tables = {**representation_tables(2024), "clusters-groei": published(pd.DataFrame({
        "wave": 2024, "indicator": ["schaal 12+ in 2024", "nodig in 2026 (+25%)"],
        "breakdown": "Cluster", "group": "Sociaal", "estimate": [0.2, 0.25],
        "ci_low": math.nan, "ci_high": math.nan, "n": 900.0, "status": "shown"}))}
    twelve, clusters, young = summary.published_target_findings(tables, Targets(), 0.01)
    assert twelve.text == ("Buiten-Europese herkomst vanaf schaal 12: 22% in 2024; het doel is "
                           "30%: niet gehaald.")
    assert "Nog niet te beoordelen: het laatste CBS-cijfer is van 2024, het doeljaar is 2026" \
        in clusters.text
    assert young.text == ("Medewerkers jonger dan 35: 20% in 2024; het doel is 20%: niet te "
                          "beoordelen: het afgeronde cijfer ligt op het doel.")
    assert twelve.links[0].href == "representatie.html#doel-30-vanaf-schaal-12"
    assert young.links[0].href == "representatie.html#jonger-dan-35-doel-20"


def test_cluster_target_is_judged_in_the_target_year():
    frame = pd.DataFrame({
        "wave": 2026, "indicator": ["schaal 12+ in 2024"] * 3 + ["schaal 12+ in 2026"] * 3
        + ["nodig in 2026 (+25%)"] * 3, "breakdown": "Cluster",
        "group": ["A", "B", "C"] * 3,
        "estimate": [0.2, 0.2, math.nan, 0.27, 0.22, math.nan, 0.25, 0.25, math.nan],
        "ci_low": math.nan, "ci_high": math.nan, "n": 900.0, "status": "shown"})
    finding = summary._cluster_finding(published(frame), Targets(), 0.01)
    assert ("In 2026 gehaald: A (27%, nodig 25%); niet gehaald: B (22%, nodig 25%); geen "
            "gegevens: C.") in finding.text


DOELEN = pd.DataFrame({
    "doel": ["30% Buiten-Europese herkomst vanaf schaal 12"] * 2
    + ["25% groei per cluster vanaf schaal 12"] * 3 + ["20% jonger dan 35"] * 2,
    "eenheid": ["organisatie", "organisatie", "Sociaal", "Ruimte", "Stadsdelen",
                "organisatie", "organisatie"],
    "jaar": [2024, 2026, 2026, 2026, 2026, 2024, 2026],
    "waarde": [0.22, 0.235, 0.31, 0.24, math.nan, 0.199, 0.18],
    "streefwaarde": [0.30, 0.30, 0.30, 0.28, 0.25, 0.20, 0.20],
    "oordeel": ["niet gehaald", "niet gehaald", "gehaald", "niet gehaald", "geen gegevens",
                "niet gehaald", "niet gehaald"],
})


def test_the_doelen_table_when_published_gives_every_target_its_verdict():
    tables = {**wave_2026(), "doelen": published(DOELEN)}
    findings = summary.target_findings(tables, 2026, Targets(), 0.01)
    texts = [f.text for f in findings]
    assert texts == [
        "In 2026 23,5% (doel: 30%): niet gehaald.",
        "In 2026 haalde 1 van de 3 clusters het doel: Sociaal (31,0%, doel 30%); niet gehaald: "
        "Ruimte (24,0%, doel 28%); geen gegevens: Stadsdelen.",
        "In 2026 18,0% (doel: 20%): niet gehaald.",
    ]
    assert [f.links[0].href.split("#")[1] for f in findings] == [
        "doel-30-vanaf-schaal-12", "per-cluster-25-groei-vanaf-schaal-12-2024-2026",
        "jonger-dan-35-doel-20"]
    # the 2024 report judges 2024, not a later year; at the precision of the verdict (before:
    # "20% (doel: 20%): niet gehaald")
    assert summary.target_findings(tables, 2024, Targets(), 0.01)[-1].text == (
        "In 2024 19,9% (doel: 20%): niet gehaald.")


def test_without_doelen_the_page_uses_todays_tables():
    findings = summary.target_findings(wave_2026(), 2026, Targets(), 0.01)
    assert [f.label for f in findings] == ["Doel: 30% vanaf schaal 12",
                                           "Doel: 25% groei per cluster",
                                           "Doel: 20% jonger dan 35"]
    assert "geen gepubliceerde cijfers per cluster" in findings[1].text


def test_a_wave_has_five_to_eight_findings_each_with_a_link():
    for tables, wave in ((wave_2026(), 2026),
                         ({"kerncijfers": key_figures(2024, .56, .14), **representation_tables(
                             2024)}, 2024)):
        findings = summary.wave_findings(tables, wave, Targets(), standing=STANDING)
        assert 5 <= len(findings) <= 8, [f.label for f in findings]
        assert all(f.links for f in findings)
        markdown = summary.findings_markdown(findings)
        assert len(re.findall(r"^1\. \*\*", markdown, flags=re.M)) == len(findings)
        assert not re.search(r"\d[eE][-+]?\d", markdown)


def test_links_point_at_the_ids_the_renderer_gives_the_headings():
    targets = Targets()
    for link in (summary.Link("representatie", targets.heading("12plus")),
                 summary.Link("representatie", targets.heading("clusters")),
                 summary.Link("prevalentie", "Verandering per groep")):
        page = add_table_of_contents(f"<!--TOC--><h2>{link.heading.lstrip('# ')}</h2>")
        assert f'id="{link.href.split("#")[1]}"' in page


def test_monitor_puts_the_waves_side_by_side_with_the_change_and_its_verdict():
    waves = {2024: {"kerncijfers": key_figures(2024, .56, .14)}, 2026: wave_2026()}
    table = summary.monitor_key_figures(waves)
    assert "<caption>" in table and '<th scope="col" class="num">2024</th>' in table
    assert "Verschil 2024–2026 (procentpunt)" in table
    row = re.search(r"<tr><th scope=\"row\">Ongewenst gedrag.*?</tr>", table).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells == ["56%", "53%", "−2,6", "significante daling"]
    series = summary.monitor_representation(wave_2026(), Targets())
    assert "doel 30%" in series and '<th scope="row">2026</th>' in series
    assert series.count("<tr>") == 1 + 7 + 1  # header, 2020-2026, the note in the footer


def test_the_doelen_table_is_also_read_from_its_dutch_display():
    display = DOELEN.assign(waarde=["22%", "23,5%", "31%", "24%", "·", "19,9%", "18%"],
                            streefwaarde=["30%", "30%", "30%", "28%", "25%", "20%", "20%"])
    table = SimpleNamespace(data=pd.DataFrame({"wave": [2026]}), display=display)
    frame = summary.doelen_frame(table)
    assert frame is not None and frame["waarde"].iloc[5] == 0.199
    assert math.isnan(frame["waarde"].iloc[4])
    assert summary.doelen_frame(published(pd.DataFrame({"wave": [2026]}))) is None


def test_a_long_list_of_groups_is_cut_with_one_and():
    groups = {f"cluster {i}": 0.3 - 0.01 * i for i in range(8)}
    standing = pd.DataFrame({"indicator": "discr_ja", "breakdown": "cluster",
                             "group": list(groups)})
    tables = {"discr-cluster": figure(DISCR, "Cluster", groups)}
    discr = summary.standing_out_findings(tables, standing)[0]
    assert discr.text.endswith("cluster 3 (cluster) 27%, cluster 4 (cluster) 26% en nog 3 "
                               "andere.")
    assert discr.text.count(" en ") == 1


def test_standing_out_takes_the_groups_higher_than_the_rest_after_correction():
    contrasts = pd.DataFrame({
        "wave": 2026, "indicator": ["discr_ja"] * 3 + ["ub_any"], "breakdown": "gender",
        "group": ["man", "vrouw", "non-binair", "vrouw"], "diff": [-0.04, 0.03, 0.23, 0.06],
        "p": [0.001, 0.03, 0.0003, 0.001], "p_adj": [0.002, 0.06, 0.002, 0.004],
        "flags": ["", "", "", "small_n"]})
    frame = summary.standing_out_groups(contrasts, 0.05)
    # man is lower, vrouw not after correction, a flagged test does not count
    assert frame.values.tolist() == [["discr_ja", "gender", "non-binair"]]
    migration = contrasts.assign(breakdown="migratieachtergrond")
    assert summary.standing_out_groups(migration, 0.05).empty
