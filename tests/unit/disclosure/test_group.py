from __future__ import annotations

import pandas as pd
import pytest

from pipeline.disclosure import DisclosureInputError, DisclosureRules
from pipeline.disclosure.group import group_disclosure_mask

RULES = DisclosureRules(group_disclosure_max_n=50)


@pytest.mark.parametrize(("n", "flagged"), [(49, True), (50, False), (51, False)])
@pytest.mark.parametrize("extreme", ["none", "all"])
def test_boundary_of_group_size(n, flagged, extreme):
    n_pos = 0 if extreme == "none" else n
    mask = group_disclosure_mask(pd.Series([n]), pd.Series([n_pos]), RULES)
    assert mask.tolist() == [flagged]


@pytest.mark.parametrize("n_pos", [1, 11])
def test_non_extreme_proportions_are_shown(n_pos):
    assert group_disclosure_mask(pd.Series([12]), pd.Series([n_pos]), RULES).tolist() == [False]


def test_means_without_n_pos_are_never_flagged():
    mask = group_disclosure_mask(pd.Series([12]), pd.Series([pd.NA], dtype="Int64"), RULES)
    assert mask.tolist() == [False]


def test_index_is_kept():
    n = pd.Series([12, 60], index=[7, 9])
    mask = group_disclosure_mask(n, pd.Series([0, 0], index=[7, 9]), RULES)
    assert mask.to_dict() == {7: True, 9: False}


def test_n_pos_above_n_is_rejected():
    with pytest.raises(DisclosureInputError, match="n_pos"):
        group_disclosure_mask(pd.Series([10]), pd.Series([11]), RULES)
