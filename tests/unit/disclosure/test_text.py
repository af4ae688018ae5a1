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


def test_rounding_words():
    assert "percentages op hele procenten" in describe_rules(DisclosureRules(round_percent=0))
    assert "percentages op 1 decimaal" in describe_rules(DisclosureRules(round_percent=1))
    assert "niet afgerond" in describe_rules(DisclosureRules(round_count=1))


def test_counts_sentence():
    text = describe_counts(SuppressionCounts(primary=1, secondary=0, group=0, dropped=2))
    assert text.startswith("In dit rapport zijn daardoor 1 cel niet getoond: 1 wegens")
    assert text.endswith("Daarnaast zijn 2 uitsplitsingen weggelaten.")


@pytest.mark.parametrize(("source", "unit", "threshold"),
                         [("survey", "respondenten", "10"), ("hr", "medewerkers", "12"),
                          ("cbs", "medewerkers", "250")])
def test_legend_per_source(source, unit, threshold):
    text = legend(DisclosureRules(hr_min_n=12), source)
    assert text.startswith(f"· = onderdrukt: te weinig {unit} (minder dan {threshold})")
    assert "herleidbaar uit andere cellen" in text
