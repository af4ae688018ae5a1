"""Issue 6: drop each optional canonical variable from a wave; the notebooks still run.

Each case copies the processed tables into a temporary project, removes the variable(s)
from the 2026 survey, recomputes the estimates (few replicates) and runs the survey
notebooks' code. The report must say the variable is missing, never crash. A dropped
weighting margin stops the estimates stage unless ``weighting.allow_missing_margins`` lets
the wave do without it: the cases set that allowance, and one test checks the stop.
"""

import shutil

import pandas as pd
import pytest
import yaml

import pipeline.config
from tests.e2e.conftest import ROOT
from tests.e2e.inline import run_notebook_inline

WAVE, STUDY = 2026, "monitor"
SECTIONS = ("respons", "prevalentie", "gronden")
CASES = {
    # a background variable and an outcome block per case: neither's code path depends on the
    # other, so each absence is still met on its own (six builds instead of twelve)
    "herkomst (geboortelanden); melden": ["country_self", "country_mother", "country_father",
                                          "herkomst", "migratieachtergrond", "told_"],
    "gender; psychologische veiligheid": ["gender", "ps"],
    "leeftijd; vormen van ongewenst gedrag": ["age_band", "ub_"],
    "salarisschaal; gronden en plegers": ["schaal_band", "discr_ground_", "discr_by_"],
    "cluster en directie; beperking en lhbtiq": ["cluster", "directie", "disability", "lhbtiq"],
    "leidinggevende, religie, opleiding; discriminatie": ["manager", "religion", "education",
                                                          "discr"],
}
MARGINS = ("cluster", "schaal_band", "age_band", "gender")


def _drop(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    cols = [c for c in frame.columns
            if c in names or any(n.endswith("_") and c.startswith(n) for n in names)
            or ("ps" in names and c.startswith("ps") and c[2:].isdigit())]
    return frame.drop(columns=cols)


@pytest.fixture
def project(built, tmp_path, monkeypatch):
    """A temporary project with the processed tables, few replicates, the real config."""
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["weighting"]["replicates"] = 10
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    (tmp_path / "config").symlink_to(ROOT / "config")
    (tmp_path / "notebooks").symlink_to(ROOT / "notebooks")
    processed = tmp_path / "data" / "processed"
    shutil.copytree(ROOT / "data" / "processed", processed,
                    ignore=shutil.ignore_patterns("notebooks"))
    monkeypatch.setattr(pipeline.config, "ROOT", tmp_path)
    return tmp_path, params


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_notebooks_run_without_the_variable(project, case):
    from pipeline.analysis.estimates_stage import run
    from pipeline.report.publication import main as publish

    root, params = project
    survey_path = root / "data/processed/demo" / f"survey_{WAVE}.parquet"
    survey = _drop(pd.read_parquet(survey_path), CASES[case])
    survey.to_parquet(survey_path)
    dropped = [m for m in MARGINS if m in CASES[case]]
    params["weighting"]["allow_missing_margins"] = {WAVE: dropped} if dropped else {}
    # plan only the sections run here (and the unit section where the units are dropped):
    # the other sections' tables have no code path on these variables and cost the planner
    params["report"]["sections"] = [*SECTIONS, *(["eenheden"] if "cluster" in CASES[case]
                                                 else [])]
    (root / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    report = run(params, WAVE)
    assert report["margins_missing"] == dropped
    publish([])  # the publication plan of every wave, from the recomputed estimates
    for section in SECTIONS:
        namespace = run_notebook_inline(ROOT / "notebooks" / f"{section}.ipynb",
                                        {"wave": WAVE, "study": STUDY})
        assert namespace["report"].ledger.section(section), section  # it published something
    estimates = pd.read_parquet(root / "data/processed/demo" / f"estimates_{WAVE}.parquet")
    gone = set(CASES[case]) & set(estimates["breakdown"])
    assert not gone


def test_a_missing_margin_stops_the_estimates_unless_allowed(project):
    from pipeline.analysis.design import DesignError
    from pipeline.analysis.estimates_stage import run

    root, params = project
    survey_path = root / "data/processed/demo" / f"survey_{WAVE}.parquet"
    _drop(pd.read_parquet(survey_path), ["cluster", "directie"]).to_parquet(survey_path)
    with pytest.raises(DesignError) as err:
        run(params, WAVE)
    message = str(err.value)
    assert "\n" not in message
    assert f"wave {WAVE}" in message and "'cluster'" in message
    assert "weighting.allow_missing_margins" in message
