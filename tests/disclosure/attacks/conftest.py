"""Report sets to attack: the demo build, and the demo built with another seed.

``built`` (from ``tests/e2e/conftest.py``) regenerates dvc.yaml and runs ``dvc repro`` in the
project root. ``second_seed_reports`` copies the project's tracked files to a temporary folder
(as ``tests/e2e/test_independent_source.py`` does), links the environment, sets another
``seed`` in its params.yaml and runs ``make reports`` there.
"""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from tests.disclosure.attacks.pages import ReportSet, load_report_set
from tests.disclosure.attacks.rules import AttackRules
from tests.e2e.conftest import ROOT, built, copy_project  # noqa: F401  (session build)

SECOND_SEED = 42
KEY = "attack-suite-test-key-0123456789abcdef"


@pytest.fixture(scope="session")
def rules() -> AttackRules:
    """The rules the reports claim to respect (``disclosure:`` of params.yaml)."""
    return AttackRules.from_params(ROOT / "params.yaml")


@pytest.fixture(scope="session")
def demo_reports(built) -> ReportSet:  # noqa: F811
    """Every published table of the demo build (pages and downloads)."""
    return load_report_set(built, "demo")


@pytest.fixture(scope="session")
def second_seed_reports(tmp_path_factory) -> ReportSet:
    """The demo built from another seed in a copy of the project (``make reports``)."""
    project = tmp_path_factory.mktemp("second-seed")
    copy_project(project)
    path = project / "params.yaml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    params["seed"] = SECOND_SEED
    # the attacks read counts and percentages; fewer replicates only widen nothing they use
    params["weighting"]["replicates"] = 40
    path.write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project), "AIM_PSEUDO_KEY": KEY}
    env.pop("AIM_ROOT", None)
    env.pop("AIM_LOG_DIR", None)
    result = subprocess.run(["make", "-o", ".venv/.installed", "reports"], cwd=project,
                            env=env, capture_output=True, text=True, timeout=1800)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    return load_report_set(project, f"seed {SECOND_SEED}")
