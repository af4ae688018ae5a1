from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.disclosure import DisclosureRules, DisclosureRulesError
from pipeline.disclosure import rules as rules_module

PARAMS = Path(__file__).resolve().parents[3] / "params.yaml"


def test_defaults_are_the_named_constants():
    rules = DisclosureRules()
    assert rules.survey_min_n == rules_module.DEFAULT_SURVEY_MIN_N == 10
    assert rules.hr_min_n == rules_module.DEFAULT_HR_MIN_N == 10
    assert rules.cbs_min_n == rules_module.DEFAULT_CBS_MIN_N == 250
    assert rules.group_disclosure_max_n == rules_module.DEFAULT_GROUP_DISCLOSURE_MAX_N
    assert rules.min_numerator == rules_module.DEFAULT_MIN_NUMERATOR == 10
    assert rules.min_complement == rules_module.DEFAULT_MIN_COMPLEMENT == 10
    assert rules.min_breakdown_n == rules_module.DEFAULT_MIN_BREAKDOWN_N
    assert rules.round_percent == rules_module.DEFAULT_ROUND_PERCENT
    assert rules.round_count == rules_module.DEFAULT_ROUND_COUNT
    assert rules.protection_interval == rules_module.DEFAULT_PROTECTION_INTERVAL


def test_params_yaml_section_builds_rules_and_sets_every_key():
    section = yaml.safe_load(PARAMS.read_text())["disclosure"]
    rules = DisclosureRules.from_params(section)
    for key, value in section.items():
        assert getattr(rules, key) == value


def test_missing_keys_take_defaults():
    rules = DisclosureRules.from_params({"hr_min_n": 20})
    assert rules.hr_min_n == 20
    assert rules.survey_min_n == 10


def test_rules_are_frozen():
    with pytest.raises(AttributeError):
        DisclosureRules().survey_min_n = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("survey_min_n", 0),
        ("survey_min_n", -1),
        ("hr_min_n", 2.5),
        ("cbs_min_n", "250"),
        ("group_disclosure_max_n", True),
        ("min_breakdown_n", None),
        ("min_numerator", 0),
        ("min_numerator", 9.5),
        ("min_complement", -3),
        ("min_complement", "10"),
        ("round_count", 0),
        ("round_percent", -1),
        ("round_percent", 5),
        ("protection_interval", 0),
        ("protection_interval", float("nan")),
        ("protection_interval", "3"),
    ],
)
def test_bad_values_name_the_key_and_value(key, value):
    with pytest.raises(DisclosureRulesError) as info:
        DisclosureRules.from_params({key: value})
    assert f"disclosure.{key}" in str(info.value)
    assert repr(value)[:4] in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_key_is_named():
    with pytest.raises(DisclosureRulesError, match=r"disclosure\.min_count"):
        DisclosureRules.from_params({"min_count": 5})


def test_non_mapping_section_is_rejected():
    with pytest.raises(DisclosureRulesError, match="mapping"):
        DisclosureRules.from_params([10, 10])  # type: ignore[arg-type]


def test_numerator_thresholds_are_read_from_params():
    rules = DisclosureRules.from_params({"min_numerator": 5, "min_complement": 11})
    assert (rules.min_numerator, rules.min_complement) == (5, 11)


def test_params_yaml_sets_the_numerator_thresholds():
    section = yaml.safe_load(PARAMS.read_text())["disclosure"]
    assert section["min_numerator"] == 10 and section["min_complement"] == 10


def test_round_percent_zero_is_allowed():
    assert DisclosureRules(round_percent=0).round_percent == 0


@pytest.mark.parametrize(("source", "expected"), [("survey", 11), ("hr", 12), ("cbs", 300)])
def test_min_n_per_source(source, expected):
    rules = DisclosureRules(survey_min_n=11, hr_min_n=12, cbs_min_n=300)
    assert rules.min_n(source) == expected


def test_unknown_source_is_named():
    with pytest.raises(DisclosureRulesError, match="'payroll'"):
        DisclosureRules().min_n("payroll")
