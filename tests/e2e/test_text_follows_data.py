"""Issue 6: every number in the narrative is computed — change the seed, the text follows.

A second synthetic world (another seed) is written as processed tables into a temporary
project; the real estimates stage and the real prevalence notebook run on it. The headline
sentence must differ from the default world's and quote the new world's estimates.
"""

import shutil

import pandas as pd
import pytest
import yaml

import pipeline.config
from pipeline.ingest.derive import derive_hr, derive_origin
from pipeline.report.formats import pct
from pipeline.report.narrative import HEADLINE_PHRASES, headline
from pipeline.synth.main import hr_snapshot
from pipeline.synth.population import cached_workforce, population_with_outcomes
from pipeline.synth.survey import draw_wave
from tests.e2e.conftest import ROOT
from tests.e2e.inline import run_notebook_inline

OTHER_SEED, WAVE = 7, 2024


def _headline(root, monkeypatch):
    monkeypatch.setattr(pipeline.config, "ROOT", root)
    ns = run_notebook_inline(ROOT / "notebooks" / "prevalentie.ipynb",
                             {"wave": WAVE, "study": "herhaal"})
    return headline(ns["key"], HEADLINE_PHRASES), ns["report"].estimates


@pytest.fixture
def other_world(built, tmp_path):
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["seed"], params["weighting"]["replicates"] = OTHER_SEED, 10
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    (tmp_path / "config").symlink_to(ROOT / "config")
    processed = tmp_path / "data" / "processed"
    shutil.copytree(ROOT / "data" / "processed", processed,
                    ignore=shutil.ignore_patterns("notebooks", "survey_*", "hr.parquet"))
    survey = draw_wave(population_with_outcomes(OTHER_SEED, WAVE), WAVE, OTHER_SEED)
    survey = derive_origin(survey.drop(columns="person_id"))
    survey.to_parquet(processed / "demo" / f"survey_{WAVE}.parquet")
    hr = derive_hr(hr_snapshot(cached_workforce(OTHER_SEED), WAVE))
    hr.to_parquet(processed / "demo" / "hr.parquet")
    return tmp_path, params


def test_headline_changes_with_the_seed_and_quotes_the_new_estimates(built, other_world,
                                                                     monkeypatch):
    from pipeline.analysis.estimates_stage import run
    from pipeline.report.publication import main as publish

    default_text, _ = _headline(ROOT, monkeypatch)
    root, params = other_world
    monkeypatch.setattr(pipeline.config, "ROOT", root)
    run(params, WAVE)
    publish([])  # the notebooks render from the publication plan of the new estimates
    other_text, estimates = _headline(root, monkeypatch)
    assert other_text != default_text
    totals = estimates[estimates["breakdown"] == "totaal"].set_index("indicator")
    for indicator in ("ub_any", "discr_ja"):
        assert pct(totals.loc[indicator, "estimate"]) in other_text, indicator
    n = pd.read_parquet(root / "data/processed/demo" / f"survey_{WAVE}.parquet")["complete"].sum()
    assert f"{n:,}".replace(",", ".")[:-1] in other_text  # the count, rounded by the gate
