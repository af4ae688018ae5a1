"""Issue 15 item 2: test families as a confirmatory study sets them.

The change of the headline totals since the previous wave is one small family (Holm); every
other comparison is exploratory (Benjamini-Hochberg) within one table: a set of related items
in one breakdown. Before, the headline change of unwanted behaviour (p = 0.001) was corrected
together with every breakdown of the indicator and called not significant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from pipeline.analysis import trend_stage
from pipeline.analysis.catalogue import CATALOGUE
from pipeline.stats.compare import CONFIRMATORY, assign_families, compare_waves
from pipeline.stats.errors import StatsError

HEADLINE = ("ub_any", "discr_ja", "discr_twijfel", "ub_seksuele_intimidatie")
SETS = {i.name: i.family for i in CATALOGUE}


def _wave(wave: int, shift: float) -> pd.DataFrame:
    """Totals of the headline and two grounds, and ub_any by 40 groups (a large family)."""
    rows = [("ub_any", "totaal", "totaal", 0.56 - shift, 0.007),
            ("discr_ja", "totaal", "totaal", 0.14 - shift / 2, 0.004),
            ("discr_twijfel", "totaal", "totaal", 0.12, 0.004),
            ("ub_seksuele_intimidatie", "totaal", "totaal", 0.06 - shift / 2, 0.003),
            ("discr_ground_herkomst", "totaal", "totaal", 0.40, 0.02),
            ("discr_ground_leeftijd", "totaal", "totaal", 0.20 + shift, 0.015)]
    rows += [("ub_any", "cluster", f"c{k:02d}", 0.56, 0.03) for k in range(40)]
    frame = pd.DataFrame(rows, columns=["indicator", "breakdown", "group", "estimate", "se"])
    return frame.assign(wave=wave, n=1000)


def _compare(**kwargs) -> pd.DataFrame:
    return compare_waves(_wave(2026, 0.026), _wave(2024, 0.0), set(SETS), **kwargs)


def test_the_headline_change_is_not_corrected_with_every_breakdown():
    old = _compare(method="holm", family="indicator")  # the design before issue 15
    new = _compare(method="fdr_bh", family="table", sets=SETS, confirmatory=HEADLINE,
                   confirmatory_method="holm")
    head_old = old.query("indicator == 'ub_any' and breakdown == 'totaal'").iloc[0]
    head_new = new.query("indicator == 'ub_any' and breakdown == 'totaal'").iloc[0]
    assert head_old["p"] < 0.01
    assert head_old["p_adj"] >= 0.05          # 41 tests in one Holm family: "not significant"
    assert head_new["p_adj"] < 0.05           # 4 headline tests in one Holm family
    confirmatory = new[new["family"] == CONFIRMATORY]
    assert sorted(confirmatory["indicator"]) == sorted(HEADLINE)
    assert (confirmatory["p_adj_method"] == "holm").all()
    np.testing.assert_allclose(confirmatory["p_adj"],
                               multipletests(confirmatory["p"], method="holm")[1])


def test_exploratory_families_are_one_table_each_with_benjamini_hochberg():
    out = _compare(method="fdr_bh", family="table", sets=SETS, confirmatory=HEADLINE)
    grounds = out[out["family"] == "gronden | totaal"]
    assert sorted(grounds["indicator"]) == ["discr_ground_herkomst", "discr_ground_leeftijd"]
    np.testing.assert_allclose(grounds["p_adj"], multipletests(grounds["p"], method="fdr_bh")[1])
    groups = out[out["family"] == "ongewenst_gedrag | cluster"]
    assert len(groups) == 40 and (groups["p_adj_method"] == "fdr_bh").all()
    np.testing.assert_allclose(groups["p_adj"], multipletests(groups["p"], method="fdr_bh")[1])


def test_table_family_needs_the_sets():
    with pytest.raises(StatsError, match="sets"):
        assign_families(pd.DataFrame({"indicator": ["a"], "breakdown": ["g"], "p": [0.1]}),
                        family="table")


def test_params_hold_the_confirmatory_study_design():
    params = trend_stage.load_params()
    est = params["estimation"]
    settings = trend_stage.family_settings(est)
    assert settings["confirmatory"] == HEADLINE
    assert settings["confirmatory_method"] == "holm"
    assert settings["method"] == "fdr_bh" and settings["family"] == "table"
    with pytest.raises(KeyError, match="nope"):
        trend_stage.family_settings({**est, "confirmatory": {"indicators": ["nope"]}})
