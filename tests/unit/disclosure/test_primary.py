from __future__ import annotations

import numpy as np
import pytest

from pipeline.disclosure import DisclosureInputError, DisclosureRules
from pipeline.disclosure.primary import primary_mask

RULES = DisclosureRules(survey_min_n=10, hr_min_n=15, cbs_min_n=250)


@pytest.mark.parametrize("source", ["survey", "hr", "cbs"])
@pytest.mark.parametrize(("offset", "hidden"), [(-1, True), (0, False), (1, False)])
def test_boundary_per_source(source, offset, hidden):
    threshold = RULES.min_n(source)
    assert primary_mask([threshold + offset], RULES, source).tolist() == [hidden]


def test_thresholds_differ_per_source():
    counts = [12, 200, 260]
    assert primary_mask(counts, RULES, "survey").tolist() == [False, False, False]
    assert primary_mask(counts, RULES, "hr").tolist() == [True, False, False]
    assert primary_mask(counts, RULES, "cbs").tolist() == [True, True, False]


def test_zero_and_missing_counts_are_hidden():
    assert primary_mask([0, np.nan], RULES, "survey").tolist() == [True, True]


def test_negative_counts_are_rejected():
    with pytest.raises(DisclosureInputError, match="counts"):
        primary_mask([5, -1], RULES, "survey")


def test_input_is_not_mutated():
    counts = np.array([3.0, 30.0])
    primary_mask(counts, RULES, "survey")
    assert counts.tolist() == [3.0, 30.0]
