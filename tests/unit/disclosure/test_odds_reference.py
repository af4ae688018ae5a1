"""Issue 15: the reference group of an odds-ratio table reads "referentie", not "1,0"."""

import numpy as np
import pandas as pd

from pipeline.analysis.odds import odds_tidy
from pipeline.disclosure import DisclosureRules, publish_estimates
from pipeline.report.render import mark_numeric_columns


def _odds_table():
    odds = pd.DataFrame({"outcome": "ub_any", "term": ["gender[T.vrouw]", "gender[T.anders]"],
                         "odds_ratio": [1.2, 2.7], "ci_low": [1.1, 1.6], "ci_high": [1.3, 4.8],
                         "p": [0.01, 0.001]})
    estimates = pd.DataFrame({"indicator": "ub_any", "breakdown": "gender",
                              "group": ["anders", "man", "vrouw"], "n": [250, 2855, 3310]})
    tidy = odds_tidy(odds, estimates, 2024, {"gender": "man"})
    return publish_estimates(tidy, DisclosureRules(), name="odds-ub_any",
                             caption="Odds ratios voor ongewenst gedrag")


def test_reference_group_reads_referentie_with_no_interval():
    display = _odds_table().display.set_index("Groep")
    assert display.loc["man", "Odds ratio"] == "referentie"
    assert display.loc["man", "95%-interval"] == ""
    assert display.loc["vrouw", "Odds ratio"] == "1,2"
    assert display.loc["vrouw", "95%-interval"] == "1,1–1,3"
    assert "1,0" not in display["Odds ratio"].tolist()


def test_reference_keeps_its_number_for_figures_and_the_column_stays_numeric():
    table = _odds_table()
    data = table.data.set_index("group")
    assert data.loc["man", "estimate"] == 1.0 and np.isnan(data.loc["man", "ci_low"])
    html = mark_numeric_columns(table.to_html())
    assert '<th scope="col" class="num">Odds ratio</th>' in html
    assert '<td class="num">referentie</td>' in html
