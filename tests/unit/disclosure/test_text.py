from __future__ import annotations

import pytest

from pipeline.disclosure import DisclosureRules, SuppressionCounts, describe_counts, describe_rules
from pipeline.disclosure.text import legend


@pytest.mark.parametrize(
    "rules",
    [DisclosureRules(), DisclosureRules(survey_min_n=15, hr_min_n=20, cbs_min_n=1000,
                                        group_disclosure_max_n=75, min_breakdown_n=40,
                                        round_count=10, round_percent=1)],
)
def test_rules_sentence_takes_every_number_from_the_rules(rules):
    text = describe_rules(rules)
    assert f"minder dan {rules.survey_min_n} respondenten (enquête)" in text
    assert f"minder dan {rules.hr_min_n} medewerkers (HR-registratie)" in text
    cbs = f"{rules.cbs_min_n:,}".replace(",", ".")
    assert f"minder dan {cbs} medewerkers (CBS-tabellen)" in text
    assert f"groep van minder dan {rules.group_disclosure_max_n} respondenten" in text
    assert f"minder dan {rules.min_breakdown_n} respondenten in een meting" in text
    assert f"veelvouden van {rules.round_count}" in text
    assert (f"minstens {rules.min_numerator} respondenten (of medewerkers) de uitkomst hebben "
            f"en minstens {rules.min_complement} niet") in text


@pytest.mark.parametrize(("numerator", "complement", "phrase"), [
    (10, 10, "geen aantal onder de 10 prijsgeeft"),
    (7, 12, "geen aantal met de uitkomst onder de 7 of zonder onder de 12 prijsgeeft"),
])
def test_numerator_rule_sentence(numerator, complement, phrase):
    text = describe_rules(DisclosureRules(min_numerator=numerator, min_complement=complement))
    assert f"minstens {numerator} respondenten (of medewerkers) de uitkomst" in text
    assert f"en minstens {complement} niet" in text
    assert phrase in text
    assert "100% min de rest" in text  # distributions


@pytest.mark.parametrize("source", ["survey", "hr", "cbs"])
def test_legend_names_the_numerator_rule_for_percentages_only(source):
    rules = DisclosureRules(min_numerator=8, min_complement=12)
    unit = "respondenten" if source == "survey" else "medewerkers"
    bound = f"minder dan 8 {unit} met of minder dan 12 zonder de uitkomst"
    assert bound in legend(rules, source)
    assert bound not in legend(rules, source, percentages=False)
    same = legend(DisclosureRules(), source)
    assert f"minder dan 10 {unit} met of zonder de uitkomst prijsgeeft" in same


def test_rounding_words():
    assert "percentages op hele procenten" in describe_rules(DisclosureRules(round_percent=0))
    assert "percentages op 1 decimaal" in describe_rules(DisclosureRules(round_percent=1))
    assert "niet afgerond" in describe_rules(DisclosureRules(round_count=1))


def test_counts_sentence():
    text = describe_counts(SuppressionCounts(primary=1, secondary=0, group=0, dropped=2))
    assert text.startswith("In dit rapport zijn daardoor 1 cel niet getoond: 1 wegens")
    assert text.endswith("Daarnaast zijn 2 uitsplitsingen weggelaten.")


def test_counts_sentence_counts_the_numerator_rule():
    counts = SuppressionCounts(primary=1, numerator=3)
    assert counts.cells == 4
    assert (counts + SuppressionCounts(numerator=2)).numerator == 5
    text = describe_counts(counts)
    assert text.startswith("In dit rapport zijn daardoor 4 cellen niet getoond")
    assert "en 3 omdat het percentage een te klein aantal met of zonder de uitkomst" in text


@pytest.mark.parametrize(("source", "unit", "threshold"),
                         [("survey", "respondenten", "10"), ("hr", "medewerkers", "12"),
                          ("cbs", "medewerkers", "250")])
def test_legend_per_source(source, unit, threshold):
    text = legend(DisclosureRules(hr_min_n=12), source)
    assert text.startswith(f"· = onderdrukt: te weinig {unit} (minder dan {threshold})")
    assert "herleidbaar uit andere cellen" in text
