import doctest
import importlib
import pkgutil

import numpy as np
import pandas as pd
import pytest

import pipeline.stats
from pipeline.stats import StatsError, SurveyDesign


@pytest.mark.parametrize("module", [m.name for m in pkgutil.iter_modules(pipeline.stats.__path__)])
def test_docstring_examples_run(module):
    mod = importlib.import_module(f"pipeline.stats.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_from_margins_reads_params(respondents, margins):
    weighting = {"margins": ["cluster", "gender"], "trim_bounds": [0.3, 3.0], "max_iter": 100,
                 "tolerance": 1e-8, "replicates": 6, "missing_margin": "impute",
                 "collapse_below": 5, "fpc": "unit", "replicate_seed": 3}
    des = SurveyDesign.from_margins(respondents, margins, weighting, wave=2024)
    again = SurveyDesign.from_margins(respondents, margins, weighting, wave=2024)
    assert des.rake.encoded.names == ("cluster", "gender")
    assert des.n_replicates == 6 and des.replicates.seed == 3
    np.testing.assert_array_equal(des.replicates.weights, again.replicates.weights)
    assert des.weights.sum() == pytest.approx(20000.0)
    with pytest.raises(StatsError, match="no population totals"):
        SurveyDesign.from_margins(respondents, {}, weighting)


def test_design_validation_and_subset():
    df = pd.DataFrame({"y": [1, 0, 1]})
    with pytest.raises(StatsError, match="weights"):
        SurveyDesign(df, np.ones(2))
    with pytest.raises(StatsError, match="non-negative"):
        SurveyDesign(df, np.array([1.0, -1.0, 1.0]))
    des = SurveyDesign(df, np.array([1.0, 2.0, 3.0]))
    sub = des.subset(np.array([True, False, True]))
    assert sub.n == 2 and sub.weights.tolist() == [1.0, 3.0]
    with pytest.raises(StatsError, match="mask"):
        des.subset([True])
