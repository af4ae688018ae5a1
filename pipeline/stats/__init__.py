"""Survey statistics engine: weighting, replicate weights, estimates, comparisons.

Typical use by an analysis stage (``params`` read once in its ``main()``)::

    design = SurveyDesign.from_margins(survey, margins, params["weighting"], wave=2024)
    table = estimate_all(design, indicators, params["estimation"]["breakdowns"],
                         means=["ps_score"], two_way=[("herkomst", "gender")])
    tests = group_vs_rest(design, indicators, params["estimation"]["breakdowns"],
                          method=params["estimation"]["multiple_testing"])

See ``docs/statistics.md`` for the methods.
"""

from pipeline.stats.compare import adjust_pvalues, compare_waves, group_vs_rest
from pipeline.stats.design import SurveyDesign
from pipeline.stats.diagnostics import effective_n, kish_deff, response_rates, weight_summary
from pipeline.stats.errors import (
    ColumnError,
    EmptyCategoryError,
    MarginError,
    RakeConvergenceError,
    StatsError,
)
from pipeline.stats.estimate import COLUMNS, estimate_all
from pipeline.stats.indicators import any_above, indicator_equals, share_of_base
from pipeline.stats.intervals import korn_graubard_interval, proportion_interval, wilson_interval
from pipeline.stats.regression import odds_ratios
from pipeline.stats.replicates import ReplicateWeights, bootstrap_replicates
from pipeline.stats.scales import cronbach_alpha, reverse_items, scale_score
from pipeline.stats.weights import RakeResult, rake

__all__ = [
    "COLUMNS",
    "ColumnError",
    "EmptyCategoryError",
    "MarginError",
    "RakeConvergenceError",
    "RakeResult",
    "ReplicateWeights",
    "StatsError",
    "SurveyDesign",
    "adjust_pvalues",
    "any_above",
    "bootstrap_replicates",
    "compare_waves",
    "cronbach_alpha",
    "effective_n",
    "estimate_all",
    "group_vs_rest",
    "indicator_equals",
    "kish_deff",
    "korn_graubard_interval",
    "odds_ratios",
    "proportion_interval",
    "rake",
    "response_rates",
    "reverse_items",
    "scale_score",
    "share_of_base",
    "weight_summary",
    "wilson_interval",
]
