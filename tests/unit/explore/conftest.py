"""An explorer on a source the demo generator did not make (Havenstad's units, own draws)."""

import numpy as np
import pandas as pd
import pytest

from pipeline.disclosure.ledger import WaveLedger
from pipeline.disclosure.rules import DisclosureRules
from pipeline.explore import Explorer
from pipeline.stats.design import SurveyDesign
from tests.e2e.independent_source import CLUSTERS

N = 1500


@pytest.fixture(scope="module")
def havenstad() -> Explorer:
    """Respondents drawn here, unweighted, with an empty ledger (nothing published yet)."""
    rng = np.random.default_rng(16)
    frame = pd.DataFrame({
        "cluster": pd.array(rng.choice(CLUSTERS, N), dtype="string"),
        "gender": pd.array(rng.choice(["man", "vrouw", "non-binair"], N, p=[.48, .5, .02]),
                           dtype="string"),
        "herkomst": pd.array(rng.choice(["Nederland", "Europa", "Buiten-Europa"], N),
                             dtype="string"),
        "discr_ja": pd.array(rng.binomial(1, .15, N), dtype="Int64"),
        "ub_any": pd.array(rng.binomial(1, .5, N), dtype="Int64"),
        "ps_score": pd.array(np.round(rng.normal(4.7, .8, N), 2), dtype="Float64"),
    })
    ledger = WaveLedger(wave=2030, rules=DisclosureRules(), entries={}, unavailable={},
                        hidden_groups=frozenset(), hidden_keys=frozenset())
    params = {"waves": [2030], "estimation": {"alpha": 0.05, "small_n": 30,
                                              "min_expected": 10, "multiple_testing": "fdr_bh",
                                              "test_family": "table"}}
    return Explorer(2030, SurveyDesign.unweighted(frame, wave=2030), ledger, params)
