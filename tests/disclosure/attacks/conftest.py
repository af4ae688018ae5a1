"""Report sets to attack: the demo build, and the demo built with another seed.

``built`` (from ``tests/e2e/conftest.py``) regenerates dvc.yaml and runs ``dvc repro`` in the
project root. ``second_seed_reports`` copies the project's tracked files to a temporary folder
(as ``tests/e2e/test_independent_source.py`` does), links the environment, sets another
``seed`` in its params.yaml and runs ``make reports`` there.
"""

from __future__ import annotations

import pytest

from tests.background import registry
from tests.disclosure.attacks import second_seed
from tests.disclosure.attacks.pages import ReportSet, load_report_set
from tests.disclosure.attacks.rules import AttackRules
from tests.e2e.conftest import ROOT, built  # noqa: F401  (session build)


@pytest.fixture(scope="session")
def rules() -> AttackRules:
    """The rules the reports claim to respect (``disclosure:`` of params.yaml)."""
    return AttackRules.from_params(ROOT / "params.yaml")


@pytest.fixture(scope="session")
def demo_reports(built) -> ReportSet:  # noqa: F811
    """Every published table of the demo build (pages and downloads)."""
    return load_report_set(built, "demo")


@pytest.fixture(scope="session")
def second_seed_reports(request) -> ReportSet:
    """The demo built from another seed in a copy of the project (``make reports``).

    The build was started in the background when the session began (``tests/conftest.py``);
    this waits for it.
    """
    build = registry(request.config)["builds"].get("second_seed_reports")
    if build is None:  # not started by the session hook (e.g. the fixture asked for directly)
        build = second_seed.start_second_seed()
        request.addfinalizer(build.cleanup)
    code, output = build.wait()
    assert code == 0, output[-4000:]
    return load_report_set(build.project, f"seed {second_seed.SECOND_SEED}")
