"""weighting.herkomst_margin on the demo: the stages run and the weights meet the CBS totals.

The built demo's processed inputs are copied to a temporary project root (``AIM_ROOT``) with
``weighting.herkomst_margin: true``; the estimates stage of both waves and the publication
stage run there. The herkomst totals are recomputed here by hand from the CBS barometer and
the register (CBS share of each cluster, scaled to add to 1, times the cluster's staff at the
peildatum), not taken from the code.
"""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from tests.e2e.conftest import ROOT

HERKOMST = ["Nederland", "Europa", "Buiten-Europa"]


@pytest.fixture(scope="module")
def margin_root(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("herkomst_margin")
    shutil.copytree(ROOT / "config", root / "config")
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["weighting"]["herkomst_margin"] = True
    params["weighting"]["replicates"] = 20  # the weights do not depend on the replicates
    (root / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "data/processed/demo", root / "data/processed/demo",
                    ignore=shutil.ignore_patterns("logs", "notebooks"))
    env = {**os.environ, "AIM_ROOT": str(root), "PYTHONPATH": str(ROOT)}
    for args in (["pipeline.analysis.estimates_stage", "--wave", "2024"],
                 ["pipeline.analysis.estimates_stage", "--wave", "2026"],
                 ["pipeline.analysis.trend_stage"], ["pipeline.report.publication"]):
        run = subprocess.run([sys.executable, "-m", *args], cwd=root, env=env,
                             capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, (args, run.stderr[-2000:])
    return root


def _hand_totals(root, wave: int) -> pd.Series:
    from pipeline.analysis.design import register_at

    barometer = pd.read_parquet(root / "data/processed/demo/barometer.parquet")
    hr = pd.read_parquet(root / "data/processed/demo/hr.parquet")
    register = register_at(hr, pd.Timestamp(f"{wave}-12-31"))
    rows = barometer[(barometer["year"] == wave) & (barometer["schaal_band"] == "totaal")
                     & (barometer["scheme"] == "nieuw") & (barometer["unit"] != "organisatie")]
    shares = rows.pivot(index="unit", columns="herkomst", values="share")[HERKOMST]
    shares = shares.div(shares.sum(axis=1), axis=0)
    counts = register["cluster"].value_counts()
    return (shares.loc[counts.index].mul(counts.astype(float), axis=0)).sum()


@pytest.mark.parametrize("wave", [2024, 2026])
def test_weights_meet_the_cbs_totals(margin_root, wave):
    report = json.loads((margin_root / f"data/processed/demo/weighting_{wave}.json")
                        .read_text(encoding="utf-8"))
    assert report["herkomst_margin"]["used"] is True
    assert report["herkomst_margin"]["basis"] == "cluster"
    assert "herkomst" in report["margins_used"] and report["converged"]
    expected = _hand_totals(margin_root, wave)
    got = pd.Series(report["herkomst_margin"]["totals"])[HERKOMST]
    # the weighting report stores 9 significant digits
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-8)
    rows = pd.DataFrame(report["margins"]).query("margin == 'herkomst'").set_index("category")
    np.testing.assert_allclose(rows.loc[HERKOMST, "population"], expected.to_numpy(),
                               rtol=1e-8)
    # the comparison with the CBS is weighted without herkomst: not equal by construction
    total = [r for r in report["origin"]["shares"] if r["unit"] == "totaal"]
    assert len(total) == 3 and max(abs(r["estimate"] - expected[r["herkomst"]]
                                       / expected.sum()) for r in total) > 1e-4


@pytest.mark.parametrize("wave", [2024, 2026])
def test_weighted_herkomst_shares_equal_the_cbs_shares(margin_root, wave, monkeypatch):
    # the respondents with all five margins known are raked to the margins exactly (the
    # others get their weights by weighting.missing_margin: cell_average); their weighted
    # herkomst shares are the CBS-derived shares, and those of everyone with a known
    # herkomst are within half a point of them
    import pipeline.config
    from pipeline.analysis.wave import load_wave
    from pipeline.config import load_params

    monkeypatch.setattr(pipeline.config, "ROOT", margin_root)
    params = load_params(margin_root / "params.yaml")
    data = load_wave(params, wave)
    design = data.design({**params["weighting"], "replicates": 2})
    expected = _hand_totals(margin_root, wave)
    frame, w = design.data, design.weights
    columns = ["cluster", "schaal_band", "age_band", "gender_hr", "herkomst"]
    complete = frame[columns].notna().all(axis=1).to_numpy()
    shares = pd.Series(w[complete]).groupby(frame["herkomst"][complete].to_numpy()).sum()
    np.testing.assert_allclose((shares / shares.sum())[HERKOMST].to_numpy(),
                               (expected / expected.sum()).to_numpy(), atol=1e-6)
    known = frame["herkomst"].notna().to_numpy()
    shares = pd.Series(w[known]).groupby(frame["herkomst"][known].to_numpy()).sum()
    assert np.abs((shares / shares.sum())[HERKOMST].to_numpy()
                  - (expected / expected.sum()).to_numpy()).max() < 0.005


def test_the_ledger_publishes_the_herkomst_margin_and_the_comparison(margin_root):
    from pipeline.disclosure.ledger import read_wave_ledger
    from pipeline.report.context import weighting_method_text

    for wave in (2024, 2026):
        ledger = read_wave_ledger(margin_root / f"data/processed/demo/publication_{wave}.json")
        assert "weging-herkomst" in ledger.entries
        assert {"herkomst-enquete-cbs", "herkomst-cbs"} <= set(ledger.entries)
        report = json.loads((margin_root / f"data/processed/demo/weighting_{wave}.json")
                            .read_text(encoding="utf-8"))
        text = weighting_method_text(report, wave, ["cluster", "schaal_band"])
        assert "herkomst (CBS)" in text and "Herkomst is als extra wegingskenmerk" in text
        assert f"31 december {wave}" in text
