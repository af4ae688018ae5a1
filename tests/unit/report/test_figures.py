"""Figures as inline SVG (issue 15): round ticks, alt text and table kept, same bytes each run."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.disclosure import DisclosureRules, publish_estimates
from pipeline.report import figures
from pipeline.report.figures import bar_figure

ROOT = Path(__file__).resolve().parents[3]


def _table(estimates: list[float], name: str = "discr-gender", ns: list[int] | None = None):
    groups = [f"groep {i + 1}" for i in range(len(estimates))]
    ns = ns or [500] * len(estimates)
    est = pd.DataFrame({"wave": 2024, "indicator": "discr_ja", "breakdown": "gender",
                        "group": groups, "estimate": estimates,
                        "ci_low": [max(e - 0.02, 0) for e in estimates],
                        "ci_high": [e + 0.02 for e in estimates],
                        "n": ns,
                        "n_pos": [round(e * n) for e, n in zip(estimates, ns, strict=True)]})
    return publish_estimates(est, DisclosureRules(), name=name, caption="Naar gender")


def _x_tick_labels(html: str) -> list[str]:
    """Texts of the x axis: the centred labels at the bottom of the plot."""
    return re.findall(r'text-anchor: middle[^>]*>([^<]*%)</text>', html)


def test_figure_is_an_inline_svg_with_its_alt_text_as_title():
    fig = bar_figure(_table([0.12, 0.16]), "discriminatie ervaren, naar gender")
    assert "data:image/png" not in fig.html and "<img" not in fig.html
    svg = re.search(r"<svg\b[^>]*>", fig.html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="fig-discr-gender-titel"' in svg
    title = re.search(r'<title id="fig-discr-gender-titel">([^<]*)</title>', fig.html)
    assert title and title.group(1) == fig.alt
    assert fig.alt.startswith("Staafdiagram: discriminatie ervaren, naar gender. Hoogste:")
    assert '<details><summary>Tabel bij deze figuur:' in fig.html
    assert 'data-disclosure="passed"' in fig.html  # the figure's table is kept


@pytest.mark.parametrize(("top", "expected"), [
    (0.183, ["0%", "5%", "10%", "15%", "20%", "25%"]),
    (0.56, ["0%", "20%", "40%", "60%", "80%"]),
    (0.045, ["0%", "2%", "4%", "6%", "8%", "10%"]),
])
def test_ticks_fall_at_round_steps(top, expected):
    """Today's ticks 0, 2, 5, 8, 10, 12, 15, 18% came from 2,5% steps printed as whole %."""
    fig = bar_figure(_table([top * 0.6, top]), "discriminatie ervaren, naar gender")
    labels = _x_tick_labels(fig.html)
    assert labels == expected
    values = [int(v.rstrip("%")) for v in labels]
    steps = {b - a for a, b in itertools.pairwise(values)}
    assert len(steps) == 1 and steps.pop() in {1, 2, 5, 10, 20, 25}


def test_percent_ticks_never_pass_100_and_always_reach_the_top():
    for top in [0.001, 0.03, 0.11, 0.249, 0.5, 0.87, 0.99, 1.0, 1.2]:
        ticks = figures.percent_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= min(top, 1.0) - 1e-9 and ticks[-1] <= 1.0
        assert len(ticks) <= 7


def test_two_figures_on_a_page_share_no_id():
    a = bar_figure(_table([0.1, 0.2], name="a"), "iets, naar gender").html
    b = bar_figure(_table([0.1, 0.2], name="b"), "iets, naar gender").html
    ids_a, ids_b = set(re.findall(r'\bid="([^"]+)"', a)), set(re.findall(r'\bid="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    for ref in re.findall(r'(?:url\(#|href="#)([^)"]+)', a):
        assert ref in ids_a  # every reference resolves inside its own figure


def test_svg_has_no_date_software_or_prologue():
    html = bar_figure(_table([0.1, 0.2]), "iets, naar gender").html
    for word in ("Matplotlib", "matplotlib", "<dc:date>", "<?xml", "<!DOCTYPE", "<metadata",
                 "<style", "<script", "http://www.w3.org/1999/02/22-rdf"):
        assert word not in html, word


def test_a_hidden_group_keeps_its_row_and_is_told_in_the_alt_text():
    fig = bar_figure(_table([0.12, 0.16, 0.2], ns=[400, 500, 3]), "iets, naar gender")
    assert "· niet getoond (privacy)" in fig.html
    assert re.search(r"\d groep\(en\) niet getoond vanwege privacy\.$", fig.alt)


_SCRIPT = """
import pandas as pd, sys
from pipeline.disclosure import DisclosureRules, publish_estimates
from pipeline.report.figures import bar_figure
est = pd.DataFrame({"wave": 2024, "indicator": "discr_ja", "breakdown": "gender",
                    "group": ["man", "vrouw", "anders"], "estimate": [0.123, 0.161, 0.2],
                    "ci_low": [0.1, 0.14, 0.1], "ci_high": [0.14, 0.18, 0.3],
                    "n": [400, 500, 60], "n_pos": [49, 80, 12]})
table = publish_estimates(est, DisclosureRules(), name="g", caption="Naar gender")
sys.stdout.write(bar_figure(table, "discriminatie ervaren, naar gender").html)
"""


def test_same_bytes_in_two_fresh_processes():
    """svg.hashsalt fixed and no clock: two interpreters (other hash seeds) write one SVG."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed,
               "SOURCE_DATE_EPOCH": seed}
        run = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=300, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] and "<svg" in outputs[0]


def test_a_cluster_without_a_shown_share_says_so_and_the_legend_survives_it():
    """Before: a hidden cluster was an empty row without a word, and the legend took its
    entries from the first row only (empty when that cluster was the hidden one)."""
    from pipeline.report.figures import cluster_target_figure

    groups = ["Klein", "Noord", "West", "Zuid"]
    shares = {"Klein": (0.2, 0.3), "Noord": (0.18, 0.21), "West": (0.2, 0.22),
              "Zuid": (0.2, 0.26)}
    ns = {"Klein": 6, "Noord": 400, "West": 300, "Zuid": 500}
    est = pd.DataFrame([{"wave": w, "indicator": "x", "breakdown": "cluster", "group": g,
                         "estimate": shares[g][k], "ci_low": float("nan"),
                         "ci_high": float("nan"), "n": ns[g], "n_pos": round(shares[g][k] * ns[g])}
                        for g in groups for k, w in enumerate((2024, 2026))])
    table = publish_estimates(est, DisclosureRules(), name="clusters-groei",
                              caption="Per cluster")
    hidden = sorted(set(table.data.loc[table.data["estimate"].isna(), "group"]))
    assert "Klein" in hidden
    required = {g: 1.25 * shares[g][0] for g in groups if g not in hidden}
    fig = cluster_target_figure(table, required, 2024, "aandeel vanaf schaal 12 per cluster")
    assert fig.html.count("geen getoond cijfer") == len(hidden)
    assert f"Zonder getoond cijfer: {', '.join(hidden)}." in fig.alt
    assert f"1 van de {len(groups)} clusters halen het doel" in fig.alt  # Zuid: 26% >= 25%
    for entry in ("doel", "2024", "2026"):
        assert re.search(rf">\s*{entry}\s*</text>", fig.html), entry
